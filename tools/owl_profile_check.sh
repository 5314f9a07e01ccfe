#!/usr/bin/env bash
# Optional: check ontology/ against the OWL 2 DL profile with the OWL API (Java).
# Needs Debian's libowlapi-java (apt-get install libowlapi-java) and a JDK >= 11.
# The Python test tests/test_ontology.py is the gate; this is a second opinion.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f /usr/share/java/owlapi-distribution.jar ]; then
    echo "libowlapi-java is not installed: apt-get install libowlapi-java" >&2
    exit 2
fi
jars=(owlapi-distribution owlapi-api owlapi-apibinding owlapi-impl owlapi-parsers owlapi-oboformat
      owlapi-tools owlapi-rio guava caffeine commons-io commons-codec commons-rdf-api
      jsr305 hppcrt atinject-jsr330-api slf4j-api slf4j-nop xz jackson-core jackson-databind
      jackson-annotations jsonld-java httpclient httpcore commons-logging)
cp=""
for jar in "${jars[@]}"; do cp="$cp:/usr/share/java/$jar.jar"; done
for jar in /usr/share/java/rdf4j-*.jar; do cp="$cp:$jar"; done
shopt -s nullglob
imports=(ontology/imports/*.ttl)
exec java -cp "${cp#:}" tools/OwlProfileCheck.java "${imports[@]}" ontology/habitat.ttl
