"""A SPARQL 1.1 endpoint as a :class:`~habitatkg._store.GraphStore`, over HTTP.

:class:`SparqlStore` talks to the servers institutions run (Virtuoso, Oxigraph server,
Apache Jena Fuseki, GraphDB, QLever...) with the SPARQL 1.1 protocol: queries by POST with
the pre-bound prefixes declared in front and user values bound by a ``VALUES`` block
(:func:`~habitatkg._sparql.bind_values`), never pasted as text. It is read-only unless given
an update URL or a Graph Store Protocol URL. Only the URLs you give are contacted.

What it assumes, and how it handles the servers' differences:

- **Dataset.** With ``default_graph`` (one graph IRI or several), every query runs on the
  union of those graphs, sent as ``default-graph-uri`` (which Virtuoso, Oxigraph server and
  Fuseki all honour); data added goes into the first of them. Without it, queries run on the
  server's own default graph, which differs: Virtuoso's is the union of *all* its graphs
  (its system graphs included), Oxigraph server's only the unnamed graph (unless started with
  ``--union-default-graph``). So name the graphs: the curated data in one, imported records
  (``habitatkg`` puts users' records in a named graph) in another, and pass both.
- **Result caps.** Virtuoso silently cuts results to ``ResultSetMaxRows`` (10,000 by
  default) and says so only in an ``X-SPARQL-MaxRows`` header; other servers have limits
  they do not announce (pass ``result_cap``). When a ``SELECT`` answer has as many rows as
  the cap, the query is run again in pages of ``ORDER BY`` + ``LIMIT``/``OFFSET``; when it
  cannot be paged (its own ``LIMIT`` above the cap, a ``CONSTRUCT``), the store raises an
  :class:`~habitatkg._errors.EndpointError` naming the cap. Never a silently short answer.
- **Partial answers.** Virtuoso's "anytime" answers after its time limit
  (``X-SQL-State``) are refused with an error.
- **Result formats.** SPARQL JSON, XML and TSV results are read; CSV is refused (it loses
  datatypes). Virtuoso's ``ASK`` answers (a one-row ``SELECT``) are read as booleans.
- **Timeouts, retries, authentication**: see :mod:`habitatkg._endpoint._http`.

Example:
    >>> store = SparqlStore("http://127.0.0.1:9/query", timeout=1, retries=0)
    >>> store.read_only
    True
    >>> store.query("ASK { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    habitatkg._errors.EndpointError: cannot reach the SPARQL endpoint http://127.0.0.1:9/...
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from habitatkg._endpoint._dialects import refusal, rewrite
from habitatkg._endpoint._http import Response, Transport, redact
from habitatkg._endpoint._results import (
    ACCEPT_RESULTS,
    ACCEPT_TRIPLES,
    own_limit,
    page_query,
    parse_results,
    parse_triples,
)
from habitatkg._errors import UnsupportedQueryError
from habitatkg._sparql import PREFIXES, Term, bind_values, prologue, query_form
from habitatkg._store import (
    _DIGEST,
    META_GRAPH,
    EndpointError,
    RawResult,
    ReadOnlyStoreError,
    StoreError,
    _marker,
    oxigraph_format,
)

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

    from habitatkg._endpoint._upload import UploadReport

__all__ = ["SparqlStore"]

#: Rows per page when paging past a cap (the cap itself unless ``page_size`` is smaller).
_MAX_PAGES = 10_000


class SparqlStore:
    """A SPARQL 1.1 endpoint (Virtuoso, Oxigraph server, Fuseki, GraphDB, QLever) over HTTP.

    Args:
        query_url: The query endpoint (``http://localhost:7878/query``, Virtuoso's
            ``http://host:8890/sparql``).
        update_url: The SPARQL Update endpoint, for a writable store (Virtuoso:
            ``/sparql-auth``, with credentials).
        graph_store_url: The SPARQL 1.1 Graph Store Protocol endpoint (Oxigraph: ``/store``,
            Virtuoso: ``/sparql-graph-crud-auth``), used to upload data when given.
        default_graph: The graph, or graphs, that queries see (their union) and data goes to
            (the first). ``None``: the server's default graph (see the module's notes).
        timeout: Seconds to wait for an answer.
        connect_timeout: Seconds to wait for a connection.
        retries: Times to try again after a transient failure (HTTP 429/502/503/504, a reset
            connection); updates only when the server cannot have applied them.
        result_cap: The most rows the server returns (``None``: only what it announces).
        batch_size: Triples per upload request.

    Example:
        >>> SparqlStore("http://127.0.0.1:9/sparql", default_graph=["urn:a", "urn:b"]).graphs
        ('urn:a', 'urn:b')
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        graph_store_url: str | None = None,
        default_graph: str | Sequence[str] | None = None,
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        retries: int = 2,
        result_cap: int | None = None,
        batch_size: int = 50_000,
    ) -> None:
        for url in (query_url, update_url, graph_store_url):
            if url is not None and urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
                raise StoreError(
                    f"a SPARQL endpoint URL starts with http:// or https://: {redact(url)}"
                )
        if isinstance(default_graph, str):
            graphs: tuple[str, ...] = (default_graph,)
        else:
            graphs = tuple(default_graph or ())
        for graph in graphs:
            ox.NamedNode(graph)  # ValueError on a bad IRI
        if result_cap is not None and result_cap < 1:
            raise StoreError(f"result_cap must be a positive number of rows, not {result_cap}")
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.graphs = graphs
        self.timeout = timeout
        self.result_cap = result_cap
        self.batch_size = max(1, batch_size)
        self._http = Transport(
            timeout=timeout, connect_timeout=connect_timeout, retries=retries, auth_url=query_url
        )
        self._writer = (
            Transport(
                timeout=timeout,
                connect_timeout=connect_timeout,
                retries=retries,
                auth_url=update_url or graph_store_url or query_url,
            )
            if update_url or graph_store_url
            else self._http
        )
        self._found_cap: int | None = None
        #: The server's ``Server`` header, once it has answered.
        self.server: str | None = None
        #: What the last upload wrote (see :meth:`upload`).
        self.last_upload: UploadReport | None = None

    @property
    def default_graph(self) -> str | None:
        """The graph data is added to (the first of ``graphs``), ``None`` for the default."""
        return self.graphs[0] if self.graphs else None

    @property
    def read_only(self) -> bool:
        """Whether the store refuses additions (neither update nor Graph Store URL)."""
        return self.update_url is None and self.graph_store_url is None

    # -------------------------------------------------------------- HTTP

    def _form(self, text: str, *, dataset: bool = True) -> bytes:
        form = [("query", prologue() + text)]
        if dataset:
            form += [("default-graph-uri", graph) for graph in self.graphs]
        return urllib.parse.urlencode(form).encode("utf-8")

    def _ask_server(self, text: str, accept: str, *, dataset: bool = True) -> Response:
        response = self._http.send(
            self.query_url,
            data=self._form(text, dataset=dataset),
            headers={
                "Accept": accept,
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            },
        )
        if self.server is None:
            self.server = response.headers.get("server", "")
        state = response.headers.get("x-sql-state")
        if state:
            message = response.headers.get("x-sql-message", "")
            raise EndpointError(
                f"the SPARQL endpoint {redact(self.query_url)} sent a partial answer "
                f"(X-SQL-State {state}: {message}); habitatkg refuses incomplete results: "
                "raise the server's time limit (Virtuoso: MaxQueryExecutionTime) or ask less"
            )
        return response

    def _cap(self, response: Response) -> int | None:
        announced = response.headers.get("x-sparql-maxrows", "").strip()
        caps = [cap for cap in (self.result_cap,) if cap is not None]
        if announced.isdigit():
            caps.append(int(announced))
        return min(caps) if caps else None

    def _select(self, text: str, *, dataset: bool = True) -> RawResult:
        kind = query_form(text)
        url = redact(self.query_url)
        if self.server is None:
            self._ask_server("ASK {}", ACCEPT_RESULTS, dataset=False)
        why = refusal(self.server or "", text)
        if why is not None:
            raise UnsupportedQueryError(f"the SPARQL endpoint {url} ({self.server}): {why}")
        text = rewrite(self.server or "", text)
        if kind in {"CONSTRUCT", "DESCRIBE"}:
            response = self._ask_server(text, ACCEPT_TRIPLES, dataset=dataset)
            triples = parse_triples(response.body, response.media_type, url=url)
            cap = self._cap(response)
            if cap is None and (self.server or "").lower().startswith("virtuoso/"):
                cap = self._discover_cap()  # Virtuoso cuts CONSTRUCT answers without saying so
            if cap is not None and len(triples) >= cap:
                raise EndpointError(
                    f"the SPARQL endpoint {url} caps answers at {cap:,} rows and this "
                    f"{kind} reached the cap: the answer may be incomplete (use a SELECT, "
                    "which habitatkg pages, or raise the server's limit)"
                )
            return RawResult("graph", variables=("subject", "predicate", "object"), triples=triples)
        response = self._ask_server(text, ACCEPT_RESULTS, dataset=dataset)
        result = parse_results(response.body, response.media_type, url=url, ask=kind == "ASK")
        cap = self._cap(response)
        if result.kind != "select" or cap is None or len(result.rows) < cap:
            return result
        limit = own_limit(text)
        if limit is not None and limit <= cap:
            return result  # the query asked for at most this many rows
        return self._pages(text, result, cap, dataset=dataset)

    def _discover_cap(self) -> int | None:
        """The server's row cap, found once by asking for 100,000 rows made from VALUES."""
        if self._found_cap is None:
            digits = "VALUES ?{0} {{ 0 1 2 3 4 5 6 7 8 9 }}"
            text = "SELECT * WHERE { " + " ".join(digits.format(v) for v in "abcde") + " }"
            response = self._ask_server(text, ACCEPT_RESULTS, dataset=False)
            rows = parse_results(
                response.body, response.media_type, url=redact(self.query_url), ask=False
            ).rows
            self._found_cap = len(rows) if len(rows) < 100_000 else 0
        return self._found_cap or None

    def _pages(self, text: str, first: RawResult, cap: int, *, dataset: bool) -> RawResult:
        url = redact(self.query_url)
        rows: list[tuple[Term | None, ...]] = []
        for page in range(_MAX_PAGES):
            try:
                paged = page_query(text, first.variables, cap, page * cap)
            except ValueError as exc:
                raise EndpointError(
                    f"the SPARQL endpoint {url} caps answers at {cap:,} rows and this query "
                    f"reached the cap; habitatkg cannot page it ({exc}): the answer would be "
                    "incomplete (raise the server's limit, e.g. Virtuoso's ResultSetMaxRows)"
                ) from None
            try:
                response = self._ask_server(paged, ACCEPT_RESULTS, dataset=dataset)
            except EndpointError as exc:
                raise EndpointError(
                    f"the SPARQL endpoint {url} caps answers at {cap:,} rows and refused the "
                    f"page of rows {page * cap + 1:,}-{(page + 1) * cap:,} habitatkg asked for "
                    "to get the rest (Virtuoso: raise ResultSetMaxRows, or MaxSortedTopRows in "
                    f"[Parameters]): {exc}"
                ) from None
            result = parse_results(response.body, response.media_type, url=url, ask=False)
            rows += result.rows
            if len(result.rows) < cap:
                return RawResult("select", variables=first.variables, rows=rows)
        raise EndpointError(f"the SPARQL endpoint {url}: more than {_MAX_PAGES} pages of {cap}")

    def _update(self, text: str) -> None:
        if self.update_url is None:
            raise ReadOnlyStoreError(
                f"the SPARQL endpoint {redact(self.query_url)} is read-only here: pass its "
                "update URL (update_url=...) to add data"
            )
        self._writer.send(
            self.update_url,
            data=urllib.parse.urlencode({"update": prologue() + text}).encode("utf-8"),
            headers={
                "Accept": "*/*",
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            },
            idempotent=False,
        )

    # -------------------------------------------------------------- GraphStore

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> RawResult:
        """Run a query on the endpoint, values bound by a ``VALUES`` block.

        Args:
            sparql: A SPARQL query.
            bindings: Variable name to RDF term.

        Returns:
            The result (every row, however many pages it took).

        Raises:
            SyntaxError: The endpoint refused the query (HTTP 400).
            ValueError: A binding is unusable.
            EndpointError: The endpoint is down, slow, failing, or capped the answer in a way
                habitatkg cannot page around (an ``OSError``).
        """
        return self._select(bind_values(sparql, bindings or {}))

    def triples(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
    ) -> Iterator[ox.Triple]:
        """Triples of the store's graphs matching a pattern (a ``SELECT``, paged if capped).

        Args:
            subject: Subject or ``None``.
            predicate: Predicate or ``None``.
            object: Object or ``None``.

        Yields:
            Matching triples.
        """
        if isinstance(subject, ox.Literal):
            return
        fixed = {"s": subject, "p": predicate, "o": object}
        bound = {name: term for name, term in fixed.items() if term is not None}
        for row in self.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", bound).rows:
            s, p, o = (
                fixed[n] if fixed[n] is not None else v for n, v in zip("spo", row, strict=False)
            )
            if (
                isinstance(s, (ox.NamedNode, ox.BlankNode))
                and isinstance(p, ox.NamedNode)
                and isinstance(o, (ox.NamedNode, ox.BlankNode, ox.Literal))
            ):
                yield ox.Triple(s, p, o)

    def upload(
        self,
        triples: Iterable[ox.Triple],
        *,
        graph: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> UploadReport:
        """Upload triples in batches, all or nothing where the server allows it.

        See :func:`habitatkg._endpoint._upload.upload`. Statements that name a student, a child
        or a person whose name is withheld are not sent (:mod:`habitatkg._privacy`).

        Args:
            triples: The triples.
            graph: Target graph (default: :attr:`default_graph`).
            progress: Called with (triples sent, total) after each batch.

        Returns:
            What was written.
        """
        from habitatkg._endpoint._upload import upload
        from habitatkg._privacy import withhold_triples

        sent = withhold_triples(list(triples))
        report = upload(self, sent, graph=graph or self.default_graph, progress=progress)
        self.last_upload = report
        return report

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
            self.upload(triples)
        return len(triples)

    def add_graph(
        self,
        graph: rdflib.Graph,
        *,
        vet: Callable[[set[str]], None] | None = None,
        namespace: str = PREFIXES["hk"],
    ) -> int:
        """Send an rdflib graph's triples to the endpoint (batched, all or nothing).

        Args:
            graph: The graph.
            vet: Called with the namespace's IRIs the graph uses; may raise to refuse it.
            namespace: The namespace ``vet`` is about.

        Returns:
            The number of triples sent.

        Raises:
            ReadOnlyStoreError: No update or Graph Store URL.
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
        """Parse a file locally, then send it to the endpoint (batched, all or nothing).

        Args:
            path: The file.
            format: Its format (a triples format).
            base_iri: Base IRI for relative IRIs (default: the file's URI).
            vet: Called with the namespace's IRIs the file uses; may raise to refuse it.
            namespace: The namespace ``vet`` is about.

        Returns:
            The number of triples in the file.

        Raises:
            ReadOnlyStoreError: No update or Graph Store URL.
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
        """Record that a file with this digest is in the endpoint's graph.

        Needs an update URL; without one nothing is recorded and the file is sent again.
        """
        if self.update_url is None:
            return
        node = _marker(key, self.default_graph)
        self._update(
            f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {node} {_DIGEST} ?d }} }};\n"
            f"INSERT DATA {{ GRAPH {META_GRAPH} {{ {node} {_DIGEST} {ox.Literal(digest)} }} }}"
        )

    def __len__(self) -> int:
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        return int(rows[0][0].value) if rows and rows[0][0] is not None else 0

    def serialize(self, *, format: object, prefixes: Mapping[str, str] | None = None) -> bytes:
        """The store's graphs (their union), serialized by pyoxigraph.

        Args:
            format: Output format.
            prefixes: Prefixes for formats that use them (Turtle, TriG).

        Returns:
            The serialization.
        """
        fmt = oxigraph_format(format)
        triples = list(self.triples())
        use = fmt in {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG}
        data = ox.serialize(
            triples, format=fmt, prefixes=dict(prefixes) if prefixes is not None and use else None
        )
        return data or b""

    def __repr__(self) -> str:
        mode = (
            "read-only"
            if self.read_only
            else f"updates to {redact(self.update_url or self.graph_store_url or '')}"
        )
        return f"<SparqlStore {redact(self.query_url)} ({mode})>"
