"""Imported records: statement-level provenance with the row as the passage, own named graph.

The records come from the filled template of tests/test_sheets.py (two activity rows, one
organization); their known answers are the cells written there.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, URIRef

import habitatkg as hk
from habitatkg._cli import main
from habitatkg._sheets import import_records
from habitatkg._sheets._import import GRAPHS, RECORDS
from kg_helpers import HK, HKD
from test_sheets import fill, headers, strip_provenance

OA = "http://www.w3.org/ns/oa#"
ACT = f"{RECORDS}act-001"
LECTORES = f"{RECORDS}org-lectores"


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("records")
    assert main(["template", str(folder / "t.xlsx")]) == 0
    return fill(folder / "t.xlsx", folder / "filled.xlsx")


@pytest.fixture(scope="module")
def records(filled) -> rdflib.Graph:
    result = import_records(filled)
    assert result.report.conforms, result.report.to_text()
    return result.to_rdflib()


def last_column(filled: Path) -> str:
    sheet = openpyxl.load_workbook(filled)["Activities"]
    return openpyxl.utils.get_column_letter(len(headers(sheet)))


def statements_of(graph: rdflib.Graph, s, p, o) -> list:
    return [
        r
        for r in graph.subjects(RDF.subject, s)
        if (r, RDF.predicate, p) in graph and (r, RDF.object, o) in graph
    ]


def test_every_imported_triple_has_its_row_as_its_passage(filled, records):
    facts = strip_provenance(records)
    assert len(facts) == 17  # 2 activities and 1 organization, as filled
    last = last_column(filled)
    rows = {URIRef(ACT): 2, URIRef(f"{RECORDS}act-002"): 4, URIRef(LECTORES): 2}
    for s, p, o in facts:
        found = statements_of(records, s, p, o)
        assert len(found) == 1, (s, p, o)
        record = found[0]
        assert (record, RDF.type, RDF.Statement) in records
        assert (record, URIRef(f"{HK}evidenceKind"), URIRef(f"{HK}Stated")) in records
        passage = records.value(record, URIRef(f"{HK}supportedBy"))
        assert (passage, RDF.type, URIRef(f"{HK}Passage")) in records
        row = records.value(passage, URIRef(f"{HK}withinReference"))
        sheet = "Organizations" if s == URIRef(LECTORES) else "Activities"
        section = str(records.value(row, URIRef(f"{HK}section")))
        assert section.startswith(f"{sheet}!A{rows[s]}:") and section.endswith(str(rows[s]))
        if sheet == "Activities":
            assert section == f"Activities!A{rows[s]}:{last}{rows[s]}"
        # the record's node-level source is the same row; the passage is in the workbook
        assert (s, URIRef(f"{HK}source"), row) in records
        document = records.value(passage, URIRef(f"{OA}hasSource"))
        assert (row, URIRef(f"{HK}inDocument"), document) in records
        assert str(records.value(document, rdflib.RDFS.label)) == "filled.xlsx"
    # the quote: the row's filled cells, header and value, in column order
    passage = records.value(
        statements_of(records, URIRef(ACT), URIRef(f"{HK}hasPartner"), URIRef(LECTORES))[0],
        URIRef(f"{HK}supportedBy"),
    )
    selector = records.value(passage, URIRef(f"{OA}hasSelector"))
    quote = str(records.value(selector, URIRef(f"{OA}exact")))
    assert quote.startswith("ID: act-001 | Name (English): Reading club with families | ")
    assert "Has partner: Lectores Unidos | At school: Amado Nervo" in quote
    assert "Addresses capability: Collaborative work; aprender a aprender" in quote
    assert "Year: 2024" in quote and "*" not in quote


def test_kg_provenance_of_an_imported_triple_returns_its_row(filled, tmp_path, capsys):
    kg = hk.load(filled)
    p = kg.provenance((ACT, "hk:hasPartner", LECTORES))
    assert len(p.sources) == 1
    source = p.sources[0]
    assert source.section == f"Activities!A2:{last_column(filled)}2"
    assert source.document_label == "filled.xlsx"
    assert source.label == "filled.xlsx, sheet Activities, row 2"
    assert source.evidence_kind == f"{HK}Stated"
    assert "Has partner: Lectores Unidos" in source.quote
    # a type and a label have their row too; a triple of another row is not mixed in
    assert (
        kg.provenance((f"{RECORDS}act-002", "rdfs:label", "Garden mentoring"))
        .sources[0]
        .section.startswith("Activities!A4:")
    )
    # the command line, from the imported Turtle file
    out = tmp_path / "r.ttl"
    assert main(["import", str(filled), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["provenance", ACT, "hk:hasPartner", LECTORES, "--data", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "filled.xlsx, Activities!A2:" in shown
    assert "Has partner: Lectores Unidos" in shown and "Stated by the source" in shown


def test_the_shapes_accept_imported_provenance_and_check_it(filled, tmp_path):
    out = tmp_path / "r.ttl"
    assert main(["import", str(filled), "-o", str(out)]) == 0
    report = hk.validate(out)
    assert not report.has_violations
    # the provenance shapes do look at these records: break one and they say so
    graph = rdflib.Graph().parse(out)
    record = statements_of(graph, URIRef(ACT), URIRef(f"{HK}hasPartner"), URIRef(LECTORES))[0]
    graph.remove((record, URIRef(f"{HK}evidenceKind"), None))
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    violations = hk.validate(broken).only("violation")
    assert str(record) in {str(v.focus).strip("<>") for v in violations} or any(
        str(record).rsplit("/", 1)[-1] in str(v.focus) for v in violations
    )


def graph_counts(kg, graph: str) -> int:
    rows = kg.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    return int(rows[0][0])


def test_records_live_in_their_own_named_graph_in_a_store(filled, tmp_path, capsys):
    result = import_records(filled)
    name = result.graph_name
    assert name.startswith(f"{GRAPHS}import-")
    expected = len(set(result.triples))
    kg = hk.load(filled, store=f"oxigraph:{tmp_path / 'store'}")
    native = kg.store.native
    assert ox.NamedNode(name) in set(native.named_graphs())
    assert graph_counts(kg, name) == expected
    # only the records are in it: nothing curated, nothing illustrative
    assert not native.contains_named_graph(ox.NamedNode(f"{GRAPHS}curated"))
    curated = ox.NamedNode(f"{HKD}school-amado-nervo")
    assert not list(native.quads_for_pattern(curated, None, None, ox.NamedNode(name)))
    # plain SPARQL sees them (once, not once per graph), and so does question 1
    rows = kg.query(
        "SELECT ?partner WHERE { ?act hk:hasPartner ?partner }", act=ox.NamedNode(ACT)
    ).rows
    assert [str(r[0]) for r in rows] == [LECTORES]
    frame = kg.partners_supporting("Collaborative work", school="Amado Nervo")
    assert list(frame.record) == ["filled.xlsx, sheet Activities, row 2"]
    assert not frame.illustrative.any()
    assert (
        kg.provenance((ACT, "hk:hasPartner", LECTORES))
        .sources[0]
        .section.startswith("Activities!A2:")
    )


def test_habitatkg_load_puts_a_workbook_in_its_graph_and_partners_marks_the_rows(
    filled, tmp_path, capsys
):
    store = f"oxigraph:{tmp_path / 'cli-store'}"
    assert main(["load", "--store", store, "--quiet", str(filled)]) == 0
    capsys.readouterr()
    args = ["partners", "--capability", "Collaborative work", "--school", "Amado Nervo"]
    assert main([*args, "--store", store, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["partner_label"], r["record"]) for r in rows] == [
        ("Lectores Unidos", "filled.xlsx, sheet Activities, row 2")
    ]
    assert main([*args, "--store", store]) == 0
    captured = capsys.readouterr()
    assert "filled.xlsx, sheet Activities, row 2" in captured.out
    assert "come from your own records" in captured.err
    kg = hk.load(store=store)
    graphs = [g.value for g in kg.store.native.named_graphs() if g.value.startswith(GRAPHS)]
    assert graphs == [import_records(filled).graph_name]
    kg.store.close()


def test_records_of_a_trig_file_keep_their_graph_when_loaded(filled, tmp_path):
    out = tmp_path / "r.trig"
    assert main(["import", str(filled), "-o", str(out)]) == 0
    kg = hk.load(out)
    name = import_records(filled).graph_name
    assert kg.store.native.contains_named_graph(ox.NamedNode(name))
    assert graph_counts(kg, name) > 20
    frame = kg.partners_supporting("Collaborative work", school="Amado Nervo")
    assert list(frame.record) == ["filled.xlsx, sheet Activities, row 2"]
    # the records are in the default graph too: a Turtle file of the same records answers
    # the same, and a triple held by both graphs is counted once
    rows = kg.query("SELECT ?s WHERE { ?s hk:hasPartner ?p }", p=ox.NamedNode(LECTORES)).rows
    assert [str(r[0]) for r in rows] == [ACT]
