"""Known answers for data/sources.ttl: the documents the report names as its sources.

Transforming Through Education (UNESCO Office in Mexico, 2023): the References list (p. 70) and
the "Source:" line under each table and figure. A table or figure whose line names only the
report's own work ("Own work (2023).") names no document and is not listed.
"""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, SKOS
from rdflib.namespace import DCTERMS

from habitatkg import _paths

HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
HKD = rdflib.Namespace("https://w3id.org/habitatkg/data/")
SOURCES = next(p for p in _paths.data_files() if p.name == "sources.ttl")

# The References list, p. 70: ten entries, by their citation key.
REFERENCES = {
    "Fundación Alberto Baillères (2022)",
    "Fundación Alberto Baillères / UNESCO (2021)",
    "INIFED (2018)",
    "Secretaría de Educación Pública (2022)",
    "UN (2015)",
    "UNESCO (2022)",
    "UNESCO (2021)",
    "UNESCO (2020a)",
    "UNESCO (2020b)",
    "UNESCO (1996)",
}
# The "Source:" lines of the tables and figures that name documents.
FAB_2022 = "Fundación Alberto Baillères (2022)"
FAB_UNESCO = "Fundación Alberto Baillères / UNESCO (2021)"
SEP = "Secretaría de Educación Pública (2022)"
TABLES_AND_FIGURES = {
    "table-1-actions-2030-goals": {"UNESCO (2020a)", "UNESCO (2020b)"},
    "table-2-basic-elements": {FAB_UNESCO},
    "figure-1-social-model": {FAB_UNESCO},
    "table-3-sdgs-and-social-model": {"UN (2015)", FAB_UNESCO},
    "table-4-localities-and-schools": {FAB_2022, SEP},
    "figure-2-partnerships": {FAB_2022},
    "figure-3-appropriation": {FAB_UNESCO},
    "figure-4-methodology": {FAB_UNESCO},
    "table-5-accompaniment-strategies-2022": {FAB_2022},
    "figure-6-accompaniment-teams": {FAB_2022},
    "table-6-partner-organizations-by-year": {FAB_2022},
    "figure-8-population-benefited": {FAB_2022},
    "table-8-failure-passing-prepa-94": {SEP},
    "figure-10-chronology": {FAB_2022},
}


@pytest.fixture(scope="module")
def data() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in _paths.data_files():
        if not path.name.startswith("provenance-"):
            graph.parse(path, format="turtle")
    return graph


def _key(graph: rdflib.Graph, document: rdflib.term.Node) -> str:
    keys = {str(k) for k in graph.objects(document, SKOS.altLabel)}
    assert len(keys) == 1, (document, keys)
    return keys.pop()


def test_every_entry_of_the_references_list_is_a_document(data):
    references = HKD["src-sources-references"]
    documents = {
        d for d in data.subjects(HK.source, references) if (d, RDF.type, HK.Document) in data
    }
    assert {_key(data, d) for d in documents} == REFERENCES


def test_every_referenced_document_has_its_year(data):
    for document in data.subjects(HK.source, HKD["src-sources-references"]):
        key = _key(data, document)
        year = key.rsplit("(", 1)[1][:4]
        assert data.value(document, HK.year) == rdflib.Literal(int(year)), key


def test_tables_and_figures_name_the_documents_of_their_source_line(data):
    for name, keys in TABLES_AND_FIGURES.items():
        node = HKD[name]
        assert data.value(node, DCTERMS.isPartOf) == HKD["doc-report-2023"], name
        named = {_key(data, d) for d in data.objects(node, DCTERMS.source)}
        assert named == keys, name


def test_no_table_or_figure_is_credited_to_a_document_it_does_not_name(data):
    credited = {
        str(s).removeprefix(str(HKD))
        for s in data.subjects(DCTERMS.source, None)
        if (s, DCTERMS.isPartOf, HKD["doc-report-2023"]) in data
    }
    assert credited == set(TABLES_AND_FIGURES)


def test_the_inifed_notice_has_its_spanish_title_and_publisher(data):
    notice = HKD["doc-inifed-2018-notice-53"]
    titles = {o.language: str(o) for o in data.objects(notice, rdflib.RDFS.label)}
    assert titles["es"].startswith("INIFED (2018). Comunicado 53.- Avances en la reconstrucción")
    assert titles["en"].startswith("INIFED (2018). Notice 53.- Progress in the reconstruction")
    assert data.value(notice, HK.publishedBy) == HKD["org-inifed"]


def test_sources_ttl_describes_the_documents(data):
    own = rdflib.Graph().parse(SOURCES, format="turtle")
    assert len(set(own.subjects(RDF.type, HK.Document))) >= 20
