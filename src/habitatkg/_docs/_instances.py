"""The instances of the data (schools, organizations, places, activities, documents, figures...).

Every typed IRI subject of the data that is not an ``hk:`` term becomes an :class:`Instance`:
its types, its statements (out and in), each outgoing statement with the evidence the data
records for it (``rdf:Statement`` reification: ``hk:evidenceKind``, ``hk:reasoning`` and the
``hk:supportedBy`` passages with their ``oa:TextQuoteSelector`` quote), the figures about it
(``hk:Quantity`` nodes whose ``hk:quantityOf`` is it, ordered by kind and period) and its
source references. Source references come from
a callable that behaves like ``KnowledgeGraph.provenance`` (its ``sources`` are read; a
source's ``quote``, when the provenance model carries one, is shown); without one, the data's
``hk:source`` links are read directly.

Example:
    >>> import rdflib
    >>> data = rdflib.Graph().parse(format="turtle", data='''
    ... @prefix hk: <https://w3id.org/habitatkg/ontology#> .
    ... @prefix hkd: <https://w3id.org/habitatkg/data/> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... hkd:school-a a hk:School ; rdfs:label "Escuela A"@es .
    ... ''')
    >>> found = collect_instances(rdflib.Graph(), data, {})
    >>> [(i.slug, i.label_en) for i in found.values()]
    [('school-a', 'hkd:school-a')]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from habitatkg._docs._names import HK, HKD, compact

ProvenanceFn = Callable[[str], Any]

_Q = HK
_QUANTITY_OF = URIRef(_Q + "quantityOf")
_SOURCE = URIRef(_Q + "source")
_HIDDEN = {RDF.type, RDFS.label, SKOS.prefLabel}
_OA = "http://www.w3.org/ns/oa#"
_SUPPORTED_BY = URIRef(HK + "supportedBy")
_EVIDENCE_KIND = URIRef(HK + "evidenceKind")
_REASONING = URIRef(HK + "reasoning")
_WITHIN = URIRef(HK + "withinReference")
_RECORDS = frozenset(
    {HK + "Passage", HK + "SourceReference", HK + "Document", _OA + "TextQuoteSelector"}
)
_FIGURE_FIELDS = ("quantityKind", "value", "unit", "period", "year", "qualifier")


@dataclass
class Value:
    """One value of a statement: a node (``iri``) or a literal (``text`` and ``lang``)."""

    iri: str | None = None
    text: str = ""
    lang: str | None = None


@dataclass
class Source:
    """A source reference of an instance, as the provenance API gives it."""

    iri: str
    label: str
    document: str | None = None
    document_label: str | None = None
    section: str | None = None
    page: int | None = None
    quote: str | None = None
    quote_lang: str | None = None


@dataclass
class Quote:
    """A passage that supports a statement: the source's own words and where they are."""

    passage: str
    exact: str
    prefix: str | None = None
    suffix: str | None = None
    lang: str | None = None
    reference: str | None = None


@dataclass
class Evidence:
    """What the data records about one statement: evidence kind, reasoning, passages."""

    kinds: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Figure:
    """A figure (an ``hk:Quantity``) about an instance."""

    iri: str
    kind: str | None
    value: str
    unit: str | None
    period: str
    qualifier: str | None
    sources: list[str]


@dataclass
class Instance:
    """A node of the data and everything its page shows."""

    iri: str
    slug: str
    label_en: str
    label_es: str | None
    types: list[str]
    outgoing: list[tuple[str, Value]] = field(default_factory=list)
    evidence: dict[tuple[str, str], Evidence] = field(default_factory=dict)
    supports: list[tuple[str, str, Value]] = field(default_factory=list)
    #: The node is itself a provenance record (a passage, quote, source reference, document).
    is_record: bool = False
    incoming: list[tuple[str, str]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def rows(self) -> list[tuple[str, Value, Evidence | None]]:
        """The outgoing statements, each with its recorded evidence (or ``None``)."""
        return [(p, v, self.evidence.get((p, _value_key(v)))) for p, v in self.outgoing]


def _slug(iri: str, taken: set[str]) -> str:
    local = iri[len(HKD) :] if iri.startswith(HKD) else re.split(r"[/#:]", iri.rstrip("/#"))[-1]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", local).strip("._") or "node"
    if slug.lower() in taken:
        slug = f"{slug}-{hashlib.sha256(iri.encode()).hexdigest()[:8]}"
    taken.add(slug.lower())
    return slug


def _value(node: Any) -> Value:
    if isinstance(node, URIRef):
        return Value(iri=str(node))
    if isinstance(node, Literal):
        return Value(text=str(node), lang=node.language)
    return Value(text="[]")


def _sort_key(labels: Mapping[str, tuple[str, str | None]], iri: str) -> tuple[str, str]:
    return (labels.get(iri, (compact(iri), None))[0].casefold(), iri)


def _sources_from_graph(
    graph: Graph, iri: str, labels: Mapping[str, tuple[str, str | None]]
) -> list[Source]:
    found = []
    for ref in sorted(graph.objects(URIRef(iri), _SOURCE), key=str):
        document = graph.value(ref, URIRef(HK + "inDocument"))
        page = graph.value(ref, URIRef(HK + "page"))
        section = graph.value(ref, URIRef(HK + "section"))
        found.append(
            Source(
                iri=str(ref),
                label=labels.get(str(ref), (compact(str(ref)), None))[0],
                document=str(document) if document is not None else None,
                document_label=labels.get(str(document), (None, None))[0] if document else None,
                section=str(section) if section is not None else None,
                page=int(page) if isinstance(page, Literal) and str(page).isdigit() else None,
            )
        )
    return found


def _sources_from_api(provenance: ProvenanceFn, iri: str) -> list[Source] | None:
    try:
        record = provenance(iri)
    except Exception:  # the API does not know the node (for example a blank-node owner)
        return None
    found = []
    for ref in getattr(record, "sources", ()):
        quote = getattr(ref, "quote", None)
        found.append(
            Source(
                iri=str(getattr(ref, "iri", "")),
                label=str(getattr(ref, "label", None) or ref),
                document=getattr(ref, "document", None),
                document_label=getattr(ref, "document_label", None),
                section=getattr(ref, "section", None),
                page=getattr(ref, "page", None),
                quote=str(quote) if quote else None,
                quote_lang=getattr(quote, "language", None) or getattr(ref, "quote_lang", None),
            )
        )
    return found


def _value_key(value: Value) -> str:
    return value.iri if value.iri is not None else f"{value.text}@{value.lang or ''}"


def _quote(graph: Graph, passage: URIRef) -> Quote | None:
    selector = graph.value(passage, URIRef(_OA + "hasSelector"))
    if selector is None:
        return None
    exact = graph.value(selector, URIRef(_OA + "exact"))
    if exact is None:
        return None
    prefix = graph.value(selector, URIRef(_OA + "prefix"))
    suffix = graph.value(selector, URIRef(_OA + "suffix"))
    reference = graph.value(passage, _WITHIN)
    return Quote(
        passage=str(passage),
        exact=str(exact),
        prefix=str(prefix) if prefix is not None else None,
        suffix=str(suffix) if suffix is not None else None,
        lang=exact.language if isinstance(exact, Literal) else None,
        reference=str(reference) if isinstance(reference, URIRef) else None,
    )


def _evidence_index(graph: Graph) -> dict[str, dict[tuple[str, str], Evidence]]:
    """The recorded evidence of every reified statement, by subject, then (predicate, value)."""
    index: dict[str, dict[tuple[str, str], Evidence]] = {}
    quotes: dict[URIRef, Quote | None] = {}
    for statement in graph.subjects(RDF.type, RDF.Statement):
        subject = graph.value(statement, RDF.subject)
        predicate = graph.value(statement, RDF.predicate)
        obj = graph.value(statement, RDF.object)
        if not isinstance(subject, URIRef) or predicate is None or obj is None:
            continue
        key = (str(predicate), _value_key(_value(obj)))
        evidence = index.setdefault(str(subject), {}).setdefault(key, Evidence())
        evidence.kinds.extend(str(k) for k in graph.objects(statement, _EVIDENCE_KIND))
        evidence.reasoning.extend(str(r) for r in graph.objects(statement, _REASONING))
        for passage in sorted(graph.objects(statement, _SUPPORTED_BY), key=str):
            if isinstance(passage, URIRef):
                if passage not in quotes:
                    quotes[passage] = _quote(graph, passage)
                quote = quotes[passage]
                if quote is not None and quote not in evidence.quotes:
                    evidence.quotes.append(quote)
    for by_statement in index.values():
        for evidence in by_statement.values():
            evidence.kinds = sorted(set(evidence.kinds))
            evidence.reasoning = sorted(set(evidence.reasoning))
    return index


def _figure(graph: Graph, node: URIRef) -> Figure:
    values = {name: graph.value(node, URIRef(HK + name)) for name in _FIGURE_FIELDS}
    period = values["period"] if values["period"] is not None else values["year"]
    return Figure(
        iri=str(node),
        kind=str(values["quantityKind"]) if values["quantityKind"] is not None else None,
        value=str(values["value"]) if values["value"] is not None else "",
        unit=str(values["unit"]) if values["unit"] is not None else None,
        period=str(period) if period is not None else "",
        qualifier=str(values["qualifier"]) if values["qualifier"] is not None else None,
        sources=sorted(str(s) for s in graph.objects(node, _SOURCE)),
    )


def collect_instances(
    ontology: Graph,
    data: Graph,
    labels: Mapping[str, tuple[str, str | None]],
    provenance: ProvenanceFn | None = None,
) -> dict[str, Instance]:
    """Every typed IRI subject of ``data`` that is not an ``hk:`` term, with its page's facts.

    Args:
        ontology: The ontology (its terms get term pages, not instance pages).
        data: The data.
        labels: ``(english, spanish or None)`` labels by IRI.
        provenance: A ``KnowledgeGraph.provenance``-like callable, or ``None``.

    Returns:
        The instances by IRI, sorted by label.
    """
    defined = {str(s) for s in ontology.subjects() if isinstance(s, URIRef)}
    # reified statements are provenance records: each is shown, with its passages, on the page
    # of the node it is about (and on its passages' pages), not on a page of its own
    statements = set(data.subjects(RDF.type, RDF.Statement))
    subjects = sorted(
        {
            str(s)
            for s in data.subjects(RDF.type)
            if isinstance(s, URIRef)
            and not str(s).startswith(HK)
            and str(s) not in defined
            and s not in statements
        },
        key=lambda i: _sort_key(labels, i),
    )
    taken: set[str] = set()
    found: dict[str, Instance] = {}
    evidence = _evidence_index(data)
    records = set(_RECORDS)
    for cls in _RECORDS:
        records.update(str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, URIRef(cls)))
    for iri in subjects:
        node = URIRef(iri)
        en, es = labels.get(iri, (None, None))
        instance = Instance(
            iri=iri,
            slug=_slug(iri, taken),
            label_en=en or compact(iri),
            label_es=es,
            types=sorted({str(t) for t in data.objects(node, RDF.type) if isinstance(t, URIRef)}),
        )
        instance.is_record = bool(records.intersection(instance.types))
        outgoing = [
            (str(p), _value(o))
            for p, o in data.predicate_objects(node)
            if p not in _HIDDEN and not isinstance(o, BNode)
        ]
        instance.outgoing = sorted(
            outgoing, key=lambda pv: (_sort_key(labels, pv[0]), pv[1].iri or "", pv[1].text)
        )
        recorded = evidence.get(iri, {})
        instance.evidence = {
            (p, _value_key(v)): recorded[(p, _value_key(v))]
            for p, v in outgoing
            if (p, _value_key(v)) in recorded
        }
        instance.incoming = sorted(
            {
                (str(s), str(p))
                for s, p in data.subject_predicates(node)
                if isinstance(s, URIRef) and p != _QUANTITY_OF and s not in statements
            },
            key=lambda sp: (_sort_key(labels, sp[1]), _sort_key(labels, sp[0])),
        )
        instance.supports = sorted(
            (
                (str(subject), str(predicate), _value(obj))
                for statement in data.subjects(_SUPPORTED_BY, node)
                if statement in statements
                for subject, predicate, obj in [
                    (
                        data.value(statement, RDF.subject),
                        data.value(statement, RDF.predicate),
                        data.value(statement, RDF.object),
                    )
                ]
                if subject is not None and predicate is not None and obj is not None
            ),
            key=lambda spv: (
                _sort_key(labels, spv[0]),
                _sort_key(labels, spv[1]),
                _value_key(spv[2]),
            ),
        )
        figures = [
            _figure(data, q) for q in data.subjects(_QUANTITY_OF, node) if isinstance(q, URIRef)
        ]
        instance.figures = sorted(
            figures,
            key=lambda f: (
                _sort_key(labels, f.kind or ""),
                [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", f.period)],
                f.iri,
            ),
        )
        sources = _sources_from_api(provenance, iri) if provenance is not None else None
        instance.sources = (
            sources if sources is not None else _sources_from_graph(data, iri, labels)
        )
        found[iri] = instance
    return found
