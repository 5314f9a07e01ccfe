"""Tests of habitatkg._export: Turtle, N-Triples, JSON-LD (with the context), CSV, GraphML."""

from __future__ import annotations

import json

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic

from habitatkg._export import (
    CONTEXT_URL,
    export,
    export_queries,
    export_query,
    jsonld_context,
    to_jsonld,
    to_ntriples,
    to_turtle,
)
from habitatkg._kg import load
from kg_helpers import HK, ROOT, illustrative, mini


def test_turtle_round_trip_is_isomorphic(tmp_path):
    kg = mini()
    path = export(kg, tmp_path / "out.ttl")
    text = path.read_text(encoding="utf-8")
    assert text == to_turtle(kg) and "@prefix hk:" in text and "hkd:school-amado-nervo" in text
    assert isomorphic(rdflib.Graph().parse(path, format="turtle"), kg.to_rdflib())
    assert len(load(path, include_packaged=False)) == len(kg)


def test_ntriples_round_trip_is_sorted_and_isomorphic(tmp_path):
    kg = mini()
    path = export(kg, tmp_path / "sub" / "out.nt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and to_ntriples(kg).count("\n") == len(kg)
    assert isomorphic(rdflib.Graph().parse(path, format="nt"), kg.to_rdflib())


def test_jsonld_uses_the_context_and_round_trips(tmp_path):
    kg = mini()
    path = export(kg, tmp_path / "out.jsonld")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"]["hk"] == "https://w3id.org/habitatkg/ontology#"
    text = path.read_text(encoding="utf-8")
    assert (
        '"atSchool"' in text and '"hkd:school-amado-nervo"' in text
    )  # compacted with the context's terms
    assert isomorphic(rdflib.Graph().parse(path, format="json-ld"), kg.to_rdflib())
    assert len(load(path, include_packaged=False)) == len(kg)  # offline: the context is embedded


def test_jsonld_with_context_reference():
    document = json.loads(to_jsonld(mini(), embed_context=False))
    assert document["@context"] == CONTEXT_URL


def test_published_context_covers_the_ontology():
    context = jsonld_context()
    ontology = rdflib.Graph().parse(ROOT / "ontology" / "habitat.ttl")
    properties = set(ontology.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty)) | set(
        ontology.subjects(rdflib.RDF.type, rdflib.OWL.DatatypeProperty)
    )
    for prop in properties:
        if str(prop).startswith(HK):
            term = context[str(prop)[len(HK) :]]
            assert term["@id"] == f"hk:{str(prop)[len(HK) :]}"
    assert context["atSchool"]["@type"] == "@id"
    file = json.loads((ROOT / "src" / "habitatkg" / "context.jsonld").read_text(encoding="utf-8"))
    assert file["@context"] == context


def test_graphml_is_readable_by_networkx(tmp_path):
    kg = illustrative()
    path = export(kg, tmp_path / "partners.graphml")
    graph = nx.read_graphml(path)
    original = kg.to_networkx("partners")
    assert graph.number_of_nodes() == original.number_of_nodes() > 0
    assert graph.number_of_edges() == original.number_of_edges()
    via = graph.nodes["https://w3id.org/habitatkg/data/org-via-educacion"]
    assert via["kind"] == "partner" and via["label"] == "Vía Educación"
    guidelines = nx.read_graphml(export(kg, tmp_path / "g.graphml", view="guidelines"))
    assert any(d.get("kind") == "target" for _, d in guidelines.nodes(data=True))
    rdf = nx.read_graphml(export(mini(), tmp_path / "rdf.graphml", view="rdf"))
    assert rdf.is_directed() and rdf.number_of_edges() > 100


def test_csv_per_query(tmp_path):
    kg = mini()
    path = export_query(kg, "reach", tmp_path / "reach.csv", locality="hkd:place-ecatepec")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("municipality,municipalityLabel,school") and len(lines) == 3
    written = export_queries(kg, tmp_path / "all")
    assert [p.stem for p in written] == sorted(kg.query_names())
    assert all(p.read_text(encoding="utf-8") for p in written)


def test_export_formats(tmp_path):
    kg = mini()
    assert (
        export(kg, tmp_path / "x.data", format="turtle")
        .read_text(encoding="utf-8")
        .startswith("@prefix")
    )
    assert (
        export(kg, tmp_path / "y.data", format="json-ld")
        .read_text(encoding="utf-8")
        .startswith("{")
    )
    with pytest.raises(ValueError, match="cannot tell"):
        export(kg, tmp_path / "z.data")
    with pytest.raises(ValueError, match="unknown export format"):
        export(kg, tmp_path / "z.ttl", format="docx")
    assert kg.export(tmp_path / "k.nt").exists()
