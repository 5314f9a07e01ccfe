"""The records template as a folder of CSV files: one per sheet, the same columns.

Example:
    >>> import tempfile, pathlib
    >>> folder = write_csv_template(pathlib.Path(tempfile.mkdtemp()) / "records")
    >>> sorted(p.name for p in folder.iterdir())[:3]
    ['About.csv', 'Activities.csv', 'Figures.csv']
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from habitatkg._sheets._atomic import write_bytes
from habitatkg._sheets._read import ABOUT, META
from habitatkg._sheets._spec import workbook_spec

__all__ = ["write_csv_template"]


def write_csv_template(folder: str | os.PathLike[str], *, lang: str = "en") -> Path:
    """Write one CSV file per sheet (headers only) and ``About.csv`` for the metadata.

    Args:
        folder: The folder (created if missing).
        lang: ``"en"`` or ``"es"``.

    Returns:
        The folder.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for spec in workbook_spec():
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([c.header(lang) for c in spec.columns])
        write_bytes(target / f"{spec.names[lang]}.csv", out.getvalue().encode("utf-8"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for key, names in META.items():
        writer.writerow([names[lang], lang if key == "language" else ""])
    write_bytes(target / f"{ABOUT[lang]}.csv", out.getvalue().encode("utf-8"))
    return target
