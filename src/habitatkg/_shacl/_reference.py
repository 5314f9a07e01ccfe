"""Validation with pyshacl, the reference engine: files, rdflib graphs, the packaged shapes.

:func:`validate` checks RDF files (your own data, by default without the curated data);
:func:`validate_graph` checks an rdflib graph.

How validation runs: pyshacl with the ontology as ``ont_graph`` and RDFS inference, so that a
shape targeting ``hk:Activity`` also checks every ``hk:Project``. The ontology is given
without its ``rdfs:domain``/``rdfs:range`` axioms: under RDFS they would type every linked node
as whatever the link expects and no ``sh:class`` check could fail (the shapes restate domains
and ranges as closed-world checks). With ``inference="none"`` the shapes are applied as the
W3C SHACL Recommendation defines them, to the data alone.

Example:
    >>> import rdflib
    >>> data = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix hk: <https://w3id.org/habitatkg/ontology#> .
    ...     <https://example.org/q> a hk:Quantity ; hk:value -3 .''')
    >>> report = validate_graph(data)
    >>> report.conforms
    False
    >>> "problems in 1 entity" in report.summary(), len(report.violations) > 0
    (True, True)
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import rdflib
from rdflib import OWL, RDF, RDFS, SH, BNode, Literal, URIRef
from rdflib.namespace import SKOS

from habitatkg import _load, _paths
from habitatkg._errors import DataFormatError, HabitatKGError, ShapesError, ValidatorError
from habitatkg._shacl._report import ValidationReport, _report
from habitatkg._shacl._terms import HKD

# ---------------------------------------------------------------------------------------------
# Public functions


def validate(
    *files: str | os.PathLike[str],
    format: str | None = None,
    include_packaged_data: bool = False,
) -> ValidationReport:
    """Check RDF files against the habitatkg shapes, together with the packaged ontology.

    Every file is read as ``hk.load`` reads it (the same parser and the same errors, with file
    and line) and checked for unknown ``hk:`` terms before anything is validated, so a bad
    file stops the whole run with one clear error; its literals are judged, and reported, as
    written (a store would canonicalise some of them, see the guide). Only the entries your
    files describe are reported on; curated entries they link to (``hkd:...``) are looked up
    in the packaged data so that links to them count as described, but are not themselves
    checked unless ``include_packaged_data`` is true. With no files, the curated data is checked.

    Args:
        *files: RDF files (Turtle, N-Triples, JSON-LD, RDF/XML, ...).
        format: Force one format for every file (``"turtle"``, ``"ntriples"``, ``"jsonld"``,
            ``"rdfxml"``...); by default told from each extension.
        include_packaged_data: Also check the curated data (data/*.ttl), together with yours.

    Returns:
        The report.

    Raises:
        DataFileNotFoundError, UnknownFormatError, DataFormatError, EmptyDataError: A file
            cannot be read (the message names it, and the line).
        UnknownTermError: A file uses ``hk:`` terms the ontology does not define.
        ShapesError, ValidatorError: The shapes or the validator failed.
    """
    from habitatkg._shacl._read import read_as_parsed

    ontology = _packaged_ontology()
    user = read_as_parsed(files, format=format) if files else rdflib.Graph()
    if not files or include_packaged_data:
        return _run(user + _packaged_data(), _packaged_shapes(), ontology, report_on=None)
    report_on: set[rdflib.term.Node] = {
        s for s in user.subjects() if isinstance(s, (URIRef, BNode))
    }
    try:
        context = _curated_context(user, _packaged_data())
    except HabitatKGError:  # no curated data installed: links to hkd: entries stay undescribed
        context = rdflib.Graph()
    return _run(user + context, _packaged_shapes(), ontology, report_on=report_on)


def validate_graph(
    data: rdflib.Graph,
    *,
    shapes: rdflib.Graph | str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    ontology: rdflib.Graph
    | str
    | os.PathLike[str]
    | Sequence[str | os.PathLike[str]]
    | None = None,
    inference: str = "rdfs",
) -> ValidationReport:
    """Check an rdflib graph against the shapes; every entry in the graph is reported on.

    Args:
        data: The data (it may include the ontology; it is not modified).
        shapes: Shapes graph or file(s); the packaged shapes by default.
        ontology: Ontology graph or file(s); the packaged ontology by default.
        inference: ``"rdfs"`` (the default): RDFS entailment with the ontology, as habitatkg
            runs its shapes; ``"none"``: SHACL as the W3C defines it, on the data alone (the
            ontology is not used).

    Returns:
        The report.

    Raises:
        ShapesError, ValidatorError: The shapes or the validator failed.
        LoadError: A shapes or ontology file cannot be read.
    """
    shapes_graph = _packaged_shapes() if shapes is None else _as_graph(shapes, "shapes")
    ontology_graph = _packaged_ontology() if ontology is None else _as_graph(ontology, "ontology")
    return _run(data, shapes_graph, ontology_graph, report_on=None, inference=inference)


# ---------------------------------------------------------------------------------------------
# Loading the packaged files (cached while they do not change)


def _stamp(paths: Iterable[Path]) -> tuple[tuple[str, float, int], ...]:
    return tuple((str(p), p.stat().st_mtime, p.stat().st_size) for p in paths)


@functools.lru_cache(maxsize=4)
def _read_cached(stamp: tuple[tuple[str, float, int], ...]) -> rdflib.Graph:
    return _load.read_rdf_files([entry[0] for entry in stamp])


def _packaged_ontology() -> rdflib.Graph:
    return _read_cached(_stamp(_paths.ontology_files()))


def _packaged_data() -> rdflib.Graph:
    return _read_cached(_stamp(_paths.data_files()))


def _packaged_shapes() -> rdflib.Graph:
    try:
        return _read_cached(_stamp(_paths.shapes_files()))
    except DataFormatError as error:
        raise ShapesError(f"the packaged SHACL shapes do not parse: {error}") from error


def _as_graph(source: object, what: str) -> rdflib.Graph:
    if isinstance(source, rdflib.Graph):
        return source
    paths = [source] if isinstance(source, (str, os.PathLike)) else list(source)  # type: ignore[call-overload]
    if not paths:
        raise ShapesError(f"no {what} files given")
    return _load.read_rdf_files(paths)


def _curated_context(user: rdflib.Graph, curated: rdflib.Graph) -> rdflib.Graph:
    """What the curated data says about the ``hkd:`` entries the user's data mentions.

    Entries the user describes get their whole curated description (so they validate as a
    whole); entries only linked to get their type and name (so links to them count as
    described). Neither is reported on unless the user's data describes it.
    """
    context = rdflib.Graph()
    subjects = set(user.subjects())
    mentioned = {
        n for t in user for n in (t[0], t[2]) if isinstance(n, URIRef) and str(n).startswith(HKD)
    }
    for node in mentioned & subjects:
        for p, o in curated.predicate_objects(node):
            context.add((node, p, o))
    for node in {n for t in context for n in (t[0], t[2]) if isinstance(n, URIRef)} | mentioned:
        if node not in subjects:
            for p in (RDF.type, RDFS.label):
                for o in curated.objects(node, p):
                    context.add((node, p, o))
    return context


# ---------------------------------------------------------------------------------------------
# Running pyshacl


def _strip(graph: rdflib.Graph) -> rdflib.Graph:
    """A new graph: ``graph`` without ``rdfs:domain``/``rdfs:range`` (see the module docstring)."""
    stripped = rdflib.Graph()
    stripped.addN((s, p, o, stripped) for s, p, o in graph if p not in (RDFS.domain, RDFS.range))
    return stripped


#: What the validator needs from the ontology: types, hierarchies, names (not definitions).
_AXIOMS = (
    RDF.type,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.label,
    SKOS.inScheme,
    URIRef("http://www.w3.org/2002/07/owl#equivalentClass"),
)


def _validator_view(ontology: rdflib.Graph) -> rdflib.Graph:
    view = rdflib.Graph()
    view.addN((s, p, o, view) for s, p, o in ontology if p in _AXIOMS)
    return view


@functools.lru_cache(maxsize=2)
def _packaged_validator_view(stamp: tuple[tuple[str, float, int], ...]) -> rdflib.Graph:
    return _validator_view(_read_cached(stamp))


def _ontology_for_validator(ontology: rdflib.Graph) -> rdflib.Graph:
    """The ontology as pyshacl gets it: no domains/ranges, no definitions (faster inference)."""
    stamp = _stamp(_paths.ontology_files())
    return (
        _packaged_validator_view(stamp)
        if ontology is _read_cached(stamp)
        else _validator_view(ontology)
    )


_PATCH_LOCK = threading.Lock()
_patch_depth = 0
_original_query: Any = None  # rdflib's own SPARQLProcessor.query while the cache is installed


@functools.lru_cache(maxsize=512)
def _prepared(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Any:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(namespaces) or None)


def _cached_query(
    self: Any,
    query: Any,
    initBindings: Any = None,
    initNs: Any = None,
    base: Any = None,
    DEBUG: bool = False,
) -> Any:
    """Rdflib's ``SPARQLProcessor.query``, with the parsed query reused (same answers)."""
    if isinstance(query, str):
        names = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
        query = _prepared(query, base, names)
    return _original_query(self, query, initBindings, initNs, base, DEBUG)


@contextmanager
def _prepared_queries() -> Iterator[None]:
    """While pyshacl runs, reuse parsed SPARQL instead of parsing it again for each node.

    The cache is installed on rdflib's SPARQL processor by the first of any number of
    concurrent validations and removed by the last, always restoring rdflib's own method
    (saved once, under a lock), so that threads never leave it replaced.
    """
    global _patch_depth, _original_query
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    with _PATCH_LOCK:
        if _patch_depth == 0:
            _original_query = SPARQLProcessor.query
            SPARQLProcessor.query = _cached_query  # type: ignore[method-assign,assignment]
        _patch_depth += 1
    try:
        yield
    finally:
        with _PATCH_LOCK:
            _patch_depth -= 1
            if _patch_depth == 0:
                SPARQLProcessor.query = _original_query  # type: ignore[method-assign]


def _check_shapes(shapes: rdflib.Graph) -> None:
    """Refuse an empty shapes graph (a wrong file, most likely: it would accept any data)."""
    if len(shapes) == 0:
        raise ShapesError("the SHACL shapes graph is empty: give the file with your shapes")


_FLAGS = (SH.uniqueLang, SH.deactivated, SH.closed, SH.qualifiedValueShapesDisjoint)


def _for_pyshacl(shapes: rdflib.Graph) -> rdflib.Graph:
    """The shapes as pyshacl 0.40 reads them as SHACL says (a copy, only when it differs).

    Two pyshacl gaps, both W3C test-suite entries: it reads ``"1"^^xsd:boolean`` as ``true``
    for ``sh:uniqueLang`` and the other flags (SHACL names only ``true``; core/property/
    uniqueLang-002), and it does not follow ``owl:imports`` from the owner of ``sh:prefixes``
    to more ``sh:declare`` (sparql/node/prefixes-001).
    """
    odd = [
        (s, p, o)
        for p in _FLAGS
        for s, o in shapes.subject_objects(p)
        if isinstance(o, Literal) and str(o) not in ("true", "false")
    ]
    imported = []
    for owner in set(shapes.objects(None, SH.prefixes)):
        seen, todo = {owner}, list(shapes.objects(owner, OWL.imports))
        while todo:
            other = todo.pop()
            if other not in seen:
                seen.add(other)
                todo += list(shapes.objects(other, OWL.imports))
                imported += [(owner, SH.declare, d) for d in shapes.objects(other, SH.declare)]
    imported = [t for t in imported if t not in shapes]
    if not odd and not imported:
        return shapes
    copy = rdflib.Graph()
    copy.addN((s, p, o, copy) for s, p, o in shapes)
    for triple in odd:  # not ``true``: the constraint is not activated
        copy.remove(triple)
        if triple[2].toPython() is False or str(triple[2]) == "0":
            copy.add((triple[0], triple[1], Literal(False)))
    for triple in imported:
        copy.add(triple)
    return copy


def _run(
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph,
    *,
    report_on: set[rdflib.term.Node] | None,
    inference: str = "rdfs",
) -> ValidationReport:
    import pyshacl

    if inference not in ("rdfs", "none"):
        raise ValueError(f"unknown inference {inference!r}; use 'rdfs' or 'none'")
    _check_shapes(shapes)
    if inference == "rdfs":
        working = _strip(data)  # a fresh copy: pyshacl adds the ontology and inferences to it
    else:
        working = rdflib.Graph()  # a copy with the same blank nodes (sh:rule may add triples)
        working.addN((s, p, o, working) for s, p, o in data)
    try:
        with _prepared_queries():
            _, report_graph, _ = pyshacl.validate(
                working,
                shacl_graph=_for_pyshacl(shapes),
                ont_graph=_ontology_for_validator(ontology) if inference == "rdfs" else None,
                inference=inference,
                advanced=True,
                inplace=True,
                allow_warnings=True,
                allow_infos=True,
            )
    except HabitatKGError:
        raise
    except Exception as error:  # pyshacl raises many kinds; none escapes as a traceback
        name = type(error).__name__
        if "Shape" in name or "Constraint" in name:
            raise ShapesError(f"the SHACL shapes cannot be used ({name}): {error}") from error
        raise ValidatorError(f"the SHACL validation could not run ({name}): {error}") from error
    if not isinstance(report_graph, rdflib.Graph):  # pyshacl's ValidationFailure
        raise ShapesError(f"the SHACL shapes cannot be used: {report_graph}")
    return _report(report_graph, working, shapes, ontology, report_on)
