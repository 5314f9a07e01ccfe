"""``habitatkg template OUT.xlsx``: write the records template, generated from the SHACL shapes.

Example:
    >>> from habitatkg._cli import main
    >>> main(["template", "records.xlsx", "--lang", "es"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``template``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "template",
        help="write a spreadsheet template for your own records (fill it, then `habitatkg import`)",
        description=(
            "Write an .xlsx workbook with one sheet per kind of record (organizations, "
            "activities, schools, places, people, roles, figures). Columns, required columns, "
            "types and dropdown lists come from the SHACL shapes and the ontology; the first "
            "sheet explains the workbook and holds who filled it. With --csv, write a folder "
            "of CSV files (one per sheet, same columns) instead."
        ),
    )
    parser.add_argument("out", metavar="OUT", type=Path, help="the .xlsx file (or folder, --csv)")
    parser.add_argument(
        "--lang", choices=("en", "es"), default="en", help="headers and lists in English or Spanish"
    )
    parser.add_argument(
        "--csv", action="store_true", help="write a folder of CSV files, one per sheet"
    )
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the template and print its path.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    from habitatkg._sheets import write_csv_template, write_template

    if args.csv:
        written = write_csv_template(args.out, lang=args.lang)
    else:
        if args.out.suffix.lower() != ".xlsx":
            print(
                f"habitatkg template: error: {args.out} should end in .xlsx (or use --csv)",
                file=sys.stderr,
            )
            return 2
        written = write_template(args.out, lang=args.lang)
    print(written)
    return 0
