"""The user guide builds with ``mkdocs build --strict`` (warnings are errors), ontology reference included."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None:
        pytest.fail(
            "MkDocs is not installed: run `pip install -e '.[docs]'` (mkdocs>=1.6) to build the user guide"
        )
    site = tmp_path / "site"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, (
        f"mkdocs build --strict failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
    )
    assert "WARNING" not in done.stderr, done.stderr[-6000:]
    for page in (
        "index.html",
        "api/index.html",
        "cli/index.html",
        "reference/index.html",
        "ontology/index.html",
        "ontology/questions.html",
        "ontology/habitatkg-ontology.ttl",
    ):
        assert (site / page).is_file(), f"{page} was not built"
    reference = (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert 'href="../ontology/"' in reference or 'href="../ontology/index.html"' in reference
    assert 'id="School"' in (site / "ontology" / "index.html").read_text(encoding="utf-8")
    assert "habitatkg docs" in (site / "cli" / "index.html").read_text(encoding="utf-8")
    assert not (ROOT / "docs" / "ontology").exists(), "the hook must not write into docs/"
