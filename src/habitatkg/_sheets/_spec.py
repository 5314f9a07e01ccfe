"""The sheets of a records workbook and their columns, read from the SHACL shapes and the ontology.

The one hand-written thing is :data:`SHEETS`: which kinds of records get a sheet and which node
shapes each sheet follows, in which order. Everything about a column comes from those shapes and the
ontology: which properties there are (the shapes' property shapes, kept when the property's
``rdfs:domain`` and the classes that own it fit the sheet's class), their order (required
first, then as the shapes file lists them), whether a column is required (``sh:minCount`` at
severity Violation), single or multiple (``sh:maxCount 1``), its datatype (``sh:datatype``,
``sh:or`` of datatypes, or the ontology's ``rdfs:range``), the kind of entity a link points to
(``sh:class``, the range), its allowed values (``sh:in``), bounds (``sh:minInclusive``...) and
pattern, and its header (the property's ``rdfs:label`` in English and Spanish).

Example:
    >>> sheets = workbook_spec()
    >>> [s.key for s in sheets]
    ['organizations', 'activities', 'schools', 'places', 'people', 'roles', 'figures']
    >>> activities = sheets[1]
    >>> [c.header("en") for c in activities.columns][:4]
    ['ID', 'Name (English) *', 'Name (Spanish)', 'Kind']
    >>> year = activities.column("hk:year")
    >>> year.datatype.endswith("#integer"), year.minimum, year.maximum, year.multiple
    (True, Decimal('1900'), Decimal('2100'), True)
"""

from __future__ import annotations

import decimal
import functools
from dataclasses import dataclass, field
from typing import Any

import rdflib
from rdflib import RDF, RDFS, SH, URIRef
from rdflib.collection import Collection

from habitatkg import _paths
from habitatkg._sparql import PREFIXES

__all__ = ["SHEETS", "Column", "SheetSpec", "curie", "subclasses", "workbook_spec"]

HK = PREFIXES["hk"]
HKS = "https://w3id.org/habitatkg/shapes#"
XSD = PREFIXES["xsd"]

#: The hand-written part: sheet key, class, English and Spanish sheet names, node shapes.
SHEETS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    (
        "organizations",
        "Organization",
        "Organizations",
        "Organizaciones",
        (
            "LabelShape",
            "OrganizationShape",
            "WorkValueShape",
            "YearShape",
            "LinkValueShape",
            "CuratedNodeShape",
        ),
    ),
    (
        "activities",
        "Activity",
        "Activities",
        "Actividades",
        (
            "LabelShape",
            "ActivityShape",
            "EventShape",
            "CapabilityValueShape",
            "TargetGroupValueShape",
            "PhaseValueShape",
            "SDGTargetValueShape",
            "YearShape",
            "WorkValueShape",
            "LinkValueShape",
            "CuratedNodeShape",
        ),
    ),
    (
        "schools",
        "School",
        "Schools",
        "Escuelas",
        (
            "LabelShape",
            "SchoolShape",
            "OrganizationShape",
            "WorkValueShape",
            "LinkValueShape",
            "CuratedNodeShape",
        ),
    ),
    (
        "places",
        "Place",
        "Places",
        "Lugares",
        ("LabelShape", "PlaceShape", "LinkValueShape", "CuratedNodeShape"),
    ),
    (
        "people",
        "Person",
        "People",
        "Personas",
        ("LabelShape", "PersonShape", "CuratedNodeShape"),
    ),
    (
        "roles",
        "Membership",
        "Roles",
        "Roles",
        ("LabelShape", "MembershipShape", "YearShape", "CuratedNodeShape"),
    ),
    (
        "figures",
        "Quantity",
        "Figures",
        "Cifras",
        ("LabelShape", "QuantityShape", "CuratedNodeShape"),
    ),
)

#: Properties of the shapes that a sheet never carries as a column.
_NOT_COLUMNS = {str(RDF.type)}


@functools.lru_cache(maxsize=4096)
def curie(iri: str) -> str:
    """A prefixed name for an IRI when a pre-bound prefix fits, else the IRI.

    Args:
        iri: The IRI.

    Returns:
        ``hk:year``, ``hkd:org-fab``... or the IRI itself.

    Example:
        >>> curie("https://w3id.org/habitatkg/ontology#year")
        'hk:year'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            rest = iri[len(namespace) :]
            if rest and all(ch.isalnum() or ch in "-_." for ch in rest):
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    Attributes:
        key: ``"@id"``, ``"rdf:type"``, ``"rdfs:label@en"`` or the property's prefixed name.
        predicate: The property IRI (``None`` for the ID column).
        labels: Header text by language (``"en"``, ``"es"``).
        required: A value is required (a minimum count at severity Violation in the shapes).
        multiple: Several values are allowed (no ``sh:maxCount 1``), separated by ``;``.
        datatype: XSD datatype IRI of literal values (``None`` for links).
        datatypes: Every datatype the shapes allow (``sh:or``), the first preferred.
        node_class: Class IRI the linked entities belong to, for links.
        allowed: The allowed values (``sh:in``), for closed lists.
        lang: Language tag of text values (labels), if any.
        minimum: Inclusive lower bound, if any.
        maximum: Inclusive upper bound, if any.
        pattern: Regular expression values must match, if any.
        help: Why the column exists / what to write, English and Spanish (from ``sh:message``).
    """

    key: str
    predicate: str | None
    labels: dict[str, str]
    required: bool = False
    multiple: bool = False
    datatype: str | None = None
    datatypes: tuple[str, ...] = ()
    node_class: str | None = None
    allowed: tuple[str, ...] | None = None
    lang: str | None = None
    minimum: decimal.Decimal | None = None
    maximum: decimal.Decimal | None = None
    pattern: str | None = None
    help: dict[str, str] = field(default_factory=dict)

    @property
    def is_link(self) -> bool:
        """The values are entities (IRIs), not literals."""
        return self.datatype is None and self.lang is None and self.key != "@id"

    def header(self, lang: str) -> str:
        """The header in a language; required columns end with `` *``."""
        text = self.labels.get(lang) or self.labels["en"]
        return f"{text} *" if self.required else text


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its key, class, names and columns."""

    key: str
    cls: str
    names: dict[str, str]
    columns: tuple[Column, ...]
    kinds: tuple[str, ...]

    def column(self, key: str) -> Column:
        """The column with this key (``"hk:year"``, ``"@id"``...).

        Raises:
            KeyError: No such column.
        """
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


class _Model:
    """The shapes and the ontology, with the few lookups the derivation needs."""

    def __init__(self, shapes: rdflib.Graph, ontology: rdflib.Graph, shapes_text: str) -> None:
        self.shapes, self.ontology, self.text = shapes, ontology, shapes_text

    def label(self, node: object, lang: str) -> str | None:
        for graph in (self.ontology, self.shapes):
            for value in graph.objects(node, RDFS.label):  # type: ignore[arg-type]
                if getattr(value, "language", None) == lang:
                    return str(value)
        return None

    @functools.cache  # noqa: B019 - one model per process
    def superclasses(self, cls: str) -> frozenset[str]:
        return frozenset(
            str(c) for c in self.ontology.transitive_objects(URIRef(cls), RDFS.subClassOf)
        )

    @functools.cache  # noqa: B019
    def subclasses(self, cls: str) -> tuple[str, ...]:
        found = [str(c) for c in self.ontology.transitive_subjects(RDFS.subClassOf, URIRef(cls))]
        return tuple(dict.fromkeys(found))

    def fits(self, predicate: str, cls: str) -> bool:
        """Whether the property may describe instances of ``cls`` (its domain and owners)."""
        supers = self.superclasses(cls)
        for domain in self.ontology.objects(URIRef(predicate), RDFS.domain):
            if str(domain) not in supers:
                return False
        for shape in self.shapes.subjects(SH.targetSubjectsOf, URIRef(predicate)):
            owner = self.shapes.value(shape, SH["class"])
            if owner is not None and str(owner) not in supers:
                return False
        return True

    def position(self, shape: URIRef, predicate: str) -> int:
        name = curie(predicate)
        start = self.text.find(f"hks:{str(shape).rsplit('#', 1)[-1]} a sh:NodeShape")
        found = self.text.find(f"sh:path {name} ", max(start, 0))
        return found if found >= 0 else len(self.text)


def _column_for(model: _Model, cls: str, predicate: str, props: list[tuple[URIRef, Any]]) -> Column:
    g = model.shapes
    required, multiple = False, True
    datatypes: list[str] = []
    node_class: str | None = None
    allowed: tuple[str, ...] | None = None
    minimum = maximum = None
    pattern = None
    helps: dict[str, str] = {}
    for _shape, prop in props:
        severity = g.value(prop, SH.severity)
        violation = severity is None or severity == SH.Violation
        min_count = g.value(prop, SH.minCount)
        if min_count is not None and int(min_count) >= 1 and violation:
            required = True
        max_count = g.value(prop, SH.maxCount)
        if max_count is not None and int(max_count) <= 1:
            multiple = False
        datatype = g.value(prop, SH.datatype)
        if datatype is not None:
            datatypes.append(str(datatype))
        alternatives = g.value(prop, SH["or"])
        if alternatives is not None:
            for member in Collection(g, alternatives):
                inner = g.value(member, SH.datatype)
                if inner is not None:
                    datatypes.append(str(inner))
        klass = g.value(prop, SH["class"])
        if klass is not None and node_class is None:
            node_class = str(klass)
        members = g.value(prop, SH["in"])
        if members is not None and allowed is None:
            allowed = tuple(str(m) for m in Collection(g, members))
        low, high = g.value(prop, SH.minInclusive), g.value(prop, SH.maxInclusive)
        if low is not None:
            minimum = decimal.Decimal(str(low))
        if high is not None:
            maximum = decimal.Decimal(str(high))
        if g.value(prop, SH.pattern) is not None:
            pattern = str(g.value(prop, SH.pattern))
        for message in g.objects(prop, SH.message):
            lang = getattr(message, "language", None) or "en"
            if violation and (min_count is not None or lang not in helps):
                helps[lang] = str(message)
    ranges = [str(r) for r in model.ontology.objects(URIRef(predicate), RDFS.range)]
    xsd_ranges = [r for r in ranges if r.startswith(XSD)]
    if not datatypes and xsd_ranges:
        datatypes = list(xsd_ranges)
    if datatypes and xsd_ranges and xsd_ranges[0] in datatypes:  # the range first
        datatypes.remove(xsd_ranges[0])
        datatypes.insert(0, xsd_ranges[0])
    if node_class is None and ranges and not xsd_ranges and not datatypes:
        node_class = ranges[0]
    is_literal = bool(datatypes) or (
        node_class is None and allowed is None and _literal_only(model, props)
    )
    labels = {
        lang: (model.label(URIRef(predicate), lang) or curie(predicate)) for lang in ("en", "es")
    }
    labels = {k: v[:1].upper() + v[1:] for k, v in labels.items()}
    return Column(
        key=curie(predicate),
        predicate=predicate,
        labels=labels,
        required=required,
        multiple=multiple,
        datatype=(datatypes[0] if datatypes else None),
        datatypes=tuple(dict.fromkeys(datatypes)),
        node_class=None if is_literal else node_class,
        allowed=None if is_literal else allowed,
        lang=None if datatypes or not is_literal else "en",
        minimum=minimum,
        maximum=maximum,
        pattern=pattern,
        help=helps,
    )


def _literal_only(model: _Model, props: list[tuple[URIRef, Any]]) -> bool:
    return any(model.shapes.value(p, SH.nodeKind) == SH.Literal for _, p in props)


def _sheet(
    model: _Model, key: str, cls_name: str, en: str, es: str, shapes: tuple[str, ...]
) -> SheetSpec:
    cls = HK + cls_name
    found: dict[str, list[tuple[URIRef, Any]]] = {}
    for shape_name in shapes:
        shape = URIRef(HKS + shape_name)
        if (shape, RDF.type, SH.NodeShape) not in model.shapes:
            raise LookupError(f"the shapes have no {shape_name}")
        targeted = {str(p) for p in model.shapes.objects(shape, SH.targetSubjectsOf)}
        by_class = any(
            str(t) in model.superclasses(cls) for t in model.shapes.objects(shape, SH.targetClass)
        )
        for prop in model.shapes.objects(shape, SH.property):
            path = model.shapes.value(prop, SH.path)
            if not isinstance(path, URIRef) or str(path) in _NOT_COLUMNS:
                continue
            predicate = str(path)
            if not by_class and targeted and predicate not in targeted:
                continue
            if not model.fits(predicate, cls):
                continue
            found.setdefault(predicate, []).append((shape, prop))
    label_props = found.pop(str(RDFS.label), [])
    columns = [
        Column("@id", None, {"en": "ID", "es": "ID"}),
    ]
    label_help: dict[str, str] = {}
    for _, prop in label_props:
        for message in model.shapes.objects(prop, SH.message):
            label_help.setdefault(getattr(message, "language", "en") or "en", str(message))
        break
    for lang, en_text, es_text, required in (
        ("en", "Name (English)", "Nombre (inglés)", True),
        ("es", "Name (Spanish)", "Nombre (español)", False),
    ):
        columns.append(
            Column(
                f"rdfs:label@{lang}",
                str(RDFS.label),
                {"en": en_text, "es": es_text},
                required=required,
                lang=lang,
                help=label_help,
            )
        )
    others = {
        sub
        for _, other, *_ in SHEETS
        if HK + other != cls and HK + other in model.subclasses(cls)
        for sub in model.subclasses(HK + other)
    }
    kinds = tuple(c for c in model.subclasses(cls) if c not in others)
    if len(kinds) > 1:
        columns.append(
            Column(
                "rdf:type",
                str(RDF.type),
                {"en": "Kind", "es": "Tipo"},
                multiple=True,
                allowed=kinds,
                help={
                    "en": f"The kind of {model.label(URIRef(cls), 'en') or cls_name}.",
                    "es": f"El tipo de {model.label(URIRef(cls), 'es') or cls_name}.",
                },
            )
        )
    rank = {HKS + name: index for index, name in enumerate(shapes)}
    ordered = sorted(  # the sheet's shapes in their order, then as the shapes file lists them
        found.items(),
        key=lambda item: min((rank[str(s)], model.position(s, item[0])) for s, _ in item[1]),
    )
    derived = [_column_for(model, cls, predicate, props) for predicate, props in ordered]
    derived = [_optional_source(c) if c.predicate == HK + "source" else c for c in derived]
    derived.sort(key=lambda c: not c.required)  # stable: required first, then file order
    columns.extend(derived)
    return SheetSpec(key, cls, {"en": en, "es": es}, tuple(columns), kinds)


def _optional_source(column: Column) -> Column:
    """The import always records the row itself as a source; other sources are optional."""
    from dataclasses import replace

    return replace(
        column,
        required=False,
        help={
            "en": "Optional: IDs of source references that state this record. The import "
            "always records the sheet and row as a source of its own.",
            "es": "Opcional: ID de referencias de fuente que afirman este registro. La "
            "importación siempre registra la hoja y la fila como una fuente propia.",
        },
    )


_ONTOLOGY_AXIOMS = {str(RDFS.label), str(RDFS.subClassOf), str(RDFS.domain), str(RDFS.range)}


@functools.lru_cache(maxsize=1)
def _model() -> _Model:
    """The packaged shapes (rdflib, shared with validation) and the ontology's labels and axioms."""
    import pyoxigraph as ox

    from habitatkg._validate import _packaged_shapes

    ontology = rdflib.Graph()
    for path in _paths.ontology_files():  # parsed by pyoxigraph: only four predicates needed
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            s, p, o = quad.subject, quad.predicate, quad.object
            if p.value not in _ONTOLOGY_AXIOMS or not isinstance(s, ox.NamedNode):
                continue
            if isinstance(o, ox.Literal):
                obj: rdflib.term.Node = rdflib.Literal(o.value, lang=o.language)
            elif isinstance(o, ox.NamedNode):
                obj = URIRef(o.value)
            else:
                continue
            ontology.add((URIRef(s.value), URIRef(p.value), obj))
    text = "\n".join(p.read_text(encoding="utf-8") for p in _paths.shapes_files())
    return _Model(_packaged_shapes(), ontology, text)


def subclasses(cls: str) -> tuple[str, ...]:
    """A class and its subclasses in the packaged ontology.

    Example:
        >>> "https://w3id.org/habitatkg/ontology#Project" in subclasses(HK + "Activity")
        True
    """
    return _model().subclasses(cls)


@functools.lru_cache(maxsize=2)
def workbook_spec() -> tuple[SheetSpec, ...]:
    """Every sheet of the records workbook, derived from the packaged shapes and ontology.

    Returns:
        The sheets, in workbook order.
    """
    return tuple(_sheet(_model(), *entry) for entry in SHEETS)
