"""The query engine behind :class:`~habitatkg.KnowledgeGraph`, hidden behind a small protocol.

:class:`GraphStore` is what the facade needs from an engine: run SPARQL with bound values,
look up triples, add RDF, count and serialize. :class:`MemoryStore` implements it with an
in-memory `pyoxigraph <https://pyoxigraph.readthedocs.io>`_ store (rdflib's SPARQL engine is
about a thousand times slower on the joins the competency questions need). A persistent
oxigraph store or a remote SPARQL endpoint can implement the same protocol later.

Example:
    >>> store = MemoryStore()
    >>> store.add_data(
    ...     "<https://w3id.org/habitatkg/data/x> a <https://w3id.org/habitatkg/ontology#School> .",
    ...     format="ttl")
    >>> result = store.query("SELECT ?s WHERE { ?s a hk:School }")
    >>> result.variables, [row[0].value for row in result.rows]
    (('s',), ['https://w3id.org/habitatkg/data/x'])
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

import pyoxigraph as ox

from habitatkg._sparql import PREFIXES, Term, bind_values

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

__all__ = ["GraphStore", "MemoryStore", "RawResult", "oxigraph_format"]

_USED_TERMS = """
SELECT DISTINCT ?term WHERE {
  { ?term ?p ?o } UNION { ?s ?term ?o } UNION { ?s ?p ?term } UNION { ?s ?p ?value
    BIND(DATATYPE(?value) AS ?term) }
  FILTER(isIRI(?term) && STRSTARTS(STR(?term), "NAMESPACE"))
}"""

_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "n3": ox.RdfFormat.N3,
    "xml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "rdf+xml": ox.RdfFormat.RDF_XML,
    "rdf/xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
}


def oxigraph_format(name: object) -> ox.RdfFormat:
    """The pyoxigraph format for a format name, file extension or ``RDFFormat`` member.

    Args:
        name: ``"turtle"``, ``"ttl"``, ``".jsonld"``, an ``RDFFormat`` (its value is used), ...

    Returns:
        The pyoxigraph format.

    Raises:
        ValueError: Unknown format.

    Example:
        >>> oxigraph_format(".ttl") == ox.RdfFormat.TURTLE
        True
    """
    if isinstance(name, ox.RdfFormat):
        return name
    key = str(getattr(name, "value", name)).lower().lstrip(".")
    if key in _FORMATS:
        return _FORMATS[key]
    raise ValueError(f"unknown RDF format {name!r}; known: {', '.join(sorted(_FORMATS))}")


@dataclass
class RawResult:
    """What an engine returns for a query: solutions, a boolean or triples (as RDF terms)."""

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


@runtime_checkable
class GraphStore(Protocol):
    """What :class:`~habitatkg.KnowledgeGraph` needs from a query engine."""

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a SPARQL query (prefixes of :data:`~habitatkg._sparql.PREFIXES` pre-bound)."""
        ...

    def triples(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
    ) -> Iterator[ox.Triple]:
        """Triples of the default graph matching a pattern (``None`` matches anything)."""
        ...

    def add_graph(
        self, graph: rdflib.Graph, *, vet: Callable[[set[str]], None] | None = None
    ) -> int:
        """Add the triples of an rdflib graph, all or nothing; returns how many."""
        ...

    def add_file(
        self,
        path: str | os.PathLike[str],
        *,
        format: object,
        vet: Callable[[set[str]], None] | None = None,
    ) -> int:
        """Parse a file of triples, all or nothing (``SyntaxError`` if bad); return its size."""
        ...

    def __len__(self) -> int:
        """Number of triples."""
        ...

    def serialize(self, *, format: object, prefixes: Mapping[str, str] | None = None) -> bytes:
        """The whole default graph in an RDF format."""
        ...


class MemoryStore:
    """An in-memory pyoxigraph store implementing :class:`GraphStore`.

    Args:
        store: An existing ``pyoxigraph.Store`` to wrap; a new in-memory one by default.

    Example:
        >>> store = MemoryStore()
        >>> len(store)
        0
        >>> store.query("ASK { ?s ?p ?o }").boolean
        False
    """

    def __init__(self, store: ox.Store | None = None) -> None:
        self._store = store if store is not None else ox.Store()

    @property
    def native(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store``."""
        return self._store

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a query, values bound by a ``VALUES`` block (:func:`~habitatkg._sparql.bind_values`).

        Args:
            sparql: A SPARQL query.
            bindings: Variable name to RDF term.

        Returns:
            The result.

        Raises:
            SyntaxError: The query does not parse.
            ValueError: A binding is unusable.
            OSError: The engine failed while evaluating.
        """
        text = bind_values(sparql, bindings or {})
        result = self._store.query(text, prefixes=PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return RawResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            return RawResult(
                "select", variables=variables, rows=[tuple(solution) for solution in result]
            )
        return RawResult(
            "graph", variables=("subject", "predicate", "object"), triples=list(result)
        )

    def triples(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
    ) -> Iterator[ox.Triple]:
        """Triples of the default graph matching a pattern.

        Args:
            subject: Subject or ``None``.
            predicate: Predicate or ``None``.
            object: Object or ``None``.

        Yields:
            Matching triples.
        """
        if isinstance(subject, ox.Literal):
            return  # a literal is never a subject
        for quad in self._store.quads_for_pattern(subject, predicate, object, ox.DefaultGraph()):
            yield quad.triple

    def add_graph(
        self,
        graph: rdflib.Graph,
        *,
        vet: Callable[[set[str]], None] | None = None,
        namespace: str = PREFIXES["hk"],
    ) -> int:
        """Add an rdflib graph's triples (through N-Triples), all or nothing.

        Args:
            graph: The graph.
            vet: As for :meth:`add_file`.
            namespace: The namespace ``vet`` is about.

        Returns:
            The number of triples added.
        """
        data = graph.serialize(format="nt", encoding="utf-8")
        return self._staged_load(vet, namespace, input=data, format=ox.RdfFormat.N_TRIPLES)

    def add_data(self, data: str | bytes, *, format: object, base_iri: str | None = None) -> None:
        """Parse RDF text into the store.

        Args:
            data: The serialization.
            format: Its format (name, extension, ``RDFFormat`` or pyoxigraph format).
            base_iri: Base IRI for relative IRIs.
        """
        fmt = oxigraph_format(format)
        self._store.load(data, format=fmt, base_iri=base_iri, to_graph=ox.DefaultGraph())

    def add_file(
        self,
        path: str | os.PathLike[str],
        *,
        format: object,
        base_iri: str | None = None,
        vet: Callable[[set[str]], None] | None = None,
        namespace: str = PREFIXES["hk"],
    ) -> int:
        """Parse a file of triples into the store, all or nothing; nothing is fetched.

        With ``vet``, the file is first read once without storing anything: ``vet`` sees the
        IRIs of ``namespace`` it uses (in any position, or as a literal datatype) and may raise
        to refuse the file, which then leaves no trace. (Streaming the file twice is about
        twice as fast as staging it in a named graph and copying it.)

        Args:
            path: The file.
            format: Its format (a triples format: Turtle, N-Triples, RDF/XML, N3).
            base_iri: Base IRI for relative IRIs (default: the file's URI).
            vet: Called with the namespace's IRIs the file uses, before anything is stored.
            namespace: The namespace ``vet`` is about.

        Returns:
            The number of triples in the file (duplicates of stored triples included).

        Raises:
            SyntaxError: The file does not parse.
        """
        fmt = oxigraph_format(format)
        base = base_iri or Path(path).resolve().as_uri()
        count = 0
        if vet is not None:
            used: set[str] = set()
            for quad in ox.parse(path=os.fspath(path), format=fmt, base_iri=base):
                count += 1
                for term in (quad.subject, quad.predicate, quad.object):
                    value = (
                        term.datatype.value
                        if isinstance(term, ox.Literal)
                        else getattr(term, "value", "")
                    )
                    if value.startswith(namespace):
                        used.add(value)
            vet(used)
        before = len(self._store)
        self._store.load(
            path=os.fspath(path), format=fmt, base_iri=base, to_graph=ox.DefaultGraph()
        )
        if vet is None:
            count = len(self._store) - before
            if (
                count == 0
                and next(iter(ox.parse(path=os.fspath(path), format=fmt, base_iri=base)), None)
                is not None
            ):
                count = 1  # every triple was already there
        return count

    def _staged_load(
        self, vet: Callable[[set[str]], None] | None, namespace: str, **load: object
    ) -> int:
        """Load into a staging graph, let ``vet`` refuse it, then commit to the default graph."""
        staging = ox.NamedNode(f"urn:habitatkg:staging:{uuid.uuid4()}")
        try:
            self._store.load(to_graph=staging, **load)  # type: ignore[arg-type]
            if vet is not None:
                used = self._store.query(
                    _USED_TERMS.replace("NAMESPACE", namespace), default_graph=staging
                )
                assert isinstance(used, ox.QuerySolutions)
                vet({solution[0].value for solution in used if solution[0] is not None})
            counted = self._store.query(
                "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=staging
            )
            assert isinstance(counted, ox.QuerySolutions)
            count = sum(int(solution[0].value) for solution in counted if solution[0] is not None)
            self._store.update(
                f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{staging.value}> {{ ?s ?p ?o }} }}"
            )
        finally:
            if self._store.contains_named_graph(staging):
                self._store.remove_graph(staging)
        return count

    def __len__(self) -> int:
        return len(self._store)

    def serialize(self, *, format: object, prefixes: Mapping[str, str] | None = None) -> bytes:
        """The default graph serialized by pyoxigraph.

        Args:
            format: Output format.
            prefixes: Prefixes for formats that use them (Turtle, TriG).

        Returns:
            The serialization.
        """
        fmt = oxigraph_format(format)
        use = fmt in {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG}
        data = self._store.dump(
            format=fmt,
            from_graph=ox.DefaultGraph(),
            prefixes=dict(prefixes) if prefixes is not None and use else None,
        )
        return data if data is not None else b""

    def __repr__(self) -> str:
        return f"<MemoryStore (pyoxigraph, in memory): {len(self)} triples>"
