"""Typed results: query rows, entities, source references, provenance, search matches.

Every result is immutable, prints readably and renders as an HTML table in Jupyter.
:class:`QueryResult` turns RDF terms into Python values (IRIs as ``str``, ``xsd:integer`` as
``int``, ``xsd:decimal`` as ``int`` or ``float``, dates as :class:`datetime.date`...) and
into pandas, CSV or JSON.

Example:
    >>> import pyoxigraph as ox
    >>> school = ox.NamedNode("https://w3id.org/habitatkg/data/school-amado-nervo")
    >>> decimal_type = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    >>> r = QueryResult.from_terms(("school", "students"),
    ...                            [(school, ox.Literal("1098", datatype=decimal_type))])
    >>> r.rows
    (('https://w3id.org/habitatkg/data/school-amado-nervo', 1098),)
    >>> r.to_dataframe().loc[0, "students"]
    np.int64(1098)
"""

from __future__ import annotations

import collections
import csv
import datetime
import decimal
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pyoxigraph as ox

from habitatkg._sparql import PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "Entity",
    "EntityList",
    "Label",
    "Match",
    "Provenance",
    "QueryResult",
    "SourceRef",
    "compact",
    "python_value",
    "safe_cell",
    "spreadsheet_safe",
]

_XSD = PREFIXES["xsd"]
_INTEGER_TYPES = {
    f"{_XSD}{name}"
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
        "gYear",
    )
}
_MAX_HTML_ROWS = 50
_MAX_REPR_CELL = 40
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def compact(iri: str) -> str:
    """Shorten an IRI with the pre-bound prefixes (``hkd:school-amado-nervo``).

    Args:
        iri: An IRI.

    Returns:
        The prefixed name, or the IRI unchanged.

    Example:
        >>> compact("https://w3id.org/habitatkg/ontology#School")
        'hk:School'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            local = iri[len(namespace) :]
            if local and all(c.isalnum() or c in "-_." for c in local):
                best = namespace
                name = f"{prefix}:{local}"
    return name if best else iri


def python_value(term: Any) -> Any:
    """The Python value of an RDF term (pyoxigraph); ``None`` stays ``None``.

    Args:
        term: A pyoxigraph ``NamedNode``, ``BlankNode``, ``Literal`` or ``None``.

    Returns:
        ``str`` for IRIs (``"_:id"`` for blank nodes), and for literals ``int``, ``float``,
        ``bool``, :class:`datetime.date`, :class:`datetime.datetime` or ``str``.

    Example:
        >>> python_value(ox.Literal("4.50", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))
        4.5
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return str(term)
    value, datatype = term.value, term.datatype.value
    try:
        if datatype in _INTEGER_TYPES:
            return int(value)
        if datatype == f"{_XSD}decimal":
            number = decimal.Decimal(value)
            return int(number) if number == number.to_integral_value() else float(number)
        if datatype in {f"{_XSD}double", f"{_XSD}float"}:
            return float(value)
        if datatype == f"{_XSD}boolean":
            return value in {"true", "1"}
        if datatype == f"{_XSD}date":
            return datetime.date.fromisoformat(value)
        if datatype == f"{_XSD}dateTime":
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, decimal.InvalidOperation):
        return value
    return value


def safe_cell(value: Any, width: int | None = None) -> str:
    r"""A cell as text for a terminal: control and bidirectional characters escaped, cut.

    Args:
        value: The cell.
        width: Cut longer text to this many characters, ending in ``…``.

    Returns:
        The text.

    Example:
        >>> safe_cell("a\\nb"), safe_cell("x" * 10, 5)
        ('a\\nb', 'xxxx…')
    """
    text = str(value)
    if any(c < " " or "\x7f" <= c <= "\x9f" or c in _BIDI for c in text):
        text = "".join(_escape(c) for c in text)
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _escape(char: str) -> str:
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    if char == "\r":
        return "\\r"
    if char < " " or "\x7f" <= char <= "\x9f":
        return f"\\x{ord(char):02x}"
    if char in _BIDI:
        return f"\\u{ord(char):04x}"
    return char


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP CSV injection).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe; numbers and other values are unchanged.

    Args:
        value: The cell.

    Returns:
        The cell, neutralised if needed.

    Example:
        >>> spreadsheet_safe("@SUM(A1)"), spreadsheet_safe(-5), spreadsheet_safe("Unir")
        ("'@SUM(A1)", -5, 'Unir')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell_html(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and (text.startswith(("http://", "https://", "urn:"))):
        return f'<code title="{escape(text)}">{escape(compact(text))}</code>'
    return escape(text)


def _table_html(columns: Sequence[str], rows: Sequence[Sequence[Any]], caption: str) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell_html(v)}</td>" for v in row) + "</tr>"
        for row in rows[:_MAX_HTML_ROWS]
    )
    more = f"<p>… {len(rows) - _MAX_HTML_ROWS} more rows</p>" if len(rows) > _MAX_HTML_ROWS else ""
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f"<div><p>{escape(caption)}</p>{table}{more}</div>"


@dataclass(frozen=True)
class QueryResult:
    """The result of a SPARQL query: rows of Python values, or a boolean for ``ASK``.

    Iterating yields one named tuple per row (fields named after the variables).
    ``CONSTRUCT``/``DESCRIBE`` results have the variables ``subject``, ``predicate``, ``object``.

    Attributes:
        variables: The column names (SPARQL variables without ``?``).
        terms: The rows as RDF terms (pyoxigraph), ``None`` for unbound.
        kind: ``"select"``, ``"ask"`` or ``"graph"``.
        boolean: The answer of an ``ASK`` query, else ``None``.

    Example:
        >>> r = QueryResult.from_terms(("n",), [(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),)])
        >>> [row.n for row in r]
        [3]
        >>> print(r.to_csv(), end="")
        n
        3
    """

    variables: tuple[str, ...]
    terms: tuple[tuple[Any, ...], ...]
    kind: Literal["select", "ask", "graph"] = "select"
    boolean: bool | None = None
    labeler: Callable[[str], str | None] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_terms(
        cls,
        variables: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        kind: Literal["select", "ask", "graph"] = "select",
        boolean: bool | None = None,
        labeler: Callable[[str], str | None] | None = None,
    ) -> QueryResult:
        """Build a result from variable names and rows of pyoxigraph terms.

        Args:
            variables: Column names.
            rows: Rows of terms (``None`` for unbound).
            kind: The query form.
            boolean: The answer of an ``ASK`` query.
            labeler: IRI to label, used by ``to_dataframe(labels=True)``.

        Returns:
            The result.
        """
        return cls(tuple(variables), tuple(tuple(r) for r in rows), kind, boolean, labeler)

    @property
    def rows(self) -> tuple[tuple[Any, ...], ...]:
        """The rows as tuples of Python values."""
        return tuple(tuple(python_value(t) for t in row) for row in self.terms)

    @property
    def columns(self) -> list[str]:
        """The column names (same as :attr:`variables`, as a list, like pandas)."""
        return list(self.variables)

    def __len__(self) -> int:
        return len(self.terms)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else bool(self.terms)

    def __iter__(self) -> Iterator[Any]:
        row_type = collections.namedtuple("Row", self.variables, rename=True)  # type: ignore[misc]
        for row in self.rows:
            yield row_type(*row)

    def itertuples(self, index: bool = False, name: str | None = None) -> Iterator[tuple[Any, ...]]:
        """Rows as plain tuples, like ``pandas.DataFrame.itertuples(index=False, name=None)``.

        Args:
            index: Must be ``False`` (there is no index).
            name: Must be ``None`` (plain tuples).

        Yields:
            One tuple of Python values per row.
        """
        if index or name is not None:
            raise ValueError(
                "QueryResult.itertuples only supports index=False, name=None; use to_dataframe()"
            )
        yield from self.rows

    def column(self, name: str) -> list[Any]:
        """The Python values of one column.

        Args:
            name: A variable name.

        Returns:
            The values, in row order.

        Raises:
            KeyError: No such column.
        """
        if name not in self.variables:
            raise KeyError(f"no column {name!r}; columns: {', '.join(self.variables)}")
        index = self.variables.index(name)
        return [python_value(row[index]) for row in self.terms]

    def to_dataframe(self, *, labels: bool = False) -> pd.DataFrame:
        """The rows as a pandas DataFrame of Python values.

        Args:
            labels: Add a ``<column>_label`` column after each column holding IRIs that has
                no label column of its own (``<column>Label`` or ``<column>_label``).

        Returns:
            The DataFrame (one ``answer`` column for ``ASK``).

        Example:
            >>> r = QueryResult.from_terms(("x",), [(ox.NamedNode("https://w3id.org/habitatkg/ontology#Identify"),)],
            ...                            labeler=lambda iri: "Identify")
            >>> list(r.to_dataframe(labels=True).columns)
            ['x', 'x_label']
        """
        import pandas as pd

        if self.kind == "ask":
            return pd.DataFrame({"answer": [bool(self.boolean)]})
        frame = pd.DataFrame(list(self.rows), columns=list(self.variables))
        if frame.empty:
            frame = pd.DataFrame({name: pd.Series(dtype=object) for name in self.variables})
        if labels and self.labeler is not None:
            for name in list(self.variables):
                if f"{name}Label" in frame.columns or f"{name}_label" in frame.columns:
                    continue
                index = self.variables.index(name)
                if not any(isinstance(row[index], ox.NamedNode) for row in self.terms):
                    continue
                values = [
                    self.labeler(row[index].value) if isinstance(row[index], ox.NamedNode) else None
                    for row in self.terms
                ]
                frame.insert(frame.columns.get_loc(name) + 1, f"{name}_label", values)
        return frame

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """Write the rows as CSV (UTF-8, header row; IRIs in full).

        Text cells starting with ``=``, ``+``, ``-`` or ``@`` get a leading apostrophe, so a
        spreadsheet shows them instead of running them as formulas.

        Args:
            path: File to write; when ``None`` the CSV is only returned.

        Returns:
            The CSV text.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        if self.kind == "ask":
            writer.writerows([["answer"], [str(bool(self.boolean)).lower()]])
        else:
            writer.writerow(self.variables)
            writer.writerows(
                ["" if v is None else spreadsheet_safe(v) for v in row] for row in self.rows
            )
        text = buffer.getvalue()
        if path is not None:
            with Path(path).open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        return text

    def to_json(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        style: Literal["records", "sparql"] = "records",
    ) -> str:
        """Write the rows as JSON.

        Args:
            path: File to write; when ``None`` the JSON is only returned.
            style: ``"records"``: a list of objects of Python values (unbound variables
                omitted); ``"sparql"``: the W3C SPARQL 1.1 Query Results JSON Format.

        Returns:
            The JSON text.

        Example:
            >>> QueryResult.from_terms(("y",), [(ox.Literal("2022", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),)]).to_json()
            '[{"y": 2022}]'
        """
        if style == "sparql":
            document: Any = self._sparql_json()
        elif self.kind == "ask":
            document = {"answer": bool(self.boolean)}
        else:
            document = [
                {
                    k: _json_value(v)
                    for k, v in zip(self.variables, row, strict=True)
                    if v is not None
                }
                for row in self.rows
            ]
        text = json.dumps(document, ensure_ascii=False)
        if path is not None:
            with Path(path).open("w", encoding="utf-8") as handle:
                handle.write(text)
        return text

    def _sparql_json(self) -> dict[str, Any]:
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        bindings = []
        for row in self.terms:
            binding: dict[str, Any] = {}
            for name, term in zip(self.variables, row, strict=True):
                if isinstance(term, ox.NamedNode):
                    binding[name] = {"type": "uri", "value": term.value}
                elif isinstance(term, ox.BlankNode):
                    binding[name] = {"type": "bnode", "value": term.value}
                elif isinstance(term, ox.Literal):
                    item = {"type": "literal", "value": term.value}
                    if term.language:
                        item["xml:lang"] = term.language
                    elif term.datatype.value != f"{_XSD}string":
                        item["datatype"] = term.datatype.value
                    binding[name] = item
            bindings.append(binding)
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}

    def __repr__(self) -> str:
        if self.kind == "ask":
            return f"<QueryResult ASK: {bool(self.boolean)}>"
        shape = f"{len(self)} rows × {len(self.variables)} columns"  # noqa: RUF001
        head = f"<QueryResult: {shape} ({', '.join(self.variables)})>"
        if not self.terms:
            return head
        rows = [[compact(v) if isinstance(v, str) else v for v in row] for row in self.rows[:10]]
        cells = [["" if v is None else safe_cell(v, _MAX_REPR_CELL) for v in row] for row in rows]
        names = [safe_cell(n, _MAX_REPR_CELL) for n in self.variables]
        widths = [
            max(len(x) for x in [name, *[r[i] for r in cells]]) for i, name in enumerate(names)
        ]
        lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
        lines += [
            "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            for row in cells
        ]
        more = [f"... {len(self) - 10} more rows"] if len(self) > 10 else []
        return "\n".join([head, *lines, *more])

    def _repr_html_(self) -> str:
        if self.kind == "ask":
            return f"<p>ASK: <strong>{bool(self.boolean)}</strong></p>"
        return _table_html(self.variables, self.rows, f"{len(self)} rows")


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Label:
    """A label and its language tag (``""`` when untagged)."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class SourceRef:
    """A place in a source document that a curated statement comes from.

    Attributes:
        iri: The ``hk:SourceReference`` node.
        label: Its label (for example ``"Report 2023, Table 4"``).
        document: The IRI of the ``hk:Document``.
        document_label: The document's title or label.
        section: Chapter, section, table or box.
        page: Page in the printed document, where known.
        illustrative: The source is marked ``hk:illustrative true`` (not a real source).
    """

    iri: str
    label: str | None = None
    document: str | None = None
    document_label: str | None = None
    section: str | None = None
    page: int | None = None
    illustrative: bool = False

    def __str__(self) -> str:
        parts = [
            self.document_label or (compact(self.document) if self.document else None),
            self.section,
            f"p. {self.page}" if self.page is not None else None,
        ]
        text = ", ".join(p for p in parts if p) or self.label or compact(self.iri)
        return f"{text} (illustrative)" if self.illustrative else text


@dataclass(frozen=True)
class Entity:
    """A node of the knowledge graph with its labels, kind and sources.

    Attributes:
        iri: The node's IRI.
        labels: Every label (``rdfs:label``, ``skos:prefLabel``), with its language.
        kind: The IRI of its most specific class (``hk:`` classes first), if any.
        kind_label: That class's English label.
        types: Every class it is directly declared an instance of.
        sources: Where the sources state it (``hk:source``).
        definition: Its English definition or comment, if any.
        illustrative: Marked ``hk:illustrative true`` (made-up example data).

    Example:
        >>> labels = (Label("Kanasín", "es"), Label("Kanasín", "en"))
        >>> e = Entity("https://w3id.org/habitatkg/data/place-kanasin", labels)
        >>> e.label, e.curie
        ('Kanasín', 'hkd:place-kanasin')
    """

    iri: str
    labels: tuple[Label, ...] = ()
    kind: str | None = None
    kind_label: str | None = None
    types: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    definition: str | None = None
    illustrative: bool = False

    @property
    def label(self) -> str:
        """The English label, else the Spanish, else any label, else the prefixed name."""
        return (
            self.label_in("en")
            or self.label_in("es")
            or (self.labels[0].text if self.labels else self.curie)
        )

    def label_in(self, lang: str) -> str | None:
        """The first label in a language (``None`` if there is none).

        Args:
            lang: A language tag such as ``"es"``.

        Returns:
            The label text.
        """
        for label in self.labels:
            if label.lang.lower().split("-")[0] == lang.lower():
                return label.text
        return None

    @property
    def curie(self) -> str:
        """The IRI shortened with the pre-bound prefixes."""
        return compact(self.iri)

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        kind = f" ({self.kind_label or compact(self.kind)})" if self.kind else ""
        mark = " [illustrative]" if self.illustrative else ""
        return f"Entity({self.curie}: {self.label!r}{kind}{mark})"

    def _repr_html_(self) -> str:
        labels = "; ".join(
            f"{escape(x.text)} <small>@{escape(x.lang)}</small>" if x.lang else escape(x.text)
            for x in self.labels
        )
        sources = (
            "".join(f"<li>{escape(str(s))}</li>" for s in self.sources)
            or "<li><em>none recorded</em></li>"
        )
        rows = [
            ("IRI", f"<code>{escape(self.iri)}</code>"),
            ("kind", escape(self.kind_label or (compact(self.kind) if self.kind else "—"))),
            ("labels", labels),
        ]
        if self.definition:
            rows.append(("definition", escape(self.definition)))
        if self.illustrative:
            rows.append(("note", "<strong>illustrative data, not from the sources</strong>"))
        rows.append(("sources", f"<ul>{sources}</ul>"))
        body = "".join(
            f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>"
            for k, v in rows
        )
        return f"<div><strong>{escape(self.label)}</strong><table>{body}</table></div>"


@dataclass(frozen=True)
class Match:
    """One hit of a label search.

    Attributes:
        iri: The node found.
        label: The label that matched.
        lang: Its language tag.
        score: 1.0 for an exact match (case and accents folded), less for partial matches.
        kind: IRI of the node's most specific class.
        kind_label: That class's English label.
    """

    iri: str
    label: str
    lang: str = ""
    score: float = 1.0
    kind: str | None = None
    kind_label: str | None = None

    def __repr__(self) -> str:
        kind = f" ({self.kind_label or compact(self.kind)})" if self.kind else ""
        return f"Match({compact(self.iri)}: {self.label!r}{kind}, score={self.score:.2f})"


class EntityList(tuple):  # type: ignore[type-arg,unused-ignore]
    """A tuple of :class:`Entity` or :class:`Match` that prints as a table.

    Example:
        >>> label = (Label("Identify", "en"),)
        >>> identify = Entity("https://w3id.org/habitatkg/ontology#Identify", label)
        >>> EntityList([identify])
        EntityList[1]:
          hk:Identify  Identify
    """

    def to_dataframe(self) -> pd.DataFrame:
        """One row per item: label, kind (language and score for matches), then the IRI.

        Returns:
            The DataFrame.
        """
        import pandas as pd

        records = []
        for item in self:
            record = {"label": item.label, "kind": item.kind_label or item.kind}
            if isinstance(item, Match):
                record.update(lang=item.lang, score=item.score)
            record["iri"] = item.iri
            records.append(record)
        return pd.DataFrame(
            records,
            columns=["label", "kind", "lang", "score", "iri"]
            if any(isinstance(i, Match) for i in self)
            else ["label", "kind", "iri"],
        )

    def __repr__(self) -> str:
        lines = [f"EntityList[{len(self)}]:"]
        for item in self:
            kind = f"  ({item.kind_label})" if item.kind_label else ""
            lines.append(f"  {compact(item.iri)}  {item.label}{kind}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(item.iri, item.label, item.kind_label or "") for item in self]
        return _table_html(("iri", "label", "kind"), rows, f"{len(self)} items")


@dataclass(frozen=True)
class Provenance:
    """Where a node or a statement comes from.

    Attributes:
        subject: The node (or the statement's subject).
        statement: ``(subject, predicate, object)`` as IRIs or Python values, when asked
            about a statement.
        sources: Its source references (sources are recorded per node: a statement
            inherits the sources of its subject).
    """

    subject: Entity
    statement: tuple[str, str, Any] | None = None
    sources: tuple[SourceRef, ...] = ()

    @property
    def documents(self) -> tuple[str, ...]:
        """The distinct documents cited, in order."""
        return tuple(dict.fromkeys(s.document_label or s.document or s.iri for s in self.sources))

    def to_dataframe(self) -> pd.DataFrame:
        """One row per source reference.

        Returns:
            The DataFrame (source, document, document_label, section, page, illustrative).
        """
        import pandas as pd

        return pd.DataFrame(
            [
                (s.iri, s.document, s.document_label, s.section, s.page, s.illustrative)
                for s in self.sources
            ],
            columns=["source", "document", "document_label", "section", "page", "illustrative"],
        )

    def __repr__(self) -> str:
        what = self.subject.label
        if self.statement:
            predicate, obj = compact(self.statement[1]), compact(str(self.statement[2]))
            what = f"{self.subject.label} {predicate} {obj}"
        lines = [f"Provenance of {what}:"] + [f"  - {s}" for s in self.sources]
        if not self.sources:
            lines.append("  (no source recorded)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [
            (str(s), s.section or "", s.page if s.page is not None else "") for s in self.sources
        ]
        return _table_html(
            ("source", "section", "page"), rows, f"Provenance of {self.subject.label}"
        )
