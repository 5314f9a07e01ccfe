"""Explain SHACL shapes in plain English and Spanish.

Each property shape (and each node-level constraint) becomes one :class:`Constraint`: the
class or property it is about, and a sentence in each language made of text pieces and
:class:`Ref` pieces (links to terms), so that the renderer can escape the text and link the
terms. Messages (``sh:message``) are kept with their language tags.

Example:
    >>> import rdflib
    >>> ttl = '''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> .
    ... @prefix hk: <https://w3id.org/habitatkg/ontology#> .
    ... hk:SchoolShape a sh:NodeShape ; sh:targetClass hk:School ;
    ...   sh:property [ sh:path hk:educationalLevel ; sh:minCount 1 ; sh:maxCount 1 ] .
    ... '''
    >>> level = "https://w3id.org/habitatkg/ontology#educationalLevel"
    >>> labels = {level: ("has educational level", "tiene nivel educativo")}
    >>> shapes = rdflib.Graph().parse(data=ttl, format="turtle")
    >>> [c] = explain_shapes(shapes, lambda i: labels.get(i, (i, None)))
    >>> plain(c.en)
    'must have exactly 1 educational level'
    >>> plain(c.es)
    'debe tener exactamente 1 nivel educativo'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

LabelFn = Callable[[str], tuple[str, "str | None"]]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATATYPES = {
    _XSD + "string": ("a text", "un texto"),
    _XSD + "integer": ("a whole number (xsd:integer)", "un número entero (xsd:integer)"),
    _XSD + "nonNegativeInteger": ("a whole number ≥ 0", "un número entero ≥ 0"),
    _XSD + "positiveInteger": ("a whole number > 0", "un número entero > 0"),
    _XSD + "decimal": ("a decimal number (xsd:decimal)", "un número decimal (xsd:decimal)"),
    _XSD + "boolean": ("true or false (xsd:boolean)", "verdadero o falso (xsd:boolean)"),
    _XSD + "date": ("a date YYYY-MM-DD (xsd:date)", "una fecha AAAA-MM-DD (xsd:date)"),
    _XSD + "gYear": ("a year (xsd:gYear)", "un año (xsd:gYear)"),
    _XSD + "anyURI": ("a web address (xsd:anyURI)", "una dirección web (xsd:anyURI)"),
    str(RDF.langString): ("a text with a language tag", "un texto con etiqueta de idioma"),
}
_NODE_KINDS = {
    SH.IRI: ("an IRI (a link to another node)", "un IRI (un enlace a otro nodo)"),
    SH.Literal: ("a literal value", "un valor literal"),
    SH.BlankNode: ("a blank node", "un nodo en blanco"),
    SH.BlankNodeOrIRI: ("a node, not a literal", "un nodo, no un literal"),
    SH.BlankNodeOrLiteral: ("a blank node or a literal", "un nodo en blanco o un literal"),
    SH.IRIOrLiteral: ("an IRI or a literal", "un IRI o un literal"),
}
_BOUNDS = (
    (SH.minInclusive, "≥"),
    (SH.minExclusive, ">"),
    (SH.maxInclusive, "≤"),
    (SH.maxExclusive, "<"),
)
_PAIRS = (
    (SH.equals, "must equal the values of", "debe ser igual a los valores de"),
    (SH.disjoint, "must differ from every value of", "debe ser distinto de todo valor de"),
    (SH.lessThan, "must be less than the values of", "debe ser menor que los valores de"),
    (SH.lessThanOrEquals, "must be ≤ the values of", "debe ser ≤ que los valores de"),
)
_SEVERITY = {
    "Violation": ("violation", "infracción"),
    "Warning": ("warning", "advertencia"),
    "Info": ("information", "información"),
}
_VERBISH = ("by", "in", "of", "at", "to", "for", "from", "with", "on")


@dataclass(frozen=True)
class Ref:
    """A link to a term inside an explanation."""

    iri: str


@dataclass(frozen=True)
class Code:
    """A literal piece of code (a pattern, a value) inside an explanation."""

    text: str


Piece = str | Ref | Code


@dataclass(frozen=True)
class Target:
    """What a shape applies to: ``kind`` is ``class``, ``subjects``, ``objects`` or ``node``."""

    kind: str
    iri: str


@dataclass
class Constraint:
    """One shape's constraints on one path (or on the focus node itself), in plain words.

    Attributes:
        shape: The node shape's IRI (``_:`` and an id for a blank node).
        targets: What the shape applies to (every member of a class, every subject of a
            property...).
        path: The constrained property's IRI; ``None`` for a rule on the focus node itself.
        inverse: The path is ``sh:inversePath`` of ``path``.
        path_en: The path in words (English); ``path_es`` in Spanish.
        en: The rule in words (English); ``es`` in Spanish.
        messages: The shapes' ``sh:message`` texts with their language tags.
        severity: ``Violation``, ``Warning`` or ``Info``.
    """

    shape: str
    targets: tuple[Target, ...]
    path: str | None
    en: tuple[Piece, ...]
    es: tuple[Piece, ...]
    inverse: bool = False
    path_en: tuple[Piece, ...] = ()
    path_es: tuple[Piece, ...] = ()
    messages: list[tuple[str, str | None]] = field(default_factory=list)
    severity: str = "Violation"

    @property
    def focus(self) -> tuple[str, ...]:
        """The IRIs of the classes and properties this rule's targets name."""
        return tuple(t.iri for t in self.targets)


def plain(pieces: Iterable[Piece]) -> str:
    """Flatten an explanation to plain text (links become compact IRIs).

    Args:
        pieces: Text, :class:`Ref` and :class:`Code` pieces.

    Returns:
        The text.

    Example:
        >>> plain(["value must be ", Code("≥ 0")])
        'value must be ≥ 0'
    """
    return "".join(
        p if isinstance(p, str) else p.iri if isinstance(p, Ref) else p.text for p in pieces
    )


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _list(graph: Graph, node: Node | None) -> list[Node]:
    if node is None:
        return []
    try:
        return list(Collection(graph, node))
    except Exception:
        return []


class _Explainer:
    def __init__(self, graph: Graph, label: LabelFn) -> None:
        self.graph = graph
        self.label = label

    def _value(self, node: Node) -> Piece:
        if isinstance(node, URIRef):
            return Ref(str(node))
        if isinstance(node, Literal):
            return Code(
                f'"{node}"'
                if node.datatype is None or str(node.datatype).endswith("string")
                else str(node)
            )
        return Code("[]")

    def _join(self, items: list[Node], sep: str) -> list[Piece]:
        pieces: list[Piece] = []
        for i, item in enumerate(items):
            if i:
                pieces.append(sep)
            pieces.append(self._value(item))
        return pieces

    def path(self, node: Node) -> tuple[str | None, list[Piece], list[Piece]]:
        """The main IRI of a path, and how to say it in English and Spanish."""
        g = self.graph
        if isinstance(node, URIRef):
            label_en, label_es = self.label(str(node))
            return str(node), [label_en], [label_es or label_en]
        inverse = g.value(node, SH.inversePath)
        if inverse is not None:
            iri, inv_en, inv_es = self.path(inverse)
            return iri, ["the inverse of “", *inv_en, "”"], ["el inverso de «", *inv_es, "»"]
        for predicate, word_en, word_es in (
            (SH.alternativePath, " or ", " o "),
            (None, " / ", " / "),
        ):
            items = _list(g, g.value(node, predicate)) if predicate is not None else _list(g, node)
            if items:
                parts = [self.path(item) for item in items]
                en_pieces: list[Piece] = []
                es_pieces: list[Piece] = []
                for i, (_, part_en, part_es) in enumerate(parts):
                    en_pieces += [word_en] if i else []
                    en_pieces += part_en
                    es_pieces += [word_es] if i else []
                    es_pieces += part_es
                return parts[0][0], en_pieces, es_pieces
        return None, ["(a complex path)"], ["(una ruta compleja)"]

    def counts(
        self, shape: Node, path_iri: str | None, path_en: list[Piece], path_es: list[Piece]
    ) -> tuple[list[Piece], list[Piece]]:
        g = self.graph
        low = g.value(shape, SH.minCount)
        high = g.value(shape, SH.maxCount)
        lo = int(str(low)) if low is not None else 0
        hi = int(str(high)) if high is not None else None
        if lo == 0 and hi is None:
            return [], []
        if hi == 0:
            return ["must not have any “", *path_en, "”"], ["no debe tener ningún «", *path_es, "»"]
        if lo == hi:
            n, en_q, es_q = lo, f"exactly {lo}", f"exactamente {lo}"
        elif hi is None:
            n, en_q, es_q = lo, f"at least {lo}", f"al menos {lo}"
        elif lo == 0:
            n, en_q, es_q = hi, f"at most {hi}", f"como máximo {hi}"
        else:
            n, en_q, es_q = hi, f"between {lo} and {hi}", f"entre {lo} y {hi}"
        text_en, text_es = plain(path_en), plain(path_es)
        words = text_en.split()
        if path_iri is not None and len(path_en) == 1 and text_en.startswith("has "):
            noun = text_en[4:]
            en: list[Piece] = [f"must have {en_q} {noun if n == 1 else _plural(noun)}"]
        elif (
            path_iri is not None
            and len(path_en) == 1
            and words
            and words[-1] not in _VERBISH
            and len(words) <= 3
        ):
            en = [f"must have {en_q} {text_en if n == 1 else _plural(text_en)}"]
        else:
            en = [f"must have {en_q} value{'s' if n != 1 else ''} for “", *path_en, "”"]
        if path_iri is not None and len(path_es) == 1 and text_es.startswith("tiene ") and n == 1:
            es: list[Piece] = [f"debe tener {es_q} {text_es[6:]}"]
        else:
            es = [f"debe tener {es_q} valor{'es' if n != 1 else ''} de «", *path_es, "»"]
        return en, es

    def values(
        self, shape: Node, node: bool = False
    ) -> tuple[list[list[Piece]], list[list[Piece]]]:
        """Sentences about each value: class, datatype, range, pattern, list of values...

        With ``node`` the sentences are about the focus node itself (a node-level rule).
        """
        g = self.graph
        each_en, each_es = ("it must", "debe") if node else ("each value must", "cada valor debe")
        en: list[list[Piece]] = []
        es: list[list[Piece]] = []
        for cls in sorted(g.objects(shape, SH["class"]), key=str):
            en.append([f"{each_en} be of type ", self._value(cls)])
            es.append([f"{each_es} ser de tipo ", self._value(cls)])
        for datatype in sorted(g.objects(shape, SH.datatype), key=str):
            words = _DATATYPES.get(str(datatype))
            en.append(
                [f"{each_en} be {words[0]}"]
                if words
                else [f"{each_en} have datatype ", self._value(datatype)]
            )
            es.append(
                [f"{each_es} ser {words[1]}"]
                if words
                else [f"{each_es} tener el tipo de dato ", self._value(datatype)]
            )
        for kind in g.objects(shape, SH.nodeKind):
            words = _NODE_KINDS.get(URIRef(str(kind)), (str(kind), str(kind)))
            en.append([f"{each_en} be {words[0]}"])
            es.append([f"{each_es} ser {words[1]}"])
        bounds = [
            (sign, value) for predicate, sign in _BOUNDS for value in g.objects(shape, predicate)
        ]
        if bounds:
            en.append(
                ["value must be " + " and ".join(f"{sign} {value}" for sign, value in bounds)]
            )
            es.append(
                ["el valor debe ser " + " y ".join(f"{sign} {value}" for sign, value in bounds)]
            )
        for predicate, en_text, es_text in (
            (SH.minLength, "at least", "al menos"),
            (SH.maxLength, "at most", "como máximo"),
        ):
            for value in g.objects(shape, predicate):
                en.append([f"text must be {en_text} {value} characters long"])
                es.append([f"el texto debe tener {es_text} {value} caracteres"])
        for pattern in g.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            suffix_en = f" (flags {flags})" if flags else ""
            en.append(["must match the regular expression ", Code(str(pattern)), suffix_en])
            es.append(
                [
                    "debe coincidir con la expresión regular ",
                    Code(str(pattern)),
                    suffix_en.replace("flags", "opciones"),
                ]
            )
        for allowed in g.objects(shape, SH["in"]):
            items = _list(g, allowed)
            en.append(["must be one of: ", *self._join(items, ", ")])
            es.append(["debe ser uno de: ", *self._join(items, ", ")])
        for value in g.objects(shape, SH.hasValue):
            en.append(["must include the value ", self._value(value)])
            es.append(["debe incluir el valor ", self._value(value)])
        for langs in g.objects(shape, SH.languageIn):
            codes = ", ".join(str(x) for x in _list(g, langs))
            en.append([f"must be in one of the languages: {codes}"])
            es.append([f"debe estar en uno de los idiomas: {codes}"])
        if any(
            bool(v.toPython()) for v in g.objects(shape, SH.uniqueLang) if isinstance(v, Literal)
        ):
            en.append(["at most one value per language"])
            es.append(["como máximo un valor por idioma"])
        for predicate, en_text, es_text in _PAIRS:
            for other in g.objects(shape, predicate):
                en.append([f"{en_text} ", self._value(other)])
                es.append([f"{es_text} ", self._value(other)])
        for other in g.objects(shape, SH.node):
            en.append([f"{each_en} conform to: ", *self.inline(other, "en", node)])
            es.append([f"{each_es} cumplir: ", *self.inline(other, "es", node)])
        for qualified in g.objects(shape, SH.qualifiedValueShape):
            low, high = g.value(shape, SH.qualifiedMinCount), g.value(shape, SH.qualifiedMaxCount)
            q_en = f"at least {low}" if low is not None else f"at most {high}"
            q_es = f"al menos {low}" if low is not None else f"como máximo {high}"
            en.append([f"{q_en} value(s) must satisfy: ", *self.inline(qualified, "en", node)])
            es.append([f"{q_es} valor(es) deben cumplir: ", *self.inline(qualified, "es", node)])
        for predicate, en_text, es_text in (
            (SH["or"], "must satisfy at least one of", "debe cumplir al menos una de"),
            (SH.xone, "must satisfy exactly one of", "debe cumplir exactamente una de"),
            (SH["and"], "must satisfy all of", "debe cumplir todas"),
        ):
            for members in g.objects(shape, predicate):
                options_en: list[Piece] = [f"{en_text}: "]
                options_es: list[Piece] = [f"{es_text}: "]
                for i, member in enumerate(_list(g, members)):
                    options_en += [
                        f"{'; ' if i else ''}({i + 1}) ",
                        *self.inline(member, "en", node),
                    ]
                    options_es += [
                        f"{'; ' if i else ''}({i + 1}) ",
                        *self.inline(member, "es", node),
                    ]
                en.append(options_en)
                es.append(options_es)
        for negated in g.objects(shape, SH["not"]):
            en.append(["must not satisfy: ", *self.inline(negated, "en", node)])
            es.append(["no debe cumplir: ", *self.inline(negated, "es", node)])
        if any(bool(v.toPython()) for v in g.objects(shape, SH.closed) if isinstance(v, Literal)):
            en.append(["may use no properties other than those its shape lists"])
            es.append(["no puede usar propiedades distintas de las que lista su forma"])
        for rule in g.objects(shape, SH.sparql):
            words_en = next(
                (
                    str(m)
                    for m in g.objects(rule, SH.message)
                    if getattr(m, "language", None) in (None, "en")
                ),
                "",
            )
            words_es = next(
                (
                    str(m)
                    for m in g.objects(rule, SH.message)
                    if getattr(m, "language", None) == "es"
                ),
                words_en,
            )
            en.append(["must pass a SPARQL rule" + (f": {words_en}" if words_en else "")])
            es.append(["debe cumplir una regla SPARQL" + (f": {words_es}" if words_es else "")])
        return en, es

    def inline(self, shape: Node, lang: str, node: bool = False) -> list[Piece]:
        """A short description of a referenced shape (``sh:node``, ``sh:or`` members...)."""
        g = self.graph
        name = g.value(shape, SH.name)
        pieces: list[Piece] = []
        path_node = g.value(shape, SH.path)
        en, es = self.values(shape, node and path_node is None)
        sentences = en if lang == "en" else es
        if path_node is not None:
            iri, path_en, path_es = self.path(path_node)
            count_en, count_es = self.counts(shape, iri, path_en, path_es)
            pieces += ["“", *(path_en if lang == "en" else path_es), "” "]
            sentences = [s for s in [count_en if lang == "en" else count_es] if s] + sentences
        for i, sentence in enumerate(sentences):
            pieces += ([", "] if i else []) + sentence
        if not sentences:
            pieces.append(
                str(name)
                if name is not None
                else (Ref(str(shape)) if isinstance(shape, URIRef) else "(an empty shape)")
            )
        return pieces

    def messages(self, shape: Node) -> list[tuple[str, str | None]]:
        return sorted(
            {
                (str(m), m.language)
                for m in self.graph.objects(shape, SH.message)
                if isinstance(m, Literal)
            },
            key=lambda pair: (pair[1] or "", pair[0]),
        )

    def severity(self, shape: Node, default: str) -> str:
        value = self.graph.value(shape, SH.severity)
        return str(value).rsplit("#", 1)[-1] if value is not None else default


def _targets(graph: Graph, shape: Node) -> tuple[Target, ...]:
    found: list[Target] = []
    classes = set(graph.objects(shape, SH.targetClass))
    if isinstance(shape, URIRef) and (
        {OWL.Class, RDFS.Class} & set(graph.objects(shape, RDF.type))
    ):
        classes.add(shape)
    found += [Target("class", str(c)) for c in sorted(classes, key=str)]
    for predicate, kind in (
        (SH.targetSubjectsOf, "subjects"),
        (SH.targetObjectsOf, "objects"),
        (SH.targetNode, "node"),
    ):
        found += [Target(kind, str(n)) for n in sorted(graph.objects(shape, predicate), key=str)]
    return tuple(found)


def _shape_id(shape: Node) -> str:
    return str(shape) if isinstance(shape, URIRef) else f"_:{shape}"


def explain_shapes(graph: Graph, label: LabelFn) -> list[Constraint]:
    """Explain every targeted shape of a SHACL graph in plain English and Spanish.

    Args:
        graph: The shapes graph.
        label: Gives ``(english, spanish or None)`` labels for an IRI.

    Returns:
        One :class:`Constraint` per node shape and constrained path (the property shapes of
        one node shape on the same path are merged, so each rule is stated once), plus one
        per node shape with node-level constraints; sorted by shape and path. Deactivated
        shapes are left out.

    Example:
        >>> explain_shapes(Graph(), lambda iri: (iri, None))
        []
    """
    explainer = _Explainer(graph, label)
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(
        graph.subjects(RDF.type, SH.PropertyShape)
    )
    shapes |= {
        s
        for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
        for s in graph.subjects(p)
    }
    found: list[Constraint] = []
    for shape in sorted(shapes, key=str):
        if _deactivated(graph, shape):
            continue
        targets = _targets(graph, shape)
        if not targets:
            continue
        severity = explainer.severity(shape, "Violation")
        prop_shapes = list(graph.objects(shape, SH.property))
        if graph.value(shape, SH.path) is not None:
            prop_shapes = [shape]
        else:
            node_en, node_es = explainer.values(shape, node=True)
            if node_en:
                found.append(
                    Constraint(
                        _shape_id(shape),
                        targets,
                        None,
                        _sentences(node_en, "; "),
                        _sentences(node_es, "; "),
                        messages=explainer.messages(shape),
                        severity=severity,
                    )
                )
        merged: dict[tuple[str | None, bool, str], Constraint] = {}
        parts: dict[tuple[str | None, bool, str], list[tuple[list[Piece], list[Piece], str]]] = {}
        for prop in prop_shapes:
            if _deactivated(graph, prop):
                continue
            path_node = graph.value(prop, SH.path)
            if path_node is None:
                continue
            iri, path_en, path_es = explainer.path(path_node)
            inverse = (
                isinstance(path_node, BNode) and graph.value(path_node, SH.inversePath) is not None
            )
            count_en, count_es = explainer.counts(prop, iri, path_en, path_es)
            values_en, values_es = explainer.values(prop)
            en = [s for s in [count_en] if s] + values_en
            es = [s for s in [count_es] if s] + values_es
            if not en:
                continue
            key = (iri, inverse, plain(path_en))
            prop_severity = explainer.severity(prop, severity)
            parts.setdefault(key, []).append(
                (list(_sentences(en, "; ")), list(_sentences(es, "; ")), prop_severity)
            )
            if key in merged:
                old = merged[key]
                old.messages = sorted(
                    set(old.messages) | set(explainer.messages(prop)),
                    key=lambda pair: (pair[1] or "", pair[0]),
                )
                continue
            merged[key] = Constraint(
                _shape_id(shape),
                targets,
                iri,
                (),
                (),
                inverse=inverse,
                path_en=tuple(path_en),
                path_es=tuple(path_es),
                messages=explainer.messages(prop) or explainer.messages(shape),
                severity=prop_severity,
            )
        for key, constraint in merged.items():
            severities = {sev for _, _, sev in parts[key]}
            mixed = len(severities) > 1
            constraint.severity = "Violation" if mixed else severities.pop()
            en_all: list[Piece] = []
            es_all: list[Piece] = []
            for i, (part_en, part_es, sev) in enumerate(parts[key]):
                mark = mixed and sev != "Violation"
                en_all += [*(["; "] if i else []), *part_en]
                es_all += [*(["; "] if i else []), *part_es]
                if mark:
                    en_all.append(f" ({_SEVERITY[sev][0]})")
                    es_all.append(f" ({_SEVERITY[sev][1]})")
            constraint.en, constraint.es = tuple(en_all), tuple(es_all)
        found += sorted(merged.values(), key=lambda c: (c.path or "", c.inverse))
    return found


def _sentences(sentences: list[list[Piece]], sep: str) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    for i, sentence in enumerate(sentences):
        pieces += ([sep] if i else []) + sentence
    return tuple(pieces)


def _deactivated(graph: Graph, shape: Node) -> bool:
    return any(
        isinstance(v, Literal) and bool(v.toPython()) for v in graph.objects(shape, SH.deactivated)
    )
