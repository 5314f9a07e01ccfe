"""Spreadsheet records: templates from the shapes, import with every problem at its cell, export.

Private subpackage. Its entry points are the ``habitatkg template``, ``habitatkg import`` and
``habitatkg export --format xlsx`` commands, and ``habitatkg.load("records.xlsx")``.

- :mod:`._spec`: sheets and columns, derived from the SHACL shapes and the ontology;
- :mod:`._write`, :mod:`._csv`: the template (.xlsx or CSV folder), and exported records;
- :mod:`._read`, :mod:`._values`, :mod:`._import`: reading cells, typed values, resolving
  names, provenance, SHACL results mapped back to cells (:mod:`._problems`);
- :mod:`._annotate`: a copy of the workbook with problem cells highlighted;
- :mod:`._export`: the records of a graph written into the template.

Example:
    >>> from habitatkg._sheets import workbook_spec
    >>> workbook_spec()[0].names
    {'en': 'Organizations', 'es': 'Organizaciones'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from habitatkg._sheets._annotate import annotate
from habitatkg._sheets._csv import write_csv_template
from habitatkg._sheets._export import carried, export_workbook
from habitatkg._sheets._import import RECORDS, ImportResult, import_records
from habitatkg._sheets._problems import ImportReport, Problem
from habitatkg._sheets._spec import workbook_spec
from habitatkg._sheets._write import write_template, write_workbook

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "RECORDS",
    "ImportReport",
    "ImportResult",
    "Problem",
    "annotate",
    "carried",
    "export_workbook",
    "import_records",
    "workbook_spec",
    "write_csv_template",
    "write_template",
    "write_workbook",
]


def is_records_source(source: object) -> bool:
    """Whether a :func:`habitatkg.load` argument is a records workbook or a folder of CSV files.

    Example:
        >>> is_records_source("records.xlsx"), is_records_source("records.ttl")
        (True, False)
    """
    import os
    from pathlib import Path

    if not isinstance(source, (str, os.PathLike)):
        return False
    path = Path(source)
    return path.suffix.lower() == ".xlsx" or (path.is_dir() and any(path.glob("*.csv")))


def records_graph_name(source: object) -> str:
    """The named graph the records of a workbook (or CSV folder) live in: by its checksum.

    Example:
        >>> import tempfile, pathlib
        >>> book = pathlib.Path(tempfile.mkdtemp()) / "r.xlsx"
        >>> _ = book.write_bytes(b"not really a workbook")
        >>> records_graph_name(book)
        'https://w3id.org/habitatkg/graph/import-c19e4cd2b063'
    """
    from pathlib import Path

    from habitatkg._sheets._import import GRAPHS
    from habitatkg._sheets._read import _digest

    path = Path(source)  # type: ignore[arg-type]
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    return f"{GRAPHS}import-{_digest(files)[:12]}"


def records_graph(source: object) -> rdflib.Graph:
    """Import a workbook for :func:`habitatkg.load`: its records as an rdflib graph.

    Args:
        source: The .xlsx file or CSV folder.

    Returns:
        The records and their provenance.

    Raises:
        SheetImportError: Any violation (all of them are in the message and ``.report``).
    """
    from habitatkg._errors import SheetImportError

    result = import_records(source)  # type: ignore[arg-type]
    report = result.report
    if not report.conforms:
        shown = [p.text() for p in report.sorted() if p.severity == "Violation"]
        more = f"\n  ... and {len(shown) - 20} more" if len(shown) > 20 else ""
        raise SheetImportError(
            f"{result.workbook.name}: {report.summary()}; nothing was loaded "
            f"(`habitatkg import {result.workbook.name} --annotate checked.xlsx` marks the "
            "cells):\n  " + "\n  ".join(shown[:20]) + more,
            report=report,
        )
    return result.to_rdflib()
