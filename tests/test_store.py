"""Tests of habitatkg._store (memory, embedded oxigraph, SPARQL endpoint) and `habitatkg load`."""

from __future__ import annotations

import socket

import pyoxigraph as ox
import pytest
import rdflib

from habitatkg import _ingest, _kg
from habitatkg._endpoint import SparqlStore
from habitatkg._errors import HabitatKGError, QueryError
from habitatkg._kg import KnowledgeGraph, load
from habitatkg._sparql import PREFIXES
from habitatkg._store import (
    EndpointError,
    GraphStore,
    MemoryStore,
    OxigraphStore,
    ReadOnlyStoreError,
    StoreError,
    file_digest,
    open_store,
    oxigraph_format,
)
from server import free_port

NT = (
    '<https://w3id.org/habitatkg/data/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .\n'
    "<https://w3id.org/habitatkg/data/a> a <https://w3id.org/habitatkg/ontology#School> .\n"
)


def test_memory_store_implements_the_protocol():
    store = MemoryStore()
    assert isinstance(store, GraphStore)
    assert len(store) == 0
    store.add_data(NT, format="ttl")
    assert len(store) == 2
    assert "2 triples" in repr(store)


def test_query_kinds_and_prefixes():
    store = MemoryStore()
    store.add_data(NT, format="ttl")
    select = store.query("SELECT ?s ?l WHERE { ?s a hk:School ; rdfs:label ?l }")
    assert select.kind == "select" and select.variables == ("s", "l")
    assert select.rows[0][1] == ox.Literal("A", language="en")
    assert store.query("ASK { hkd:a a hk:School }").boolean is True
    graph = store.query("CONSTRUCT { ?s a hk:Thing } WHERE { ?s a hk:School }")
    assert graph.kind == "graph" and len(graph.triples) == 1


def test_query_bindings():
    store = MemoryStore()
    store.add_data(NT, format="ttl")
    result = store.query(
        "SELECT ?l WHERE { ?s rdfs:label ?l }",
        {"s": ox.NamedNode("https://w3id.org/habitatkg/data/b")},
    )
    assert result.rows == []


def test_triples_add_graph_serialize():
    store = MemoryStore()
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef("http://e/a"), rdflib.URIRef("http://e/p"), rdflib.BNode("b1")))
    store.add_graph(graph)
    assert len(list(store.triples(ox.NamedNode("http://e/a")))) == 1
    assert b"<http://e/a>" in store.serialize(format="nt")
    store.add_data(NT, format="ttl")
    turtle = store.serialize(format="ttl", prefixes={"hk": "https://w3id.org/habitatkg/ontology#"})
    assert b"hk:School" in turtle


def test_add_file(tmp_path):
    path = tmp_path / "x.ttl"
    path.write_text("<a> <b> <c> .", encoding="utf-8")
    store = MemoryStore()
    store.add_file(path, format="ttl")
    (triple,) = list(store.triples())
    assert triple.subject.value == path.resolve().as_uri().rsplit("/", 1)[0] + "/a"
    with pytest.raises(SyntaxError):
        (tmp_path / "bad.ttl").write_text("<a> <b> .", encoding="utf-8")
        store.add_file(tmp_path / "bad.ttl", format="ttl")


def test_json_ld_remote_context_is_not_fetched(tmp_path):
    path = tmp_path / "remote.jsonld"
    path.write_text(
        '{"@context": "http://localhost:9/ctx.jsonld", "@id": "http://e/a", "name": "x"}',
        encoding="utf-8",
    )
    with pytest.raises(SyntaxError):
        MemoryStore().add_file(path, format="jsonld")


def test_oxigraph_format():
    assert oxigraph_format("turtle") == ox.RdfFormat.TURTLE
    assert oxigraph_format(".jsonld") == ox.RdfFormat.JSON_LD
    assert oxigraph_format(ox.RdfFormat.N_TRIPLES) == ox.RdfFormat.N_TRIPLES
    with pytest.raises(ValueError):
        oxigraph_format("docx")


# ---------------------------------------------------------------- store names


def test_open_store_names(tmp_path):
    assert isinstance(open_store("memory"), MemoryStore)
    assert isinstance(open_store(f"oxigraph:{tmp_path / 'db'}"), OxigraphStore)
    remote = open_store("sparql:http://127.0.0.1:9/query", update_url="http://127.0.0.1:9/up")
    assert isinstance(remote, SparqlStore) and not remote.read_only
    for bad in ("oxygraph:/x", "oxigraph:", "sparql:ftp://x/q", "memory:x"):
        with pytest.raises(StoreError):
            open_store(bad)
    with pytest.raises(StoreError, match="update_url"):
        open_store("memory", update_url="http://x/update")
    with pytest.raises(HabitatKGError, match="oxigraph:PATH"):
        load(store="postgres:x")


# ---------------------------------------------------------------- embedded oxigraph


def test_oxigraph_store_persists_and_is_reopened_without_reloading(tmp_path, monkeypatch):
    path = tmp_path / "db"
    kg = load(store=f"oxigraph:{path}")
    size, files = len(kg), kg.files
    assert size == len(load()) and isinstance(kg.store, OxigraphStore)
    assert kg.store.path == path.resolve() and "OxigraphStore" in repr(kg.store)
    kg.store.close()

    calls = []
    original = _ingest.add_sources

    def counting(store, sources, **kwargs):
        calls.append(list(sources))
        return original(store, calls[-1], **kwargs)

    monkeypatch.setattr(_kg, "_add_sources", counting)
    again = load(store=f"oxigraph:{path}")
    assert calls == [], "the packaged files were loaded again"
    assert len(again) == size and again.files == files
    assert again.query("ASK { hk:Identify ?p ?o }").boolean
    assert load(store=f"oxigraph:{path}").store.native is again.store.native  # shared, not locked


def test_oxigraph_store_marks_user_files_and_warns_on_changes(tmp_path):
    data = tmp_path / "mine.ttl"
    data.write_text("<https://e.org/a> <https://e.org/p> 1 .", encoding="utf-8")
    store = OxigraphStore(tmp_path / "db")
    load(data, include_packaged=False, store=store)
    assert store.loaded_digest(str(data.resolve())) == file_digest(data)
    assert len(store) == 1  # the record of loaded files is not counted nor queried
    assert not store.query("ASK { ?s ?p ?d FILTER(isLiteral(?d) && STRLEN(?d) = 64) }").boolean
    data.write_text("<https://e.org/a> <https://e.org/p> 2 .", encoding="utf-8")
    with pytest.warns(UserWarning, match="changed since it was loaded"):
        load(data, include_packaged=False, store=store)
    assert len(store) == 2


def test_oxigraph_store_refuses_a_file_path(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not a directory"):
        OxigraphStore(tmp_path / "f")


# ---------------------------------------------------------------- habitatkg load


def _cli(*argv: str) -> int:
    from habitatkg._cli import main

    return main(list(argv))


def test_load_command_bulk_loads_and_reopens(tmp_path, capsys):
    data = tmp_path / "schools.nt"
    data.write_text(
        "<https://w3id.org/habitatkg/example/s1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/habitatkg/ontology#School> .\n"
        "<https://w3id.org/habitatkg/example/s1> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"S"@es .\n',
        encoding="utf-8",
    )
    db = tmp_path / "db"
    assert _cli("load", "--store", f"oxigraph:{db}", str(data)) == 0
    err = capsys.readouterr().err
    assert "checked" in err and "loaded" in err and "triples" in err
    kg = load(store=f"oxigraph:{db}")
    assert len(kg) == len(load()) + 2
    assert kg.query("ASK { ex:s1 a hk:School }").boolean
    kg.store.close()
    assert _cli("load", "--store", f"oxigraph:{db}", str(data)) == 0
    assert "already in the store" in capsys.readouterr().err


def test_load_command_leaves_nothing_when_a_file_is_bad(tmp_path, capsys):
    good = tmp_path / "good.nt"
    good.write_text("<https://e.org/a> <https://e.org/p> <https://e.org/b> .\n", encoding="utf-8")
    bad = tmp_path / "bad.nt"
    bad.write_text("<https://e.org/a> <https://e.org/p> .\n", encoding="utf-8")
    unknown = tmp_path / "unknown.ttl"
    unknown.write_text(
        "<https://e.org/a> <https://w3id.org/habitatkg/ontology#notATerm> 1 .", encoding="utf-8"
    )
    db = tmp_path / "db"
    assert _cli("load", "--store", f"oxigraph:{db}", str(good), str(bad)) == 2
    assert "bad.nt, line 1" in capsys.readouterr().err
    assert not db.exists() and not list(tmp_path.glob(".db.loading-*"))
    assert _cli("load", "--store", f"oxigraph:{db}", str(unknown)) == 2
    assert "notATerm" in capsys.readouterr().err and not db.exists()
    assert _cli("load", "--store", f"oxigraph:{db}", "--no-packaged", str(good)) == 0
    before = len(OxigraphStore(db))
    OxigraphStore(db).close()
    assert _cli("load", "--store", f"oxigraph:{db}", "--no-packaged", str(bad)) == 2
    assert len(OxigraphStore(db)) == before == 1
    assert _cli("load", "--store", "memory", str(good)) == 2
    assert "oxigraph:PATH" in capsys.readouterr().err


# ---------------------------------------------------------------- SPARQL endpoints


def test_sparql_store_reads_and_writes_a_real_endpoint(sparql_server, tmp_path):
    graph = "urn:habitatkg:test:store"
    reader = SparqlStore(sparql_server.query_url, default_graph=graph)
    with pytest.raises(ReadOnlyStoreError, match="read-only"):
        reader.add_file(tmp_path / "x.ttl", format="ttl")
    writer = SparqlStore(sparql_server.query_url, sparql_server.update_url, default_graph=graph)
    assert isinstance(writer, GraphStore)
    path = tmp_path / "x.ttl"
    path.write_text(NT, encoding="utf-8")
    assert writer.add_file(path, format="ttl") == 2
    assert len(reader) == 2
    select = reader.query("SELECT ?s ?l WHERE { ?s a hk:School ; rdfs:label ?l }")
    assert select.variables == ("s", "l") and select.rows[0][1] == ox.Literal("A", language="en")
    bound = reader.query(
        "SELECT ?l WHERE { ?s rdfs:label ?l }", {"s": ox.NamedNode(NT.split(">")[0][1:])}
    )
    assert len(bound.rows) == 1
    assert reader.query("ASK { hkd:a a hk:School }").boolean is True
    assert len(list(reader.triples(ox.NamedNode("https://w3id.org/habitatkg/data/a")))) == 2
    assert list(reader.triples(ox.Literal("x"))) == []
    assert b"hk:School" in reader.serialize(format="ttl", prefixes={"hk": PREFIXES["hk"]})
    graph_rows = reader.query("CONSTRUCT { ?s a hk:Thing } WHERE { ?s a hk:School }")
    assert graph_rows.kind == "graph" and len(graph_rows.triples) == 1
    other = SparqlStore(sparql_server.query_url, default_graph="urn:habitatkg:test:empty")
    assert len(other) == 0  # graphs are kept apart
    with pytest.raises(SyntaxError, match=sparql_server.query_url):
        reader.query("SELECT WHERE {")
    writer.mark_loaded("x.ttl", "abc")
    assert writer.loaded_digest("x.ttl") == "abc" and other.loaded_digest("x.ttl") is None
    assert len(reader) == 2


def test_load_through_a_writable_endpoint_skips_loaded_files(sparql_server):
    store = SparqlStore(
        sparql_server.query_url, sparql_server.update_url, default_graph="urn:habitatkg:test:w"
    )
    kg = load(include_packaged="ontology", store=store)
    size = len(kg)
    assert size > 500 and kg.entity("hk:Identify").label
    assert len(load(include_packaged="ontology", store=store)) == size


def test_endpoint_down_or_silent_gives_a_clear_error():
    port = free_port()
    down = SparqlStore(f"http://127.0.0.1:{port}/query", timeout=2)
    with pytest.raises(EndpointError, match=f"127.0.0.1:{port}/query"):
        down.query("ASK { ?s ?p ?o }")
    with pytest.raises(HabitatKGError, match=f"127.0.0.1:{port}/query"):
        load(store=f"sparql:http://127.0.0.1:{port}/query")
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        with pytest.raises(EndpointError, match=r"did not answer within 0\.5 s"):
            SparqlStore(url, timeout=0.5).query("ASK { ?s ?p ?o }")
    kg = KnowledgeGraph(down)
    with pytest.raises(QueryError, match=f"127.0.0.1:{port}"):
        kg.query("ASK { ?s ?p ?o }")
