"""``habitatkg export OUT``: write the knowledge graph as Turtle, N-Triples, JSON-LD or GraphML.

OUT is written atomically (a temporary file renamed into place: never half-written) and an
existing OUT is refused unless ``--force`` (with ``--format csv``: existing CSV files of the
same names). Exit code 2 with one line on standard error when OUT cannot be used.

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
            "write the graph as Turtle, N-Triples, JSON-LD or GraphML, or one CSV per packaged "
            "query"
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
        choices=("ttl", "nt", "jsonld", "graphml", "csv"),
        help="default: from OUT's extension",
    )
    parser.add_argument(
        "--view",
        default="partners",
        choices=("partners", "partner-school", "guidelines", "rdf"),
        help="network view for GraphML (default: partners)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace OUT if it exists (it is always replaced whole, never left half-written)",
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
    from habitatkg._atomic import check_output_path
    from habitatkg._errors import UnknownFormatError
    from habitatkg._export import EXPORT_FORMATS, export, export_queries

    out: Path = args.out
    fmt = args.format
    if fmt is None:
        fmt = next((n for n, ext in EXPORT_FORMATS.items() if out.suffix.lower() in ext), None)
        if fmt is None:
            raise UnknownFormatError(
                f"cannot tell the export format from {out.name!r}; pass --format "
                f"({', '.join([*EXPORT_FORMATS, 'csv'])}; csv writes a folder of CSV files)"
            )
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            check_output_path(out / "x.csv")  # names the problem: OUT is a file
        kg = load_kg(args)
        for path in export_queries(kg, out, overwrite=args.force):
            print(path)
        return 0
    check_output_path(out, overwrite=args.force)  # before the (slow) load
    kg = load_kg(args)
    print(export(kg, out, format=fmt, view=args.view, overwrite=args.force))
    return 0
