"""Shared helpers for the API tests: paths and cached knowledge graphs (not a test module).

The knowledge graphs are loaded once per test session and store kind and must not be modified
by tests; tests that add data load their own. ``curated()``, ``illustrative()`` and ``mini()``
come from the store kind chosen by :func:`use_store` (set per test by the ``habitat_store``
fixture of conftest.py; in memory otherwise):

- ``memory``: the default in-memory store;
- ``oxigraph``: a persistent store in the session's temporary directory, opened twice (the
  second :func:`~habitatkg.load` reopens it without loading anything);
- ``sparql``: a real ``oxigraph serve`` endpoint (tests/server.py), one named graph per
  knowledge graph. The curated graph is uploaded through the Graph Store protocol and used
  read-only; the illustrative and mini graphs are loaded by ``load()`` through an update URL.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from habitatkg import _paths
from habitatkg._endpoint import SparqlStore
from habitatkg._kg import KnowledgeGraph, load
from habitatkg._store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "fixtures"
MINI = FIXTURES / "mini.ttl"
EXAMPLES = ROOT / "examples"
ILLUSTRATIVE = EXAMPLES / "illustrative-partner-support.ttl"
QUERIES = ROOT / "src" / "habitatkg" / "queries"

HK = "https://w3id.org/habitatkg/ontology#"
HKD = "https://w3id.org/habitatkg/data/"
EX = "https://w3id.org/habitatkg/example/"

KINDS = ("memory", "oxigraph", "sparql")
_state: dict[str, Any] = {"kind": "memory", "server": None, "tmp": None}


def use_store(kind: str, *, server: Any = None, tmp: Path | None = None) -> None:
    """Hand out the shared graphs of this store kind from now on."""
    if kind not in KINDS:
        raise ValueError(f"unknown store kind {kind!r}")
    _state["kind"] = kind
    if server is not None:
        _state["server"] = server
    if tmp is not None:
        _state["tmp"] = tmp


def store_kind() -> str:
    """The store kind the shared graphs come from now."""
    return str(_state["kind"])


def _packaged(include: bool | str = True) -> list[Path]:
    files = list(_paths.ontology_files())
    return files + (list(_paths.data_files()) if include is True else [])


@functools.cache
def _graph(name: str, kind: str) -> KnowledgeGraph:
    files: tuple[Path, ...] = {"curated": (), "illustrative": (ILLUSTRATIVE,), "mini": (MINI,)}[
        name
    ]
    include: bool | str = "ontology" if name == "mini" else True
    if kind == "memory":
        return load(*files, include_packaged=include)
    if kind == "oxigraph":
        assert _state["tmp"] is not None, "use_store('oxigraph', tmp=...) first"
        path = Path(_state["tmp"]) / f"oxigraph-{name}"
        first = load(*files, include_packaged=include, store=f"oxigraph:{path}")
        assert isinstance(first.store, OxigraphStore)
        return load(*files, include_packaged=include, store=f"oxigraph:{path}")  # reopened
    server = _state["server"]
    assert server is not None, "use_store('sparql', server=...) first"
    graph = f"urn:habitatkg:test:{name}"
    if name == "curated":
        server.upload(graph, *_packaged())
        return load(store=SparqlStore(server.query_url, default_graph=graph))
    store = SparqlStore(server.query_url, server.update_url, default_graph=graph)
    return load(*files, include_packaged=include, store=store)


def curated() -> KnowledgeGraph:
    """The packaged ontology and curated data."""
    return _graph("curated", store_kind())


def illustrative() -> KnowledgeGraph:
    """The packaged ontology and curated data plus the illustrative partner data."""
    return _graph("illustrative", store_kind())


def mini() -> KnowledgeGraph:
    """The packaged ontology plus the tiny test fixture (no curated data)."""
    return _graph("mini", store_kind())


def labels(values) -> set[str]:
    """A set of labels (drops missing values)."""
    return {v for v in values if isinstance(v, str)}
