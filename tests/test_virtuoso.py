"""Virtuoso 7.2 (Debian's virtuoso-opensource) as a SPARQL server institutions run.

A capped Virtuoso (``ResultSetMaxRows 100``, which it applies silently, saying so only in a
header) must give every row or a clear error; its digest-authenticated update and Graph
Store endpoints take uploads, all or nothing; ``habitatkg check-endpoint`` reports what it
lacks; and the default-graph assumption of :class:`SparqlStore` holds on both servers.
"""

from __future__ import annotations

import json

import pytest

import habitatkg as hk
from habitatkg import _paths
from habitatkg._cli import main
from habitatkg._endpoint import SparqlStore
from habitatkg._errors import EndpointError
from kg_helpers import HKD, ILLUSTRATIVE

CURATED = "urn:habitatkg:test:virtuoso:curated"


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory):
    """A Virtuoso that cuts every answer to 100 rows, holding the packaged data."""
    from server import VirtuosoServer

    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso-capped"), max_rows=100)
    server.upload(CURATED, *_paths.ontology_files(), *_paths.data_files())
    yield server
    server.stop()


def test_capped_virtuoso_gives_every_row_or_a_clear_error(capped) -> None:
    memory = hk.load()
    kg = hk.load(store=SparqlStore(capped.query_url, default_graph=CURATED))
    rows = memory.query("provenance").rows
    assert len(rows) > 100  # more rows than the cap
    assert sorted(map(repr, kg.query("provenance").rows)) == sorted(map(repr, rows))
    assert len(kg) == len(memory)  # and the label index (all labels: > 100 rows) is whole
    assert [e.iri for e in kg.find("Kanasín")] == [e.iri for e in memory.find("Kanasín")]
    assert kg.label_of(f"{HKD}place-kanasin") == "Kanasín"
    assert repr(kg.provenance(f"{HKD}school-prepa-94")) == repr(
        memory.provenance(f"{HKD}school-prepa-94")
    )
    with pytest.raises(hk.QueryError, match="caps answers at 100 rows"):
        kg.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 500")
    with pytest.raises(hk.QueryError, match="caps answers at 100 rows"):
        kg.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert len(kg.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 100")) == 100


def test_virtuoso_digest_auth_and_uploads(virtuoso_server, monkeypatch, capsys) -> None:
    graph = "urn:habitatkg:test:virtuoso:upload"
    anonymous = SparqlStore(
        virtuoso_server.query_url, virtuoso_server.update_url, default_graph=graph, retries=0
    )
    with pytest.raises(EndpointError, match="needs authentication"):
        anonymous._update("CLEAR SILENT GRAPH <urn:nothing>")
    monkeypatch.setenv("HABITATKG_SPARQL_USER", "dba")
    monkeypatch.setenv("HABITATKG_SPARQL_PASSWORD", "wrong-secret-xyz")
    wrong = SparqlStore(
        virtuoso_server.query_url, virtuoso_server.update_url, default_graph=graph, retries=0
    )
    with pytest.raises(EndpointError, match="credentials were refused") as caught:
        wrong._update("CLEAR SILENT GRAPH <urn:nothing>")
    assert "wrong-secret-xyz" not in str(caught.value)
    monkeypatch.setenv("HABITATKG_SPARQL_PASSWORD", virtuoso_server.password)
    args = [
        "load",
        "--store",
        f"sparql:{virtuoso_server.query_url}",
        "--graph",
        graph,
        "--update-url",
        virtuoso_server.update_url,
        "--graph-store-url",
        virtuoso_server.graph_store_url,
        "--batch-size",
        "1000",
        str(ILLUSTRATIVE),
    ]
    assert main(args) == 0
    assert "all at once" in capsys.readouterr().err
    memory = hk.load(ILLUSTRATIVE)
    kg = hk.load(store=SparqlStore(virtuoso_server.query_url, default_graph=graph))
    assert len(kg) == len(memory)
    assert kg.query("guideline_targets").rows and len(kg.query("provenance")) == len(
        memory.query("provenance")
    )
    assert main(args) == 0 and "nothing to upload" in capsys.readouterr().err


def _checks(capsys, *args: str) -> tuple[int, dict[str, dict[str, str]]]:
    code = main(["check-endpoint", *args, "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    return code, {c["name"]: c for c in payload["checks"]}


def test_check_endpoint_on_both_servers(
    virtuoso_server, sparql_server, capsys, monkeypatch
) -> None:
    graph = "urn:habitatkg:test:virtuoso:check"
    virtuoso_server.upload(graph, *_paths.ontology_files())
    sparql_server.upload(graph, *_paths.ontology_files())
    monkeypatch.setenv("HABITATKG_SPARQL_USER", "dba")
    monkeypatch.setenv("HABITATKG_SPARQL_PASSWORD", virtuoso_server.password)
    code, v = _checks(
        capsys,
        virtuoso_server.query_url,
        "--graph",
        graph,
        "--update-url",
        virtuoso_server.update_url,
        "--graph-store-url",
        virtuoso_server.graph_store_url,
    )
    assert code == 1
    assert v["query URL answers"]["detail"].startswith("server: Virtuoso/07.20")
    assert v["ASK"]["detail"] == "answered as a one-row SELECT (read as a boolean)"
    assert (
        v["result cap"]["status"] == "warn"
        and "10,000 rows, announced" in v["result cap"]["detail"]
    )
    assert v["p* in FILTER EXISTS, bound end"]["status"] == "FAIL"
    assert v["EXISTS"]["detail"] == "booleans come back as the integers 1 and 0"
    assert "reach" in v["asked of this server"]["detail"]
    assert v["SPARQL Update"]["status"] == v["Graph Store Protocol"]["status"] == "ok"
    assert "union of all graphs" in v["default graph"]["detail"]
    monkeypatch.delenv("HABITATKG_SPARQL_USER")
    code, o = _checks(
        capsys,
        sparql_server.query_url,
        "--graph",
        graph,
        "--update-url",
        sparql_server.update_url,
        "--graph-store-url",
        f"{sparql_server.base}/store",
    )
    assert code == 0, [c for c in o.values() if c["status"] != "ok"]
    assert o["result cap"]["detail"] == "none up to 20,000 rows"
    assert o["asked of this server"]["detail"].startswith("all 13")
    main(["check-endpoint", sparql_server.query_url])
    table = capsys.readouterr().out
    assert "property paths" in table and "p+ with OPTIONAL" in table


def test_default_graph_assumption(virtuoso_server, sparql_server) -> None:
    """Without default_graph: Virtuoso queries every graph, Oxigraph only the unnamed one;
    with it, both query exactly the graphs named (so name them)."""
    graph = "urn:habitatkg:test:virtuoso:dataset"
    for server in (virtuoso_server, sparql_server):
        server.upload(graph, ILLUSTRATIVE)
    named = len(SparqlStore(sparql_server.query_url, default_graph=graph))
    assert named == len(SparqlStore(virtuoso_server.query_url, default_graph=graph)) > 300
    assert len(SparqlStore(virtuoso_server.query_url)) > named  # the union of all graphs
    assert len(SparqlStore(sparql_server.query_url)) < named  # the unnamed graph only
