"""SHACL shapes compiled into SPARQL queries, exactly or not at all.

Every constraint of a shape that has targets becomes one ``SELECT`` returning the focus nodes
(and value nodes) that violate it; shapes reached through ``sh:node``, ``sh:not``, ``sh:and``,
``sh:or``, ``sh:xone`` and ``sh:qualifiedValueShape`` become SPARQL expressions ("this node
conforms"), and property shapes reached through ``sh:property`` are validated in turn with
their parent's value nodes as focus nodes. Whatever the compiler does not implement exactly
(a constraint component, a parameter value, a nested form, a SPARQL query whose pre-bound
variables it cannot bind as SHACL-SPARQL says) raises :class:`UnsupportedShapes` naming the
feature and the shape, so that the caller can use the reference engine instead.

Two readings of the shapes: ``inference="none"`` is SHACL as the W3C Recommendation defines
it (SHACL instances through ``rdf:type/rdfs:subClassOf*`` in the data); ``inference="rdfs"``
is how habitatkg runs its packaged shapes with pyshacl (RDFS entailment with the ontology:
classes stand for their subclasses, properties for their subproperties, both computed from
the store and the ontology).

Example:
    >>> shapes = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <https://example.org/S> sh:targetNode <https://example.org/a> ;
    ...         sh:xone ( [ sh:class <https://example.org/C> ] ) ;
    ...         sh:fancy true .''')
    >>> try:
    ...     _Compiler(shapes, None, None, inference="none").checks()
    ... except UnsupportedShapes as error:
    ...     print(error)
    sh:fancy on shape <https://example.org/S> is not supported by the SPARQL engine
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import OWL, RDF, RDFS, SH, BNode, Literal, URIRef
from rdflib.collection import Collection

from habitatkg._errors import ShapesError

_XSD = "http://www.w3.org/2001/XMLSchema#"
_COMPONENT = "http://www.w3.org/ns/shacl#{}ConstraintComponent"
#: Datatypes whose well-formedness a cast checks in SPARQL (an ill-formed literal fails it).
_CASTABLE = {
    f"{_XSD}{name}"
    for name in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time")
}
#: Datatypes every lexical form of which is well-formed (for rdflib, the reference).
_ANY_LEXICAL = {f"{_XSD}string", f"{_XSD}anyURI"}
_NODE_KINDS = {
    "IRI": ("isIRI",),
    "BlankNode": ("isBlank",),
    "Literal": ("isLiteral",),
    "BlankNodeOrIRI": ("isBlank", "isIRI"),
    "BlankNodeOrLiteral": ("isBlank", "isLiteral"),
    "IRIOrLiteral": ("isIRI", "isLiteral"),
}
#: Constraints on one value node at a time: (shape, key, param, value) -> "fails" expression.
_VALUE_KEYS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.languageIn,
    SH["in"],
    SH.node,
    SH["not"],
    SH["and"],
    SH["or"],
    SH.xone,
}
_OTHER_KEYS = {
    SH.property,
    SH.minCount,
    SH.maxCount,
    SH.hasValue,
    SH.uniqueLang,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.closed,
    SH.qualifiedValueShape,
    SH.sparql,
}
#: Keys of a shape that are not constraints: targets, parameters of another key, annotations.
_NOT_CONSTRAINTS = {
    SH.path,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.flags,
    SH.ignoredProperties,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.severity,
    SH.message,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.prefixes,
    SH.declare,
}
#: Parameters a shape has at most one of (SHACL's shapes for shapes, shacl-shacl).
_SINGLE = (
    SH.nodeKind,
    SH.datatype,
    SH.minCount,
    SH.maxCount,
    SH.minLength,
    SH.maxLength,
    SH.flags,
    SH.uniqueLang,
    SH.closed,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.path,
)
_COMPARISONS = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
#: Largest sh:minCount / sh:maxCount compiled inside a nested shape (pairwise-distinct joins).
_NESTED_COUNT = 3
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@functools.lru_cache(maxsize=4096)
def store_form(node: Literal) -> Literal:
    """The literal as an oxigraph store keeps it (it canonicalises numbers, booleans, dates)."""
    if node.language:
        term = ox.Literal(str(node), language=node.language)
    else:
        term = ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or _XSD + "string")))
    scratch = ox.Store()
    scratch.add(ox.Quad(ox.NamedNode("urn:x-s"), ox.NamedNode("urn:x-p"), term))
    kept = next(iter(scratch)).object
    if kept.language:
        return Literal(kept.value, lang=kept.language)
    if kept.datatype.value == _XSD + "string" and node.datatype is None:
        return Literal(kept.value)
    return Literal(kept.value, datatype=URIRef(kept.datatype.value))


class UnsupportedShapes(ShapesError):
    """The shapes use a SHACL feature the SPARQL compiler does not handle (use pyshacl)."""


@dataclass(frozen=True)
class _Check:
    """One compiled constraint: its query and what to write into each result."""

    shape: Any  # the shape holding the constraint (sh:sourceShape)
    component: str  # e.g. "MinCount"
    query: str  # SELECT ?this [?value] [?path] [other variables for messages]
    path: Any  # sh:resultPath (a node of the shapes graph) or None
    constraint: Any = None  # sh:sourceConstraint (SPARQL-based constraints)
    value_is_focus: bool = False  # SPARQL constraints of node shapes: ?value unbound -> $this
    path_from_answer: bool = False  # sh:closed: the answer's ?path is the result path


def _name(node: Any) -> str:
    text = str(node)
    return f"sh:{text[len(str(SH)) :]}" if text.startswith(str(SH)) else f"<{text}>"


def _shape_name(node: Any) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else "a blank-node shape"


def _int(param: Any, what: str, shape: Any) -> int:
    if not isinstance(param, Literal) or not isinstance(param.toPython(), int):
        raise UnsupportedShapes(f"{what} {param!r} on {_shape_name(shape)} is not an integer")
    return int(param.toPython())


class _Compiler:
    def __init__(
        self,
        shapes: rdflib.Graph,
        store: Any,
        ontology: rdflib.Graph | None,
        *,
        inference: str = "rdfs",
    ) -> None:
        if inference not in ("rdfs", "none"):
            raise ValueError(f"unknown inference {inference!r}; use 'rdfs' or 'none'")
        self.g = shapes
        self.store = store
        self.ontology = ontology
        self.rdfs = inference == "rdfs"
        self._fresh = 0
        self._closures: dict[URIRef, dict[str, set[str]]] = {}
        self.target_prefixes: dict[str, str] = {}
        self.prefix_base: dict[str, str] = {}
        self.custom = self._custom_parameters()
        self.loose_targets = self._loose_targets()

    def _loose_targets(self) -> bool:
        """Whether a focus node may be a node the data does not hold.

        Oxigraph drops the zero-length path (``p*``, ``p?``) of such a node, so those paths are
        refused then: with SPARQL-based targets, or an ``sh:targetNode`` that is not an IRI
        occurring in the store (as subject or object).
        """
        if any(self.g.triples((None, SH.target, None))):
            return True
        if self.store is None:  # compiled without data: any target node may be absent
            return any(self.g.triples((None, SH.targetNode, None)))
        for node in set(self.g.objects(None, SH.targetNode)):
            if not isinstance(node, URIRef) or _IRI_UNSAFE.search(str(node)):
                return True
            iri = self.iri(node)
            held = self.store.query(
                f"SELECT * WHERE {{ {{ {iri} ?p ?o }} UNION {{ ?s ?p {iri} }} }} LIMIT 1"
            )
            if not list(held.rows):
                return True
        return False

    # --- the ontology as the store holds it (inference="rdfs") ---------------------------------

    def _closure(self, predicate: URIRef) -> dict[str, set[str]]:
        """``{super: every sub, itself included}`` from ``predicate`` in the store and ontology."""
        if predicate in self._closures:
            return self._closures[predicate]
        children: dict[str, set[str]] = defaultdict(set)
        result = self.store.query(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}")
        for s, o in result.rows:
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                children[o.value].add(s.value)
        for sub, sup in (self.ontology or rdflib.Graph()).subject_objects(predicate):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                children[str(sup)].add(str(sub))
        closure: dict[str, set[str]] = {}
        for top in children:
            seen, todo = {top}, [top]
            while todo:
                for child in children.get(todo.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            closure[top] = seen
        self._closures[predicate] = closure
        return closure

    def _custom_parameters(self) -> dict[Any, Any]:
        """Parameters of SPARQL-based constraint components declared in the shapes graph."""
        found = {}
        for component in set(self.g.subjects(SH.parameter)):
            for parameter in self.g.objects(component, SH.parameter):
                path = self.g.value(parameter, SH.path)
                if path is not None:
                    found[path] = component
        return found

    def var(self) -> str:
        self._fresh += 1
        return f"?_v{self._fresh}"

    # --- terms, paths, targets -----------------------------------------------------------------

    @staticmethod
    def iri(node: Any) -> str:
        if not isinstance(node, URIRef) or _IRI_UNSAFE.search(str(node)):
            raise UnsupportedShapes(f"{node!r} cannot be written into a query as an IRI")
        return f"<{node}>"

    @classmethod
    def term(cls, node: Any) -> str:
        if isinstance(node, URIRef):
            return cls.iri(node)
        if isinstance(node, Literal):
            kept = store_form(node)
            if kept != node:
                raise UnsupportedShapes(
                    f"the shapes' literal {node.n3()}: a store keeps it as {kept.n3()}, so the "
                    "SPARQL engine cannot compare terms exactly"
                )
            text = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            text = text.replace("\r", "\\r")
            if node.language:
                return f'"{text}"@{node.language}'
            return f'"{text}"^^{cls.iri(node.datatype or URIRef(_XSD + "string"))}'
        raise UnsupportedShapes(f"a blank node cannot be written into a query ({node})")

    def instance_of(self, v: str, cls: Any) -> str:
        """A pattern true when ``v`` is a SHACL instance of ``cls``."""
        if self.rdfs:
            t = self.var()
            classes = self._closure(RDFS.subClassOf).get(str(cls), {str(cls)})
            listed = " ".join(self.iri(URIRef(c)) for c in sorted(classes))
            return f"{v} <{RDF.type}> {t} . VALUES {t} {{ {listed} }}"
        return f"{v} <{RDF.type}>/<{RDFS.subClassOf}>* {self.iri(cls)} ."

    def predicate(self, iri: Any) -> str:
        if not self.rdfs:
            return self.iri(iri)
        found = sorted(self._closure(RDFS.subPropertyOf).get(str(iri), {str(iri)}))
        if len(found) == 1:
            return self.iri(URIRef(found[0]))
        return "(" + "|".join(self.iri(URIRef(p)) for p in found) + ")"

    def path(self, node: Any, depth: int = 0) -> str:
        g = self.g
        if depth > 50:
            raise UnsupportedShapes("a sh:path nested more than 50 levels deep")
        if isinstance(node, URIRef):
            return self.predicate(node)
        if not isinstance(node, BNode):
            raise UnsupportedShapes(f"sh:path {node!r} is neither an IRI nor a path expression")
        keys = set(g.predicates(node))
        if keys & {SH.inversePath}:
            if len(keys) != 1:
                raise UnsupportedShapes(f"sh:inversePath with other keys {sorted(keys)}")
            return f"^({self.path(g.value(node, SH.inversePath), depth + 1)})"
        if SH.alternativePath in keys:
            if len(keys) != 1:
                raise UnsupportedShapes("sh:alternativePath with other keys")
            members = list(Collection(g, g.value(node, SH.alternativePath)))
            if len(members) < 2:
                raise UnsupportedShapes("sh:alternativePath with fewer than two members")
            return "(" + "|".join(self.path(m, depth + 1) for m in members) + ")"
        for key, suffix in (
            (SH.zeroOrMorePath, "*"),
            (SH.oneOrMorePath, "+"),
            (SH.zeroOrOnePath, "?"),
        ):
            if key in keys:
                if len(keys) != 1:
                    raise UnsupportedShapes(f"{_name(key)} with other keys")
                if suffix != "+" and self.loose_targets:
                    raise UnsupportedShapes(
                        f"{_name(key)} with sh:targetNode or SPARQL targets: oxigraph drops the "
                        "zero-length path of a node the data does not hold"
                    )
                return f"({self.path(g.value(node, key), depth + 1)}){suffix}"
        if g.value(node, RDF.first) is not None:
            members = list(Collection(g, node))
            if len(members) < 2:
                raise UnsupportedShapes("a sequence path with fewer than two members")
            return "(" + "/".join(self.path(m, depth + 1) for m in members) + ")"
        raise UnsupportedShapes(f"unsupported sh:path {node}")

    def prefixes(self, node: Any, lines: dict[str, str]) -> dict[str, str]:
        """``lines`` and the prefixes of a SPARQL-based target or constraint (``sh:prefixes``)."""
        g, lines = self.g, dict(lines)
        owners, todo = set(), list(g.objects(node, SH.prefixes))
        while todo:  # the prefixes' owners and what they import (owl:imports), transitively
            owner = todo.pop()
            if owner not in owners:
                owners.add(owner)
                todo += list(g.objects(owner, OWL.imports))
        for owner in sorted(owners, key=str):
            for declaration in g.objects(owner, SH.declare):
                prefix, namespace = (
                    g.value(declaration, SH.prefix),
                    g.value(declaration, SH.namespace),
                )
                if prefix is None or namespace is None:
                    raise UnsupportedShapes("an sh:declare without sh:prefix or sh:namespace")
                if lines.get(str(prefix), str(namespace)) != str(namespace):
                    raise UnsupportedShapes(f"the prefix {prefix}: is declared twice")
                lines[str(prefix)] = str(namespace)
        return lines

    def render(self, prefixes: dict[str, str]) -> str:
        return "".join(f"PREFIX {p}: {self.iri(URIRef(n))}\n" for p, n in sorted(prefixes.items()))

    def targets(self, shape: Any) -> str | None:
        """A group binding ``?this`` to every focus node of ``shape``, or ``None``."""
        g, parts = self.g, []
        for cls in g.objects(shape, SH.targetClass):
            parts.append(self.instance_of("?this", cls))
        shape_types = set(g.objects(shape, RDF.type))
        class_types = {RDFS.Class, OWL.Class} if self.rdfs else {RDFS.Class}
        if shape_types & class_types and shape_types & {SH.NodeShape, SH.PropertyShape}:
            parts.append(self.instance_of("?this", shape))
        nodes = list(g.objects(shape, SH.targetNode))
        if nodes:
            parts.append(f"VALUES ?this {{ {' '.join(self.term(n) for n in nodes)} }}")
        for p in g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?this {self.predicate(p)} {self.var()} .")
        for p in g.objects(shape, SH.targetObjectsOf):
            parts.append(f"{self.var()} {self.predicate(p)} ?this .")
        for target in g.objects(shape, SH.target):
            select = g.value(target, SH.select)
            if select is None or set(g.predicates(target)) - {
                RDF.type,
                SH.select,
                SH.prefixes,
                RDFS.label,
                RDFS.comment,
            }:
                raise UnsupportedShapes(f"sh:target {target} on {_shape_name(shape)}")
            self.target_prefixes = self.prefixes(target, self.target_prefixes)
            text = str(select)
            plain = _blank(text)
            if re.search(r"[?$](currentShape|shapesGraph)\b", plain):
                raise UnsupportedShapes("a SPARQL target using $currentShape or $shapesGraph")
            if not re.match(r"\s*SELECT\b", plain, re.I):
                raise UnsupportedShapes("a SPARQL target with its own PREFIX or BASE lines")
            parts.append("{ " + self.sparql_text(text) + " }")
        if not parts:
            return None
        return " UNION ".join("{ " + p + " }" for p in parts)

    target_prefixes: dict[str, str]

    def sparql_text(self, text: str) -> str:
        """SPARQL text of the shapes, ``rdf:type`` read with RDFS under ``inference="rdfs"``."""
        if not self.rdfs:
            return text
        return re.sub(r"(?<![\w:])rdf:type(?![\w/*])", "rdf:type/rdfs:subClassOf*", text)

    # --- which shapes, and checking their keys -------------------------------------------------

    def deactivated(self, shape: Any) -> bool:
        flags = list(self.g.objects(shape, SH.deactivated))
        if len(flags) > 1:
            raise UnsupportedShapes(f"several sh:deactivated on {_shape_name(shape)}")
        return bool(flags) and self.flag(flags[0], SH.deactivated, shape)

    def vet(self, shape: Any) -> None:
        """Refuse a shape with a key this compiler does not implement."""
        for key in set(self.g.predicates(shape)):
            if key in self.custom:
                raise UnsupportedShapes(
                    f"the SPARQL-based constraint component {_name(self.custom[key])} "
                    f"(parameter {_name(key)}) on {_shape_name(shape)}"
                )
            if str(key).startswith(str(SH)) and key not in (
                _VALUE_KEYS | _OTHER_KEYS | _NOT_CONSTRAINTS
            ):
                raise UnsupportedShapes(
                    f"{_name(key)} on shape {_shape_name(shape)} is not supported by the "
                    "SPARQL engine"
                )
        for key in _SINGLE:
            if len(list(self.g.objects(shape, key))) > 1:
                raise UnsupportedShapes(f"several {_name(key)} on {_shape_name(shape)}")
        severity = list(self.g.objects(shape, SH.severity))
        if len(severity) > 1 or (severity and not isinstance(severity[0], URIRef)):
            raise UnsupportedShapes(f"sh:severity {severity} on {_shape_name(shape)}")

    def constraints(self, shape: Any) -> list[tuple[Any, Any]]:
        pairs = [
            (k, p) for k, p in self.g.predicate_objects(shape) if k in _VALUE_KEYS | _OTHER_KEYS
        ]
        return sorted(pairs, key=lambda kp: (str(kp[0]), str(kp[1])))

    # --- "v fails this constraint" and "v conforms to this shape" as SPARQL expressions ---------

    def fails(self, shape: Any, key: Any, param: Any, v: str, stack: tuple[Any, ...]) -> str:
        """A SPARQL expression true when value node ``v`` violates ``key``/``param``."""
        g = self.g
        if key == SH["class"]:
            self.iri(param)  # refuses a class that is not an IRI
            return f"NOT EXISTS {{ {self.instance_of(v, param)} }}"
        if key == SH.datatype:
            return f"!({self.datatype_test(param, v)})"
        if key == SH.nodeKind:
            name = str(param).removeprefix(str(SH))
            if not str(param).startswith(str(SH)) or name not in _NODE_KINDS:
                raise UnsupportedShapes(f"sh:nodeKind {param!r} on {_shape_name(shape)}")
            return "!(" + " || ".join(f"{f}({v})" for f in _NODE_KINDS[name]) + ")"
        if key in _COMPARISONS:
            if not isinstance(param, Literal):
                raise UnsupportedShapes(f"{_name(key)} {param!r} is not a literal")
            return f"!COALESCE({v} {_COMPARISONS[key]} {self.term(param)}, false)"
        if key in (SH.minLength, SH.maxLength):
            sign = ">=" if key == SH.minLength else "<="
            n = _int(param, _name(key), shape)
            return f"(isBlank({v}) || !COALESCE(STRLEN(STR({v})) {sign} {n}, false))"
        if key == SH.pattern:
            flags = list(g.objects(shape, SH.flags))
            if len(flags) > 1 or not isinstance(param, Literal):
                raise UnsupportedShapes(f"sh:pattern {param!r} with flags {flags}")
            pattern = self.term(Literal(str(param)))
            extra = f", {self.term(Literal(str(flags[0])))}" if flags else ""
            return f"(isBlank({v}) || !COALESCE(REGEX(STR({v}), {pattern}{extra}), false))"
        if key == SH.languageIn:
            tags = [str(t) for t in self.members(param, key)]
            any_tag = " || ".join(f"LANGMATCHES(LANG({v}), {self.term(Literal(t))})" for t in tags)
            return f"!(isLiteral({v}) && ({any_tag or 'false'}))"
        if key == SH["in"]:
            members = self.members(param, key)
            return (
                "!("
                + (" || ".join(f"sameTerm({v}, {self.term(m)})" for m in members) or "false")
                + ")"
            )
        if key == SH.node:
            return f"!{self.conforms(param, v, stack)}"
        if key == SH["not"]:
            return self.conforms(param, v, stack)
        if key == SH["and"]:
            tests = [self.conforms(m, v, stack) for m in self.members(param, key)]
            return "!(" + (" && ".join(tests) or "true") + ")"
        if key == SH["or"]:
            tests = [self.conforms(m, v, stack) for m in self.members(param, key)]
            return "!(" + (" || ".join(tests) or "false") + ")"
        if key == SH.xone:
            tests = [f"IF({self.conforms(m, v, stack)}, 1, 0)" for m in self.members(param, key)]
            return "((" + (" + ".join(tests) or "0") + ") != 1)"
        raise UnsupportedShapes(f"{_name(key)} on {_shape_name(shape)}")  # pragma: no cover

    def members(self, param: Any, key: Any) -> list[Any]:
        if param != RDF.nil and self.g.value(param, RDF.first) is None:
            raise UnsupportedShapes(f"{_name(key)} whose value is not a list")
        return list(Collection(self.g, param))

    def datatype_test(self, param: Any, v: str) -> str:
        if not isinstance(param, URIRef):
            raise UnsupportedShapes(f"sh:datatype {param!r} is not an IRI")
        text = str(param)
        if text == str(RDF.langString):
            return f'(isLiteral({v}) && LANG({v}) != "")'
        test = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {self.iri(param)})"
        if text in _CASTABLE:
            return f"({test} && COALESCE({self.iri(param)}(STR({v})) = {v}, false))"
        if text in _ANY_LEXICAL or not (text.startswith(_XSD) or text.startswith(str(RDF))):
            return f"({test})"
        raise UnsupportedShapes(
            f"sh:datatype {_name(param) if text.startswith(str(SH)) else text}: the store "
            "cannot tell its well-formed literals (oxigraph rewrites or does not check them)"
        )

    def conforms(self, shape: Any, v: str, stack: tuple[Any, ...]) -> str:
        """A SPARQL expression true when node ``v`` conforms to ``shape`` (nested shapes)."""
        if shape in stack:
            raise UnsupportedShapes(f"the recursive shape {_shape_name(shape)}")
        if len(stack) > 20:
            raise UnsupportedShapes("shapes nested more than 20 levels deep")
        self.vet(shape)
        if self.deactivated(shape):
            return "true"
        stack = (*stack, shape)
        if self.g.value(shape, SH.path) is not None:
            return self.property_conforms(shape, v, stack)
        tests = []
        for key, param in self.constraints(shape):
            if key in _VALUE_KEYS:
                tests.append(f"!({self.fails(shape, key, param, v, stack)})")
            elif key == SH.property:
                tests.append(self.nested_property(param, v, stack))
            elif key == SH.hasValue:
                tests.append(f"sameTerm({v}, {self.term(param)})")
            elif key == SH.equals:
                p, x = self.predicate(param), self.var()
                tests.append(
                    f"(NOT EXISTS {{ {v} {p} {x} FILTER(!sameTerm({x}, {v})) }} && "
                    f"EXISTS {{ {v} {p} {v} }})"
                )
            elif key == SH.disjoint:
                tests.append(f"NOT EXISTS {{ {v} {self.predicate(param)} {v} }}")
            elif key == SH.closed:
                if (closed := self.closed_test(shape, param, v)) is not None:
                    tests.append(f"!({closed})")
            else:
                raise UnsupportedShapes(
                    f"{_name(key)} on the node shape {_shape_name(shape)} reached through "
                    "another shape"
                )
        return "(" + (" && ".join(tests) or "true") + ")"

    def nested_property(self, prop: Any, focus: str, stack: tuple[Any, ...]) -> str:
        if self.g.value(prop, SH.path) is None:
            raise UnsupportedShapes(f"sh:property {_shape_name(prop)} without sh:path")
        if prop in stack:
            raise UnsupportedShapes(f"the recursive shape {_shape_name(prop)}")
        self.vet(prop)
        if self.deactivated(prop):
            return "true"
        return self.property_conforms(prop, focus, (*stack, prop))

    def property_conforms(self, shape: Any, f: str, stack: tuple[Any, ...]) -> str:
        """True when focus node ``f`` conforms to the property shape ``shape``."""
        g = self.g
        p = self.path(g.value(shape, SH.path))
        tests = []
        for key, param in self.constraints(shape):
            x = self.var()
            if key in _VALUE_KEYS:
                fail = self.fails(shape, key, param, x, stack)
                tests.append(f"NOT EXISTS {{ {f} {p} {x} . FILTER({fail}) }}")
            elif key == SH.property:
                inner = self.nested_property(param, x, stack)
                tests.append(f"NOT EXISTS {{ {f} {p} {x} . FILTER(!{inner}) }}")
            elif key in (SH.minCount, SH.maxCount):
                n = _int(param, _name(key), shape)
                tests.append(self.count_test(f, p, n, key == SH.minCount, None, stack))
            elif key == SH.qualifiedValueShape:
                condition = self.qualified_condition(shape, param, stack)
                for bound, at_least in (
                    (SH.qualifiedMinCount, True),
                    (SH.qualifiedMaxCount, False),
                ):
                    for n in g.objects(shape, bound):
                        count = _int(n, _name(bound), shape)
                        tests.append(self.count_test(f, p, count, at_least, condition, stack))
            elif key == SH.hasValue:
                tests.append(f"EXISTS {{ {f} {p} {self.term(param)} }}")
            elif key == SH.uniqueLang:
                if self.flag(param, key, shape):
                    y = self.var()
                    tests.append(
                        f"NOT EXISTS {{ {f} {p} {x} . {f} {p} {y} . FILTER(!sameTerm({x}, {y}) "
                        f'&& isLiteral({x}) && isLiteral({y}) && LANG({x}) != "" && '
                        f"LCASE(LANG({x})) = LCASE(LANG({y}))) }}"
                    )
            elif key == SH.equals:
                q = self.predicate(param)
                tests.append(
                    f"(NOT EXISTS {{ {f} {p} {x} FILTER NOT EXISTS {{ {f} {q} {x} }} }} && "
                    f"NOT EXISTS {{ {f} {q} {x} FILTER NOT EXISTS {{ {f} {p} {x} }} }})"
                )
            elif key == SH.disjoint:
                tests.append(f"NOT EXISTS {{ {f} {p} {x} . {f} {self.predicate(param)} {x} }}")
            elif key in (SH.lessThan, SH.lessThanOrEquals):
                o, sign = self.var(), "<" if key == SH.lessThan else "<="
                q = self.predicate(param)
                tests.append(
                    f"NOT EXISTS {{ {f} {p} {x} . {f} {q} {o} . "
                    f"FILTER(!COALESCE({x} {sign} {o}, false)) }}"
                )
            else:
                raise UnsupportedShapes(
                    f"{_name(key)} on the property shape {_shape_name(shape)} reached through "
                    "another shape"
                )
        return "(" + (" && ".join(tests) or "true") + ")"

    def count_test(
        self, f: str, p: str, n: int, at_least: bool, condition: Any, stack: tuple[Any, ...]
    ) -> str:
        """True when ``f`` has at least (or at most) ``n`` distinct values (meeting condition)."""
        if at_least and n <= 0:
            return "true"
        need = n if at_least else n + 1  # values that must (or must not) exist
        if need > _NESTED_COUNT:
            raise UnsupportedShapes(f"a count of {n} inside a shape reached through another")
        xs = [self.var() for _ in range(need)]
        parts = [f"{f} {p} {x} ." for x in xs]
        if condition is not None:
            parts += [f"FILTER({condition(x)})" for x in xs]
        distinct = [f"!sameTerm({a}, {b})" for i, a in enumerate(xs) for b in xs[i + 1 :]]
        if distinct:
            parts.append(f"FILTER({' && '.join(distinct)})")
        found = f"EXISTS {{ {' '.join(parts)} }}"
        return found if at_least else f"!{found}"

    def qualified_condition(self, shape: Any, qualified: Any, stack: tuple[Any, ...]) -> Any:
        """``v -> expression``: v conforms to the qualified shape (and to no sibling's)."""
        g = self.g
        flags = list(g.objects(shape, SH.qualifiedValueShapesDisjoint))
        disjoint = bool(flags) and self.flag(flags[0], SH.qualifiedValueShapesDisjoint, shape)
        siblings = []
        if disjoint:
            for parent in g.subjects(SH.property, shape):
                for sibling in g.objects(parent, SH.property):
                    if sibling != shape:
                        siblings += list(g.objects(sibling, SH.qualifiedValueShape))
        if list(g.objects(shape, SH.qualifiedValueShape)) != [qualified]:
            raise UnsupportedShapes(f"several sh:qualifiedValueShape on {_shape_name(shape)}")

        def condition(v: str) -> str:
            tests = [self.conforms(qualified, v, stack)]
            tests += [f"!{self.conforms(s, v, stack)}" for s in siblings]
            return "(" + " && ".join(tests) + ")"

        return condition

    def flag(self, param: Any, key: Any, shape: Any) -> bool:
        """True only for ``true`` itself (SHACL names ``true``; ``"1"^^xsd:boolean`` is not it)."""
        if not isinstance(param, Literal) or param.datatype != URIRef(_XSD + "boolean"):
            raise UnsupportedShapes(f"{_name(key)} {param!r} on {_shape_name(shape)}")
        if str(param) not in ("true", "false", "1", "0"):
            raise UnsupportedShapes(f"{_name(key)} {param!r} on {_shape_name(shape)}")
        return str(param) == "true"

    def closed_test(self, shape: Any, param: Any, v: str) -> str | None:
        """A pattern-free expression true when ``v`` has a property the closed shape forbids."""
        if not self.flag(param, SH.closed, shape):
            return None
        if self.g.value(shape, SH.path) is not None:
            raise UnsupportedShapes(f"sh:closed on the property shape {_shape_name(shape)}")
        allowed = self.closed_allowed(shape)
        pp, o = self.var(), self.var()
        listed = ", ".join(self.iri(a) for a in sorted(allowed)) or "<urn:x-habitatkg:none>"
        return f"EXISTS {{ {v} {pp} {o} . FILTER({pp} NOT IN ({listed})) }}"

    def closed_allowed(self, shape: Any) -> set[Any]:
        g = self.g
        allowed = {
            path
            for prop in g.objects(shape, SH.property)
            if isinstance(path := g.value(prop, SH.path), URIRef)
        }
        for ignored in g.objects(shape, SH.ignoredProperties):
            allowed |= set(self.members(ignored, SH.ignoredProperties))
        return allowed

    # --- one query per constraint of a shape with targets --------------------------------------

    def checks(self) -> list[_Check]:
        g = self.g
        starts = {s for p in _TARGETS for s in g.subjects(p)}
        class_types = {RDFS.Class, OWL.Class} if self.rdfs else {RDFS.Class}
        for kind in (SH.NodeShape, SH.PropertyShape):
            for shape in g.subjects(RDF.type, kind):
                if set(g.objects(shape, RDF.type)) & class_types:
                    starts.add(shape)
        found: list[_Check] = []
        for shape in sorted(starts, key=str):
            self.vet(shape)
            if self.deactivated(shape):
                continue
            self.target_prefixes = {}
            target = self.targets(shape)
            if target is None:
                continue
            prologue = self.render(self.target_prefixes)
            focus = f"{{ SELECT DISTINCT ?this WHERE {{ {target} }} }}"
            self.prefix_base = dict(self.target_prefixes)
            found += self.shape_checks(shape, focus, prologue, ())
        return found

    def shape_checks(
        self, shape: Any, focus: str, prologue: str, stack: tuple[Any, ...], ctx: str = ""
    ) -> list[_Check]:
        """The checks of ``shape`` for the focus nodes ``focus`` (a group binding ``?this``).

        ``ctx`` names the variables that tell apart the parents a focus node is reached from
        (``sh:property`` of a property shape): each parent validates it, and reports, anew.
        """
        g = self.g
        if shape in stack:
            raise UnsupportedShapes(f"the recursive shape {_shape_name(shape)}")
        if len(stack) > 20:
            raise UnsupportedShapes("shapes nested more than 20 levels deep")
        self.vet(shape)
        if self.deactivated(shape):
            return []
        inner = (*stack, shape)
        path = g.value(shape, SH.path)
        p = None if path is None else self.path(path)
        values = "BIND(?this AS ?value)" if p is None else f"?this {p} ?value ."
        head = f"{prologue}SELECT DISTINCT ?this ?value{ctx} WHERE {{ {focus} {values} "
        out: list[_Check] = []
        for key, param in self.constraints(shape):
            name = str(key).removeprefix(str(SH))
            component = name[0].upper() + name[1:]
            if key in _VALUE_KEYS:
                fail = self.fails(shape, key, param, "?value", inner)
                out.append(_Check(shape, component, head + f"FILTER({fail}) }}", path))
            elif key == SH.property:
                if g.value(param, SH.path) is None:
                    raise UnsupportedShapes(f"sh:property {_shape_name(param)} without sh:path")
                nested = focus
                nested_ctx = ctx
                if p is not None:
                    f = self.var()
                    nested = (
                        f"{{ SELECT DISTINCT ?this{ctx} {f} WHERE {{ {{ SELECT DISTINCT "
                        f"(?this AS {f}){ctx} WHERE {{ {focus} }} }} {f} {p} ?this . }} }}"
                    )
                    nested_ctx = f"{ctx} {f}"
                out += self.shape_checks(param, nested, prologue, inner, nested_ctx)
            elif key in (SH.minCount, SH.maxCount):
                if p is None:
                    raise UnsupportedShapes(f"sh:{name} on the node shape {_shape_name(shape)}")
                n = _int(param, _name(key), shape)
                out.append(
                    self.count_check(shape, focus, path, component, key, n, None, prologue, ctx)
                )
            elif key == SH.qualifiedValueShape:
                if p is None:
                    raise UnsupportedShapes(
                        f"sh:qualifiedValueShape on node shape {_shape_name(shape)}"
                    )
                condition = self.qualified_condition(shape, param, inner)
                for bound, bound_name in (
                    (SH.qualifiedMinCount, "QualifiedMinCount"),
                    (SH.qualifiedMaxCount, "QualifiedMaxCount"),
                ):
                    for n in g.objects(shape, bound):
                        count = _int(n, _name(bound), shape)
                        out.append(
                            self.count_check(
                                shape,
                                focus,
                                path,
                                bound_name,
                                bound,
                                count,
                                condition,
                                prologue,
                                ctx,
                            )
                        )
            elif key == SH.hasValue:
                test = (
                    f"FILTER(!sameTerm(?this, {self.term(param)}))"
                    if p is None
                    else f"FILTER NOT EXISTS {{ ?this {p} {self.term(param)} }}"
                )
                query = f"{prologue}SELECT DISTINCT ?this{ctx} WHERE {{ {focus} {test} }}"
                out.append(_Check(shape, component, query, path))
            elif key == SH.uniqueLang:
                if not self.flag(param, key, shape):
                    continue
                if p is None:
                    raise UnsupportedShapes(f"sh:uniqueLang on the node shape {_shape_name(shape)}")
                tagged = f'{values} FILTER(isLiteral(?value) && LANG(?value) != "")'
                query = (
                    f"{prologue}SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this ?value{ctx} "
                    f"WHERE {{ {focus} {tagged} }} }} }} "
                    f"GROUP BY ?this{ctx} (LCASE(LANG(?value)) AS ?lang) "
                    "HAVING (COUNT(?value) > 1)"
                )
                out.append(_Check(shape, component, query, path))
            elif key == SH.disjoint:
                query = head + f"?this {self.predicate(param)} ?value . }}"
                out.append(_Check(shape, component, query, path))
            elif key == SH.equals:
                q = self.predicate(param)
                if p is None:
                    mine = "BIND(?this AS ?value) FILTER NOT EXISTS { ?this " + q + " ?this }"
                    theirs = f"?this {q} ?value . FILTER(!sameTerm(?this, ?value))"
                else:
                    mine = f"?this {p} ?value . FILTER NOT EXISTS {{ ?this {q} ?value }}"
                    theirs = f"?this {q} ?value . FILTER NOT EXISTS {{ ?this {p} ?value }}"
                query = (
                    f"{prologue}SELECT DISTINCT ?this ?value{ctx} WHERE {{ "
                    f"{{ {focus} {mine} }} UNION {{ {focus} {theirs} }} }}"
                )
                out.append(_Check(shape, component, query, path))
            elif key in (SH.lessThan, SH.lessThanOrEquals):
                if p is None:
                    raise UnsupportedShapes(f"sh:{name} on the node shape {_shape_name(shape)}")
                sign = "<" if key == SH.lessThan else "<="
                o = self.var()
                query = (  # one result per pair of values compared
                    f"{prologue}SELECT DISTINCT ?this ?value {o}{ctx} WHERE {{ {focus} {values} "
                    f"?this {self.predicate(param)} {o} . "
                    f"FILTER(!COALESCE(?value {sign} {o}, false)) }}"
                )
                out.append(_Check(shape, component, query, path))
            elif key == SH.closed:
                if not self.flag(param, key, shape):
                    continue
                if p is not None:
                    raise UnsupportedShapes(f"sh:closed on the property shape {_shape_name(shape)}")
                allowed = self.closed_allowed(shape)
                listed = ", ".join(self.iri(a) for a in sorted(allowed)) or "<urn:x-habitatkg:none>"
                query = (
                    f"{prologue}SELECT DISTINCT ?this ?path ?value{ctx} WHERE {{ {focus} "
                    f"?this ?path ?value . FILTER(?path NOT IN ({listed})) }}"
                )
                out.append(_Check(shape, component, query, None, path_from_answer=True))
            elif (
                key == SH.sparql
                and (check := self.sparql_check(shape, focus, path, p, param)) is not None
            ):
                out.append(check)
        return out

    def count_check(
        self,
        shape: Any,
        focus: str,
        path: Any,
        component: str,
        key: Any,
        n: int,
        condition: Any,
        prologue: str,
        ctx: str = "",
    ) -> _Check:
        p = self.path(path)
        test = "" if condition is None else f"FILTER({condition('?value')})"
        too_few = key in (SH.minCount, SH.qualifiedMinCount)
        if too_few and n == 1 and condition is None:
            # MINUS, not FILTER NOT EXISTS: the same answer here (?this is bound in both sides
            # and the only variable they share), and oxigraph evaluates a NOT EXISTS over a
            # sequence path once per focus node (quadratic: 8 s on 10,000 passages)
            query = (
                f"{prologue}SELECT DISTINCT ?this{ctx} WHERE {{ {focus} "
                f"MINUS {{ ?this {p} ?value . }} }}"
            )
        elif too_few and n == 1:
            query = (
                f"{prologue}SELECT DISTINCT ?this{ctx} WHERE {{ {focus} "
                f"FILTER NOT EXISTS {{ ?this {p} ?value . {test} }} }}"
            )
        elif too_few and n <= 0:
            query = "SELECT ?this WHERE { FILTER(false) }"
        else:
            compare = f"< {n}" if too_few else f"> {n}"
            query = (
                f"{prologue}SELECT ?this WHERE {{ {focus} "
                f"OPTIONAL {{ ?this {p} ?value . {test} }} }} "
                f"GROUP BY ?this{ctx} HAVING (COUNT(DISTINCT ?value) {compare})"
            )
        return _Check(shape, component, query, path)

    def sparql_check(
        self, shape: Any, focus: str, path: Any, p: str | None, constraint: Any
    ) -> _Check | None:
        """A SPARQL-based constraint, its pre-bound variables bound as SHACL-SPARQL says."""
        g = self.g
        keys = set(g.predicates(constraint)) - {
            RDF.type,
            SH.select,
            SH.prefixes,
            SH.message,
            SH.deactivated,
            RDFS.label,
            RDFS.comment,
        }
        if any(str(k).startswith(str(SH)) for k in keys):
            raise UnsupportedShapes(f"sh:sparql with {sorted(map(_name, keys))}")
        if self.deactivated(constraint):
            return None
        selects = list(g.objects(constraint, SH.select))
        if len(selects) != 1:
            raise UnsupportedShapes(f"sh:sparql on {_shape_name(shape)} without one sh:select")
        prologue = self.render(self.prefixes(constraint, self.prefix_base))
        text = _prebind(str(selects[0]), shape=shape, path=p)
        query = _join_focus(self.sparql_text(text), focus)
        return _Check(shape, "SPARQL", prologue + query, path, constraint, value_is_focus=p is None)


#: Strings, IRIs and comments of a SPARQL text (blanked out before it is analysed).
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
)


def _blank(text: str) -> str:
    """``text`` with strings, IRIs and comments replaced by spaces of the same length."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


def _prebind(text: str, *, shape: Any, path: str | None) -> str:
    """The SELECT of a SPARQL-based constraint with ``$PATH`` and ``$currentShape`` bound."""
    plain = _blank(text)
    for word in ("MINUS", "VALUES", "SERVICE"):
        if re.search(rf"\b{word}\b", plain, re.I):
            raise UnsupportedShapes(f"a SPARQL constraint using {word} (not allowed by SHACL)")
    if len(re.findall(r"\bSELECT\b", plain, re.I)) != 1:
        raise UnsupportedShapes("a SPARQL constraint with a subquery")
    if re.search(r"[?$](shapesGraph|failure)\b", plain):
        raise UnsupportedShapes("a SPARQL constraint using $shapesGraph or ?failure")
    if re.search(r"(?i:\bAS)\s+[?$](this|PATH|currentShape)\b", plain):
        raise UnsupportedShapes("a SPARQL constraint assigning a pre-bound variable with AS")
    if re.search(r"[?$]PATH\b", plain):
        if path is None:
            raise UnsupportedShapes("$PATH in a SPARQL constraint of a node shape")
        text = _replace_var(text, plain, "PATH", path)
        plain = _blank(text)
    if re.search(r"[?$]currentShape\b", plain):
        if not isinstance(shape, URIRef):
            raise UnsupportedShapes("$currentShape bound to a blank-node shape")
        text = _replace_var(text, plain, "currentShape", f"<{shape}>")
        plain = _blank(text)
    _check_this(plain)
    return text


def _replace_var(text: str, plain: str, name: str, value: str) -> str:
    out, last = [], 0
    for match in re.finditer(rf"[?$]{name}\b", plain):
        out.append(text[last : match.start()])
        out.append(value)
        last = match.end()
    return "".join(out) + text[last:]


def _check_this(plain: str) -> None:
    """Refuse ``$this`` where joining the focus nodes first is not the same as pre-binding.

    The focus nodes are joined as the first element of the query's WHERE group: that binds
    ``$this`` before every pattern, filter, ``BIND`` and ``OPTIONAL`` of that group, and inside
    ``EXISTS``/``NOT EXISTS``; a nested group, ``UNION`` or ``GRAPH`` block is evaluated on
    its own, so ``$this`` must not occur in one.
    """
    where = re.search(r"\{", plain)
    if where is None:
        raise UnsupportedShapes("a SPARQL constraint without a WHERE clause")
    stack: list[str] = []
    tokens = re.finditer(r"\{|\}|[?$]this\b|\b(?:OPTIONAL|EXISTS|UNION|GRAPH)\b", plain, re.I)
    previous = ""
    for match in tokens:
        token = match.group(0)
        if token == "{":
            if not stack:
                stack.append("where")
            elif previous.upper() in ("OPTIONAL", "EXISTS"):
                stack.append(previous.upper())
            else:
                stack.append("group")
        elif token == "}":
            if stack:
                stack.pop()
        elif token.lower().endswith("this") and token[0] in "?$":
            inner = stack[1:]
            if (
                inner
                and inner[0] != "EXISTS"
                and inner != ["OPTIONAL"]
                and not (inner[0] == "OPTIONAL" and "EXISTS" in inner[1:2])
            ):
                raise UnsupportedShapes(
                    "$this inside a nested group, UNION or GRAPH of a SPARQL constraint"
                )
        previous = token


def _join_focus(text: str, focus: str) -> str:
    """The constraint's SELECT with the focus nodes joined first in its WHERE group."""
    plain = _blank(text)
    select = re.search(r"\bSELECT\b\s*(DISTINCT\b|REDUCED\b)?", plain, re.I)
    brace = plain.index("{")
    if select is None or select.start() > brace:
        raise UnsupportedShapes("a SPARQL constraint that is not a SELECT query")
    projection = plain[select.end() : brace]
    text = text[:brace] + "{ " + focus + " " + text[brace + 1 :]
    if "*" not in projection and not re.search(r"[?$]this\b", projection):
        if re.search(r"\bGROUP\s+BY\b", plain, re.I):
            raise UnsupportedShapes("a grouped SPARQL constraint that does not select $this")
        text = text[: select.end()] + " ?this " + text[select.end() :]
    return _replace_var(text, _blank(text), "this", "?this")
