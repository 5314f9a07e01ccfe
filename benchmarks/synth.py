"""Synthetic programme data for benchmarks (a thin wrapper of :mod:`habitatkg._synth`).

The generator now lives in the package (``habitatkg synth --schools N --output FILE``); this
module keeps the benchmarks' ``generate(out, triples=...)`` interface. Everything is in the
``ex:`` namespace (``ex:synth-...``) and marked ``hk:illustrative true``: it is made up.

Usage::

    python benchmarks/synth.py --triples 1000000 --out /tmp/synth-1m.nt

Example:
    >>> import io
    >>> buffer = io.StringIO()
    >>> stats = generate(buffer, triples=20000, seed=1)
    >>> 15000 < stats["triples"] < 25000
    True
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from habitatkg._synth import generate as _generate
from habitatkg._synth import schools_for


def generate(out: TextIO, *, triples: int = 1_000_000, seed: int = 42) -> dict[str, int]:
    """Write about ``triples`` synthetic triples as N-Triples.

    Args:
        out: Text stream to write to.
        triples: Approximate number of triples wanted.
        seed: Random seed (same seed, same data).

    Returns:
        Counts (``triples``, ``schools``, ``projects``, ``partners``, ``municipalities``...).
    """
    return _generate(out, schools=schools_for(triples), seed=seed)


def main(argv: list[str] | None = None) -> int:
    """Command line: write synthetic N-Triples.

    Args:
        argv: Arguments (``--triples N --out FILE --seed S``).

    Returns:
        Exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with args.out.open("w", encoding="utf-8") as handle:
        stats = generate(handle, triples=args.triples, seed=args.seed)
    print(stats, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
