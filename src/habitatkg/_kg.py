"""The :class:`KnowledgeGraph` facade and :func:`load`.

``load()`` parses the packaged ontology and curated data (and any files of your own) into an
in-memory pyoxigraph store; nothing is fetched from the network. The facade answers SPARQL
(prefixes pre-bound, keyword arguments bound as values, ``SERVICE`` refused unless allowed),
finds nodes by label, builds :class:`~habitatkg.Entity` objects, tells where facts come from,
and answers the competency questions (see :class:`~habitatkg._answers.CompetencyQuestions`).

Example:
    >>> import habitatkg as hk
    >>> kg = hk.load()
    >>> [p.label for p in kg.phases()]
    ['Identify', 'Unite', 'Organize', 'Manage', 'Recognize']
    >>> kg.query("SELECT ?l WHERE { ?p rdfs:label ?l FILTER(LANG(?l) = 'es') }", p="hk:Unite").rows
    (('Unir',),)
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pyoxigraph as ox

from habitatkg import _paths, _sparql_lex
from habitatkg._answers import CompetencyQuestions
from habitatkg._errors import HabitatKGError, QueryError, QueryWarning, ServiceNotAllowedError
from habitatkg._ingest import add_sources as _add_sources
from habitatkg._resolve import LabelIndex
from habitatkg._results import (
    Entity,
    EntityList,
    Label,
    Provenance,
    QueryResult,
    SourceRef,
    compact,
    python_value,
)
from habitatkg._sparql import PREFIXES, Term, to_term
from habitatkg._store import GraphStore, MemoryStore

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import rdflib

__all__ = ["KnowledgeGraph", "load"]

_QUERY_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*(\.rq)?\Z")
_HK = PREFIXES["hk"]
_ENTITY_QUERY = """
SELECT ?p ?o WHERE {
  ?s ?p ?o .
  VALUES ?p { rdfs:label skos:prefLabel rdf:type skos:definition rdfs:comment hk:illustrative }
}"""
_SOURCES_QUERY = """
SELECT ?source ?sourceLabel ?document ?documentLabel ?section ?page ?illustrative WHERE {
  ?s hk:source ?source .
  OPTIONAL { ?source rdfs:label ?sourceLabel FILTER(LANGMATCHES(LANG(?sourceLabel), "en") ||
    LANG(?sourceLabel) = "") }
  OPTIONAL { ?source hk:inDocument ?document .
             OPTIONAL { ?document rdfs:label ?documentLabel FILTER(LANGMATCHES(LANG(?documentLabel),
               "en") || LANG(?documentLabel) = "") } }
  OPTIONAL { ?source hk:section ?section }
  OPTIONAL { ?source hk:page ?page }
  OPTIONAL { ?source hk:illustrative ?illustrative }
}
ORDER BY ?documentLabel ?section ?page ?source"""


# The source passages of the statements about ?s (statement-level provenance records:
# rdf:Statement with rdf:subject/predicate/object, hk:supportedBy, hk:evidenceKind).
_PASSAGES_QUERY = """
SELECT ?record ?predicate ?object ?passage ?source ?sourceLabel ?document ?documentLabel
       ?section ?page ?exact ?prefix ?suffix ?kind ?kindLabel ?reasoning WHERE {
  ?record rdf:subject ?s ; rdf:predicate ?predicate ; rdf:object ?object ;
          hk:supportedBy ?passage ; hk:evidenceKind ?kind .
  ?passage hk:withinReference ?source ;
           <http://www.w3.org/ns/oa#hasSelector> ?selector .
  ?selector <http://www.w3.org/ns/oa#exact> ?exact .
  OPTIONAL { ?selector <http://www.w3.org/ns/oa#prefix> ?prefix }
  OPTIONAL { ?selector <http://www.w3.org/ns/oa#suffix> ?suffix }
  OPTIONAL { ?record hk:reasoning ?reasoning }
  OPTIONAL { ?kind rdfs:label ?kindLabel FILTER(LANGMATCHES(LANG(?kindLabel), "en")) }
  OPTIONAL { ?source rdfs:label ?sourceLabel FILTER(LANGMATCHES(LANG(?sourceLabel), "en") ||
    LANG(?sourceLabel) = "") }
  OPTIONAL { ?passage <http://www.w3.org/ns/oa#hasSource> ?document .
             OPTIONAL { ?document rdfs:label ?documentLabel FILTER(LANGMATCHES(LANG(?documentLabel),
               "en") || LANG(?documentLabel) = "") } }
  OPTIONAL { ?source hk:section ?section }
  OPTIONAL { ?source hk:page ?page }
}
ORDER BY ?documentLabel ?section ?page ?passage"""


class KnowledgeGraph(CompetencyQuestions):
    """The habitatkg knowledge graph: ontology, curated data and your own files, queryable.

    Build it with :func:`load`. Arguments that name a node accept an IRI (full, ``<...>``
    or prefixed such as ``hkd:school-amado-nervo``), an :class:`~habitatkg.Entity`, or a
    label (English or Spanish; case and accents are ignored).

    Args:
        store: The query engine holding the triples (see :mod:`habitatkg._store`).
        files: The files that were loaded, for display.
        allow_service: Let queries use ``SERVICE`` (federated calls to other endpoints).

    Example:
        >>> import habitatkg as hk
        >>> kg = hk.load()
        >>> kg.entity("kanasin").curie
        'hkd:place-kanasin'
    """

    def __init__(
        self,
        store: GraphStore | None = None,
        *,
        files: Iterable[Path] = (),
        allow_service: bool = False,
    ) -> None:
        self._store: GraphStore = store if store is not None else MemoryStore()
        self._files: list[Path] = [Path(f) for f in files]
        self.allow_service = allow_service
        self._index = LabelIndex(self._store)
        self._labels: dict[str, str] | None = None
        self._rdflib: rdflib.Graph | None = None
        self._hk_terms: frozenset[str] | None = None

    # ------------------------------------------------------------------ basics

    @property
    def store(self) -> GraphStore:
        """The query engine (an in-memory pyoxigraph store by default)."""
        return self._store

    @property
    def files(self) -> tuple[Path, ...]:
        """The files loaded so far, in order."""
        return tuple(self._files)

    def __len__(self) -> int:
        return len(self._store)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self)} triples from {len(self._files)} files>"

    def _repr_html_(self) -> str:
        from html import escape

        files = "".join(f"<li><code>{escape(str(f))}</code></li>" for f in self._files)
        title = "<strong>habitatkg knowledge graph</strong>"
        return f"<div>{title}: {len(self)} triples<ul>{files}</ul></div>"

    def add(
        self, *sources: str | os.PathLike[str] | rdflib.Graph, format: object = None
    ) -> KnowledgeGraph:
        """Parse more RDF files (or rdflib graphs) into this knowledge graph.

        Args:
            *sources: Files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD; the format is
                guessed from the extension) or rdflib ``Graph`` objects.
            format: Force one format for every file (name, extension or ``RDFFormat``).

        Returns:
            ``self``, for chaining.

        Raises:
            HabitatKGError: A file is missing or does not parse (the message names it).

        Example:
            >>> import habitatkg as hk, tempfile, pathlib
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.ttl"
            >>> text = "<https://example.org/w> a <https://w3id.org/habitatkg/ontology#Workshop> ."
            >>> _ = path.write_text(text)
            >>> kg = hk.load(include_packaged=False).add(path)
            >>> len(kg)
            1
        """
        self._files.extend(_add_sources(self._store, sources, format=format, check_terms=True))
        self._changed()
        return self

    def _changed(self) -> None:
        self._index.invalidate()
        self._labels = None
        self._rdflib = None
        self._hk_terms = None

    # ------------------------------------------------------------------ SPARQL

    def query(
        self, sparql: str, /, *, allow_service: bool | None = None, **bindings: Any
    ) -> QueryResult:
        """Run a SPARQL query, or a named query shipped with the package.

        The prefixes ``hk hkd ex sdg sdgo skos rdfs rdf owl xsd prov org dcterms schema foaf``
        are pre-bound. The query only reads: updates (``INSERT``, ``DELETE``, ``LOAD``...) are
        refused, and so is ``SERVICE`` (a call to another endpoint, decided on the parsed
        query) unless allowed. An unknown prefix is an error naming it; an ``hk:`` class or
        property the ontology does not declare gives a warning with the closest known term.

        Keyword arguments bind variables (``school=...`` binds ``?school``) as RDF values,
        never as query text: every use of the variable in the query, sub-selects included,
        is that value (see :func:`habitatkg._sparql.bind_values`). Values are read exactly as
        ``--bind NAME=VALUE`` reads them on the command line and in ``%%sparql``:

        - an :class:`~habitatkg.Entity`, or a ``str`` written as an IRI (``https://...``,
          ``<...>``, ``hkd:...``): that IRI;
        - any other ``str``: a **label**, resolved to its node (English or Spanish, case and
          accents ignored; limited to the kind the variable's name or the packaged query's
          documentation gives, e.g. ``?school`` to schools); an unknown or ambiguous label is
          an error, never an empty answer;
        - a string **literal**: write it quoted, ``'"Unir"'`` or ``'"Unir"@es'``, or pass a
          ``pyoxigraph.Literal`` / ``rdflib.Literal``;
        - ``int``/``float``/``Decimal``/``bool``/dates: typed literals (``nan`` and ``inf``
          as ``"NaN"``/``"INF"`` doubles); a ``bool`` where an integer (a year) is expected
          is refused;
        - ``None`` leaves the variable unbound.

        A bound variable the query does not use, or that the query assigns itself (``BIND``,
        ``AS``, ``VALUES``), is an error.

        Args:
            sparql: The query text, or the name of a packaged query (``"reach"``, see
                :meth:`query_names`).
            allow_service: Allow ``SERVICE`` for this query (default: the graph's setting).
            **bindings: Variable name to value.

        Returns:
            The rows (or boolean, or triples).

        Raises:
            QueryError: The query does not parse, is an update, uses an unknown prefix, or
                fails; or a value cannot be bound.
            ServiceNotAllowedError: The query uses ``SERVICE`` and it is not allowed.
            EntityNotFoundError: A label bound to a variable names no node.
            AmbiguousLabelError: Such a label fits several nodes equally well.

        Example:
            >>> import habitatkg as hk
            >>> kg = hk.load()
            >>> kg.query("SELECT ?n WHERE { ?phase hk:order ?n }", phase="hk:Recognize").rows
            ((5,),)
            >>> kg.query("SELECT ?n WHERE { ?phase hk:order ?n }", phase="Reconocer").rows
            ((5,),)
            >>> kg.query("ASK { ?p rdfs:label ?l }", l='"Unir"@es').boolean
            True
        """
        from habitatkg import _sparql

        text = self.query_text(sparql)
        packaged = text is not sparql
        if not packaged:
            _check_text(text)
        allowed = self.allow_service if allow_service is None else allow_service
        if _sparql.uses_service(text, parser=not packaged) and not allowed:
            raise ServiceNotAllowedError(
                "the query uses SERVICE (a call to another SPARQL endpoint), which is refused by "
                "default; pass allow_service=True (--allow-service on the command line) to run it"
            )
        declared = _sparql.declared_parameters(text) if packaged else {}
        terms = {
            name: self._bound_term(name, value, declared.get(name))
            for name, value in bindings.items()
            if value is not None
        }
        for kind, endpoint in _sparql.service_endpoints(text):
            uses = sum(_sparql_lex.variable_name(t) == endpoint for t in _sparql_lex.tokenize(text))
            if kind == "var" and endpoint not in terms and uses == 1:
                raise QueryError(
                    f"SERVICE ?{endpoint}: the endpoint is a variable that nothing binds; bind it "
                    f"to the endpoint's IRI ({endpoint}=<https://...>, --bind "
                    f"{endpoint}=<https://...>) or write the IRI in the query"
                )
        if not packaged:
            self._warn_unknown_terms(text)
        try:
            raw = self._store.query(text, terms)
        except SyntaxError as exc:
            raise QueryError(_syntax_message(text, terms, exc)) from exc
        except ValueError as exc:
            raise QueryError(str(exc)) from exc
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"the SPARQL query failed: {exc}") from exc
        if raw.kind == "graph":
            rows = [(t.subject, t.predicate, t.object) for t in raw.triples]
            return QueryResult.from_terms(raw.variables, rows, kind="graph", labeler=self.label_of)
        return QueryResult.from_terms(
            raw.variables, raw.rows, kind=raw.kind, boolean=raw.boolean, labeler=self.label_of
        )

    def _bound_term(self, name: str, value: Any, declared: str | None) -> Term:
        """The RDF term a keyword argument of :meth:`query` binds (see its rules)."""
        from habitatkg._resolve import is_iri_like, parse_binding, variable_kind

        if isinstance(value, str) and not is_iri_like(value):
            kind = declared if declared and declared.startswith("hk:") else None
            kind = kind or variable_kind(f"{name}=")
            _, value = parse_binding(
                f"{name}={value}", lambda label: self.resolve(label, kind=kind)
            )
        try:
            term = to_term(value)
        except (ValueError, TypeError) as exc:  # InvalidIRIError included
            raise QueryError(f"cannot bind ?{name}: {exc}") from exc
        integer = f"{PREFIXES['xsd']}integer"
        wants_integer = declared == "xsd:integer" or (
            declared is None and re.search(r"(^|_)year$|Year$", name) is not None
        )
        wrong = isinstance(term, ox.Literal) and term.datatype.value != integer
        if wants_integer and wrong and (declared == "xsd:integer" or isinstance(value, bool)):
            shown = repr(value) if len(repr(value)) < 60 else repr(value)[:57] + "..."
            raise QueryError(
                f"?{name} expects an integer (a year such as 2022), got {shown}"
                f" ({type(value).__name__})"
            )
        return term

    def _warn_unknown_terms(self, text: str) -> None:
        import warnings

        from habitatkg import _sparql
        from habitatkg._errors import closest_term

        used = {iri: at for iri, at in _sparql.iris_used(text).items() if iri.startswith(_HK)}
        if not used:
            return
        if self._hk_terms is None:
            from habitatkg._ingest import declared_terms

            self._hk_terms = frozenset(declared_terms(self._store))
        if not self._hk_terms:
            return  # no ontology loaded: nothing to compare with
        for iri, at in used.items():
            if iri not in self._hk_terms:
                hint = closest_term(iri, self._hk_terms)
                where = _sparql_lex.line_column(text, at)
                advice = f"did you mean {compact(hint)}?" if hint else "check the spelling"
                warnings.warn(
                    f"the query uses {compact(iri)} ({where}), which the habitatkg ontology "
                    f"does not declare, so it matches nothing: {advice}",
                    QueryWarning,
                    stacklevel=3,
                )

    @staticmethod
    def query_names() -> tuple[str, ...]:
        """Names of the SPARQL queries shipped with the package (``queries/<name>.rq``).

        Returns:
            The names, sorted.

        Example:
            >>> "partners_supporting" in KnowledgeGraph.query_names()
            True
        """
        return tuple(sorted(_paths.query_names()))

    @staticmethod
    def query_text(name_or_sparql: str) -> str:
        """The text of a packaged query given its name; SPARQL text is returned unchanged.

        Args:
            name_or_sparql: A query name (``"reach"``) or SPARQL text.

        Returns:
            SPARQL text.

        Raises:
            QueryError: A bare name that is not a packaged query.
        """
        if not isinstance(name_or_sparql, str):
            raise QueryError(
                f"expected SPARQL text or a query name, got {type(name_or_sparql).__name__}"
            )
        candidate = name_or_sparql.strip()
        if _QUERY_NAME.match(candidate):
            return Path(_paths.query_file(candidate)).read_text(encoding="utf-8")
        return name_or_sparql

    # ------------------------------------------------------------------ labels and entities

    def label_of(self, iri: str) -> str:
        """The English label of a node (else Spanish, else any, else its prefixed name).

        Args:
            iri: The node's IRI.

        Returns:
            The label.
        """
        if self._labels is None:
            ranked: dict[str, tuple[int, str]] = {}
            for entry in self._index.entries:
                rank = {"en": 0, "es": 1, "": 2}.get(entry.lang.split("-")[0].lower(), 3)
                if entry.iri not in ranked or rank < ranked[entry.iri][0]:
                    ranked[entry.iri] = (rank, entry.label)
            self._labels = {iri_: label for iri_, (_, label) in ranked.items()}
        return self._labels.get(iri) or compact(iri)

    def find(
        self, text: str, *, kind: object = None, limit: int | None = 20, lang: str | None = None
    ) -> EntityList:
        """Search nodes by label, English or Spanish, ignoring case, accents and punctuation.

        Args:
            text: What to look for (``"kanasin"``, ``"amado nervo"``).
            kind: Only nodes of this class (IRI, prefixed name such as ``"hk:School"``, or
                an Entity).
            limit: At most this many matches (``None``: all).
            lang: Among equally good labels prefer ``"en"`` or ``"es"``; kinds are named in
                it (default: from the environment).

        Returns:
            Matches, best first (exact matches score 1.0).

        Example:
            >>> import habitatkg as hk
            >>> kg = hk.load()
            >>> kg.find("kanasin")[0].label
            'Kanasín'
        """
        kind_iri = (
            self._index.resolve(kind, kind=f"{PREFIXES['owl']}Class", what="class")
            if kind is not None
            else None
        )
        from habitatkg._lang import resolve_lang

        return self._index.search(text, kind=kind_iri, limit=limit, lang=resolve_lang(lang))

    def resolve(self, value: object, *, kind: str | None = None, what: str | None = None) -> str:
        """The IRI of a node given as an IRI, an Entity or a label.

        Args:
            value: The node.
            kind: Class IRI (or prefixed name) the node must be an instance of.
            what: Name of that kind for messages (``"school"``).

        Returns:
            The IRI.

        Raises:
            EntityNotFoundError: Unknown IRI or label (closest matches listed).
            AmbiguousLabelError: The label fits several nodes equally well.
            WrongKindError: The node is of another kind.
        """
        kind_iri = to_term(kind).value if isinstance(kind, str) else None
        return self._index.resolve(value, kind=kind_iri, what=what)

    def entity(self, value: object, *, kind: str | None = None) -> Entity:
        """Look a node up: its labels, kind, definition and sources.

        Args:
            value: An IRI, an Entity or a label (``"Escuela Primaria Amado Nervo"``).
            kind: Class (IRI or prefixed name) the node must belong to.

        Returns:
            The entity.

        Raises:
            EntityNotFoundError: Unknown IRI or label.
            AmbiguousLabelError: The label fits several nodes equally well.
            WrongKindError: The node is of another kind.

        Example:
            >>> import habitatkg as hk
            >>> hk.load().entity("hk:CollaborativeWork").label_in("es")
            'Trabajo colaborativo'
        """
        iri = self.resolve(value, kind=kind)
        cached = self._index.memo.get(("entity", iri))
        if isinstance(cached, Entity):
            return cached
        found = self._entity(iri)
        self._index.remember(("entity", iri), found)
        return found

    def _entity(self, iri: str) -> Entity:
        """The :class:`Entity` of an IRI, read from the store."""
        node = ox.NamedNode(iri)
        labels: list[Label] = []
        types: list[str] = []
        definitions: list[tuple[int, str]] = []
        illustrative = False
        for predicate, obj in self._store.query(_ENTITY_QUERY, {"s": node}).rows:
            if predicate is None:
                continue
            p = predicate.value
            if p.endswith(("#label", "#prefLabel")) and isinstance(obj, ox.Literal):
                labels.append(Label(obj.value, obj.language or ""))
            elif p.endswith("#type") and isinstance(obj, ox.NamedNode):
                types.append(obj.value)
            elif p.endswith(("#definition", "#comment")) and isinstance(obj, ox.Literal):
                lang = (obj.language or "").split("-")[0]
                definitions.append(
                    (
                        {"en": 0, "": 1}.get(lang, 2) + (0 if p.endswith("#definition") else 3),
                        obj.value,
                    )
                )
            elif p == f"{_HK}illustrative":
                illustrative = illustrative or python_value(obj) is True
        labels.sort(key=lambda x: ({"en": 0, "es": 1}.get(x.lang.split("-")[0].lower(), 2), x.text))
        kind_iri, kind_label = self._index.kind_of(iri)
        return Entity(
            iri=iri,
            labels=tuple(dict.fromkeys(labels)),
            kind=kind_iri,
            kind_label=kind_label,
            types=tuple(sorted(set(types))),
            sources=self._sources(iri),
            definition=min(definitions)[1] if definitions else None,
            illustrative=illustrative,
        )

    def entities(self, iris: Iterable[str]) -> EntityList:
        """Entities for several IRIs, in the given order.

        Args:
            iris: IRIs.

        Returns:
            The entities.
        """
        return EntityList(self.entity(i) for i in dict.fromkeys(iris))

    def _sources(self, iri: str) -> tuple[SourceRef, ...]:
        refs: dict[str, SourceRef] = {}
        for row in self._store.query(_SOURCES_QUERY, {"s": ox.NamedNode(iri)}).rows:
            source, source_label, document, document_label, section, page, illustrative = (
                python_value(t) for t in row
            )
            if source in refs:
                continue
            refs[source] = SourceRef(
                iri=source,
                label=source_label,
                document=document,
                document_label=document_label,
                section=section,
                page=page if isinstance(page, int) else None,
                illustrative=illustrative is True,
            )
        return tuple(refs.values())

    # ------------------------------------------------------------------ provenance

    def _passages(
        self, iri: str, statement: tuple[str, Term] | None = None
    ) -> tuple[SourceRef, ...]:
        """The source passages of the statements about ``iri`` (or of one statement)."""
        found: dict[str, SourceRef] = {}
        reasons: dict[str, list[str]] = {}
        for row in self._store.query(_PASSAGES_QUERY, {"s": ox.NamedNode(iri)}).rows:
            values = dict(zip(_PASSAGE_COLUMNS, row, strict=True))
            if statement is not None:
                predicate, obj = statement
                if values["predicate"] != ox.NamedNode(predicate) or not _same_term(
                    values["object"], obj
                ):
                    continue
            key = f"{values['record']} {values['passage']}"
            why = python_value(values["reasoning"])
            if why:
                reasons.setdefault(key, [])
                if why not in reasons[key]:
                    reasons[key].append(why)
            if key in found:
                continue
            page = python_value(values["page"])
            found[key] = SourceRef(
                iri=python_value(values["source"]),
                label=python_value(values["sourceLabel"]),
                document=python_value(values["document"]),
                document_label=python_value(values["documentLabel"]),
                section=python_value(values["section"]),
                page=page if isinstance(page, int) else None,
                passage=python_value(values["passage"]),
                quote=python_value(values["exact"]),
                prefix=python_value(values["prefix"]),
                suffix=python_value(values["suffix"]),
                evidence_kind=python_value(values["kind"]),
                evidence_label=python_value(values["kindLabel"]),
            )
        out = []
        seen: set[str] = set()
        for key, ref in found.items():
            if statement is None and ref.passage in seen:
                continue
            seen.add(ref.passage or key)
            why = reasons.get(key)
            if why:
                ref = dataclasses.replace(ref, reasoning=" ".join(why))
            out.append(ref)
        return tuple(out)

    def provenance(self, entity_or_statement: object) -> Provenance:
        """Where a node or a statement comes from (question 8), with the sources' own words.

        Every curated statement has a provenance record (an ``rdf:Statement``) that points
        to the source passages supporting it: document, section / table / box, page, the
        verbatim quote and the evidence kind (stated by the source, derived by the curators
        with their reasoning, or a translation).

        Args:
            entity_or_statement: A node (IRI, Entity or label), or a
                ``(subject, predicate, object)`` tuple whose subject and predicate are nodes
                (IRIs, prefixed names or labels) and whose object is a node or a value.

        Returns:
            For a statement, exactly its passages (``sources``, one per passage). For a node,
            its source references (``sources``) and the passages of all the statements
            about it (``passages``).

        Raises:
            EntityNotFoundError: Unknown node, or the statement is not in the graph.

        Example:
            >>> import habitatkg as hk
            >>> kg = hk.load()
            >>> p = kg.provenance(("hkd:social-model", "hk:contributesToGoal", "sdg:16"))
            >>> [(s.section, s.evidence_label) for s in p.sources]
            [('Chapter III.B, closing paragraphs', 'Stated by the source')]
            >>> "(SDG 16)" in p.sources[0].quote
            True
        """
        from habitatkg._errors import EntityNotFoundError

        if isinstance(entity_or_statement, tuple) and len(entity_or_statement) == 3:
            subject_value, predicate_value, object_value = entity_or_statement
            subject = self.entity(subject_value)
            predicate = self.resolve(predicate_value)
            obj = self._statement_object(object_value)
            if not self._has(subject.iri, predicate, obj) and isinstance(obj, ox.Literal):
                # a label given for a node object ("Goal 16")
                try:
                    node = ox.NamedNode(self.resolve(object_value))
                except HabitatKGError:
                    node = None
                if node is not None and self._has(subject.iri, predicate, node):
                    obj = node
            if not self._has(subject.iri, predicate, obj):
                raise EntityNotFoundError(
                    f"the graph has no statement ({subject.curie} {compact(predicate)} "
                    f"{compact(str(python_value(obj)))})",
                    candidates=(),
                )
            passages = self._passages(subject.iri, (predicate, obj))
            return Provenance(
                subject,
                (subject.iri, predicate, python_value(obj)),
                passages or subject.sources,
                passages,
            )
        subject = self.entity(entity_or_statement)
        return Provenance(subject, None, subject.sources, self._passages(subject.iri))

    def _has(self, subject: str, predicate: str, obj: Term) -> bool:
        return bool(
            self._store.query(
                "ASK { ?s ?p ?value FILTER(sameTerm(?value, ?o) || ?value = ?o || (isLiteral(?o)"
                " && LANG(?o) = '' && DATATYPE(?o) = xsd:string && LANG(?value) != ''"
                " && STR(?value) = STR(?o))) }",
                {"s": ox.NamedNode(subject), "p": ox.NamedNode(predicate), "o": obj},
            ).boolean
        )

    def _statement_object(self, value: object) -> Term:
        if isinstance(value, (Entity, ox.NamedNode)) or (
            isinstance(value, str) and _looks_like_iri(value)
        ):
            return ox.NamedNode(self.resolve(value))
        try:
            return to_term(value)
        except ValueError as exc:
            raise QueryError(str(exc)) from exc

    # ------------------------------------------------------------------ other views

    def to_rdflib(self) -> rdflib.Graph:
        """The whole graph as an rdflib ``Graph`` (built on first use, then cached).

        Returns:
            The graph, with the pre-bound prefixes bound.
        """
        if self._rdflib is None:
            import rdflib

            graph = rdflib.Graph()
            for prefix, namespace in PREFIXES.items():
                graph.bind(prefix, namespace, replace=True)
            graph.parse(data=self._store.serialize(format="nt"), format="nt")
            self._rdflib = graph
        return self._rdflib

    def validate(self, *, shapes: Any = None, engine: str = "auto", progress: Any = None) -> Any:
        """Check the graph against the SHACL shapes (see :func:`habitatkg.validate`).

        Args:
            shapes: Shapes graph or file(s); the package's shapes by default.
            engine: ``"sparql"`` runs each constraint as a SPARQL query inside the store (no
                copy of the data; fast on millions of triples, and on remote endpoints);
                ``"pyshacl"`` copies the graph into rdflib and runs pyshacl; ``"auto"`` (the
                default) uses ``"sparql"`` unless the shapes use a SHACL feature it does not
                support. Both give the same report.
            progress: Called as ``progress(done, total)`` by the SPARQL engine.

        Returns:
            The validation report.

        Raises:
            ValueError: ``engine`` is not one of ``"auto"``, ``"sparql"``, ``"pyshacl"``.
            ShapesError: The shapes cannot be used (with ``"sparql"``: a feature it lacks).

        Example:
            >>> load().validate(engine="sparql").has_violations
            False
        """
        from habitatkg._shacl import validate_any
        from habitatkg._validate import _as_graph

        graph = None if shapes is None else _as_graph(shapes, "shapes")  # parsed once
        return validate_any(
            self._store, shapes=graph, engine=engine, graph=self.to_rdflib, progress=progress
        )

    def to_networkx(self, view: str = "partners") -> nx.Graph:
        """A networkx graph for analysis (see :mod:`habitatkg._networks`).

        Args:
            view: ``"partners"`` (partner organizations, activities, schools) or
                ``"guidelines"`` (strategic guidelines and SDG targets).

        Returns:
            The graph; nodes are IRIs with ``label`` and ``kind`` attributes.
        """
        from habitatkg._networks import to_networkx

        return to_networkx(self, view=view)

    def export(self, path: str | os.PathLike[str], *, format: object = None) -> Path:
        """Write the graph to a file: Turtle, N-Triples, JSON-LD or GraphML (see :mod:`._export`).

        Args:
            path: Output file.
            format: ``"ttl"``, ``"nt"``, ``"jsonld"`` or ``"graphml"``; guessed from the extension.

        Returns:
            The path written.
        """
        from habitatkg._export import export

        return export(self, path, format=format)


_PASSAGE_COLUMNS = (
    "record", "predicate", "object", "passage", "source", "sourceLabel", "document",
    "documentLabel", "section", "page", "exact", "prefix", "suffix", "kind", "kindLabel",
    "reasoning",
)  # fmt: skip


def _same_term(a: object, b: object) -> bool:
    """Same RDF term, or equal literal values (``"5"^^xsd:integer`` and ``5.0``)."""
    if a == b:
        return True
    if isinstance(a, ox.Literal) and isinstance(b, ox.Literal):
        if a.language and not b.language and b.datatype.value.endswith("#string"):
            return a.value == b.value
        x, y = python_value(a), python_value(b)
        return (
            not isinstance(x, str)
            and not isinstance(y, str)
            and not isinstance(x, bool)
            and not isinstance(y, bool)
            and x == y
        )
    return False


def _check_text(text: str) -> None:
    """Refuse updates and unknown prefixes with one clear line each."""
    from habitatkg import _sparql

    update = _sparql.update_keyword(text)
    if update is not None:
        raise QueryError(
            f"updates are not supported here (read-only): the query starts with {update}; "
            "habitatkg queries only read the graph (add data with hk.load(FILE) or kg.add(FILE))"
        )
    unknown = _sparql.unknown_prefixes(text)
    if unknown:
        prefix, at = unknown[0]
        raise QueryError(
            f"unknown prefix '{prefix}:' ({_sparql_lex.line_column(text, at)}); the known "
            f"prefixes are {', '.join(PREFIXES)}; declare others with PREFIX {prefix}: <https://...>"
        )


def _syntax_message(text: str, terms: dict[str, Term], exc: SyntaxError) -> str:
    """One readable line for the engine's syntax error (positions in the user's own text)."""
    message = str(exc).splitlines()[0] if str(exc) else "syntax error"
    if terms:
        try:
            ox.Store().query(text, prefixes=PREFIXES)  # the user's own text, unbound
        except SyntaxError as unbound:
            message = str(unbound).splitlines()[0] if str(unbound) else message
        except Exception:  # it parses; evaluating it on nothing may still fail
            return _binding_message(terms)
        else:
            return _binding_message(terms)
    match = re.match(r"error at (\d+):(\d+): (.*)", message)
    if not match:
        return f"the SPARQL query does not parse: {message[:200]}"
    line, column, expected = int(match.group(1)), int(match.group(2)), match.group(3)
    lines = text.splitlines() or [""]
    near = lines[line - 1][max(column - 1, 0) :][:30] if line <= len(lines) else ""
    hint = f"; {expected}" if len(expected) < 80 and not re.search(r"\[|\.\.=|'", expected) else ""
    shown = f', near "{near.strip()}"' if near.strip() else " (at the end)"
    return f"the SPARQL query does not parse at line {line}, column {column}{shown}{hint}"


def _binding_message(terms: dict[str, Term]) -> str:
    listed = ", ".join(f"?{name}" for name in terms)
    return (
        f"cannot bind {listed} there: a literal was bound to a variable the query uses where "
        "SPARQL allows only an IRI (a predicate, GRAPH or SERVICE name); bind an IRI"
    )


def _looks_like_iri(text: str) -> bool:
    from habitatkg._resolve import is_iri_like

    return is_iri_like(text)


def _records_as_graphs(engine: GraphStore, files: tuple[object, ...]) -> tuple[Any, ...]:
    """Workbooks (and CSV folders) imported into their records (named by their data graph).

    A workbook whose data graph the store already holds (same checksum) is not imported again.
    """
    from habitatkg._sheets import is_records_source, records_graph, records_graph_name

    out: list[object] = []
    native = getattr(engine, "native", None)
    for source in files:
        if not is_records_source(source):
            out.append(source)
            continue
        held = isinstance(native, ox.Store) and native.contains_named_graph(
            ox.NamedNode(records_graph_name(source))
        )
        if not held:
            out.append(records_graph(source))
    return tuple(out)


def load(
    *files: str | os.PathLike[str] | rdflib.Graph,
    format: object = None,
    include_packaged: bool | Literal["ontology"] = True,
    store: GraphStore | ox.Store | str | None = None,
    update_url: str | None = None,
    allow_service: bool = False,
) -> KnowledgeGraph:
    """Load the knowledge graph: the packaged ontology and curated data, plus your own files.

    Nothing is fetched from the network (JSON-LD remote contexts are refused).

    Args:
        *files: Your own RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) or
            rdflib graphs, added after the packaged files.
        format: Force one format for every file (``"ttl"``, ``"jsonld"``, an ``RDFFormat``...);
            by default guessed from each file's extension.
        include_packaged: Load the packaged ontology and curated data first (``True``),
            only the packaged ontology (``"ontology"``), or nothing packaged (``False``).
        store: The engine: ``"memory"`` (the default: in-memory pyoxigraph, no set-up),
            ``"oxigraph:PATH"`` (a persistent pyoxigraph store in directory ``PATH``: files
            it already holds, same name and SHA-256, are not loaded again, so reopening it is
            instant), ``"sparql:QUERY_URL"`` (a SPARQL 1.1 endpoint; read-only without
            ``update_url``, and then taken to hold the packaged data already), a
            :class:`~habitatkg._store.GraphStore` or a ``pyoxigraph.Store``.
        update_url: The SPARQL update URL of a ``sparql:`` store, to make it writable.
        allow_service: Let queries use ``SERVICE``.

    Returns:
        The knowledge graph.

    Raises:
        HabitatKGError: A file is missing or does not parse (the message names it).

    Example:
        >>> import habitatkg as hk
        >>> kg = hk.load()
        >>> len(kg) > 1000
        True
    """
    from habitatkg._store import load_once, open_store

    if isinstance(store, ox.Store):
        engine: GraphStore = MemoryStore(store)
    elif store is None:
        engine = open_store("memory", update_url=update_url)
    elif isinstance(store, str):
        engine = open_store(store, update_url=update_url)
    elif isinstance(store, GraphStore):
        engine = store
    else:
        raise HabitatKGError(
            "store must be 'memory', 'oxigraph:PATH', 'sparql:URL', a GraphStore or a "
            f"pyoxigraph.Store, not {type(store).__name__}"
        )
    files = _records_as_graphs(engine, files)
    loaded: list[Path] = []
    if include_packaged:
        packaged = list(_paths.ontology_files())
        if include_packaged != "ontology":
            packaged += list(_paths.data_files())
        loaded += load_once(
            engine, packaged, lambda todo: _add_sources(engine, todo, format=None), packaged=True
        )
    loaded += load_once(
        engine,
        files,
        lambda todo: _add_sources(engine, todo, format=format, check_terms=bool(include_packaged)),
    )
    return KnowledgeGraph(engine, files=loaded, allow_service=allow_service)
