"""Problems found in a records workbook, each at its cell, and the report that lists them.

Example:
    >>> p = Problem("r.xlsx", "Activities", "F3", "Year", "2300", "Violation",
    ...             "The year must be between 1900 and 2100.",
    ...             "El año debe estar entre 1900 y 2100.", "write a four-digit year")
    >>> report = ImportReport((p,))
    >>> report.exit_code, report.summary()
    (1, '1 violation')
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

__all__ = ["COLUMNS", "ImportReport", "Problem"]

#: Columns of the CSV and JSON reports, in order.
COLUMNS = (
    "file",
    "sheet",
    "cell",
    "header",
    "value",
    "severity",
    "message",
    "message_es",
    "fix",
    "unusable",
)
_RANK = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Problem:
    """One problem, at the cell that holds it.

    Attributes:
        file: The workbook's (or CSV file's) name.
        sheet: The sheet's name as written in the workbook.
        cell: The cell in A1 notation (``F3``), or a range for merged cells.
        header: The column's header as written (empty for a whole-row problem).
        value: The cell's value as text (empty when the cell is empty).
        severity: ``"Violation"``, ``"Warning"`` or ``"Info"`` (as in SHACL).
        message: What is wrong, in English.
        message_es: The same, in Spanish.
        fix: One line: what to do.
        unusable: The workbook cannot be read as records (merged cells, a formula, a missing
            or unknown column): exit code 2 rather than 1.
    """

    file: str
    sheet: str
    cell: str
    header: str
    value: str
    severity: str
    message: str
    message_es: str
    fix: str
    unusable: bool = False

    def text(self, lang: str = "en") -> str:
        """One readable line."""
        message = self.message_es if lang == "es" else self.message
        where = f"{self.file}: {self.sheet}!{self.cell}" if self.sheet else self.file
        header = f" [{self.header}]" if self.header else ""
        value = f" = {self.value!r}" if self.value else ""
        return f"{self.severity}: {where}{header}{value}: {message} Fix: {self.fix}"


@dataclass(frozen=True)
class ImportReport:
    """Every problem of one import, all at once."""

    problems: tuple[Problem, ...]

    @property
    def violations(self) -> tuple[Problem, ...]:
        """The problems that stop the import."""
        return tuple(p for p in self.problems if p.severity == "Violation")

    @property
    def conforms(self) -> bool:
        """No violation (warnings and hints are advice)."""
        return not self.violations

    @property
    def exit_code(self) -> int:
        """0: no violations; 1: violations in the values; 2: the workbook is unusable."""
        if any(p.unusable for p in self.problems):
            return 2
        return 1 if self.violations else 0

    def sorted(self) -> tuple[Problem, ...]:
        """The problems by sheet, row, column and severity."""
        return tuple(sorted(self.problems, key=_order))

    def summary(self) -> str:
        """``"2 violations, 1 warning"`` or ``"no problems"``."""
        counts = []
        for severity, noun in (
            ("Violation", "violation"),
            ("Warning", "warning"),
            ("Info", "hint"),
        ):
            n = sum(1 for p in self.problems if p.severity == severity)
            if n:
                counts.append(f"{n} {noun}{'s' if n != 1 else ''}")
        return ", ".join(counts) or "no problems"

    def to_text(self, lang: str = "en") -> str:
        """Readable lines, one per problem, then the summary."""
        lines = [p.text(lang) for p in self.sorted()]
        return "\n".join([*lines, self.summary()])

    def to_csv(self) -> str:
        """CSV with :data:`COLUMNS`."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for problem in self.sorted():
            writer.writerow(asdict(problem))
        return out.getvalue()

    def to_json(self) -> str:
        """JSON: ``{"conforms": ..., "summary": ..., "problems": [...]}``."""
        body = {
            "conforms": self.conforms,
            "summary": self.summary(),
            "problems": [asdict(p) for p in self.sorted()],
        }
        return json.dumps(body, ensure_ascii=False, indent=2)


def _order(problem: Problem) -> tuple[object, ...]:
    letters = "".join(ch for ch in problem.cell.split(":")[0] if ch.isalpha())
    digits = "".join(ch for ch in problem.cell.split(":")[0] if ch.isdigit())
    column = 0
    for ch in letters.upper():
        column = column * 26 + ord(ch) - 64
    return (
        problem.file,
        problem.sheet,
        int(digits or 0),
        column,
        _RANK.get(problem.severity, 3),
        problem.message,
    )
