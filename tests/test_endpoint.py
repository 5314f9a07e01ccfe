"""SparqlStore's HTTP behaviour: retries, timeouts, formats, auth, result caps, uploads.

Protocol edge cases (a 503, a silent server, CSV, a 401 challenge) come from a scripted
HTTP server (tests/server.py); everything else runs against a real ``oxigraph serve``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import habitatkg as hk
from habitatkg._endpoint import SparqlStore
from habitatkg._endpoint._http import credentials, redact
from habitatkg._endpoint._results import page_query
from habitatkg._endpoint._upload import UploadError, batches
from habitatkg._errors import EndpointError, ReadOnlyStoreError
from kg_helpers import ILLUSTRATIVE
from server import ScriptedServer

JSON = {"Content-Type": "application/sparql-results+json"}
ONE = json.dumps(
    {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "é"}}]}}
).encode()
SECRET = "pa55-never-shown"


@pytest.fixture
def scripted(request: pytest.FixtureRequest):
    server = ScriptedServer(request.param)
    yield server
    server.stop()


@pytest.mark.parametrize(
    "scripted", [[(503, {}, b"busy", 0), (502, {}, b"", 0), (200, JSON, ONE, 0)]], indirect=True
)
def test_transient_errors_are_retried(scripted: ScriptedServer) -> None:
    store = SparqlStore(scripted.url, retries=2)
    store.server = "test"
    assert [row[0].value for row in store.query("SELECT ?x WHERE {}").rows] == ["é"]
    assert len(scripted.requests) == 3


@pytest.mark.parametrize("scripted", [[(503, {"Retry-After": "0"}, b"busy", 0)]], indirect=True)
def test_retries_give_up_with_a_clear_error(scripted: ScriptedServer) -> None:
    store = SparqlStore(scripted.url, retries=1)
    store.server = "test"
    with pytest.raises(EndpointError, match="503"):
        store.query("SELECT ?x WHERE {}")
    assert len(scripted.requests) == 2


@pytest.mark.parametrize("scripted", [[(200, JSON, ONE, 3)]], indirect=True)
def test_a_slow_answer_times_out(scripted: ScriptedServer) -> None:
    store = SparqlStore(scripted.url, timeout=0.5, retries=3)
    store.server = "test"
    with pytest.raises(EndpointError, match=r"did not answer within 0\.5 s"):
        store.query("SELECT ?x WHERE {}")
    assert len(scripted.requests) == 1  # a timeout is not retried


XML = b"""<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">
<head><variable name="x"/></head><results><result><binding name="x"><literal>\xc3\xa9</literal>
</binding></result></results></sparql>"""


@pytest.mark.parametrize(
    "scripted",
    [
        [
            (200, {"Content-Type": "application/sparql-results+xml"}, XML, 0),
            (200, {"Content-Type": "text/tab-separated-values"}, '?x\n"é"\n'.encode(), 0),
            (200, {"Content-Type": "text/csv"}, "x\né\n".encode(), 0),
            (200, {"Content-Type": "text/html"}, b"<html>login</html>", 0),
        ]
    ],
    indirect=True,
)
def test_result_formats(scripted: ScriptedServer) -> None:
    store = SparqlStore(scripted.url)
    store.server = "test"
    for _ in ("xml", "tsv"):
        assert [row[0] for row in store.query("SELECT ?x WHERE {}").rows] == [ox.Literal("é")]
    with pytest.raises(EndpointError, match="CSV, which loses datatypes"):
        store.query("SELECT ?x WHERE {}")
    with pytest.raises(EndpointError, match="text/html instead of SPARQL results"):
        store.query("SELECT ?x WHERE {}")


@pytest.mark.parametrize(
    "scripted",
    [[(401, {"WWW-Authenticate": 'Basic realm="r"'}, b"", 0), (200, JSON, ONE, 0)]],
    indirect=True,
)
def test_basic_auth_from_the_environment(scripted: ScriptedServer, monkeypatch) -> None:
    monkeypatch.setenv("HABITATKG_SPARQL_USER", "reader")
    monkeypatch.setenv("HABITATKG_SPARQL_PASSWORD", SECRET)
    store = SparqlStore(scripted.url)
    store.server = "test"
    assert store.query("SELECT ?x WHERE {}").rows
    sent = scripted.requests[-1][2].get("Authorization", "")
    assert base64.b64decode(sent.split()[1]).decode() == f"reader:{SECRET}"


@pytest.mark.parametrize(
    "scripted", [[(401, {"WWW-Authenticate": 'Basic realm="r"'}, b"no", 0)]], indirect=True
)
def test_refused_credentials_are_never_shown(
    scripted: ScriptedServer, monkeypatch, tmp_path
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login reader password {SECRET}\n")
    netrc.chmod(0o600)
    monkeypatch.delenv("HABITATKG_SPARQL_USER", raising=False)
    monkeypatch.setenv("NETRC", str(netrc))
    assert credentials(scripted.url) == ("reader", SECRET)
    url = scripted.url.replace("http://", f"http://reader:{SECRET}@")
    for store in (SparqlStore(scripted.url, retries=0), SparqlStore(url, retries=0)):
        store.server = "test"
        with pytest.raises(EndpointError, match="credentials were refused") as caught:
            store.query("SELECT ?x WHERE {}")
        assert SECRET not in str(caught.value) and SECRET not in repr(store)
    assert redact(url) == scripted.url


def test_unreachable_endpoint_is_a_clear_error() -> None:
    from server import free_port

    store = SparqlStore(f"http://127.0.0.1:{free_port()}/sparql", retries=1)
    with pytest.raises(EndpointError, match="cannot reach the SPARQL endpoint"):
        len(store)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["s", "p", "o"]), min_size=1, max_size=3, unique=True),
    st.integers(1, 50),
    st.integers(0, 500),
)
def test_page_query_orders_by_every_variable(names, size, offset) -> None:
    text = page_query("SELECT * WHERE { ?s ?p ?o } ORDER BY DESC(?o)", tuple(names), size, offset)
    assert text.endswith(f"LIMIT {size} OFFSET {offset}")
    rest = " ".join(f"?{n}" for n in names if n != "o")
    assert ("ORDER BY DESC(?o) " + rest).strip() + " LIMIT" in text
    ox.Store().query(text)  # still SPARQL


def test_page_query_refuses_what_it_cannot_page() -> None:
    with pytest.raises(ValueError, match="own LIMIT"):
        page_query("SELECT * WHERE { ?s ?p ?o } LIMIT 500", ("s",), 100, 0)


def test_a_cap_the_server_does_not_announce_is_paged(sparql_server) -> None:
    graph = "urn:habitatkg:test:endpoint:paged"
    sparql_server.upload(graph, ILLUSTRATIVE)
    plain = SparqlStore(sparql_server.query_url, default_graph=graph)
    capped = SparqlStore(sparql_server.query_url, default_graph=graph, result_cap=7)
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    everything = plain.query(text).rows
    assert len(everything) > 300
    assert sorted(map(str, capped.query(text).rows)) == sorted(map(str, everything))
    assert capped.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5").rows  # under the cap: as is
    with pytest.raises(EndpointError, match="caps answers at 7 rows"):
        capped.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 100")
    with pytest.raises(EndpointError, match="caps answers at 7 rows"):
        capped.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert capped.serialize(format="nt").count(b"\n") == len(everything)


def test_batches_keep_blank_node_groups_together() -> None:
    graph = ox.Store()
    graph.load(path=str(ILLUSTRATIVE), format=ox.RdfFormat.TURTLE)
    bnode = ox.BlankNode()
    triples = [q.triple for q in graph] + [
        ox.Triple(bnode, ox.NamedNode("urn:p"), ox.Literal(str(i))) for i in range(30)
    ]
    parts = batches(triples, 10)
    assert sum(map(len, parts)) == len(triples)
    holders = [i for i, part in enumerate(parts) if any(t.subject == bnode for t in part)]
    assert len(holders) == 1 and len(parts[holders[0]]) >= 30


def test_upload_to_a_real_server_both_ways(sparql_server) -> None:
    truth = hk.load(ILLUSTRATIVE, include_packaged=False).store
    data = [q.triple for q in truth.native]
    for name, kwargs in (
        ("update", {"update_url": sparql_server.update_url}),
        ("gsp", {"graph_store_url": f"{sparql_server.base}/store"}),
        (
            "both",
            {
                "update_url": sparql_server.update_url,
                "graph_store_url": f"{sparql_server.base}/store",
            },
        ),
    ):
        graph = f"urn:habitatkg:test:endpoint:upload-{name}"
        store = SparqlStore(sparql_server.query_url, default_graph=graph, batch_size=100, **kwargs)
        seen: list[int] = []
        report = store.upload(data, progress=lambda sent, total, seen=seen: seen.append(sent))
        assert report.written == len(data) == len(store) and report.batches == len(seen) > 3
        assert report.atomic == ("update_url" in kwargs)
        got = ox.Store()
        got.extend(ox.Quad(t.subject, t.predicate, t.object) for t in store.triples())
        assert ox.serialize(got, format=ox.RdfFormat.N_QUADS).count(b"\n") == len(data)
        if "update_url" in kwargs:  # no staging graph left behind
            left = store.query(
                "SELECT ?g WHERE { GRAPH ?g { } "
                "FILTER(STRSTARTS(STR(?g), 'urn:habitatkg:staging')) }"
            )
            assert not left.rows
    with pytest.raises(ReadOnlyStoreError):
        SparqlStore(sparql_server.query_url).upload(data)


OK = {"Content-Type": "text/plain"}


@pytest.mark.parametrize(
    "scripted",
    [[(204, OK, b"", 0), (500, OK, b"disk full", 0), (204, OK, b"", 0)]],
    indirect=True,
)
def test_a_failed_staged_upload_writes_nothing(scripted: ScriptedServer) -> None:
    store = SparqlStore(
        scripted.url, scripted.url.replace("/sparql", "/update"), batch_size=1, retries=0
    )
    store.server = "test"
    triples = [
        ox.Triple(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal("x"))
        for i in range(3)
    ]
    with pytest.raises(
        UploadError, match=r"batch 2 of 3.*disk full.*nothing was written"
    ) as caught:
        store.upload(triples, graph="urn:target")
    assert caught.value.report.written == 0
    sent = [body.decode() for _, _, _, body in scripted.requests]
    assert "DROP+SILENT+GRAPH" in sent[-1] and "urn%3Atarget" not in sent[-1]


@pytest.mark.parametrize(
    "scripted", [[(204, OK, b"", 0), (500, OK, b"disk full", 0)]], indirect=True
)
def test_a_failed_direct_upload_reports_what_was_written(scripted: ScriptedServer) -> None:
    store = SparqlStore(
        scripted.url,
        graph_store_url=scripted.url.replace("/sparql", "/store"),
        batch_size=2,
        retries=0,
    )
    triples = [
        ox.Triple(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal("x"))
        for i in range(5)
    ]
    with pytest.raises(UploadError, match=r"2 of 5 triples were written \(batches 1-1\)") as caught:
        store.upload(triples, graph="urn:target")
    assert caught.value.report.written == 2


def test_load_command_uploads_to_a_server(sparql_server, capsys) -> None:
    from habitatkg._cli import main

    graph = "urn:habitatkg:test:endpoint:cli"
    args = [
        "load",
        "--store",
        f"sparql:{sparql_server.query_url}",
        "--graph",
        graph,
        "--update-url",
        sparql_server.update_url,
        str(ILLUSTRATIVE),
    ]
    assert main(args) == 0
    kg = hk.load(store=SparqlStore(sparql_server.query_url, default_graph=graph))
    assert len(kg) == len(hk.load(ILLUSTRATIVE))
    assert "all at once" in capsys.readouterr().err
    assert main(args) == 0  # again: every file already there
    assert "nothing to upload" in capsys.readouterr().err
    assert main(["load", "--store", f"sparql:{sparql_server.query_url}", str(ILLUSTRATIVE)]) == 2
    assert "needs --graph" in capsys.readouterr().err
    bad = Path(sparql_server.log.name).with_name("bad.ttl")
    bad.write_text("<urn:a> <urn:b> .\n")
    assert main([*args[:-1], str(bad)]) == 2
    assert "bad.ttl" in capsys.readouterr().err
