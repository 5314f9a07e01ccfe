"""Known answers for data/effects.ttl, read from the report.

Transforming Through Education (UNESCO Office in Mexico, 2023): chapter III.A "First Effects of
the Social Model" (pp. 54-61), the opening quotation of chapter III (p. 53) and the epigraph of
chapter I (p. 15). Each test says which section. Only nodes that effects.ttl owns are asserted on.
"""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib import RDF, RDFS, URIRef

from habitatkg import _paths

HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
HKD = rdflib.Namespace("https://w3id.org/habitatkg/data/")
EFFECTS = next(p for p in _paths.data_files() if p.name == "effects.ttl")
REPORT = _paths.resource_dir("data") / "sources" / "report-2023.txt"

# Chapter III.A.1-III.A.4: the effects the report names, with what each is about.
EFFECTS_BY_SECTION = {
    "effect-dignified-and-safe-learning-spaces": ("iii-a-1", HKD["social-model"]),
    "effect-overcoming-stigmas": ("iii-a-2", HKD["social-model"]),
    "effect-schools-first-option": ("iii-a-2", HKD["social-model"]),
    "effect-returning-to-and-staying-in-school": ("iii-a-3", HKD["social-model"]),
    "effect-prepa-94-enrolment-turnaround": ("iii-a-3", HKD["school-prepa-94"]),
    "effect-la-presa-school-complex": ("iii-a-3", HKD["complex-la-presa"]),
    "effect-development-opportunities-for-all": ("iii-a-4", HKD["social-model"]),
    "effect-fundamental-learning-equity-and-inclusion": ("iii-a-4", HKD["social-model"]),
}
# The testimonials of these chapters and the role the report attributes each to.
SPEAKERS = {
    # chapter III.A.1: "(Ecatepec educators and students)", three quotations
    "testimonial-ecatepec-no-more-overcrowding": {HK.EducatorRole, HK.StudentRole},
    "testimonial-ecatepec-space-on-my-bench": {HK.EducatorRole, HK.StudentRole},
    "testimonial-ecatepec-space-for-workshops": {HK.EducatorRole, HK.StudentRole},
    # chapter III.A.2: "(Student, a fragment of the performance ... opening ceremony)"
    "testimonial-student-prepa-94-resilient": {HK.StudentRole},
    # chapter III.A.3: "(Mother)"
    "testimonial-mother-dream-for-my-children": {HK.MotherRole},
    # opening of chapter III: "(Upper secondary school student)"
    "testimonial-student-change-for-the-neighborhood": {HK.StudentRole},
}


@pytest.fixture(scope="module")
def own() -> rdflib.Graph:
    """effects.ttl on its own: the nodes this file describes."""
    return rdflib.Graph().parse(EFFECTS, format="turtle")


def _report() -> str:
    text = REPORT.read_text(encoding="utf-8")
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text)


def test_the_effects_of_chapter_iii_a_and_what_they_concern(own):
    effects = {str(s).removeprefix(str(HKD)) for s in own.subjects(RDF.type, HK.Effect)}
    assert effects == set(EFFECTS_BY_SECTION)
    for name, (section, about) in EFFECTS_BY_SECTION.items():
        node = HKD[name]
        assert about in set(own.objects(node, HK.concerns)), name
        assert own.value(node, HK.source) == HKD[f"src-effects-chapter-{section}"], name


def test_testimonials_are_by_role_with_the_report_s_words(own):
    report = _report()
    testimonials = {str(s).removeprefix(str(HKD)) for s in own.subjects(RDF.type, HK.Testimonial)}
    assert testimonials == set(SPEAKERS)
    for name, roles in SPEAKERS.items():
        node = HKD[name]
        assert set(own.objects(node, HK.spokenBy)) == roles, name
        assert not any(own.objects(node, HK.name)), name
        text = str(own.value(node, HK.text)).replace("\u2019", "'")
        assert text in report, f"{name}: the text is not the report's, word for word"


def test_the_chapter_iii_opening_quotation_is_on_page_53(own):
    ref = HKD["src-effects-chapter-iii-opening"]
    assert own.value(ref, HK.page) == rdflib.Literal(53)
    node = HKD["testimonial-student-change-for-the-neighborhood"]
    assert str(own.value(node, HK.text)).startswith("The change in that school won't just be")


def test_jacques_delors_is_the_person_the_chapter_i_epigraph_quotes(own):
    person = HKD["person-jacques-delors"]
    assert (person, RDF.type, HK.Person) in own
    assert str(own.value(person, HK.name)) == "Jacques Delors"
    ref: URIRef = own.value(person, HK.source)
    assert own.value(ref, HK.page) == rdflib.Literal(15)
    assert "Jacques Delors (UNESCO, 1996)" in _report()


def test_no_effect_is_stored_without_a_label_in_english(own):
    for effect in own.subjects(RDF.type, HK.Effect):
        assert any(o.language == "en" for o in own.objects(effect, RDFS.label)), effect
