"""An OWL 2 DL typing checker in plain rdflib, used by ``test_ontology.py``.

:func:`dl_problems` lists what keeps an RDF graph from being an OWL 2 DL ontology: IRIs used
as a class or property in an axiom but not declared as one, punning, annotation properties
in logical axioms, and misuse of the reserved vocabulary (rdf:, rdfs:, owl:, xsd:).
:func:`import_closure` gathers one ontology document with what it imports (local files only).
The OWL API's profile checker (``tools/owl_profile_check.sh``) gives a second opinion.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import rdflib
from rdflib import OWL, RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.collection import Collection

from habitatkg._load import read_rdf

RESERVED = (str(RDF), str(RDFS), str(OWL), str(XSD))

# --- the OWL 2 vocabulary -----------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


OWL2_DATATYPES = {
    RDFS.Literal,
    RDF.PlainLiteral,
    RDF.XMLLiteral,
    RDF.langString,
    OWL.real,
    OWL.rational,
} | {
    XSD[name]
    for name in _words(
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger "
        "long int short byte unsignedLong unsignedInt unsignedShort unsignedByte double float "
        "string normalizedString token language Name NCName NMTOKEN boolean hexBinary "
        "base64Binary anyURI dateTime dateTimeStamp"
    )
}
BUILTIN_ANNOTATION_PROPERTIES = {
    RDFS.label,
    RDFS.comment,
    RDFS.seeAlso,
    RDFS.isDefinedBy,
    OWL.deprecated,
    OWL.versionInfo,
    OWL.priorVersion,
    OWL.backwardCompatibleWith,
    OWL.incompatibleWith,
}
OWL_PREDICATES = {
    OWL[name]
    for name in _words(
        "equivalentClass disjointWith inverseOf onProperty someValuesFrom allValuesFrom hasValue "
        "hasSelf unionOf intersectionOf complementOf oneOf imports versionIRI equivalentProperty "
        "propertyDisjointWith members distinctMembers cardinality minCardinality maxCardinality "
        "qualifiedCardinality minQualifiedCardinality maxQualifiedCardinality onClass onDataRange "
        "onProperties propertyChainAxiom hasKey sameAs differentFrom annotatedSource "
        "annotatedProperty annotatedTarget withRestrictions onDatatype datatypeComplementOf "
        "sourceIndividual assertionProperty targetIndividual targetValue disjointUnionOf"
    )
}
ALLOWED_RESERVED_PREDICATES = (
    {RDF.type, RDF.first, RDF.rest, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
    | BUILTIN_ANNOTATION_PROPERTIES
    | OWL_PREDICATES
)
ALLOWED_RESERVED_TYPES = {RDFS.Datatype} | {
    OWL[name]
    for name in _words(
        "Class ObjectProperty DatatypeProperty AnnotationProperty NamedIndividual Ontology "
        "Restriction AllDisjointClasses AllDifferent AllDisjointProperties Axiom Annotation "
        "NegativePropertyAssertion FunctionalProperty InverseFunctionalProperty "
        "TransitiveProperty SymmetricProperty AsymmetricProperty ReflexiveProperty "
        "IrreflexiveProperty Thing"
    )
}
ALLOWED_RESERVED_OBJECTS = (
    OWL2_DATATYPES
    | ALLOWED_RESERVED_TYPES
    | {
        OWL.Thing,
        OWL.Nothing,
        OWL.topObjectProperty,
        OWL.bottomObjectProperty,
        OWL.topDataProperty,
        OWL.bottomDataProperty,
        RDF.nil,
    }
    | BUILTIN_ANNOTATION_PROPERTIES
)
CHARACTERISTICS = {
    OWL[name]
    for name in _words(
        "FunctionalProperty InverseFunctionalProperty TransitiveProperty SymmetricProperty "
        "AsymmetricProperty ReflexiveProperty IrreflexiveProperty"
    )
}
KIND_TYPES = {
    "class": OWL.Class,
    "object property": OWL.ObjectProperty,
    "datatype property": OWL.DatatypeProperty,
    "annotation property": OWL.AnnotationProperty,
    "datatype": RDFS.Datatype,
}


def short(graph: rdflib.Graph, term: object) -> str:
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:  # pragma: no cover - rdflib refuses some IRIs
            return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3(graph.namespace_manager)
    return "a blank node" if isinstance(term, BNode) else repr(term)


def kinds_of(graph: rdflib.Graph) -> dict[str, set[URIRef]]:
    """Every declared IRI per OWL kind, with the built-in entities of OWL 2."""
    kinds = {
        kind: {s for s in graph.subjects(RDF.type, type_) if isinstance(s, URIRef)}
        for kind, type_ in KIND_TYPES.items()
    }
    kinds["class"] |= {OWL.Thing, OWL.Nothing}
    kinds["object property"] |= {OWL.topObjectProperty, OWL.bottomObjectProperty}
    kinds["datatype property"] |= {OWL.topDataProperty, OWL.bottomDataProperty}
    kinds["annotation property"] |= BUILTIN_ANNOTATION_PROPERTIES
    kinds["datatype"] |= OWL2_DATATYPES
    return kinds


def dl_problems(graph: rdflib.Graph) -> list[str]:
    """OWL 2 DL typing problems: undeclared entities, punning, annotation properties in axioms,
    misuse of the reserved vocabulary. An empty list means none was found."""
    kinds = kinds_of(graph)
    problems: list[str] = []
    show = lambda term: short(graph, term)  # noqa: E731

    def property_kind(term: object) -> str | None:
        found = [
            k
            for k in ("object property", "datatype property", "annotation property")
            if term in kinds[k]
        ]
        return found[0] if len(found) == 1 else None

    def need(term: object, wanted: tuple[str, ...], where: str) -> None:
        if isinstance(term, BNode):
            return  # an anonymous class expression / data range, checked through its own triples
        if not any(term in kinds[kind] for kind in wanted):
            problems.append(
                f"{where}: {show(term)} is used as {' or '.join(wanted)} but not declared so"
            )

    def members(head: object) -> list[object]:
        return list(Collection(graph, head)) if isinstance(head, BNode) else [head]

    def filler_kind(restriction: object) -> tuple[str, ...]:
        prop = graph.value(restriction, OWL.onProperty)
        return ("datatype",) if prop in kinds["datatype property"] else ("class",)

    # -- 1. declarations: one kind per IRI, and no class used as an individual (punning)
    declared: dict[URIRef, set[str]] = defaultdict(set)
    for kind, type_ in KIND_TYPES.items():
        for subject in graph.subjects(RDF.type, type_):
            if isinstance(subject, URIRef):
                declared[subject].add(kind)
    for term, term_kinds in sorted(declared.items()):
        if len(term_kinds) > 1:
            problems.append(
                f"punning: {show(term)} is declared as {' and '.join(sorted(term_kinds))}"
            )
    individuals = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef) and o not in ALLOWED_RESERVED_TYPES and o != RDFS.Datatype
    }
    individuals |= set(graph.subjects(RDF.type, OWL.NamedIndividual))
    for term in sorted(
        individuals & (kinds["class"] | kinds["object property"] | kinds["datatype property"])
    ):
        if term not in (OWL.Thing,):
            problems.append(f"punning: {show(term)} is a class or property and also an individual")

    # -- 2. every triple, by predicate
    for s, p, o in graph:
        where = f"{show(s)} {show(p)} {show(o)}"
        if p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith):
            need(s, ("class",), where)
            need(o, ("class",), where)
        elif p == RDF.type:
            if not str(o).startswith(RESERVED):
                need(o, ("class",), where)
            elif o in CHARACTERISTICS:
                need(s, ("object property", "datatype property"), where)
        elif p in (RDFS.domain, RDFS.range):
            kind = property_kind(s)
            if kind == "annotation property":
                problems.append(f"{where}: annotation property {show(s)} has a {show(p)}")
            elif kind is None:
                need(s, ("object property", "datatype property"), where)
            elif p == RDFS.range and kind == "datatype property":
                need(o, ("datatype",), where)
            else:
                need(o, ("class",), where)
        elif p in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.propertyDisjointWith):
            left, right = property_kind(s), property_kind(o)
            if "annotation property" in (left, right):
                problems.append(f"{where}: annotation property used in {show(p)}")
            elif left is None or right is None or left != right:
                problems.append(
                    f"{where}: both sides must be declared properties of the same kind "
                    f"(found {left} and {right})"
                )
        elif p == OWL.inverseOf:
            need(s, ("object property",), where)
            need(o, ("object property",), where)
        elif p == OWL.onProperty:
            if property_kind(o) == "annotation property":
                problems.append(f"{where}: annotation property {show(o)} used in a restriction")
            else:
                need(o, ("object property", "datatype property"), where)
        elif p in (OWL.someValuesFrom, OWL.allValuesFrom):
            need(o, filler_kind(s), where)
        elif p == OWL.onClass:
            need(o, ("class",), where)
        elif p == OWL.onDataRange:
            need(o, ("datatype",), where)
        elif p in (OWL.unionOf, OWL.intersectionOf) and (s, RDF.type, RDFS.Datatype) not in graph:
            for item in members(o):
                need(item, ("class",), where)
        elif p == OWL.complementOf:
            need(o, ("class",), where)
        elif p == OWL.propertyChainAxiom:
            for item in members(o):
                need(item, ("object property",), where)
        elif not str(p).startswith(RESERVED):  # an assertion or an annotation
            kind = property_kind(p)
            if kind is None:
                need(p, ("object property", "datatype property", "annotation property"), where)
            elif kind == "object property" and isinstance(o, Literal):
                problems.append(f"{where}: object property {show(p)} has a literal value")
            elif kind == "datatype property" and not isinstance(o, Literal):
                problems.append(f"{where}: datatype property {show(p)} has a non-literal value")
            elif (
                kind == "datatype property"
                and o.datatype is not None
                and o.datatype not in kinds["datatype"]
            ):
                problems.append(
                    f"{where}: the datatype {show(o.datatype)} is not in the OWL 2 datatype "
                    "map and not declared"
                )  # (annotation values may use any datatype)
            elif kind != "annotation property" and (s in kinds["class"] or property_kind(s)):
                problems.append(
                    f"{where}: {show(s)} is a class or property but has a property assertion"
                )

    # -- 3. the reserved vocabulary
    for s, p, o in graph:
        where = f"{show(s)} {show(p)} {show(o)}"
        if isinstance(s, URIRef) and str(s).startswith(RESERVED):
            problems.append(
                f"{where}: the reserved IRI {show(s)} must not be described or redeclared"
            )
        if str(p).startswith(RESERVED) and p not in ALLOWED_RESERVED_PREDICATES:
            problems.append(f"{where}: {show(p)} is not part of the OWL 2 vocabulary")
        if (
            isinstance(o, URIRef)
            and str(o).startswith(RESERVED)
            and o not in ALLOWED_RESERVED_OBJECTS
        ):
            problems.append(
                f"{where}: {show(o)} is reserved vocabulary that OWL 2 DL does not allow here"
            )
    return sorted(set(problems))


def import_closure(path: Path, files: list[Path]) -> rdflib.Graph:
    """One ontology document together with every document it imports, transitively (local files)."""
    graphs = {file: read_rdf(file) for file in files}
    by_iri = {
        str(s): file
        for file, graph in graphs.items()
        for s in graph.subjects(RDF.type, OWL.Ontology)
    }
    closure, todo, seen = rdflib.Graph(), [path], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        closure += graphs[current]
        for imported in graphs[current].objects(None, OWL.imports):
            assert str(imported) in by_iri, (
                f"{current.name} imports <{imported}>, which has no local copy"
            )
            todo.append(by_iri[str(imported)])
    return closure
