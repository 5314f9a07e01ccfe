"""The query engine behind :class:`~habitatkg.KnowledgeGraph`, hidden behind a small protocol.

:class:`GraphStore` is what the facade needs from an engine: run SPARQL with bound values,
look up triples, add RDF, count and serialize. :class:`MemoryStore` implements it with an
in-memory `pyoxigraph <https://pyoxigraph.readthedocs.io>`_ store (rdflib's SPARQL engine is
about a thousand times slower on the joins the competency questions need; see
``benchmarks/RESULTS.md``). :class:`OxigraphStore` is the same engine persisted on disk (loaded
once, reopened instantly) and :class:`~habitatkg._endpoint.SparqlStore` any SPARQL 1.1
endpoint over HTTP (read-only unless given an update URL). :func:`open_store` turns
``"memory"``, ``"oxigraph:PATH"`` or ``"sparql:URL"`` into a store. Nothing goes to the
network unless you name an endpoint.

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

import contextlib
import gc
import hashlib
import itertools
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

import pyoxigraph as ox

from habitatkg._errors import EndpointError, ReadOnlyStoreError, StoreError
from habitatkg._sparql import PREFIXES, Term, bind_values

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

__all__ = [
    "GRAPHS",
    "EndpointError",
    "GraphStore",
    "MemoryStore",
    "OxigraphStore",
    "RawResult",
    "ReadOnlyStoreError",
    "StoreError",
    "data_graph",
    "file_digest",
    "is_store_folder",
    "load_once",
    "no_gc",
    "open_store",
    "oxigraph_format",
    "reclaim_orphans",
]

#: The named graph where persistent stores record which files they hold (never queried).
META_GRAPH = ox.NamedNode("urn:habitatkg:meta")
#: Namespace of the named graphs that hold a part of the data apart (the records imported from
#: a workbook: ``GRAPHS + "import-" + checksum``). Their triples are also in the default graph,
#: which is thus the union of all the data: plain SPARQL, the questions and the shapes see them
#: as they see the curated data, while ``GRAPH ?g { ... }`` tells which graph a triple is in.
#: (Materialized, not a store's union-default-graph setting: that differs between engines
#: and, in pyoxigraph, counts a triple held by two graphs twice.)
GRAPHS = "https://w3id.org/habitatkg/graph/"
_DIGEST = ox.NamedNode("urn:habitatkg:meta#sha256")


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


def _raw(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> RawResult:
    """A pyoxigraph query result as a :class:`RawResult`."""
    if isinstance(result, ox.QueryBoolean):
        return RawResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        with no_gc():
            rows = list(map(tuple, result))
        return RawResult("select", variables=variables, rows=rows)
    with no_gc():
        triples = list(result)
    return RawResult("graph", variables=("subject", "predicate", "object"), triples=triples)


def _at_most(small: ox.Store, big: ox.Store) -> bool:
    """Whether ``small`` holds no more quads than ``big``, counting only up to that size.

    ``len()`` of a store counts every quad; here the count stops after the smaller store's
    size (copying 25,000 packaged triples into a staging store of a million then costs
    25,000 steps, not 1,025,000).
    """
    size = len(small)
    return next(itertools.islice(big, size - 1, None), None) is not None if size else True


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big answer is built, then resume it.

    Building the rows of an answer allocates a tuple per row and never a reference cycle,
    but each thousand allocations set off a collection, and the collections of the oldest
    generation walk the whole heap: on 49,000 rows that is a fifth of the time. The
    collector stays off if it was off; reference counting frees memory as usual meanwhile.

    Example:
        >>> import gc
        >>> with no_gc():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class MemoryStore:
    """An in-memory pyoxigraph store implementing :class:`GraphStore`.

    Args:
        store: An existing ``pyoxigraph.Store`` to wrap; a new in-memory one by default.
        withhold: After every write, withhold the names of students, children and withheld
            persons (:mod:`habitatkg._privacy`); ``False`` only for scratch stores that
            validation reads the user's files into.

    Example:
        >>> store = MemoryStore()
        >>> len(store)
        0
        >>> store.query("ASK { ?s ?p ?o }").boolean
        False
    """

    def __init__(self, store: ox.Store | None = None, *, withhold: bool = True) -> None:
        self._owned = store is None  # a store of our own may be swapped for a bigger one
        self._store = store if store is not None else ox.Store()
        self._lock = threading.RLock()  # writes, and the swap of a merge, one at a time
        self._withholds = withhold

    def _withhold(self) -> None:
        """The one privacy step after every write (see :mod:`habitatkg._privacy`)."""
        if self._withholds:
            from habitatkg._privacy import withhold_store

            withhold_store(self)

    def replace(self, removed: Iterable[ox.Quad], added: Iterable[ox.Quad]) -> None:
        """Remove some quads and add others, under the store's write lock.

        Args:
            removed: Quads to remove (absent ones are ignored).
            added: Quads to add.
        """
        with self._lock:
            for quad in removed:
                self._store.remove(quad)
            self._store.extend(added)

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
        return _raw(self._store.query(text, prefixes=PREFIXES))

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
        return self._staged_load(
            vet, namespace, input=data, format=ox.RdfFormat.N_TRIPLES, copy_to=data_graph(graph)
        )

    def add_data(self, data: str | bytes, *, format: object, base_iri: str | None = None) -> None:
        """Parse RDF text into the store.

        Args:
            data: The serialization.
            format: Its format (name, extension, ``RDFFormat`` or pyoxigraph format).
            base_iri: Base IRI for relative IRIs.
        """
        fmt = oxigraph_format(format)
        with self._lock:
            self._store.load(data, format=fmt, base_iri=base_iri, to_graph=ox.DefaultGraph())
        self._withhold()

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
        with self._lock:
            before = len(self._store)
            # A vetted file parsed fully, so the faster, non-transactional bulk load is safe.
            loader = self._store.bulk_load if vet is not None else self._store.load
            loader(path=os.fspath(path), format=fmt, base_iri=base, to_graph=ox.DefaultGraph())
        if vet is None:
            count = len(self._store) - before
            if (
                count == 0
                and next(iter(ox.parse(path=os.fspath(path), format=fmt, base_iri=base)), None)
                is not None
            ):
                count = 1  # every triple was already there
        self._withhold()
        return count

    def load_batch(
        self,
        loads: Iterable[Mapping[str, object]],
        *,
        while_loading: Callable[[], None] | None = None,
    ) -> list[int]:
        """Load several inputs all or nothing: into a staging store first, then merged.

        The inputs are bulk-loaded into a fresh in-memory store in a background thread
        (pyoxigraph releases the GIL), while ``while_loading`` runs in this one (the input
        gate's checks); only when both succeeded is the staging store merged into this one
        (when this store is ours and smaller, by copying it into the staging store, which then
        takes its place). Any error leaves this store as it was.

        Args:
            loads: Keyword arguments of ``pyoxigraph.Store.bulk_load`` (``path=`` or ``input=``,
                ``format=``, ``base_iri=``, ``to_graph=``: the default graph unless given), one
                mapping per input; ``graph=IRI`` also keeps the input in that named graph.
            while_loading: Checks to run meanwhile; an exception refuses the whole batch.

        Returns:
            The number of new triples each input added to the staging store.

        Raises:
            SyntaxError: An input does not parse (its ``habitatkg_input`` attribute tells
                which, by position).

        Example:
            >>> store = MemoryStore()
            >>> nt = {"input": b"<urn:a> <urn:b> <urn:c> .", "format": ox.RdfFormat.N_TRIPLES}
            >>> store.load_batch([nt])
            [1]
        """
        staging = ox.Store()
        counts: list[int] = []
        failures: list[BaseException] = []
        failed_at = [0]
        todo = list(loads)

        def fill() -> None:
            try:
                for index, load in enumerate(todo):
                    failed_at[0] = index
                    before = len(staging)
                    options = dict(load)
                    named = options.pop("graph", None)  # also kept in its own named graph
                    options.setdefault("to_graph", ox.DefaultGraph())
                    staging.bulk_load(**options)  # type: ignore[arg-type]
                    counts.append(len(staging) - before)
                    if named is not None:
                        staging.bulk_load(**{**options, "to_graph": ox.NamedNode(str(named))})  # type: ignore[arg-type]
            except BaseException as error:  # re-raised in the caller's thread
                failures.append(error)

        thread = threading.Thread(target=fill, name="habitatkg-staging", daemon=True)
        thread.start()
        try:
            if while_loading is not None:
                while_loading()
        finally:
            thread.join()
        if failures:
            failures[0].habitatkg_input = failed_at[0]  # type: ignore[attr-defined]
            raise failures[0]
        self._merge(staging)
        self._withhold()
        return counts

    def load_staged(self, fill: Callable[[ox.Store], object]) -> None:
        """Fill a fresh staging store, then merge it into this one: all or nothing.

        ``fill`` adds to the staging store (the default graph), for instance the checked
        triples of :func:`habitatkg._load.scan_file` as it reads them (one parse for the check
        and the load); if it raises, this store stays as it was.

        Args:
            fill: Called with the staging ``pyoxigraph.Store``.

        Example:
            >>> store = MemoryStore()
            >>> nt = b"<urn:a> <urn:b> <urn:c> ."
            >>> store.load_staged(lambda s: s.load(nt, format=ox.RdfFormat.N_TRIPLES))
            >>> len(store)
            1
        """
        staging = ox.Store()
        fill(staging)
        self._merge(staging)
        self._withhold()

    def _merge(self, staging: ox.Store) -> None:
        """Add the staging store's quads (default graph and data graphs) to this store."""
        with self._lock:
            self._merge_unlocked(staging)

    def _merge_unlocked(self, staging: ox.Store) -> None:
        if self._owned and _at_most(self._store, staging):
            staging.bulk_extend(self._store.quads_for_pattern(None, None, None, None))
            self._store = staging
        else:
            self._store.bulk_extend(staging.quads_for_pattern(None, None, None, None))

    def _staged_load(
        self,
        vet: Callable[[set[str]], None] | None,
        namespace: str,
        copy_to: str | None = None,
        **load: object,
    ) -> int:
        """Load into a staging graph, let ``vet`` refuse it, then commit to the default graph.

        With ``copy_to`` (a data graph's IRI), the triples are kept in that graph too.
        """
        staging = ox.NamedNode(f"urn:habitatkg:staging:{uuid.uuid4()}")
        with self._lock:
            count = self._staged_load_unlocked(staging, vet, namespace, copy_to, **load)
        self._withhold()
        return count

    def _staged_load_unlocked(
        self,
        staging: ox.NamedNode,
        vet: Callable[[set[str]], None] | None,
        namespace: str,
        copy_to: str | None = None,
        **load: object,
    ) -> int:
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
            into = "?s ?p ?o" if copy_to is None else f"?s ?p ?o GRAPH <{copy_to}> {{ ?s ?p ?o }}"
            self._store.update(
                f"INSERT {{ {into} }} WHERE {{ GRAPH <{staging.value}> {{ ?s ?p ?o }} }}"
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


def data_graph(graph: object) -> str | None:
    """The data graph an rdflib graph is to be kept in: its identifier, if in :data:`GRAPHS`.

    Args:
        graph: An rdflib graph (the records of a workbook are named so), or an IRI.

    Returns:
        The graph's IRI, or ``None`` (its triples go to the default graph only).

    Example:
        >>> import rdflib
        >>> data_graph(rdflib.Graph(identifier=rdflib.URIRef(GRAPHS + "import-1")))
        'https://w3id.org/habitatkg/graph/import-1'
        >>> data_graph(rdflib.Graph()) is None
        True
    """
    identifier = graph if isinstance(graph, str) else str(getattr(graph, "identifier", ""))
    if identifier.startswith(GRAPHS) and ox_iri(identifier):
        return identifier
    return None


def ox_iri(text: str) -> bool:
    """Whether ``text`` is an IRI pyoxigraph accepts (and can be written inside ``<...>``)."""
    if any(c in text for c in '<>"{}|^`\\ '):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def file_digest(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file, in hex (what persistent stores record of the files they hold).

    Args:
        path: The file.

    Returns:
        The digest.
    """
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _marker(key: str, graph: str | None = None) -> ox.NamedNode:
    where = urllib.parse.quote(graph or "default", safe="")
    return ox.NamedNode(f"urn:habitatkg:loaded:{where}:{urllib.parse.quote(key, safe='')}")


#: Native stores open in this process, by directory: a directory can be opened only once.
_OPEN: dict[str, ox.Store] = {}


def is_store_folder(path: str | os.PathLike[str]) -> bool:
    """Whether a folder holds a pyoxigraph (RocksDB) store: ``CURRENT`` names a manifest.

    Args:
        path: The folder.

    Returns:
        ``True`` for a store.

    Example:
        >>> import tempfile
        >>> is_store_folder(tempfile.mkdtemp())
        False
    """
    folder = Path(path)
    try:
        current = (folder / "CURRENT").read_bytes()[:64].decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return current.startswith("MANIFEST-") and (folder / current).is_file()


def reclaim_orphans(path: str | os.PathLike[str]) -> list[Path]:
    """Delete the ``bulk-*.sst`` files an interrupted bulk load left in a store folder.

    Call it only while holding the store open for writing (so no other process is
    bulk-loading into it): RocksDB renames the files it ingests, so files still named
    ``bulk-*.sst`` belong to no store.

    Args:
        path: The store's folder.

    Returns:
        The files deleted.
    """
    removed: list[Path] = []
    for orphan in Path(path).glob("bulk-*.sst"):
        try:
            orphan.unlink()
            removed.append(orphan)
        except OSError:  # pragma: no cover - permissions
            continue
    return removed


class OxigraphStore(MemoryStore):
    """A persistent pyoxigraph store in a directory: loaded once, reopened instantly.

    It records which files it holds (name and SHA-256, in the named graph
    :data:`META_GRAPH`, which queries never see), so :func:`habitatkg.load` does not load
    the packaged data again. Opening the same directory twice in one process shares the
    store. A folder that is neither empty nor a store is refused (nothing is written in it).

    Concurrent readers: while another process has the store open for writing, it is opened
    **read-only** (``read_only`` is ``True``): queries see the data as it was when it was
    opened (what the writer had committed), later writes are not seen until it is opened
    again, and adding data raises :class:`ReadOnlyStoreError`. ``read_only=True`` asks for
    that mode explicitly.

    Args:
        path: The store's directory (created if missing).
        read_only: Open for reading only (several processes may do so at once).

    Raises:
        StoreError: The directory cannot be opened as a store, or is a non-empty folder that
            is not one.

    Example:
        >>> import tempfile
        >>> store = OxigraphStore(tempfile.mkdtemp())
        >>> store.add_data("<urn:a> <urn:b> <urn:c> .", format="nt")
        >>> store.mark_loaded("a.nt", "0" * 64)
        >>> len(store), store.loaded_digest("a.nt") == "0" * 64, store.read_only
        (1, True, False)
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self._path = Path(path).expanduser().resolve()
        self.read_only = read_only
        key = str(self._path)
        native = None if read_only else _OPEN.get(key)
        if native is None:
            if self._path.exists() and not self._path.is_dir():
                raise StoreError(f"cannot open an oxigraph store at {self._path}: not a directory")
            if (
                self._path.is_dir()
                and any(self._path.iterdir())
                and not is_store_folder(self._path)
            ):
                raise StoreError(
                    f"{self._path} is a folder that holds other files, not an oxigraph store; "
                    "give a new or empty folder (nothing was written)"
                )
            native = self._open(key, read_only)
            if not self.read_only:
                _OPEN[key] = native
                reclaim_orphans(self._path)
        super().__init__(native)

    def _open(self, key: str, read_only: bool) -> ox.Store:
        if not read_only:
            try:
                return ox.Store(key)
            except OSError as exc:
                if "lock" not in str(exc).lower() or not is_store_folder(self._path):
                    raise StoreError(
                        f"cannot open the oxigraph store at {self._path}: {exc}"
                    ) from exc
        try:
            native = ox.Store.read_only(key)
        except OSError as exc:
            raise StoreError(f"cannot open the oxigraph store at {self._path}: {exc}") from exc
        self.read_only = True
        return native

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStoreError(
                f"the oxigraph store at {self._path} is open read-only (another process has it "
                "open for writing, or read_only=True); close that process to add data"
            )

    def add_graph(self, graph: rdflib.Graph, **options: object) -> int:
        """As :meth:`MemoryStore.add_graph`; refused on a read-only store."""
        self._writable()
        return super().add_graph(graph, **options)  # type: ignore[arg-type]

    def add_data(self, data: str | bytes, *, format: object, base_iri: str | None = None) -> None:
        """As :meth:`MemoryStore.add_data`; refused on a read-only store."""
        self._writable()
        super().add_data(data, format=format, base_iri=base_iri)

    def add_file(self, path: str | os.PathLike[str], **options: object) -> int:
        """As :meth:`MemoryStore.add_file`; refused on a read-only store."""
        self._writable()
        return super().add_file(path, **options)  # type: ignore[arg-type]

    def load_batch(self, loads: Iterable[Mapping[str, object]], **options: object) -> list[int]:
        """As :meth:`MemoryStore.load_batch` (merged in one transaction); refused if read-only."""
        self._writable()
        return super().load_batch(loads, **options)  # type: ignore[arg-type]

    def load_staged(self, fill: Callable[[ox.Store], object]) -> None:
        """As :meth:`MemoryStore.load_staged` (merged in one transaction); refused if read-only."""
        self._writable()
        super().load_staged(fill)

    def _merge_unlocked(self, staging: ox.Store) -> None:
        self._store.extend(staging.quads_for_pattern(None, None, None, None))

    @property
    def path(self) -> Path:
        """The store's directory."""
        return self._path

    def close(self) -> None:
        """Flush and release the directory (the object must not be used afterwards)."""
        native = None if self.read_only else _OPEN.pop(str(self._path), None)
        self._store = ox.Store()  # the last reference goes: the directory's lock is released
        if native is not None:
            native.flush()

    def loaded_digest(self, key: str) -> str | None:
        """The digest recorded for a loaded file (``None`` if not recorded).

        Args:
            key: The file's key (packaged files: their name; others: their absolute path).

        Returns:
            The SHA-256 recorded by :meth:`mark_loaded`.
        """
        for quad in self._store.quads_for_pattern(_marker(key), _DIGEST, None, META_GRAPH):
            if isinstance(quad.object, ox.Literal):
                return quad.object.value
        return None

    def mark_loaded(self, key: str, digest: str) -> None:
        """Record that a file (identified by ``key``) with this digest is in the store.

        Args:
            key: The file's key.
            digest: Its SHA-256.
        """
        self._writable()
        node = _marker(key)
        for quad in list(self._store.quads_for_pattern(node, _DIGEST, None, META_GRAPH)):
            self._store.remove(quad)
        self._store.add(ox.Quad(node, _DIGEST, ox.Literal(digest), META_GRAPH))

    def bulk_add_file(self, path: str | os.PathLike[str], *, format: object) -> None:
        """Bulk-load a file of triples: fast, but not atomic (check the file first).

        Args:
            path: The file (a triples format).
            format: Its format.

        Raises:
            SyntaxError: The file does not parse (triples before the error may be stored).
        """
        self._writable()
        fmt = oxigraph_format(format)
        self._store.bulk_load(
            path=os.fspath(path),
            format=fmt,
            base_iri=Path(path).resolve().as_uri(),
            to_graph=ox.DefaultGraph(),
        )
        self._withhold()

    def __len__(self) -> int:
        meta = sum(1 for _ in self._store.quads_for_pattern(None, None, None, META_GRAPH))
        return len(self._store) - meta

    def __repr__(self) -> str:
        mode = ", read-only" if self.read_only else ""
        return f"<OxigraphStore (pyoxigraph, at {self._path}{mode}): {len(self)} triples>"


def open_store(spec: str, *, update_url: str | None = None) -> GraphStore:
    """A store from its name: ``"memory"``, ``"oxigraph:PATH"`` or ``"sparql:QUERY_URL"``.

    Args:
        spec: The store's name.
        update_url: For ``sparql:``, the endpoint's update URL (the store is read-only
            without it).

    Returns:
        The store.

    Raises:
        StoreError: Unknown kind of store, or ``update_url`` given for another kind.

    Example:
        >>> open_store("memory")
        <MemoryStore (pyoxigraph, in memory): 0 triples>
        >>> open_store("sparql:http://localhost:7878/query")
        <SparqlStore http://localhost:7878/query (read-only)>
    """
    kind, _, rest = spec.partition(":")
    kind = kind.strip().lower()
    if update_url is not None and kind != "sparql":
        raise StoreError(f"update_url is only for sparql: stores, not {spec!r}")
    if kind == "memory" and not rest:
        return MemoryStore()
    if kind == "oxigraph" and rest:
        return OxigraphStore(rest)
    if kind == "sparql" and rest:
        from habitatkg._endpoint import SparqlStore

        return SparqlStore(rest, update_url)
    raise StoreError(
        f"unknown store {spec!r}: use 'memory', 'oxigraph:PATH' (a directory) or "
        "'sparql:QUERY_URL' (http:// or https://)"
    )


_ONTOLOGY_ASK = "ASK { ?o a owl:Ontology FILTER(STRSTARTS(STR(?o), 'https://w3id.org/habitatkg')) }"


def load_once(
    store: GraphStore,
    sources: Iterable[object],
    add: Callable[[list[object]], list[Path]],
    *,
    packaged: bool = False,
) -> list[Path]:
    """Add files with ``add``, skipping those a persistent store already holds.

    A file is known by its name (``packaged``) or absolute path, and its SHA-256: a file
    recorded with the same digest is skipped; a changed one is loaded again (with a warning:
    the triples of its old version stay) and recorded. A read-only endpoint is taken as it
    is for packaged files (with a warning if it lacks the habitatkg ontology).

    Args:
        store: The store.
        sources: Files (or rdflib graphs, always added).
        add: Adds a list of sources to ``store`` and returns the files added.
        packaged: The files are the package's own.

    Returns:
        The files the store holds, in order (those skipped included).
    """
    import warnings

    items = list(sources)
    loaded_digest = getattr(store, "loaded_digest", None)
    mark_loaded = getattr(store, "mark_loaded", None)
    if loaded_digest is None or mark_loaded is None:
        return add(items)
    if getattr(store, "read_only", False) and not isinstance(store, OxigraphStore):
        if not packaged:
            return add(items)
        if items and not store.query(_ONTOLOGY_ASK).boolean:
            warnings.warn(
                f"the SPARQL endpoint {getattr(store, 'query_url', store)} does not hold the "
                "habitatkg ontology; "
                "load ontology/*.ttl and data/*.ttl into it, or pass include_packaged=False",
                stacklevel=3,
            )
        return [Path(item) for item in items if isinstance(item, (str, os.PathLike))]
    todo: list[object] = []
    marks: list[tuple[str, str]] = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)) or not Path(item).is_file():
            todo.append(item)  # graphs are always added; a missing file gets its clear error
            continue
        path = Path(item)
        key = path.name if packaged else str(path.resolve())
        digest = file_digest(path)
        recorded = loaded_digest(key)
        if recorded == digest:
            continue
        if recorded is not None:
            warnings.warn(
                f"{path} changed since it was loaded into {store!r}: loading it again (triples "
                "of the old version stay; rebuild the store to drop them)",
                stacklevel=3,
            )
        todo.append(item)
        marks.append((key, digest))
    if todo:
        add(todo)  # every file is checked before any is added: all or nothing
    for key, digest in marks:
        mark_loaded(key, digest)
    return [Path(item) for item in items if isinstance(item, (str, os.PathLike))]
