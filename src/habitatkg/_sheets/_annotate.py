"""A copy of the workbook with every problem cell highlighted and commented.

Example:
    >>> from habitatkg._sheets._annotate import FILLS
    >>> sorted(FILLS)
    ['Info', 'Violation', 'Warning']
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from habitatkg._sheets._atomic import write_with

__all__ = ["FILLS", "annotate"]

#: Cell colours by severity.
FILLS = {"Violation": "FF9999", "Warning": "FFD966", "Info": "BDD7EE"}


def annotate(result: Any, out: str | os.PathLike[str], *, lang: str = "en") -> Path:
    """Write a copy of the imported workbook with its problem cells marked.

    Args:
        result: An :class:`~._import.ImportResult` of an .xlsx workbook.
        out: The copy to write (atomically).
        lang: Language of the comments (``"en"`` or ``"es"``).

    Returns:
        The path written.
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    book = openpyxl.load_workbook(result.workbook.path)
    grouped: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for problem in result.report.sorted():
        if problem.sheet in book.sheetnames and problem.cell:
            grouped[(problem.sheet, problem.cell.split(":")[0])].append(problem)
    rank = {"Violation": 0, "Warning": 1, "Info": 2}
    for (sheet, cell), problems in grouped.items():
        worst = min(problems, key=lambda p: rank.get(p.severity, 3)).severity
        target = book[sheet][cell]
        target.fill = PatternFill("solid", fgColor=FILLS.get(worst, "FF9999"))
        text = "\n".join(
            f"{p.severity}: {p.message_es if lang == 'es' else p.message} → {p.fix}"
            for p in problems
        )
        target.comment = Comment(text, "habitatkg import", width=360, height=180)
    return write_with(out, lambda temp: book.save(temp))
