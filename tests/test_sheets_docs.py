"""docs/own-data.md: every example file in it is valid, and the loading behaviour it states.

Each ``<!-- docs-run: file NAME -->`` comment names the file the fenced block after it holds;
the test writes them all, validates the Turtle files with the shapes and imports the CSV folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import habitatkg as hk
from habitatkg._cli import main
from habitatkg._sheets import import_records
from kg_helpers import HKD, ROOT

GUIDE = ROOT / "docs" / "own-data.md"
_BLOCK = re.compile(r"<!-- docs-run: file (?P<name>[^ ]+) -->\s*```\w*\n(?P<body>.*?)```", re.S)


def example_files(folder: Path) -> list[Path]:
    written = []
    for match in _BLOCK.finditer(GUIDE.read_text(encoding="utf-8")):
        path = folder / match.group("name")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(match.group("body"), encoding="utf-8")
        written.append(path)
    return written


def test_the_guide_has_example_files(tmp_path):
    names = sorted(p.relative_to(tmp_path).as_posix() for p in example_files(tmp_path))
    assert names == [
        "my-data.ttl",
        "records/About.csv",
        "records/Activities.csv",
        "records/Organizations.csv",
    ]


def test_every_turtle_example_validates(tmp_path):
    files = [p for p in example_files(tmp_path) if p.suffix == ".ttl"]
    assert files
    for path in files:
        report = hk.validate(path)
        assert report.conforms, str(report)
        assert not report.warnings, str(report)


def test_the_csv_example_imports_and_answers_question_1(tmp_path, capsys):
    example_files(tmp_path)
    result = import_records(tmp_path / "records")
    assert result.report.conforms and not result.report.problems, result.report.to_text()
    out = tmp_path / "records.ttl"
    assert main(["import", str(tmp_path / "records"), "-o", str(out)]) == 0
    kg = hk.load(out)
    frame = kg.partners_supporting("Collaborative work", school="Benito Juárez")
    assert list(frame.partner_label) == ["Lectores Unidos"]
    assert list(frame.record) == ["records, sheet Activities, row 3"]
    assert list(kg.partners_supporting("Aprender a aprender").school) == [
        f"{HKD}school-benito-juarez"
    ]


def test_load_does_not_check_rdf_files_against_the_shapes(tmp_path):
    # README and the guide say so: hk.load parses and checks terms; hk.validate runs the shapes
    path = tmp_path / "bad.ttl"
    path.write_text(
        "@prefix hk: <https://w3id.org/habitatkg/ontology#> .\n"
        "<https://example.org/w> a hk:Workshop ; hk:year 2300 .\n",
        encoding="utf-8",
    )
    kg = hk.load(path)
    assert kg.query("ASK { <https://example.org/w> hk:year 2300 }").boolean
    assert not hk.validate(path).conforms
    with pytest.raises(hk.UnknownTermError):
        bad = tmp_path / "unknown.ttl"
        bad.write_text(
            "<https://example.org/w> <https://w3id.org/habitatkg/ontology#yeer> 2022 .\n"
        )
        hk.load(bad)


def test_readme_states_the_loading_behaviour():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "NOT checked against the shapes" in readme
    assert 'hk.load("my-records.xlsx")' in readme
    assert "validated with the shapes)" not in readme  # the old, wrong claim
