"""Tests of habitatkg._answers: the competency questions through the Python API.

Known answers come from the sources (curated data) and, for the partner questions, from the
illustrative dataset examples/illustrative-partner-support.ttl (computed by hand from it).
"""

from __future__ import annotations

import pytest

from habitatkg._answers import snake_case
from habitatkg._errors import EntityNotFoundError, HabitatKGError, WrongKindError
from kg_helpers import EX, HK, HKD, curated, illustrative, labels, mini

CAP = {
    "care": f"{HK}PersonalCollectiveAndEnvironmentalCare",
    "comm": f"{HK}EmpatheticAndEffectiveCommunication",
    "collab": f"{HK}CollaborativeWork",
    "mgmt": f"{HK}ManagementOfTransformationalProjects",
    "l2l": f"{HK}LearningToLearn",
}


def test_snake_case():
    assert (
        snake_case("schoolLabel") == "school_label"
        and snake_case("activityYear") == "activity_year"
    )
    assert snake_case("students") == "students"


# ---------------------------------------------------------------- ordered concept lists


def test_concepts_in_the_sources_order():
    kg = mini()
    assert [c.label for c in kg.capabilities()] == [
        "Personal, collective, and environmental care",
        "Empathetic and effective communication",
        "Collaborative work",
        "Management of transformational projects",
        "Learning to learn",
    ]
    assert [g.curie for g in kg.guidelines()] == [
        "hk:AgencyCapacityForLinkingEfforts",
        "hk:QualityImprovementOfSchoolInfrastructure",
        "hk:AccompanimentForTransformation",
        "hk:AssimilationOfLearningExperiences",
        "hk:TransferAndExchangeOfKnowledge",
    ]
    assert [p.label for p in kg.phases()] == [
        "Identify",
        "Unite",
        "Organize",
        "Manage",
        "Recognize",
    ]
    assert [p.curie for p in kg.principles()] == [
        "hk:RightToEducationAndHumanDevelopment",
        "hk:CommunityParticipation",
        "hk:SystemicApproach",
        "hk:SocialInnovationAndSustainability",
    ]
    assert len(kg.principles("founding")) == 4 and len(kg.principles("liaison")) == 6
    assert len(kg.principles("all")) == 14
    with pytest.raises(ValueError):
        kg.principles("other")


def test_phases_in_the_curated_data():
    assert [p.label for p in curated().phases()] == [
        "Identify",
        "Unite",
        "Organize",
        "Manage",
        "Recognize",
    ]


# ---------------------------------------------------------------- Q1 partners supporting


def test_q1_curated_data_has_no_partner_links():
    # the sources do not link named partners to schools and capabilities
    assert curated().partners_supporting("Collaborative work", school="Amado Nervo").empty
    assert curated().partners_supporting().empty


def test_q1_illustrative_partners_of_a_capability_in_a_school():
    frame = illustrative().partners_supporting("Collaborative work", school="Amado Nervo")
    assert list(frame.columns) == [  # labels before IRIs (issue 17.14)
        "partner_label",
        "capability_label",
        "school_label",
        "activity_label",
        "year",
        "illustrative",
        "record",
        "partner",
        "capability",
        "school",
        "activity",
    ]
    assert set(frame.activity) == {f"{EX}project-02", f"{EX}project-03"}
    assert set(frame.partner) == {
        f"{HKD}org-via-educacion",
        f"{HKD}org-universidad-del-medio-ambiente",
        f"{HKD}org-ensena-por-mexico",
    }
    assert frame.illustrative.all() and set(frame.school) == {f"{HKD}school-amado-nervo"}


def test_q1_year_and_locality_filters():
    kg = illustrative()
    by_year = kg.partners_supporting("Collaborative work", school="Amado Nervo", year=2022)
    assert set(by_year.partner) == {
        f"{HKD}org-via-educacion",
        f"{HKD}org-universidad-del-medio-ambiente",
    }
    assert set(
        kg.partners_supporting("Collaborative work", school="Amado Nervo", year=2023).partner
    ) == {f"{HKD}org-ensena-por-mexico"}
    assert kg.partners_supporting("Collaborative work", school="Amado Nervo", year=2019).empty
    iztapalapa = kg.partners_supporting("Collaborative work", locality="Iztapalapa")
    assert set(iztapalapa.partner) == {f"{HKD}org-via-educacion"} and len(iztapalapa) == 3
    ecatepec = kg.partners_supporting("Collaborative work", locality="Ecatepec")
    assert len(ecatepec) == 6  # project-09 runs in 2021 and 2022: one row per year
    assert set(ecatepec.partner) == {
        f"{HKD}org-via-educacion",
        f"{HKD}org-universidad-del-medio-ambiente",
        f"{HKD}org-ensena-por-mexico",
        f"{HKD}org-movimiento-stem",
    }
    kanasin = kg.partners_supporting("Collaborative work", locality="Kanasín")
    assert list(kanasin.activity) == [f"{EX}project-18"]
    in_2021 = kg.partners_supporting("Collaborative work", year=2021)
    assert set(in_2021.partner) == {f"{HKD}org-via-educacion", f"{HKD}org-ensena-por-mexico"}
    assert set(in_2021.activity) == {f"{EX}project-09", f"{EX}project-18", f"{EX}project-22"}


def test_q1_self_managed_activities_are_not_partner_support():
    frame = illustrative().partners_supporting("Learning to learn", school="Amado Nervo")
    assert frame.empty  # project-25 has no partner


def test_q1_argument_errors():
    kg = illustrative()
    with pytest.raises(WrongKindError):
        kg.partners_supporting(
            "Escuela Primaria Amado Nervo"
        )  # a school where a capability is expected
    with pytest.raises(WrongKindError):
        kg.partners_supporting("Collaborative work", school="Collaborative work")
    with pytest.raises(EntityNotFoundError) as error:
        kg.partners_supporting("Colaborative wrk")
    assert any(c.iri == CAP["collab"] for c in error.value.candidates)


# ---------------------------------------------------------------- Q2 reach


def test_q2_reach_of_ecatepec():
    frame = curated().reach("Ecatepec")
    assert len(frame) == 5 and frame.school.nunique() == 5
    assert int(frame.students.sum()) == 3163 and int(frame.staff.sum()) == 254
    assert set(frame.locality) == {f"{HKD}place-ecatepec"}
    assert {
        "school",
        "school_label",
        "locality",
        "locality_label",
        "level",
        "level_label",
        "students",
        "staff",
        "period",
    } <= set(frame.columns)


def test_q2_reach_totals():
    totals = curated().reach(totals=True).set_index("locality_label")
    assert (
        int(totals.loc["Ecatepec", "students"]) == 3163
        and int(totals.loc["Ecatepec", "staff"]) == 254
    )
    assert (
        int(totals.loc["Iztapalapa", "students"]) == 2927
        and int(totals.loc["Iztapalapa", "staff"]) == 210
    )
    assert (
        int(totals.loc["Kanasín", "students"]) == 2490
        and int(totals.loc["Kanasín", "staff"]) == 186
    )
    assert int(totals.loc["Total", "students"]) == 8580 and int(totals.loc["Total", "staff"]) == 650


def test_q2_reach_by_year_and_place_kinds():
    kg = curated()
    assert len(kg.reach("Ecatepec", year=2022)) == 5 and kg.reach("Ecatepec", year=2015).empty
    assert len(kg.reach("La Presa")) == 4
    with pytest.raises(WrongKindError):
        kg.reach("Collaborative work")


def test_q2_reach_on_the_fixture():
    frame = mini().reach()
    assert dict(zip(frame.school, frame.students, strict=True)) == {
        f"{HKD}school-amado-nervo": 1098,
        f"{HKD}school-prepa-94": 582,
        f"{HKD}school-america": 512,
    }
    assert set(frame.period) == {"2021-2022"} and set(frame.level_label) == {
        "Primary education",
        "Upper secondary education",
    }
    assert int(mini().reach("Ecatepec").students.sum()) == 1098 + 582
    totals = mini().reach(totals=True)
    assert list(totals.locality_label) == ["Ecatepec", "Kanasín", "Total"]
    assert (
        list(totals.schools) == [2, 1, 3]
        and int(totals.students.iloc[-1]) == 2192
        and int(totals.staff.iloc[-1]) == 120
    )


# ---------------------------------------------------------------- Q3 targets


def test_q3_guideline_3_targets():
    frame = curated().sdg_targets("Accompaniment for the transformation of education communities")
    assert list(frame.target_notation) == ["4.1", "4.7", "4.c", "17.17"]
    assert list(curated().sdg_targets(3).target_notation) == ["4.1", "4.7", "4.c", "17.17"]
    assert all(isinstance(v, list) and v for v in frame.indicators)


def test_q3_all_guidelines_in_order():
    frame = curated().sdg_targets()
    assert list(frame.guideline_order) == sorted(frame.guideline_order)
    assert set(frame.guideline_order) == {1, 2, 3, 4, 5}
    assert list(frame[frame.guideline_order == 1].target_notation) == ["17.17"]
    assert list(frame[frame.guideline_order == 2].target_notation) == ["4.1", "4.2", "4.a"]
    assert not curated().indicators(1).empty
    with pytest.raises(HabitatKGError):
        curated().sdg_targets(9)


def test_q3_on_the_fixture():
    frame = mini().sdg_targets(3)
    assert list(frame.target_notation) == ["4.1", "4.7", "4.c", "17.17"]
    assert frame.indicators[0] == [
        "Creation of support networks (partnerships)",
        "Strengthening of teaching capacities in favor of quality education",
    ]
    assert len(mini().indicators(3)) == 2


# ---------------------------------------------------------------- Q4 activities


def test_q4_activities_of_a_capability():
    frame = illustrative().activities("Collaborative work")
    illustrative_activities = set(frame[frame.illustrative].activity)
    assert illustrative_activities == {
        f"{EX}project-{n}" for n in ("02", "03", "05", "09", "18", "22")
    }
    assert set(frame.capability) == {CAP["collab"]}
    assert "Project" in set(frame.activity_kind_label)


def test_q4_target_groups_include_narrower_roles():
    kg = mini()
    parents = kg.activities(target_group="Parent or primary caregiver")
    assert set(parents.activity) == {f"{EX}project-reading"} and set(parents.group) == {
        f"{HK}MotherRole"
    }
    assert kg.activities("Collaborative work", target_group="Mother").empty


def test_q4_curated_table_9():
    frame = curated().activities("Collaborative work")
    assert any("Moving" in label for label in labels(frame.activity_label))


# ---------------------------------------------------------------- Q5 gaps


def test_q5_gaps_in_the_illustrative_data():
    kg = illustrative()
    gaps = kg.coverage_gaps("Amado Nervo")
    assert set(gaps.capability) == {CAP["mgmt"], CAP["l2l"]}  # l2l: the clean-up day has no partner
    assert set(kg.coverage_gaps('Escuela Primaria "José Vasconcelos"').capability) == {
        CAP["mgmt"],
        CAP["l2l"],
    }
    assert set(kg.coverage_gaps("hkd:school-benito-juarez").capability) == {
        CAP["comm"],
        CAP["collab"],
        CAP["mgmt"],
        CAP["l2l"],
    }
    everything = kg.coverage_gaps()
    assert len(everything) == 48
    new_school = everything[everything.school == f"{HKD}school-new-secondary-kanasin"]
    assert len(new_school) == 5


def test_q5_curated_every_pair_is_a_gap():
    gaps = curated().coverage_gaps()
    schools = curated().query("SELECT ?s WHERE { ?s a hk:School }")
    assert len(gaps) == 5 * len(schools) and len(schools) == 15


# ---------------------------------------------------------------- Q6 network


def test_q6_partner_ranking():
    frame = illustrative().partner_ranking()
    top = frame.iloc[0]
    assert (
        top.organization == f"{HKD}org-via-educacion" and top.schools == 5 and top.activities == 3
    )
    twos = set(frame[frame.schools == 2].organization)
    assert twos == {
        f"{HKD}org-ensena-por-mexico",
        f"{HKD}org-ibby-mexico",
        f"{HKD}org-universidad-del-medio-ambiente",
    }
    assert len(frame) == 21 and curated().partner_ranking().empty


# ---------------------------------------------------------------- Q7 phases


def test_q7_phase_activities():
    frame = illustrative().phase_activities()
    assert list(dict.fromkeys(frame.phase_label)) == [
        "Identify",
        "Unite",
        "Organize",
        "Manage",
        "Recognize",
    ]
    nxt = dict(zip(frame.phase_label, frame.next_phase_label, strict=True))
    assert nxt == {
        "Identify": "Unite",
        "Unite": "Organize",
        "Organize": "Manage",
        "Manage": "Recognize",
        "Recognize": "Identify",
    }
    recognize = set(illustrative().phase_activities("Recognize").activity)
    assert {f"{EX}project-10", f"{EX}project-17"} <= recognize
    identify = illustrative().phase_activities("Identify")
    assert {f"{EX}project-04", f"{EX}project-21", f"{EX}project-22"} <= set(identify.activity)


# ---------------------------------------------------------------- Q9 common ground


def test_q9_common_ground():
    frame = curated().common_ground()
    assert list(frame.columns) == ["aspect", "item_label", "item"]
    assert not frame.empty
    assert set(frame.aspect) <= {
        "SDG goal",
        "SDG target",
        "kind of actor",
        "target group",
        "kind of programme",
    }


# ---------------------------------------------------------------- issue 17.13, 17.14, 17.18


def _quiet(call):
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    return result, [str(w.message) for w in caught]


def test_reach_by_year_says_which_schools_have_no_figures():
    frame, notes = _quiet(lambda: curated().reach(year=2022, totals=True))
    assert int(frame.schools.iloc[-1]) == 13
    assert notes and "2 of 15 schools have no figures for 2022" in notes[0]
    assert "New secondary school in Kanasín" in frame.attrs["note"]
    every, _ = _quiet(lambda: curated().reach(totals=True))
    # Table 4's 13 schools; the two new Kanasín schools are counted apart (issue 14: no
    # source gives 15)
    assert int(every.schools.iloc[-1]) == 13
    assert int(every.schools_being_created.iloc[-1]) == 2


def test_counts_are_integers_not_floats():
    frame, _ = _quiet(lambda: curated().reach())
    assert str(frame.students.dtype) == "Int64" and frame.students.isna().sum() == 2
    totals, _ = _quiet(lambda: curated().reach(totals=True))
    assert "8580" in totals.to_string() and "8580.0" not in totals.to_string()


def test_labels_come_before_iris():
    for frame in (
        curated().reach("Ecatepec"),
        curated().sdg_targets(),
        curated().phase_activities(),
    ):
        first = frame.columns[0]
        assert not str(frame[first].iloc[0]).startswith("https://"), frame.columns


def test_gaps_on_curated_data_are_explained_and_real_gaps_are_not():
    frame, notes = _quiet(lambda: curated().coverage_gaps())
    assert len(frame) == 15 * 5 and "missing records, not measured gaps" in notes[0]
    frame, notes = _quiet(lambda: illustrative().coverage_gaps())
    assert not frame.empty and not notes


def test_questions_answer_in_spanish():
    kg = curated()
    assert list(kg.phase_activities(lang="es").phase_label.unique()) == [
        "Identificar", "Unir", "Organizar", "Gestionar", "Reconocer",
    ]  # fmt: skip
    gaps, notes = _quiet(lambda: kg.coverage_gaps("Amado Nervo", lang="es"))
    assert "Trabajo colaborativo" in set(gaps.capability_label)
    assert "registros faltantes" in notes[0]
    english = kg.reach("Ecatepec", lang="en")
    spanish = kg.reach("Ecatepec", lang="es")
    assert list(english.school) == list(spanish.school)  # same rows, other labels
    # a node without a Spanish label keeps its English one, never an empty cell
    acts = kg.activities(lang="es")
    assert acts.activity_label.notna().all()


def test_language_must_be_english_or_spanish():
    with pytest.raises(ValueError, match="unsupported language"):
        curated().reach(lang="fr")


def test_year_must_be_a_whole_number():
    # 13.14: reach(year=True) returned 0 rows silently
    with pytest.raises(TypeError, match="whole number"):
        curated().reach(year=True)


def test_packaged_questions_pass_the_checks_user_queries_get_in_both_languages():
    # _frame sends the packaged text straight to the engine: it must pass kg.query's checks
    import warnings

    from habitatkg._answers import query_text_in
    from habitatkg._kg import KnowledgeGraph

    kg = curated()
    for name in KnowledgeGraph.query_names():
        for lang in ("en", "es"):
            text = query_text_in(name, lang, KnowledgeGraph.query_text)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                kg.query(text)  # no update, SERVICE or unknown prefix (those raise)
            unknown = [
                str(w.message)
                for w in caught
                # the PREFIX line's namespace IRI itself is no term (a false alarm of the check)
                if "ontology# (line" not in str(w.message)
            ]
            assert not unknown, (name, lang, unknown)
