"""``habitatkg query FILE_OR_TEXT``: run SPARQL (a file, a packaged query's name, or text).

Prefixes ``hk hkd ex sdg sdgo skos rdfs rdf owl xsd prov org dcterms schema foaf`` are
pre-bound. ``--bind NAME=VALUE`` binds ``?NAME`` as a value (never as query text), read
exactly as :meth:`habitatkg.KnowledgeGraph.query` reads a ``str`` keyword argument: an IRI
(``hkd:school-amado-nervo``, ``<https://...>``), a number, ``true``/``false``, a quoted
string (``'"text"'`` or ``'"texto"@es'``), or a label, resolved to its node. Updates, unknown
prefixes and ``SERVICE`` (unless ``--allow-service``) are refused with one line; an ``hk:``
term the ontology lacks is a warning.

Example:
    >>> from habitatkg._cli import main
    >>> main(["query", "ASK { hk:Recognize hk:nextPhase hk:Identify }"])  # doctest: +SKIP
    true
    0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from habitatkg._commands._common import (
    add_data_arguments,
    add_format_argument,
    load_kg,
    print_frame,
)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``query``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "query",
        help="run a SPARQL query (a .rq file, a packaged query's name, or text)",
        description=(
            "Run a SPARQL query on the knowledge graph (packaged ontology and curated data, plus "
            "--data files). FILE_OR_TEXT is a .rq file, the name of a packaged query "
            "(partners_supporting, reach, guideline_targets, activities_by_capability, "
            "coverage_gaps, partner_network, phase_order, provenance, common_ground, ...), SPARQL "
            "text, or - for standard input. SERVICE is refused unless --allow-service is given."
        ),
    )
    parser.add_argument(
        "query", metavar="FILE_OR_TEXT", help="a .rq file, a packaged query name, SPARQL text, or -"
    )
    parser.add_argument(
        "--bind",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help=(
            "bind ?NAME to VALUE (an IRI, number, true/false, quoted string, or a label); "
            "repeatable"
        ),
    )
    parser.add_argument(
        "--labels", action="store_true", help="add a label column after each column of IRIs"
    )
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="allow SERVICE (calls to other SPARQL endpoints)",
    )
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def _query_text(value: str) -> str:
    if value == "-":
        return sys.stdin.read()
    candidate = Path(value)
    if value.endswith(".rq") or (len(value) < 4096 and "\n" not in value and candidate.is_file()):
        if not candidate.is_file():
            from habitatkg._errors import QueryError

            raise QueryError(f"no such query file: {value}")
        return candidate.read_text(encoding="utf-8")
    return value


def run(args: argparse.Namespace) -> int:
    """Run the query and print its rows.

    Args:
        args: Parsed arguments.

    Returns:
        0, or 1 when an ``ASK`` query answers false.
    """
    import warnings

    from habitatkg._sparql import split_binding

    kg = load_kg(args)
    bindings = dict(split_binding(text) for text in args.bind)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = kg.query(
            _query_text(args.query), allow_service=True if args.allow_service else None, **bindings
        )
    for warning in caught:
        print(f"habitatkg query: warning: {warning.message}", file=sys.stderr)
    if result.kind == "ask":
        text = "true" if result.boolean else "false"
        print(f"answer\n{text}" if args.format == "csv" else text)
        return 0 if result.boolean else 1
    if args.format == "json":
        print(result.to_json())
        return 0
    print_frame(result.to_dataframe(labels=args.labels), args.format)
    return 0
