"""The user's files read for validation exactly as ``hk.load`` reads them, terms as written.

``habitatkg validate FILE``, ``hk.load(FILE)`` and ``habitatkg load --store`` must agree on what
is an error: each file is first given to :func:`habitatkg._ingest.add_sources` (the entry
point of ``load``, with its parser, its limits and its errors naming file and line) in a
scratch store holding the ontology. The triples are then taken from the same parser's output
(``pyoxigraph.parse``, or the rdflib reader ``load`` uses for JSON-LD, TriG and N-Quads), not
from the store: a store canonicalises literals on insert (``"4.0"^^xsd:decimal`` becomes
``"4"``), and validation must judge, and report, the terms the user wrote.

Example:
    >>> from habitatkg import _paths
    >>> graph = read_as_parsed([_paths.ontology_files()[0]], format=None)
    >>> len(graph) > 100
    True
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef

from habitatkg import _paths
from habitatkg._formats import RDFFormat
from habitatkg._store import MemoryStore, oxigraph_format

_VIA_RDFLIB = {RDFFormat.JSONLD, RDFFormat.TRIG, RDFFormat.NQUADS}


@functools.lru_cache(maxsize=2)
def _ontology_dump(stamp: tuple[tuple[str, float, int], ...]) -> bytes:
    from habitatkg._ingest import add_sources

    store = MemoryStore(withhold=False)
    add_sources(store, [Path(entry[0]) for entry in stamp], format=None)
    return store.native.dump(format=ox.RdfFormat.N_QUADS) or b""


def _scratch_store() -> MemoryStore:
    """A store holding the packaged ontology (what ``load`` checks ``hk:`` terms against)."""
    stamp = tuple((str(p), p.stat().st_mtime, p.stat().st_size) for p in _paths.ontology_files())
    native = ox.Store()
    native.bulk_load(_ontology_dump(stamp), format=ox.RdfFormat.N_QUADS)
    return MemoryStore(native, withhold=False)  # validation reports names; it never shows them


def _term(term: Any, blanks: str) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(f"{blanks}{term.value}")
    if term.language:
        return Literal(term.value, lang=term.language, normalize=False)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value, normalize=False)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def read_as_parsed(files: Sequence[str | os.PathLike[str]], *, format: str | None) -> rdflib.Graph:
    """The triples of ``files``, refused or accepted exactly as ``hk.load`` would.

    Args:
        files: The user's RDF files.
        format: Force one format for every file; by default told from each extension.

    Returns:
        One rdflib graph with every file's triples, literals as written.

    Raises:
        DataFileNotFoundError, UnknownFormatError, DataFormatError, EmptyDataError,
        UnknownTermError: As ``hk.load`` raises them (they name the file, and the line).
    """
    from habitatkg._ingest import add_sources
    from habitatkg._load import read_rdf

    scratch = _scratch_store()
    graph = rdflib.Graph()
    for number, file in enumerate(files):
        path = Path(file)
        add_sources(scratch, [path], format=format, check_terms=True)  # load's checks
        fmt = RDFFormat.from_path(path) if format is None else RDFFormat.from_name(format)
        if fmt in _VIA_RDFLIB:
            graph += read_rdf(path, format=fmt)
            continue
        blanks = f"f{number}b"
        for quad in ox.parse(
            path=os.fspath(path),
            format=oxigraph_format(fmt.value),
            base_iri=path.resolve().as_uri(),
        ):
            graph.add(
                (
                    _term(quad.subject, blanks),
                    _term(quad.predicate, blanks),
                    _term(quad.object, blanks),
                )
            )
    return graph
