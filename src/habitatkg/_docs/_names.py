"""Namespaces and compact names (``hk:School``) shared by the documentation modules.

Example:
    >>> compact(HK + "School")
    'hk:School'
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

HK = "https://w3id.org/habitatkg/ontology#"
HKD = "https://w3id.org/habitatkg/data/"
SDG = "http://metadata.un.org/sdg/"
VANN = "http://purl.org/vocab/vann/"

#: Prefixes used to print IRIs compactly, in the order they are tried.
PREFIXES: dict[str, str] = {
    "hk": HK,
    "hkd": HKD,
    "ex": "https://w3id.org/habitatkg/example/",
    "sdgo": "http://metadata.un.org/sdg/ontology#",
    "sdg": SDG,
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": str(SKOS),
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": str(DCTERMS),
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vann": VANN,
    "sh": "http://www.w3.org/ns/shacl#",
    "hks": "https://w3id.org/habitatkg/shapes#",
}
#: External vocabularies whose terms count as alignments.
ALIGNMENT_PREFIXES = ("org", "prov", "skos", "dcterms", "schema", "foaf", "sdgo")


def prefix_of(iri: str) -> str | None:
    """The prefix whose namespace starts ``iri``, or ``None``.

    Args:
        iri: An IRI.

    Returns:
        The prefix such as ``"hk"``.

    Example:
        >>> prefix_of("http://www.w3.org/ns/org#Organization")
        'org'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return prefix
    return None


def compact(iri: str) -> str:
    """Print an IRI as ``prefix:local`` when a known prefix matches.

    Args:
        iri: An IRI.

    Returns:
        The compact form, or the IRI unchanged.

    Example:
        >>> compact("https://w3id.org/habitatkg/ontology#School")
        'hk:School'
    """
    prefix = prefix_of(iri)
    return f"{prefix}:{iri[len(PREFIXES[prefix]) :]}" if prefix else iri
