"""networkx views of the knowledge graph, for network analysis (question 6).

Views:

- ``"partners"``: an undirected graph of partner organizations, the activities they support
  (``hk:hasPartner``) and the schools where those take place (``hk:atSchool``);
- ``"partner-school"``: its projection on partners and schools, one edge per partner and
  school, weighted by the number of shared activities;
- ``"guidelines"``: strategic guidelines and the SDG targets they serve (``hk:servesTarget``);
- ``"rdf"``: every triple between two IRIs, as a directed multigraph.

Nodes are IRIs with the attributes ``label``, ``kind`` (``partner``, ``activity``,
``school``, ``guideline``, ``target``, ...) and ``curie``.

Example:
    >>> import habitatkg as hk
    >>> g = hk.load().to_networkx("guidelines")
    >>> sorted(g.nodes[n]["notation"] for n in g.neighbors("https://w3id.org/habitatkg/ontology#AccompanimentForTransformation"))
    ['17.17', '4.1', '4.7', '4.c']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from habitatkg._results import compact

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from habitatkg._kg import KnowledgeGraph

__all__ = ["VIEWS", "partner_school_projection", "to_networkx"]

#: The views :func:`to_networkx` knows.
VIEWS = ("partners", "partner-school", "guidelines", "rdf")

_PARTNER_EDGES = """
SELECT ?partner ?partnerLabel ?activity ?activityLabel ?school ?schoolLabel ?place ?placeLabel
  ?illustrative
       (GROUP_CONCAT(DISTINCT STR(?year); separator=";") AS ?years)
       (GROUP_CONCAT(DISTINCT STR(?capability); separator=";") AS ?capabilities)
WHERE {
  ?activity hk:hasPartner ?partner ;
            hk:atSchool ?school .
  OPTIONAL { ?activity hk:year ?year }
  OPTIONAL { ?activity hk:addressesCapability ?capability }
  OPTIONAL { ?school hk:locatedIn ?place .
             OPTIONAL { ?place rdfs:label ?placeLabel FILTER(LANGMATCHES(LANG(?placeLabel), "en")) }
               }
  BIND(EXISTS { ?activity hk:illustrative true } AS ?illustrative)
  OPTIONAL { ?partner rdfs:label ?partnerLabel FILTER(LANGMATCHES(LANG(?partnerLabel), "en")) }
  OPTIONAL { ?activity rdfs:label ?activityLabel FILTER(LANGMATCHES(LANG(?activityLabel), "en")) }
  OPTIONAL { ?school rdfs:label ?schoolLabel FILTER(LANGMATCHES(LANG(?schoolLabel), "en")) }
}
GROUP BY ?partner ?partnerLabel ?activity ?activityLabel ?school ?schoolLabel ?place ?placeLabel
  ?illustrative
ORDER BY ?partner ?activity ?school
"""

_GUIDELINE_EDGES = """
SELECT ?guideline ?guidelineLabel ?order ?target ?targetLabel ?notation ?goal
WHERE {
  ?guideline a hk:StrategicGuideline ; hk:servesTarget ?target .
  OPTIONAL { ?guideline hk:order ?order }
  OPTIONAL { ?target skos:notation ?notation }
  OPTIONAL { ?goal sdgo:hasTarget ?target }
  OPTIONAL { ?guideline rdfs:label ?guidelineLabel FILTER(LANGMATCHES(LANG(?guidelineLabel), "en"))
    }
  OPTIONAL { ?target rdfs:label ?targetLabel FILTER(LANGMATCHES(LANG(?targetLabel), "en")) }
}
ORDER BY ?order ?notation
"""

_RDF_EDGES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o)) }"


def to_networkx(kg: KnowledgeGraph, *, view: str = "partners") -> nx.Graph:
    """Build a networkx graph from the knowledge graph.

    Args:
        kg: The knowledge graph.
        view: One of :data:`VIEWS`.

    Returns:
        ``nx.Graph`` (``"partners"``, ``"partner-school"``, ``"guidelines"``) or
        ``nx.MultiDiGraph`` (``"rdf"``).

    Raises:
        ValueError: Unknown view.

    Example:
        >>> import habitatkg as hk
        >>> g = hk.load().to_networkx("partners")
        >>> g.graph["view"]
        'partners'
    """
    if view in {"partners", "partner-school"}:
        graph = _partners(kg)
        if graph.number_of_nodes() == 0:
            _explain_empty(graph)
        return graph if view == "partners" else partner_school_projection(graph)
    if view == "guidelines":
        return _guidelines(kg)
    if view == "rdf":
        return _rdf(kg)
    raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")


def _explain_empty(graph: nx.Graph) -> None:
    """Say why the partner network is empty (the graph's ``note`` and an ``AnswerNote``)."""
    import warnings

    from habitatkg._answers import AnswerNote
    from habitatkg._lang import message

    graph.graph["note"] = message("empty_network")
    warnings.warn(graph.graph["note"], AnswerNote, stacklevel=4)


def _node(graph: nx.Graph, iri: str, label: str | None, kind: str, **extra: Any) -> None:
    if iri not in graph:
        graph.add_node(iri, label=label or compact(iri), kind=kind, curie=compact(iri), **extra)


def _partners(kg: KnowledgeGraph) -> nx.Graph:
    import networkx as nx

    graph = nx.Graph(view="partners")
    for row in kg.query(_PARTNER_EDGES):
        years = sorted(
            int(y) for y in (row.years or "").split(";") if y.strip().lstrip("-").isdigit()
        )
        capabilities = sorted(c for c in (row.capabilities or "").split(";") if c)
        _node(graph, row.partner, row.partnerLabel, "partner")
        _node(
            graph,
            row.activity,
            row.activityLabel,
            "activity",
            years=years,
            capabilities=capabilities,
            illustrative=bool(row.illustrative),
        )
        _node(
            graph,
            row.school,
            row.schoolLabel,
            "school",
            place=row.place,
            place_label=row.placeLabel,
        )
        graph.add_edge(row.partner, row.activity, relation="hasPartner")
        graph.add_edge(row.activity, row.school, relation="atSchool")
    return graph


def partner_school_projection(graph: nx.Graph) -> nx.Graph:
    """Project a ``"partners"`` graph on partners and schools.

    Two nodes are linked when a partner supports at least one activity at the school; the
    edge's ``weight`` is the number of such activities, ``activities`` lists them.

    Args:
        graph: A ``"partners"`` view.

    Returns:
        The projected graph (``view="partner-school"``).
    """
    import networkx as nx

    projected = nx.Graph(view="partner-school")
    if "note" in graph.graph:
        projected.graph["note"] = graph.graph["note"]
    for node, data in graph.nodes(data=True):
        if data.get("kind") in {"partner", "school"}:
            projected.add_node(node, **data)
    for activity, data in graph.nodes(data=True):
        if data.get("kind") != "activity":
            continue
        neighbours = list(graph.neighbors(activity))
        partners = [n for n in neighbours if graph.nodes[n].get("kind") == "partner"]
        schools = [n for n in neighbours if graph.nodes[n].get("kind") == "school"]
        for partner in partners:
            for school in schools:
                if projected.has_edge(partner, school):
                    projected[partner][school]["weight"] += 1
                    projected[partner][school]["activities"].append(activity)
                else:
                    projected.add_edge(partner, school, weight=1, activities=[activity])
    return projected


def _guidelines(kg: KnowledgeGraph) -> nx.Graph:
    import networkx as nx

    graph = nx.Graph(view="guidelines")
    for row in kg.query(_GUIDELINE_EDGES):
        _node(graph, row.guideline, row.guidelineLabel, "guideline", order=row.order)
        _node(
            graph,
            row.target,
            row.targetLabel,
            "target",
            notation=row.notation or compact(row.target),
            goal=row.goal,
        )
        graph.add_edge(row.guideline, row.target, relation="servesTarget")
    return graph


def _rdf(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    import networkx as nx

    graph = nx.MultiDiGraph(view="rdf")
    for s, p, o in kg.query(_RDF_EDGES).rows:
        for node in (s, o):
            if node not in graph:
                graph.add_node(node, label=kg.label_of(node), kind="node", curie=compact(node))
        graph.add_edge(s, o, key=compact(p), predicate=p)
    return graph
