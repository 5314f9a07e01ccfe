"""Tests of habitatkg._kg: load(), the KnowledgeGraph facade, SPARQL, entities, provenance."""

from __future__ import annotations

import socket

import pyoxigraph as ox
import pytest
import rdflib

import habitatkg as hk
from habitatkg import _paths
from habitatkg._errors import (
    DataFileNotFoundError,
    DataFormatError,
    EmptyDataError,
    EntityNotFoundError,
    HabitatKGError,
    QueryError,
    ServiceNotAllowedError,
    UnknownFormatError,
    UnknownTermError,
    WrongKindError,
)
from habitatkg._kg import KnowledgeGraph, load
from habitatkg._results import Entity, QueryResult
from habitatkg._store import MemoryStore
from kg_helpers import HK, HKD, MINI, curated, mini


def test_public_names():
    assert hk.load is load and hk.KnowledgeGraph is KnowledgeGraph


def test_load_packaged_files():
    kg = curated()
    packaged = [*_paths.ontology_files(), *_paths.data_files()]
    assert [str(p) for p in kg.files] == [str(p) for p in packaged]
    assert len(kg) > 2000
    assert "triples" in repr(kg) and "<ul>" in kg._repr_html_()


def test_load_does_not_use_the_network(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("network access during load")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    published = tmp_path / "published-context.jsonld"  # the package's own context: read offline
    published.write_text(
        '{"@context": "https://w3id.org/habitatkg/context.jsonld", "@id": "hkd:x", '
        '"@type": "School", "label": "A school"}',
        encoding="utf-8",
    )
    kg = load(published, include_packaged="ontology")
    assert kg.query("ASK { hkd:x a hk:School ; rdfs:label 'A school' }").boolean
    remote = tmp_path / "remote-context.jsonld"
    remote.write_text(
        '{"@context": "https://example.org/context.jsonld", "@id": "https://e.org/a", '
        '"label": "x"}',
        encoding="utf-8",
    )
    with pytest.raises(HabitatKGError, match=r"remote-context\.jsonld"):
        load(remote, include_packaged=False)


def test_unknown_hk_terms_are_refused_and_leave_no_trace(tmp_path):
    typo = tmp_path / "typo.ttl"
    typo.write_text(
        "<https://e.org/s> a <https://w3id.org/habitatkg/ontology#Shcool> .", encoding="utf-8"
    )
    with pytest.raises(UnknownTermError, match="did you mean hk:School"):
        load(typo, include_packaged="ontology")
    kg = load(include_packaged="ontology")
    before = len(kg)
    with pytest.raises(UnknownTermError):
        kg.add(typo)
    assert len(kg) == before
    assert (
        len(load(typo, include_packaged=False)) == 1
    )  # no ontology loaded: nothing to check against


def test_load_own_files_and_formats(tmp_path):
    ttl = tmp_path / "mine.ttl"
    ttl.write_text(
        '<https://e.org/w> <http://www.w3.org/2000/01/rdf-schema#label> "Taller mío"@es .',
        encoding="utf-8",
    )
    jsonld = tmp_path / "more.jsonld"
    jsonld.write_text(
        '{"@id": "https://e.org/v", "http://www.w3.org/2000/01/rdf-schema#label": "More"}',
        encoding="utf-8",
    )
    nt = tmp_path / "data.txt"
    nt.write_text('<https://e.org/z> <https://e.org/p> "z" .\n', encoding="utf-8")
    kg = load(ttl, jsonld, include_packaged=False)
    assert len(kg) == 2 and kg.find("taller mio")[0].iri == "https://e.org/w"
    assert len(load(nt, format="nt", include_packaged=False)) == 1
    graph = rdflib.Graph().parse(data=nt.read_text(), format="nt")
    assert len(load(graph, include_packaged=False)) == 1


def test_load_errors(tmp_path):
    with pytest.raises(DataFileNotFoundError, match="no such file"):
        load(tmp_path / "missing.ttl", include_packaged=False)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://e.org/a> <https://e.org/b> .\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"bad\.ttl") as error:
        load(bad, include_packaged=False)
    assert error.value.line == 1
    odd = tmp_path / "data.xyz"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(UnknownFormatError, match="format"):
        load(odd, include_packaged=False)
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix hk: <https://w3id.org/habitatkg/ontology#> .\n", encoding="utf-8")
    with pytest.raises(EmptyDataError):
        load(empty, include_packaged=False)
    with pytest.raises(HabitatKGError):
        load(store="not a store")


def test_load_into_given_stores():
    native = ox.Store()
    kg = load(MINI, include_packaged=False, store=native)
    assert len(native) == len(kg) > 0
    engine = MemoryStore()
    assert load(MINI, include_packaged=False, store=engine).store is engine


def test_add_refreshes_labels(tmp_path):
    kg = load(MINI, include_packaged="ontology")
    assert not kg.find("brand new workshop")
    path = tmp_path / "new.ttl"
    path.write_text(
        "<https://e.org/new> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"Brand new workshop"@en .',
        encoding="utf-8",
    )
    assert kg.add(path) is kg
    assert kg.find("brand new workshop")[0].iri == "https://e.org/new"
    assert kg.files[-1] == path


def test_query_prefixes_bindings_and_forms():
    kg = mini()
    result = kg.query("SELECT ?n WHERE { ?phase hk:order ?n }", phase="hk:Recognize")
    assert isinstance(result, QueryResult) and result.rows == ((5,),)
    assert kg.query("SELECT ?p WHERE { ?p hk:order ?n ; a hk:MethodologyPhase }", n=2).rows == (
        (f"{HK}Unite",),
    )
    entity = kg.entity("hk:Unite")
    assert kg.query("ASK { ?p hk:nextPhase hk:Organize }", p=entity).boolean is True
    assert kg.query("SELECT ?p WHERE { ?p a hk:MethodologyPhase }", p=None).kind == "select"
    graph = kg.query(
        "CONSTRUCT { ?p hk:order ?n } WHERE { ?p a hk:MethodologyPhase ; hk:order ?n }"
    )
    assert (
        graph.kind == "graph"
        and len(graph) == 5
        and graph.variables == ("subject", "predicate", "object")
    )
    labelled = kg.query("SELECT ?p WHERE { ?p hk:order 1 ; a hk:MethodologyPhase }").to_dataframe(
        labels=True
    )
    assert labelled.p_label[0] == "Identify"


def test_query_own_prefix_declarations_win():
    kg = mini()
    rows = kg.query(
        "PREFIX hk: <http://example.org/other#> SELECT ?s WHERE { ?s a hk:MethodologyPhase }"
    ).rows
    assert rows == ()


def test_named_queries():
    kg = mini()
    names = kg.query_names()
    assert {
        "partners_supporting",
        "reach",
        "guideline_targets",
        "activities_by_capability",
        "coverage_gaps",
        "partner_network",
        "phase_order",
        "provenance",
        "common_ground",
        "capabilities",
    } <= set(names)
    assert len(kg.query("capabilities")) == 5
    assert len(kg.query("capabilities.rq")) == 5
    assert "SELECT" in kg.query_text("phase_order")
    with pytest.raises(QueryError, match="no packaged query named 'nope'"):
        kg.query("nope")


def test_query_errors():
    kg = mini()
    with pytest.raises(QueryError, match="does not parse"):
        kg.query("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QueryError):
        kg.query("SELECT ?s WHERE { ?s ?p ?o }", s="<http://example.org/a b>")
    with pytest.raises(QueryError):
        kg.query("SELECT ?s WHERE { ?s ?p ?o }", s=object())
    with pytest.raises(QueryError, match="does not use"):
        kg.query("CONSTRUCT WHERE { ?s ?p ?o }", x=1)
    with pytest.raises(QueryError):
        kg.query(42)  # type: ignore[arg-type]


def test_service_is_refused_unless_allowed():
    kg = mini()
    query = "SELECT * WHERE { SERVICE <http://localhost:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(ServiceNotAllowedError, match="SERVICE"):
        kg.query(query)
    # allowed: pyoxigraph tries the call, which fails without any network (port 9 is refused)
    with pytest.raises(QueryError) as allowed:
        kg.query(query, allow_service=True)
    assert not isinstance(allowed.value, ServiceNotAllowedError)
    assert isinstance(ServiceNotAllowedError("x"), HabitatKGError)


def test_entity():
    kg = mini()
    school = kg.entity("Escuela Primaria Amado Nervo")
    assert isinstance(school, Entity)
    assert school.iri == f"{HKD}school-amado-nervo" and school.kind == f"{HK}School"
    assert school.kind_label == "School" and school.label_in("es") == "Escuela Primaria Amado Nervo"
    assert [s.section for s in school.sources] == ["Table 4"] and school.sources[0].page == 26
    assert not school.illustrative
    capability = kg.entity("trabajo colaborativo")
    assert capability.curie == "hk:CollaborativeWork" and capability.definition.startswith(
        "Understood as"
    )
    assert kg.entity(capability) == capability
    assert kg.entity("School garden").illustrative
    assert kg.entity("Amado Nervo", kind="hk:School").iri == school.iri
    with pytest.raises(WrongKindError, match=r"not an? "):
        kg.entity("Amado Nervo", kind="hk:Capability")
    with pytest.raises(EntityNotFoundError):
        kg.entity("Nothing of the sort")


def test_entities_and_labels():
    kg = mini()
    assert [e.label for e in kg.entities([f"{HK}Unite", f"{HK}Identify", f"{HK}Unite"])] == [
        "Unite",
        "Identify",
    ]
    assert kg.label_of(f"{HK}Unite") == "Unite"
    assert kg.label_of("https://example.org/unlabelled") == "https://example.org/unlabelled"


def test_find_with_kind():
    kg = mini()
    assert {m.iri for m in kg.find("primaria", kind="hk:School")} == {
        f"{HKD}school-amado-nervo",
        f"{HKD}school-america",
    }
    assert kg.find("primaria", limit=1)[0].score < 1
    assert kg.find("primaria", kind="hk:Capability") == ()


def test_provenance_of_entities_and_statements():
    kg = mini()
    node = kg.provenance("Escuela Primaria Amado Nervo")
    assert node.statement is None and node.sources[0].document == f"{HKD}doc-report-2023"
    statement = kg.provenance(("Escuela Primaria Amado Nervo", "hk:educationalLevel", "hk:Primary"))
    assert statement.statement == (
        f"{HKD}school-amado-nervo",
        f"{HK}educationalLevel",
        f"{HK}Primary",
    )
    assert statement.sources == node.sources
    figure = kg.provenance(("hkd:qty-students-amado-nervo", "hk:value", 1098))
    assert figure.sources[0].section == "Table 4"
    with pytest.raises(EntityNotFoundError, match="no statement"):
        kg.provenance(("Escuela Primaria Amado Nervo", "hk:educationalLevel", "hk:UpperSecondary"))
    illustrative = kg.provenance("School garden (illustrative)")
    assert illustrative.sources[0].illustrative


def test_to_rdflib_is_cached_and_complete():
    kg = mini()
    graph = kg.to_rdflib()
    assert len(graph) == len(kg) and kg.to_rdflib() is graph
    assert dict(graph.namespaces())["hk"] == rdflib.URIRef(HK)


def test_curated_known_answers_through_sparql():
    kg = curated()
    order = kg.query(
        "SELECT ?l WHERE { ?p a hk:MethodologyPhase ; hk:order ?n ; rdfs:label ?l FILTER(LANG(?l) "
        "= 'en') } ORDER BY ?n"
    )
    assert [r[0] for r in order.rows] == ["Identify", "Unite", "Organize", "Manage", "Recognize"]
    assert kg.entity("kanasin").iri == f"{HKD}place-kanasin"


@pytest.mark.parametrize(
    "module",
    [
        "_sparql",
        "_store",
        "_results",
        "_resolve",
        "_ingest",
        "_kg",
        "_answers",
        "_export",
        "_networks",
        "_ipython",
        "_commands._common",
    ],
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(
        importlib.import_module(f"habitatkg.{module}"), optionflags=doctest.ELLIPSIS
    )
    assert result.failed == 0


def test_validate_the_illustrative_data():
    from kg_helpers import EX, illustrative

    report = illustrative().validate()
    assert not [r for r in report.results if r.focus.startswith(EX)]
