"""Helpers shared by the question subcommands (not a subcommand: the name starts with ``_``).

Example:
    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_data_arguments(parser)
    >>> add_format_argument(parser)
    >>> parser.parse_args(["--data", "a.ttl", "--format", "csv"]).data
    [PosixPath('a.ttl')]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from habitatkg._results import compact

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from habitatkg._kg import KnowledgeGraph

__all__ = ["add_data_arguments", "add_format_argument", "load_kg", "print_frame"]


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--data FILE ...`` and ``--no-packaged``.

    Args:
        parser: A subcommand's parser.
    """
    parser.add_argument(
        "--data",
        metavar="FILE",
        type=Path,
        nargs="+",
        default=[],
        help=(
            "your own RDF files to add to the packaged ontology and data (Turtle, N-Triples, "
            "JSON-LD, ...)"
        ),
    )
    parser.add_argument(
        "--no-packaged",
        action="store_true",
        help="leave out the packaged ontology and curated data",
    )
    parser.add_argument(
        "--store",
        metavar="SPEC",
        default=None,
        help=(
            "where the graph lives: memory (default), oxigraph:PATH (an embedded store, see "
            "`habitatkg load`) or sparql:QUERY_URL (a read-only SPARQL endpoint)"
        ),
    )


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--format table|csv|json``.

    Args:
        parser: A subcommand's parser.
    """
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help=(
            "output format: an aligned table with prefixed names (default), CSV or JSON records "
            "with full IRIs"
        ),
    )


def load_kg(args: argparse.Namespace) -> KnowledgeGraph:
    """Load the knowledge graph the arguments ask for.

    Args:
        args: Parsed arguments with ``data`` and ``no_packaged``.

    Returns:
        The knowledge graph.
    """
    from habitatkg._kg import load

    store = getattr(args, "store", None)
    return load(
        *getattr(args, "data", []),
        include_packaged=not getattr(args, "no_packaged", False),
        **({"store": store} if store else {}),
    )


def print_frame(
    frame: pd.DataFrame, fmt: str, *, out: TextIO | None = None, empty: str = "(no rows)"
) -> None:
    """Print a DataFrame as a table, CSV or JSON records.

    Args:
        frame: The rows.
        fmt: ``"table"``, ``"csv"`` or ``"json"``.
        out: Stream (standard output by default).
        empty: Message printed (to standard error) for an empty table.
    """
    stream = out or sys.stdout
    if fmt == "csv":
        stream.write(frame.to_csv(index=False))
        return
    if fmt == "json":
        stream.write(frame.to_json(orient="records", force_ascii=False, date_format="iso") + "\n")
        return
    if frame.empty:
        print(empty, file=sys.stderr)
        return
    shown = frame.map(_short)
    stream.write(shown.to_string(index=False, max_colwidth=60) + "\n")


def _short(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return compact(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value
