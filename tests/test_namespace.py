"""``HK`` is exactly the ontology's set of hk: terms, and the generated module is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, URIRef

from habitatkg import _paths
from habitatkg._namespace import HK, HKD

REPO = Path(__file__).resolve().parents[1]
HK_NS = "https://w3id.org/habitatkg/ontology#"


@pytest.fixture(scope="module")
def declared() -> set[str]:
    graph = rdflib.Graph().parse(_paths.ontology_files()[0], format="turtle")
    return {
        str(s)
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(HK_NS)
    }


def test_hk_terms_equal_the_ontology_terms(declared: set[str]) -> None:
    generated = {str(HK[name]) for name in HK.__annotations__}
    missing = sorted(declared - generated)
    extra = sorted(generated - declared)
    assert not missing and not extra, (
        f"_namespace.py is out of date (run python tools/gen_namespace.py): "
        f"missing {missing}, not in the ontology {extra}"
    )


def test_hk_is_closed() -> None:
    assert HK.School == URIRef(f"{HK_NS}School")
    assert HK["School"] == HK.School
    with pytest.raises(AttributeError):
        HK.Shcool  # noqa: B018
    with pytest.raises((AttributeError, KeyError)):
        HK["Shcool"]


def test_hkd_is_open() -> None:
    assert HKD["school-amado-nervo"] == URIRef("https://w3id.org/habitatkg/data/school-amado-nervo")


@pytest.mark.skipif(
    not (REPO / "tools" / "gen_namespace.py").is_file(), reason="needs the repository checkout"
)
def test_generated_module_is_current(tmp_path: Path) -> None:
    output = tmp_path / "_namespace.py"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "gen_namespace.py"),
            "--ontology",
            str(REPO / "ontology" / "habitat.ttl"),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8") == (
        REPO / "src" / "habitatkg" / "_namespace.py"
    ).read_text(encoding="utf-8"), (
        "src/habitatkg/_namespace.py is out of date: run python tools/gen_namespace.py"
    )


def test_help_of_the_package_is_short_and_quiet() -> None:
    # issue 17.7: help(habitatkg) printed 984 warnings and a 246-line listing of HK
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "import habitatkg; help(habitatkg)"],
        capture_output=True,
        text=True,
        env={"PAGER": "cat", "PATH": "", "PYTHONPATH": ":".join(sys.path)},
        check=True,
    )
    assert done.stderr == ""
    assert "ontology#AccompanimentPlan" not in done.stdout  # no listing of the 246 terms
    assert "class HK" in done.stdout
