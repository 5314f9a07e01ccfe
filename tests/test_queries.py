"""Tests of the shared SPARQL files (src/habitatkg/queries/*.rq): headers, parse, run."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from habitatkg import _paths
from kg_helpers import QUERIES, curated, illustrative

PARAMETERS = {
    "capability",
    "school",
    "locality",
    "year",
    "guideline",
    "targetGroup",
    "phase",
    "entity",
    "scheme",
}
NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))
QUESTIONS = {
    "partners_supporting": "Q1.",
    "reach": "Q2.",
    "guideline_targets": "Q3.",
    "activities_by_capability": "Q4.",
    "coverage_gaps": "Q5.",
    "partner_network": "Q6.",
    "phase_order": "Q7.",
    "provenance": "Q8.",
    "common_ground": "Q9.",
}


def test_one_file_per_competency_question():
    assert set(QUESTIONS) <= set(NAMES)
    assert set(_paths.query_names()) == set(NAMES)
    for name in NAMES:
        assert _paths.query_file(name).read_text(encoding="utf-8") == (
            QUERIES / f"{name}.rq"
        ).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_header_names_the_question(name):
    lines = (QUERIES / f"{name}.rq").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and "?" in lines[0], "first line: the question"
    assert lines[1].startswith("# "), "second line: what the rows are"
    if name in QUESTIONS:
        assert lines[0].startswith(f"# {QUESTIONS[name]} ")


@pytest.mark.parametrize("name", NAMES)
def test_parameters_are_documented(name):
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    optional = {p.split(")")[0] for p in text.split("!BOUND(?")[1:]} & PARAMETERS
    for parameter in optional:
        assert f"?{parameter}" in header, f"parameter ?{parameter} is not described in the header"


@pytest.mark.parametrize("name", NAMES)
def test_self_contained_and_runs_on_a_bare_store(name):
    """Each file declares its prefixes, so it runs anywhere (no pre-bound prefixes here)."""
    store = ox.Store()
    for path in curated().files:
        store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
    result = store.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    assert isinstance(result, ox.QuerySolutions)
    list(result)


@pytest.mark.parametrize("name", NAMES)
def test_runs_through_the_api(name):
    for kg in (curated(), illustrative()):
        result = kg.query(name)
        assert result.kind == "select"
        assert len(set(result.variables)) == len(result.variables)


def test_questions_have_answers_on_the_illustrative_data():
    kg = illustrative()
    for name in QUESTIONS:
        if name != "common_ground":
            assert len(kg.query(name)) > 0, name
