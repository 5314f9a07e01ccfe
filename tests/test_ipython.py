"""Tests of habitatkg._ipython: %load_ext habitatkg and %%sparql in a real IPython shell."""

from __future__ import annotations

import pandas as pd
import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

from habitatkg import _ipython
from habitatkg._ipython import run_sparql_cell
from kg_helpers import HK, ILLUSTRATIVE, MINI


@pytest.fixture(scope="module")
def shell():
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "habitatkg")
    yield ip
    ip.run_line_magic("unload_ext", "habitatkg")


def test_magic_is_registered(shell):
    assert "sparql" in shell.magics_manager.magics["cell"]


def test_magic_returns_a_dataframe(shell):
    frame = shell.run_cell_magic(
        "sparql",
        "",
        "SELECT ?label WHERE { ?p a hk:MethodologyPhase ; hk:order ?n ; rdfs:label ?label "
        "FILTER(LANG(?label) = 'en') } ORDER BY ?n",
    )
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.label) == ["Identify", "Unite", "Organize", "Manage", "Recognize"]


def test_magic_output_variable_and_bindings(shell):
    shell.run_cell_magic(
        "sparql", "-o phase_order --bind p=hk:Recognize", "SELECT ?n WHERE { ?p hk:order ?n }"
    )
    assert shell.user_ns["phase_order"].n[0] == 5
    frame = shell.run_cell_magic(
        "sparql", "--bind 'c=Collaborative work'", "SELECT ?o WHERE { ?c hk:order ?o }"
    )
    assert frame.o[0] == 3


def test_magic_with_data_files_and_named_queries(shell):
    frame = shell.run_cell_magic(
        "sparql",
        f"--data {ILLUSTRATIVE} --bind school=hkd:school-amado-nervo",
        "partners_supporting",
    )
    assert {"partner", "school", "capability"} <= set(frame.columns)
    assert (frame.school == "https://w3id.org/habitatkg/data/school-amado-nervo").all() and len(
        frame
    ) > 0


def test_magic_with_a_kg_variable_and_labels(shell):
    from habitatkg._kg import load

    shell.user_ns["my_kg"] = load(MINI, include_packaged="ontology")
    frame = shell.run_cell_magic(
        "sparql", "--kg my_kg --labels", "SELECT ?s WHERE { ?s a hk:School } ORDER BY ?s"
    )
    assert list(frame.columns) == ["s", "s_label"] and len(frame) == 3


def test_magic_ask_and_errors(shell):
    assert bool(
        shell.run_cell_magic("sparql", "", "ASK { hk:Recognize hk:nextPhase hk:Identify }").answer[
            0
        ]
    )
    with pytest.raises(UsageError, match="does not parse"):
        shell.run_cell_magic("sparql", "", "SELECT ?s WHERE { ?s ")
    with pytest.raises(UsageError, match="SERVICE"):
        shell.run_cell_magic(
            "sparql", "", "SELECT * WHERE { SERVICE <http://localhost:9/s> { ?s ?p ?o } }"
        )
    with pytest.raises(UsageError, match="no such variable"):
        shell.run_cell_magic("sparql", "--kg missing", "ASK { ?s ?p ?o }")
    with pytest.raises(UsageError, match="bad %%sparql options"):
        shell.run_cell_magic("sparql", "--nope", "ASK { ?s ?p ?o }")
    with pytest.raises(UsageError, match="no entity named"):
        shell.run_cell_magic("sparql", "--bind 'x=Nothing like this at all'", "ASK { ?x ?p ?o }")


def test_run_sparql_cell_without_ipython():
    frame = run_sparql_cell(
        f"--no-packaged --data {MINI}",
        "SELECT ?s WHERE { ?s a <https://w3id.org/habitatkg/ontology#School> }",
    )
    assert len(frame) == 3
    namespace = {}
    run_sparql_cell("-o out", "SELECT ?x WHERE { VALUES ?x { 1 2 } }", namespace)
    assert list(namespace["out"].x) == [1, 2]
    assert _ipython.SparqlMagics is _ipython.SparqlMagics
    with pytest.raises(AttributeError):
        _ipython.NotAThing  # noqa: B018
    assert HK
