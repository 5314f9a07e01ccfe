"""``habitatkg phases``: the phases of the methodology in order, and their activities (question 7).

Example:
    >>> from habitatkg._cli import main
    >>> main(["phases"])  # doctest: +SKIP
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
    """Register ``phases``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "phases",
        help=(
            "the phases of Descubrimiento y movimiento in order, with their activities (question 7)"
        ),
        description=(
            "List the five phases of the Descubrimiento y movimiento methodology in order (a "
            "cycle: the last leads back to the first), each with the activities recorded in it."
        ),
    )
    parser.add_argument("--phase", metavar="PHASE", help="only this phase")
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the phases.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    frame = load_kg(args).phase_activities(args.phase)
    if args.format == "table":
        frame = frame[["phase_order", "phase_label", "next_phase_label", "activity_label"]]
    print_frame(frame, args.format)
    return 0
