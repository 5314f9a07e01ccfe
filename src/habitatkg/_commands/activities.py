"""``habitatkg activities``: activities addressing a capability, by target group (question 4).

Example:
    >>> from habitatkg._cli import main
    >>> main(["activities", "--capability", "Collaborative work"])  # doctest: +SKIP
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
    """Register ``activities``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "activities",
        help="projects and activities that address a capability, and their target groups (Q4)",
        description=(
            "List the projects, experiences, workshops and other activities that address a "
            "capability, with the group each is aimed at and the school where it took place."
        ),
    )
    parser.add_argument("--capability", metavar="CAPABILITY", help='e.g. "Collaborative work"')
    parser.add_argument(
        "--target-group", metavar="ROLE", help='e.g. "Mother", "Student" (narrower roles count)'
    )
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the activities.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    frame = load_kg(args).activities(args.capability, target_group=args.target_group)
    if args.format == "table":
        frame = frame[["capability_label", "activity_label", "group_label", "school_label"]]
    print_frame(frame, args.format)
    return 0
