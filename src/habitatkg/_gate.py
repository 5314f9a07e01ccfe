"""The input gate: every file habitatkg reads passes :func:`admit` first, with the same limits.

``validate``, ``load`` (API and ``load --store``), ``docs --data``, ``query --data`` and every
other entry point call :func:`admit` before any parser sees a file. It checks, cheaply and
without the network:

* the file exists, is a file, and its format can be told (:class:`~habitatkg._formats.RDFFormat`);
* RDF/XML: no external or parameter entities, no entity defined through another (the
  "billion laughs"), at most :data:`MAX_ENTITY_EXPANSION` characters added by entity
  references in all (the "quadratic blowup"), elements nested at most :data:`MAX_XML_DEPTH`
  deep, no text or attribute longer than :data:`MAX_LITERAL_BYTES`;
* line-based text formats: no literal or IRI longer than :data:`MAX_LITERAL_BYTES` (a single
  pass over the bytes; a slower exact check only when a line could be that long);
* JSON-LD (checked when parsed, :func:`check_json`): nesting at most :data:`MAX_JSON_DEPTH`,
  strings at most :data:`MAX_LITERAL_BYTES`.

Refusals are :class:`~habitatkg._errors.InputLimitError` (a ``DataFormatError``) naming the file
and line. :func:`bad_literal` is the one rule for ill-typed literals (``"abc"^^xsd:integer``),
used by every parser path; :func:`check_argument` limits the length of user arguments (labels).

Example:
    >>> import tempfile, pathlib
    >>> bomb = pathlib.Path(tempfile.mkdtemp()) / "bomb.rdf"
    >>> _ = bomb.write_text('<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><r>&b;</r>')
    >>> try:
    ...     admit(bomb)
    ... except InputLimitError as error:
    ...     print(error.line, error.message[:39])
    1 the entity &b; is defined through other
"""

from __future__ import annotations

import mmap
import os
import pyexpat
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from habitatkg._errors import (
    DataFileNotFoundError,
    DataFormatError,
    EmptyDataError,
    InputLimitError,
)
from habitatkg._formats import RDFFormat

__all__ = [
    "MAX_ARGUMENT_CHARS",
    "MAX_ENTITY_EXPANSION",
    "MAX_JSON_DEPTH",
    "MAX_LITERAL_BYTES",
    "MAX_XML_DEPTH",
    "OX_FORMATS",
    "Admitted",
    "admit",
    "bad_literal",
    "check_argument",
    "check_json",
]

#: The longest literal, IRI, XML text or attribute value, in bytes (UTF-8): 8 MiB.
MAX_LITERAL_BYTES = 8 * 2**20
#: The deepest nesting of RDF/XML elements.
MAX_XML_DEPTH = 1000
#: The most characters that entity references may add to an RDF/XML file, in all.
MAX_ENTITY_EXPANSION = 16 * 2**20
#: The deepest nesting of JSON arrays and objects in a JSON-LD file.
MAX_JSON_DEPTH = 256
#: The longest user argument (a label, a name to look up), in characters.
MAX_ARGUMENT_CHARS = 10_000

#: The pyoxigraph parser of each format.
OX_FORMATS: dict[RDFFormat, Any] = {}

_LINE_FORMATS = {RDFFormat.TURTLE, RDFFormat.NTRIPLES, RDFFormat.NQUADS, RDFFormat.TRIG}


@dataclass(frozen=True)
class Admitted:
    """A file the gate let through: its path, format and size in bytes."""

    path: Path
    format: RDFFormat
    size: int


def _ox_formats() -> None:
    import pyoxigraph as ox

    OX_FORMATS.update(
        {
            RDFFormat.TURTLE: ox.RdfFormat.TURTLE,
            RDFFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
            RDFFormat.NQUADS: ox.RdfFormat.N_QUADS,
            RDFFormat.TRIG: ox.RdfFormat.TRIG,
            RDFFormat.RDFXML: ox.RdfFormat.RDF_XML,
            RDFFormat.JSONLD: ox.RdfFormat.JSON_LD,
        }
    )


_ox_formats()


def admit(path: str | os.PathLike[str], *, format: RDFFormat | str | None = None) -> Admitted:
    """Check a file before any parser reads it (see the module's description).

    Args:
        path: The file.
        format: Its format (a name or ``RDFFormat``); by default told from the extension.

    Returns:
        The admitted file.

    Raises:
        DataFileNotFoundError: The file does not exist or is not a file.
        UnknownFormatError: The format cannot be told.
        InputLimitError: The file exceeds a limit or uses a refused construct.
        DataFormatError: The file is not well-formed XML (RDF/XML).
    """
    file = Path(os.fspath(path))
    if not file.exists():
        raise DataFileNotFoundError(
            f"no such file: {file} (check the path and the working directory)"
        )
    if not file.is_file():
        raise DataFileNotFoundError(f"{file} is not a file (give the path of an RDF file)")
    fmt = RDFFormat.from_path(file) if format is None else RDFFormat.from_name(format)
    size = file.stat().st_size
    if fmt is RDFFormat.RDFXML:
        if not file.read_bytes()[:4096].strip() if size < 4096 else False:
            raise EmptyDataError(file)
        _scan_xml(file, size)
    elif fmt in _LINE_FORMATS and size >= MAX_LITERAL_BYTES // 2:
        _scan_lines(file, fmt, size)
    return Admitted(file, fmt, size)


def check_argument(value: str, *, what: str = "label") -> str:
    """Refuse a user argument longer than :data:`MAX_ARGUMENT_CHARS` (not echoed back).

    Args:
        value: The argument.
        what: What it is, for the message.

    Returns:
        ``value``.

    Raises:
        InputLimitError: It is too long.

    Example:
        >>> try:
        ...     check_argument("x" * 20_000)
        ... except InputLimitError as error:
        ...     print(error)
        <argument>: the label is 20,000 characters long (the limit is 10,000); give a shorter one.
    """
    if isinstance(value, str) and len(value) > MAX_ARGUMENT_CHARS:
        raise InputLimitError(
            "<argument>",
            None,
            f"the {what} is {len(value):,} characters long (the limit is "
            f"{MAX_ARGUMENT_CHARS:,}); give a shorter one",
        )
    return value


# ---------------------------------------------------------------------------------------------
# RDF/XML


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _scan_xml(file: Path, size: int) -> None:
    """One expat pass: entities, depth, text and attribute sizes (nothing is expanded twice)."""
    parser = pyexpat.ParserCreate()
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    state = {"depth": 0, "text": 0, "total": 0}
    entities: dict[str, int] = {}

    def entity(name: str, is_parameter: int, value: str | None, *rest: object) -> None:
        if is_parameter:
            raise _Refused(f"the parameter entity %{name}; is refused (remove the DTD)")
        if value is None:
            system = rest[1] if len(rest) > 1 else None
            raise _Refused(
                f"the external entity &{name}; (<{system}>) is refused: habitatkg never reads "
                "other files or the network for an XML entity"
            )
        if "&" in value or "<" in value:
            raise _Refused(
                f"the entity &{name}; is defined through other entities or markup (an entity "
                "expansion attack); define entities as plain text"
            )
        entities[name] = len(value)

    def grow(amount: int) -> None:
        state["total"] += amount
        if state["total"] > size + MAX_ENTITY_EXPANSION:
            raise _Refused(
                f"entity references expand the file by more than {MAX_ENTITY_EXPANSION:,} "
                "characters (an entity expansion attack)"
            )

    def start(name: str, attributes: dict[str, str]) -> None:
        state["depth"] += 1
        state["text"] = 0
        if state["depth"] > MAX_XML_DEPTH:
            raise _Refused(f"elements are nested more than {MAX_XML_DEPTH:,} deep")
        for key, value in attributes.items():
            if len(value) > MAX_LITERAL_BYTES:
                raise _Refused(
                    f"the attribute {key} is longer than {MAX_LITERAL_BYTES:,} characters"
                )
            grow(len(value))

    def end(name: str) -> None:
        state["depth"] -= 1
        state["text"] = 0

    def text(data: str) -> None:
        state["text"] += len(data)
        if state["text"] > MAX_LITERAL_BYTES:
            raise _Refused(f"a text is longer than {MAX_LITERAL_BYTES:,} characters")
        grow(len(data))

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ExternalEntityRefHandler = lambda *args: 1  # never read; declarations refused
    try:
        with file.open("rb") as handle:
            parser.ParseFile(handle)
    except _Refused as refusal:
        raise InputLimitError(file, parser.CurrentLineNumber, refusal.message) from None
    except pyexpat.ExpatError as error:
        message = pyexpat.ErrorString(error.code) if error.code else str(error)
        if "amplification" in message:  # expat's own guard against entity expansion
            raise InputLimitError(
                file,
                error.lineno,
                "entity references expand the file too much (an entity expansion attack)",
            ) from None
        raise DataFormatError(file, error.lineno, f"does not parse as rdfxml: {message}") from None
    except RecursionError:
        raise InputLimitError(file, parser.CurrentLineNumber, "nested too deeply") from None


# ---------------------------------------------------------------------------------------------
# Line-based text formats


def _scan_lines(file: Path, fmt: RDFFormat, size: int) -> None:
    """Refuse a literal or IRI over the limit; a C-speed pass unless a line may be that long."""
    half = MAX_LITERAL_BYTES // 2
    with file.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        long_strings = fmt in (RDFFormat.TURTLE, RDFFormat.TRIG) and (
            mm.find(b'"""') >= 0 or mm.find(b"'''") >= 0
        )
        short_lines = all(
            mm.find(b"\n", start, start + half) >= 0 for start in range(0, size - half, half)
        )
    if short_lines and not long_strings:
        return  # every line (so every literal and IRI) is shorter than the limit
    import pyoxigraph as ox

    try:
        for quad in ox.parse(path=os.fspath(file), format=OX_FORMATS[fmt], lenient=True):
            for term in (quad.subject, quad.object):
                value = getattr(term, "value", "")
                if isinstance(value, str) and len(value.encode("utf-8")) > MAX_LITERAL_BYTES:
                    raise InputLimitError(
                        file, None, f"a term is longer than {MAX_LITERAL_BYTES:,} bytes"
                    )
    except MemoryError:
        raise InputLimitError(
            file, None, f"a term is longer than {MAX_LITERAL_BYTES:,} bytes"
        ) from None
    except SyntaxError:
        return  # the parser proper reports it, with its line


# ---------------------------------------------------------------------------------------------
# JSON


def check_json(document: Any, file: Path) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH` or with an over-long string.

    Args:
        document: The parsed JSON.
        file: The file, for the message.

    Raises:
        InputLimitError: Over a limit.
    """
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InputLimitError(
                file, None, f"arrays and objects are nested more than {MAX_JSON_DEPTH} deep"
            )
        if isinstance(node, dict):
            stack.extend((item, depth + 1) for item in node.items())
        elif isinstance(node, (list, tuple)):
            stack.extend((item, depth + (not isinstance(node, tuple))) for item in node)
        elif (
            isinstance(node, str)
            and len(node) > MAX_LITERAL_BYTES // 4
            and len(node.encode("utf-8")) > MAX_LITERAL_BYTES
        ):
            raise InputLimitError(
                file, None, f"a string is longer than {MAX_LITERAL_BYTES:,} bytes"
            )


# ---------------------------------------------------------------------------------------------
# Ill-typed literals: one rule for every parser

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)")
_TZ = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_DATE = re.compile(_YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TZ)
_DATETIME = re.compile(
    _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T"
    r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)" + _TZ
)
_GYEAR = re.compile(_YEAR + _TZ)
_BOUNDS = {
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
    "integer": (None, None),
}
_PATTERNS = {
    "decimal": _DECIMAL,
    "double": _DOUBLE,
    "float": _DOUBLE,
    "date": _DATE,
    "dateTime": _DATETIME,
    "gYear": _GYEAR,
}


def bad_literal(lexical: str, datatype: str) -> str | None:
    """Why ``lexical`` is not a valid form of the XSD ``datatype``, or ``None``.

    ``None`` also when the datatype is not one of those checked (the numeric, boolean, date
    and year types); one rule for every parser path.

    Args:
        lexical: The literal's lexical form.
        datatype: The datatype IRI.

    Returns:
        The reason, or ``None``.

    Example:
        >>> bad_literal("abc", "http://www.w3.org/2001/XMLSchema#integer")
        "'abc' is not a valid xsd:integer"
        >>> bad_literal("2023", "http://www.w3.org/2001/XMLSchema#gYear") is None
        True
    """
    if not datatype.startswith(_XSD):
        return None
    name = datatype[len(_XSD) :]
    lexical = lexical.strip(" \t\n\r")
    shown = lexical if len(lexical) <= 40 else lexical[:40] + "..."
    reason = f"{shown!r} is not a valid xsd:{name}"
    if name == "boolean":
        return None if lexical in ("true", "false", "1", "0") else reason
    if name in _BOUNDS:
        if not _INTEGER.fullmatch(lexical):
            return reason
        low, high = _BOUNDS[name]
        value = int(lexical) if len(lexical) < 4000 else 0
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{shown!r} is out of the range of xsd:{name}"
        return None
    pattern = _PATTERNS.get(name)
    if pattern is None:
        return None
    if not pattern.fullmatch(lexical):
        return reason
    if name == "decimal":
        try:
            Decimal(lexical)
        except InvalidOperation:  # pragma: no cover - the pattern already refuses
            return reason
    return None
