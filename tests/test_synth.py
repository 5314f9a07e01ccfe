"""Tests of habitatkg._synth and `habitatkg synth`: synthetic data, valid against the shapes."""

from __future__ import annotations

import io

import pyoxigraph as ox

from habitatkg._cli import main
from habitatkg._kg import load
from habitatkg._synth import TRIPLES_PER_SCHOOL, generate, schools_for
from habitatkg._validate import validate

EX = "https://w3id.org/habitatkg/example/"


def _text(schools: int, seed: int = 7) -> tuple[str, dict[str, int]]:
    buffer = io.StringIO()
    stats = generate(buffer, schools=schools, seed=seed)
    return buffer.getvalue(), stats


def test_deterministic_and_sized():
    text, stats = _text(50)
    assert text == _text(50)[0] and text != _text(50, seed=8)[0]
    parsed = list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    assert stats["triples"] == text.count("\n") == len(parsed)
    assert stats["schools"] == 50 and stats["projects"] == 150 and stats["quantities"] == 250
    big = _text(500)[1]["triples"]
    assert abs(big / 500 - TRIPLES_PER_SCHOOL) / TRIPLES_PER_SCHOOL < 0.05
    assert schools_for(1) == 1


def test_every_node_is_illustrative_and_in_ex():
    store = ox.Store()
    store.load(_text(40)[0], format=ox.RdfFormat.N_TRIPLES)
    subjects = {q.subject.value for q in store.quads_for_pattern(None, None, None)}
    assert all(s.startswith(EX) for s in subjects)
    flagged = {
        q.subject.value
        for q in store.quads_for_pattern(
            None,
            ox.NamedNode("https://w3id.org/habitatkg/ontology#illustrative"),
            ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        )
    }
    assert flagged == subjects


def test_valid_against_the_shapes_and_answers_questions(tmp_path):
    path = tmp_path / "synth.nt"
    assert main(["synth", "--schools", "40", "--seed", "3", "--output", str(path)]) == 0
    report = validate(path)
    assert report.conforms, str(report)
    kg = load(path)
    for name in ("partners_supporting", "activities_by_capability", "reach", "partner_network"):
        assert len(kg.query(name)) > 0, name


def test_triples_option(tmp_path, capsys):
    path = tmp_path / "t.nt"
    assert main(["synth", "--triples", "5000", "--output", str(path)]) == 0
    assert "triples" in capsys.readouterr().err
    assert 4000 < path.read_text(encoding="utf-8").count("\n") < 6000
