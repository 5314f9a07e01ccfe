"""``habitatkg validate [FILE ...]``: check data against the SHACL shapes.

Exit codes: 0 the data conforms (warnings and hints alone still give 0), 1 there are
violations, 2 the input is unusable (a file that is missing, empty, does not parse or uses
unknown ``hk:`` terms); the error is one line (or a short list of unknown terms) on standard
error, never a traceback.

Example:
    >>> from habitatkg._cli import main
    >>> main(["validate", "my-data.ttl"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from habitatkg._errors import HabitatKGError
from habitatkg._shacl_sparql import ENGINES

_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")


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
            "no violations (warnings are advice); 1: violations; 2: a file cannot be used."
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
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Validate and print the report.

    Args:
        args: Parsed arguments (``files``, ``format``, ``output``, ``with_packaged_data``).

    Returns:
        0 conforms, 1 violations, 2 unusable input.
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
            report = kg.validate(engine=getattr(args, "engine", "auto"))
        else:
            report = validate(
                *args.files,
                format=args.format,
                include_packaged_data=bool(getattr(args, "with_packaged_data", False)),
            )
    except HabitatKGError as error:
        print(f"habitatkg validate: error: {error}", file=sys.stderr)
        return 2
    output = getattr(args, "output", "text")
    if output == "json":
        sys.stdout.write(report.to_json() + "\n")
    elif output == "csv":
        sys.stdout.write(report.to_csv())
    else:
        sys.stdout.write(str(report) + "\n")
    return 0 if report.conforms else 1
