"""Exports: Turtle, N-Triples, JSON-LD (with the published context), CSV per query, GraphML.

RDF exports are written by pyoxigraph (Turtle, N-Triples) or rdflib (JSON-LD, compacted with
the package's context ``context.jsonld``, embedded so that reading the file back needs no
network). GraphML exports a networkx view of the graph (see :mod:`habitatkg._networks`).

Example:
    >>> import habitatkg as hk, tempfile, pathlib
    >>> kg = hk.load()
    >>> out = export(kg, pathlib.Path(tempfile.mkdtemp()) / "habitatkg.ttl")
    >>> out.suffix
    '.ttl'
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from habitatkg._atomic import atomic_folder, atomic_path, atomic_write, check_output_path
from habitatkg._errors import UnknownFormatError
from habitatkg._sparql import PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    from habitatkg._kg import KnowledgeGraph

__all__ = [
    "CONTEXT_URL",
    "EXPORT_FORMATS",
    "export",
    "export_queries",
    "export_query",
    "jsonld_context",
    "to_graphml",
    "to_jsonld",
    "to_ntriples",
    "to_turtle",
]

#: Where the JSON-LD context is published.
CONTEXT_URL = "https://w3id.org/habitatkg/context.jsonld"

#: Export format names and the file extensions that select them.
EXPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "ttl": (".ttl", ".turtle"),
    "nt": (".nt",),
    "jsonld": (".jsonld", ".json"),
    "graphml": (".graphml",),
}
_ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld"}


def _format_name(path: Path, format: object) -> str:
    if format is not None:
        name = str(getattr(format, "value", format)).lower().lstrip(".")
        name = _ALIASES.get(name, name)
        if name not in EXPORT_FORMATS:
            raise UnknownFormatError(
                f"unknown export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}"
            )
        return name
    for name, suffixes in EXPORT_FORMATS.items():
        if path.suffix.lower() in suffixes:
            return name
    raise UnknownFormatError(
        f"cannot tell the export format from {path.name!r}; "
        f"pass format= ({', '.join(EXPORT_FORMATS)}; or export_queries for CSV)"
    )


def export(
    kg: KnowledgeGraph,
    path: str | os.PathLike[str],
    *,
    format: object = None,
    view: str = "partners",
    overwrite: bool = True,
) -> Path:
    """Write the knowledge graph to a file, atomically.

    The file is written next to ``path`` under a temporary name and renamed over it when
    complete: an error (a full disk...) leaves an earlier file at ``path`` whole. An
    existing file is replaced, as Python's own writers do; ``overwrite=False`` refuses it
    (``habitatkg export`` refuses unless ``--force``).

    Args:
        kg: The knowledge graph.
        path: Output file (parent folders are created).
        format: ``"ttl"``, ``"nt"``, ``"jsonld"`` or ``"graphml"``; by default from the extension.
        view: For GraphML, the networkx view to write (``"partners"``, ``"guidelines"``, ``"rdf"``).
        overwrite: Replace an existing file (the default) or refuse it.

    Returns:
        The path written.

    Raises:
        UnknownFormatError: Unknown format (a ``ValueError``).
        OutputError: The path is a folder, exists (with ``overwrite=False``), or the file
            cannot be written; nothing at ``path`` changed.
    """
    out = Path(path)
    name = _format_name(out, format)
    check_output_path(out, overwrite=overwrite)
    if name == "graphml":
        with atomic_path(out, overwrite=overwrite) as tmp:
            to_graphml(kg, tmp, view=view)
        return out
    text = {"ttl": to_turtle, "nt": to_ntriples, "jsonld": to_jsonld}[name](kg)
    atomic_write(out, text, overwrite=overwrite)
    return out


def to_turtle(kg: KnowledgeGraph) -> str:
    """The whole graph as Turtle, with the pre-bound prefixes.

    Args:
        kg: The knowledge graph.

    Returns:
        Turtle text.
    """
    return kg.store.serialize(format="ttl", prefixes=PREFIXES).decode("utf-8")


def to_ntriples(kg: KnowledgeGraph) -> str:
    """The whole graph as N-Triples, sorted (stable diffs).

    Args:
        kg: The knowledge graph.

    Returns:
        N-Triples text.
    """
    lines = kg.store.serialize(format="nt").decode("utf-8").splitlines()
    return "".join(f"{line}\n" for line in sorted(lines) if line.strip())


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context published with the package (``context.jsonld``).

    Returns:
        The context object (the value of ``"@context"``).

    Example:
        >>> jsonld_context()["hk"]
        'https://w3id.org/habitatkg/ontology#'
    """
    from habitatkg import _paths

    text = _paths.jsonld_context_file().read_text(encoding="utf-8")
    return dict(json.loads(text)["@context"])


def to_jsonld(kg: KnowledgeGraph, *, embed_context: bool = True) -> str:
    """The whole graph as JSON-LD, compacted with the package's context.

    Args:
        kg: The knowledge graph.
        embed_context: Embed the context (the default: the file can be read back offline).
            When ``False``, ``"@context"`` refers to :data:`CONTEXT_URL`, which readers
            must resolve themselves (habitatkg never fetches it).

    Returns:
        JSON-LD text.
    """
    context = jsonld_context()
    text = kg.to_rdflib().serialize(format="json-ld", context=context, auto_compact=True, indent=1)
    if embed_context:
        return text
    document = json.loads(text)
    document["@context"] = CONTEXT_URL
    return json.dumps(document, ensure_ascii=False, indent=1)


def to_graphml(kg: KnowledgeGraph, path: str | os.PathLike[str], *, view: str = "partners") -> Path:
    """Write a networkx view of the graph as GraphML (readable by networkx, Gephi, yEd).

    Args:
        kg: The knowledge graph.
        path: Output file.
        view: ``"partners"``, ``"guidelines"`` or ``"rdf"`` (see :mod:`habitatkg._networks`).

    Returns:
        The path written.
    """
    import networkx as nx

    graph = kg.to_networkx(view)
    clean = graph.__class__()
    clean.graph.update(
        {k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float, bool))}
    )
    for node, data in graph.nodes(data=True):
        clean.add_node(node, **_graphml_attributes(data))
    if graph.is_multigraph():
        for u, v, key, data in graph.edges(keys=True, data=True):
            clean.add_edge(u, v, key=key, **_graphml_attributes(data))
    else:
        for u, v, data in graph.edges(data=True):
            clean.add_edge(u, v, **_graphml_attributes(data))
    out = Path(path)
    nx.write_graphml(clean, out)
    return out


def _graphml_attributes(data: dict[str, Any]) -> dict[str, Any]:
    """GraphML keeps str/int/float/bool attributes; lists become text, ``None`` is dropped."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            value = "; ".join(str(v) for v in value)
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        clean[key] = value
    return clean


def export_query(
    kg: KnowledgeGraph, query: str, path: str | os.PathLike[str], **bindings: Any
) -> Path:
    """Run a query (SPARQL text or a packaged query's name) and write its rows as CSV.

    Args:
        kg: The knowledge graph.
        query: SPARQL text or a packaged query name (``"reach"``).
        path: Output CSV file.
        **bindings: Values bound to the query's variables.

    Returns:
        The path written.
    """
    out = Path(path)
    result = kg.query(query, **bindings)
    with atomic_path(out) as tmp:
        result.to_csv(tmp)
    return out


def export_queries(
    kg: KnowledgeGraph,
    out_dir: str | os.PathLike[str],
    *,
    names: Iterable[str] | None = None,
    overwrite: bool = True,
) -> list[Path]:
    """Write one CSV per packaged query (``<name>.csv``), unbound; all of them or none.

    The files are written into a temporary folder next to ``out_dir`` and moved in when every
    query has been answered and written.

    Args:
        kg: The knowledge graph.
        out_dir: Folder to write into (created if needed; its other files are left alone).
        names: Only these queries (default: all).
        overwrite: Replace existing CSV files of those names (the default) or refuse them.

    Returns:
        The files written, in name order.

    Raises:
        OutputError: ``out_dir`` is a file, a CSV exists (with ``overwrite=False``), or
            writing failed; nothing in ``out_dir`` changed.
    """
    folder = Path(out_dir)
    chosen = sorted(names or kg.query_names())
    if not overwrite:
        for name in chosen:
            check_output_path(folder / f"{name}.csv", overwrite=False)
    with atomic_folder(folder) as build:
        for name in chosen:
            kg.query(name).to_csv(build / f"{name}.csv")
    return [folder / f"{name}.csv" for name in chosen]
