"""Tests of the question subcommands in habitatkg._commands (through habitatkg._cli.main)."""

from __future__ import annotations

import json

import networkx as nx
import pytest
import rdflib

from habitatkg._cli import build_parser, main
from kg_helpers import ILLUSTRATIVE, MINI, ROOT

ONTOLOGY_AND_MINI = [
    "--no-packaged",
    "--data",
    str(ROOT / "ontology" / "habitat.ttl"),
    *[str(p) for p in sorted((ROOT / "ontology" / "imports").glob("*.ttl"))],
    str(MINI),
]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_is_registered():
    choices = build_parser()._subparsers._group_actions[0].choices
    assert {
        "query",
        "partners",
        "reach",
        "gaps",
        "targets",
        "phases",
        "provenance",
        "export",
        "activities",
        "network",
        "common",
        "find",
    } <= set(choices)


def test_query_text_file_name_and_formats(capsys, tmp_path):
    code, out, _ = run(
        capsys, "query", "SELECT ?s WHERE { ?s a hk:School } ORDER BY ?s", *ONTOLOGY_AND_MINI
    )
    assert code == 0 and out.split() == [
        "s",
        "hkd:school-amado-nervo",
        "hkd:school-america",
        "hkd:school-prepa-94",
    ]
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?n WHERE { ?p hk:order ?n }", encoding="utf-8")
    code, out, _ = run(
        capsys, "query", str(path), "--bind", "p=hk:Manage", "--format", "csv", *ONTOLOGY_AND_MINI
    )
    assert out == "n\n4\n"
    code, out, _ = run(
        capsys,
        "query",
        "reach",
        "--bind",
        "locality=Ecatepec",
        "--format",
        "json",
        *ONTOLOGY_AND_MINI,
    )
    assert sorted(r["students"] for r in json.loads(out)) == [582, 1098]
    code, out, _ = run(
        capsys,
        "query",
        "SELECT ?s WHERE { ?s a hk:School } LIMIT 1",
        "--labels",
        *ONTOLOGY_AND_MINI,
    )
    assert "s_label" in out


def test_query_ask_and_errors(capsys, tmp_path):
    assert run(
        capsys, "query", "ASK { hk:Recognize hk:nextPhase hk:Identify }", *ONTOLOGY_AND_MINI
    )[:2] == (0, "true\n")
    assert run(
        capsys, "query", "ASK { hk:Identify hk:nextPhase hk:Recognize }", *ONTOLOGY_AND_MINI
    )[:2] == (1, "false\n")
    assert (
        run(
            capsys,
            "query",
            "ASK { hk:Identify hk:nextPhase hk:Unite }",
            "--format",
            "csv",
            *ONTOLOGY_AND_MINI,
        )[1]
        == "answer\ntrue\n"
    )
    code, _, err = run(
        capsys,
        "query",
        "SELECT * WHERE { SERVICE <http://localhost:9/s> { ?s ?p ?o } }",
        *ONTOLOGY_AND_MINI,
    )
    assert code == 2 and "SERVICE" in err and "--allow-service" in err
    code, _, err = run(capsys, "query", "SELECT ?s WHERE {", *ONTOLOGY_AND_MINI)
    assert code == 2 and "does not parse" in err
    code, _, err = run(
        capsys, "query", "ASK { ?s ?p ?o }", "--bind", "nonsense", *ONTOLOGY_AND_MINI
    )
    assert code == 2 and "NAME=VALUE" in err
    code, _, err = run(capsys, "query", str(tmp_path / "missing.rq"), *ONTOLOGY_AND_MINI)
    assert code == 2 and "no such query file" in err
    code, _, err = run(capsys, "query", "ASK { ?s ?p ?o }", "--data", str(tmp_path / "none.ttl"))
    assert code == 2 and "none.ttl" in err


def test_partners(capsys):
    code, out, err = run(
        capsys,
        "partners",
        "--capability",
        "Collaborative work",
        "--school",
        "Amado Nervo",
        *ONTOLOGY_AND_MINI,
    )
    assert code == 0 and "Vía Educación" in out and "illustrative" in err
    code, out, err = run(
        capsys,
        "partners",
        "--capability",
        "Collaborative work",
        "--year",
        "2021",
        *ONTOLOGY_AND_MINI,
    )
    assert code == 0 and out == "" and "no activity in the data links a partner" in err
    code, _, err = run(
        capsys, "partners", "--capability", "Escuela Primaria Amado Nervo", *ONTOLOGY_AND_MINI
    )
    assert code == 2 and "not a capability" in err
    code, out, _ = run(
        capsys,
        "partners",
        "--capability",
        "hk:CollaborativeWork",
        "--format",
        "csv",
        *ONTOLOGY_AND_MINI,
    )
    assert out.startswith("partner_label,capability_label,")  # labels before IRIs


def test_partners_with_the_illustrative_data(capsys):
    code, out, _ = run(
        capsys,
        "partners",
        "--capability",
        "Collaborative work",
        "--school",
        "Amado Nervo",
        "--year",
        "2023",
        "--data",
        str(ILLUSTRATIVE),
        "--format",
        "json",
    )
    assert code == 0 and {r["partner"] for r in json.loads(out)} == {
        "https://w3id.org/habitatkg/data/org-ensena-por-mexico"
    }


def test_reach(capsys):
    code, out, _ = run(capsys, "reach", "--totals", *ONTOLOGY_AND_MINI)
    assert code == 0 and "Total" in out and "2192" in out
    code, out, _ = run(
        capsys, "reach", "--locality", "Kanasín", "--format", "csv", *ONTOLOGY_AND_MINI
    )
    assert "512" in out and out.count("\n") == 2


def test_gaps_targets_phases_activities(capsys):
    code, out, _ = run(capsys, "gaps", "--school", "Amado Nervo", *ONTOLOGY_AND_MINI)
    assert code == 0 and "Learning to learn" in out and "Collaborative work" not in out
    code, out, _ = run(capsys, "targets", "--guideline", "3", *ONTOLOGY_AND_MINI)
    assert code == 0 and [line.split()[-1] for line in out.splitlines()[1:]] == [
        "4.1",
        "4.7",
        "4.c",
        "17.17",
    ]
    code, out, _ = run(capsys, "targets", "--guideline", "3", "--indicators", *ONTOLOGY_AND_MINI)
    assert "teaching capacities" in out
    code, out, _ = run(capsys, "phases", *ONTOLOGY_AND_MINI)
    assert code == 0 and out.index("Identify") < out.index("Unite") < out.index("Recognize")
    code, out, _ = run(
        capsys,
        "activities",
        "--capability",
        "Empathetic and effective communication",
        "--target-group",
        "Parent or primary caregiver",
        *ONTOLOGY_AND_MINI,
    )
    assert code == 0 and "Reading circles" in out


def test_provenance(capsys):
    code, out, _ = run(capsys, "provenance", "Escuela Primaria Amado Nervo", *ONTOLOGY_AND_MINI)
    assert code == 0 and "Table 4" in out and "p. 26" in out
    code, out, _ = run(
        capsys,
        "provenance",
        "hkd:qty-students-amado-nervo",
        "hk:value",
        "1098",
        "--format",
        "csv",
        *ONTOLOGY_AND_MINI,
    )
    assert code == 0 and "Table 4" in out
    code, _, err = run(capsys, "provenance", "Amado Nervo", "hk:value", *ONTOLOGY_AND_MINI)
    assert code == 2 and "PREDICATE and OBJECT" in err
    code, _, err = run(capsys, "provenance", "Zzzz qqqq", *ONTOLOGY_AND_MINI)
    assert code == 2 and "no entity named" in err


def test_network_common_find(capsys):
    code, out, _ = run(capsys, "network", *ONTOLOGY_AND_MINI)
    assert code == 0 and "IBBY México" in out and "degree centrality" in out
    code, _, _ = run(capsys, "common", *ONTOLOGY_AND_MINI)
    assert code == 0
    code, out, _ = run(capsys, "find", "kanasin", *ONTOLOGY_AND_MINI)
    assert code == 0 and "hkd:place-kanasin" in out
    assert run(capsys, "find", "qqqqzzzz", *ONTOLOGY_AND_MINI)[0] == 1


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_rdf(capsys, tmp_path, fmt):
    out = tmp_path / f"kg.{fmt}"
    code, printed, _ = run(capsys, "export", str(out), *ONTOLOGY_AND_MINI)
    assert code == 0 and printed.strip() == str(out)
    parsed = rdflib.Graph().parse(
        out, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    )
    assert len(parsed) > 1000


def test_export_graphml_and_csv(capsys, tmp_path):
    code, _, _ = run(
        capsys,
        "export",
        "--format",
        "graphml",
        "--view",
        "partner-school",
        str(tmp_path / "g.xml"),
        *ONTOLOGY_AND_MINI,
    )
    assert code == 0 and nx.read_graphml(tmp_path / "g.xml").number_of_edges() == 3
    code, _, _ = run(capsys, "export", "--format", "csv", str(tmp_path / "csv"), *ONTOLOGY_AND_MINI)
    assert code == 0 and (tmp_path / "csv" / "reach.csv").exists()
    code, _, err = run(capsys, "export", str(tmp_path / "x.unknown"), *ONTOLOGY_AND_MINI)
    assert code == 2 and "export format" in err


def test_questions_run_on_an_embedded_store(tmp_path, capsys):
    from habitatkg._cli import main

    store = f"oxigraph:{tmp_path / 'kg'}"
    assert main(["load", "--quiet", "--store", store]) == 0
    capsys.readouterr()
    assert main(["reach", "--store", store, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "Secundaria Técnica N° 71" in out and "593" in out


def test_an_unreachable_endpoint_is_one_clear_line(capsys):
    from habitatkg._cli import main

    assert main(["targets", "--store", "sparql:http://127.0.0.1:9/query"]) == 2
    err = capsys.readouterr().err
    assert "http://127.0.0.1:9/query" in err and "Traceback" not in err


# ---------------------------------------------------------------- issue 17 and 13.16

_HOSTILE = """
@prefix hk: <https://w3id.org/habitatkg/ontology#> .
@prefix hkd: <https://w3id.org/habitatkg/data/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
hkd:school-zz-formula a hk:School ; rdfs:label "=HYPERLINK(\\"http://x\\",\\"zzq\\")"@en .
hkd:school-zz-at a hk:School ; rdfs:label "@SUM(1+1) zzq"@en .
hkd:school-zz-plus a hk:School ; rdfs:label "+zzq"@en .
hkd:school-zz-minus a hk:School ; rdfs:label "-zzq"@en .
hkd:school-zz-escape a hk:School ; rdfs:label "zzq \\u001b[31mred\\u001b[0m \\u202egnp.exe"@en .
"""


def test_question_commands_share_one_mechanism():
    from habitatkg._commands import _common, _questions

    for name, spec in _questions.QUESTIONS.items():
        module = __import__(f"habitatkg._commands.{name}", fromlist=["run"])
        assert module.run.__qualname__.startswith(_common.command.__qualname__), name
        assert spec.name == name


def test_every_question_takes_lang_and_answers_in_spanish(capsys):
    code, out, _ = run(capsys, "phases", "--lang", "es")
    assert code == 0 and "Identificar" in out and "fase siguiente" in out
    code, out, err = run(capsys, "reach", "--year", "2022", "--totals", "--lang", "es")
    assert code == 0 and "escuelas" in out and "2 de 15 escuelas" in err, err
    code, out, _ = run(capsys, "gaps", "--school", "Amado Nervo", "--lang", "es")
    assert "Trabajo colaborativo" in out
    for name in ("partners", "reach", "targets", "activities", "gaps", "network", "phases"):
        assert run(capsys, name, "--lang", "es")[0] == 0, name
    assert run(capsys, "find", "kanasin", "--lang", "es")[0] == 0


def test_language_comes_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("HABITATKG_LANG", raising=False)
    _, out, _ = run(capsys, "phases")
    assert "Identificar" in out
    monkeypatch.setenv("HABITATKG_LANG", "en")
    _code, out, _ = run(capsys, "phases")
    assert "Identify" in out


def test_counts_print_as_integers_and_schools_without_figures_are_explained(capsys):
    _, out, err = run(capsys, "reach", "--totals")
    assert "8580" in out and "8580.0" not in out and ".0 " not in out
    assert "New secondary school in Kanasín" in err  # 15 schools, 13 with figures
    _code, out, err = run(capsys, "reach", "--year", "2022", "--totals")
    assert "2 of 15 schools have no figures for 2022" in err


def test_gaps_on_curated_data_say_the_links_are_missing(capsys):
    code, _, err = run(capsys, "gaps")
    assert code == 0 and "missing records, not measured gaps" in err
    code, _out, err = run(capsys, "gaps", "--data", str(ILLUSTRATIVE))
    assert "missing records" not in err


def test_csv_cells_cannot_run_as_spreadsheet_formulas(capsys, tmp_path):
    data = tmp_path / "hostile.ttl"
    data.write_text(_HOSTILE, encoding="utf-8")
    code, out, _ = run(
        capsys, "find", "zzq", "--data", str(data), "--format", "csv", "--limit", "50"
    )
    assert code == 0
    import csv
    import io

    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert any("HYPERLINK" in c for c in cells)
    assert not [c for c in cells if c[:1] in {"=", "+", "-", "@"}]
    assert "'=HYPERLINK" in out and "'@SUM" in out and "'+zzq" in out and "'-zzq" in out


def test_table_output_escapes_terminal_control_characters(capsys, tmp_path):
    data = tmp_path / "hostile.ttl"
    data.write_text(_HOSTILE, encoding="utf-8")
    code, out, _ = run(capsys, "find", "zzq", "--data", str(data), "--limit", "50")
    assert code == 0 and "red" in out
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[31m" in out and "\\u202e" in out


def test_long_cells_are_cut_with_an_ellipsis(capsys):
    _code, out, _ = run(capsys, "targets", "--guideline", "3")
    assert "Accompaniment for the transformation of education communiti…" in out


def test_every_command_the_overview_suggests_runs(capsys):
    import re

    code, out, _ = run(capsys, "overview")
    suggested = re.findall(r"`habitatkg ([^`]*)`", out)
    assert suggested
    for text in suggested:
        argv = text.replace("NAME", "reach").split()
        try:
            code = run(capsys, *argv)[0]
        except SystemExit as exc:  # --help
            code = exc.code
        assert code in {0, 1}, text  # validate exits 1 when there are violations
    assert "query --list" not in out
