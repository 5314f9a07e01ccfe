"""Turning one cell into RDF values: typed literals, closed-list values and links by label.

Example:
    >>> import pyoxigraph as ox
    >>> from habitatkg._sheets._spec import workbook_spec
    >>> year = workbook_spec()[1].column("hk:year")
    >>> literal(year, 2022.0, from_text=False)
    <Literal value=2022 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    >>> literal(year, "2022", from_text=False)
    Traceback (most recent call last):
    ...
    habitatkg._sheets._values.CellError: The year is written as text, not as a number.
"""

from __future__ import annotations

import datetime
import decimal
import re
from typing import Any

import pyoxigraph as ox

from habitatkg._resolve import fold
from habitatkg._sheets._spec import XSD, Column

__all__ = ["CellError", "literal", "split"]

_TRUE = {"true", "yes", "y", "si", "verdadero", "1", "x"}
_FALSE = {"false", "no", "n", "falso", "0"}
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")
_URL = re.compile(r"https?://\S+")


class CellError(ValueError):
    """A cell's value cannot be read; ``fix`` and ``es`` say what to do, in Spanish too."""

    def __init__(self, message: str, es: str, fix: str) -> None:
        super().__init__(message)
        self.es, self.fix = es, fix


def split(column: Column, value: Any) -> list[Any]:
    """The values of a cell: ``;`` or new lines separate them in columns that take several."""
    if isinstance(value, str):
        parts = re.split(r"[;\n]", value) if column.multiple else [value]
        return [p.strip() for p in parts if p.strip()]
    return [value]


def _number(column: Column, value: Any, from_text: bool) -> decimal.Decimal:
    what = column.labels["en"].lower()
    que = column.labels["es"].lower()
    if isinstance(value, bool):
        raise CellError(
            f"The {what} must be a number, not true/false.",
            f"El campo «{que}» debe ser un número, no verdadero/falso.",
            "type a number",
        )
    if isinstance(value, int):
        return decimal.Decimal(value)
    if isinstance(value, float):
        return decimal.Decimal(repr(value))
    text = str(value).strip()
    if _NUMBER.fullmatch(text.replace(",", "")) and not from_text:
        raise CellError(
            f"The {what} is written as text, not as a number.",
            f"El campo «{que}» está escrito como texto, no como número.",
            "retype it as a number (without quotes or a leading apostrophe)",
        )
    if from_text and _NUMBER.fullmatch(text):
        return decimal.Decimal(text)
    raise CellError(
        f"The {what} must be a number; “{text}” is not one.",
        f"El campo «{que}» debe ser un número; «{text}» no lo es.",
        "type the number in digits, without thousands separators, e.g. 1098",
    )


def literal(column: Column, value: Any, *, from_text: bool, lang: str | None = None) -> ox.Literal:
    """The RDF literal of one value of a literal column.

    Args:
        column: The column.
        value: The value as openpyxl (or the CSV reader) gives it.
        from_text: The file holds only text (CSV): numbers are read from text.
        lang: Language of free-text values without their own (the workbook's).

    Returns:
        The literal.

    Raises:
        CellError: The value does not fit the column.
    """
    if column.lang is not None:
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        tag = column.lang if column.key.startswith("rdfs:label") else (lang or column.lang)
        return ox.Literal(text.strip(), language=tag)
    datatype = column.datatype or f"{XSD}string"
    local = datatype[len(XSD) :]
    if local in {"integer", "decimal"}:
        number = _number(column, value, from_text)
        whole = number == number.to_integral_value()
        if local == "integer" or (whole and f"{XSD}integer" in column.datatypes):
            if not whole:
                raise CellError(
                    f"The {column.labels['en'].lower()} must be a whole number; {number} is not.",
                    f"El campo «{column.labels['es'].lower()}» debe ser un número entero; "
                    f"{number} no lo es.",
                    "type a whole number",
                )
            return ox.Literal(str(int(number)), datatype=ox.NamedNode(f"{XSD}integer"))
        text = format(number.normalize(), "f")
        return ox.Literal(text, datatype=ox.NamedNode(f"{XSD}decimal"))
    if local == "boolean":
        if isinstance(value, bool):
            return ox.Literal("true" if value else "false", datatype=ox.NamedNode(datatype))
        key = fold(str(value))
        if key in _TRUE or key in _FALSE:
            return ox.Literal("true" if key in _TRUE else "false", datatype=ox.NamedNode(datatype))
        raise CellError(
            "Write yes or no (true or false).",
            "Escriba sí o no (verdadero o falso).",
            "choose yes or no",
        )
    if local == "date":
        if isinstance(value, datetime.datetime):
            return ox.Literal(value.date().isoformat(), datatype=ox.NamedNode(datatype))
        if isinstance(value, datetime.date):
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(datatype))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            from openpyxl.utils.datetime import from_excel

            day = from_excel(value)
            return ox.Literal(day.date().isoformat(), datatype=ox.NamedNode(datatype))
        try:
            day = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise CellError(
                f"“{value}” is not a date.",
                f"«{value}» no es una fecha.",
                "write the date as 2023-06-27 or enter it as a date",
            ) from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(datatype))
    if local == "anyURI":
        text = str(value).strip()
        if not _URL.fullmatch(text):
            raise CellError(
                f"“{text}” is not a web address.",
                f"«{text}» no es una dirección web.",
                "write the full address, starting with https://",
            )
        return ox.Literal(text, datatype=ox.NamedNode(datatype))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    return ox.Literal(text, datatype=ox.NamedNode(datatype))
