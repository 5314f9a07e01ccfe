"""Tests of habitatkg._validate: shapes, reports people can act on, bad input, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import rdflib
from rdflib import RDF, Literal, Namespace

import habitatkg
from habitatkg import _paths
from habitatkg._cli import main
from habitatkg._validate import Severity, ValidationReport, validate, validate_graph

DATA = Path(__file__).parent / "data"
SH = Namespace("http://www.w3.org/ns/shacl#")
HKS = "https://w3id.org/habitatkg/shapes#"
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
VALID = sorted((DATA / "valid").glob("*.ttl"))
DEMO = DATA / "demo" / "few-mistakes.ttl"


def _expectation(path: Path) -> tuple[str, str, str]:
    match = re.search(r"^# expect: (\S+) \| (\w+) \| (.+)$", path.read_text("utf-8"), re.M)
    assert match, f"{path.name} has no '# expect: shape | severity | message' header"
    shape, severity, fragment = match.groups()
    return shape.replace("hks:", HKS), severity, fragment.strip()


def _shape_of(path: Path) -> str:
    match = re.search(r"^# shape: (\S+)$", path.read_text("utf-8"), re.M)
    assert match, f"{path.name} has no '# shape:' header"
    return match.group(1).replace("hks:", HKS)


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in _paths.shapes_files():
        graph.parse(path, format="turtle")
    return graph


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_each_invalid_example_fails_with_the_expected_message(path):
    shape, severity, fragment = _expectation(path)
    report = validate_graph(rdflib.Graph().parse(path, format="turtle"))
    found = [r for r in report.results if r.shape == shape and r.severity.value == severity]
    assert found, f"{shape} reported no {severity} on {path.name}:\n{report}"
    assert any(fragment.lower() in r.message.lower() for r in found), [r.message for r in found]
    for result in found:
        assert result.focus_label and result.fix and result.message_es
    if severity == "Violation":
        assert not report.conforms


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_each_valid_twin_passes_its_shape(path):
    shape = _shape_of(path)
    report = validate_graph(rdflib.Graph().parse(path, format="turtle"))
    assert [r for r in report.results if r.shape == shape] == [], str(report)
    assert report.conforms, str(report)


def test_every_shape_has_an_invalid_example_and_a_valid_twin(shapes):
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    node_shapes = {  # shapes that select nodes themselves; helper shapes are used via sh:node
        str(s)
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if any((s, t, None) in shapes for t in targets)
    }
    assert len(node_shapes) >= 40
    tested_invalid = {_expectation(p)[0] for p in INVALID}
    tested_valid = {_shape_of(p) for p in VALID}
    assert node_shapes - tested_invalid == set()
    assert node_shapes - tested_valid == set()


def test_shapes_are_documented_in_two_languages(shapes):
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(shape, SH.name) is not None, shape
        assert shapes.value(shape, SH.description) is not None, shape
    for _node, message in shapes.subject_objects(SH.message):
        assert isinstance(message, Literal) and message.language in {"en", "es"}
    languages: dict[object, set[str]] = {}
    for node, message in shapes.subject_objects(SH.message):
        languages.setdefault(node, set()).add(message.language)
    assert all(langs == {"en", "es"} for langs in languages.values())
    severities = set(shapes.objects(None, SH.severity))  # violation is SHACL's default
    assert {SH.Warning, SH.Info} <= severities


def test_the_curated_data_conforms():
    report = validate()
    assert report.conforms and report.violations == ()


def test_report_object():
    report = validate(DEMO)
    assert isinstance(report, ValidationReport) and not report.conforms
    assert report.violations and all(r.severity is Severity.VIOLATION for r in report.violations)
    assert len(report) == len(report.results) == len(list(report))
    first = report.results[0]
    assert first.focus.startswith("https://example.org/my-study/")
    groups = report.by_entity()
    assert set(groups) == {r.focus for r in report.results}
    text = str(report)
    assert text.splitlines()[0] == report.summary()
    assert "fix:" in text and "VIOLATION" in text
    frame = report.to_dataframe()
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(report)
    assert {"focus", "focus_label", "severity", "path", "value", "message", "fix"} <= set(frame)
    data = json.loads(report.to_json())
    assert data["conforms"] is False and data["violations"] == len(report.violations)
    assert report.to_csv().splitlines()[0].startswith("focus,")
    assert (None, RDF.type, SH.ValidationReport) in report.graph
    assert "<div" in report._repr_html_()


def test_the_demo_report_names_what_to_fix():
    text = str(validate(DEMO))
    # the officer sees the entry's name, what is wrong, and what to add
    assert "Kanasin" in text or "Kanasín" in text
    assert text.count("fix:") >= 3


def test_kg_validate_is_the_same_report():
    kg = habitatkg.load()
    assert kg.validate().conforms


# --- Bad input ----------------------------------------------------------------------------


def test_a_file_that_does_not_parse_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix hk: <https://w3id.org/habitatkg/ontology#> .\n\nhk:a hk:b .\nhk:c hk:d\n"
    )
    with pytest.raises(habitatkg.DataFormatError) as info:
        validate(bad)
    assert "bad.ttl" in str(info.value) and info.value.line is not None


def test_unknown_format_missing_and_empty_files(tmp_path):
    odd = tmp_path / "data.xyz"
    odd.write_text("x")
    with pytest.raises(habitatkg.UnknownFormatError):
        validate(odd)
    with pytest.raises(habitatkg.DataFileNotFoundError):
        validate(tmp_path / "missing.ttl")
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing\n")
    with pytest.raises(habitatkg.EmptyDataError):
        validate(empty)


def test_unknown_hk_term_suggests_the_right_one(tmp_path):
    typo = tmp_path / "typo.ttl"
    typo.write_text(
        "@prefix hk: <https://w3id.org/habitatkg/ontology#> .\n"
        "<https://example.org/p> a hk:Project ; hk:adressesCapability hk:CollaborativeWork .\n"
    )
    with pytest.raises(habitatkg.UnknownTermError) as info:
        validate(typo)
    assert "adressesCapability" in str(info.value) and "addressesCapability" in str(info.value)


def test_one_bad_file_stops_the_whole_run(tmp_path):
    good = DATA / "valid" / "school-ok.ttl"
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(habitatkg.DataFormatError):
        validate(good, bad)


# --- Command line -------------------------------------------------------------------------


def test_cli_exit_codes_and_outputs(tmp_path, capsys):
    assert main(["validate", str(DATA / "valid" / "school-ok.ttl")]) == 0
    capsys.readouterr()
    assert main(["validate", str(DEMO)]) == 1
    assert "fix:" in capsys.readouterr().out
    assert main(["validate", "--output", "json", str(DEMO)]) == 1
    assert json.loads(capsys.readouterr().out)["conforms"] is False
    assert main(["validate", "--output", "csv", str(DEMO)]) == 1
    assert capsys.readouterr().out.startswith("focus,")
    bad = tmp_path / "bad.ttl"
    bad.write_text("not turtle at all")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.ttl" in err and "Traceback" not in err


def test_cli_format_option(tmp_path, capsys):
    nt = tmp_path / "school.data"
    graph = rdflib.Graph().parse(DATA / "valid" / "school-ok.ttl", format="turtle")
    nt.write_text(graph.serialize(format="nt"))
    assert main(["validate", "--format", "ntriples", str(nt)]) == 0


def test_fix_hint_of_a_choice_between_properties():
    graph = rdflib.Graph().parse(DATA / "invalid" / "event-time-no-date.ttl", format="turtle")
    fixes = {r.fix for r in validate_graph(graph).results if r.shape.endswith("EventTimeShape")}
    assert fixes == {"add hk:date or hk:year"}
