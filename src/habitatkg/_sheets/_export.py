"""Records of a graph written into the template, so that importing the workbook gives them back.

A value is written only when the template can carry it, that is when importing the cell gives
back the same RDF term: a link is written as the entry's label when that label resolves back
to it (else as its prefixed name, when that resolves), a literal when reading the cell gives
the same literal. :func:`carried` returns exactly the triples written, so a test can compare
them with what the import gives back.

What the template cannot carry (see docs/own-data.md): kinds of entries without a sheet
(source references, documents, concepts, indicators, testimonials, ...), properties no sheet
has a column for (``rdfs:comment``, ``skos:altLabel``, ``hk:objective``...), a second value in
a single-valued column, texts in a language the column does not take, and links to entries
that neither the packaged data nor the exported records describe.

Example:
    >>> import habitatkg as hk
    >>> from habitatkg._sheets._export import records_of
    >>> records = records_of(hk.load())
    >>> len(records["schools"]), len(records["figures"])
    (15, 70)
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from habitatkg._errors import HabitatKGError
from habitatkg._sheets._import import _Resolver
from habitatkg._sheets._spec import XSD, Column, SheetSpec, curie, subclasses, workbook_spec
from habitatkg._sheets._values import CellError, literal, split

__all__ = ["carried", "export_workbook", "records_of"]

#: Sheets checked most specific first (a school is also an organization).
_ORDER = ("schools", "organizations", "activities", "places", "people", "roles", "figures")
_SKIP = ("https://w3id.org/habitatkg/ontology#", "http://metadata.un.org/sdg/")


def _of_class(cls: str, select: str = "?s", more: str = "") -> str:
    """A query for the instances of a class and its subclasses (from the packaged ontology)."""
    values = " ".join(f"<{c}>" for c in subclasses(cls))
    return (
        f"SELECT DISTINCT {select} WHERE {{ VALUES ?t {{ {values} }} ?s a ?t . {more} "
        "FILTER(isIRI(?s)) }"
    )


def records_of(kg: Any, subjects: Iterable[str] | None = None) -> dict[str, list[str]]:
    """The records of a graph by sheet key: every IRI of a sheet's class, most specific sheet.

    Args:
        kg: The knowledge graph.
        subjects: Only these IRIs (default: all but ontology terms and SDG entries).

    Returns:
        Sheet key to IRIs (sorted).
    """
    only = set(subjects) if subjects is not None else None
    specs = {s.key: s for s in workbook_spec()}
    placed: dict[str, str] = {}
    for key in _ORDER:
        rows = kg.query(_of_class(specs[key].cls)).rows
        for (node,) in rows:
            iri = str(node)
            if iri.startswith(_SKIP) or (only is not None and iri not in only):
                continue
            placed.setdefault(iri, key)
    out: dict[str, list[str]] = {key: [] for key in specs}
    for iri, key in placed.items():
        out[key].append(iri)
    return {key: sorted(iris) for key, iris in out.items()}


class _Writer:
    def __init__(self, kg: Any, records: dict[str, list[str]], lang: str) -> None:
        from habitatkg._kg import load

        self.kg, self.lang = kg, lang
        self.check = load()  # what the import resolves names against, plus the records
        stubs = rdflib.Graph()
        self.types: dict[str, set[str]] = {}
        self.triples: dict[str, list[tuple[str, Any]]] = {}
        for key, iris in records.items():
            spec = next(s for s in workbook_spec() if s.key == key)
            for s, p, o in self._triples(spec, iris):
                self.triples.setdefault(s, []).append((p, o))
                if p == str(rdflib.RDF.type) and isinstance(o, ox.NamedNode):
                    stubs.add((rdflib.URIRef(s), rdflib.RDF.type, rdflib.URIRef(o.value)))
                if p == str(rdflib.RDFS.label) and isinstance(o, ox.Literal):
                    stubs.add(
                        (
                            rdflib.URIRef(s),
                            rdflib.RDFS.label,
                            rdflib.Literal(o.value, lang=o.language),
                        )
                    )
        if len(stubs):
            self.check.add(stubs)
        self.resolver = _Resolver(self.check)
        self.carried: list[tuple[str, str, Any]] = []

    def _triples(self, spec: SheetSpec, iris: list[str]) -> list[tuple[str, str, Any]]:
        if not iris:
            return []
        wanted = set(iris)
        raw = self.kg.store.query(_of_class(spec.cls, "?s ?p ?o", "?s ?p ?o .")).rows
        return [(r[0].value, r[1].value, r[2]) for r in raw if r[0].value in wanted]

    def label(self, iri: str) -> str | None:
        rows = self.check.query(
            "SELECT ?l WHERE { ?s rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), ?lang)) }",
            s=iri,
            lang=ox.Literal(self.lang),  # a literal, not a label to resolve
        ).rows
        return str(rows[0][0]) if rows else None

    def link_text(self, column: Column, iri: str) -> str | None:
        candidates = []
        if column.key != "hk:source":
            label = self.label(iri)
            if label and ";" not in label and "\n" not in label:
                candidates.append(label)
        candidates.append(curie(iri))
        for text in candidates:
            try:
                back = (
                    self.resolver.closed(column, text)
                    if column.allowed
                    else self.resolver.link(column, text)
                )
            except (CellError, HabitatKGError):
                continue
            if back == iri:
                return text
        return None

    def cell_value(self, column: Column, term: Any) -> Any:
        """The cell value for one RDF term, or ``None`` when reading it back would differ."""
        if column.key == "rdf:type" or column.is_link:
            if not isinstance(term, ox.NamedNode):
                return None
            if column.key == "rdf:type" and term.value not in (column.allowed or ()):
                return None
            return self.link_text(column, term.value)
        if not isinstance(term, ox.Literal):
            return None
        value: Any = term.value
        datatype = term.datatype.value
        if column.lang is not None:
            wanted = column.lang if column.key.startswith("rdfs:label") else self.lang
            if term.language != wanted:
                return None
        elif datatype in {f"{XSD}integer", f"{XSD}decimal"}:
            import decimal

            number = decimal.Decimal(value)
            value = int(number) if datatype.endswith("integer") else number
        elif datatype == f"{XSD}boolean":
            value = value == "true"
        elif datatype == f"{XSD}date":
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return None
        try:
            back = literal(column, value, from_text=False, lang=self.lang)
        except CellError:
            return None
        return value if back == term else None

    def rows(self, spec: SheetSpec, iris: list[str]) -> list[dict[str, list[Any]]]:
        out = []
        for iri in iris:
            row: dict[str, list[Any]] = {"@id": [curie(iri)]}
            values = self.triples.get(iri, [])
            for column in spec.columns:
                if column.predicate is None:
                    continue
                cells: list[Any] = []
                for predicate, term in values:
                    if predicate != column.predicate:
                        continue
                    if not column.multiple and cells:
                        break
                    value = self.cell_value(column, term)
                    if value is None:
                        continue
                    if (
                        column.multiple
                        and isinstance(value, str)
                        and split(column, value) != [value]
                    ):
                        continue
                    cells.append(value)
                    self.carried.append((iri, column.predicate, term))
                if cells:
                    row[column.key] = cells
            out.append(row)
        return out


def _build(
    kg: Any, subjects: Iterable[str] | None, lang: str
) -> tuple[_Writer, dict[str, list[dict[str, list[Any]]]]]:
    records = records_of(kg, subjects)
    writer = _Writer(kg, records, lang)
    rows = {spec.key: writer.rows(spec, records[spec.key]) for spec in workbook_spec()}
    for spec in workbook_spec():
        if spec.kinds and len(spec.kinds) > 1:
            continue
        for iri in records[spec.key]:  # no Kind column: the import types rows with the class
            types = [t for p, t in writer.triples.get(iri, []) if p == str(rdflib.RDF.type)]
            if ox.NamedNode(spec.cls) in types:
                writer.carried.append((iri, str(rdflib.RDF.type), ox.NamedNode(spec.cls)))
    return writer, rows


def carried(kg: Any, subjects: Iterable[str] | None = None, *, lang: str = "en") -> rdflib.Graph:
    """The triples an exported workbook carries (what importing it must give back).

    Args:
        kg: The knowledge graph.
        subjects: Only the records with these IRIs.
        lang: The workbook's language.

    Returns:
        The triples.
    """
    writer, _ = _build(kg, subjects, lang)
    return _graph(writer.carried)


def _graph(triples: list[tuple[str, str, Any]]) -> rdflib.Graph:
    graph = rdflib.Graph()
    data = "".join(
        f"{ox.NamedNode(s)} {ox.NamedNode(p)} {o} .\n" for s, p, o in dict.fromkeys(triples)
    )
    graph.parse(data=data, format="nt")
    return graph


def export_workbook(
    kg: Any,
    path: str | os.PathLike[str],
    *,
    subjects: Iterable[str] | None = None,
    lang: str = "en",
    metadata: dict[str, str] | None = None,
) -> Path:
    """Write the records of a graph into the template (atomically).

    Args:
        kg: The knowledge graph.
        path: The .xlsx file.
        subjects: Only these records (default: every record of a sheet's kind).
        lang: ``"en"`` or ``"es"``.
        metadata: About-sheet values (default: filled by "habitatkg export", today).

    Returns:
        The path written.
    """
    from habitatkg._sheets._write import write_workbook

    writer, rows = _build(kg, subjects, lang)
    meta = {"filled_by": "habitatkg export", "date": datetime.date.today().isoformat()}
    meta.update(metadata or {})
    return write_workbook(path, lang=lang, records=rows, metadata=meta, kg=writer.check)
