"""``habitatkg provenance ENTITY``: where a fact comes from (question 8).

Example:
    >>> from habitatkg._cli import main
    >>> main(["provenance", "Escuela Primaria Amado Nervo"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
from typing import Any

from habitatkg._commands._common import (
    add_data_arguments,
    add_format_argument,
    load_kg,
    print_frame,
)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``provenance``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "provenance",
        help="where a node or statement comes from: document, section, page (question 8)",
        description=(
            "Print the source references of a node (a label or an IRI): the document, the chapter,"
            " table or box, and the page. With PREDICATE and OBJECT, first check that the "
            "statement is in the graph; a statement comes from the sources of its subject."
        ),
    )
    parser.add_argument(
        "entity",
        metavar="ENTITY",
        help='a label ("Amado Nervo") or an IRI (hkd:school-amado-nervo)',
    )
    parser.add_argument(
        "predicate",
        metavar="PREDICATE",
        nargs="?",
        help="optional: a property, e.g. hk:educationalLevel",
    )
    parser.add_argument(
        "object",
        metavar="OBJECT",
        nargs="?",
        help="optional: the statement's object (IRI, label or value)",
    )
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the provenance.

    Args:
        args: Parsed arguments.

    Returns:
        0, or 1 when no source is recorded.
    """
    kg = load_kg(args)
    if args.predicate is not None:
        if args.object is None:
            from habitatkg._errors import QueryError

            raise QueryError("give both PREDICATE and OBJECT, or neither")
        obj: object = int(args.object) if args.object.lstrip("-").isdigit() else args.object
        provenance = kg.provenance((args.entity, args.predicate, obj))
    else:
        provenance = kg.provenance(args.entity)
    if args.format == "table":
        print(repr(provenance))
    else:
        print_frame(provenance.to_dataframe(), args.format)
    return 0 if provenance.sources else 1
