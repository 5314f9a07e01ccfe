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
    assert not report.has_violations, str(report)


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
    assert not report.has_violations and report.violations == ()
    # SHACL's conforms: the curated data has warnings and hints, so it does not conform
    assert report.warnings and not report.conforms and not report.fails_at("violation")


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
    assert not kg.validate().has_violations


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


def test_conforms_is_shacls_and_severities_are_beside_it():
    """SHACL: conforms only with no result at all; warnings alone are not violations."""
    graph = rdflib.Graph().parse(DATA / "invalid" / "award-no-recipient.ttl", format="turtle")
    report = validate_graph(graph)
    assert report.warnings and not report.conforms
    assert report.has_warnings and report.fails_at("warning") and report.fails_at("info")
    assert report.has_violations == report.fails_at("violation") == bool(report.violations)
    only = report.only("violation")
    assert all(r.severity is Severity.VIOLATION for r in only.results)
    assert len(only) == len(report.violations)


def test_fix_hint_of_an_inverse_path_is_in_plain_words():
    """No "add inverse of hk:organization": say which link to add, and where."""
    graph = rdflib.Graph().parse(DATA / "invalid" / "school-complex-no-schools.ttl")
    fixes = [r.fix for r in validate_graph(graph).results if r.path == "inverse of hk:organization"]
    assert fixes
    for fix in fixes:
        assert "inverse of" not in fix and "hk:organization" in fix, fix
        assert "this entry as the value" in fix


def test_cli_fail_on_and_severity(tmp_path, capsys):
    """--fail-on sets what gives exit code 1; --severity what is printed."""
    warned = DATA / "invalid" / "award-no-recipient.ttl"
    report = validate(warned)
    assert report.has_warnings
    expected = 1 if report.has_violations else 0
    assert main(["validate", str(warned)]) == expected  # default: --fail-on violation
    capsys.readouterr()
    assert main(["validate", "--fail-on", "warning", str(warned)]) == 1
    capsys.readouterr()
    assert main(["validate", "--fail-on", "info", str(warned)]) == 1
    capsys.readouterr()
    assert main(["validate", "--severity", "violation", "--output", "json", str(DEMO)]) == 1
    shown = json.loads(capsys.readouterr().out)["results"]
    assert shown and {r["severity"] for r in shown} == {"Violation"}
    assert main(["validate", "--progress", str(DEMO)]) == 1
    err = capsys.readouterr().err
    assert "habitatkg validate:" in err and "Traceback" not in err


def test_validate_judges_and_reports_literals_as_written(tmp_path):
    """A store would keep "-3.0" as "-3"; validate FILE reports the user's own term."""
    path = tmp_path / "q.ttl"
    path.write_text(
        "@prefix hk: <https://w3id.org/habitatkg/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<https://w3id.org/habitatkg/example/q> a hk:Quantity ; hk:value "-3.0"^^xsd:decimal .\n'
    )
    values = {r.value for r in validate(path).results if r.path == "hk:value"}
    assert "-3.0" in values and "-3" not in values


def test_validate_and_load_agree_on_every_test_file():
    """`validate FILE` and `hk.load(FILE)` parse alike: same error (file, line) or none."""
    files = sorted(p for p in DATA.rglob("*") if p.is_file())
    assert len(files) > 50

    def outcome(call):
        try:
            call()
        except habitatkg.HabitatKGError as error:
            return f"{type(error).__name__}: {error}"
        return "ok"

    for path in files:
        loaded = outcome(lambda p=path: habitatkg.load(p, include_packaged="ontology"))
        validated = outcome(lambda p=path: validate(p))
        assert loaded == validated, path


def test_concurrent_pyshacl_runs_leave_rdflib_as_it_was():
    """Threads validating at once never leave rdflib's SPARQL processor replaced."""
    import threading

    from rdflib.plugins.sparql.processor import SPARQLProcessor

    original = SPARQLProcessor.query
    graph = rdflib.Graph().parse(DEMO, format="turtle")
    alone = validate_graph(graph).results
    found, errors = [], []

    def work():
        try:
            found.append(validate_graph(graph).results)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(results == alone for results in found)
    assert SPARQLProcessor.query is original
