"""``habitatkg synth --schools N --seed S --output FILE``: made-up programme data at any scale.

Writes N-Triples (see :mod:`habitatkg._synth`): schools in localities, municipalities and
states, yearly enrolment, partners and projects linking partners, schools, capabilities, SDG
targets and years. Everything is in the ``ex:`` namespace and marked ``hk:illustrative true``.
About 102 triples per school (``--schools 9800`` gives about 1M triples); ``--triples``
chooses the size in triples instead.

Example:
    >>> from habitatkg._cli import main
    >>> main(["synth", "--schools", "980", "--output", "/tmp/synth-100k.nt"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``synth``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "synth",
        help="write synthetic (made-up) programme data for benchmarks, as N-Triples",
        description=(
            "Write synthetic programme data (schools, municipalities, enrolment, partners, "
            "projects) as N-Triples, all in the ex: namespace and marked hk:illustrative true. "
            "About 102 triples per school. The same seed and size give the same file."
        ),
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--schools", type=int, default=1000, help="number of schools (default 1000)")
    size.add_argument("--triples", type=int, help="about this many triples instead")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        required=True,
        metavar="FILE",
        help="the N-Triples file to write ('-': standard output)",
    )
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Generate the file and report its size on standard error.

    Args:
        args: Parsed arguments.

    Returns:
        Exit code.
    """
    from habitatkg._errors import HabitatKGError
    from habitatkg._synth import generate, schools_for, write

    schools = schools_for(args.triples) if args.triples else args.schools
    if schools < 1:
        raise HabitatKGError(f"--schools must be at least 1, not {schools}")
    start = time.monotonic()
    if str(args.output) == "-":
        stats = generate(sys.stdout, schools=schools, seed=args.seed)
    else:
        stats = write(args.output, schools=schools, seed=args.seed)
    print(
        f"{args.output}: {stats['triples']:,} triples, {stats['schools']:,} schools, "
        f"{stats['projects']:,} projects, {stats['partners']:,} partners "
        f"({time.monotonic() - start:.1f} s)",
        file=sys.stderr,
    )
    return 0
