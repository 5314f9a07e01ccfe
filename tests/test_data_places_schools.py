"""Known answers for data/places-schools.ttl, read from the sources (Table 4 and chapter I.B)."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

from habitatkg import _paths

HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
HKD = rdflib.Namespace("https://w3id.org/habitatkg/data/")

# Table 4 (report p. 26): students (2021-2022 school year) and staff per school.
TABLE_4 = {
    "ecatepec": {
        "prepa-94": (582, 49),
        "amado-nervo": (1098, 46),
        "benito-juarez": (226, 14),
        "estic-120": (515, 57),
        "prepa-110": (742, 88),
    },
    "iztapalapa": {
        "fray-martin-de-valencia": (374, 29),
        "herminio-chavarria": (1152, 62),
        "luis-pasteur": (1401, 119),
    },
    "kanasin": {
        "america": (512, 25),
        "victor-manuel-martinez-herrera": (414, 21),
        "jose-vasconcelos": (395, 22),
        "est-71": (593, 58),
        "est-81": (576, 60),
    },
}
TOTALS = {"ecatepec": (3163, 254), "iztapalapa": (2927, 210), "kanasin": (2490, 186)}
GRAND_TOTAL = (8580, 650)


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in [*_paths.ontology_files(), *_paths.data_files()]:
        graph.parse(path, format="turtle")
    return graph


# Issue 14: footnote 4 dates the students to the 2021-2022 school year but the staff to the
# information collected up to the last quarter of 2022 (the old data dated both 2021-2022).
PERIOD = {HK.EnrolledStudents: "2021-2022", HK.StaffCount: "2022"}


def _figures(g: rdflib.Graph, subject: URIRef, kind: URIRef) -> list[int]:
    return sorted(
        int(g.value(q, HK.value))
        for q in g.subjects(HK.quantityOf, subject)
        if (q, HK.quantityKind, kind) in g and str(g.value(q, HK.period)) == PERIOD[kind]
    )


def test_staff_counts_are_dated_by_footnote_4(g):
    staff = list(g.subjects(HK.quantityKind, HK.StaffCount))
    assert len(staff) == 17
    for q in staff:
        assert str(g.value(q, HK.period)) == "2022", q
        assert HKD["src-places-schools-table-4-footnote-4"] in set(g.objects(q, HK.source))


def test_thirteen_schools_in_table_4_plus_two_new(g):
    schools = set(g.subjects(RDF.type, HK.School))
    assert {HKD[f"school-{s}"] for m in TABLE_4.values() for s in m} <= schools
    assert HKD["school-new-technical-upper-secondary-kanasin"] in schools
    assert HKD["school-new-secondary-kanasin"] in schools
    with_figures = {s for s in schools if _figures(g, s, HK.EnrolledStudents)}
    assert len(with_figures) == 13


@pytest.mark.parametrize("municipality", sorted(TABLE_4))
def test_schools_add_up_to_the_municipality_totals(g, municipality):
    students = staff = 0
    for slug, (expected_students, expected_staff) in TABLE_4[municipality].items():
        school = HKD[f"school-{slug}"]
        assert _figures(g, school, HK.EnrolledStudents) == [expected_students]
        assert _figures(g, school, HK.StaffCount) == [expected_staff]
        students += expected_students
        staff += expected_staff
        # every school is located, at some depth, in its municipality
        located = set(g.transitive_objects(school, HK.locatedIn))
        assert HKD[f"place-{municipality}"] in located
    assert (students, staff) == TOTALS[municipality]
    place = HKD[f"place-{municipality}"]
    assert _figures(g, place, HK.EnrolledStudents) == [TOTALS[municipality][0]]
    assert _figures(g, place, HK.StaffCount) == [TOTALS[municipality][1]]


def test_grand_total(g):
    assert sum(t[0] for t in TOTALS.values()) == GRAND_TOTAL[0]
    assert sum(t[1] for t in TOTALS.values()) == GRAND_TOTAL[1]
    model = HKD["social-model"]
    assert _figures(g, model, HK.EnrolledStudents) == [GRAND_TOTAL[0]]
    assert _figures(g, model, HK.StaffCount) == [GRAND_TOTAL[1]]


def test_every_school_has_level_place_and_spanish_name(g):
    for school in g.subjects(RDF.type, HK.School):
        if not str(school).startswith(str(HKD)):
            continue
        assert g.value(school, HK.educationalLevel) is not None, school
        assert g.value(school, HK.locatedIn) is not None, school
        languages = {o.language for o in g.objects(school, RDFS.label)}
        assert {"en", "es"} <= languages, school


def test_levels_and_shift_as_in_the_report(g):
    level = {
        s: g.value(HKD[f"school-{s}"], HK.educationalLevel) for m in TABLE_4.values() for s in m
    }
    assert level["benito-juarez"] == HK.PrePrimary
    assert level["amado-nervo"] == HK.Primary
    assert level["luis-pasteur"] == HK.LowerSecondary
    assert level["prepa-94"] == HK.UpperSecondary
    # four educational levels (chapter I.B)
    assert len(set(level.values())) == 4
    assert g.value(HKD["school-jose-vasconcelos"], HK.shift) == HK.AfternoonShift


def test_la_presa_membership_disagreement_is_kept(g):
    def members(source_slug: str) -> set[str]:
        return {
            str(g.value(m, HK.member)).rsplit("school-", 1)[-1]
            for m in g.subjects(HK.organization, HKD["complex-la-presa"])
            if (m, HK.source, HKD[f"src-places-schools-{source_slug}"]) in g
        }

    assert "prepa-110" in members("table-4") and "prepa-94" not in members("table-4")
    assert "prepa-94" in members("box-school-complexes")
    assert "prepa-110" not in members("box-school-complexes")
    assert g.value(HKD["complex-la-presa"], HK.status) == HK.Completed
    assert g.value(HKD["complex-iztapalapa"], HK.status) == HK.InProgress


def test_spelling_variants_are_kept_as_alternative_labels(g):
    alt = {str(o) for o in g.objects(HKD["school-prepa-110"], rdflib.SKOS.altLabel)}
    assert any("Profr." in a for a in alt)
    label = str(g.value(HKD["school-herminio-chavarria"], RDFS.label))
    assert label == 'Escuela Primaria "General Herminio Chavarría"'


def test_inegi_codes(g):
    expected = {
        "estado-de-mexico": "15", "ciudad-de-mexico": "09", "yucatan": "31", "puebla": "21",
        "ecatepec": "15033", "iztapalapa": "09007", "kanasin": "31041", "huejotzingo": "21074",
    }  # fmt: skip
    for slug, code in expected.items():
        place = HKD[f"place-{slug}"]
        assert g.value(place, HK.inegiCode) == Literal(code)
        if len(code) == 5:  # a municipality code starts with its state's code
            state = g.value(place, HK.locatedIn)
            assert code.startswith(str(g.value(state, HK.inegiCode)))
    for code in g.objects(None, HK.inegiCode):
        assert re.fullmatch(r"\d{2}|\d{5}", str(code))


def test_accessibility_applied_where_the_report_says(g):
    applied = set(g.objects(HKD["innovation-accessibility-elements"], HK.appliedAt))
    assert applied == {HKD["school-amado-nervo"], HKD["school-prepa-94"]}
