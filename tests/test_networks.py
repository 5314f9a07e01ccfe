"""Tests of habitatkg._networks: the networkx views."""

from __future__ import annotations

import networkx as nx
import pytest

from habitatkg._networks import VIEWS, partner_school_projection, to_networkx
from kg_helpers import EX, HK, HKD, curated, illustrative, mini


def test_partners_view():
    graph = illustrative().to_networkx("partners")
    assert graph.graph["view"] == "partners" and not graph.is_directed()
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(1 for k in kinds.values() if k == "partner") == 21
    assert sum(1 for k in kinds.values() if k == "activity") == 24  # project-25 has no partner
    assert sum(1 for k in kinds.values() if k == "school") == 13
    project = graph.nodes[f"{EX}project-09"]
    assert project["years"] == [2021, 2022] and project["capabilities"] == [
        f"{HK}CollaborativeWork"
    ]
    assert project["illustrative"] is True
    school = graph.nodes[f"{HKD}school-prepa-94"]
    assert school["kind"] == "school" and school["place"] == f"{HKD}place-ciudad-cuauhtemoc"
    assert graph.edges[f"{HKD}org-via-educacion", f"{EX}project-22"]["relation"] == "hasPartner"
    assert nx.is_bipartite(nx.Graph(graph.subgraph(n for n, k in kinds.items() if k != "school")))


def test_partner_school_projection():
    graph = illustrative().to_networkx("partner-school")
    via = f"{HKD}org-via-educacion"
    assert graph.degree(via) == 5
    assert graph.edges[via, f"{HKD}school-amado-nervo"]["weight"] == 1
    assert graph.edges[f"{HKD}org-ensena-por-mexico", f"{HKD}school-amado-nervo"]["activities"] == [
        f"{EX}project-03"
    ]
    centrality = nx.degree_centrality(graph)
    assert max(centrality, key=centrality.get) == via
    assert partner_school_projection(nx.Graph()).number_of_nodes() == 0


def test_partners_view_of_curated_data_is_empty():
    assert curated().to_networkx("partners").number_of_nodes() == 0


def test_guidelines_view():
    graph = curated().to_networkx("guidelines")
    third = f"{HK}AccompanimentForTransformation"
    assert graph.nodes[third]["kind"] == "guideline" and graph.nodes[third]["order"] == 3
    assert sorted(graph.nodes[t]["notation"] for t in graph.neighbors(third)) == [
        "17.17",
        "4.1",
        "4.7",
        "4.c",
    ]
    assert graph.nodes["http://metadata.un.org/sdg/4.7"]["goal"] == "http://metadata.un.org/sdg/4"


def test_rdf_view():
    graph = mini().to_networkx("rdf")
    assert isinstance(graph, nx.MultiDiGraph)
    edges = graph.get_edge_data(f"{HKD}school-amado-nervo", f"{HK}Primary")
    assert "hk:educationalLevel" in edges


def test_views_and_errors():
    assert set(VIEWS) == {"partners", "partner-school", "guidelines", "rdf"}
    with pytest.raises(ValueError, match="unknown view"):
        to_networkx(mini(), view="nope")


def test_an_empty_partner_network_says_why():
    # issue 17.13: on the curated data the network had 0 nodes without a word
    import warnings

    from habitatkg._answers import AnswerNote
    from kg_helpers import curated

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = curated().to_networkx("partners")
        ranking = curated().partner_ranking()
    assert graph.number_of_nodes() == 0 and ranking.empty
    assert "the curated sources do not say which partner works where" in graph.graph["note"]
    assert "the curated sources do not say" in ranking.attrs["note"]
    assert sum(issubclass(w.category, AnswerNote) for w in caught) == 2
