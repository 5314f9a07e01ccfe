"""Curated data of data/partners.ttl (organizations and partnerships), checked against the sources.

Expected values are read from the report *Transforming Through Education* (hkd:doc-report-2023):
the Acknowledgment (government institutions; partner organizations and universities), Chapter
II.A, Chapter II.C.3 (topics addressed by partner organizations per year, the partner
network), Chapter II.C.4, Chapter III.A.4 and Table 9; and from the UNESCO Mexico news release
of 2023-06-27 (hkd:doc-news-2023). Only nodes that data/partners.ttl owns are asserted on.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

from habitatkg import _paths

HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
HKD = rdflib.Namespace("https://w3id.org/habitatkg/data/")

REPORT = HKD["doc-report-2023"]
NEWS = HKD["doc-news-2023"]
SOCIAL_MODEL = HKD["social-model"]
OWN_FILE = "partners.ttl"

# Report, Acknowledgment, "PARTNER ORGANIZATIONS AND UNIVERSITIES" (21 names, in the
# report's order), with the IRI each is curated under.
ACKNOWLEDGED_PARTNERS = {
    "org-itam": "Instituto Tecnológico Autónomo de México",
    "org-tec-de-monterrey": "Instituto Tecnológico y de Estudios Superiores de Monterrey",
    "org-universidad-del-medio-ambiente": "Universidad del Medio Ambiente",
    "org-fundacion-educa-mexico": "Fundación EDUCA México",
    "org-ensena-por-mexico": "Enseña por México",
    "org-radix-education": "Radix Education",
    "org-instituto-dia": "Instituto DIA",
    "org-movimiento-stem": "Movimiento STEM",
    "org-apac": "APAC",
    "org-de-cero-a-tres": "De Cero a Tres",
    "org-educacion-para-compartir": "Educación para Compartir",
    "org-ibby-mexico": "IBBY México",
    "org-ippliap": "IPPLIAP",
    "org-proeducacion": "Proeducación",
    "org-proempleo-productivo": "ProEmpleo Productivo",
    "org-via-educacion": "Vía Educación",
    "org-youthbuild-mexico": "YouthBuild México",
    "org-christel-house-mexico": "Christel House México",
    "org-fondo-para-la-paz": "Fondo para la Paz",
    "org-universidad-ort": "Universidad ORT",
    "org-ciudadano": "Ciudadano",
}

# Report, Acknowledgment, "GOVERNMENT INSTITUTIONS": name as printed (the borough's spelling
# "Burrough" corrected), the place it belongs to, and whether it is an education authority.
ACKNOWLEDGED_GOVERNMENT = {
    "org-government-estado-de-mexico": (
        "State of Mexico Government",
        "place-estado-de-mexico",
        False,
    ),
    "org-municipality-ecatepec": ("Municipality of Ecatepec", "place-ecatepec", False),
    "org-seduc-estado-de-mexico": (
        "Secretary of Education of the State of Mexico",
        "place-estado-de-mexico",
        True,
    ),
    "org-government-yucatan": ("Yucatan State Government", "place-yucatan", False),
    "org-municipality-kanasin": ("Municipality of Kanasín", "place-kanasin", False),
    "org-segey-yucatan": (
        "Secretary of Education of the Government of the State of Yucatan",
        "place-yucatan",
        True,
    ),
    "org-government-ciudad-de-mexico": ("Mexico City Government", "place-ciudad-de-mexico", False),
    "org-borough-iztapalapa": ("Iztapalapa Borough", "place-iztapalapa", False),
    "org-aefcm": ("Mexico City Federal Education Authority", "place-ciudad-de-mexico", True),
}

# Report, Chapter II.C.3, lists "Topics Addressed in 2018/2019/2021/2022": number of topics.
TOPICS_PER_YEAR = {2018: 5, 2019: 9, 2021: 5, 2022: 7}

# Report, Table 9 (page 60): example -> (capability it is listed under, school or None).
TABLE_9 = {
    "workshop-socio-emotional-development-estic-120": (
        HK.PersonalCollectiveAndEnvironmentalCare,
        HKD["school-estic-120"],
    ),
    "workshop-communication-mothers-amado-nervo": (
        HK.EmpatheticAndEffectiveCommunication,
        HKD["school-amado-nervo"],
    ),
    "project-prepa-94-moving": (HK.CollaborativeWork, HKD["school-prepa-94"]),
    # "Adopta un abuelo" is placed in "Kanasín's Education Communities": no single school.
    "project-adopta-un-abuelo-kanasin": (HK.ManagementOfTransformationalProjects, None),
}

# Prefixes of the IRIs that data/partners.ttl owns (it describes nothing else).
OWN_PREFIXES = (
    "org-",
    "src-partners-",
    "topic-",
    "qty-partners-",
    "workshop-",
    "project-",
    "testimonial-",
    "challenge-",
    "strategy-",
)
NOT_OWNED_ORGS = {
    "org-gnlc",
    "org-city-of-huejotzingo",
    "org-huejotzingo-childrens-participation-council",
    "org-huejotzingo-consultative-committee",
    "org-un-habitat",
    "org-ballon-latam",
}


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in [*_paths.data_files(), *_paths.ontology_files()]:
        g.parse(path)
    return g


@pytest.fixture(scope="module")
def own_path() -> Path:
    paths = [p for p in _paths.data_files() if p.name == OWN_FILE]
    assert len(paths) == 1
    return paths[0]


@pytest.fixture(scope="module")
def own_graph(own_path: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(own_path)
    return g


def labels(g: rdflib.Graph, node: URIRef, lang: str) -> set[str]:
    return {
        str(o) for o in g.objects(node, RDFS.label) if isinstance(o, Literal) and o.language == lang
    }


def documents_of(g: rdflib.Graph, node: URIRef) -> set[URIRef]:
    return {doc for src in g.objects(node, HK.source) for doc in g.objects(src, HK.inDocument)}


def sections_of(g: rdflib.Graph, node: URIRef) -> set[str]:
    return {str(sec) for src in g.objects(node, HK.source) for sec in g.objects(src, HK.section)}


def is_a(g: rdflib.Graph, node: URIRef, cls: URIRef) -> bool:
    """``node`` has type ``cls`` or one of its subclasses (rdfs:subClassOf in the ontology)."""
    return any(cls in g.transitive_objects(t, RDFS.subClassOf) for t in g.objects(node, RDF.type))


# --- Acknowledgment: partner organizations and universities ------------------------------


def test_acknowledged_partners_have_exact_names(graph: rdflib.Graph) -> None:
    for slug, name in ACKNOWLEDGED_PARTNERS.items():
        org = HKD[slug]
        assert labels(graph, org, "en") == {name}, slug
        assert labels(graph, org, "es") == {name}, slug  # Spanish proper names as given
        assert is_a(graph, org, HK.Organization), slug
        assert REPORT in documents_of(graph, org), slug


def test_twenty_one_partners_sourced_to_the_acknowledgment(graph: rdflib.Graph) -> None:
    # Acknowledgment: 21 partner organizations and universities.
    src = HKD["src-partners-acknowledgment-partners"]
    sourced = {s for s in graph.subjects(HK.source, src) if is_a(graph, s, HK.Organization)}
    assert len(ACKNOWLEDGED_PARTNERS) == 21
    assert sourced == {HKD[slug] for slug in ACKNOWLEDGED_PARTNERS}
    assert str(graph.value(src, HK.section)).startswith("Acknowledgment")


def test_itam_and_tec_de_monterrey_are_universities(graph: rdflib.Graph) -> None:
    assert (HKD["org-itam"], RDF.type, HK.University) in graph
    assert (HKD["org-tec-de-monterrey"], RDF.type, HK.University) in graph


def test_universities_are_the_four_named_as_such(graph: rdflib.Graph) -> None:
    # Names of the Acknowledgment: two "Instituto ... (de Estudios Superiores)" and two
    # "Universidad ...".
    universities = {
        slug for slug in ACKNOWLEDGED_PARTNERS if (HKD[slug], RDF.type, HK.University) in graph
    }
    assert universities == {
        "org-itam",
        "org-tec-de-monterrey",
        "org-universidad-del-medio-ambiente",
        "org-universidad-ort",
    }


def test_every_acknowledged_organization_is_a_partner_of_the_social_model(
    graph: rdflib.Graph,
) -> None:
    partners = set(graph.objects(SOCIAL_MODEL, HK.hasPartner))
    for slug in [*ACKNOWLEDGED_PARTNERS, *ACKNOWLEDGED_GOVERNMENT]:
        assert HKD[slug] in partners, slug
    assert HKD["src-partners-acknowledgment"] in set(graph.objects(SOCIAL_MODEL, HK.source))


def test_no_joining_years_are_invented(own_graph: rdflib.Graph) -> None:
    # Table 6 (page 48, partners by year of joining) lost its body in the text extraction.
    for slug in ACKNOWLEDGED_PARTNERS:
        assert (HKD[slug], HK.startYear, None) not in own_graph, slug
        assert (HKD[slug], HK.year, None) not in own_graph, slug


# --- Acknowledgment: government institutions -----------------------------------------------


def test_government_institutions(graph: rdflib.Graph) -> None:
    for slug, (name, place, education) in ACKNOWLEDGED_GOVERNMENT.items():
        org = HKD[slug]
        assert labels(graph, org, "en") == {name}, slug
        assert is_a(graph, org, HK.GovernmentBody), slug
        assert is_a(graph, org, HK.EducationAuthority) == education, slug
        assert set(graph.objects(org, HK.locatedIn)) == {HKD[place]}, slug
        assert HKD["src-partners-acknowledgment-government"] in set(graph.objects(org, HK.source))


# --- The Foundation, Grupo BAL, UNESCO ------------------------------------------------------


def test_foundation(graph: rdflib.Graph) -> None:
    fab = HKD["org-fab"]
    assert (fab, RDF.type, HK.Foundation) in graph
    assert labels(graph, fab, "en") == {"Alberto Baillères Foundation"}
    assert labels(graph, fab, "es") == {"Fundación Alberto Baillères"}
    # News release, "About the Foundation": working since 2009; report, Chapter I.B: the
    # Foundation began its work in 2009 (both sources agree).
    assert list(graph.objects(fab, HK.startYear)) == [Literal(2009)]
    assert documents_of(graph, fab) >= {REPORT, NEWS}
    # The tagline belongs to the Social Model, not to the Foundation.
    assert (fab, HK.tagline, None) not in graph


def test_grupo_bal_and_unesco(graph: rdflib.Graph) -> None:
    assert (HKD["org-grupo-bal"], RDF.type, HK.Company) in graph
    for slug in ("org-unesco", "org-unesco-mexico", "org-unesco-uil"):
        assert (HKD[slug], RDF.type, HK.InternationalOrganization) in graph, slug
    assert labels(graph, HKD["org-unesco-mexico"], "en") == {"UNESCO Office in Mexico"}
    assert labels(graph, HKD["org-unesco-uil"], "en") == {"UNESCO Institute for Lifelong Learning"}


# --- Chapter II.A and II.C.3: figures ------------------------------------------------------


def quantity(g: rdflib.Graph, kind: URIRef) -> URIRef:
    found = [q for q in g.subjects(HK.quantityKind, kind) if (q, HK.quantityOf, SOCIAL_MODEL) in g]
    assert len(found) == 1, kind
    return found[0]


def test_interviewees_share(own_graph: rdflib.Graph) -> None:
    # Chapter II.A: "75% of the participants interviewed stated that the partnerships ...".
    q = quantity(own_graph, HK.ShareOfInterviewees)
    assert own_graph.value(q, HK.value).toPython() == Decimal(75)
    assert own_graph.value(q, HK.qualifier) == HK.Exact
    assert str(own_graph.value(q, HK.unit)) == "percent"


def test_partner_network_professionals(own_graph: rdflib.Graph) -> None:
    # Chapter II.C.3: "more than 160 professionals in education and socio-community work".
    q = quantity(own_graph, HK.PartnerProfessionals)
    assert own_graph.value(q, HK.value).toPython() == Decimal(160)
    assert own_graph.value(q, HK.qualifier) == HK.MoreThan


# --- Chapter II.C.3: topics addressed by partner organizations -----------------------------


def test_topics_exist_for_exactly_the_four_years(graph: rdflib.Graph) -> None:
    topics = set(graph.subjects(RDF.type, HK.PartnerTopic))
    years: dict[int, int] = {}
    for topic in topics:
        values = list(graph.objects(topic, HK.year))
        assert len(values) == 1, topic
        year = values[0].toPython()
        years[year] = years.get(year, 0) + 1
        assert sections_of(graph, topic) == {
            f"Chapter II.C.3 Socio-community Accompaniment Teams: Topics Addressed in {year}"
        }
    assert set(years) == {2018, 2019, 2021, 2022}
    assert years == TOPICS_PER_YEAR


def test_topic_target_groups_where_the_text_names_them(graph: rdflib.Graph) -> None:
    # "Development of parenting skills" (2022); "Education for people with hearing and
    # language problems" (2019, 2022); educator training every year.
    assert set(graph.objects(HKD["topic-2022-parenting-skills"], HK.targetGroup)) == {HK.ParentRole}
    for year in (2019, 2022):
        topic = HKD[f"topic-{year}-education-hearing-language"]
        assert set(graph.objects(topic, HK.targetGroup)) == {HK.PersonWithDisabilityRole}
    for year in TOPICS_PER_YEAR:
        assert set(graph.objects(HKD[f"topic-{year}-educator-training"], HK.targetGroup)) == {
            HK.EducatorRole
        }
    # The lists do not link topics to capabilities.
    for topic in graph.subjects(RDF.type, HK.PartnerTopic):
        assert (topic, HK.addressesCapability, None) not in graph


# --- Table 9 -------------------------------------------------------------------------------


def test_table_9_examples_have_their_capability_and_school(graph: rdflib.Graph) -> None:
    for slug, (capability, school) in TABLE_9.items():
        example = HKD[slug]
        assert is_a(graph, example, HK.Experience) or is_a(graph, example, HK.Project), slug
        assert set(graph.objects(example, HK.addressesCapability)) == {capability}, slug
        schools = set(graph.objects(example, HK.atSchool))
        if school is None:
            assert schools == set(), slug
            assert set(graph.objects(example, HK.operatesIn)) == {HKD["place-kanasin"]}
        else:
            assert schools == {school}, slug
        assert sections_of(graph, example) == {"Table 9"}
        assert (example, HK.hasPartner, None) not in graph  # Table 9 names no partner
    assert set(
        graph.objects(HKD["workshop-communication-mothers-amado-nervo"], HK.targetGroup)
    ) == {HK.MotherRole}
    assert labels(graph, HKD["project-adopta-un-abuelo-kanasin"], "es") == {"Adopta un abuelo"}


def test_four_table_9_examples(own_graph: rdflib.Graph) -> None:
    src = HKD["src-partners-table-9"]
    assert own_graph.value(src, HK.page) == Literal(60)
    assert set(own_graph.subjects(HK.source, src)) == {HKD[slug] for slug in TABLE_9}


# --- Provenance, ownership, spelling -------------------------------------------------------


def test_every_own_node_has_a_source(own_graph: rdflib.Graph) -> None:
    for node in set(own_graph.subjects(RDF.type, None)):
        if (node, RDF.type, HK.SourceReference) in own_graph:
            assert (node, HK.inDocument, None) in own_graph, node
            assert (node, HK.section, None) in own_graph, node
            continue
        assert (node, HK.source, None) in own_graph, node


def test_describes_only_owned_iris(own_graph: rdflib.Graph) -> None:
    for node in set(own_graph.subjects(RDFS.label, None)) | set(own_graph.subjects(RDF.type, None)):
        slug = str(node).removeprefix(str(HKD))
        assert slug.startswith(OWN_PREFIXES), node
        assert slug not in NOT_OWNED_ORGS, node


def test_spelling_is_corrected(own_path: Path) -> None:
    text = own_path.read_text(encoding="utf-8")
    assert "Ã" not in text
    assert "Kanasín" in text
    assert 'Iztapalapa Burrough"@' not in text
