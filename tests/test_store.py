"""Tests of habitatkg._store: the engine protocol and the in-memory pyoxigraph store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from habitatkg._store import GraphStore, MemoryStore, oxigraph_format

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
