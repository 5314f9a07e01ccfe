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
from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS, SH, BNode, Literal, URIRef

from habitatkg._errors import ValidatorError
from habitatkg._shacl import _reference
from habitatkg._shacl._compiler import UnsupportedShapes, _Compiler, store_form
from habitatkg._shacl._report import ValidationReport, _report
from habitatkg._store import GraphStore

__all__ = ["ENGINES", "UnsupportedShapes", "run_shapes", "validate_any", "validate_store"]

#: The validation engines :func:`validate_store` and ``KnowledgeGraph.validate`` accept.
ENGINES = ("auto", "sparql", "pyshacl")
_COMPONENT = "http://www.w3.org/ns/shacl#{}ConstraintComponent"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
        if term.datatype.value == _XSD_STRING:  # rdflib writes simple literals without one
            return Literal(term.value)
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
    inference: str = "rdfs",
    progress: Callable[[int, int], None] | None = None,
) -> rdflib.Graph:
    """Validate the store's default graph with ``shapes``; return a SHACL report graph.

    Args:
        store: The store to validate, queried in place.
        shapes: The shapes graph.
        ontology: Class and property hierarchies to use besides those in the store
            (``inference="rdfs"`` only).
        inference: ``"rdfs"`` (classes and properties stand for their subclasses and
            subproperties, as habitatkg runs its shapes) or ``"none"`` (SHACL as the W3C
            defines it).
        progress: Called as ``progress(done, total)`` after each compiled constraint.

    Returns:
        A graph with one ``sh:ValidationResult`` per problem (focus node, path, value,
        severity, source shape, constraint component, messages), as pyshacl writes it.

    Raises:
        UnsupportedShapes: The shapes use a feature this engine does not implement exactly.
        ValidatorError: The engine failed on a compiled query.
    """
    compiler = _Compiler(
        shapes, store, ontology if inference == "rdfs" else None, inference=inference
    )
    checks = compiler.checks()
    report = rdflib.Graph()
    copied: set[Any] = set()
    if progress is not None:
        progress(0, len(checks))
    for done, check in enumerate(checks, start=1):
        try:
            answer = store.query(check.query)
        except (SyntaxError, ValueError, OSError) as error:
            if check.constraint is not None:  # the user's SPARQL: not ours to vouch for
                raise UnsupportedShapes(
                    f"the SPARQL constraint of {check.shape} cannot run in the store: {error}"
                ) from error
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
            if value is None and check.value_is_focus:
                value = focus
            path = check.path
            if (check.constraint is not None or check.path_from_answer) and values.get(
                "path"
            ) is not None:
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


def rewritten_literal(graph: rdflib.Graph) -> tuple[Literal, Literal] | None:
    """A literal of ``graph`` a store would keep as another term (and that term), if any."""
    literals = sorted(
        {
            o
            for o in graph.objects()
            if isinstance(o, Literal) and (o.datatype is not None or o.language)
        },
        key=lambda lit: (str(lit.datatype), lit.language or "", str(lit)),
    )
    for literal in literals:
        kept = store_form(literal)
        if kept != literal or str(kept) != str(literal):
            return literal, kept
    return None


def validate_store(
    store: GraphStore,
    *,
    shapes: rdflib.Graph | None = None,
    ontology: rdflib.Graph | None = None,
    inference: str = "rdfs",
    parsed: rdflib.Graph | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Validate everything in ``store`` with the shapes run as SPARQL inside the store.

    Args:
        store: The store (in memory, on disk, or a SPARQL endpoint); it is only queried.
        shapes: The shapes graph; the packaged shapes by default.
        ontology: The class and property hierarchies (besides those in the store) and the names
            of allowed values; the packaged ontology by default.
        inference: ``"rdfs"`` (the default, as habitatkg runs its shapes) or ``"none"`` (SHACL
            as the W3C defines it), see :func:`run_shapes`.
        parsed: The data as parsed from its files, if known: when the store keeps one of its
            literals as another term (oxigraph canonicalises ``"4.0"^^xsd:decimal`` as ``"4"``),
            the engine refuses rather than judge terms the user did not write.
        progress: Called as ``progress(done, total)`` after each compiled constraint.

    Returns:
        The same :class:`~habitatkg.ValidationReport` that pyshacl's run gives.

    Raises:
        UnsupportedShapes: The shapes use a feature this engine does not implement exactly.
        ShapesError, ValidatorError: The shapes or the engine failed.

    Example:
        >>> from habitatkg._store import MemoryStore
        >>> validate_store(MemoryStore()).conforms
        True
    """
    shapes_graph = _reference._packaged_shapes() if shapes is None else shapes
    _reference._check_shapes(shapes_graph)
    ontology_graph = _reference._packaged_ontology() if ontology is None else ontology
    if parsed is not None and (found := rewritten_literal(parsed)) is not None:
        raise UnsupportedShapes(
            f"the data's literal {found[0].n3()} is kept by the store as {found[1].n3()}: the "
            "SPARQL engine would judge a term you did not write"
        )
    working = in_memory_copy(store) or store
    report = run_shapes(
        working, shapes_graph, ontology=ontology_graph, inference=inference, progress=progress
    )
    names = _labels_of(working, report.objects(None, SH.focusNode))
    return _report(report, names, shapes_graph, ontology_graph, None)


#: An on-disk store up to this many quads is validated from a copy in memory.
COPY_LIMIT = 5_000_000
#: Bytes of memory a quad takes in pyoxigraph's in-memory store (about 600 measured at 1M).
_QUAD_BYTES = 1_000


def in_memory_copy(store: GraphStore, *, limit: int = COPY_LIMIT) -> GraphStore | None:
    """A copy in memory of an on-disk store that fits there easily, to validate from; else None.

    Validation runs hundreds of queries that each read much of the graph; on RocksDB they
    take 3-6 times as long as on the in-memory indexes, while one pass copying a million
    triples takes a few seconds. The copy is made when the store holds at most ``limit``
    quads and they need under half of the memory available now; it is the same data (every
    graph), so the same answers.

    Args:
        store: The store to validate.
        limit: Largest number of quads to copy.

    Returns:
        The copy, or ``None`` (not an on-disk store, or too big).

    Example:
        >>> from habitatkg._store import MemoryStore
        >>> in_memory_copy(MemoryStore()) is None
        True
    """
    from habitatkg._store import MemoryStore, OxigraphStore

    if not isinstance(store, OxigraphStore):
        return None
    native = store.native
    size = len(native)
    if size > limit or size * _QUAD_BYTES > _available_memory() // 2:
        return None
    copy = ox.Store()
    copy.bulk_extend(native.quads_for_pattern(None, None, None, None))
    return MemoryStore(copy)


def _available_memory() -> int:
    """Bytes of memory available now (0 when the system does not say)."""
    import os

    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return 0


def validate_any(
    store: GraphStore,
    *,
    shapes: rdflib.Graph | None = None,
    engine: str = "auto",
    inference: str = "rdfs",
    graph: Callable[[], rdflib.Graph],
    parsed: rdflib.Graph | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """Validate a store with the engine asked for; ``auto`` falls back to pyshacl on refusal.

    Args:
        store: The store, queried in place by the SPARQL engine.
        shapes: The shapes graph; the packaged shapes by default.
        engine: ``"sparql"``, ``"pyshacl"`` or ``"auto"`` (``"sparql"`` unless it refuses the
            shapes with :class:`UnsupportedShapes`, then ``"pyshacl"``).
        inference: ``"rdfs"`` or ``"none"`` (see :func:`run_shapes`).
        graph: Gives the data as an rdflib graph, for pyshacl.
        parsed: The data as parsed, if known (see :func:`validate_store`).
        progress: Called as ``progress(done, total)`` by the SPARQL engine.

    Returns:
        The report.

    Raises:
        ValueError: ``engine`` is not one of :data:`ENGINES`.
        UnsupportedShapes: ``engine="sparql"`` and the shapes need what it does not implement.

    Example:
        >>> from habitatkg._store import MemoryStore
        >>> validate_any(MemoryStore(), graph=rdflib.Graph).conforms
        True
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine != "pyshacl":
        try:
            return validate_store(
                store, shapes=shapes, inference=inference, parsed=parsed, progress=progress
            )
        except UnsupportedShapes:
            if engine == "sparql":
                raise
    return _reference.validate_graph(graph(), shapes=shapes, inference=inference)
