"""Reading a records workbook (.xlsx) or a folder of CSV files into cells, nothing dropped.

Structural problems (merged cells, formulas, unknown sheets or columns, missing required
columns) are found here, all of them, with their cells.

Example:
    >>> from habitatkg._sheets._read import sheet_for
    >>> sheet_for("Actividades").key
    'activities'
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from habitatkg._errors import DataFileNotFoundError
from habitatkg._resolve import fold
from habitatkg._sheets._problems import Problem
from habitatkg._sheets._spec import Column, SheetSpec, workbook_spec

__all__ = ["ABOUT", "LISTS", "META", "RawSheet", "Workbook", "read", "sheet_for"]

#: Names of the first sheet (explanation and metadata) and of the hidden lists sheet.
ABOUT = {"en": "About", "es": "Acerca de"}
LISTS = {"en": "Lists", "es": "Listas"}
#: Metadata keys of the About sheet, with their labels.
META = {
    "filled_by": {"en": "Filled by", "es": "Llenado por"},
    "organization": {"en": "Organization", "es": "Organización"},
    "date": {"en": "Date", "es": "Fecha"},
    "licence": {"en": "Licence", "es": "Licencia"},
    "language": {"en": "Language", "es": "Idioma"},
}


@dataclass
class RawSheet:
    """The cells of one records sheet."""

    name: str
    spec: SheetSpec
    columns: dict[int, Column]  # 1-based column index -> column
    headers: dict[int, str]  # 1-based column index -> header as written
    rows: list[tuple[int, dict[int, Any]]]  # (row number, column index -> value), non-empty
    formulas: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Workbook:
    """A whole workbook (or CSV folder), read."""

    path: Path
    name: str
    sha256: str
    metadata: dict[str, str]
    sheets: list[RawSheet]
    problems: list[Problem]
    csv: bool = False


def sheet_for(name: str) -> SheetSpec | None:
    """The sheet spec a sheet (or CSV file stem) name stands for, in English or Spanish."""
    key = fold(name)
    for spec in workbook_spec():
        if key in {fold(spec.key), *(fold(n) for n in spec.names.values())}:
            return spec
    return None


def _column_for(spec: SheetSpec, header: str) -> Column | None:
    key = fold(header.rstrip(" *"))
    for column in spec.columns:
        names = {fold(column.labels["en"]), fold(column.labels["es"]), fold(column.key)}
        if key in names:
            return column
    return None


def letter(index: int) -> str:
    """Column letter of a 1-based index (``1`` -> ``A``, ``27`` -> ``AA``)."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read(path: str | os.PathLike[str]) -> Workbook:
    """Read an .xlsx workbook or a folder of CSV files.

    Args:
        path: The workbook or the folder.

    Returns:
        The cells and the structural problems.

    Raises:
        DataFileNotFoundError: No such file or folder.
    """
    source = Path(path)
    if source.is_dir():
        return _read_csv(source)
    if not source.is_file():
        raise DataFileNotFoundError(f"no such file: {source} (check the path)")
    return _read_xlsx(source)


def _problem(
    wb_name: str,
    sheet: str,
    cell: str,
    header: str,
    value: object,
    en: str,
    es: str,
    fix: str,
    *,
    unusable: bool = True,
    severity: str = "Violation",
) -> Problem:
    return Problem(
        wb_name,
        sheet,
        cell,
        header,
        "" if value is None else str(value),
        severity,
        en,
        es,
        fix,
        unusable,
    )


def _read_xlsx(path: Path) -> Workbook:
    import zipfile

    import openpyxl

    name = path.name
    problems: list[Problem] = []
    try:
        book = openpyxl.load_workbook(path, data_only=False, read_only=True)
        merged_by_sheet = _merged_cells(path)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        problems.append(
            _problem(
                name,
                "",
                "",
                "",
                "",
                f"This file cannot be read as an .xlsx workbook: {exc}.",
                f"Este archivo no se puede leer como libro .xlsx: {exc}.",
                "save it from your spreadsheet program as Excel Workbook (.xlsx)",
            )
        )
        return Workbook(path, name, _digest([path]), {}, [], problems)
    metadata: dict[str, str] = {}
    sheets: list[RawSheet] = []
    for ws in book.worksheets:
        if fold(ws.title) in {fold(n) for n in LISTS.values()}:
            continue
        if fold(ws.title) in {fold(n) for n in ABOUT.values()}:
            metadata = _metadata(ws.iter_rows(values_only=True))
            continue
        spec = sheet_for(ws.title)
        if spec is None:
            if any(v is not None for row in ws.iter_rows(values_only=True) for v in row):
                problems.append(
                    _problem(
                        name,
                        ws.title,
                        "A1",
                        "",
                        "",
                        f"The sheet “{ws.title}” is not a sheet of the template, so its rows "
                        "cannot be imported.",
                        f"La hoja «{ws.title}» no es una hoja de la plantilla, por lo que sus "
                        "filas no se pueden importar.",
                        "move its rows to the template sheet of their kind, or delete the sheet",
                    )
                )
            continue
        grid: dict[tuple[int, int], Any] = {}
        formulas: set[tuple[int, int]] = set()
        for r, values in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1):
            for c, value in enumerate(values, 1):
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                if isinstance(value, str) and value.startswith("="):  # formulas, as text
                    formulas.add((r, c))
                grid[(r, c)] = value
        for merged in merged_by_sheet.get(ws.title, []):
            problems.append(
                _problem(
                    name,
                    ws.title,
                    str(merged.coord),
                    "",
                    grid.get((merged.min_row, merged.min_col)),
                    f"Cells {merged.coord} are merged; every record needs its own value in "
                    "each cell.",
                    f"Las celdas {merged.coord} están combinadas; cada registro necesita su "
                    "propio valor en cada celda.",
                    "unmerge the cells and type the value in each one",
                )
            )
        sheets.append(_sheet(name, ws.title, spec, grid, formulas, problems))
    return Workbook(path, name, _digest([path]), metadata, sheets, problems)


def _merged_cells(path: Path) -> dict[str, list[Any]]:
    """The merged ranges of each sheet, read from the file's XML (read-only mode lacks them)."""
    import re
    import zipfile

    from openpyxl.worksheet.cell_range import CellRange

    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        targets = {
            m.group(1): m.group(2)
            for m in re.finditer(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)
        }
        targets.update(
            {
                m.group(2): m.group(1)
                for m in re.finditer(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)
            }
        )
        out: dict[str, list[Any]] = {}
        for m in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", book):
            tag = m.group(0)
            title = re.search(r'name="([^"]*)"', tag)
            rid = re.search(r'r:id="([^"]*)"', tag) or re.search(r'\bid="([^"]*)"', tag)
            if not title or not rid or rid.group(1) not in targets:
                continue
            target = targets[rid.group(1)].lstrip("/")
            member = target if target.startswith("xl/") else f"xl/{target}"
            try:
                xml = archive.read(member).decode("utf-8")
            except KeyError:
                continue
            from html import unescape

            out[unescape(title.group(1))] = [
                CellRange(r) for r in re.findall(r'<mergeCell ref="([^"]+)"', xml)
            ]
    return out


def _metadata(rows: Any) -> dict[str, str]:
    labels = {fold(text): key for key, names in META.items() for text in names.values()}
    found: dict[str, str] = {}
    for row in rows:
        if not row or row[0] is None:
            continue
        key = labels.get(fold(str(row[0])))
        if key and len(row) > 1 and row[1] is not None and str(row[1]).strip():
            value = row[1]
            found[key] = value.date().isoformat() if hasattr(value, "date") else str(value).strip()
    return found


def _sheet(
    name: str,
    title: str,
    spec: SheetSpec,
    grid: dict[tuple[int, int], Any],
    formulas: set[tuple[int, int]],
    problems: list[Problem],
) -> RawSheet:
    headers: dict[int, str] = {}
    columns: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for (row, col), value in sorted(grid.items()):
        if row != 1:
            continue
        text = str(value).strip()
        headers[col] = text
        column = _column_for(spec, text)
        cell = f"{letter(col)}1"
        if column is None:
            problems.append(
                _problem(
                    name,
                    title,
                    cell,
                    text,
                    text,
                    f"The column “{text}” is not a column of the {spec.names['en']} sheet, so "
                    "its values would be lost.",
                    f"La columna «{text}» no es una columna de la hoja {spec.names['es']}, por "
                    "lo que sus valores se perderían.",
                    "rename it to one of the template's headers, or delete the column",
                )
            )
        elif column.key in seen:
            problems.append(
                _problem(
                    name,
                    title,
                    cell,
                    text,
                    text,
                    f"The column “{text}” appears twice (also in column "
                    f"{letter(seen[column.key])}).",
                    f"La columna «{text}» aparece dos veces (también en la columna "
                    f"{letter(seen[column.key])}).",
                    "keep one of the two columns",
                )
            )
        else:
            seen[column.key] = col
            columns[col] = column
    body: dict[int, dict[int, Any]] = {}
    for (row, col), value in grid.items():
        if row > 1:
            body.setdefault(row, {})[col] = value
    for row, col in sorted(formulas):
        problems.append(
            _problem(
                name,
                title,
                f"{letter(col)}{row}",
                headers.get(col, ""),
                grid.get((row, col)),
                "This cell holds a formula; the import reads values, not formulas, and a "
                "formula's result is not stored in the file reliably.",
                "Esta celda contiene una fórmula; la importación lee valores, no fórmulas, y "
                "el resultado de una fórmula no se guarda en el archivo de forma fiable.",
                "replace the formula by its value (copy, then paste values only)",
            )
        )
    if body:
        for column in spec.columns:
            if column.required and column.key not in seen:
                problems.append(
                    _problem(
                        name,
                        title,
                        f"{letter(max(headers, default=0) + 1)}1",
                        column.header("en"),
                        "",
                        f"The required column “{column.header('en')}” is missing from the "
                        f"{spec.names['en']} sheet.",
                        f"Falta la columna obligatoria «{column.header('es')}» en la hoja "
                        f"{spec.names['es']}.",
                        f"add a column headed “{column.header('en')}” and fill it for every row",
                    )
                )
    rows = [(row, cells) for row, cells in sorted(body.items())]
    return RawSheet(title, spec, columns, headers, rows, formulas)


def _read_csv(folder: Path) -> Workbook:
    problems: list[Problem] = []
    files = sorted(folder.glob("*.csv"))
    metadata: dict[str, str] = {}
    sheets: list[RawSheet] = []
    for file in files:
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                table = list(csv.reader(handle))
        except (UnicodeDecodeError, csv.Error) as exc:
            problems.append(
                _problem(
                    file.name,
                    file.stem,
                    "",
                    "",
                    "",
                    f"This CSV file cannot be read: {exc}.",
                    f"Este archivo CSV no se puede leer: {exc}.",
                    "save it as CSV UTF-8 (comma delimited)",
                )
            )
            continue
        if fold(file.stem) in {fold(n) for n in ABOUT.values()}:
            metadata = _metadata(table)
            continue
        spec = sheet_for(file.stem)
        if spec is None:
            problems.append(
                _problem(
                    file.name,
                    file.stem,
                    "A1",
                    "",
                    "",
                    f"The file “{file.name}” is not named after a sheet of the template.",
                    f"El archivo «{file.name}» no lleva el nombre de una hoja de la plantilla.",
                    "name it after its sheet, for example Activities.csv",
                )
            )
            continue
        grid = {
            (r, c): value
            for r, row in enumerate(table, start=1)
            for c, value in enumerate(row, start=1)
            if value.strip()
        }
        formulas = {key for key, value in grid.items() if value.startswith("=")}
        sheets.append(_sheet(file.name, file.stem, spec, grid, formulas, problems))
    if not files:
        problems.append(
            _problem(
                folder.name,
                "",
                "",
                "",
                "",
                "This folder holds no CSV files.",
                "Esta carpeta no contiene archivos CSV.",
                "put one CSV file per sheet in it, named after the sheet (Activities.csv)",
            )
        )
    return Workbook(folder, folder.name, _digest(files), metadata, sheets, problems, csv=True)
