"""Benchmark of SHACL validation (a script, not a test): time and peak memory.

Validates (1) the curated dataset (data/*.ttl) and (2) synthetic data of about 10k and 100k
triples that conforms to the shapes (schools in localities, municipalities and states, their
enrolment and staff as quantities, partner organizations and projects, all in the ex:
namespace, marked illustrative and sourced), and prints, for each run, the number of triples,
the wall time, the peak Python memory (tracemalloc), the growth of the process's maximum
resident set size (resource.getrusage), the number of results, and the ratio of time and
memory to the curated run.

Usage::

    PYTHONPATH=src python benchmarks/bench_validate.py [--sizes 10000 100000] [--no-tracemalloc]

tracemalloc slows Python code down (about 1.5-2x); ``--no-tracemalloc`` measures time alone.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
EX = rdflib.Namespace("https://w3id.org/habitatkg/example/bench/")

CAPABILITIES = (
    "PersonalCollectiveAndEnvironmentalCare",
    "EmpatheticAndEffectiveCommunication",
    "CollaborativeWork",
    "ManagementOfTransformationalProjects",
    "LearningToLearn",
)
PHASES = ("Identify", "Unite", "Organize", "Manage", "Recognize")
GROUPS = (
    "StudentRole",
    "EducatorRole",
    "FamilyRole",
    "MotherRole",
    "PrincipalRole",
    "CommunityMemberRole",
)
LEVELS = ("PrePrimary", "Primary", "LowerSecondary", "UpperSecondary")
ORG_KINDS = ("CivilSocietyOrganization", "University", "Company", "Foundation")
#: Triples per project with its share of schools (1 per 3 projects), quantities and partners.
_PER_PROJECT = 22.0


def synthetic_graph(triples: int, *, seed: int = 7) -> rdflib.Graph:
    """About ``triples`` triples of made-up programme data that conforms to the shapes.

    Args:
        triples: Approximate size wanted.
        seed: Random seed (same seed, same graph).

    Returns:
        The graph.
    """
    rng = random.Random(seed)
    g = rdflib.Graph()
    projects = max(10, int(triples / _PER_PROJECT))
    schools = max(3, projects // 3)
    partners = max(2, projects // 10)
    municipalities = max(1, schools // 12)
    states = max(1, municipalities // 10)
    yes = Literal(True)

    def node(iri: URIRef, kind: str, en: str, es: str | None = None) -> URIRef:
        g.add((iri, RDF.type, HK[kind]))
        g.add((iri, RDFS.label, Literal(en, lang="en")))
        if es is not None:
            g.add((iri, RDFS.label, Literal(es, lang="es")))
        g.add((iri, HK.illustrative, yes))
        g.add((iri, HK.source, EX["src-bench"]))
        return iri

    node(EX["doc-bench"], "Document", "Synthetic benchmark data (not from the sources)")
    src = EX["src-bench"]
    g.add((src, RDF.type, HK.SourceReference))
    g.add((src, RDFS.label, Literal("Synthetic benchmark data", lang="en")))
    g.add((src, HK.inDocument, EX["doc-bench"]))
    g.add((src, HK.section, Literal("Synthetic")))
    g.add((src, HK.illustrative, yes))
    for i in range(states):
        state = node(EX[f"state-{i}"], "State", f"State {i}", f"Estado {i}")
        g.add((state, HK.inegiCode, Literal(f"{i % 90 + 10:02d}")))
    for i in range(municipalities):
        mun = node(EX[f"municipality-{i}"], "Municipality", f"Municipality {i}", f"Municipio {i}")
        g.add((mun, HK.locatedIn, EX[f"state-{i % states}"]))
        g.add((mun, HK.inegiCode, Literal(f"{i % states % 90 + 10:02d}{i % 1000:03d}")))
    for i in range(partners):
        node(
            EX[f"org-{i}"],
            rng.choice(ORG_KINDS),
            f"Partner organization {i}",
            f"Organización aliada {i}",
        )
    for i in range(schools):
        locality = EX[f"locality-{i // 4}"]
        if i % 4 == 0:
            node(locality, "Locality", f"Locality {i // 4}", f"Localidad {i // 4}")
            g.add((locality, HK.locatedIn, EX[f"municipality-{(i // 4) % municipalities}"]))
        name = f"Escuela {rng.choice(['Primaria', 'Secundaria', 'Preparatoria'])} {i}"
        school = node(EX[f"school-{i}"], "School", name, name)
        g.add((school, HK.educationalLevel, HK[rng.choice(LEVELS)]))
        g.add((school, HK.locatedIn, locality))
        for kind, unit, value in (
            ("EnrolledStudents", "students", rng.randint(150, 1500)),
            ("StaffCount", "people", rng.randint(10, 120)),
        ):
            q = node(EX[f"qty-{kind.lower()}-{i}"], "Quantity", f"{kind} of school {i}, 2021-2022")
            g.add((q, HK.quantityOf, school))
            g.add((q, HK.quantityKind, HK[kind]))
            g.add((q, HK.value, Literal(Decimal(value))))
            g.add((q, HK.unit, Literal(unit)))
            g.add((q, HK.period, Literal("2021-2022")))
            g.add((q, HK.qualifier, HK.Exact))
    for i in range(projects):
        project = node(EX[f"project-{i}"], "Project", f"Project {i}", f"Proyecto {i}")
        for partner in rng.sample(range(partners), k=min(partners, rng.choice((1, 1, 2)))):
            g.add((project, HK.hasPartner, EX[f"org-{partner}"]))
        g.add((project, HK.atSchool, EX[f"school-{rng.randrange(schools)}"]))
        for capability in rng.sample(CAPABILITIES, k=rng.choice((1, 2))):
            g.add((project, HK.addressesCapability, HK[capability]))
        g.add((project, HK.targetGroup, HK[rng.choice(GROUPS)]))
        g.add((project, HK.year, Literal(rng.randint(2018, 2023))))
        g.add((project, HK.inPhase, HK[rng.choice(PHASES)]))
    return g


@dataclass
class Run:
    """One measured validation."""

    name: str
    triples: int
    seconds: float
    peak_mib: float | None
    rss_growth_mib: float
    violations: int
    warnings: int
    infos: int


def _max_rss_mib() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / (1024 * 1024) if sys.platform == "darwin" else usage / 1024


def measure(name: str, make: Callable[[], rdflib.Graph], *, trace: bool) -> Run:
    """Validate the graph ``make()`` returns and measure time and memory of the validation alone."""
    from habitatkg._validate import validate_graph

    data = make()
    gc.collect()
    rss_before = _max_rss_mib()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    report = validate_graph(data)
    seconds = time.perf_counter() - start
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
    return Run(
        name,
        len(data),
        seconds,
        peak,
        _max_rss_mib() - rss_before,
        len(report.violations),
        len(report.warnings),
        len(report.infos),
    )


def _curated() -> rdflib.Graph:
    from habitatkg import _load, _paths

    return _load.read_rdf_files(list(_paths.data_files()))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table.

    Args:
        argv: Command-line arguments.

    Returns:
        0.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-tracemalloc", action="store_true")
    args = parser.parse_args(argv)
    trace = not args.no_tracemalloc
    runs = [measure("curated data/*.ttl", _curated, trace=trace)]
    for size in args.sizes:
        runs.append(
            measure(f"synthetic ~{size:,}", lambda size=size: synthetic_graph(size), trace=trace)
        )
    base = runs[0]
    print(
        f"{'run':<22} {'triples':>8} {'time s':>8} {'x time':>7} {'peak MiB':>9} {'x mem':>6} "
        f"{'RSS+ MiB':>9} {'viol.':>5} {'warn.':>5} {'info':>5}"
    )
    for run in runs:
        peak = f"{run.peak_mib:9.1f}" if run.peak_mib is not None else f"{'-':>9}"
        mem_ratio = (
            f"{run.peak_mib / base.peak_mib:6.1f}"
            if run.peak_mib and base.peak_mib
            else f"{'-':>6}"
        )
        print(
            f"{run.name:<22} {run.triples:>8,} {run.seconds:8.2f} "
            f"{run.seconds / base.seconds:7.1f} {peak} {mem_ratio} {run.rss_growth_mib:9.1f} "
            f"{run.violations:>5} {run.warnings:>5} {run.infos:>5}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
