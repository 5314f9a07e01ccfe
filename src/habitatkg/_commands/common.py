"""``habitatkg common``: what the Social Model and the Learning City have in common (question 9).

Example:
    >>> from habitatkg._cli import main
    >>> main(["common"])  # doctest: +SKIP
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
    """Register ``common``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "common",
        help="what the Social Model and the Learning City of Huejotzingo share (question 9)",
        description=(
            "List the SDG goals and targets, kinds of actors, target groups and kinds of "
            "programmes that both initiatives are linked to."
        ),
    )
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print what they share.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    frame = load_kg(args).common_ground()
    if args.format == "table":
        frame = frame[["aspect", "item_label"]]
    print_frame(frame, args.format, empty="(nothing in common found)")
    return 0
