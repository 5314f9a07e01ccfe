"""One-line fixes in plain words, derived from the shape that found a problem.

Example:
    >>> _Fixer(rdflib.Graph(), None).fix(None, None, "Closed", None, rdflib.Graph())
    'see the message'
"""

from __future__ import annotations

from typing import Any

import rdflib
from rdflib import SH, BNode, URIRef
from rdflib.collection import Collection

from habitatkg._shacl._terms import _XSD, HKS, _compact, _Labels, _path_text, _plural

_FIX = URIRef(HKS + "fix")

_DATATYPE_WORDS = {
    "integer": "a whole number without quotes, e.g. 2022",
    "decimal": "a number without quotes, e.g. 582 or 12.5",
    "boolean": "true or false, without quotes",
    "date": 'a date, e.g. "2023-06-27"^^xsd:date',
    "anyURI": 'a web address, e.g. "https://…"^^xsd:anyURI',
    "string": "a text in quotes",
}


class _Fixer:
    """Derives a one-line fix from the shape (or its ``hks:fix``) and the constraint component."""

    def __init__(self, shapes: rdflib.Graph, labels: _Labels) -> None:
        self.shapes = shapes
        self.labels = labels

    def fix(
        self, shape: Any, constraint: Any, component: str, path: Any, report: rdflib.Graph
    ) -> str:
        s = self.shapes
        for node in (constraint, shape):
            if node is not None and (text := s.value(node, _FIX)) is not None:
                return str(text)
        where = _path_text(report, path) or "it"
        number = lambda p: s.value(shape, p)  # noqa: E731
        name = component.removesuffix("ConstraintComponent")
        inverse = report.value(path, SH.inversePath) if isinstance(path, BNode) else None
        if isinstance(inverse, URIRef) and name in ("MinCount", "MaxCount"):
            link = _compact(inverse)
            if name == "MinCount":
                low = int(number(SH.minCount))
                who = "another entry" if low == 1 else f"at least {low} other entries"
                return f"link {who} to this one: give it {link} with this entry as the value"
            return (
                f"remove {link} from the entries that point to this one with it"
                if int(number(SH.maxCount)) == 0
                else f"let at most {_plural(int(number(SH.maxCount)), 'entry')} point here "
                f"with {link}"
            )
        if name == "MinCount":
            low, high = int(number(SH.minCount)), self._sibling(shape, SH.maxCount)
            amount = (
                f"{low} value"
                if high is not None and int(high) == low == 1
                else f"at least {_plural(low, 'value')}"
            )
            return f"add {where} ({amount}){self._kind(shape)}"
        if name == "MaxCount":
            high = int(number(SH.maxCount))
            return (
                f"remove {where}"
                if high == 0
                else f"keep at most {_plural(high, 'value')} of {where} and remove the others"
            )
        if name == "In":
            return (
                f"use one of: {self._choices(number(SH['in']))}"
                if path is None
                else f"change {where} to one of: {self._choices(number(SH['in']))}"
            )
        if name == "Class":
            cls = _compact(number(SH["class"]))
            return (
                f"give this entry the type {cls} (rdf:type {cls}), "
                "or remove the properties meant for it"
                if path is None
                else f"point {where} to an entry described with rdf:type {cls} (or a subclass)"
            )
        if name in ("Datatype", "Or"):
            types = (
                [number(SH.datatype)]
                if name == "Datatype"
                else [s.value(m, SH.datatype) for m in Collection(s, number(SH["or"]))]
            )
            words = " or ".join(
                dict.fromkeys(
                    _DATATYPE_WORDS.get(str(t).removeprefix(_XSD), _compact(t))
                    for t in types
                    if t is not None
                )
            )
            if words:
                return f"write {where} as {words}"
            # an sh:or of alternatives that are not datatypes: name the properties to add
            paths = (
                [
                    _compact(p)
                    for m in Collection(s, number(SH["or"]))
                    if (p := s.value(m, SH.path)) is not None
                ]
                if name == "Or"
                else []
            )
            return f"add {' or '.join(paths)}" if paths else "see the message"
        if name in ("MinInclusive", "MaxInclusive", "MinExclusive", "MaxExclusive"):
            bounds = [
                f"{sign} {number(p)}"
                for p, sign in (
                    (SH.minInclusive, "≥"),
                    (SH.minExclusive, ">"),
                    (SH.maxInclusive, "≤"),
                    (SH.maxExclusive, "<"),
                )
                if number(p) is not None
            ]
            return f"use a value of {where} {' and '.join(bounds)}"
        if name == "Pattern":
            return f"write {where} so that it matches the pattern {number(SH.pattern)}"
        if name == "QualifiedMinCount":
            qualified = number(SH.qualifiedValueShape)
            langs = s.value(qualified, SH.languageIn)
            if langs is not None:
                lang = ", ".join(str(x) for x in Collection(s, langs))
                return f'add {where} "…"@{lang}'
            cls = s.value(qualified, SH["class"])
            return f"add {where} pointing to an entry of type {_compact(cls)}"
        if name == "UniqueLang":
            return f"keep one {where} per language (use skos:altLabel for other names)"
        if name == "NodeKind":
            kind = str(number(SH.nodeKind)).rsplit("#", 1)[-1]
            return (
                f"write {where} as a text in quotes"
                if kind == "Literal"
                else f"make {where} a link to an entry (e.g. hkd:…), not a text"
            )
        if name == "HasValue":
            return f"add {where} {_compact(number(SH.hasValue)).lower()}"
        if name == "Disjoint":
            return f"make {where} differ from {_compact(number(SH.disjoint))}"
        if name == "Node":
            return (
                f"point {where} to an entry described in the data (with rdfs:label), or describe it"
            )
        return "see the message"

    def _sibling(self, shape: Any, predicate: URIRef) -> Any:
        """``predicate``'s value on this property shape or another one with the same path."""
        found = self.shapes.value(shape, predicate)
        if found is not None:
            return found
        for sibling in self._siblings(shape):
            if (found := self.shapes.value(sibling, predicate)) is not None:
                return found
        return None

    def _siblings(self, shape: Any) -> list[Any]:
        path = self.shapes.value(shape, SH.path)
        owners = list(self.shapes.subjects(SH.property, shape))
        return [
            p
            for o in owners
            for p in self.shapes.objects(o, SH.property)
            if p != shape and self.shapes.value(p, SH.path) == path
        ]

    def _kind(self, shape: Any) -> str:
        """What the values must be, from sibling constraints: ' — one of: …' or ' — a …'."""
        for sibling in [shape, *self._siblings(shape)]:
            if (allowed := self.shapes.value(sibling, SH["in"])) is not None:
                return f" — one of: {self._choices(allowed)}"
        for sibling in [shape, *self._siblings(shape)]:
            if (cls := self.shapes.value(sibling, SH["class"])) is not None:
                return f" — a link to an entry of type {_compact(cls)}"
            if (datatype := self.shapes.value(sibling, SH.datatype)) is not None:
                word = _DATATYPE_WORDS.get(str(datatype).removeprefix(_XSD), _compact(datatype))
                return f" — {word}"
        return ""

    def _choices(self, members: Any) -> str:
        items = list(Collection(self.shapes, members))
        shown = [
            f"{_compact(m)} ({self.labels.of(m)})"
            if isinstance(m, URIRef) and self.labels.of(m) != _compact(m)
            else _compact(m)
            for m in items
        ]
        if len(shown) <= 6:
            return ", ".join(shown)
        return f"{len(shown)} allowed values, e.g. {', '.join(shown[:3])}"
