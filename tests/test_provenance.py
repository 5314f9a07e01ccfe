"""Statement-level provenance: every curated triple has source passages with quotes.

The records (``data/provenance-*.ttl``) are ``rdf:Statement`` nodes naming one curated
triple, ``hk:supportedBy`` one or more ``hk:Passage`` (document, source reference with
section and page, ``oa:TextQuoteSelector`` quote) and ``hk:evidenceKind``. The quotes are
checked against the shipped sources in tests/test_sources.py; here: coverage, consistency,
the API (``kg.provenance``), the CLI and the shapes (pyshacl, a second engine).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pyshacl
import pytest
import rdflib
from rdflib import RDF, Literal, URIRef

import habitatkg as hk
from habitatkg import _paths

HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
HKD = rdflib.Namespace("https://w3id.org/habitatkg/data/")
SDG = rdflib.Namespace("http://metadata.un.org/sdg/")
KINDS = {HK.Stated, HK.DerivedByCurators, HK.Translation}
# Not one of the three text sources: INEGI's catalogue of place codes (no text to quote).
EXTERNAL = {HKD["doc-inegi-geostatistical-framework"]}


@pytest.fixture(scope="module")
def curated() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in _paths.data_files():
        if not path.name.startswith("provenance-"):
            graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def records() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in _paths.data_files():
        if path.name.startswith("provenance-"):
            graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def kg() -> hk.KnowledgeGraph:
    return hk.load()


def is_provenance(graph: rdflib.Graph, s, p) -> bool:
    """The node-level provenance (source references, hk:source links) is not a statement."""
    return p == HK.source or (s, RDF.type, HK.SourceReference) in graph


def external_only(graph: rdflib.Graph, s, p) -> bool:
    if p == HK.inegiCode:
        return True
    docs = {graph.value(r, HK.inDocument) for r in graph.objects(s, HK.source)}
    return bool(docs) and docs <= EXTERNAL


def test_every_curated_triple_has_a_passage_with_a_quote(curated, records):
    by_statement: dict[tuple, set] = {}
    for record in records.subjects(RDF.type, RDF.Statement):
        key = (
            records.value(record, RDF.subject),
            records.value(record, RDF.predicate),
            records.value(record, RDF.object),
        )
        by_statement.setdefault(key, set()).update(records.objects(record, HK.supportedBy))
    triples = external = 0
    missing = []
    kinds: Counter[str] = Counter()
    for s, p, o in curated:
        if is_provenance(curated, s, p):
            continue
        if external_only(curated, s, p):
            external += 1
            continue
        triples += 1
        passages = by_statement.get((s, p, o), set())
        quoted = [x for x in passages if records.value(records.value(x, OA.hasSelector), OA.exact)]
        if not quoted:
            missing.append((s, p, o))
    for record in records.subjects(RDF.type, RDF.Statement):
        kinds[str(records.value(record, HK.evidenceKind)).rsplit("#", 1)[-1]] += 1
    passages = set(records.subjects(RDF.type, HK.Passage))
    quotes = {str(records.value(records.value(x, OA.hasSelector), OA.exact)) for x in passages}
    print(
        f"\ncurated triples: {triples} (+{external} from the external INEGI catalogue, no text);"
        f" with a quoted passage: {triples - len(missing)}"
        f" ({100 * (triples - len(missing)) / triples:.1f}%);"
        f" passages: {len(passages)}; distinct quotes: {len(quotes)};"
        f" evidence kinds: {dict(sorted(kinds.items()))}"
    )  # fmt: skip
    assert not missing, f"{len(missing)} triples without a passage, e.g. {missing[:3]}"
    assert external <= 20


def test_no_record_for_a_statement_that_is_not_in_the_data(curated, records):
    stale = [
        r
        for r in records.subjects(RDF.type, RDF.Statement)
        if (
            records.value(r, RDF.subject),
            records.value(r, RDF.predicate),
            records.value(r, RDF.object),
        )
        not in curated
    ]
    assert not stale, stale[:3]


def test_records_are_well_formed(records, curated):
    for record in records.subjects(RDF.type, RDF.Statement):
        kind = records.value(record, HK.evidenceKind)
        assert kind in KINDS, record
        if kind != HK.Stated:
            assert records.value(record, HK.reasoning), record
        for passage in records.objects(record, HK.supportedBy):
            ref = records.value(passage, HK.withinReference)
            assert (ref, RDF.type, HK.SourceReference) in curated, passage
            assert records.value(passage, OA.hasSource) == curated.value(ref, HK.inDocument)


def test_a_stated_literal_is_in_its_quote(records):
    """Where the record says the source states a short text or number, the quote has it."""
    from test_sources import normalise

    wrong = []
    for record in records.subjects(HK.evidenceKind, HK.Stated):
        obj = records.value(record, RDF.object)
        if not isinstance(obj, Literal) or len(str(obj)) > 60 or isinstance(obj.value, bool):
            continue
        text = normalise(str(obj)).casefold()
        if obj.datatype in (rdflib.XSD.integer, rdflib.XSD.decimal):
            number = float(obj)
            variants = {f"{number:g}", f"{int(number):,}" if number == int(number) else ""}
            variants |= {f"{number / 1e6:g} million"}
            words = [
                "zero",
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
            ]
            if number == int(number) and int(number) < len(words):
                variants.add(words[int(number)])  # "nine years" states 9
            elif number % 1000 == 0 and number // 1000 < len(words):
                variants.add(f"{words[int(number // 1000)]} thousand")
        elif obj.datatype == rdflib.XSD.date:
            d = obj.toPython()
            variants = {f"{d:%B} {d.day}, {d.year}".casefold(), str(d)}
        else:
            variants = {text}
        quote = " ".join(
            normalise(str(records.value(records.value(p, OA.hasSelector), OA.exact))).casefold()
            for p in records.objects(record, HK.supportedBy)
        )
        if not any(v and v.casefold() in quote for v in variants):
            wrong.append((str(obj), quote[:60]))
    assert not wrong, f"{len(wrong)} stated values not in their quote, e.g. {wrong[:5]}"


# --------------------------------------------------------------------------- the API


def test_sdg_16_has_one_passage_from_chapter_iii_b(kg):
    p = kg.provenance((HKD["social-model"], HK.contributesToGoal, SDG["16"]))
    assert len(p.sources) == 1
    (source,) = p.sources
    assert source.section.startswith("Chapter III.B")
    assert "promoting just, peaceful, and inclusive societies (SDG 16)" in source.quote
    assert source.evidence_kind == str(HK.Stated)
    assert source.page == 63
    assert p.passages == p.sources


def test_statement_by_labels(kg):
    by_iri = kg.provenance(("hkd:social-model", "hk:contributesToGoal", "sdg:16"))
    by_label = kg.provenance(
        ("Alberto Baillères Foundation Social Model", "hk:contributesToGoal", "sdg:16")
    )
    assert by_iri.sources == by_label.sources
    p = kg.provenance(("hkd:social-model", "hk:tagline", "En comunidad para transformar"))
    assert p.sources and all("En comunidad para transformar" in s.quote for s in p.sources)


def test_a_derived_statement_shows_its_reasoning(kg, records):
    record = next(records.subjects(HK.evidenceKind, HK.DerivedByCurators))
    s, pr, o = (records.value(record, x) for x in (RDF.subject, RDF.predicate, RDF.object))
    value = str(o) if isinstance(o, URIRef) else o.toPython()
    p = kg.provenance((str(s), str(pr), value))
    assert p.sources and all(x.reasoning for x in p.sources)
    assert "reasoning:" in repr(p)


def test_entity_provenance_has_passages_of_its_statements(kg, records):
    p = kg.provenance("hkd:social-model")
    assert p.sources  # the node's source references
    expected = {
        str(x)
        for r in records.subjects(RDF.subject, HKD["social-model"])
        for x in records.objects(r, HK.supportedBy)
    }
    assert {x.passage for x in p.passages} == expected


def test_unknown_statement_is_refused(kg):
    with pytest.raises(hk.EntityNotFoundError, match="no statement"):
        kg.provenance(("hkd:social-model", "hk:servesTarget", "sdg:4.3"))


def test_cli_shows_the_quote():
    out = subprocess.run(
        [sys.executable, "-m", "habitatkg", "provenance", "hkd:social-model",
         "hk:contributesToGoal", "sdg:16"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "(SDG 16)" in out.stdout and "Stated by the source" in out.stdout
    assert out.stdout.count("  - ") == 1


# --------------------------------------------------------------------------- the shapes


def _shapes() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in _paths.shapes_files():
        g.parse(path)
    return g


def _fixture(kind: str, reasoning: bool) -> rdflib.Graph:
    text = f"""
    @prefix hk: <https://w3id.org/habitatkg/ontology#> .
    @prefix hkd: <https://w3id.org/habitatkg/data/> .
    @prefix oa: <http://www.w3.org/ns/oa#> .
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    hkd:doc a hk:Document ; rdfs:label "A document"@en ; hk:source hkd:ref .
    hkd:ref a hk:SourceReference ; rdfs:label "A section"@en ; hk:inDocument hkd:doc ;
        hk:section "Chapter I" .
    hkd:x a hk:Place ; rdfs:label "X"@en ; hk:source hkd:ref .
    hkd:st a rdf:Statement ; rdf:subject hkd:x ; rdf:predicate rdfs:label ; rdf:object "X"@en ;
        hk:supportedBy hkd:passage ; hk:evidenceKind hk:{kind}
        {'; hk:reasoning "because"@en' if reasoning else ""} .
    hkd:passage a hk:Passage ; oa:hasSource hkd:doc ; hk:withinReference hkd:ref ;
        oa:hasSelector hkd:quote .
    hkd:quote a oa:TextQuoteSelector ; oa:exact "X is a place" .
    """
    return rdflib.Graph().parse(data=text, format="turtle")


def _violations(data: rdflib.Graph) -> list[str]:
    ont = rdflib.Graph()
    for path in _paths.ontology_files():
        ont.parse(path)
    _, report, _ = pyshacl.validate(
        data, shacl_graph=_shapes(), ont_graph=ont, advanced=True, inference="none"
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return [
        str(report.value(r, sh.resultMessage))
        for r in report.subjects(RDF.type, sh.ValidationResult)
        if report.value(r, sh.resultSeverity) == sh.Violation
    ]


def test_shapes_accept_a_well_formed_record():
    assert _violations(_fixture("Stated", reasoning=False)) == []


def test_shapes_require_reasoning_for_derived():
    messages = _violations(_fixture("DerivedByCurators", reasoning=False))
    assert any("reasoning" in m for m in messages), messages
    assert _violations(_fixture("DerivedByCurators", reasoning=True)) == []


def test_shapes_require_an_evidence_kind_from_the_scheme():
    messages = _violations(_fixture("Exact", reasoning=True))
    assert any("hk:evidenceKind" in m for m in messages), messages
