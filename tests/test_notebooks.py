"""Execute every notebook in examples/ in a real Jupyter kernel; any error fails the test.

The notebooks are committed executed (``tools/run_notebooks.py``), with their tables and
figures, so they read as documents without running them: the tests check that every code cell
has its outputs, that every cell that draws holds an image (both as committed and when run
again), and that no output holds an error, a machine path or a withheld name.

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


def test_the_three_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01-quick-tour.ipynb",
        "02-competency-questions.ipynb",
        "03-partner-network.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, monkeypatch):
    src = str(ROOT / "src")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)
    )
    monkeypatch.delenv("MPLBACKEND", raising=False)  # figures must be real inline images
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
    _assert_figures_are_images(notebook, path.name)


def _draws(source: str) -> bool:
    return "plt.subplots" in source or ".plot(" in source


def _assert_figures_are_images(notebook, name):
    drawing = [c for c in notebook.cells if c.cell_type == "code" and _draws(c.source)]
    if name.startswith("03"):
        assert len(drawing) == 2, name  # the network and the gap map
    for cell in drawing:
        outputs = cell.get("outputs", [])
        assert any("image/png" in o.get("data", {}) for o in outputs), (name, cell.source[:60])
        texts = "".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
        assert "<Figure size" not in texts or any("image/png" in o.get("data", {}) for o in outputs)


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


def test_notebooks_are_committed_executed_with_their_figures():
    # issue 17.1 and 17.16: no figure (Agg backend) and no outputs to preview
    import json

    from test_data_news_huejotzingo import _WITHHELD, _digests

    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), path.name
        assert all(c.get("outputs") for c in code if not c.source.rstrip().endswith(";")) or any(
            c.get("outputs") for c in code
        ), path.name
        outputs = [o for c in code for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"], path.name
        text = json.dumps(outputs, ensure_ascii=False)
        assert str(ROOT) not in text and "ipykernel_" not in text, path.name
        assert not _digests(text) & _WITHHELD, f"{path.name} shows a withheld name"
        assert 'matplotlib.use("Agg")' not in path.read_text(encoding="utf-8")
        _assert_figures_are_images(notebook, path.name)
