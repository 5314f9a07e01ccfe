"""Parsing files into a :class:`~habitatkg._store.GraphStore`, with habitatkg's clear errors.

Every file passes the input gate (:mod:`habitatkg._gate`) and the engine's parser once;
Turtle, N-Triples and RDF/XML are then bulk-loaded by the engine (all files, or none);
JSON-LD (whose context may be the package's published one, read offline), TriG and N-Quads
(flattened) go through :func:`habitatkg._load.read_rdf`. Nothing is fetched from the network.

Example:
    >>> from habitatkg._store import MemoryStore
    >>> from habitatkg import _paths
    >>> store = MemoryStore()
    >>> [p.name for p in add_sources(store, _paths.ontology_files()[:1], format=None)]
    ['habitat.ttl']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from habitatkg import _gate, _load
from habitatkg._errors import EmptyDataError, InputLimitError, UnknownTermError
from habitatkg._formats import RDFFormat
from habitatkg._load import scan_file
from habitatkg._quickload import load_checked
from habitatkg._sparql import PREFIXES
from habitatkg._store import GraphStore, MemoryStore, data_graph, oxigraph_format

__all__ = ["add_sources", "declared_terms"]

_HK = PREFIXES["hk"]

_VIA_RDFLIB = {RDFFormat.JSONLD, RDFFormat.TRIG, RDFFormat.NQUADS}


@dataclass
class _Prepared:
    """One source after the gate: a parsed rdflib graph, or an admitted file to bulk-load."""

    path: Path | None
    graph: object = None
    admitted: _gate.Admitted | None = None
    #: The quads of a TriG or N-Quads file that are in data graphs (:data:`GRAPHS`), kept
    #: there too (the rest of the file is flattened into the default graph).
    quads: bytes | None = None


def add_sources(
    store: GraphStore, sources: Iterable[object], *, format: object, check_terms: bool = False
) -> list[Path]:
    """Check every source through the input gate, then add them all to ``store``, or none.

    Args:
        store: The engine.
        sources: Files or rdflib graphs.
        format: Force one format (name or ``RDFFormat``); by default from each extension.
        check_terms: Refuse a file using ``hk:`` terms the loaded ontology does not declare.

    Returns:
        The files loaded, in order.

    Raises:
        DataFileNotFoundError: A file does not exist.
        UnknownFormatError: A file's format cannot be told.
        DataFormatError: A file does not parse (named with its line), or holds an ill-typed
            literal; :class:`~habitatkg.InputLimitError` when it is over a limit of the gate.
        EmptyDataError: A file holds no triples.
        UnknownTermError: A file uses undeclared ``hk:`` terms.

    Every file passes :func:`habitatkg._gate.admit` (limits, no network) and one parse with
    the engine's parser (:func:`habitatkg._load.scan_file`: syntax, ill-typed literals, the
    ``hk:`` terms used); JSON-LD (whose context may be the package's published one, read
    offline), TriG and N-Quads (flattened) are read by :func:`habitatkg._load.read_rdf`. For
    pyoxigraph stores, each file is parsed once: every triple is checked and bulk-loaded into
    a staging store as it is read (N-Triples: bulk-loaded while its bytes are checked, see
    :mod:`habitatkg._quickload`), and the staging store is merged only when every file
    passed: an error leaves the store as it was.
    """
    known = declared_terms(store) if check_terms else set()
    items = list(sources)
    plan = [_prepare(source, format) for source in items]

    def vet(used: set[str], where: object) -> None:
        unknown = used - known
        if known and unknown:
            raise UnknownTermError(unknown, known=known, file=where)  # type: ignore[arg-type]

    def check() -> None:
        for item in plan:
            if item.admitted is not None:
                count, used = scan_file(item.admitted, namespace=_HK if known else None)
                if count == 0:
                    raise EmptyDataError(item.admitted.path)
                vet(used, item.path)
            else:
                vet(_load.used_terms(item.graph, _HK), item.path or "<rdflib graph>")  # type: ignore[arg-type]

    staged = isinstance(store, MemoryStore)
    if staged:
        assert isinstance(store, MemoryStore)

        def fill(staging: ox.Store) -> None:
            # one strict parse per file: checked triple by triple and bulk-loaded as it is read
            for item in plan:
                if item.admitted is not None:
                    used = load_checked(
                        item.admitted, namespace=_HK if known else None, known=known, into=staging
                    )
                    vet(used, item.path)
                else:
                    vet(_load.used_terms(item.graph, _HK), item.path or "<rdflib graph>")  # type: ignore[arg-type]
                    data = item.graph.serialize(format="nt", encoding="utf-8")  # type: ignore[attr-defined]
                    staging.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
                    named = data_graph(item.graph)
                    if named is not None:  # a workbook's records: also in their own graph
                        staging.bulk_load(
                            data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(named))
                        )
                if item.quads:  # a TriG or N-Quads file's data graphs, kept as graphs
                    staging.bulk_load(item.quads, format=ox.RdfFormat.N_QUADS)

        try:
            store.load_staged(fill)
        except MemoryError as exc:  # pragma: no cover - the gate refuses such terms first
            raise InputLimitError(None, None, "a term is too large for the engine") from exc
    else:  # another engine (a SPARQL endpoint): checked first, then added one by one
        check()
        for item in plan:
            if item.graph is not None:
                store.add_graph(item.graph)  # type: ignore[arg-type]
            else:
                assert item.admitted is not None
                store.add_file(
                    item.admitted.path, format=oxigraph_format(item.admitted.format.value)
                )
    return [item.path for item in plan if item.path is not None]


def _prepare(source: object, format: object) -> _Prepared:
    if hasattr(source, "serialize") and hasattr(source, "triples"):  # an rdflib graph
        return _Prepared(None, graph=source)
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"expected a file path or an rdflib graph, not {type(source).__name__}")
    admitted = _gate.admit(source, format=format)  # type: ignore[arg-type]
    if admitted.format in _VIA_RDFLIB:
        graph = _load.read_rdf(admitted.path, format=admitted.format)
        quads = None
        if admitted.format in (RDFFormat.TRIG, RDFFormat.NQUADS):
            quads = _data_graph_quads(admitted)
        return _Prepared(admitted.path, graph=graph, quads=quads)
    if admitted.size == 0:
        raise EmptyDataError(admitted.path)
    return _Prepared(admitted.path, admitted=admitted)


def _data_graph_quads(admitted: _gate.Admitted) -> bytes | None:
    """The quads of a (parsed, checked) TriG or N-Quads file that are in data graphs."""
    fmt = _gate.OX_FORMATS[admitted.format]
    base = admitted.path.resolve().as_uri()
    kept = [
        quad
        for quad in ox.parse(path=admitted.path, format=fmt, base_iri=base)
        if isinstance(quad.graph_name, ox.NamedNode) and data_graph(quad.graph_name.value)
    ]
    return ox.serialize(kept, format=ox.RdfFormat.N_QUADS) if kept else None


def declared_terms(store: GraphStore) -> set[str]:
    """The ``hk:`` IRIs the loaded ontology declares (gives an ``rdf:type``).

    Args:
        store: The engine.

    Returns:
        The IRIs.
    """
    rows = store.query(
        f'SELECT DISTINCT ?t WHERE {{ ?t a ?c FILTER(STRSTARTS(STR(?t), "{_HK}")) }}'
    ).rows
    return {row[0].value for row in rows if row[0] is not None}
