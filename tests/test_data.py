"""The curated dataset as a whole (data/*.ttl): provenance, text, privacy, links, conformance.

Subject-specific known answers live in tests/test_data_<subject>.py.
"""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

from habitatkg import _paths
from habitatkg._validate import validate

HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
HKD = "https://w3id.org/habitatkg/data/"
EX = "https://w3id.org/habitatkg/example/"
SOURCES = {
    HKD + "doc-report-2023",
    HKD + "doc-news-2023",
    HKD + "doc-huejotzingo-2021",
    HKD + "doc-inegi-geostatistical-framework",  # external catalogue of place codes only
}
# Mis-decoded UTF-8 read as Latin-1 ("KanasÃn", "MarÃa"), replacement characters, C1 controls.
MOJIBAKE = re.compile("[\u00c3\u00c2\ufffd\u0080-\u009f]|â€")


@pytest.fixture(scope="module")
def data() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in _paths.data_files():
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def everything(data: rdflib.Graph) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in _paths.ontology_files():
        graph.parse(path, format="turtle")
    return graph + data


# The statement-level provenance records (data/provenance-*.ttl) are provenance themselves.
_RECORD_TYPES = {
    RDF.Statement,
    HK.Passage,
    URIRef("http://www.w3.org/ns/oa#TextQuoteSelector"),
}


def _curated(graph: rdflib.Graph) -> set[URIRef]:
    return {
        s
        for s in graph.subjects()
        if isinstance(s, URIRef)
        and str(s).startswith(HKD)
        and not _RECORD_TYPES & set(graph.objects(s, RDF.type))
    }


def test_data_is_split_by_subject():
    names = {path.name for path in _paths.data_files()}
    assert {"sources.ttl", "programme.ttl", "places-schools.ttl", "partners.ttl"} <= names
    assert {"news-events.ttl", "huejotzingo.ttl"} <= names
    for path in _paths.data_files():
        head = path.read_text(encoding="utf-8").lstrip()
        assert head.startswith("#"), f"{path.name} has no header comment saying what it holds"


def test_every_curated_node_has_a_source(data: rdflib.Graph):
    missing = sorted(
        str(node)
        for node in _curated(data)
        if (node, RDF.type, HK.SourceReference) not in data and (node, HK.source, None) not in data
    )
    assert missing == [], f"curated nodes without hk:source: {missing[:20]}"


def test_every_source_reference_names_a_source_document_and_section(data: rdflib.Graph):
    references = set(data.subjects(RDF.type, HK.SourceReference))
    assert len(references) > 50
    for ref in references:
        documents = {str(d) for d in data.objects(ref, HK.inDocument)}
        assert len(documents) == 1 and documents <= SOURCES, (ref, documents)
        assert list(data.objects(ref, HK.section)), f"{ref} names no section, table or page"
        assert list(data.objects(ref, RDFS.label)), f"{ref} has no label"


def test_every_source_is_answerable_by_a_query(data: rdflib.Graph):
    """Question 8 in SPARQL: where does a fact come from? Every hk:source leads to a document."""
    rows = data.query(
        """SELECT ?node WHERE { ?node hk:source ?ref .
             FILTER NOT EXISTS { ?ref hk:inDocument ?doc . ?doc a ?kind } }""",
        initNs={"hk": HK},
    )
    assert [str(r[0]) for r in rows] == []


def test_no_label_is_mis_encoded(data: rdflib.Graph):
    bad = [
        (str(s), str(o))
        for s, p, o in data
        if isinstance(o, Literal) and isinstance(o.value, str) and MOJIBAKE.search(str(o))
    ]
    assert bad == []


def test_names_are_spelled_as_in_the_report(data: rdflib.Graph):
    text = " ".join(str(o) for o in data.objects(None, RDFS.label))
    assert "Kanasín" in text and "María Guadalupe Barrera Cortina" in text
    assert "Kanasin " not in text.replace("Kanasín", "")


def test_every_label_has_one_value_per_language(data: rdflib.Graph):
    for node in _curated(data):
        languages = [o.language for o in data.objects(node, RDFS.label) if isinstance(o, Literal)]
        assert "en" in languages, f"{node} has no English label"
        assert len(languages) == len(set(languages)), f"{node} has two labels in one language"


def test_every_link_to_a_curated_node_is_described(everything: rdflib.Graph, data: rdflib.Graph):
    dangling = sorted(
        {
            str(o)
            for o in data.objects()
            if isinstance(o, URIRef)
            and str(o).startswith(HKD)
            and (o, RDF.type, None) not in everything
        }
    )
    assert dangling == [], f"links to curated nodes nobody describes: {dangling}"


def test_nothing_illustrative_in_the_curated_data(data: rdflib.Graph):
    assert not [s for s in data.subjects() if str(s).startswith(EX)]
    assert (None, HK.illustrative, Literal(True)) not in data


def test_students_and_children_are_never_named(data: rdflib.Graph):
    protected = set(
        data.query(
            """SELECT DISTINCT ?person WHERE {
                 ?m hk:member ?person ; hk:role ?role .
                 VALUES ?role { hk:StudentRole hk:ChildRole } }""",
            initNs={"hk": HK},
        )
    )
    assert protected, "the sources mention a student and a child: their roles are recorded"
    for (person,) in protected:
        assert (person, HK.nameWithheld, Literal(True)) in data, person
        assert (person, HK.name, None) not in data, person
        label = str(data.value(person, RDFS.label))
        assert "withheld" in label, label


def test_every_quantity_is_complete(data: rdflib.Graph):
    quantities = set(data.subjects(RDF.type, HK.Quantity))
    assert len(quantities) >= 40
    for q in quantities:
        for prop in (HK.value, HK.quantityKind, HK.period, HK.quantityOf, HK.source):
            assert (q, prop, None) in data, f"{q} has no {prop}"


def test_the_curated_data_conforms_to_the_shapes():
    report = validate()  # no files: the packaged curated data
    assert not report.has_violations, str(report)
    assert report.violations == ()
