"""``habitatkg overview``: the main job of the README's first command."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys

from habitatkg._commands import overview


def _run(*argv: str) -> tuple[int, str]:
    from habitatkg._cli import build_parser

    args = build_parser().parse_args(["overview", *argv])
    out = io.StringIO()
    code = overview.run(args, out=out)
    return code, out.getvalue()


def test_overview_of_the_packaged_data():
    code, text = _run()
    assert code == 0, text
    assert "Validation: no violations; advice only" in text and "(0 violations" in text
    # Table 4 of the report: 3,163 + 2,927 + 2,490 = 8,580 students, 650 staff
    assert "8,580 students" in text and "650 staff" in text
    assert "Ecatepec" in text and "Iztapalapa" in text and "Kanasín" in text
    # Table 3: guideline 1 serves target 17.17; the phases run in a cycle
    assert "1. Agency capacity for linking efforts: 17.17" in text
    assert "Identify -> Unite -> Organize -> Manage -> Recognize -> Identify" in text
    counts = overview.counts(__import__("habitatkg").load())
    assert counts["schools"] >= 13 and counts["source references"] > 10


def test_overview_reports_violations_in_user_data(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix hk: <https://w3id.org/habitatkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://example.org/s> a hk:School ; rdfs:label "A school"@en .\n',
        encoding="utf-8",
    )
    code, text = _run("--data", str(bad))
    assert code == 1
    assert "habitatkg validate" in text


def test_overview_is_the_default_command():
    completed = subprocess.run(
        [sys.executable, "-m", "habitatkg"], capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stderr
    assert "Entries by kind" in completed.stdout
    assert "Traceback" not in completed.stderr


def test_unusable_file_is_one_clear_line(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix hk: <https://w3id.org/habitatkg/ontology#> .\nhk:x hk:y\n")
    completed = subprocess.run(
        [sys.executable, "-m", "habitatkg", "overview", "--data", str(broken)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert completed.returncode == 2
    assert "broken.ttl" in completed.stderr and "line" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_parser_registers_overview():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    overview.add_parser(sub)
    assert parser.parse_args(["overview"]).run is overview.run
