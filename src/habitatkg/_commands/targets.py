"""``habitatkg targets``: the SDG targets each strategic guideline serves (question 3).

Example:
    >>> from habitatkg._cli import main
    >>> main(["targets", "--guideline", "3"])  # doctest: +SKIP
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
    """Register ``targets``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "targets",
        help="SDG targets served by each strategic guideline, with indicators (question 3)",
        description=(
            "List the SDG targets each strategic guideline serves (Table 3 of the report), in "
            "order."
        ),
    )
    parser.add_argument(
        "--guideline",
        metavar="GUIDELINE",
        help="only this guideline: its number (1-5), label or IRI",
    )
    parser.add_argument(
        "--indicators",
        action="store_true",
        help="list the guidelines' development indicators instead",
    )
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the targets.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    kg = load_kg(args)
    guideline: object = (
        int(args.guideline) if args.guideline and args.guideline.isdigit() else args.guideline
    )
    if args.indicators:
        frame = kg.indicators(guideline)
        if args.format == "table":
            frame = frame[["guideline_order", "indicator_label"]]
    else:
        frame = kg.sdg_targets(guideline)
        if args.format == "table":
            frame = frame[["guideline_order", "guideline_label", "target_notation"]]
    print_frame(frame, args.format)
    return 0
