"""Parsing files into a :class:`~habitatkg._store.GraphStore`, with habitatkg's clear errors.

Turtle, N-Triples and RDF/XML are parsed by the engine (fast, all or nothing); JSON-LD (whose
context may be the package's published one, read offline), TriG and N-Quads (flattened) go
through :func:`habitatkg._load.read_rdf`. Nothing is fetched from the network.

Example:
    >>> from habitatkg._store import MemoryStore
    >>> from habitatkg import _paths
    >>> store = MemoryStore()
    >>> [p.name for p in add_sources(store, _paths.ontology_files()[:1], format=None)]
    ['habitat.ttl']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from habitatkg._errors import (
    DataFileNotFoundError,
    DataFormatError,
    EmptyDataError,
    HabitatKGError,
    UnknownTermError,
)
from habitatkg._formats import RDFFormat
from habitatkg._sparql import PREFIXES
from habitatkg._store import GraphStore, oxigraph_format

__all__ = ["add_sources", "declared_terms"]

_HK = PREFIXES["hk"]


_LINE = re.compile(r"\bline (\d+)")
_VIA_RDFLIB = {RDFFormat.JSONLD, RDFFormat.TRIG, RDFFormat.NQUADS}


def add_sources(
    store: GraphStore, sources: Iterable[object], *, format: object, check_terms: bool = False
) -> list[Path]:
    """Parse files (or add rdflib graphs) into ``store``; returns the paths loaded.

    Args:
        store: The engine.
        sources: Files or rdflib graphs.
        format: Force one format (name or ``RDFFormat``); by default from each extension.
        check_terms: Refuse a file using ``hk:`` terms the loaded ontology does not declare.

    Returns:
        The files loaded, in order.

    Raises:
        DataFileNotFoundError: A file does not exist.
        UnknownFormatError: A file's format cannot be told.
        DataFormatError: A file does not parse (named with its line).
        EmptyDataError: A file holds no triples.
        UnknownTermError: A file uses undeclared ``hk:`` terms (nothing of it is kept).

    Turtle, N-Triples and RDF/XML are parsed by the engine; JSON-LD (whose context may be the
    package's published one, read offline), TriG and N-Quads (flattened) by
    :func:`habitatkg._load.read_rdf`. With ``check_terms``, a file using ``hk:`` terms that the
    loaded ontology does not declare is refused (nothing of it is kept).
    """
    from habitatkg._load import read_rdf

    known = declared_terms(store) if check_terms else set()
    loaded: list[Path] = []
    for source in sources:
        path: Path | None = None
        if hasattr(source, "serialize") and hasattr(source, "triples"):  # an rdflib graph
            graph = source
        else:
            if not isinstance(source, (str, os.PathLike)):
                raise TypeError(
                    f"expected a file path or an rdflib graph, not {type(source).__name__}"
                )
            path = Path(source)
            if not path.is_file():
                raise DataFileNotFoundError(
                    f"no such file: {path} (check the path and the working directory)"
                )
            fmt = RDFFormat.from_path(path) if format is None else RDFFormat.from_name(format)  # type: ignore[arg-type]
            graph = read_rdf(path, format=fmt) if fmt in _VIA_RDFLIB else None

        def vet(used: set[str], where: object = path or "<rdflib graph>") -> None:
            unknown = used - known
            if unknown:
                raise UnknownTermError(unknown, known=known, file=where)  # type: ignore[arg-type]

        check = vet if known else None
        if graph is not None:
            store.add_graph(graph, vet=check)  # type: ignore[arg-type]
            if path is not None:
                loaded.append(path)
            continue
        assert path is not None
        try:
            count = store.add_file(path, format=oxigraph_format(fmt.value), vet=check)
        except HabitatKGError:
            raise
        except SyntaxError as exc:
            message = str(exc)
            line = _LINE.search(message)
            raise DataFormatError(path, int(line.group(1)) if line else None, message) from exc
        except (OSError, ValueError) as exc:
            raise DataFormatError(path, None, str(exc)) from exc
        if count == 0:
            raise EmptyDataError(path)
        loaded.append(path)
    return loaded


def declared_terms(store: GraphStore) -> set[str]:
    """The ``hk:`` IRIs the loaded ontology declares (gives an ``rdf:type``).

    Args:
        store: The engine.

    Returns:
        The IRIs.
    """
    rows = store.query(
        f'SELECT DISTINCT ?t WHERE {{ ?t a ?c FILTER(STRSTARTS(STR(?t), "{_HK}")) }}'
    ).rows
    return {row[0].value for row in rows if row[0] is not None}
