"""Every term of the ontology is defined in English and in Spanish (issue 14, item 6).

The check reads the ontology file with rdflib on its own, independently of the package's
loaders, so that a term added without a Spanish definition fails here whatever the
documentation generator does with it.
"""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from habitatkg import _paths

HK = "https://w3id.org/habitatkg/ontology#"
KINDS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.Concept,
    SKOS.ConceptScheme,
)


def _ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in _paths.ontology_files():
        if path.name == "habitat.ttl":
            graph.parse(path)
    return graph


def _terms(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    """Every hk: term the ontology declares: classes, properties, schemes and their concepts.

    Concepts are typed by their own class (``hk:CollaborativeWork a hk:Capability``), so a term
    is any hk: subject with a type from ``KINDS`` or a type that is itself an hk: class.
    """
    classes = set(graph.subjects(RDF.type, OWL.Class))
    return {
        s
        for s, kind in graph.subject_objects(RDF.type)
        if isinstance(s, rdflib.URIRef)
        and str(s).startswith(HK)
        and (kind in KINDS or kind in classes)
    }


def _languages(graph: rdflib.Graph, term: rdflib.URIRef, predicate: rdflib.URIRef) -> list[str]:
    return sorted(
        o.language or "" for o in graph.objects(term, predicate) if isinstance(o, rdflib.Literal)
    )


def test_the_ontology_has_terms_to_check():
    assert len(_terms(_ontology())) >= 246


def test_every_term_has_one_english_and_one_spanish_definition():
    graph = _ontology()
    wrong = {
        str(term).removeprefix(HK): _languages(graph, term, SKOS.definition)
        for term in _terms(graph)
        if _languages(graph, term, SKOS.definition) != ["en", "es"]
    }
    assert not wrong, f"terms whose definitions are not exactly one @en and one @es: {wrong}"


def test_every_term_has_an_english_and_a_spanish_label():
    graph = _ontology()
    wrong = {
        str(term).removeprefix(HK): labels
        for term in _terms(graph)
        if not {"en", "es"} <= set(labels := _languages(graph, term, RDFS.label))
    }
    assert not wrong, f"terms without an @en and an @es label: {wrong}"


def test_spanish_definitions_are_not_copies_of_the_english_ones():
    graph = _ontology()
    same = []
    for term in _terms(graph):
        texts = {o.language: str(o) for o in graph.objects(term, SKOS.definition)}
        if texts.get("en") and texts.get("en") == texts.get("es"):
            same.append(str(term).removeprefix(HK))
    assert not same, f"Spanish definition identical to the English one: {same}"
