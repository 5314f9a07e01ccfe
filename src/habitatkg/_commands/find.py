"""``habitatkg find TEXT``: search nodes by label (English or Spanish; case and accents ignored).

Example:
    >>> from habitatkg._cli import main
    >>> main(["find", "kanasin"])  # doctest: +SKIP
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
    """Register ``find``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "find",
        help="search nodes by label (English or Spanish, case and accents ignored)",
        description=(
            "Search the knowledge graph's labels; exact matches (after folding case and accents) "
            "come first."
        ),
    )
    parser.add_argument("text", metavar="TEXT", help='what to look for, e.g. "kanasin"')
    parser.add_argument("--kind", metavar="CLASS", help="only nodes of this class, e.g. hk:School")
    parser.add_argument(
        "--limit", type=int, default=20, help="at most this many matches (default 20)"
    )
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the matches.

    Args:
        args: Parsed arguments.

    Returns:
        0, or 1 when nothing matches.
    """
    matches = load_kg(args).find(args.text, kind=args.kind, limit=args.limit)
    print_frame(matches.to_dataframe(), args.format, empty=f"(nothing matches {args.text!r})")
    return 0 if matches else 1
