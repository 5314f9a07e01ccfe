"""``habitatkg partners``: which partners support a capability in a school (question 1).

Example:
    >>> from habitatkg._cli import main
    >>> args = ["partners", "--capability", "Collaborative work", "--school", "Amado Nervo"]
    >>> main(args)  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from habitatkg._commands._common import (
    add_data_arguments,
    add_format_argument,
    load_kg,
    print_frame,
)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``partners``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "partners",
        help="which partners support a capability in a school (question 1)",
        description=(
            "List partner organizations that support a capability in a school, locality or year, "
            "through activities linking a partner, a school and a capability. Names are labels "
            "(English or Spanish; case and accents ignored) or IRIs. The curated data alone gives "
            "no rows: the sources do not link partners to schools; add the illustrative data or "
            "your own records with --data."
        ),
    )
    parser.add_argument(
        "--capability",
        metavar="CAPABILITY",
        help='e.g. "Collaborative work" or hk:CollaborativeWork',
    )
    parser.add_argument("--school", metavar="SCHOOL", help='e.g. "Amado Nervo"')
    parser.add_argument(
        "--locality",
        metavar="PLACE",
        help="only schools in this place (locality, municipality, state)",
    )
    parser.add_argument("--year", type=int, metavar="N", help="only activities of this year")
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the partners.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    kg = load_kg(args)
    frame = kg.partners_supporting(
        args.capability, school=args.school, locality=args.locality, year=args.year
    )
    columns = [
        "partner_label",
        "capability_label",
        "school_label",
        "activity_label",
        "year",
        "illustrative",
    ]
    if not frame.empty and frame["record"].notna().any():
        columns.append("record")  # rows imported from a spreadsheet: file, sheet, row
    if args.format != "table":
        columns = list(frame.columns)
    print_frame(
        frame[columns],
        args.format,
        empty="(no partner links: the curated sources do not link partners to schools; "
        "try --data examples/illustrative-partner-support.ttl)",
    )
    if args.format == "table" and not frame.empty and frame["illustrative"].any():
        print(
            "note: rows marked illustrative come from made-up example data, not from the sources",
            file=sys.stderr,
        )
    return 0
