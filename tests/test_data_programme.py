"""Known answers for data/programme.ttl, read from the sources.

Figures and lists are copied from the report (Transforming Through Education, UNESCO Office in
Mexico, 2023) and the news release of 27 June 2023; each test says which table or section.
Only nodes that programme.ttl owns are asserted on.
"""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, RDFS, SKOS, URIRef

from habitatkg import _paths

HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
HKD = rdflib.Namespace("https://w3id.org/habitatkg/data/")
SDG = rdflib.Namespace("http://metadata.un.org/sdg/")
PROGRAMME = next(p for p in _paths.data_files() if p.name == "programme.ttl")

# Table 3 (report p. 25): the SDG targets each strategic guideline serves, and the number of
# development indicators listed for it (guidelines 4 and 5 share one row).
TABLE_3 = {
    1: ({"17.17"}, 3),
    2: ({"4.a", "4.1", "4.2"}, 4),
    3: ({"4.1", "4.7", "4.c", "17.17"}, 5),
    4: ({"4.7", "17.17"}, 3),
    5: ({"4.7", "17.17"}, 3),
}
# Table 1 (report p. 18): the eight 2030 education targets, and thirteen recommended actions.
TABLE_1_TARGETS = {"4.1", "4.2", "4.3", "4.4", "4.7", "4.a", "4.b", "4.c"}
TABLE_1_ACTIONS = 13
# Chapter II.C.1: the five capabilities, in the report's order.
CAPABILITIES = [
    "Personal, collective, and environmental care",
    "Empathetic and effective communication",
    "Collaborative work",
    "Management of transformational projects",
    "Learning to learn",
]
# Chapter II.C.2 and the Kanasín box, a cycle:
# Identify -> Unite -> Organize -> Manage -> Recognize -> Identify.
PHASES = ["Identify", "Unite", "Organize", "Manage", "Recognize"]
# Chapter IV: the six lines of action for the future.
CHAPTER_IV = {
    "Contribute to public policies",
    "Consolidate the transformation of school environments"
    " and the creation of learning communities",
    "Strengthen the capabilities of educators",
    "Strengthen citizen participation and empower children and youth",
    "Include a diversity approach",
    "Promote a gender perspective",
}


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in [*_paths.ontology_files(), *_paths.data_files()]:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def own() -> rdflib.Graph:
    """programme.ttl on its own: the nodes this file describes."""
    return rdflib.Graph().parse(PROGRAMME, format="turtle")


def _en(g: rdflib.Graph, node: URIRef) -> str:
    return next(str(o) for o in g.objects(node, RDFS.label) if o.language == "en")


def _by_order(g: rdflib.Graph, cls: URIRef) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, cls), key=lambda n: int(g.value(n, HK.order)))


def _notations(g: rdflib.Graph, node: URIRef) -> set[str]:
    return {str(g.value(t, SKOS.notation)) for t in g.objects(node, HK.servesTarget)}


def _from(g: rdflib.Graph, cls: URIRef, source: str) -> set[URIRef]:
    return {n for n in g.subjects(RDF.type, cls) if HKD[source] in set(g.objects(n, HK.source))}


# ------------------------------------------------------------------------------- Table 3


def test_every_guideline_serves_exactly_the_targets_of_table_3(g):
    guidelines = _by_order(g, HK.StrategicGuideline)
    assert len(guidelines) == 5
    for number, guideline in enumerate(guidelines, 1):
        assert _notations(g, guideline) == TABLE_3[number][0], number
        indicators = set(g.objects(guideline, HK.hasIndicator))
        assert len(indicators) == TABLE_3[number][1], number
        assert all((i, RDF.type, HK.DevelopmentIndicator) in g for i in indicators)
        assert HKD["src-programme-table-3"] in set(g.objects(guideline, HK.source))


def test_guidelines_4_and_5_share_their_row_of_indicators(g):
    four = set(g.objects(HK.AssimilationOfLearningExperiences, HK.hasIndicator))
    five = set(g.objects(HK.TransferAndExchangeOfKnowledge, HK.hasIndicator))
    assert four == five
    labels = {_en(g, i) for i in four}
    assert "Generation of strategies and instruments to evaluate and improve practices" in labels


def test_targets_are_the_un_identifiers_with_official_titles(g):
    target = SDG["4.7"]
    assert (SDG["4"], URIRef("http://metadata.un.org/sdg/ontology#hasTarget"), target) in g
    assert _en(g, target).startswith("4.7 By 2030, ensure that all learners acquire")


# ------------------------------------------------------------------------------- Table 1


def test_table_1_actions_and_targets(g):
    # Issue 14: Table 1 pairs no action with a target; the old data linked every action to
    # every target (104 hk:servesTarget links). Now the table lists both, as it does.
    actions = _from(g, HK.LineOfAction, "src-programme-table-1")
    assert len(actions) == TABLE_1_ACTIONS
    table = HKD["table-1-actions-2030-goals"]
    assert set(g.objects(table, HK.listsAction)) == actions
    assert {str(g.value(t, SKOS.notation)) for t in g.objects(table, HK.listsTarget)} == (
        TABLE_1_TARGETS
    )
    for action in actions:
        assert _notations(g, action) == set()
    labels = {_en(g, a) for a in actions}
    assert "Form learning communities" in labels
    assert "Making people the protagonists of their own transformation processes" in labels


# ------------------------------------------------------------------------------- the Social Model


def test_social_model_basic_elements(g):
    model = HKD["social-model"]
    assert (model, RDF.type, HK.Initiative) in g
    assert g.value(model, HK.operatedBy) == HKD["org-fab"]
    # news release, About the Foundation
    assert {str(t) for t in g.objects(model, HK.tagline)} == {
        "En comunidad para transformar",
        "In community to transform",
    }
    assert int(g.value(model, HK.startYear)) == 2017  # chapter I.B
    assert "educational habitats" in str(g.value(model, HK.objective))  # Table 2
    assert set(g.objects(model, HK.operatesIn)) == {
        HKD["place-ecatepec"],
        HKD["place-iztapalapa"],
        HKD["place-kanasin"],
    }
    assert set(g.objects(model, HK.hasComponent)) == {
        HK.SchoolInfrastructure,
        HK.SocioCommunityDevelopment,
    }
    assert len(set(g.objects(model, HK.hasGuideline))) == 5
    principles = set(g.objects(model, HK.hasPrinciple))
    assert len({p for p in principles if (p, RDF.type, HK.GuidingPrinciple) in g}) == 4
    assert len({p for p in principles if (p, RDF.type, HK.FoundingPrinciple) in g}) == 4
    assert len({p for p in principles if (p, RDF.type, HK.LiaisonValue) in g}) == 6
    assert HKD["methodology-descubrimiento-y-movimiento"] in set(
        g.objects(model, HK.usesMethodology)
    )


def test_social_model_sdg_links(g):
    model = HKD["social-model"]
    # the union of the Table 3 targets; Table 1's 4.3, 4.4 and 4.b are not claimed for it
    assert _notations(g, model) == {"4.1", "4.2", "4.7", "4.a", "4.c", "17.17"}
    # SDGs 4 and 17 (message from Alexander Leicht), 1, 10 and 16 (end of chapter III)
    goals = set(g.objects(model, HK.contributesToGoal))
    assert goals == {SDG["1"], SDG["4"], SDG["10"], SDG["16"], SDG["17"]}


# ------------------------------------------------------------------------------- chapter II.C


def test_capabilities_complete_in_order_with_definitions(g):
    capabilities = _by_order(g, HK.Capability)
    assert [_en(g, c) for c in capabilities] == CAPABILITIES
    for capability in capabilities:
        assert str(g.value(capability, SKOS.definition)).strip()
        assert HKD["src-programme-chapter-ii-c-1"] in set(g.objects(capability, HK.source))
        assert _notations(g, capability) == {"4.7"}  # "realizing the intentions of target 4.7"
    model = HKD["social-model"]
    assert set(g.objects(model, HK.promotesCapability)) == set(capabilities)


def test_phases_run_in_a_cycle(g):
    phases = _by_order(g, HK.MethodologyPhase)
    assert [_en(g, p) for p in phases] == PHASES
    for here, there in zip(phases, phases[1:] + phases[:1], strict=True):
        assert g.value(here, HK.nextPhase) == there
    method = HKD["methodology-descubrimiento-y-movimiento"]
    assert set(g.objects(method, HK.hasPhase)) == set(phases)
    for phase in phases:
        assert HKD["src-programme-chapter-ii-c-2"] in set(g.objects(phase, HK.source))


def test_kanasin_cycle(g):
    cycle = HKD["cycle-kanasin-2021-2022"]
    assert (cycle, RDF.type, HK.MethodologyCycle) in g
    assert g.value(cycle, HK.usesMethodology) == HKD["methodology-descubrimiento-y-movimiento"]
    assert g.value(cycle, HK.operatesIn) == HKD["place-kanasin"]
    assert int(g.value(cycle, HK.startYear)) == 2021
    objectives = {str(o) for o in g.objects(cycle, HK.objective)}
    assert len(objectives) == 3
    assert "Expand the pedagogical tools of educators." in objectives
    parts = set(g.subjects(HK.partOf, cycle))
    # every phase of the box has at least one activity
    assert {g.value(p, HK.inPhase) for p in parts} == {
        HK.Identify,
        HK.Unite,
        HK.Organize,
        HK.Manage,
        HK.Recognize,
    }
    # Manage: strengthening values, workshops for families, training for educators, care for
    # the elderly
    managed = {p for p in parts if g.value(p, HK.inPhase) == HK.Manage}
    assert len(managed) == 4
    assert all((p, RDF.type, HK.Project) in g for p in managed)


def test_accompaniment_strategies_and_figures_2022(g):
    model = HKD["social-model"]
    strategies = set(g.objects(model, HK.usesStrategy))
    assert {HKD["strategy-mirror-experiences"], HKD["strategy-partner-projects"]} <= strategies
    figures = {
        str(g.value(q, HK.quantityKind)).rsplit("#", 1)[-1]: int(g.value(q, HK.value))
        for q in g.subjects(HK.quantityOf, model)
        if str(g.value(q, HK.period)) == "2022" and (q, HK.qualifier, HK.MoreThan) in g
    }
    assert figures["MirrorExperiences"] == 40
    assert figures["PartnerProjects"] == 70
    assert figures["OtherAccompanimentActions"] == 150


def test_accompaniment_team_roles(g):
    team = HKD["accompaniment-teams"]
    roles = set(g.objects(team, HK.memberRole))
    assert roles == {
        HK.SocioCommunityAide,
        HK.PartnerOrganizationAide,
        HK.CareAndMaintenanceAide,
        HK.AppropriationThroughArtAide,
        HK.EducationMinistryTechnicalTeam,
    }
    for role in roles:
        assert HKD["src-programme-chapter-ii-c-3"] in set(g.objects(role, HK.source))


# ------------------------------------------------------------------------------- chapter III.B


def test_plans_log_and_log_entry(g):
    assert (HKD["plan-accompaniment"], RDF.type, HK.AccompanimentPlan) in g
    assert (HKD["plan-care-and-maintenance"], RDF.type, HK.CareAndMaintenancePlan) in g
    assert (HKD["log-social-model"], RDF.type, HK.Log) in g
    entry = HKD["log-entry-emotional-intelligence-workshops"]
    assert set(g.objects(entry, HK.addressesCapability)) == {
        HK.PersonalCollectiveAndEnvironmentalCare,
        HK.EmpatheticAndEffectiveCommunication,
    }
    assert g.value(entry, HK.targetGroup) == HK.ParentRole


def test_testimonials_are_attributed_to_roles_not_names(g, own):
    testimonials = set(own.subjects(RDF.type, HK.Testimonial))
    assert len(testimonials) == 6
    for testimonial in testimonials:
        assert g.value(testimonial, HK.text) is not None
        assert g.value(testimonial, HK.spokenBy) is not None
        assert not any(g.objects(testimonial, HK.name))
    speakers = {s for t in testimonials for s in g.objects(t, HK.spokenBy)}
    assert {HK.SchoolSupervisorRole, HK.EducationAuthorityRole, HK.ParentRole} <= speakers


# ------------------------------------------------------------------------------- chapter II.A


def test_agreements_decalogue_and_policy(g):
    commitment = HKD["agreement-collaborative-commitment"]
    assert (commitment, RDF.type, HK.Agreement) in g
    assert set(g.objects(commitment, HK.signatoryRole)) == {
        HK.StudentRole,
        HK.EducatorRole,
        HK.FamilyRole,
        HK.EducationAuthorityRole,
    }
    assert g.value(commitment, HK.signatory) == HKD["org-fab"]
    decalogue = HKD["decalogue-amado-nervo"]
    assert (decalogue, RDF.type, HK.Decalogue) in g
    assert g.value(decalogue, HK.signatoryRole) == HK.ChildRole
    policy = HKD["policy-social-liaison"]
    assert (policy, RDF.type, HK.Policy) in g
    assert g.value(policy, HK.publishedBy) == HKD["org-fab"]


# ------------------------------------------------------------------------------- challenges, IV


def test_transformation_challenges(g, own):
    expected = {  # box -> number of challenges it lists
        "src-programme-challenges-ii-a": 3,
        "src-programme-challenges-ii-b": 5,
        "src-programme-chapter-iii-end": 3,  # agenda topics at the end of chapter III.B
    }
    for source, count in expected.items():
        assert len(_from(g, HK.Challenge, source)) == count, source
    infrastructure = _from(g, HK.Challenge, "src-programme-challenges-ii-b")
    assert all((c, HK.concerns, HK.SchoolInfrastructure) in g for c in infrastructure)
    partnerships = _from(g, HK.Challenge, "src-programme-challenges-ii-a")
    assert all((c, HK.concerns, HK.AgencyCapacityForLinkingEfforts) in g for c in partnerships)
    for challenge in own.subjects(RDF.type, HK.Challenge):
        assert g.value(challenge, HK.concerns) is not None, challenge


def test_lines_of_action_of_chapter_iv(g):
    lines = _from(g, HK.LineOfAction, "src-programme-chapter-iv")
    assert {_en(g, line) for line in lines} == CHAPTER_IV
    for line in lines:
        assert g.value(line, HK.concerns) is not None, line


# ------------------------------------------------------------------------------- headline figures


def _figure(g: rdflib.Graph, source: str, kind: URIRef) -> tuple[int, URIRef]:
    (node,) = [q for q in g.subjects(HK.quantityKind, kind) if (q, HK.source, HKD[source]) in g]
    return int(g.value(node, HK.value)), g.value(node, HK.qualifier)


def test_message_figures(g):
    # message from Alejandro Baillères: 14 public schools in three states, more than 9,000
    # direct and more than 25,000 indirect beneficiaries
    source = "src-programme-message-bailleres"
    assert _figure(g, source, HK.SchoolsServed) == (14, HK.Exact)
    assert _figure(g, source, HK.StatesReached) == (3, HK.Exact)
    assert _figure(g, source, HK.DirectBeneficiaries) == (9000, HK.MoreThan)
    assert _figure(g, source, HK.IndirectBeneficiaries) == (25000, HK.MoreThan)


def test_earthquake_figures(g):
    # chapter I.B footnote 1 (INIFED, 2018)
    source = "src-programme-chapter-i-b-footnote-1"
    assert _figure(g, source, HK.DamagedCampuses) == (19000, HK.MoreThan)
    assert _figure(g, source, HK.AffectedFederalEntities) == (11, HK.Exact)
    assert _figure(g, source, HK.AffectedStudents) == (14000000, HK.Approximately)


# ------------------------------------------------------------------------------- provenance


def test_every_node_this_file_owns_has_a_source(g, own):
    subjects = {s for s in own.subjects() if isinstance(s, URIRef)}
    references = set(own.subjects(RDF.type, HK.SourceReference))
    assert references
    for node in subjects - references:
        sources = set(g.objects(node, HK.source))
        assert sources, node
        assert all((s, RDF.type, HK.SourceReference) in g for s in sources), node
    for reference in references:
        assert str(reference).startswith(str(HKD["src-programme-"]))
        assert own.value(reference, RDFS.label) is not None
        assert own.value(reference, HK.section) is not None
        document = own.value(reference, HK.inDocument)
        assert document in {HKD["doc-report-2023"], HKD["doc-news-2023"]}
        if document == HKD["doc-report-2023"]:
            assert int(own.value(reference, HK.page)) > 0


def test_this_file_does_not_relabel_ontology_concepts(own):
    for node in own.subjects(RDFS.label, None):
        assert str(node).startswith(str(HKD)), node
