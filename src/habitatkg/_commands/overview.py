"""``habitatkg overview``: load the knowledge graph, validate it and print a short overview.

This is the main job of the package (the first command of the README): it loads the
packaged ontology and curated data (plus any ``--data`` files), checks them against the
SHACL shapes, counts the entries of each kind and answers a few of the domain's questions.
Exit code 0 when the data conforms, 1 when it has violations, 2 when a file is unusable.

Example:
    >>> from habitatkg._cli import main
    >>> main(["overview"])  # doctest: +SKIP
    habitatkg 0.1.0: ...
    0
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from habitatkg._commands._common import add_data_arguments, load_kg

if TYPE_CHECKING:  # pragma: no cover
    from habitatkg._kg import KnowledgeGraph

#: (heading, class local names) counted in the overview, in this order.
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("initiatives", ("Initiative",)),
    ("schools", ("School",)),
    ("school complexes", ("SchoolComplex",)),
    ("other organizations", ("Organization",)),
    ("people", ("Person",)),
    ("places", ("Place",)),
    ("other projects and activities", ("Activity",)),
    ("infrastructure innovations", ("InfrastructureInnovation",)),
    ("challenges and lines of action", ("Challenge", "LineOfAction")),
    ("quantities", ("Quantity",)),
    ("documents", ("Document",)),
    ("source references", ("SourceReference",)),
)

_COUNT = """
SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?class { CLASSES }
  ?x a ?type . ?type rdfs:subClassOf* ?class .
  FILTER NOT EXISTS { ?x a ?schoolish . VALUES ?schoolish { EXCLUDED } }
}"""

#: Kinds counted on their own lines, so not again under their superclass.
_EXCLUDED = {"Organization": "hk:School hk:SchoolComplex", "Activity": "hk:Initiative"}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``overview``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "overview",
        help="load and validate the knowledge graph, then print counts and a few answers",
        description=(
            "Load the packaged ontology and curated data (and your --data files), validate "
            "them against the SHACL shapes, and print the number of entries of each kind and "
            "the answers to a few questions. Exit code 0: the data conforms; 1: violations; "
            "2: a file cannot be used."
        ),
    )
    add_data_arguments(parser)
    parser.set_defaults(run=run)
    return parser


def counts(kg: KnowledgeGraph) -> dict[str, int]:
    """Count the entries of each kind in :data:`KINDS` (subclasses included).

    Args:
        kg: The knowledge graph.

    Returns:
        Heading to count, in the order of :data:`KINDS`.
    """
    found: dict[str, int] = {}
    for heading, classes in KINDS:
        values = " ".join(f"hk:{name}" for name in classes)
        excluded = " ".join(_EXCLUDED.get(name, "") for name in classes).strip() or "hk:Nothing"
        result = kg.query(_COUNT.replace("CLASSES", values).replace("EXCLUDED", excluded))
        found[heading] = int(result.rows[0][0]) if result.rows else 0
    return found


def run(args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    """Load, validate and print the overview.

    Args:
        args: Parsed arguments (``data``, ``no_packaged``).
        out: Stream to print to (standard output by default).

    Returns:
        0 when the data conforms, 1 when it has violations.
    """
    from habitatkg import __version__

    stream = out or sys.stdout
    kg = load_kg(args)
    report = kg.validate()
    write = stream.write
    write(f"habitatkg {__version__}: {len(kg):,} triples from {len(kg.files)} files\n")
    verdict = "the data conforms" if report.conforms else "the data does NOT conform"
    write(f"Validation: {verdict} ({report.summary()})\n")
    if not report.conforms:
        write("Run `habitatkg validate` to see every problem and how to fix it.\n")
    write("\nEntries by kind\n")
    for heading, number in counts(kg).items():
        write(f"  {heading:<32}{number:>6}\n")
    _answers(kg, write)
    return 0 if report.conforms else 1


def _answers(kg: KnowledgeGraph, write: Any) -> None:
    write("\nWhich schools and students does the Social Model reach? (question 2)\n")
    import warnings

    from habitatkg._answers import AnswerNote

    with warnings.catch_warnings(record=True) as notes:
        warnings.simplefilter("always", AnswerNote)
        totals = kg.reach(totals=True)
    for row in totals.itertuples(index=False):
        record = row._asdict()
        name = record.get("locality_label") or "Total"
        students, staff = _number(record.get("students")), _number(record.get("staff"))
        schools = int(record.get("schools", 0))
        write(f"  {name:<32}{schools:>4} schools{students:>8} students{staff:>6} staff\n")
    for note in notes:
        write(f"  ({note.message})\n")
    write("\nWhich SDG targets does each strategic guideline serve? (question 3)\n")
    targets = kg.sdg_targets()
    for (order, label), group in targets.groupby(["guideline_order", "guideline_label"], sort=True):
        notations = ", ".join(str(t) for t in group["target_notation"])
        write(f"  {int(order)}. {label}: {notations}\n")
    write("\nIn which order do the methodology's phases run? (question 7)\n")
    phases = [phase.label for phase in kg.phases()]
    if phases:
        write("  " + " -> ".join([*phases, phases[0]]) + " (a cycle)\n")
    write("\nThe five capabilities (chapter II.C.1)\n")
    for capability in kg.capabilities():
        write(f"  - {capability.label}\n")
    from habitatkg._kg import KnowledgeGraph as _KG

    names = ", ".join(_KG.query_names())
    write(
        "\nMore: `habitatkg --help`, `habitatkg validate`, `habitatkg query NAME` with a "
        f"packaged query's NAME: {names}.\n"
    )


def _number(value: Any) -> str:
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return "-"
