"""``habitatkg export OUT``: write the knowledge graph as Turtle, N-Triples, JSON-LD or GraphML.

Example:
    >>> from habitatkg._cli import main
    >>> main(["export", "--format", "ttl", "habitatkg.ttl"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from habitatkg._commands._common import add_data_arguments, load_kg


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``export``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help=(
            "write the graph as Turtle, N-Triples, JSON-LD or GraphML, one CSV per packaged "
            "query, or the records in the spreadsheet template (xlsx)"
        ),
        description=(
            "Write the knowledge graph (packaged ontology and data, plus --data files) to OUT. "
            "JSON-LD is compacted with habitatkg's context, embedded so the file reads back "
            "offline. GraphML writes a network view (--view partners, partner-school, guidelines "
            "or rdf). --format csv writes one CSV per packaged query into the folder OUT."
        ),
    )
    parser.add_argument(
        "out", metavar="OUT", type=Path, help="output file (or folder, for --format csv)"
    )
    parser.add_argument(
        "--format",
        choices=("ttl", "nt", "jsonld", "graphml", "csv", "xlsx"),
        help="default: from OUT's extension",
    )
    parser.add_argument(
        "--view",
        default="partners",
        choices=("partners", "partner-school", "guidelines", "rdf"),
        help="network view for GraphML (default: partners)",
    )
    add_data_arguments(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the file(s) and print what was written.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    from habitatkg._errors import HabitatKGError
    from habitatkg._export import export, export_queries

    kg = load_kg(args)
    if args.format == "xlsx" or (args.format is None and args.out.suffix.lower() == ".xlsx"):
        from habitatkg._sheets import export_workbook  # the records template, filled

        print(export_workbook(kg, args.out))
        return 0
    if args.format == "csv":
        for path in export_queries(kg, args.out):
            print(path)
        return 0
    try:
        print(export(kg, args.out, format=args.format, view=args.view))
    except ValueError as exc:
        raise HabitatKGError(str(exc)) from exc
    return 0
