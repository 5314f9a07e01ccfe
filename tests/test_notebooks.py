"""Execute every notebook in examples/ in a real Jupyter kernel; any error fails the test.

Also checks that the ``%%sparql`` cells of 02-competency-questions.ipynb hold the current text
of the shared SPARQL files, so the notebook cannot drift from the package.
"""

from __future__ import annotations

import os
import time

import nbformat
import pytest
from nbclient import NotebookClient

from kg_helpers import EXAMPLES, QUERIES, ROOT

NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def test_the_four_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01-quick-tour.ipynb",
        "02-competency-questions.ipynb",
        "03-partner-network.ipynb",
        "04-your-own-records.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, monkeypatch):
    src = str(ROOT / "src")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)
    )
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    assert time.perf_counter() - start < 60, f"{path.name} took too long"
    errors = [
        o
        for cell in notebook.cells
        if cell.cell_type == "code"
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors


def test_sparql_cells_match_the_shared_queries():
    notebook = nbformat.read(EXAMPLES / "02-competency-questions.ipynb", as_version=4)
    cells = [
        c.source
        for c in notebook.cells
        if c.cell_type == "code" and c.source.startswith("%%sparql")
    ]
    bodies = {cell.split("\n", 1)[1].strip() for cell in cells}
    for name in [
        "partners_supporting",
        "reach",
        "guideline_targets",
        "activities_by_capability",
        "coverage_gaps",
        "partner_network",
        "phase_order",
        "provenance",
        "common_ground",
    ]:
        assert (QUERIES / f"{name}.rq").read_text(encoding="utf-8").strip() in bodies, name


def test_notebooks_are_saved_without_outputs():
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), path.name
