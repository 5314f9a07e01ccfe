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
from rdflib import RDF, RDFS, SH, BNode, URIRef
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

    Every file is read and checked for unknown ``hk:`` terms before anything is validated, so
    a bad file stops the whole run with one clear error. Only the entries your files describe
    are reported on; curated entries they link to (``hkd:...``) are looked up in the packaged
    data so that links to them count as described, but are not themselves checked unless
    ``include_packaged_data`` is true. With no files, the curated data is checked.

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
    ontology = _packaged_ontology()
    graphs = []
    for file in files:
        graph = _load.read_rdf(file, format=format)
        _load.check_known_terms(graph, ontology, source=os.fspath(file))
        graphs.append(graph)
    user = rdflib.Graph()
    for graph in graphs:
        user += graph
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
) -> ValidationReport:
    """Check an rdflib graph against the shapes; every entry in the graph is reported on.

    Args:
        data: The data (it may include the ontology; it is not modified).
        shapes: Shapes graph or file(s); the packaged shapes by default.
        ontology: Ontology graph or file(s); the packaged ontology by default.

    Returns:
        The report.

    Raises:
        ShapesError, ValidatorError: The shapes or the validator failed.
        LoadError: A shapes or ontology file cannot be read.
    """
    shapes_graph = _packaged_shapes() if shapes is None else _as_graph(shapes, "shapes")
    ontology_graph = _packaged_ontology() if ontology is None else _as_graph(ontology, "ontology")
    return _run(data, shapes_graph, ontology_graph, report_on=None)


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


@functools.lru_cache(maxsize=512)
def _prepared(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Any:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(namespaces) or None)


@contextmanager
def _prepared_queries() -> Iterator[None]:
    """While pyshacl runs, reuse parsed SPARQL instead of parsing it again for each node."""
    global _patch_depth
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    original = SPARQLProcessor.query

    def query(
        self: Any,
        query: Any,
        initBindings: Any = None,
        initNs: Any = None,
        base: Any = None,
        DEBUG: bool = False,
    ) -> Any:
        if isinstance(query, str):
            names = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            query = _prepared(query, base, names)
        return original(self, query, initBindings, initNs, base, DEBUG)

    with _PATCH_LOCK:
        if _patch_depth == 0:
            SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
        _patch_depth += 1
    try:
        yield
    finally:
        with _PATCH_LOCK:
            _patch_depth -= 1
            if _patch_depth == 0:
                SPARQLProcessor.query = original  # type: ignore[method-assign]


def _run(
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph,
    *,
    report_on: set[rdflib.term.Node] | None,
) -> ValidationReport:
    import pyshacl

    working = _strip(data)  # a fresh copy: pyshacl adds the ontology and inferences to it
    if len(shapes) == 0 or not any(shapes.triples((None, RDF.type, SH.NodeShape))):
        raise ShapesError("the SHACL shapes graph holds no sh:NodeShape")
    try:
        with _prepared_queries():
            _, report_graph, _ = pyshacl.validate(
                working,
                shacl_graph=shapes,
                ont_graph=_ontology_for_validator(ontology),
                inference="rdfs",
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
    return _report(report_graph, working, shapes, ontology, report_on)
