"""Every term of the ontology is defined in English and in Spanish (issue 14, item 6).

The check reads the ontology file with rdflib on its own, independently of the package's
loaders, so that a term added without a Spanish definition fails here whatever the
documentation generator does with it.

Every Spanish label (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``, ``dcterms:title``
in Spanish) of the ontology and of the curated data is either found in a source text
(``data/sources/``: as a whole phrase, case aside, accents and spelling as written) or marked
as a translation: in the ontology by an OWL 2 axiom annotation on the label triple
(``owl:Axiom`` with ``hk:annotationEvidenceKind hk:Translation``), in the data by the
statement's provenance record (``hk:evidenceKind hk:Translation``).
"""

from __future__ import annotations

import re

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from habitatkg import _paths
from test_sources import normalise, read_source, source_dir

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


LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, DCTERMS.title)
TRANSLATION = rdflib.URIRef(HK + "Translation")
EVIDENCE = rdflib.URIRef(HK + "annotationEvidenceKind")


def _source_texts() -> list[str]:
    return [normalise(read_source(path)[1]).casefold() for path in source_dir().glob("*.txt")]


def _found(texts: list[str], label: str) -> bool:
    """The label occurs in a source text as a whole phrase (case aside, accents as written)."""
    pattern = r"(?<!\w)" + re.escape(normalise(label).casefold()) + r"(?!\w)"
    return any(re.search(pattern, text) for text in texts)


def _spanish_labels(graph: rdflib.Graph):
    for s, p, o in graph:
        if p in LABELS and isinstance(o, rdflib.Literal) and o.language == "es":
            yield s, p, o


def _marked_in_ontology(graph: rdflib.Graph) -> set[tuple]:
    return {
        (
            graph.value(axiom, OWL.annotatedSource),
            graph.value(axiom, OWL.annotatedProperty),
            graph.value(axiom, OWL.annotatedTarget),
        )
        for axiom in graph.subjects(EVIDENCE, TRANSLATION)
        if (axiom, RDF.type, OWL.Axiom) in graph
    }


def test_the_source_match_is_a_whole_phrase_with_its_accents():
    texts = ["el complejo educativo la presa", "estudiantes y control"]
    assert _found(texts, "Complejo educativo")
    assert not _found(texts, "Cómplejo educativo")  # accents as written
    assert not _found(texts, "Rol")  # not inside "control"
    assert not _found(texts, "Estudiante")  # not inside "estudiantes"


def test_every_spanish_label_of_the_ontology_is_found_in_a_source_or_marked_as_translation():
    graph = _ontology()
    texts = _source_texts()
    marked = _marked_in_ontology(graph)
    labels = list(_spanish_labels(graph))
    assert len(labels) >= 246
    wrong = [
        f"{str(s).removeprefix(HK)} {o!s}"
        for s, p, o in labels
        if (s, p, o) not in marked and not _found(texts, str(o))
    ]
    assert not wrong, f"Spanish labels neither in a source nor marked as translations: {wrong}"


def test_every_translation_mark_of_the_ontology_names_a_label_it_has():
    graph = _ontology()
    marked = _marked_in_ontology(graph)
    assert len(marked) >= 200
    dangling = [f"{s} {p} {o!r}" for s, p, o in marked if (s, p, o) not in graph]
    assert not dangling, f"translation marks on labels the ontology does not have: {dangling}"
    not_spanish = [str(o) for _, _, o in marked if getattr(o, "language", None) != "es"]
    assert not not_spanish, f"translation marks on labels that are not Spanish: {not_spanish}"


def test_the_ontology_writes_habitat_with_its_accent_in_spanish():
    graph = _ontology()
    unaccented = [
        str(o)
        for s, p, o in graph
        if isinstance(o, rdflib.Literal)
        and o.language == "es"
        and re.search(r"\bHabitat\b", str(o), re.IGNORECASE)
    ]
    assert not unaccented, f"Spanish texts writing Habitat without its accent: {unaccented}"


def test_every_spanish_label_of_the_data_is_found_in_a_source_or_marked_as_translation():
    curated, records = rdflib.Graph(), rdflib.Graph()
    for path in sorted((_paths.resource_dir("data")).glob("*.ttl")):
        (records if path.name.startswith("provenance-") else curated).parse(path)
    texts = _source_texts()
    kind = rdflib.URIRef(HK + "evidenceKind")
    translated = {
        (
            records.value(r, RDF.subject),
            records.value(r, RDF.predicate),
            records.value(r, RDF.object),
        )
        for r in records.subjects(kind, TRANSLATION)
    }
    labels = list(_spanish_labels(curated))
    assert len(labels) >= 60
    wrong = [
        f"{str(s).rsplit('/', 1)[-1]} {o!s}"
        for s, p, o in labels
        if (s, p, o) not in translated and not _found(texts, str(o))
    ]
    assert not wrong, f"Spanish labels neither in a source nor marked as translations: {wrong}"
