"""Synthetic programme data for benchmarks: schools, partners and projects like the Social Model's.

The generator mimics the curated data's shape (``hk:School`` in ``hk:Locality`` in
``hk:Municipality`` in ``hk:State``, enrolment and staff as ``hk:Quantity`` nodes, partner
organizations, and ``hk:Project`` nodes linking partners, schools, capabilities, target groups,
years and methodology phases, each with labels in English and Spanish and an ``hk:source``),
at any scale. Everything is in the ``ex:`` namespace and marked ``hk:illustrative true``: it
is made up. Output is N-Triples, deterministic for a given seed.

Usage::

    python benchmarks/synth.py --triples 1000000 --out /tmp/synth-1m.nt

Example:
    >>> import io
    >>> buffer = io.StringIO()
    >>> stats = generate(buffer, triples=2000, seed=1)
    >>> 1500 < stats["triples"] < 2500
    True
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import TextIO

HK = "https://w3id.org/habitatkg/ontology#"
EX = "https://w3id.org/habitatkg/example/synth/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"

CAPABILITIES = [
    "PersonalCollectiveAndEnvironmentalCare",
    "EmpatheticAndEffectiveCommunication",
    "CollaborativeWork",
    "ManagementOfTransformationalProjects",
    "LearningToLearn",
]
PHASES = ["Identify", "Unite", "Organize", "Manage", "Recognize"]
GROUPS = [
    "StudentRole",
    "EducatorRole",
    "FamilyRole",
    "MotherRole",
    "PrincipalRole",
    "CommunityMemberRole",
    "ElderlyPersonRole",
    "YoungPersonRole",
]
LEVELS = ["PrePrimary", "Primary", "LowerSecondary", "UpperSecondary"]
ORG_KINDS = ["CivilSocietyOrganization", "University", "Company", "Foundation"]
TOPICS_EN = [
    "Reading circles",
    "School garden",
    "Peer tutoring",
    "Socio-emotional workshop",
    "STEM club",
    "Listening spaces",
    "Care brigade",
    "Community diagnosis",
    "Teacher mentoring",
    "Art murals",
]
TOPICS_ES = [
    "Círculos de lectura",
    "Huerto escolar",
    "Tutoría entre pares",
    "Taller socioemocional",
    "Club STEM",
    "Espacios de escucha",
    "Brigada de cuidado",
    "Diagnóstico comunitario",
    "Mentoría docente",
    "Murales",
]

#: Triples per project, including its share of schools (one per 3 projects) and partners (one
#: per 10 projects), measured on the output; used to size it.
_PER_PROJECT = 19.4


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def generate(out: TextIO, *, triples: int = 1_000_000, seed: int = 42) -> dict[str, int]:
    """Write about ``triples`` synthetic triples as N-Triples.

    Args:
        out: Text stream to write to.
        triples: Approximate number of triples wanted.
        seed: Random seed (same seed, same data).

    Returns:
        Counts: ``triples``, ``schools``, ``partners``, ``projects``, ``municipalities``.
    """
    rng = random.Random(seed)
    projects = max(10, int(triples / _PER_PROJECT))
    schools = max(3, projects // 3)
    partners = max(2, projects // 10)
    municipalities = max(1, schools // 12)
    states = max(1, municipalities // 10)
    count = 0

    def emit(s: str, p: str, o: str) -> None:
        nonlocal count
        out.write(f"{s} {p} {o} .\n")
        count += 1

    a, label, source = RDF_TYPE, LABEL, f"{HK}source"
    src = _iri(f"{EX}src-synthetic")
    emit(_iri(f"{EX}doc-synthetic"), _iri(a), _iri(f"{HK}Document"))
    emit(
        _iri(f"{EX}doc-synthetic"),
        _iri(label),
        _lit("Synthetic benchmark data (not from the sources)", "en"),
    )
    emit(src, _iri(a), _iri(f"{HK}SourceReference"))
    emit(src, _iri(f"{HK}inDocument"), _iri(f"{EX}doc-synthetic"))
    emit(src, _iri(f"{HK}section"), _lit("Synthetic"))
    for i in range(states):
        node = _iri(f"{EX}state-{i}")
        emit(node, _iri(a), _iri(f"{HK}State"))
        emit(node, _iri(label), _lit(f"State {i}", "en"))
    for i in range(municipalities):
        node = _iri(f"{EX}municipality-{i}")
        emit(node, _iri(a), _iri(f"{HK}Municipality"))
        emit(node, _iri(label), _lit(f"Municipality {i}", "en"))
        emit(node, _iri(f"{HK}locatedIn"), _iri(f"{EX}state-{i % states}"))
    for i in range(partners):
        node = _iri(f"{EX}org-{i}")
        emit(node, _iri(a), _iri(HK + rng.choice(ORG_KINDS)))
        emit(node, _iri(label), _lit(f"Partner organization {i}", "en"))
        emit(node, _iri(label), _lit(f"Organización aliada {i}", "es"))
        emit(node, _iri(f"{HK}illustrative"), _typed("true", "boolean"))
        emit(node, _iri(source), src)
    for i in range(schools):
        node = _iri(f"{EX}school-{i}")
        locality = _iri(f"{EX}locality-{i // 4}")
        if i % 4 == 0:
            emit(locality, _iri(a), _iri(f"{HK}Locality"))
            emit(locality, _iri(label), _lit(f"Locality {i // 4}", "en"))
            emit(
                locality,
                _iri(f"{HK}locatedIn"),
                _iri(f"{EX}municipality-{(i // 4) % municipalities}"),
            )
        name = f"Escuela {rng.choice(['Primaria', 'Secundaria', 'Preparatoria'])} {i}"
        emit(node, _iri(a), _iri(f"{HK}School"))
        emit(node, _iri(label), _lit(name, "en"))
        emit(node, _iri(label), _lit(name, "es"))
        emit(node, _iri(f"{HK}educationalLevel"), _iri(HK + rng.choice(LEVELS)))
        emit(node, _iri(f"{HK}locatedIn"), locality)
        emit(node, _iri(f"{HK}illustrative"), _typed("true", "boolean"))
        emit(node, _iri(source), src)
        for kind, value in (
            ("EnrolledStudents", rng.randint(150, 1500)),
            ("StaffCount", rng.randint(10, 120)),
        ):
            q = _iri(f"{EX}qty-{kind.lower()}-{i}")
            emit(q, _iri(a), _iri(f"{HK}Quantity"))
            emit(q, _iri(label), _lit(f"{kind} of school {i}, 2021-2022", "en"))
            emit(q, _iri(f"{HK}quantityOf"), node)
            emit(q, _iri(f"{HK}quantityKind"), _iri(HK + kind))
            emit(q, _iri(f"{HK}value"), _typed(value, "decimal"))
            emit(q, _iri(f"{HK}period"), _lit("2021-2022"))
            emit(q, _iri(source), src)
    for i in range(projects):
        node = _iri(f"{EX}project-{i}")
        topic = rng.randrange(len(TOPICS_EN))
        emit(node, _iri(a), _iri(f"{HK}Project"))
        emit(node, _iri(label), _lit(f"{TOPICS_EN[topic]} {i}", "en"))
        emit(node, _iri(label), _lit(f"{TOPICS_ES[topic]} {i}", "es"))
        for partner in rng.sample(range(partners), k=min(partners, rng.choice((1, 1, 1, 2)))):
            emit(node, _iri(f"{HK}hasPartner"), _iri(f"{EX}org-{partner}"))
        school = rng.randrange(schools)
        emit(node, _iri(f"{HK}atSchool"), _iri(f"{EX}school-{school}"))
        for capability in rng.sample(CAPABILITIES, k=rng.choice((1, 1, 2))):
            emit(node, _iri(f"{HK}addressesCapability"), _iri(HK + capability))
        emit(node, _iri(f"{HK}targetGroup"), _iri(HK + rng.choice(GROUPS)))
        emit(node, _iri(f"{HK}year"), _typed(rng.randint(2018, 2023), "integer"))
        emit(node, _iri(f"{HK}inPhase"), _iri(HK + rng.choice(PHASES)))
        emit(node, _iri(f"{HK}illustrative"), _typed("true", "boolean"))
        emit(node, _iri(source), src)
    return {
        "triples": count,
        "schools": schools,
        "partners": partners,
        "projects": projects,
        "municipalities": municipalities,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: write synthetic N-Triples.

    Args:
        argv: Arguments (``--triples N --out FILE --seed S``).

    Returns:
        Exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with args.out.open("w", encoding="utf-8") as handle:
        stats = generate(handle, triples=args.triples, seed=args.seed)
    print(stats, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
