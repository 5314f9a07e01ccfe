"""``habitatkg gaps``: capabilities no partner supports in a school (question 5).

Example:
    >>> from habitatkg._cli import main
    >>> main(["gaps", "--school", "Amado Nervo"])  # doctest: +SKIP
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
    """Register ``gaps``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "gaps",
        help="capabilities that no partner supports in a school (question 5)",
        description=(
            "List (school, capability) pairs such that no activity at the school addressing the "
            "capability has a partner organization. On the curated data alone every pair is a gap "
            "(the sources do not link partners to schools); add the illustrative data or your own "
            "records with --data."
        ),
    )
    parser.add_argument("--school", metavar="SCHOOL", help="only this school")
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the gaps.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    frame = load_kg(args).coverage_gaps(args.school)
    if args.format == "table":
        frame = frame[["school_label", "capability_label"]]
    print_frame(
        frame, args.format, empty="(no gaps: every capability has a partner in every school)"
    )
    return 0
