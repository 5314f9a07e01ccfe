"""``habitatkg reach``: schools, levels, students and staff per municipality (question 2).

Example:
    >>> from habitatkg._cli import main
    >>> main(["reach", "--locality", "Ecatepec", "--totals"])  # doctest: +SKIP
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
    """Register ``reach``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "reach",
        help="schools, levels, students and staff reached per municipality (question 2)",
        description=(
            "List the schools the Social Model reaches with their municipality, educational level,"
            " students and staff (Table 4 of the report), or with --totals one row per "
            "municipality and a grand total."
        ),
    )
    parser.add_argument(
        "--locality", metavar="PLACE", help="only schools in this place (e.g. Ecatepec, Kanasín)"
    )
    parser.add_argument(
        "--year", type=int, metavar="N", help="only figures whose period includes this year"
    )
    parser.add_argument(
        "--totals", action="store_true", help="one row per municipality, plus the total"
    )
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the reach.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    kg = load_kg(args)
    frame = kg.reach(args.locality, year=args.year, totals=args.totals)
    if args.format == "table":
        columns = (
            ["locality_label", "schools", "schools_being_created", "students", "staff"]
            if args.totals
            else ["locality_label", "school_label", "level_label", "students", "staff", "period"]
        )
        frame = frame[columns]
    print_frame(frame, args.format)
    return 0
