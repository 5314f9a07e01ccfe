"""Normalise the ontology, shapes and data graphs into a small model that the renderer reads.

The documentation is built in two steps, as pyLODE does: this module reads the RDF once and
turns it into plain dataclasses (every inverse link filled in, every list sorted, every label
picked), checking on the way that every ``hk:`` term carries an English label, a Spanish label
and a definition; the renderer then only formats that model.

Example:
    >>> import rdflib
    >>> ttl = '''
    ... @prefix hk: <https://w3id.org/habitatkg/ontology#> .
    ... @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... hk:School a owl:Class ; rdfs:label "School"@en , "Escuela"@es ;
    ...     skos:definition "A public school."@en .
    ... '''
    >>> model = build_model(rdflib.Graph().parse(data=ttl, format="turtle"))
    >>> model.terms[model.classes[0]].label_es
    'Escuela'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from habitatkg._docs._instances import Instance, ProvenanceFn, collect_instances
from habitatkg._docs._names import (
    ALIGNMENT_PREFIXES,
    HK,
    HKD,
    SDG,
    VANN,
    compact,
    prefix_of,
)
from habitatkg._docs._shapes import Constraint, explain_shapes
from habitatkg._errors import MissingDocumentationError

_HK_ORDER = URIRef(HK + "order")
_HK_NEXT = URIRef(HK + "nextPhase")
_HK_SERVES = URIRef(HK + "servesTarget")
_HK_GOAL = URIRef(HK + "contributesToGoal")
_HK_INDICATOR = URIRef(HK + "hasIndicator")
_HK_NAME = URIRef(HK + "name")
_HK_URL = URIRef(HK + "url")
_HK_PUBLISHED_BY = URIRef(HK + "publishedBy")
_HK_DATE = URIRef(HK + "date")
_HK_DOCUMENT = URIRef(HK + "Document")
_EXAMPLES = 5
_SCHEME_LINKS = {RDF.type, SKOS.inScheme, SKOS.topConceptOf, SKOS.broader, SKOS.narrower}


@dataclass
class Term:
    """One ``hk:`` term, with every link the documentation shows about it."""

    iri: str
    local: str
    kind: str
    label_en: str
    label_es: str
    definition_en: str
    definition_es: str | None = None
    notation: str | None = None
    order: int | None = None
    types: list[str] = field(default_factory=list)
    supers: list[str] = field(default_factory=list)
    subs: list[str] = field(default_factory=list)
    equivalents: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    inverse: list[str] = field(default_factory=list)
    in_domain_of: list[str] = field(default_factory=list)
    in_range_of: list[str] = field(default_factory=list)
    scheme: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)
    narrower: list[str] = field(default_factory=list)
    next_phase: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    examples: list[tuple[str, str]] = field(default_factory=list)
    example_count: int = 0
    constraints: list[Constraint] = field(default_factory=list)
    subject_rules: list[Constraint] = field(default_factory=list)
    instances: list[str] = field(default_factory=list)
    #: Up to five statements of the data that use the property: subject, object IRI or
    #: ``None``, literal text, literal language.
    statements: list[tuple[str, str | None, str, str | None]] = field(default_factory=list)

    @property
    def alignments(self) -> list[str]:
        """External terms this term specialises or is equivalent to (org:, prov:, skos:, ...)."""
        return [
            iri for iri in [*self.supers, *self.equivalents] if prefix_of(iri) in ALIGNMENT_PREFIXES
        ]


@dataclass
class Metadata:
    """What the ``owl:Ontology`` header says about the ontology."""

    iri: str = ""
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    version: str = ""
    version_iri: str = ""
    licence: list[str] = field(default_factory=list)
    rights: list[str] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    created: str = ""
    modified: str = ""
    prefix: str = "hk"
    namespace: str = HK
    imports: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    prior_versions: list[str] = field(default_factory=list)
    rights_by_lang: dict[str, str] = field(default_factory=dict)
    version_notes: dict[str, str] = field(default_factory=dict)


@dataclass
class SourceDocument:
    """A document of the curated data (an ``hk:Document``) that statements point into."""

    iri: str
    label: str
    url: str | None
    publisher: list[str]
    date: str | None


@dataclass
class SiteModel:
    """Everything the documentation shows, normalised and sorted."""

    meta: Metadata
    terms: dict[str, Term]
    classes: list[str]
    object_properties: list[str]
    datatype_properties: list[str]
    annotation_properties: list[str]
    schemes: list[str]
    scheme_members: dict[str, list[str]]
    individuals: list[str]
    labels: dict[str, tuple[str, str | None]]
    sdg: list[str]
    sdg_notation: dict[str, str]
    documents: list[SourceDocument]
    data_triples: int
    constraints: list[Constraint]
    served_by: dict[str, list[str]] = field(default_factory=dict)
    instances: dict[str, Instance] = field(default_factory=dict)
    #: The language tags each literal text of the ontology and data carries ("" for none).
    text_langs: dict[str, set[str]] = field(default_factory=dict)

    def label(self, iri: str, lang: str = "en") -> str:
        """The label of any IRI in the given language, falling back to English then to the IRI.

        Args:
            iri: The IRI.
            lang: ``"en"`` or ``"es"``.

        Returns:
            A label for display.
        """
        en, es = self.labels.get(iri, (None, None))
        if lang == "es" and es:
            return es
        return en or compact(iri)


def _lit(graph: Graph, subject: Node, predicates: Iterable[URIRef], lang: str | None) -> str | None:
    """The first literal of ``subject`` for any of ``predicates`` in ``lang`` (``None``: no tag)."""
    for predicate in predicates:
        values = sorted(
            str(o)
            for o in graph.objects(subject, predicate)
            if isinstance(o, Literal) and (o.language or None) == lang
        )
        if values:
            return values[0]
    return None


def _iris(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    return sorted({str(o) for o in graph.objects(subject, predicate) if isinstance(o, URIRef)})


def _order_key(term: Term) -> tuple[int, str, str]:
    notation = term.notation or ""
    natural = "".join(f"{int(p):08d}" if p.isdigit() else p for p in re.split(r"(\d+)", notation))
    return (term.order if term.order is not None else 10**6, natural, term.label_en.casefold())


def _collect_labels(graphs: Iterable[Graph]) -> dict[str, tuple[str, str | None]]:
    labels: dict[str, tuple[str, str | None]] = {}
    preds = (SKOS.prefLabel, RDFS.label)
    for graph in graphs:
        for subject in (
            set(graph.subjects(RDFS.label))
            | set(graph.subjects(SKOS.prefLabel))
            | set(graph.subjects(_HK_NAME))
        ):
            if not isinstance(subject, URIRef):
                continue
            en = _lit(graph, subject, preds, "en") or _lit(graph, subject, preds, None)
            es = _lit(graph, subject, preds, "es")
            en = en or es or _lit(graph, subject, (_HK_NAME,), None)
            old_en, old_es = labels.get(str(subject), (None, None))
            labels[str(subject)] = (old_en or en or compact(str(subject)), old_es or es)
    return labels


def _kind(graph: Graph, subject: URIRef, concept_classes: set[str]) -> str:
    types = {str(t) for t in graph.objects(subject, RDF.type)}
    if str(OWL.Class) in types or str(RDFS.Class) in types:
        return "class"
    for kind, iri in (
        ("object", OWL.ObjectProperty),
        ("datatype", OWL.DatatypeProperty),
        ("annotation", OWL.AnnotationProperty),
    ):
        if str(iri) in types:
            return kind
    if str(RDF.Property) in types:
        return "object"
    if str(SKOS.ConceptScheme) in types:
        return "scheme"
    if types & concept_classes or (subject, SKOS.inScheme, None) in graph:
        return "concept"
    return "individual"


def _concept_classes(graph: Graph) -> set[str]:
    """Every class that is (transitively) a subclass of ``skos:Concept``, itself included."""
    found = {str(SKOS.Concept)}
    changed = True
    while changed:
        changed = False
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if str(sup) in found and isinstance(sub, URIRef) and str(sub) not in found:
                found.add(str(sub))
                changed = True
    return found


def _hk_terms_used(graph: Graph) -> set[str]:
    used: set[str] = set()
    for s, p, o in graph:
        for node in (s, p, o):
            if isinstance(node, URIRef) and str(node).startswith(HK) and len(str(node)) > len(HK):
                used.add(str(node))
    return used


def _check_documented(ontology: Graph, data: Graph) -> None:
    """Raise :class:`MissingDocumentationError` listing every ``hk:`` term that lacks text."""
    problems: list[str] = []
    defined = {
        str(s)
        for s in ontology.subjects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(HK)
    }
    for iri in sorted(_hk_terms_used(data) - defined):
        problems.append(f"{compact(iri)} is used in the data but not defined in the ontology")
    for iri in sorted(defined):
        subject = URIRef(iri)
        missing = []
        if not _lit(ontology, subject, (RDFS.label, SKOS.prefLabel), "en"):
            missing.append("an English label (rdfs:label @en)")
        if not _lit(ontology, subject, (RDFS.label, SKOS.prefLabel), "es"):
            missing.append("a Spanish label (rdfs:label @es)")
        if not any(
            isinstance(o, Literal)
            for p in (SKOS.definition, RDFS.comment)
            for o in ontology.objects(subject, p)
        ):
            missing.append("a definition (skos:definition)")
        if missing:
            problems.append(f"{compact(iri)} has no {', no '.join(missing)}")
    if problems:
        shown = "; ".join(problems[:25]) + (
            f"; and {len(problems) - 25} more" if len(problems) > 25 else ""
        )
        raise MissingDocumentationError(
            f"cannot document the ontology: {len(problems)} hk: term(s) lack a label or "
            f"definition: {shown}"
        )


def _metadata(ontology: Graph) -> Metadata:
    meta = Metadata()
    heads = sorted(
        ontology.subjects(RDF.type, OWL.Ontology),
        key=lambda s: (not str(s).startswith(HK.rstrip("#")), str(s)),
    )
    heads = [h for h in heads if isinstance(h, URIRef) and str(h) == HK.rstrip("#")] or heads[:1]
    if not heads:
        return meta
    head = heads[0]
    meta.iri = str(head)

    def texts(predicate: URIRef) -> list[str]:
        return sorted({str(o) for o in ontology.objects(head, predicate)})

    for lang in ("en", "es"):
        for key, predicate in (("title", DCTERMS.title), ("description", DCTERMS.description)):
            value = _lit(ontology, head, (predicate,), lang) or (
                _lit(ontology, head, (predicate,), None) if lang == "en" else None
            )
            if value:
                getattr(meta, key)[lang] = value
    meta.version = _lit(ontology, head, (OWL.versionInfo,), None) or ""
    meta.version_iri = str(ontology.value(head, OWL.versionIRI) or "")
    meta.licence = texts(DCTERMS.license)
    meta.rights = texts(DCTERMS.rights)
    meta.creators = texts(DCTERMS.creator)
    meta.sources = texts(DCTERMS.source)
    meta.created = str(ontology.value(head, DCTERMS.created) or "")
    meta.modified = str(ontology.value(head, DCTERMS.modified) or "")
    meta.prefix = str(ontology.value(head, URIRef(VANN + "preferredNamespacePrefix")) or "hk")
    meta.namespace = str(ontology.value(head, URIRef(VANN + "preferredNamespaceUri")) or HK)
    meta.imports = texts(OWL.imports)
    meta.publishers = texts(DCTERMS.publisher)
    meta.contributors = texts(DCTERMS.contributor)
    meta.prior_versions = texts(OWL.priorVersion)
    for lang in ("en", "es"):
        for key, predicate in (
            ("rights_by_lang", DCTERMS.rights),
            ("version_notes", SKOS.changeNote),
        ):
            value = _lit(ontology, head, (predicate,), lang) or (
                _lit(ontology, head, (predicate,), None) if lang == "en" else None
            )
            if value:
                getattr(meta, key)[lang] = value
    return meta


def _make_term(ontology: Graph, subject: URIRef, concept_classes: set[str]) -> Term:
    preds = (RDFS.label, SKOS.prefLabel)
    definition_en = _lit(ontology, subject, (SKOS.definition, RDFS.comment), "en") or _lit(
        ontology, subject, (SKOS.definition, RDFS.comment), None
    )
    notation = next((str(o) for o in ontology.objects(subject, SKOS.notation)), None)
    order = next(
        (
            int(o)
            for o in ontology.objects(subject, _HK_ORDER)
            if isinstance(o, Literal) and str(o).lstrip("-").isdigit()
        ),
        None,
    )
    kind = _kind(ontology, subject, concept_classes)
    is_property = kind in {"object", "datatype", "annotation"}
    equivalents = _iris(
        ontology, subject, OWL.equivalentClass if kind == "class" else OWL.equivalentProperty
    )
    return Term(
        iri=str(subject),
        local=str(subject)[len(HK) :],
        kind=kind,
        label_en=_lit(ontology, subject, preds, "en") or "",
        label_es=_lit(ontology, subject, preds, "es") or "",
        definition_en=definition_en or "",
        definition_es=_lit(ontology, subject, (SKOS.definition, RDFS.comment), "es"),
        notation=notation,
        order=order,
        types=[t for t in _iris(ontology, subject, RDF.type) if t != str(OWL.NamedIndividual)],
        supers=_iris(ontology, subject, RDFS.subPropertyOf if is_property else RDFS.subClassOf),
        equivalents=equivalents,
        domain=_iris(ontology, subject, RDFS.domain),
        range=_iris(ontology, subject, RDFS.range),
        inverse=sorted(
            set(_iris(ontology, subject, OWL.inverseOf))
            | {str(s) for s in ontology.subjects(OWL.inverseOf, subject)}
        ),
        scheme=sorted(
            set(_iris(ontology, subject, SKOS.inScheme))
            | set(_iris(ontology, subject, SKOS.topConceptOf))
        ),
        broader=_iris(ontology, subject, SKOS.broader),
        next_phase=_iris(ontology, subject, _HK_NEXT),
    )


def _link_terms(model_terms: dict[str, Term], ontology: Graph, data: Graph) -> None:
    """Fill in the inverse links (subclasses, narrower, in domain of...) and the data's links."""
    both = ontology + data
    for term in model_terms.values():
        for sup in term.supers:
            if sup in model_terms:
                model_terms[sup].subs.append(term.iri)
        for broader in term.broader:
            if broader in model_terms:
                model_terms[broader].narrower.append(term.iri)
        if term.kind in {"object", "datatype", "annotation"}:
            for cls in term.domain:
                if cls in model_terms:
                    model_terms[cls].in_domain_of.append(term.iri)
            for cls in term.range:
                if cls in model_terms:
                    model_terms[cls].in_range_of.append(term.iri)
        subject = URIRef(term.iri)
        term.targets = sorted({str(o) for o in both.objects(subject, _HK_SERVES)}, key=_natural)
        term.goals = sorted({str(o) for o in both.objects(subject, _HK_GOAL)}, key=_natural)
        term.indicators = sorted({str(o) for o in both.objects(subject, _HK_INDICATOR)})
    for term in model_terms.values():
        for name in ("subs", "narrower", "in_domain_of", "in_range_of"):
            setattr(
                term,
                name,
                sorted(set(getattr(term, name)), key=lambda i: model_terms[i].label_en.casefold()),
            )


def _natural(text: str) -> list[object]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _add_examples(
    terms: dict[str, Term], data: Graph, labels: dict[str, tuple[str, str | None]]
) -> None:
    """Attach up to five example instances (classes) or statements (properties) from the data."""
    instances: dict[str, set[str]] = defaultdict(set)
    for subject, cls in data.subject_objects(RDF.type):
        if isinstance(subject, URIRef) and str(cls) in terms:
            instances[str(cls)].add(str(subject))

    def show(node: Node) -> str:
        if isinstance(node, URIRef):
            return labels.get(str(node), (compact(str(node)), None))[0]
        if isinstance(node, BNode):
            return "[]"
        return str(node)

    users: dict[str, set[str]] = defaultdict(set)
    for subject, predicate, obj in data:
        if isinstance(subject, URIRef) and str(obj) in terms and predicate not in _SCHEME_LINKS:
            users[str(obj)].add(str(subject))
    for term in terms.values():
        if term.kind in {"class", "concept", "scheme"}:
            pool = instances if term.kind == "class" else users
            found = sorted(
                pool.get(term.iri, ()), key=lambda i: (labels.get(i, (i, None))[0].casefold(), i)
            )
            term.example_count = len(found)
            term.examples = [(i, labels.get(i, (compact(i), None))[0]) for i in found[:_EXAMPLES]]
        elif term.kind in {"object", "datatype", "annotation"}:
            rows = sorted(
                {
                    (show(s), show(o), str(s), o)
                    for s, o in data.subject_objects(URIRef(term.iri))
                    if not isinstance(s, BNode)
                },
                key=lambda row: (row[0].casefold(), row[1].casefold(), row[2]),
            )
            term.example_count = len(rows)
            term.statements = [
                (
                    subject,
                    str(obj) if isinstance(obj, URIRef) else None,
                    "" if isinstance(obj, URIRef) else str(obj),
                    obj.language if isinstance(obj, Literal) else None,
                )
                for _, _, subject, obj in rows[:_EXAMPLES]
            ]


def _documents(
    data: Graph, labels: dict[str, tuple[str, str | None]], terms: dict[str, Term]
) -> list[SourceDocument]:
    doc_classes = {_HK_DOCUMENT} | {
        URIRef(t.iri)
        for t in terms.values()
        if t.kind == "class" and _is_sub(terms, t.iri, str(_HK_DOCUMENT))
    }
    found = {
        s
        for cls in doc_classes
        for s in data.subjects(RDF.type, cls)
        if isinstance(s, URIRef) and str(s).startswith(HKD + "doc-")
    }
    documents = []
    for subject in sorted(found, key=str):
        url = data.value(subject, _HK_URL)
        date = data.value(subject, _HK_DATE)
        documents.append(
            SourceDocument(
                iri=str(subject),
                label=labels.get(str(subject), (compact(str(subject)), None))[0],
                url=str(url) if url is not None else None,
                publisher=[
                    labels.get(p, (compact(p), None))[0]
                    for p in _iris(data, subject, _HK_PUBLISHED_BY)
                ],
                date=str(date) if date is not None else None,
            )
        )
    return documents


def _is_sub(terms: dict[str, Term], iri: str, ancestor: str) -> bool:
    seen: set[str] = set()
    todo = [iri]
    while todo:
        current = todo.pop()
        if current == ancestor:
            return True
        if current in seen or current not in terms:
            continue
        seen.add(current)
        todo.extend(terms[current].supers)
    return False


def build_model(
    ontology: Graph,
    shapes: Graph | None = None,
    data: Graph | None = None,
    *,
    provenance: ProvenanceFn | None = None,
) -> SiteModel:
    """Normalise the graphs into a :class:`SiteModel`, checking every ``hk:`` term first.

    Args:
        ontology: The ontology and its imports.
        shapes: The SHACL shapes, or ``None``.
        data: The curated data, or ``None``.
        provenance: Gives the provenance of a node, as ``KnowledgeGraph.provenance`` does
            (``None``: the ``hk:source`` links of the data are read directly).

    Returns:
        The model the renderer formats.

    Raises:
        MissingDocumentationError: An ``hk:`` term has no English label, Spanish label or
            definition, or the data uses an ``hk:`` term the ontology does not define.

    Example:
        >>> import rdflib
        >>> build_model(rdflib.Graph()).classes
        []
    """
    shapes = shapes if shapes is not None else Graph()
    data = data if data is not None else Graph()
    _check_documented(ontology, data)
    concept_classes = _concept_classes(ontology)
    terms: dict[str, Term] = {}
    for subject in set(ontology.subjects(RDF.type)):
        if (
            isinstance(subject, URIRef)
            and str(subject).startswith(HK)
            and len(str(subject)) > len(HK)
        ):
            terms[str(subject)] = _make_term(ontology, subject, concept_classes)
    _link_terms(terms, ontology, data)
    labels = _collect_labels((ontology, data))
    for term in terms.values():
        labels[term.iri] = (term.label_en, term.label_es)
    _add_examples(terms, data, labels)
    constraints = explain_shapes(shapes, lambda iri: labels.get(iri, (compact(iri), None)))
    for constraint in constraints:
        if constraint.path is not None and constraint.path in terms:
            terms[constraint.path].constraints.append(constraint)
        for target in constraint.targets:
            if target.iri not in terms:
                continue
            if target.kind == "class":
                if constraint not in terms[target.iri].constraints:
                    terms[target.iri].constraints.append(constraint)
            elif constraint.path is None:
                terms[target.iri].subject_rules.append(constraint)
    instances = collect_instances(ontology, data, labels, provenance)
    for instance in instances.values():
        for cls in instance.types:
            if cls in terms:
                terms[cls].instances.append(instance.iri)
    for term in terms.values():
        term.instances.sort(key=lambda i: (instances[i].label_en.casefold(), i))

    def of_kind(kind: str) -> list[str]:
        return sorted(
            (t.iri for t in terms.values() if t.kind == kind),
            key=lambda i: (terms[i].label_en.casefold(), i),
        )

    schemes = sorted(
        of_kind("scheme"), key=lambda i: (_scheme_rank(i, terms), terms[i].label_en.casefold())
    )
    members: dict[str, list[str]] = {s: [] for s in schemes}
    for term in terms.values():
        for scheme in term.scheme:
            if scheme in members:
                members[scheme].append(term.iri)
    for concept_iris in members.values():
        concept_iris.sort(key=lambda i: _order_key(terms[i]))
    everything = ontology + data
    sdg_iris = {
        str(s)
        for s in everything.subjects()
        if isinstance(s, URIRef) and str(s).startswith(SDG) and "ontology#" not in str(s)
    }
    sdg_iris |= {
        t for term in terms.values() for t in [*term.targets, *term.goals] if t.startswith(SDG)
    }
    notation = {
        i: str(everything.value(URIRef(i), SKOS.notation) or i[len(SDG) :]) for i in sdg_iris
    }
    return SiteModel(
        meta=_metadata(ontology),
        terms=terms,
        classes=of_kind("class"),
        object_properties=of_kind("object"),
        datatype_properties=of_kind("datatype"),
        annotation_properties=of_kind("annotation"),
        schemes=schemes,
        scheme_members=members,
        individuals=of_kind("individual"),
        labels=labels,
        sdg=sorted(sdg_iris, key=lambda i: _natural(notation[i])),
        sdg_notation=notation,
        documents=_documents(data, labels, terms),
        data_triples=len(data),
        constraints=constraints,
        served_by={
            target: sorted(
                {str(s) for s in everything.subjects(_HK_SERVES, URIRef(target))},
                key=lambda i: (labels.get(i, (i, None))[0].casefold(), i),
            )
            for target in sdg_iris
        },
        instances=instances,
        text_langs=_text_langs(everything),
    )


def _text_langs(graph: Graph) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for obj in graph.objects():
        if isinstance(obj, Literal) and (obj.language or obj.datatype is None):
            found[str(obj)].add(obj.language or "")
    return dict(found)


#: The order in which concept schemes are presented: the Social Model's own schemes first.
_SCHEME_ORDER = (
    "GuidingPrinciples",
    "FoundingPrinciples",
    "SocialLiaisonValues",
    "Components",
    "StrategicGuidelines",
    "Capabilities",
    "MethodologyPhases",
    "AccompanimentRoles",
    "CommunityRoles",
)


def _scheme_rank(iri: str, terms: dict[str, Term]) -> int:
    local = terms[iri].local
    return _SCHEME_ORDER.index(local) if local in _SCHEME_ORDER else len(_SCHEME_ORDER)
