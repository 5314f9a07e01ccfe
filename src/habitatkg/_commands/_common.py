r"""What the subcommands share, and the one mechanism behind the question subcommands.

Not a subcommand itself (the name starts with ``_``). The question subcommands (``partners``,
``reach``, ``targets``, ``activities``, ``gaps``, ``network``, ``phases``, ``common``,
``find``) are each one :class:`Question`: data saying which options it takes, which method
answers it, which columns a person sees and what an empty answer means. :func:`command`
turns a spec into the ``add_parser`` and ``run`` that the CLI discovers. Every question
takes ``--lang en|es`` (default: the environment's locale, else English): labels, notes and
table headings follow it.

Output for people (``--format table``) shows labels, prefixed names for IRIs, integers as
integers, long cells cut with an ellipsis and control characters escaped; CSV neutralises
cells a spreadsheet would run as a formula; JSON keeps full IRIs.

Example:
    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_data_arguments(parser)
    >>> add_format_argument(parser)
    >>> add_lang_argument(parser)
    >>> parser.parse_args(["--data", "a.ttl", "--format", "csv", "--lang", "es"]).data
    [PosixPath('a.ttl')]
    >>> spreadsheet_safe("=HYPERLINK(1)"), safe_cell("Kana\\x1b[31msín")
    ("'=HYPERLINK(1)", 'Kana\\x1b[31msín')
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from habitatkg._lang import LANGUAGES, heading, message, resolve_lang
from habitatkg._results import compact, safe_cell, spreadsheet_safe

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from habitatkg._kg import KnowledgeGraph

__all__ = [
    "Option",
    "Question",
    "add_data_arguments",
    "add_format_argument",
    "add_lang_argument",
    "command",
    "lang_of",
    "load_kg",
    "print_frame",
    "safe_cell",
    "spreadsheet_safe",
]

#: Cells wider than this are cut, with an ellipsis, in tables for people.
MAX_CELL = 60


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--data FILE ...``, ``--no-packaged`` and ``--store``.

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


def add_lang_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang en|es`` (once: calling it again on the same parser does nothing).

    Args:
        parser: A subcommand's parser.
    """
    if "--lang" in parser._option_string_actions:
        return
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=(
            "language of labels, messages and headings: en or es (default: from the locale, "
            "HABITATKG_LANG or LANG; else en)"
        ),
    )


def lang_of(args: argparse.Namespace) -> str:
    """The language the arguments ask for (``--lang``, else the environment's).

    Args:
        args: Parsed arguments.

    Returns:
        ``"en"`` or ``"es"``.
    """
    return resolve_lang(getattr(args, "lang", None))


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


def _short(value: Any) -> Any:
    if hasattr(value, "item") and hasattr(value, "dtype"):
        value = value.item()  # numpy scalars
    if isinstance(value, str) and value.startswith(("http://", "https://", "urn:")):
        return compact(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ in {"NAType", "NaTType"}:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def print_frame(
    frame: pd.DataFrame,
    fmt: str,
    *,
    out: TextIO | None = None,
    empty: str | None = None,
    lang: str | None = None,
    headings: bool = False,
) -> None:
    """Print a DataFrame as a table for people, CSV or JSON records.

    Args:
        frame: The rows.
        fmt: ``"table"``, ``"csv"`` or ``"json"``.
        out: Stream (standard output by default).
        empty: Message printed (to standard error) for an empty table.
        lang: Language of the table's headings and messages.
        headings: Show the columns under headings for people (``school_label`` as
            *school*, or *escuela* in Spanish) instead of their names.
    """
    stream = out or sys.stdout
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([spreadsheet_safe(c) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([spreadsheet_safe(_csv_value(v)) for v in row])
        stream.write(buffer.getvalue())
        return
    if fmt == "json":
        records = [
            {k: _json_value(v) for k, v in zip(frame.columns, row, strict=True)}
            for row in frame.itertuples(index=False, name=None)
        ]
        stream.write(json.dumps(records, ensure_ascii=False) + "\n")
        return
    if frame.empty:
        print(empty or message("no_rows", lang), file=sys.stderr)
        return
    titles = [
        safe_cell(heading(str(c), lang) if headings else str(c), MAX_CELL) for c in frame.columns
    ]
    columns = [[_cell(v) for v in frame[c]] for c in frame.columns]
    numeric = [all(isinstance(v, (int, float)) or v == "" for v in col) for col in columns]
    texts = [[str(v) for v in col] for col in columns]
    widths = [max([len(h), *map(len, col)]) for h, col in zip(titles, texts, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rows = [line(titles)] + [line(cells) for cells in zip(*texts, strict=True)]
    stream.write("\n".join(rows) + "\n")


def _cell(value: Any) -> Any:
    short = _short(value)
    if isinstance(short, bool) or not isinstance(short, (int, float)):
        return safe_cell(short, MAX_CELL)
    return short


def _csv_value(value: Any) -> Any:
    short = _short(value)
    if short == "" or isinstance(value, (list, tuple)):
        return short
    return value if not isinstance(value, float) or not value.is_integer() else int(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalars
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# ---------------------------------------------------------------- the question subcommands


@dataclass(frozen=True)
class Option:
    """One option of a question subcommand: ``argparse`` flags and keywords."""

    flags: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """A question subcommand, as data.

    Attributes:
        name: The subcommand.
        help: One line for ``habitatkg --help``.
        description: The subcommand's ``--help`` text.
        options: Its own options (``--data``, ``--store``, ``--format`` and ``--lang`` are
            added to every question).
        answer: ``(kg, args, lang)`` to the DataFrame.
        table: The columns shown with ``--format table`` (a function of the arguments, or
            a fixed list); CSV and JSON show every column.
        empty: Message key (see :mod:`habitatkg._lang`) printed when there are no rows.
        found: Exit code 1 when there are no rows (``find``), else 0.
    """

    name: str
    help: str
    description: str
    options: tuple[Option, ...]
    answer: Callable[[KnowledgeGraph, argparse.Namespace, str], pd.DataFrame]
    table: Sequence[str] | Callable[[argparse.Namespace], Sequence[str]] = ()
    empty: str = "no_rows"
    found: bool = False


def command(
    spec: Question,
) -> tuple[Callable[[Any], argparse.ArgumentParser], Callable[[argparse.Namespace], int]]:
    """The ``add_parser`` and ``run`` functions of a question subcommand.

    Args:
        spec: The question.

    Returns:
        ``(add_parser, run)``.
    """

    def add_parser(subparsers: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = subparsers.add_parser(
            spec.name, help=spec.help, description=spec.description
        )
        for option in spec.options:
            parser.add_argument(*option.flags, **option.settings)
        add_data_arguments(parser)
        add_format_argument(parser)
        add_lang_argument(parser)
        parser.set_defaults(run=run)
        return parser

    def run(args: argparse.Namespace) -> int:
        from habitatkg._answers import AnswerNote

        lang = lang_of(args)
        kg = load_kg(args)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", AnswerNote)
            frame = spec.answer(kg, args, lang)
        notes = [str(w.message) for w in caught if issubclass(w.category, AnswerNote)]
        for other in caught:
            if not issubclass(other.category, AnswerNote):
                warnings.showwarning(other.message, other.category, other.filename, other.lineno)
        shown = frame
        if args.format == "table":
            columns = spec.table(args) if callable(spec.table) else spec.table
            if columns:
                shown = frame[[c for c in columns if c in frame.columns]]
        print_frame(shown, args.format, empty=message(spec.empty, lang), lang=lang, headings=True)
        for note in dict.fromkeys(notes):
            print(f"{'nota' if lang == 'es' else 'note'}: {note}", file=sys.stderr)
        if (
            args.format == "table"
            and "illustrative" in frame.columns
            and not frame.empty
            and frame["illustrative"].astype(bool).any()
        ):
            print(message("illustrative_note", lang), file=sys.stderr)
        if (
            args.format == "table"
            and "record" in frame.columns
            and not frame.empty
            and frame["record"].notna().any()
        ):
            print(message("record_note", lang), file=sys.stderr)
        return 1 if spec.found and frame.empty else 0

    add_parser.__doc__ = f"Register ``{spec.name}``."
    run.__doc__ = f"Answer ``{spec.name}`` and print it."
    return add_parser, run
