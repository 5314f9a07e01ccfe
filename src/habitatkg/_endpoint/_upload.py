r"""Uploading triples to a SPARQL server in batches, all or nothing where the server allows.

With an update URL, batches go to a fresh staging graph (through the Graph Store Protocol
when its URL is known, else ``INSERT DATA``); when every batch is in, one update
``ADD``\\ s the staging graph to the target graph and drops it, so the target sees all the
triples or none. A failure drops the staging graph: nothing was written. With only a Graph
Store URL (no update), batches are ``POST``\\ ed straight to the target graph; a failure then
reports exactly which triples were written.

Blank nodes are scoped to one request, so all the triples that share a blank node (directly
or through other blank nodes) travel in the same batch.
"""

from __future__ import annotations

import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from habitatkg._endpoint._http import redact
from habitatkg._errors import EndpointError

if TYPE_CHECKING:  # pragma: no cover
    from habitatkg._endpoint import SparqlStore

__all__ = ["UploadError", "UploadReport", "batches", "upload"]


@dataclass
class UploadReport:
    """What an upload wrote: into which graph, how many triples, how, all or nothing."""

    graph: str | None
    triples: int = 0
    batches: int = 0
    method: str = ""
    atomic: bool = False
    written: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        where = f"<{self.graph}>" if self.graph else "the default graph"
        how = "all at once (staged)" if self.atomic else "batch by batch"
        return (
            f"{self.written:,} of {self.triples:,} triples into {where}, {how}, via {self.method}"
        )


class UploadError(EndpointError):
    """An upload failed; ``report`` says what was written (nothing, when staged)."""

    def __init__(self, message: str, report: UploadReport) -> None:
        super().__init__(message)
        self.report = report


def batches(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Split triples into batches of about ``size``, keeping blank-node-linked triples together.

    Example:
        >>> a, b = ox.BlankNode("a"), ox.NamedNode("urn:b")
        >>> t = [ox.Triple(b, b, a), ox.Triple(b, b, b), ox.Triple(a, b, b)]
        >>> [len(x) for x in batches(t, 1)]
        [1, 2]
    """
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in triples:
        nodes = [t for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        if len(nodes) == 2:
            one, two = root(nodes[0]), root(nodes[1])
            if one != two:
                parent[one] = two
        elif nodes:
            root(nodes[0])
    groups: dict[ox.BlankNode, list[ox.Triple]] = {}
    out: list[list[ox.Triple]] = []
    current: list[ox.Triple] = []
    for triple in triples:
        node = next(
            (t for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)), None
        )
        if node is None:
            current.append(triple)
            if len(current) >= size:
                out.append(current)
                current = []
        else:
            groups.setdefault(root(node), []).append(triple)
    for group in groups.values():
        if current and len(current) + len(group) > size:
            out.append(current)
            current = []
        current += group
        if len(current) >= size:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _post_graph(store: SparqlStore, graph: str | None, data: bytes) -> None:
    assert store.graph_store_url is not None
    url = store.graph_store_url
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    if graph and "graph-crud" in url:  # Virtuoso names the parameter graph-uri
        query = urllib.parse.urlencode({"graph-uri": graph})
    store._writer.send(
        f"{url}{'&' if '?' in url else '?'}{query}",
        data=data,
        headers={"Content-Type": "text/turtle; charset=utf-8"},  # N-Triples is Turtle
        idempotent=False,
    )


def _send(store: SparqlStore, graph: str | None, batch: list[ox.Triple]) -> None:
    data = _ntriples(batch)
    if store.graph_store_url is not None:
        _post_graph(store, graph, data)
        return
    text = data.decode("utf-8")
    if graph:
        text = f"GRAPH <{graph}> {{\n{text}}}"
    if any(
        isinstance(t, ox.BlankNode) for triple in batch for t in (triple.subject, triple.object)
    ):
        # Virtuoso refuses blank nodes in INSERT DATA; a template with one empty solution
        # makes the same fresh blank nodes on every server.
        store._update(f"INSERT {{\n{text}}} WHERE {{}}")
        return
    store._update(f"INSERT DATA {{\n{text}}}")


def upload(
    store: SparqlStore,
    triples: list[ox.Triple],
    *,
    graph: str | None,
    progress: Callable[[int, int], None] | None = None,
) -> UploadReport:
    """Upload ``triples`` to ``graph`` (``None``: the server's default graph) of ``store``.

    Args:
        store: A writable :class:`~habitatkg._endpoint.SparqlStore`.
        triples: The triples.
        graph: The target graph.
        progress: Called with (triples sent, total) after each batch.

    Returns:
        The report.

    Raises:
        UploadError: A batch or the final move failed (``.report`` says what was written).
    """
    parts = batches(triples, store.batch_size)
    staged = store.update_url is not None
    report = UploadReport(
        graph,
        triples=len(triples),
        batches=len(parts),
        method="Graph Store Protocol" if store.graph_store_url else "SPARQL Update",
        atomic=staged,
    )
    target = f"<{graph}>" if graph else "DEFAULT"
    stage = f"urn:habitatkg:staging:{uuid.uuid4()}" if staged else None
    sent = 0
    for number, batch in enumerate(parts, 1):
        try:
            _send(store, stage if staged else graph, batch)
        except (EndpointError, SyntaxError) as exc:
            if staged:
                raise UploadError(
                    f"upload to {target} failed at batch {number} of {len(parts)}: {exc}; "
                    f"nothing was written to {target}{_drop(store, stage)}",
                    report,
                ) from None
            raise UploadError(
                f"upload to {target} failed at batch {number} of {len(parts)}: {exc}; "
                f"{report.written:,} of {len(triples):,} triples were written (batches "
                f"1-{number - 1}); send the file again to complete it",
                report,
            ) from None
        sent += len(batch)
        if not staged:
            report.written = sent
        if progress is not None:
            progress(sent, len(triples))
    if staged:
        try:
            store._update(f"ADD <{stage}> TO {target} ;\nDROP SILENT GRAPH <{stage}>")
        except (EndpointError, SyntaxError) as exc:
            raise UploadError(
                f"upload to {target} failed when moving the staged triples into place: {exc}; "
                f"nothing was written to {target}{_drop(store, stage)}",
                report,
            ) from None
        report.written = len(triples)
    return report


def _drop(store: SparqlStore, stage: str | None) -> str:
    """Drop the staging graph; what to tell the user about it."""
    try:
        store._update(f"DROP SILENT GRAPH <{stage}>")
    except (EndpointError, SyntaxError):
        return f" (the staging graph <{stage}> may hold part of it: DROP GRAPH it)"
    return " (the staging graph was dropped)"


def describe(store: SparqlStore) -> str:
    """How an upload to this store goes, in words."""
    how = "Graph Store Protocol" if store.graph_store_url else "SPARQL Update"
    url = redact(store.graph_store_url or store.update_url or store.query_url)
    return f"{how} at {url}"
