"""``habitatkg validate [FILE ...]``: check data against the SHACL shapes.

Exit codes: 0 no result as serious as ``--fail-on`` (by default ``violation``: warnings and
hints alone give 0; ``--fail-on info`` gives 0 only when the data conforms in SHACL's sense,
with no result at all), 1 there are such results, 2 the input is unusable (a file that is
missing, empty, does not parse or uses unknown ``hk:`` terms: the same errors as
``habitatkg load``); the error is one line (or a short list of unknown terms) on standard
error, never a traceback. ``--severity`` limits what is printed; progress goes to standard
error when it is a terminal, or with ``--progress``.

Example:
    >>> from habitatkg._cli import main
    >>> main(["validate", "my-data.ttl"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from habitatkg._errors import HabitatKGError
from habitatkg._shacl_sparql import ENGINES

_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
_LEVELS = ("violation", "warning", "info")


class _Progress:
    """``validating: 12/40 constraints`` on standard error, rewritten in place."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\rhabitatkg validate: {text}\x1b[K")
            sys.stderr.flush()

    def __call__(self, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.started
        self.say(f"{done}/{total} constraints checked ({elapsed:.0f} s)")

    def end(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``validate``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate",
        help="check data files against the SHACL shapes (the curated data when no file is given)",
        description=(
            "Check RDF files against the habitatkg SHACL shapes, together with the packaged "
            "ontology, and list each problem by entry: its severity, a message and how to fix "
            "it. Only the entries your files describe are checked; the curated data is added "
            "with --with-packaged-data. Without FILE, the curated data is checked. Exit code 0: "
            "no result as serious as --fail-on (default: no violations; warnings are advice); "
            "1: such results; 2: a file cannot be used."
        ),
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        type=Path,
        nargs="*",
        help="RDF files (Turtle, N-Triples, JSON-LD, RDF/XML)",
    )
    parser.add_argument(
        "--format",
        choices=_FORMATS,
        help="format of every FILE (default: from each file's extension)",
    )
    parser.add_argument(
        "--output",
        choices=("text", "csv", "json"),
        default="text",
        help="report as readable text grouped by entry (default), CSV or JSON",
    )
    parser.add_argument(
        "--with-packaged-data",
        action="store_true",
        help="also check the curated data (data/*.ttl), together with FILE",
    )
    parser.add_argument(
        "--store",
        metavar="SPEC",
        help=(
            "validate everything in a store instead of FILEs: oxigraph:PATH (made by "
            "`habitatkg load --store oxigraph:PATH`) or sparql:QUERY_URL; the store is only read"
        ),
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help=(
            "with --store: run the shapes as SPARQL inside the store (sparql, fast on millions "
            "of triples), copy the data into rdflib for pyshacl (pyshacl), or sparql unless the "
            "shapes need pyshacl (auto, the default)"
        ),
    )
    parser.add_argument(
        "--fail-on",
        choices=_LEVELS,
        default="violation",
        help=(
            "exit with 1 when there is a result at least this serious: violation (the "
            "default), warning, or info (any result: the data does not conform in SHACL's sense)"
        ),
    )
    parser.add_argument(
        "--severity",
        choices=_LEVELS,
        default="info",
        help=(
            "print only the results at least this serious: violation, warning, or info "
            "(everything, the default); the exit code still follows --fail-on"
        ),
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="report progress on standard error (the default when it is a terminal)",
    )
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Validate and print the report.

    Args:
        args: Parsed arguments (``files``, ``format``, ``output``, ``with_packaged_data``).

    Returns:
        0 nothing as serious as ``--fail-on``, 1 such results, 2 unusable input.
    """
    from habitatkg._validate import validate

    store = getattr(args, "store", None)
    if store and args.files:
        print(
            "habitatkg validate: error: give FILEs or --store, not both (add files to the store "
            "with `habitatkg load --store SPEC FILE...`)",
            file=sys.stderr,
        )
        return 2
    progress = _Progress(bool(getattr(args, "progress", False)) or sys.stderr.isatty())
    try:
        if store:
            from habitatkg._kg import load

            if store.startswith("oxigraph:") and not Path(store[len("oxigraph:") :]).exists():
                print(
                    f"habitatkg validate: error: there is no store at {store[len('oxigraph:') :]}; "
                    "create it with `habitatkg load --store SPEC FILE...`",
                    file=sys.stderr,
                )
                return 2
            kg = load(store=store, include_packaged=False)
            if len(kg) == 0:
                print(
                    f"habitatkg validate: error: the store {store} holds no triples",
                    file=sys.stderr,
                )
                return 2
            progress.say(f"validating {len(kg):,} triples in {store}")
            report = kg.validate(engine=getattr(args, "engine", "auto"), progress=progress)
        else:
            progress.say(f"reading and validating {len(args.files) or 'the curated'} file(s)")
            report = validate(
                *args.files,
                format=args.format,
                include_packaged_data=bool(getattr(args, "with_packaged_data", False)),
            )
    except HabitatKGError as error:
        progress.end()
        print(f"habitatkg validate: error: {error}", file=sys.stderr)
        return 2
    progress.end()
    failed = report.fails_at(getattr(args, "fail_on", "violation"))
    report = report.only(getattr(args, "severity", "info"))
    output = getattr(args, "output", "text")
    if output == "json":
        sys.stdout.write(report.to_json() + "\n")
    elif output == "csv":
        sys.stdout.write(report.to_csv())
    else:
        sys.stdout.write(str(report) + "\n")
    return 1 if failed else 0
