"""``habitatkg import FILE.xlsx|DIR -o records.ttl``: your spreadsheet records, checked, as RDF.

Every problem (a cell that cannot be read, a name that matches nothing or several entries, a
SHACL violation) is listed at its sheet and cell, all at once. Exit codes as ``validate``:
0 no violations (the records are written), 1 violations in the values, 2 the workbook
cannot be used as it is (merged cells, formulas, unknown or missing columns, unreadable
file). Nothing is written unless the exit code is 0.

Example:
    >>> from habitatkg._cli import main
    >>> main(["import", "records.xlsx", "-o", "records.ttl"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``import``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="turn a filled records template (.xlsx or a folder of CSV) into checked RDF",
        description=(
            "Read a workbook made with `habitatkg template` (or a folder of CSV files), resolve "
            "the names in its cells (English or Spanish, case and accents ignored), check the "
            "records against the SHACL shapes and list every problem at its cell. With no "
            "violations, write the records with their provenance (file and checksum, sheet, "
            "row, time, who filled it) to -o: Turtle, N-Triples, or TriG with the records in "
            "their own named graph. Exit code 0: written; 1: violations; 2: unusable workbook."
        ),
    )
    parser.add_argument("source", metavar="FILE", type=Path, help=".xlsx workbook or CSV folder")
    parser.add_argument(
        "-o", "--output", metavar="OUT", type=Path, help="records file (.ttl, .nt or .trig)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "csv", "json"),
        default="text",
        help="the problem report as text (default), CSV or JSON",
    )
    parser.add_argument(
        "--lang", choices=("en", "es"), default="en", help="language of the messages"
    )
    parser.add_argument(
        "--annotate",
        metavar="OUT.xlsx",
        type=Path,
        help="write a copy of the workbook with the problem cells highlighted and commented",
    )
    parser.add_argument(
        "--base",
        metavar="IRI",
        default=None,
        help="namespace for records whose ID is not an IRI (default: "
        "https://w3id.org/habitatkg/record/)",
    )
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Import, report, write.

    Args:
        args: Parsed arguments.

    Returns:
        0, 1 or 2.
    """
    from habitatkg._sheets import RECORDS, annotate, import_records

    if args.output is not None and args.output.suffix.lower() not in {".ttl", ".nt", ".trig"}:
        print(
            f"habitatkg import: error: {args.output} should end in .ttl, .nt or .trig",
            file=sys.stderr,
        )
        return 2
    result = import_records(args.source, base=args.base or RECORDS)
    report = result.report
    if args.format == "json":
        sys.stdout.write(report.to_json() + "\n")
    elif args.format == "csv":
        sys.stdout.write(report.to_csv())
    elif report.problems:
        sys.stdout.write(report.to_text(args.lang) + "\n")
    if args.annotate is not None:
        if result.workbook.csv:
            print("habitatkg import: --annotate needs an .xlsx workbook", file=sys.stderr)
        else:
            print(f"annotated copy: {annotate(result, args.annotate)}", file=sys.stderr)
    code = report.exit_code
    records = len(result.records)
    if code == 0 and args.output is not None:
        result.write(args.output)
        print(f"wrote {records} records to {args.output}", file=sys.stderr)
    elif code == 0:
        print(f"{records} records, no violations (give -o FILE to write them)", file=sys.stderr)
    else:
        print(
            f"{report.summary()}: nothing written; fix the cells listed above and run again",
            file=sys.stderr,
        )
    return code
