"""A SPARQL 1.1 endpoint as a :class:`~habitatkg._store.GraphStore`, over HTTP with urllib.

:class:`SparqlStore` sends queries with the SPARQL 1.1 protocol (Oxigraph server, Apache Jena
Fuseki, GraphDB, Virtuoso, QLever...), the pre-bound prefixes declared in front and user values
bound by a ``VALUES`` block (:func:`~habitatkg._sparql.bind_values`), never pasted as text.
It is read-only unless given an update URL. Every failure names the endpoint: unreachable,
timed out, HTTP error (:class:`~habitatkg._errors.EndpointError`, an ``OSError``), refused
query (``SyntaxError``), data added to a read-only store
(:class:`~habitatkg._errors.ReadOnlyStoreError`). Only the URLs you give are contacted.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from habitatkg._sparql import PREFIXES, Term, bind_values, prologue, query_form
from habitatkg._store import (
    _DIGEST,
    META_GRAPH,
    EndpointError,
    RawResult,
    ReadOnlyStoreError,
    StoreError,
    _marker,
    _raw,
    oxigraph_format,
)

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

__all__ = ["SparqlStore"]


class SparqlStore:
    """A SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever) over HTTP.

    Queries are sent with the SPARQL 1.1 protocol (POST, form-encoded), the pre-bound
    prefixes declared in front and values bound by a ``VALUES`` block. Without
    ``update_url`` the store is read-only: adding data raises :class:`ReadOnlyStoreError`.
    With it, data is parsed (and checked) locally, then sent as one ``INSERT DATA`` per file.

    Args:
        query_url: The query endpoint (``http://localhost:7878/query``).
        update_url: The update endpoint, for a writable store.
        default_graph: Use this named graph as the default graph (``default-graph-uri``).
        timeout: Seconds to wait for an answer.

    Example:
        >>> store = SparqlStore("http://127.0.0.1:9/query", timeout=1)
        >>> store.read_only
        True
        >>> store.query("ASK { ?s ?p ?o }")
        Traceback (most recent call last):
        ...
        habitatkg._errors.EndpointError: cannot reach the SPARQL endpoint http://127.0.0.1:9/...
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        default_graph: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        for url in (query_url, update_url):
            if url is not None and urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
                raise StoreError(f"a SPARQL endpoint URL starts with http:// or https://: {url}")
        self.query_url = query_url
        self.update_url = update_url
        self.default_graph = default_graph
        self.timeout = timeout

    @property
    def read_only(self) -> bool:
        """Whether the store refuses additions (no update URL)."""
        return self.update_url is None

    # -------------------------------------------------------------- HTTP

    def _post(self, url: str, form: Mapping[str, str], accept: str) -> tuple[bytes, str]:
        data = urllib.parse.urlencode(form).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={
                "Accept": accept,
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "User-Agent": "habitatkg",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()[:500]
            if exc.code == 400:
                raise SyntaxError(f"the SPARQL endpoint {url} refused the request: {body}") from exc
            raise EndpointError(
                f"the SPARQL endpoint {url} answered HTTP {exc.code} {exc.reason}: {body}"
            ) from exc
        except TimeoutError as exc:
            raise EndpointError(
                f"the SPARQL endpoint {url} did not answer within {self.timeout} s"
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise EndpointError(
                    f"the SPARQL endpoint {url} did not answer within {self.timeout} s"
                ) from exc
            raise EndpointError(f"cannot reach the SPARQL endpoint {url}: {reason}") from exc

    def _select(self, text: str, *, dataset: bool = True) -> RawResult:
        form = {"query": prologue() + text}
        if dataset and self.default_graph:
            form["default-graph-uri"] = self.default_graph
        kind = query_form(text)
        if kind in {"CONSTRUCT", "DESCRIBE"}:
            body, media = self._post(
                self.query_url, form, "application/n-triples, text/turtle;q=0.9"
            )
            fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
            triples = [quad.triple for quad in ox.parse(body, format=fmt)]
            return RawResult("graph", variables=("subject", "predicate", "object"), triples=triples)
        body, _ = self._post(self.query_url, form, "application/sparql-results+json")
        try:
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise EndpointError(
                f"the SPARQL endpoint {self.query_url} sent results that do not parse: {exc}"
            ) from exc
        return _raw(parsed)

    def _update(self, text: str) -> None:
        if self.update_url is None:
            raise ReadOnlyStoreError(
                f"the SPARQL endpoint {self.query_url} is read-only here: pass its update URL "
                "(update_url=...) to add data"
            )
        self._post(self.update_url, {"update": text}, "*/*")

    # -------------------------------------------------------------- GraphStore

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a query on the endpoint, values bound by a ``VALUES`` block.

        Args:
            sparql: A SPARQL query.
            bindings: Variable name to RDF term.

        Returns:
            The result.

        Raises:
            SyntaxError: The endpoint refused the query (HTTP 400).
            ValueError: A binding is unusable.
            EndpointError: The endpoint is down, slow or failing (an ``OSError``).
        """
        return self._select(bind_values(sparql, bindings or {}))

    def triples(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
    ) -> Iterator[ox.Triple]:
        """Triples of the default graph matching a pattern (one ``CONSTRUCT``).

        Args:
            subject: Subject or ``None``.
            predicate: Predicate or ``None``.
            object: Object or ``None``.

        Yields:
            Matching triples.
        """
        if isinstance(subject, ox.Literal):
            return
        bound = {
            name: term
            for name, term in (("s", subject), ("p", predicate), ("o", object))
            if term is not None
        }
        yield from self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", bound).triples

    def _insert(self, triples: Iterable[ox.Triple]) -> None:
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        text = data.decode("utf-8")
        if self.default_graph:
            text = f"GRAPH <{self.default_graph}> {{\n{text}}}"
        self._update(f"INSERT DATA {{\n{text}}}")

    def _checked_insert(
        self, triples: list[ox.Triple], vet: Callable[[set[str]], None] | None, namespace: str
    ) -> int:
        if self.read_only:
            self._update("")  # raises ReadOnlyStoreError
        if vet is not None:
            used: set[str] = set()
            for triple in triples:
                for term in triple:
                    value = (
                        term.datatype.value
                        if isinstance(term, ox.Literal)
                        else getattr(term, "value", "")
                    )
                    if value.startswith(namespace):
                        used.add(value)
            vet(used)
        if triples:
            self._insert(triples)
        return len(triples)

    def add_graph(
        self,
        graph: rdflib.Graph,
        *,
        vet: Callable[[set[str]], None] | None = None,
        namespace: str = PREFIXES["hk"],
    ) -> int:
        """Send an rdflib graph's triples to the endpoint (one ``INSERT DATA``).

        Args:
            graph: The graph.
            vet: Called with the namespace's IRIs the graph uses; may raise to refuse it.
            namespace: The namespace ``vet`` is about.

        Returns:
            The number of triples sent.

        Raises:
            ReadOnlyStoreError: No update URL.
        """
        if self.read_only:
            self._update("")
        data = graph.serialize(format="nt", encoding="utf-8")
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        return self._checked_insert(triples, vet, namespace)

    def add_file(
        self,
        path: str | os.PathLike[str],
        *,
        format: object,
        base_iri: str | None = None,
        vet: Callable[[set[str]], None] | None = None,
        namespace: str = PREFIXES["hk"],
    ) -> int:
        """Parse a file locally, then send it to the endpoint (one ``INSERT DATA``).

        Args:
            path: The file.
            format: Its format (a triples format).
            base_iri: Base IRI for relative IRIs (default: the file's URI).
            vet: Called with the namespace's IRIs the file uses; may raise to refuse it.
            namespace: The namespace ``vet`` is about.

        Returns:
            The number of triples in the file.

        Raises:
            ReadOnlyStoreError: No update URL.
            SyntaxError: The file does not parse (nothing is sent).
        """
        if self.read_only:
            self._update("")
        base = base_iri or Path(path).resolve().as_uri()
        fmt = oxigraph_format(format)
        triples = [q.triple for q in ox.parse(path=os.fspath(path), format=fmt, base_iri=base)]
        return self._checked_insert(triples, vet, namespace)

    def loaded_digest(self, key: str) -> str | None:
        """The digest recorded for a file loaded through this store (see :class:`OxigraphStore`)."""
        rows = self._select(
            f"SELECT ?d WHERE {{ GRAPH {META_GRAPH} {{ "
            f"{_marker(key, self.default_graph)} {_DIGEST} ?d }} }}",
            dataset=False,
        ).rows
        return rows[0][0].value if rows and rows[0][0] is not None else None

    def mark_loaded(self, key: str, digest: str) -> None:
        """Record that a file with this digest is in the endpoint's graph (needs an update URL)."""
        node = _marker(key, self.default_graph)
        self._update(
            f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {node} {_DIGEST} ?d }} }};\n"
            f"INSERT DATA {{ GRAPH {META_GRAPH} {{ {node} {_DIGEST} {ox.Literal(digest)} }} }}"
        )

    def __len__(self) -> int:
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        return int(rows[0][0].value) if rows and rows[0][0] is not None else 0

    def serialize(self, *, format: object, prefixes: Mapping[str, str] | None = None) -> bytes:
        """The endpoint's default graph (one ``CONSTRUCT``), serialized by pyoxigraph.

        Args:
            format: Output format.
            prefixes: Prefixes for formats that use them (Turtle, TriG).

        Returns:
            The serialization.
        """
        fmt = oxigraph_format(format)
        triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples
        use = fmt in {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG}
        data = ox.serialize(
            triples, format=fmt, prefixes=dict(prefixes) if prefixes is not None and use else None
        )
        return data or b""

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else f"updates to {self.update_url}"
        return f"<SparqlStore {self.query_url} ({mode})>"
