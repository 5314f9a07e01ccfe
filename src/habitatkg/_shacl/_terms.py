"""Names shown in reports: short IRIs, paths in words, entries' English names.

Example:
    >>> _compact(URIRef("https://w3id.org/habitatkg/ontology#Project"))
    'hk:Project'
"""

from __future__ import annotations

from typing import Any

import rdflib
from rdflib import RDF, RDFS, SH, BNode, URIRef
from rdflib.namespace import SKOS

HK = "https://w3id.org/habitatkg/ontology#"
HKD = "https://w3id.org/habitatkg/data/"
HKS = "https://w3id.org/habitatkg/shapes#"
_PREFIXES = {
    "hk": HK,
    "hkd": HKD,
    "ex": "https://w3id.org/habitatkg/example/",
    "hks": HKS,
    "sdg": "http://metadata.un.org/sdg/",
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": str(SKOS),
    "sh": str(SH),
}
_XSD = _PREFIXES["xsd"]


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}" + ("es" if noun.endswith("ch") else "s")


def _compact(node: object) -> str:
    text = str(node)
    for prefix, namespace in _PREFIXES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return (
        f"<{text}>"
        if isinstance(node, URIRef)
        else (f"_:{text}" if isinstance(node, BNode) else text)
    )


def _path_text(g: rdflib.Graph, path: object) -> str | None:
    if path is None:
        return None
    if isinstance(path, BNode):
        inverse = g.value(path, SH.inversePath)
        return f"inverse of {_compact(inverse)}" if inverse is not None else "(a complex path)"
    return _compact(path)


class _Labels:
    """English names of entries (never hk:name: a withheld name must not leak into reports)."""

    def __init__(self, data: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.graphs = (data, ontology)

    def of(self, node: Any) -> str:
        for graph in self.graphs:
            found = list(graph.objects(node, RDFS.label)) or list(
                graph.objects(node, SKOS.prefLabel)
            )
            if found:
                found.sort(key=lambda lit: (getattr(lit, "language", None) != "en", str(lit)))
                return str(found[0])
        return _compact(node)
