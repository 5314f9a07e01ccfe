"""Run SHACL shapes as SPARQL queries inside the store, without copying the data into rdflib.

pyshacl validates an rdflib graph node by node: on a million triples that means a copy of the
store in Python objects and minutes of work. This module compiles each constraint of the shapes
into one SPARQL ``SELECT`` that returns every node violating it, runs it on the knowledge
graph's own engine (pyoxigraph in memory or on disk, or a remote endpoint) and writes the
answers as a standard SHACL validation report graph, the same one pyshacl writes, so that
:func:`validate_store` turns it into the same
:class:`~habitatkg.ValidationReport`.

What is supported (what the packaged shapes use, and a little more): node shapes with
``sh:targetClass``, ``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf`` and
``sh:SPARQLTarget``; property shapes with predicate, inverse, sequence and alternative paths;
the core constraints ``class``, ``datatype``, ``nodeKind``, ``minCount``, ``maxCount``,
``min/maxInclusive``, ``min/maxExclusive``, ``min/maxLength``, ``pattern``, ``languageIn``,
``uniqueLang``, ``in``, ``hasValue``, ``disjoint``, ``node``, ``or``, ``and``,
``not``, ``qualifiedValueShape`` with ``qualifiedMinCount``/``qualifiedMaxCount``; and
SPARQL-based constraints (``sh:sparql``). Anything else raises :class:`UnsupportedShapes`, and
the caller falls back to pyshacl.

RDFS entailment, as pyshacl runs it here (``inference="rdfs"`` without domains and ranges), is
compiled into the queries: a class stands for itself and its subclasses, a property for itself
and its subproperties, both computed from the ``rdfs:subClassOf``/``rdfs:subPropertyOf``
triples in the store. In the text of SPARQL-based targets and constraints, ``rdf:type`` is read
as ``rdf:type/rdfs:subClassOf*``.

Example:
    >>> import pyoxigraph as ox, rdflib
    >>> from habitatkg._store import MemoryStore
    >>> store = MemoryStore()
    >>> store.native.load(b'''@prefix hk: <https://w3id.org/habitatkg/ontology#> .
    ...     <https://example.org/q> a hk:Quantity ; hk:value -3 .''', format=ox.RdfFormat.TURTLE)
    >>> shapes = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     @prefix hk: <https://w3id.org/habitatkg/ontology#> .
    ...     <https://example.org/S> a sh:NodeShape ; sh:targetClass hk:Quantity ;
    ...         sh:property [ sh:path hk:value ; sh:minInclusive 0 ] .''')
    >>> report = run_shapes(store, shapes)
    >>> [str(v) for v in report.objects(None, rdflib.SH.value)]
    ['-3']
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS, SH, BNode, Literal, URIRef
from rdflib.collection import Collection

from habitatkg._errors import ShapesError, ValidatorError
from habitatkg._shacl import _reference
from habitatkg._shacl._report import ValidationReport, _report
from habitatkg._store import GraphStore

__all__ = ["ENGINES", "UnsupportedShapes", "run_shapes", "validate_store"]

#: The validation engines :func:`validate_store` and ``KnowledgeGraph.validate`` accept.
ENGINES = ("auto", "sparql", "pyshacl")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LANG_STRING = str(RDF.langString)
#: Datatypes whose lexical forms SPARQL can check with a cast (an ill-formed literal fails).
_CASTABLE = {
    f"{_XSD}{name}"
    for name in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime")
}
_COMPONENT = "http://www.w3.org/ns/shacl#{}ConstraintComponent"
#: Keys of a shape that are constraints (or parameters of one) this compiler understands.
_PARAMETERS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.flags,
    SH.languageIn,
    SH.uniqueLang,
    SH["in"],
    SH.hasValue,
    SH.disjoint,
    SH.node,
    SH["or"],
    SH["and"],
    SH["not"],
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.sparql,
}
_UNSUPPORTED = {
    SH.xone,
    SH.equals,
    SH.closed,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.qualifiedValueShapesDisjoint,
    URIRef("http://www.w3.org/ns/shacl#targetShape"),
}


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


class _Compiler:
    def __init__(
        self, shapes: rdflib.Graph, store: GraphStore, ontology: rdflib.Graph | None
    ) -> None:
        self.g = shapes
        self.store = store
        self.ontology = ontology
        self.sub_classes = self._closure(RDFS.subClassOf)
        self.sub_properties = self._closure(RDFS.subPropertyOf)
        self.prologue = self._prologue()
        self._fresh = 0

    # --- the ontology as the store holds it -----------------------------------------------

    def _closure(self, predicate: URIRef) -> dict[str, set[str]]:
        """``{super: every sub, itself included}`` from ``predicate`` in the store and ontology."""
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
        return closure

    def _prologue(self) -> str:
        lines = {}
        for declaration in self.g.objects(None, SH.declare):
            prefix, namespace = (
                self.g.value(declaration, SH.prefix),
                self.g.value(declaration, SH.namespace),
            )
            if prefix is not None and namespace is not None:
                lines[str(prefix)] = f"PREFIX {prefix}: <{namespace}>"
        return "\n".join(lines[p] for p in sorted(lines)) + "\n"

    def var(self) -> str:
        self._fresh += 1
        return f"?_v{self._fresh}"

    # --- terms, paths, targets ---------------------------------------------------------------

    @staticmethod
    def term(node: Any) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        if isinstance(node, Literal):
            text = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            text = text.replace("\r", "\\r")
            if node.language:
                return f'"{text}"@{node.language}'
            return f'"{text}"^^<{node.datatype or _XSD + "string"}>'
        raise UnsupportedShapes(f"a blank node cannot be written into a query ({node})")

    def classes(self, cls: Any) -> str:
        """``VALUES``-ready list of ``cls`` and its subclasses."""
        return " ".join(f"<{c}>" for c in sorted(self.sub_classes.get(str(cls), {str(cls)})))

    def instance_of(self, var: str, cls: Any) -> str:
        t = self.var()
        return f"{var} <{RDF.type}> {t} . VALUES {t} {{ {self.classes(cls)} }}"

    def predicate(self, iri: Any) -> str:
        found = sorted(self.sub_properties.get(str(iri), {str(iri)}))
        return f"<{found[0]}>" if len(found) == 1 else "(" + "|".join(f"<{p}>" for p in found) + ")"

    def path(self, node: Any) -> str:
        g = self.g
        if isinstance(node, URIRef):
            return self.predicate(node)
        if (inverse := g.value(node, SH.inversePath)) is not None:
            return f"^{self.path(inverse)}"
        if (alternatives := g.value(node, SH.alternativePath)) is not None:
            return "(" + "|".join(self.path(m) for m in Collection(g, alternatives)) + ")"
        for key, suffix in (
            (SH.zeroOrMorePath, "*"),
            (SH.oneOrMorePath, "+"),
            (SH.zeroOrOnePath, "?"),
        ):
            if (inner := g.value(node, key)) is not None:
                return f"({self.path(inner)}){suffix}"
        if g.value(node, RDF.first) is not None:
            return "(" + "/".join(self.path(m) for m in Collection(g, node)) + ")"
        raise UnsupportedShapes(f"unsupported sh:path {node}")

    def sparql_text(self, text: str) -> str:
        """A SPARQL-based target or constraint, with ``$this`` as ``?this`` and RDFS types."""
        text = re.sub(r"\$(\w+)", r"?\1", text)
        return re.sub(r"(?<![\w:])rdf:type(?![\w/*])", "rdf:type/rdfs:subClassOf*", text)

    def targets(self, shape: Any) -> str | None:
        """A group binding ``?this`` to every focus node of ``shape``, or ``None``."""
        g, parts = self.g, []
        for cls in g.objects(shape, SH.targetClass):
            parts.append(self.instance_of("?this", cls))
        if (shape, RDF.type, RDFS.Class) in g or (
            shape,
            RDF.type,
            URIRef("http://www.w3.org/2002/07/owl#Class"),
        ) in g:
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
            if select is None:
                raise UnsupportedShapes(f"unsupported sh:target {target} on {shape}")
            parts.append("{ " + self.sparql_text(str(select)) + " }")
        if not parts:
            return None
        return " UNION ".join("{ " + p + " }" for p in parts)

    # --- constraints ---------------------------------------------------------------------------

    def fails(self, shape: Any, key: Any, param: Any, v: str) -> str | None:
        """A SPARQL expression true when value ``v`` violates ``key``/``param``; else ``None``."""
        g = self.g
        if key == SH["class"]:
            t = self.var()
            return f"NOT EXISTS {{ {v} <{RDF.type}> {t} . VALUES {t} {{ {self.classes(param)} }} }}"
        if key == SH.datatype:
            test = f"isLiteral({v}) && sameTerm(DATATYPE({v}), <{param}>)"
            if str(param) == _RDF_LANG_STRING:
                test = f'isLiteral({v}) && LANG({v}) != ""'
            elif str(param) in _CASTABLE:
                test += f" && COALESCE(<{param}>(STR({v})) = {v}, false)"
            return f"!({test})"
        if key == SH.nodeKind:
            name = str(param).rsplit("#", 1)[-1]
            allowed = {
                "IRI": "isIRI",
                "BlankNode": "isBlank",
                "Literal": "isLiteral",
            }
            tests = [f"{allowed[k]}({v})" for k in allowed if k in name]
            if not tests:
                raise UnsupportedShapes(f"unsupported sh:nodeKind {param}")
            return "!(" + " || ".join(tests) + ")"
        comparisons = {
            SH.minInclusive: ">=",
            SH.maxInclusive: "<=",
            SH.minExclusive: ">",
            SH.maxExclusive: "<",
        }
        if key in comparisons:
            return f"!COALESCE({v} {comparisons[key]} {self.term(param)}, false)"
        if key in (SH.minLength, SH.maxLength):
            sign = ">=" if key == SH.minLength else "<="
            return f"(isBlank({v}) || !COALESCE(STRLEN(STR({v})) {sign} {int(str(param))}, false))"
        if key == SH.pattern:
            flags = g.value(shape, SH.flags)
            pattern = self.term(Literal(str(param)))
            extra = f", {self.term(Literal(str(flags)))}" if flags is not None else ""
            return f"(isBlank({v}) || !COALESCE(REGEX(STR({v}), {pattern}{extra}), false))"
        if key == SH.languageIn:
            tags = [str(t) for t in Collection(g, param)]
            any_tag = " || ".join(f"LANGMATCHES(LANG({v}), {self.term(Literal(t))})" for t in tags)
            return f"!(isLiteral({v}) && ({any_tag or 'false'}))"
        if key == SH["in"]:
            members = list(Collection(g, param))
            any_member = " || ".join(f"sameTerm({v}, {self.term(m)})" for m in members)
            return f"!({any_member or 'false'})"
        if key == SH.node:
            return f"!({self.conforms(param, v)})"
        if key == SH["or"]:
            members = list(Collection(g, param))
            return "!(" + (" || ".join(self.conforms(m, v) for m in members) or "false") + ")"
        if key == SH["and"]:
            members = list(Collection(g, param))
            return "!(" + (" && ".join(self.conforms(m, v) for m in members) or "true") + ")"
        if key == SH["not"]:
            return f"({self.conforms(param, v)})"
        return None

    def conforms(self, shape: Any, v: str) -> str:
        """A SPARQL expression true when node ``v`` conforms to ``shape`` (nested shapes)."""
        g, tests = self.g, []
        for key, param in g.predicate_objects(shape):
            if key in _UNSUPPORTED or key in (SH.sparql, SH.uniqueLang, SH.disjoint):
                raise UnsupportedShapes(f"{key} inside a nested shape ({shape})")
            if key == SH.property:
                tests.append(self.property_conforms(param, v))
            elif key == SH.hasValue and g.value(shape, SH.path) is None:
                tests.append(f"sameTerm({v}, {self.term(param)})")
            elif g.value(shape, SH.path) is None and (fail := self.fails(shape, key, param, v)):
                tests.append(f"!({fail})")
        if g.value(shape, SH.path) is not None:
            tests.append(self.property_conforms(shape, v))
        return "(" + (" && ".join(tests) or "true") + ")"

    def property_conforms(self, shape: Any, focus: str) -> str:
        g = self.g
        path = self.path(g.value(shape, SH.path))
        tests = []
        for key, param in g.predicate_objects(shape):
            value = self.var()
            if key == SH.minCount:
                if int(str(param)) > 1:
                    raise UnsupportedShapes("sh:minCount above 1 inside a nested shape")
                if int(str(param)) == 1:
                    tests.append(f"EXISTS {{ {focus} {path} {value} }}")
            elif key == SH.maxCount:
                if int(str(param)) != 0:
                    raise UnsupportedShapes("sh:maxCount above 0 inside a nested shape")
                tests.append(f"NOT EXISTS {{ {focus} {path} {value} }}")
            elif key == SH.hasValue:
                tests.append(f"EXISTS {{ {focus} {path} {self.term(param)} }}")
            elif key in (SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount):
                raise UnsupportedShapes("sh:qualifiedValueShape inside a nested shape")
            elif (fail := self.fails(shape, key, param, value)) is not None:
                tests.append(f"NOT EXISTS {{ {focus} {path} {value} . FILTER({fail}) }}")
        return "(" + (" && ".join(tests) or "true") + ")"

    # --- one query per constraint -----------------------------------------------------------

    def checks(self) -> Iterator[_Check]:
        g = self.g
        shapes = set(g.subjects(RDF.type, SH.NodeShape)) | {
            s
            for p in (
                SH.targetClass,
                SH.targetNode,
                SH.targetSubjectsOf,
                SH.targetObjectsOf,
                SH.target,
            )
            for s in g.subjects(p)
        }
        for shape in sorted(shapes, key=str):
            if g.value(shape, SH.deactivated) == Literal(True):
                continue
            target = self.targets(shape)
            if target is None:
                continue
            yield from self.shape_checks(shape, target, path=None)
            for prop in g.objects(shape, SH.property):
                if g.value(prop, SH.deactivated) == Literal(True):
                    continue
                yield from self.shape_checks(prop, target, path=g.value(prop, SH.path))

    def shape_checks(self, shape: Any, target: str, *, path: Any) -> Iterator[_Check]:
        g = self.g
        for key in set(g.predicates(shape)):
            if key in _UNSUPPORTED:
                raise UnsupportedShapes(
                    f"{key} on shape {shape} is not supported by the SPARQL engine"
                )
        values = "BIND(?this AS ?value)" if path is None else f"?this {self.path(path)} ?value ."
        head = f"{self.prologue}SELECT DISTINCT ?this ?value WHERE {{ {{ {target} }} {values} "
        for key, param in sorted(
            g.predicate_objects(shape), key=lambda kp: (str(kp[0]), str(kp[1]))
        ):
            name = str(key).rsplit("#", 1)[-1]
            component = name[0].upper() + name[1:]
            if key in (SH.minCount, SH.maxCount):
                if path is None:
                    raise UnsupportedShapes(f"sh:{name} on node shape {shape}")
                yield self.count_check(shape, target, path, component, key, int(str(param)), None)
            elif key == SH.qualifiedValueShape:
                for bound, bound_name in (
                    (SH.qualifiedMinCount, "QualifiedMinCount"),
                    (SH.qualifiedMaxCount, "QualifiedMaxCount"),
                ):
                    if (n := g.value(shape, bound)) is not None:
                        yield self.count_check(
                            shape, target, path, bound_name, bound, int(str(n)), param
                        )
            elif key == SH.hasValue:
                test = (
                    f"FILTER(!sameTerm(?this, {self.term(param)}))"
                    if path is None
                    else f"FILTER NOT EXISTS {{ ?this {self.path(path)} {self.term(param)} }}"
                )
                query = f"{self.prologue}SELECT DISTINCT ?this WHERE {{ {{ {target} }} {test} }}"
                yield _Check(shape, component, query, path)
            elif key == SH.uniqueLang and param == Literal(True):
                tagged = f'{values} FILTER(isLiteral(?value) && LANG(?value) != "")'
                query = (
                    f"{self.prologue}SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this ?value "
                    f"WHERE {{ {{ {target} }} {tagged} }} }} }} "
                    "GROUP BY ?this (LCASE(LANG(?value)) AS ?lang) HAVING (COUNT(?value) > 1)"
                )
                yield _Check(shape, component, query, path)
            elif key == SH.disjoint:
                query = head + f"?this {self.predicate(param)} ?value . }}"
                yield _Check(shape, component, query, path)
            elif key == SH.sparql:
                yield self.sparql_check(shape, target, path, param)
            elif (fail := self.fails(shape, key, param, "?value")) is not None:
                yield _Check(shape, component, head + f"FILTER({fail}) }}", path)

    def count_check(
        self,
        shape: Any,
        target: str,
        path: Any,
        component: str,
        key: Any,
        n: int,
        qualified: Any,
    ) -> _Check:
        p = self.path(path)
        condition = "" if qualified is None else f"FILTER({self.conforms(qualified, '?value')})"
        too_few = key in (SH.minCount, SH.qualifiedMinCount)
        if too_few and n == 1:
            query = (
                f"{self.prologue}SELECT DISTINCT ?this WHERE {{ {{ {target} }} "
                f"FILTER NOT EXISTS {{ ?this {p} ?value . {condition} }} }}"
            )
        elif too_few and n <= 0:
            query = f"{self.prologue}SELECT ?this WHERE {{ FILTER(false) }}"
        else:
            compare = f"< {n}" if too_few else f"> {n}"
            focus = f"{{ SELECT DISTINCT ?this WHERE {{ {target} }} }}"
            query = (
                f"{self.prologue}SELECT ?this WHERE {{ {focus} "
                f"OPTIONAL {{ ?this {p} ?value . {condition} }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {compare})"
            )
        return _Check(shape, component, query, path)

    def sparql_check(self, shape: Any, target: str, path: Any, constraint: Any) -> _Check:
        select = self.g.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShapes(f"sh:sparql {constraint} without sh:select")
        query = (
            f"{self.prologue}SELECT * WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {target} }} }} "
            f"{{ {self.sparql_text(str(select))} }} }}"
        )
        return _Check(shape, "SPARQL", query, path, constraint)


def _to_rdflib(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValidatorError(f"unexpected term in a validation answer: {term!r}")


def _messages(shapes: rdflib.Graph, nodes: Iterable[Any], values: dict[str, Any]) -> list[Literal]:
    for node in nodes:
        found = list(shapes.objects(node, SH.message)) if node is not None else []
        if found:
            out = []
            for message in found:
                text = re.sub(
                    r"\{[?$](\w+)\}",
                    lambda m: (
                        str(values[m.group(1)])
                        if values.get(m.group(1)) is not None
                        else m.group(0)
                    ),
                    str(message),
                )
                out.append(Literal(text, lang=getattr(message, "language", None)))
            return out
    return []


def _default_message(component: str, path: Any, value: Any) -> str:
    where = "" if path is None else f" on {path}"
    shown = "" if value is None else f" (value {value})"
    return f"{component} constraint not satisfied{where}{shown}"


def run_shapes(
    store: GraphStore,
    shapes: rdflib.Graph,
    *,
    ontology: rdflib.Graph | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> rdflib.Graph:
    """Validate the store's default graph with ``shapes``; return a SHACL report graph.

    Args:
        store: The store to validate, queried in place.
        shapes: The shapes graph.
        ontology: Class and property hierarchies to use besides those in the store.
        progress: Called as ``progress(done, total)`` after each compiled constraint.

    Returns:
        A graph with one ``sh:ValidationResult`` per problem (focus node, path, value,
        severity, source shape, constraint component, messages), as pyshacl writes it.

    Raises:
        UnsupportedShapes: The shapes use a feature this engine does not support.
        ValidatorError: The engine failed on a compiled query.
    """
    compiler = _Compiler(shapes, store, ontology)
    checks = list(compiler.checks())
    report = rdflib.Graph()
    copied: set[Any] = set()
    for done, check in enumerate(checks, start=1):
        try:
            answer = store.query(check.query)
        except (SyntaxError, ValueError, OSError) as error:
            raise ValidatorError(
                f"the SPARQL validation of shape {check.shape} ({check.component}) failed: {error}"
            ) from error
        severity = shapes.value(check.shape, SH.severity) or SH.Violation
        columns = answer.variables
        for row in answer.rows:
            values = {name: _to_rdflib(term) for name, term in zip(columns, row, strict=True)}
            focus = values.get("this")
            if focus is None:
                continue
            value = values.get("value")
            path = check.path
            if check.constraint is not None and values.get("path") is not None:
                path = values["path"]
            node = BNode()
            report.add((node, RDF.type, SH.ValidationResult))
            report.add((node, SH.focusNode, focus))
            report.add((node, SH.resultSeverity, severity))
            report.add((node, SH.sourceShape, check.shape))
            report.add(
                (node, SH.sourceConstraintComponent, URIRef(_COMPONENT.format(check.component)))
            )
            if check.constraint is not None:
                report.add((node, SH.sourceConstraint, check.constraint))
            if path is not None:
                report.add((node, SH.resultPath, path))
                if isinstance(path, BNode) and path not in copied:
                    copied.add(path)
                    report += shapes.cbd(path)
            if value is not None:
                report.add((node, SH.value, value))
            messages = _messages(shapes, (check.constraint, check.shape), values)
            for message in messages or [Literal(_default_message(check.component, path, value))]:
                report.add((node, SH.resultMessage, message))
        if progress is not None:
            progress(done, len(checks))
    return report


def _labels_of(store: GraphStore, nodes: Iterable[Any]) -> rdflib.Graph:
    """The names (``rdfs:label``, ``skos:prefLabel``) of ``nodes``, fetched from the store."""
    graph = rdflib.Graph()
    iris = sorted({str(n) for n in nodes if isinstance(n, URIRef)})
    for start in range(0, len(iris), 400):
        chunk = " ".join(f"<{iri}>" for iri in iris[start : start + 400])
        answer = store.query(
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {chunk} }} "
            f"VALUES ?p {{ <{RDFS.label}> <http://www.w3.org/2004/02/skos/core#prefLabel> }} "
            "?s ?p ?o }"
        )
        for s, p, o in answer.rows:
            graph.add((_to_rdflib(s), _to_rdflib(p), _to_rdflib(o)))
    return graph


def validate_store(
    store: GraphStore,
    *,
    shapes: rdflib.Graph | None = None,
    ontology: rdflib.Graph | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Validate everything in ``store`` with the shapes run as SPARQL inside the store.

    Args:
        store: The store (in memory, on disk, or a SPARQL endpoint); it is only queried.
        shapes: The shapes graph; the packaged shapes by default.
        ontology: The class and property hierarchies (besides those in the store) and the names
            of allowed values; the packaged ontology by default.
        progress: Called as ``progress(done, total)`` after each compiled constraint.

    Returns:
        The same :class:`~habitatkg.ValidationReport` that pyshacl's run gives.

    Raises:
        UnsupportedShapes: The shapes use a feature this engine does not support.
        ShapesError, ValidatorError: The shapes or the engine failed.

    Example:
        >>> from habitatkg._store import MemoryStore
        >>> validate_store(MemoryStore()).conforms
        True
    """
    shapes_graph = _reference._packaged_shapes() if shapes is None else shapes
    if not any(shapes_graph.triples((None, RDF.type, SH.NodeShape))):
        raise ShapesError("the SHACL shapes graph holds no sh:NodeShape")
    ontology_graph = _reference._packaged_ontology() if ontology is None else ontology
    report = run_shapes(store, shapes_graph, ontology=ontology_graph, progress=progress)
    names = _labels_of(store, report.objects(None, SH.focusNode))
    return _report(report, names, shapes_graph, ontology_graph, None)
