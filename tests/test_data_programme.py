"""Known answers for data/programme.ttl, read from the report (Tables 2 and 3, chapter II.C)."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, RDFS, SKOS, URIRef

from habitatkg import _paths

HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
HKD = rdflib.Namespace("https://w3id.org/habitatkg/data/")
SDG = rdflib.Namespace("http://metadata.un.org/sdg/")

# Table 3 (report p. 25): the SDG targets each strategic guideline serves, and the number of
# development indicators listed for it (guidelines 4 and 5 share one row).
TABLE_3 = {
    1: ({"17.17"}, 3),
    2: ({"4.a", "4.1", "4.2"}, 4),
    3: ({"4.1", "4.7", "4.c", "17.17"}, 5),
    4: ({"4.7", "17.17"}, 3),
    5: ({"4.7", "17.17"}, 3),
}
# Chapter II.C.1: the five capabilities, in the report's order.
CAPABILITIES = [
    "Personal, collective, and environmental care",
    "Empathetic and effective communication",
    "Collaborative work",
    "Management of transformational projects",
    "Learning to learn",
]
# Figure 4 / the Kanasín box: Identify -> Unite -> Organize -> Manage -> Recognize -> Identify.
PHASES = ["Identify", "Unite", "Organize", "Manage", "Recognize"]


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in [*_paths.ontology_files(), *_paths.data_files()]:
        graph.parse(path, format="turtle")
    return graph


def _en(g: rdflib.Graph, node: URIRef) -> str:
    return next(str(o) for o in g.objects(node, RDFS.label) if o.language == "en")


def _by_order(g: rdflib.Graph, cls: URIRef) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, cls), key=lambda n: int(g.value(n, HK.order)))


def test_every_guideline_serves_exactly_the_targets_of_table_3(g):
    guidelines = _by_order(g, HK.StrategicGuideline)
    assert len(guidelines) == 5
    for number, guideline in enumerate(guidelines, 1):
        targets = {str(g.value(t, SKOS.notation)) for t in g.objects(guideline, HK.servesTarget)}
        assert targets == TABLE_3[number][0], (number, targets)
        indicators = list(g.objects(guideline, HK.hasIndicator))
        assert len(indicators) == TABLE_3[number][1]
        assert HKD["src-programme-table-3"] in set(g.objects(guideline, HK.source))


def test_targets_are_the_un_identifiers_with_official_titles(g):
    target = SDG["4.7"]
    assert (SDG["4"], URIRef("http://metadata.un.org/sdg/ontology#hasTarget"), target) in g
    assert _en(g, target).startswith("4.7 By 2030, ensure that all learners acquire")


def test_capabilities_complete_in_order_with_definitions(g):
    capabilities = _by_order(g, HK.Capability)
    assert [_en(g, c) for c in capabilities] == CAPABILITIES
    for capability in capabilities:
        assert g.value(capability, SKOS.definition) is not None
        assert HKD["src-programme-chapter-ii-c-1"] in set(g.objects(capability, HK.source))
    model = HKD["social-model"]
    assert set(g.objects(model, HK.promotesCapability)) == set(capabilities)


def test_phases_run_in_a_cycle(g):
    phases = _by_order(g, HK.MethodologyPhase)
    assert [_en(g, p) for p in phases] == PHASES
    for here, there in zip(phases, phases[1:] + phases[:1], strict=True):
        assert g.value(here, HK.nextPhase) == there
    method = HKD["methodology-descubrimiento-y-movimiento"]
    assert set(g.objects(method, HK.hasPhase)) == set(phases)


def test_social_model_basic_elements(g):
    model = HKD["social-model"]
    assert g.value(model, HK.operatedBy) == HKD["org-fab"]
    assert str(g.value(model, HK.tagline)) in {
        "En comunidad para transformar",
        "In community to transform",
    }
    assert "educational habitats" in str(g.value(model, HK.objective))
    assert len(set(g.objects(model, HK.hasComponent))) == 2
    assert len(set(g.objects(model, HK.hasGuideline))) == 5
    principles = set(g.objects(model, HK.hasPrinciple))
    assert len({p for p in principles if (p, RDF.type, HK.GuidingPrinciple) in g}) == 4
    assert len({p for p in principles if (p, RDF.type, HK.FoundingPrinciple) in g}) == 4
    assert len({p for p in principles if (p, RDF.type, HK.LiaisonValue) in g}) == 6
    # the goals named at the end of chapter III, besides SDG 4 and 17
    assert {SDG["1"], SDG["10"], SDG["16"]} <= set(g.objects(model, HK.contributesToGoal))


def test_kanasin_cycle(g):
    cycle = HKD["cycle-kanasin-2021-2022"]
    assert g.value(cycle, HK.usesMethodology) == HKD["methodology-descubrimiento-y-movimiento"]
    assert len(list(g.objects(cycle, HK.objective))) == 3
    assert int(g.value(cycle, HK.startYear)) == 2021
    projects = set(g.subjects(HK.partOf, cycle))
    assert len(projects) == 4
    assert all(g.value(p, HK.inPhase) == HK.Manage for p in projects)


def test_accompaniment_team_roles(g):
    roles = set(g.objects(HKD["accompaniment-teams"], HK.memberRole))
    assert len(roles) == 5 and HK.SocioCommunityAide in roles


def test_log_entry_names_its_capabilities(g):
    entry = HKD["log-entry-emotional-intelligence-workshops"]
    assert set(g.objects(entry, HK.addressesCapability)) == {
        HK.PersonalCollectiveAndEnvironmentalCare,
        HK.EmpatheticAndEffectiveCommunication,
    }


def test_lines_of_action_and_challenges(g):
    lines = set(g.subjects(RDF.type, HK.LineOfAction))
    assert len(lines) == 6  # chapter IV
    for node in lines | set(g.subjects(RDF.type, HK.Challenge)):
        assert g.value(node, HK.concerns) is not None, node


def test_accompaniment_figures_2022(g):
    figures = {
        str(g.value(q, HK.quantityKind)).rsplit("#", 1)[-1]: int(g.value(q, HK.value))
        for q in g.subjects(HK.quantityOf, HKD["social-model"])
        if str(g.value(q, HK.period)) == "2022" and (q, HK.qualifier, HK.MoreThan) in g
    }
    assert figures["MirrorExperiences"] == 40
    assert figures["PartnerProjects"] == 70
    assert figures["OtherAccompanimentActions"] == 150
