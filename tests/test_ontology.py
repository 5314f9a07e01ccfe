"""The ontology quality gate.

* ``ontology/habitat.ttl`` and ``ontology/imports/*.ttl`` parse in rdflib AND pyoxigraph;
* owlready2 loads them and HermiT (Java) finds the ontology consistent, with no
  unsatisfiable class;
* OWL 2 DL, checked in Python: every IRI used as a class or property in an axiom is declared
  as one; no punning; annotation properties stay out of logical axioms; the reserved
  vocabulary (rdf:, rdfs:, owl:, xsd:) is used only as OWL 2 defines it;
* every hk: term has labels in English and Spanish and a definition, labels are unique per
  language, every hk: class has a superclass, and the ontology header is complete.

The DL checker (``owl2dl.py`` beside this file) is itself tested on small broken
ontologies, so a green run means something.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from habitatkg import _paths
from habitatkg._load import check_known_terms, read_rdf, read_rdf_files
from owl2dl import dl_problems, import_closure, short

HK = "https://w3id.org/habitatkg/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/habitatkg/ontology")
VANN = Namespace("http://purl.org/vocab/vann/")
# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files() -> list[Path]:
    return _paths.ontology_files()


@pytest.fixture(scope="module")
def merged(files: list[Path]) -> rdflib.Graph:
    return read_rdf_files(files)


@pytest.fixture(scope="module")
def main(files: list[Path]) -> rdflib.Graph:
    return read_rdf(files[0])


def hk_terms(graph: rdflib.Graph, *types: URIRef) -> set[URIRef]:
    return {
        s
        for t in types
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(HK)
    }


def concept_classes(graph: rdflib.Graph) -> set[URIRef]:
    return {
        c for c in graph.transitive_subjects(RDFS.subClassOf, SKOS.Concept) if isinstance(c, URIRef)
    }


def hk_concepts(graph: rdflib.Graph) -> set[URIRef]:
    return hk_terms(graph, *concept_classes(graph))


def described_terms(graph: rdflib.Graph) -> set[URIRef]:
    """The hk: classes, properties, concept schemes and concepts."""
    return hk_terms(
        graph,
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        SKOS.ConceptScheme,
    ) | hk_concepts(graph)


# --- parsing ----------------------------------------------------------------------------------


def test_parses_in_rdflib(files: list[Path]) -> None:
    for path in files:
        assert len(read_rdf(path)) > 0, path


def test_parses_in_pyoxigraph_with_the_same_triples(files: list[Path]) -> None:
    for path in files:
        triples = list(
            pyoxigraph.parse(
                path=str(path), format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
            )
        )
        assert len(set(map(str, triples))) == len(read_rdf(path)), (
            f"{path}: rdflib and pyoxigraph disagree"
        )


def test_every_hk_term_used_is_declared(merged: rdflib.Graph, files: list[Path]) -> None:
    check_known_terms(merged, merged, source=files[0])


# --- reasoning (owlready2 + HermiT) --------------------------------------------------------------


def require_java() -> None:
    if shutil.which("java") is None:
        pytest.fail("the HermiT reasoner needs Java (a JRE >= 11 on PATH); .ci/run installs it")


def reason(graph: rdflib.Graph) -> tuple[object, list[object]]:
    """Load ``graph`` (owl:imports removed) into a fresh owlready2 World and run HermiT."""
    import owlready2

    require_java()
    graph = rdflib.Graph() + graph
    graph.remove((None, OWL.imports, None))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "merged.owl"
        graph.serialize(path, format="xml")
        world = owlready2.World()
        ontology = world.get_ontology(path.as_uri()).load()
        with ontology:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        return ontology, list(world.inconsistent_classes())


def test_owlready2_loads_and_hermit_finds_it_consistent(merged: rdflib.Graph) -> None:
    import owlready2

    try:
        ontology, unsatisfiable = reason(merged)
    except owlready2.OwlReadyInconsistentOntologyError as error:  # pragma: no cover - the defect
        pytest.fail(f"HermiT: the ontology is inconsistent: {error}")
    assert len(list(ontology.classes())) >= len(hk_terms(merged, OWL.Class))  # type: ignore[attr-defined]
    assert unsatisfiable == [], f"unsatisfiable classes: {unsatisfiable}"


def test_the_reasoner_harness_detects_defects() -> None:
    import owlready2

    base = (
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix : <https://e.org/#> . <https://e.org/o> a owl:Ontology .\n"
        ":A a owl:Class . :B a owl:Class . :A owl:disjointWith :B .\n"
        ":C a owl:Class ; rdfs:subClassOf :A , :B .\n"
    )
    _, unsatisfiable = reason(rdflib.Graph().parse(data=base, format="turtle"))
    assert "https://e.org/#C" in {str(c.iri) for c in unsatisfiable}  # type: ignore[attr-defined]
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(
            rdflib.Graph().parse(
                data=base + ":x a owl:NamedIndividual , :A , :B .", format="turtle"
            )
        )


# --- OWL 2 DL -----------------------------------------------------------------------------------


def test_owl2_dl_typing(merged: rdflib.Graph) -> None:
    problems = dl_problems(merged)
    assert not problems, "OWL 2 DL problems:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "name", [str(p.relative_to(_paths.resource_dir("ontology"))) for p in _paths.ontology_files()]
)
def test_owl2_dl_typing_per_document(files: list[Path], name: str) -> None:
    """Each document declares, itself or through its owl:imports, every entity it uses."""
    path = _paths.resource_dir("ontology") / name
    problems = dl_problems(import_closure(path, files))
    assert not problems, (
        f"OWL 2 DL problems in {name} with its imports:\n"
        + "\n".join(problems[:20])
        + (f"\n... and {len(problems) - 20} more" if len(problems) > 20 else "")
    )


PREFIXES = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://e.org/#> . :A a owl:Class . :p a owl:ObjectProperty . :d a owl:DatatypeProperty .
:note a owl:AnnotationProperty .
"""


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (":B rdfs:subClassOf :Undeclared .", "used as class but not declared"),
        (":x a :Undeclared .", "used as class but not declared"),
        (":x :q :y .", "but not declared so"),
        (":q rdfs:domain :A .", "but not declared so"),
        (":d rdfs:range :A .", "used as datatype but not declared"),
        (":p rdfs:range xsd:string .", "used as class but not declared"),
        (":A a owl:ObjectProperty .", "punning: :A is declared as class and object property"),
        (":A a owl:NamedIndividual .", "punning: :A is a class or property and also an individual"),
        (":x :d :y .", "has a non-literal value"),
        (":x :p 'text' .", "has a literal value"),
        (":note rdfs:subPropertyOf rdfs:comment .", "annotation property used in"),
        (":note rdfs:domain :A .", "annotation property :note has a rdfs:domain"),
        (":note rdfs:range :A .", "annotation property :note has a rdfs:range"),
        (
            ":R a owl:Restriction ; owl:onProperty :note ; owl:someValuesFrom :A .",
            "used in a restriction",
        ),
        (
            ":R a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :Nope .",
            "used as class but not",
        ),
        (":d rdfs:subPropertyOf :p .", "same kind"),
        ("rdfs:label rdfs:label 'label' .", "must not be described or redeclared"),
        ("owl:Thing rdfs:subClassOf :A .", "must not be described or redeclared"),
        (":x rdfs:member :y .", "not part of the OWL 2 vocabulary"),
        (":C a rdfs:Class .", "reserved vocabulary that OWL 2 DL does not allow here"),
        (":x :d '2020-01-01'^^xsd:date .", "not in the OWL 2 datatype map"),
        (":A :d 1 .", "is a class or property but has a property assertion"),
    ],
)
def test_the_dl_checker_catches(snippet: str, expected: str) -> None:
    assert dl_problems(rdflib.Graph().parse(data=PREFIXES, format="turtle")) == []
    problems = dl_problems(rdflib.Graph().parse(data=PREFIXES + snippet, format="turtle"))
    assert any(expected in problem for problem in problems), problems


# --- labels, definitions, hierarchy, metadata ----------------------------------------------------


def literals(graph: rdflib.Graph, subject: URIRef, predicate: URIRef, language: str) -> list[str]:
    return [
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == language
    ]


def test_every_term_has_english_and_spanish_labels_and_a_definition(main: rdflib.Graph) -> None:
    terms = described_terms(main)
    assert len(terms) > 100
    missing = []
    for term in sorted(terms):
        for language in ("en", "es"):
            if len(literals(main, term, RDFS.label, language)) != 1:
                missing.append(f"{short(main, term)}: needs exactly one rdfs:label @{language}")
        if not literals(main, term, SKOS.definition, "en"):
            missing.append(f"{short(main, term)}: needs a skos:definition @en")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("language", ["en", "es"])
def test_labels_are_unique_per_language(main: rdflib.Graph, language: str) -> None:
    by_label: dict[str, list[str]] = defaultdict(list)
    for term in sorted(described_terms(main)):
        for label in literals(main, term, RDFS.label, language):
            by_label[" ".join(label.casefold().split())].append(short(main, term))
    shared = {label: terms for label, terms in by_label.items() if len(terms) > 1}
    assert not shared, f"terms sharing an @{language} label: {shared}"


def test_no_orphan_class(main: rdflib.Graph) -> None:
    orphans = sorted(
        short(main, c) for c in hk_terms(main, OWL.Class) if main.value(c, RDFS.subClassOf) is None
    )
    assert not orphans, f"hk: classes without rdfs:subClassOf: {orphans}"


def test_every_concept_is_in_a_declared_scheme(main: rdflib.Graph) -> None:
    schemes = hk_terms(main, SKOS.ConceptScheme)
    loose = sorted(
        short(main, c)
        for c in hk_concepts(main)
        if not set(main.objects(c, SKOS.inScheme)) & schemes
    )
    assert not loose, f"concepts in no hk: concept scheme: {loose}"


def iter_missing_metadata(graph: rdflib.Graph) -> Iterator[str]:
    required = [
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.creator,
        DCTERMS.license,
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.created,
        DCTERMS.modified,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
        DCTERMS.source,
    ]
    for predicate in required:
        if graph.value(ONTOLOGY_IRI, predicate) is None:
            yield short(graph, predicate)


def test_ontology_metadata(main: rdflib.Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in main
    missing = list(iter_missing_metadata(main))
    assert not missing, f"the ontology header lacks {missing}"
    value = lambda p: main.value(ONTOLOGY_IRI, p)  # noqa: E731
    assert str(value(VANN.preferredNamespacePrefix)) == "hk"
    assert str(value(VANN.preferredNamespaceUri)) == HK
    assert str(value(OWL.versionIRI)).endswith(str(value(OWL.versionInfo)))
    assert value(DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
    assert value(DCTERMS.created).toPython() <= value(DCTERMS.modified).toPython()  # type: ignore[union-attr]
    for language in ("en", "es"):
        assert literals(main, ONTOLOGY_IRI, DCTERMS.title, language), f"dcterms:title @{language}"


def test_imports_are_declared_and_local(main: rdflib.Graph, files: list[Path]) -> None:
    imported = {str(o) for o in main.objects(ONTOLOGY_IRI, OWL.imports)}
    local = {str(s) for path in files[1:] for s in read_rdf(path).subjects(RDF.type, OWL.Ontology)}
    assert imported and imported <= local, (
        f"owl:imports without a local copy: {sorted(imported - local)}"
    )
