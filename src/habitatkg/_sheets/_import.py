"""Importing a records workbook: rows to RDF, with provenance, and every problem at its cell.

Provenance follows the statement-level model of the curated data, with the row as the
passage. Each row is an ``hk:SourceReference`` (``hk:section`` its A1 range, such as
``Activities!A5:K5``, ``hk:inDocument`` the workbook) that the record's ``hk:source``
names; the row's ``hk:Passage`` (``oa:hasSource`` the workbook, ``hk:withinReference`` the
row) quotes its filled cells with an ``oa:TextQuoteSelector`` (``oa:exact``
``"Header: value | Header: value"``, in column order); and every triple of the record (its
types and names included) has an ``rdf:Statement`` with ``hk:supportedBy`` that passage and
``hk:evidenceKind hk:Stated``. The workbook is an ``hk:Document`` and ``prov:Entity`` (file
name, SHA-256, the person and organization of the About sheet, ``prov:wasAttributedTo``),
and the import a ``prov:Activity`` (``prov:used`` the workbook, ``prov:endedAtTime``) that
each record ``prov:wasGeneratedBy``.

Example:
    >>> from habitatkg._sheets._import import slug
    >>> slug("Círculos de lectura: familias")
    'circulos-de-lectura-familias'
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from habitatkg._errors import AmbiguousLabelError, EntityNotFoundError, HabitatKGError
from habitatkg._resolve import fold, is_iri_like
from habitatkg._sheets._problems import ImportReport, Problem
from habitatkg._sheets._read import RawSheet, Workbook, letter, read
from habitatkg._sheets._spec import HK, Column, SheetSpec, curie
from habitatkg._sheets._values import CellError, literal, split
from habitatkg._sparql import PREFIXES, expand_curie
from habitatkg._store import GRAPHS as _GRAPHS

__all__ = ["RECORDS", "ImportResult", "import_records", "slug"]

#: Namespace of imported records without an ID that is an IRI.
RECORDS = "https://w3id.org/habitatkg/record/"
#: Namespace of the named graphs imported records live in (see :data:`habitatkg._store.GRAPHS`).
GRAPHS = _GRAPHS
PROV = PREFIXES["prov"]
DCT = PREFIXES["dcterms"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
SOURCE = ox.NamedNode(HK + "source")
_GENERATED_BY = ox.NamedNode(PROV + "wasGeneratedBy")
_SOURCE_REFERENCE = ox.NamedNode(HK + "SourceReference")
_IN_DOCUMENT = ox.NamedNode(HK + "inDocument")
_SECTION = ox.NamedNode(HK + "section")
_OA = "http://www.w3.org/ns/oa#"
_RDF = PREFIXES["rdf"]
_PASSAGE = ox.NamedNode(HK + "Passage")
_HAS_SOURCE = ox.NamedNode(_OA + "hasSource")
_WITHIN = ox.NamedNode(HK + "withinReference")
_HAS_SELECTOR = ox.NamedNode(_OA + "hasSelector")
_QUOTE_SELECTOR = ox.NamedNode(_OA + "TextQuoteSelector")
_EXACT = ox.NamedNode(_OA + "exact")
_STATEMENT = ox.NamedNode(_RDF + "Statement")
_SUBJECT = ox.NamedNode(_RDF + "subject")
_PREDICATE = ox.NamedNode(_RDF + "predicate")
_OBJECT = ox.NamedNode(_RDF + "object")
_SUPPORTED_BY = ox.NamedNode(HK + "supportedBy")
_EVIDENCE_KIND = ox.NamedNode(HK + "evidenceKind")
_STATED = ox.NamedNode(HK + "Stated")
#: Columns that name the record rather than state a value of it.
_NOT_VALUES = frozenset({"@id", "rdf:type"})
_PREFIX = {
    "organizations": "org",
    "activities": "activity",
    "schools": "school",
    "places": "place",
    "people": "person",
    "roles": "role",
    "figures": "figure",
}


def _shown(value: Any) -> str:
    """A cell's value as the workbook shows it (a whole number without ``.0``, a date as ISO)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def slug(text: str) -> str:
    """A lower-case ASCII slug of a name (accents dropped, words joined by ``-``)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:80]


@dataclass
class ImportResult:
    """The records of one workbook, their provenance and every problem found.

    Attributes:
        triples: The records and their provenance (pyoxigraph triples).
        report: The problems, each at its cell.
        records: Record IRI to (sheet name, row number).
        graph_name: The named graph the records live in (TriG output).
        workbook: What was read.
    """

    triples: list[ox.Triple]
    report: ImportReport
    records: dict[str, tuple[str, int]]
    graph_name: str
    workbook: Workbook

    def to_rdflib(self) -> rdflib.Graph:
        """The records as an rdflib graph named by their data graph (habitatkg's prefixes bound).

        :func:`habitatkg.load` keeps a graph so named in that named graph too.
        """
        graph = rdflib.Graph(identifier=rdflib.URIRef(self.graph_name))  # their data graph
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, replace=True)
        graph.bind("rec", RECORDS)
        data = b"".join(f"{t} .\n".encode() for t in self.triples)
        graph.parse(data=data, format="nt")
        return graph

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the records atomically: Turtle, or TriG (their named graph) by extension.

        Args:
            path: ``.ttl``, ``.nt`` or ``.trig``.

        Returns:
            The path written.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        fmt = {".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG}.get(
            suffix, ox.RdfFormat.TURTLE
        )
        prefixes = {**PREFIXES, "rec": RECORDS} if fmt != ox.RdfFormat.N_TRIPLES else None
        ordered = list(dict.fromkeys(self.triples))  # made subject by subject: no need to sort
        if fmt == ox.RdfFormat.TRIG:  # the records in their own named graph
            graph = ox.NamedNode(self.graph_name)
            items: list[Any] = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ordered]
        else:
            items = ordered
        data = ox.serialize(items, format=fmt, prefixes=prefixes) or b""
        header = (
            f"# Records imported by habitatkg from {self.workbook.name} "
            f"(sha256 {self.workbook.sha256}).\n"
        ).encode()
        from habitatkg._sheets._atomic import write_bytes

        write_bytes(target, (header if fmt != ox.RdfFormat.N_TRIPLES else b"") + data)
        return target


class _Resolver:
    """Labels to IRIs through habitatkg's resolver, cached; closed lists matched by label."""

    def __init__(self, kg: Any) -> None:
        self.kg = kg
        self.cache: dict[tuple[str, str | None], str | Exception] = {}
        self.lists: dict[tuple[str, ...], dict[str, str]] = {}
        self.closed_cache: dict[tuple[tuple[str, ...] | None, str], str | CellError] = {}

    def closed(self, column: Column, text: str) -> str:
        key = (column.allowed, text)
        found = self.closed_cache.get(key)
        if found is None:
            try:
                found = self._closed(column, text)
            except CellError as exc:
                found = exc
            self.closed_cache[key] = found
        if isinstance(found, CellError):
            raise found
        return found

    def _closed(self, column: Column, text: str) -> str:
        allowed = column.allowed or ()
        table = self.lists.get(allowed)
        if table is None:
            table = {}
            labels = self.kg.query(
                "SELECT ?s ?l WHERE { VALUES ?s { "
                + " ".join(f"<{a}>" for a in allowed)
                + " } ?s rdfs:label|skos:prefLabel|skos:altLabel|skos:notation ?l }"
            ).rows
            for iri in allowed:
                table[fold(curie(iri))] = iri
                table[fold(iri)] = iri
                table[fold(iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1])] = iri
            for subject, label in labels:
                table.setdefault(fold(str(label)), str(subject))
            self.lists[allowed] = table
        key = fold(text)
        if key in table:
            return table[key]
        expanded = expand_curie(text.strip()) if is_iri_like(text) else None
        if expanded in allowed:
            return expanded
        close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
        shown = [self.kg.label_of(table[c]) for c in close]
        shown = list(dict.fromkeys(shown))
        hint = f"; did you mean {' or '.join(repr(s) for s in shown)}?" if shown else ""
        pista = f"; ¿quiso decir {' o '.join(repr(s) for s in shown)}?" if shown else ""
        options = ", ".join(self.kg.label_of(a) for a in allowed[:12])
        raise CellError(
            f"“{text}” is not one of the allowed values{hint}",
            f"«{text}» no es uno de los valores permitidos{pista}",
            f"choose {repr(shown[0]) if shown else 'a value'} from the list ({options})",
        )

    def link(self, column: Column, text: str) -> str:
        kind = curie(column.node_class) if column.node_class else None
        key = (text, kind)
        found = self.cache.get(key)
        if found is None:
            try:
                found = self.kg.resolve(text, kind=kind, what=_what(column))
            except AmbiguousLabelError as exc:
                found = exc if kind else self._by_kind(text, exc)
            except HabitatKGError as exc:
                found = exc
            self.cache[key] = found
        if isinstance(found, Exception):
            raise _cell_error(found, text, column)
        return found

    def _by_kind(self, text: str, error: Exception) -> str | Exception:
        """A link to any entry: the one school, organization, place or activity so named."""
        found = set()
        for kind in ("hk:School", "hk:Organization", "hk:Place", "hk:Activity", "hk:Person"):
            try:
                found.add(self.kg.resolve(text, kind=kind))
            except HabitatKGError:
                continue
            break
        return found.pop() if len(found) == 1 else error


def _what(column: Column) -> str:
    if column.node_class is None:
        return "entry"
    return column.node_class.rsplit("#", 1)[-1].lower()


def _cell_error(exc: Exception, text: str, column: Column) -> CellError:
    candidates = getattr(exc, "candidates", ())
    names = [f"{getattr(c, 'label', c)} ({curie(getattr(c, 'iri', ''))})" for c in candidates[:5]]
    listing = "; ".join(names)
    if isinstance(exc, AmbiguousLabelError):
        return CellError(
            f"“{text}” is ambiguous: it fits {len(candidates)} entries equally well: {listing}.",
            f"«{text}» es ambiguo: corresponde igual de bien a {len(candidates)} entradas: "
            f"{listing}.",
            "write the full name or the ID (e.g. hkd:...) of the one you mean",
        )
    if isinstance(exc, EntityNotFoundError) and candidates:
        best = getattr(candidates[0], "label", str(candidates[0]))
        return CellError(
            f"No {_what(column)} is named “{text}”; did you mean “{best}”? ({listing})",
            f"Ninguna entrada de tipo {_what(column)} se llama «{text}»; ¿quiso decir «{best}»? "
            f"({listing})",
            f"write “{best}”, or describe the new entry on its own sheet",
        )
    return CellError(
        f"{exc}.".replace("..", "."),
        f"No se encontró «{text}» como {_what(column)} en los datos.",
        "check the spelling, or describe the new entry on its own sheet (with its ID)",
    )


def _iri(raw: Any, base: str) -> str | None:
    text = str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if is_iri_like(text):
        return expand_curie(text) or text
    return base + (slug(text) or "x") if text else None


class _Importer:
    def __init__(self, book: Workbook, kg: Any, base: str, lang: str) -> None:
        self.book, self.kg, self.base = book, kg, base
        self.lang = (book.metadata.get("language") or lang or "en")[:2].lower()
        if self.lang not in {"en", "es"}:
            self.lang = "en"
        self.problems: list[Problem] = list(book.problems)
        self.triples: list[ox.Triple] = []
        #: The statement-level provenance records (statements, passages, quotes): made here,
        #: by construction as the shapes require (a test validates them), so not re-validated
        #: on every import: they are 80% of the triples.
        self.statements: list[ox.Triple] = []
        self.records: dict[str, tuple[str, int]] = {}
        self.row_cells: dict[str, tuple[RawSheet, int]] = {}
        self.resolver = _Resolver(kg)
        self.rows_by_sheet: dict[int, dict[int, dict[int, Any]]] = {}
        self.nodes: dict[str, ox.NamedNode] = {}
        self.values_cache: dict[tuple[Any, ...], ox.NamedNode | ox.Literal] = {}
        self.sheet_nodes: dict[str, tuple[str, str, tuple[str, str], dict[int, str]]] = {}
        stem = book.sha256[:12]
        self.node = f"{RECORDS}import-{stem}"
        self.graph_name = f"{GRAPHS}import-{stem}"
        self.import_node = ox.NamedNode(self.node)
        self.file_node = ox.NamedNode(self.node + "-file")

    def problem(
        self,
        sheet: RawSheet,
        row: int,
        col: int | None,
        value: Any,
        en: str,
        es: str,
        fix: str,
        severity: str = "Violation",
    ) -> None:
        header = sheet.headers.get(col, "") if col else ""
        cell = f"{letter(col)}{row}" if col else f"A{row}"
        shown = "" if value is None else str(value)
        self.problems.append(
            Problem(
                self.book.name if not self.book.csv else f"{sheet.name}.csv",
                sheet.name,
                cell,
                header,
                shown,
                severity,
                en,
                es,
                fix,
            )
        )

    # -- pass 1: identities and kinds, so rows can refer to each other by name
    def identify(self) -> list[tuple[RawSheet, int, str, list[str]]]:
        seen: dict[str, tuple[RawSheet, int, int | None]] = {}
        out = []
        for sheet in self.book.sheets:
            by_key = {c.key: i for i, c in sheet.columns.items()}
            for row, cells in sheet.rows:
                if not any(i in sheet.columns for i in cells):
                    continue  # only values in unknown columns: reported with the column
                id_col = by_key.get("@id")
                raw = cells.get(id_col) if id_col else None
                name_col = by_key.get("rdfs:label@en") or by_key.get("rdfs:label@es")
                name = cells.get(name_col) if name_col else None
                prefix = f"{self.base}{_PREFIX[sheet.spec.key]}-"
                if raw is not None:
                    iri = _iri(raw, self.base)
                elif name is not None:
                    iri = prefix + (slug(str(name)) or "x")
                else:
                    iri = f"{self.node}-{slug(sheet.spec.key)}-record-{row}"
                assert iri is not None
                where = id_col if raw is not None else name_col
                if iri in seen:
                    other, other_row, _ = seen[iri]
                    what = "ID" if raw is not None else "name (and no ID)"
                    self.problem(
                        sheet,
                        row,
                        where,
                        raw if raw is not None else name,
                        f"The {what} is the same as in row {other_row} of {other.name}; each "
                        "record needs its own.",
                        f"El {'ID' if raw is not None else 'nombre (sin ID)'} es el mismo que en "
                        f"la fila {other_row} de {other.name}; cada registro necesita uno propio.",
                        "give each record its own ID (or merge the two rows into one)",
                    )
                    continue
                seen[iri] = (sheet, row, where)
                kinds = self.kinds(sheet, row, cells, by_key.get("rdf:type"))
                self.records[iri] = (sheet.name, row)
                self.row_cells[iri] = (sheet, row)
                out.append((sheet, row, iri, kinds))
        return out

    def kinds(self, sheet: RawSheet, row: int, cells: dict[int, Any], col: int | None) -> list[str]:
        spec = sheet.spec
        if col is None or cells.get(col) is None:
            return [spec.cls]
        column = sheet.columns[col]
        found = []
        for value in split(column, cells[col]):
            try:
                found.append(self.resolver.closed(column, str(value)))
            except CellError as exc:
                self.problem(sheet, row, col, value, str(exc), exc.es, exc.fix)
        return found or [spec.cls]

    def stubs(self, identified: Iterable[tuple[RawSheet, int, str, list[str]]]) -> None:
        """Add the new records' kinds and names so that other rows can name them."""
        import tempfile

        lines = []
        for sheet, _row, iri, kinds in identified:
            cells = self.row(sheet, _row)
            subject = ox.NamedNode(iri)
            for kind in kinds:
                lines.append(f"{subject} {RDF_TYPE} {ox.NamedNode(kind)} .\n")
            for col, column in sheet.columns.items():
                if column.key.startswith("rdfs:label") and cells.get(col) is not None:
                    name = ox.Literal(str(cells[col]).strip(), language=column.lang)
                    lines.append(f"{subject} {LABEL} {name} .\n")
        if not lines:
            return
        with tempfile.TemporaryDirectory() as folder:  # through a file: pyoxigraph parses it
            path = Path(folder) / "records.nt"
            path.write_text("".join(lines), encoding="utf-8")
            self.kg.add(path)

    # -- pass 2: values
    def convert(self, sheet: RawSheet, row: int, iri: str, kinds: list[str]) -> None:
        subject = ox.NamedNode(iri)
        cells = self.row(sheet, row)
        facts: list[ox.Triple] = [ox.Triple(subject, RDF_TYPE, self.named(k)) for k in kinds]
        add = facts.append
        values_cache = self.values_cache
        formulas = sheet.formulas
        for col, value in sorted(cells.items()):
            column = sheet.columns.get(col)
            if column is None or column.key in _NOT_VALUES:
                continue
            if formulas and (row, col) in formulas:
                continue
            assert column.predicate is not None
            predicate = self.named(column.predicate)
            values = split(column, value)
            listed = len(values) > 1  # parts of a text cell "2021; 2022"
            for item in values:
                key = (column.key, type(item), item, listed)
                obj = values_cache.get(key) if column.lang is None else None
                if obj is None:
                    try:
                        obj = self.value(column, item, listed)
                    except CellError as exc:
                        self.problem(sheet, row, col, item, str(exc), exc.es, exc.fix)
                        continue
                    if column.lang is None:
                        values_cache[key] = obj
                add(ox.Triple(subject, predicate, obj))
        self.row_provenance(sheet, row, cells, subject, facts)

    def row_provenance(
        self,
        sheet: RawSheet,
        row: int,
        cells: dict[int, Any],
        subject: ox.NamedNode,
        facts: list[ox.Triple],
    ) -> None:
        """The record's triples, each with its provenance record: the row as its passage.

        The row is an ``hk:SourceReference`` (section: its A1 range, in the workbook's
        document) that the record's ``hk:source`` names; its passage (``hk:Passage``) quotes
        the row's filled cells (``oa:TextQuoteSelector``), and every triple of the record has
        an ``rdf:Statement`` supported by that passage, evidence kind ``hk:Stated``.
        """
        fixed = self.sheet_nodes.get(sheet.name)
        if fixed is None:
            last = letter(max(sheet.headers, default=1))
            fixed = self.sheet_nodes[sheet.name] = (
                f"{self.node}-{slug(sheet.name) or 'sheet'}-row-",
                f"{self.book.name}, sheet {sheet.name}, row ",
                (f"{sheet.name}!A", f":{last}"),
                {c: h.rstrip(" *") or letter(c) for c, h in sheet.headers.items()},
            )
        stem, label, (start, end), headers = fixed
        where = f"{stem}{row}"
        reference = ox.NamedNode(where)
        passage = ox.NamedNode(where + "-passage")
        quote = ox.NamedNode(where + "-quote")
        text = " | ".join(
            f"{headers[c] if c in headers else letter(c)}: {_shown(v)}"
            for c, v in sorted(cells.items())
        )
        out = self.triples
        out += facts
        out += (
            ox.Triple(subject, SOURCE, reference),
            ox.Triple(subject, _GENERATED_BY, self.import_node),
            ox.Triple(reference, RDF_TYPE, _SOURCE_REFERENCE),
            ox.Triple(reference, LABEL, ox.Literal(f"{label}{row}", language="en")),
            ox.Triple(reference, _IN_DOCUMENT, self.file_node),
            ox.Triple(reference, _SECTION, ox.Literal(f"{start}{row}{end}{row}")),
        )
        out = self.statements
        out += (
            ox.Triple(passage, RDF_TYPE, _PASSAGE),
            ox.Triple(passage, _HAS_SOURCE, self.file_node),
            ox.Triple(passage, _WITHIN, reference),
            ox.Triple(passage, _HAS_SELECTOR, quote),
            ox.Triple(quote, RDF_TYPE, _QUOTE_SELECTOR),
            ox.Triple(quote, _EXACT, ox.Literal(text)),
        )
        prefix = where + "-stmt-"
        for index, fact in enumerate(dict.fromkeys(facts), 1):
            record = ox.NamedNode(f"{prefix}{index}")
            out += (
                ox.Triple(record, RDF_TYPE, _STATEMENT),
                ox.Triple(record, _SUBJECT, fact.subject),
                ox.Triple(record, _PREDICATE, fact.predicate),
                ox.Triple(record, _OBJECT, fact.object),
                ox.Triple(record, _SUPPORTED_BY, passage),
                ox.Triple(record, _EVIDENCE_KIND, _STATED),
            )

    def value(self, column: Column, item: Any, listed: bool) -> ox.NamedNode | ox.Literal:
        """One value of a cell as an RDF term (raises CellError)."""
        if column.is_link:
            text = str(int(item)) if isinstance(item, float) and item.is_integer() else str(item)
            return self.named(
                self.resolver.closed(column, text)
                if column.allowed
                else self.resolver.link(column, text)
            )
        return literal(column, item, from_text=self.book.csv or listed, lang=self.lang)

    def named(self, iri: str) -> ox.NamedNode:
        node = self.nodes.get(iri)
        if node is None:
            node = self.nodes[iri] = ox.NamedNode(iri)
        return node

    def row(self, sheet: RawSheet, row: int) -> dict[int, Any]:
        table = self.rows_by_sheet.get(id(sheet))
        if table is None:
            table = self.rows_by_sheet[id(sheet)] = dict(sheet.rows)
        return table[row]

    def provenance(self, when: datetime.datetime) -> None:
        add = self.triples.append
        doc = ox.NamedNode(self.node + "-file")
        about = ox.NamedNode(self.node + "-about")
        act = ox.NamedNode(self.node)
        meta = self.book.metadata
        add(ox.Triple(doc, RDF_TYPE, ox.NamedNode(HK + "Document")))
        add(ox.Triple(doc, RDF_TYPE, ox.NamedNode(PROV + "Entity")))
        add(ox.Triple(doc, LABEL, ox.Literal(self.book.name, language="en")))
        add(ox.Triple(doc, SOURCE, about))
        add(
            ox.Triple(
                doc, ox.NamedNode(DCT + "identifier"), ox.Literal(f"sha256:{self.book.sha256}")
            )
        )
        add(ox.Triple(about, RDF_TYPE, ox.NamedNode(HK + "SourceReference")))
        add(ox.Triple(about, LABEL, ox.Literal(f"{self.book.name}, About sheet", language="en")))
        add(ox.Triple(about, ox.NamedNode(HK + "inDocument"), doc))
        add(ox.Triple(about, ox.NamedNode(HK + "section"), ox.Literal("About")))
        add(ox.Triple(act, RDF_TYPE, ox.NamedNode(PROV + "Activity")))
        add(ox.Triple(act, LABEL, ox.Literal(f"Import of {self.book.name}", language="en")))
        add(ox.Triple(act, ox.NamedNode(PROV + "used"), doc))
        add(
            ox.Triple(
                act,
                ox.NamedNode(PROV + "endedAtTime"),
                ox.Literal(
                    when.isoformat(timespec="seconds"),
                    datatype=ox.NamedNode(PREFIXES["xsd"] + "dateTime"),
                ),
            )
        )
        if meta.get("date"):
            add(ox.Triple(doc, ox.NamedNode(DCT + "created"), ox.Literal(meta["date"])))
        if meta.get("licence"):
            add(ox.Triple(doc, ox.NamedNode(DCT + "license"), ox.Literal(meta["licence"])))
        for key, kind in (("filled_by", "Person"), ("organization", "Organization")):
            if not meta.get(key):
                continue
            agent = self.agent(meta[key], kind)
            add(ox.Triple(doc, ox.NamedNode(PROV + "wasAttributedTo"), agent))
            add(ox.Triple(act, ox.NamedNode(PROV + "wasAssociatedWith"), agent))

    def agent(self, name: str, kind: str) -> ox.NamedNode:
        if kind == "Organization":
            try:
                return ox.NamedNode(self.kg.resolve(name, kind="hk:Organization"))
            except HabitatKGError:
                pass
        node = ox.NamedNode(f"{self.node}-{'person' if kind == 'Person' else 'organization'}")
        self.triples.append(ox.Triple(node, RDF_TYPE, ox.NamedNode(PROV + kind)))
        self.triples.append(ox.Triple(node, LABEL, ox.Literal(name)))
        return node

    # -- SHACL, mapped back to cells
    def validate(self) -> None:
        from habitatkg._shacl_sparql import validate_store
        from habitatkg._store import MemoryStore
        from habitatkg._validate import _packaged_ontology  # noqa: F401 (warm cache)

        store = self.kg.store
        assert isinstance(store, MemoryStore)
        store.native.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in self.triples)
        report = validate_store(store)
        mine = set(self.records)
        for result in report:
            focus = expand_curie(result.focus) or result.focus.strip("<>")
            if focus not in mine:
                if focus.startswith(self.node):
                    self.problems.append(
                        Problem(
                            self.book.name,
                            "",
                            "",
                            "",
                            result.value or "",
                            result.severity.value,
                            result.message,
                            result.message_es,
                            result.fix,
                        )
                    )
                continue
            sheet, row = self.row_cells[focus]
            col = self.column_of(sheet, result.path, result.message, row)
            severity = result.severity.value
            value = result.value
            if col is not None:
                cell_value = self.row(sheet, row).get(col)
                value = value if cell_value is None else cell_value
            self.problem(
                sheet,
                row,
                col,
                value,
                result.message,
                result.message_es,
                result.fix,
                severity=severity,
            )

    def column_of(self, sheet: RawSheet, path: str | None, message: str, row: int) -> int | None:
        if not path:
            return None
        predicate = expand_curie(path) or path
        candidates = [i for i, c in sheet.columns.items() if c.predicate == predicate]
        if predicate == str(rdflib.RDFS.label):
            lang = "es" if "Spanish" in message else "en"
            candidates = [i for i in candidates if sheet.columns[i].lang == lang] or candidates
        if not candidates:
            return None
        cells = self.row(sheet, row)
        filled = [i for i in candidates if cells.get(i) is not None]
        return (filled or candidates)[0]


def import_records(
    source: str | os.PathLike[str],
    *,
    base: str = RECORDS,
    lang: str = "en",
    kg: Any = None,
    validate: bool = True,
    now: datetime.datetime | None = None,
) -> ImportResult:
    """Read a workbook (or CSV folder) and turn its rows into records, finding every problem.

    Args:
        source: The .xlsx file or the folder of CSV files.
        base: Namespace of records whose ID is not an IRI.
        lang: Language of free-text values when the About sheet does not say.
        kg: The knowledge graph labels are resolved against (it is extended with the records);
            a fresh load of the packaged ontology and data by default.
        validate: Run the SHACL shapes on the records (and report their results at the cells).
        now: The import time recorded in the provenance (default: now, UTC).

    Returns:
        The records, their provenance and the report.

    Raises:
        DataFileNotFoundError: No such file or folder.
    """
    import gc

    paused = gc.isenabled()
    gc.disable()  # ~700,000 new objects for 10,000 rows, none in a cycle: the collector's
    try:  # passes over them were half of the build's time
        return _import(source, base=base, lang=lang, kg=kg, validate=validate, now=now)
    finally:
        if paused:
            gc.enable()


def _import(
    source: str | os.PathLike[str],
    *,
    base: str,
    lang: str,
    kg: Any,
    validate: bool,
    now: datetime.datetime | None,
) -> ImportResult:
    from habitatkg._kg import load

    book = read(source)
    graph_kg = kg if kg is not None else load()
    importer = _Importer(book, graph_kg, base, lang)
    identified = importer.identify()
    importer.stubs(identified)
    for sheet, row, iri, kinds in identified:
        importer.convert(sheet, row, iri, kinds)
    if identified:
        importer.provenance(now or datetime.datetime.now(datetime.UTC))
    if validate and identified:  # also with unusable cells: every problem in one run
        importer.validate()
    if not identified and not importer.problems:
        importer.problems.append(
            Problem(
                book.name,
                "",
                "",
                "",
                "",
                "Violation",
                "The workbook holds no records: every sheet is empty.",
                "El libro no contiene registros: todas las hojas están vacías.",
                "fill at least one row below the headers",
                True,
            )
        )
    report = ImportReport(tuple(_unique(importer.problems)))
    triples = importer.triples + importer.statements
    return ImportResult(triples, report, importer.records, importer.graph_name, book)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def spec_of(sheet_key: str) -> SheetSpec:
    """The spec of a sheet by key (``"activities"``)."""
    from habitatkg._sheets._spec import workbook_spec

    return next(s for s in workbook_spec() if s.key == sheet_key)
