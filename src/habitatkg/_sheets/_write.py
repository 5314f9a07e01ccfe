"""Writing the records workbook: the empty template, or records exported into it.

The first sheet explains the workbook and holds its metadata; then one sheet per kind of
record (columns from :mod:`._spec`), with dropdown lists of labels (data validation pointing
at a hidden sheet of lists), number and date checks, and each header's help as a comment.

Example:
    >>> import tempfile, pathlib, openpyxl
    >>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx", lang="es")
    >>> openpyxl.load_workbook(path).sheetnames[:3]
    ['Acerca de', 'Organizaciones', 'Actividades']
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from habitatkg._sheets._atomic import write_with
from habitatkg._sheets._read import ABOUT, LISTS, META, letter
from habitatkg._sheets._spec import XSD, Column, SheetSpec, workbook_spec

__all__ = ["write_template", "write_workbook"]

_TEXT = {
    "en": [
        "habitatkg records workbook",
        "Use this workbook to add your own records to the habitatkg knowledge graph: partner "
        "organizations, activities (partner x school x capability x year x target group x phase "
        "x SDG target), schools, places, people and their roles, and yearly figures.",
        "One row per record. Columns marked * are required. Cells with a dropdown take a name "
        "from the list (English or Spanish names are both accepted; case and accents do not "
        "matter). Where a column takes several values, separate them with a semicolon (;).",
        "The ID column is optional: give an ID (such as act-001, or hkd:school-amado-nervo to "
        "add to a known entry) to keep a record's identity stable; without one it is made from "
        "the English name. Rows can name records of other sheets by their name or ID.",
        "Do not merge cells or use formulas; type values. Then run: habitatkg import THIS.xlsx "
        "-o records.ttl. Every problem is listed with its sheet and cell; --annotate "
        "checked.xlsx writes a copy with the problem cells highlighted and commented.",
        "Each imported record keeps its provenance: this file (name and checksum), the sheet and "
        "row, the time of the import, and the person and organization below.",
    ],
    "es": [
        "Libro de registros de habitatkg",
        "Use este libro para agregar sus propios registros al grafo de conocimiento habitatkg: "
        "organizaciones aliadas, actividades (aliado x escuela x capacidad x año x grupo "
        "destinatario x fase x meta ODS), escuelas, lugares, personas y sus roles, y cifras "
        "anuales.",
        "Una fila por registro. Las columnas marcadas con * son obligatorias. Las celdas con "
        "lista desplegable llevan un nombre de la lista (se aceptan nombres en español o en "
        "inglés; no importan mayúsculas ni acentos). Donde una columna admite varios valores, "
        "sepárelos con punto y coma (;).",
        "La columna ID es opcional: dé un ID (como act-001, o hkd:school-amado-nervo para "
        "agregar datos a una entrada conocida) para que la identidad del registro sea estable; "
        "sin ID se forma con el nombre en inglés. Las filas pueden nombrar registros de otras "
        "hojas por su nombre o su ID.",
        "No combine celdas ni use fórmulas; escriba los valores. Luego ejecute: habitatkg import "
        "ESTE.xlsx -o registros.ttl. Cada problema se indica con su hoja y su celda; --annotate "
        "revisado.xlsx escribe una copia con las celdas con problemas resaltadas y comentadas.",
        "Cada registro importado conserva su procedencia: este archivo (nombre y suma de "
        "verificación), la hoja y la fila, la hora de la importación, y la persona y la "
        "organización indicadas abajo.",
    ],
}


def _list_values(column: Column, kg: Any, lang: str) -> list[str]:
    """The labels a dropdown offers."""
    if column.allowed:
        iris: Iterable[str] = column.allowed
    elif column.node_class and kg is not None and column.key != "hk:source":
        rows = kg.query(
            "SELECT DISTINCT ?s WHERE { ?s a/rdfs:subClassOf* ?c FILTER(isIRI(?s)) }",
            c=column.node_class,
        ).rows
        iris = sorted(str(r[0]) for r in rows)
    else:
        return []
    labels = [_label(kg, iri, lang) for iri in iris]
    return (
        sorted(dict.fromkeys(label for label in labels if label), key=str.casefold)
        if not column.allowed
        else list(dict.fromkeys(labels))
    )


def _label(kg: Any, iri: str, lang: str) -> str:
    if kg is None:
        return iri
    rows = kg.query(
        "SELECT ?l WHERE { ?s rdfs:label|skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), ?lang)) }",
        s=iri,
        lang=ox.Literal(lang),  # a literal, not a label to resolve
    ).rows
    if rows:
        return str(rows[0][0])
    return str(kg.label_of(iri))


def write_workbook(
    path: str | os.PathLike[str],
    *,
    lang: str = "en",
    records: Mapping[str, Sequence[Mapping[str, Sequence[Any]]]] | None = None,
    metadata: Mapping[str, str] | None = None,
    kg: Any = None,
) -> Path:
    """Write the workbook (atomically), empty or with records.

    Args:
        path: The .xlsx file to write.
        lang: ``"en"`` or ``"es"``: headers, sheet names and list labels.
        records: Sheet key to rows; a row maps column keys to their values (already cell
            values: text, numbers, booleans, dates).
        metadata: Values for the About sheet (keys of :data:`~._read.META`).
        kg: The knowledge graph the dropdown lists are read from (the packaged one by default).

    Returns:
        The path written.
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    if lang not in {"en", "es"}:
        raise ValueError(f"the template's language is 'en' or 'es', not {lang!r}")
    if kg is None:
        from habitatkg._kg import load

        kg = load()
    records = records or {}
    book = openpyxl.Workbook()
    about = book.active
    about.title = ABOUT[lang]
    texts = _TEXT[lang]
    about["A1"] = texts[0]
    about["A1"].font = Font(bold=True, size=14)
    for i, text in enumerate(texts[1:], start=2):
        about.cell(i, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        about.merge_cells(start_row=i, start_column=1, end_row=i, end_column=4)
        about.row_dimensions[i].height = 60
    start = len(texts) + 2
    meta = dict(metadata or {})
    meta.setdefault("language", lang)
    for offset, (key, names) in enumerate(META.items()):
        about.cell(start + offset, 1, names[lang]).font = Font(bold=True)
        about.cell(start + offset, 2, meta.get(key))
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 50
    about.column_dimensions["C"].width = 30
    about.column_dimensions["D"].width = 30
    lists = book.create_sheet(LISTS[lang])
    lists.sheet_state = "hidden"
    list_col = 0
    required_fill = PatternFill("solid", fgColor="FFE699")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for spec in workbook_spec():
        ws = book.create_sheet(spec.names[lang])
        rows = records.get(spec.key, ())
        last = max(len(rows) + 1, 1) + 500
        for index, column in enumerate(spec.columns, start=1):
            cell = ws.cell(1, index, column.header(lang))
            cell.font = Font(bold=True)
            cell.fill = required_fill if column.required else header_fill
            help_text = column.help.get(lang) or column.help.get("en")
            note = _note(column, lang, help_text)
            cell.comment = Comment(note, "habitatkg", width=320, height=160)
            ws.column_dimensions[letter(index)].width = max(12, min(40, len(cell.value) + 4))
            target = f"{letter(index)}2:{letter(index)}{last}"
            values = _list_values(column, kg, lang)
            if values:
                list_col += 1
                lists.cell(1, list_col, f"{spec.key}:{column.key}")
                for r, value in enumerate(values, start=2):
                    lists.cell(r, list_col, value)
                ref = f"{LISTS[lang]}!${letter(list_col)}$2:${letter(list_col)}${len(values) + 1}"
                dv = DataValidation(type="list", formula1=f"={ref}", allow_blank=True)
                dv.errorStyle = "warning"  # several values (a; b) and the other language too
                dv.error = (
                    "Choose a value from the list" if lang == "en" else "Elija un valor de la lista"
                )
                ws.add_data_validation(dv)
                dv.add(target)
            elif column.datatype in {f"{XSD}integer", f"{XSD}decimal"} and not column.multiple:
                kind = "whole" if column.datatype.endswith("integer") else "decimal"
                low = column.minimum if column.minimum is not None else -(10**12)
                high = column.maximum if column.maximum is not None else 10**12
                dv = DataValidation(
                    type=kind,
                    operator="between",
                    formula1=str(low),
                    formula2=str(high),
                    allow_blank=True,
                )
                dv.error = f"{low} to {high}"
                ws.add_data_validation(dv)
                dv.add(target)
            elif column.datatype == f"{XSD}date":
                dv = DataValidation(
                    type="date", operator="greaterThan", formula1="1", allow_blank=True
                )
                ws.add_data_validation(dv)
                dv.add(target)
            if column.datatype == f"{XSD}string" or column.key == "@id":
                for r in range(2, len(rows) + 2):
                    ws.cell(r, index).number_format = "@"
        for r, row in enumerate(rows, start=2):
            for index, column in enumerate(spec.columns, start=1):
                values = list(row.get(column.key, ()))
                if not values:
                    continue
                if len(values) == 1:
                    ws.cell(r, index, values[0])
                else:
                    ws.cell(r, index, "; ".join(str(v) for v in values))
        ws.freeze_panes = "B2"
    book.move_sheet(lists, offset=len(book.sheetnames))
    write_with(path, lambda temp: book.save(temp))
    return Path(path)


def _note(column: Column, lang: str, help_text: str | None) -> str:
    parts = []
    if column.required:
        parts.append("Required." if lang == "en" else "Obligatoria.")
    if column.multiple and column.key != "@id":
        parts.append(
            "Several values: separate them with ;"
            if lang == "en"
            else "Varios valores: sepárelos con ;"
        )
    if column.datatype:
        local = column.datatype[len(XSD) :]
        names = {
            "en": {
                "integer": "a whole number",
                "decimal": "a number",
                "boolean": "yes or no",
                "date": "a date",
                "anyURI": "a web address (https://...)",
                "string": "text",
            },
            "es": {
                "integer": "un número entero",
                "decimal": "un número",
                "boolean": "sí o no",
                "date": "una fecha",
                "anyURI": "una dirección web (https://...)",
                "string": "texto",
            },
        }
        parts.append(("Write " if lang == "en" else "Escriba ") + names[lang].get(local, local))
    if column.minimum is not None or column.maximum is not None:
        parts.append(
            f"{column.minimum if column.minimum is not None else ''} to "
            f"{column.maximum if column.maximum is not None else ''}"
        )
    if column.pattern:
        parts.append(("Pattern: " if lang == "en" else "Patrón: ") + column.pattern)
    if help_text:
        parts.append(help_text)
    return " ".join(parts) or column.header(lang)


def write_template(path: str | os.PathLike[str], *, lang: str = "en", kg: Any = None) -> Path:
    """Write the empty records template.

    Args:
        path: The .xlsx file.
        lang: ``"en"`` or ``"es"``.
        kg: Where the dropdown lists come from (the packaged data by default).

    Returns:
        The path written.
    """
    today = datetime.date.today().isoformat()
    del today
    return write_workbook(path, lang=lang, kg=kg)


def sheet_specs() -> tuple[SheetSpec, ...]:
    """The sheets, in workbook order."""
    return workbook_spec()
