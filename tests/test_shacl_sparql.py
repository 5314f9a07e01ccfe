"""The shapes run as SPARQL inside the store give the same report as pyshacl on rdflib."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import habitatkg as hk
import kg_helpers
from habitatkg import _paths
from habitatkg._cli import main
from habitatkg._shacl_sparql import UnsupportedShapes, run_shapes, validate_store
from habitatkg._store import MemoryStore
from habitatkg._validate import validate_graph

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
VALID = sorted((DATA / "valid").glob("*.ttl"))
HK = "https://w3id.org/habitatkg/ontology#"


def _both(kg: hk.KnowledgeGraph) -> tuple[hk.ValidationReport, hk.ValidationReport]:
    return kg.validate(engine="sparql"), kg.validate(engine="pyshacl")


def _same(sparql: hk.ValidationReport, pyshacl: hk.ValidationReport) -> None:
    assert sparql.conforms == pyshacl.conforms
    assert sparql.results == pyshacl.results  # focus, label, path, value, severity, messages, fix
    assert str(sparql) == str(pyshacl)


@pytest.mark.parametrize("path", INVALID + VALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_example_file_gets_the_same_report(path: Path) -> None:
    # A store that keeps what the file says: by default loading withholds the names of
    # protected persons (habitatkg._privacy), and the invalid examples name some.
    kg = hk.load(path, include_packaged="ontology", store=MemoryStore(withhold=False))
    sparql, pyshacl = _both(kg)
    _same(sparql, pyshacl)
    if path.parent.name == "invalid":
        assert sparql.results, f"{path.name} should fail"


def test_the_curated_data_gets_the_same_report() -> None:
    sparql, pyshacl = _both(hk.load())
    _same(sparql, pyshacl)
    assert not sparql.has_violations and len(sparql.warnings) > 0 and len(sparql.infos) > 0
    assert not sparql.conforms  # SHACL: warnings and hints are results too


def test_the_illustrative_data_and_the_demo_mistakes_get_the_same_report() -> None:
    kg = hk.load(kg_helpers.ILLUSTRATIVE, DATA / "demo" / "few-mistakes.ttl")
    sparql, pyshacl = _both(kg)
    _same(sparql, pyshacl)
    assert not sparql.conforms


def test_every_invalid_example_together_gets_the_same_report() -> None:
    kg = hk.load(*INVALID)
    sparql, pyshacl = _both(kg)
    _same(sparql, pyshacl)
    assert len(sparql.violations) >= 50


def _synthetic_with_mistakes(tmp_path: Path) -> Path:
    clean = tmp_path / "synth.nt"
    assert main(["synth", "--schools", "40", "--output", str(clean)]) == 0
    lines = clean.read_text(encoding="utf-8").splitlines()
    out = []
    for number, line in enumerate(lines, start=1):
        if number % 97 == 0 and "ontology#value>" in line:
            line = re.sub(
                r'"[0-9.]+"\^\^<[^>]+>', '"-5"^^<http://www.w3.org/2001/XMLSchema#integer>', line
            )
        elif number % 89 == 0 and "rdf-schema#label>" in line:
            continue
        elif "addressesCapability>" in line and number % 7 == 0:
            line = line.rsplit(" ", 2)[0] + f" <{HK}Identify> ."
        out.append(line)
    bad = tmp_path / "synth-mistakes.nt"
    bad.write_text("\n".join(out) + "\n", encoding="utf-8")
    return bad


def test_synthetic_data_with_mistakes_gets_the_same_report(tmp_path: Path) -> None:
    kg = hk.load(_synthetic_with_mistakes(tmp_path))
    sparql, pyshacl = _both(kg)
    _same(sparql, pyshacl)
    components = {r.component for r in sparql.violations}
    assert {"MinInclusiveConstraintComponent", "InConstraintComponent"} <= components


@pytest.mark.parametrize("kind", ["oxigraph", "sparql"])
def test_other_stores_give_the_memory_report(
    kind: str, sparql_server, tmp_path_factory: pytest.TempPathFactory
) -> None:
    kg_helpers.use_store(kind, server=sparql_server, tmp=tmp_path_factory.getbasetemp())
    try:
        other = kg_helpers.illustrative().validate(engine="sparql")
    finally:
        kg_helpers.use_store("memory")
    memory = kg_helpers.illustrative().validate(engine="pyshacl")
    _same(other, memory)


def test_subclasses_and_subproperties_are_entailed_as_pyshacl_does() -> None:
    store = MemoryStore()
    store.native.load(
        f"""@prefix hk: <{HK}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix ex: <https://example.org/> .
        ex:Sub rdfs:subClassOf hk:Quantity .
        ex:q a ex:Sub ; hk:value "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .
        ex:narrower rdfs:subPropertyOf hk:value .
        ex:r a hk:Quantity ; ex:narrower -1 .""".encode(),
        format=ox.RdfFormat.TURTLE,
    )
    shapes = rdflib.Graph().parse(
        format="turtle",
        data=f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix hk: <{HK}> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://example.org/S> a sh:NodeShape ; sh:targetClass hk:Quantity ;
            sh:property [ sh:path hk:value ; sh:datatype xsd:integer ] ,
                        [ sh:path hk:value ; sh:minInclusive 0 ] .""",
    )
    report = validate_store(store, shapes=shapes, ontology=rdflib.Graph())
    found = {(r.focus, r.component, r.value) for r in report.results}
    assert ("https://example.org/q", "DatatypeConstraintComponent", "abc") in found  # ill-typed
    assert ("https://example.org/r", "MinInclusiveConstraintComponent", "-1") in found
    pyshacl = validate_graph(
        rdflib.Graph().parse(data=store.serialize(format="nt"), format="nt"),
        shapes=shapes,
        ontology=rdflib.Graph(),
    )

    # these shapes give no sh:message, so the engines word their default messages differently
    def keys(r: hk.ValidationReport) -> list[tuple[object, ...]]:
        return sorted(
            (x.focus, x.path or "", x.value or "", x.severity.value, x.shape, x.component)
            for x in r.results
        )

    assert keys(report) == keys(pyshacl)


_XONE = f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix hk: <{HK}> .
<https://example.org/S> a sh:NodeShape ; sh:targetClass hk:Quantity ;
    sh:xone ( [ sh:path hk:value ; sh:minCount 1 ] [ sh:path hk:year ; sh:minCount 1 ] ) ."""


_NESTED_COUNT = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix hk: <https://w3id.org/habitatkg/ontology#> .
<https://example.org/S> a sh:NodeShape ; sh:targetClass hk:School ;
    sh:node [ sh:property [ sh:path hk:locatedIn ; sh:minCount 5 ] ] .
"""


def test_unsupported_shapes_raise_or_fall_back_to_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "nested-count.ttl"
    shapes.write_text(_NESTED_COUNT, encoding="utf-8")
    kg = hk.load()
    with pytest.raises(UnsupportedShapes, match="count of 5") as caught:
        kg.validate(shapes=shapes, engine="sparql")
    assert isinstance(caught.value, hk.ShapesError) and isinstance(caught.value, ValueError)
    auto = kg.validate(shapes=shapes)  # falls back to pyshacl
    assert auto.results == kg.validate(shapes=shapes, engine="pyshacl").results
    assert any(r.component == "NodeConstraintComponent" for r in auto.results)


def test_xone_runs_in_the_store_with_pyshacl_s_answer(tmp_path: Path) -> None:
    """sh:xone was refused before; it is now compiled exactly (the same report as pyshacl)."""
    shapes = tmp_path / "xone.ttl"
    shapes.write_text(_XONE, encoding="utf-8")
    kg = hk.load()
    sparql = kg.validate(shapes=shapes, engine="sparql")
    pyshacl = kg.validate(shapes=shapes, engine="pyshacl")

    def key(report: hk.ValidationReport) -> list[tuple[object, ...]]:  # messages differ
        return sorted((r.focus, r.path, r.value, r.component, r.severity.value) for r in report)

    assert key(sparql) == key(pyshacl) and sparql.results
    assert any(r.component == "XoneConstraintComponent" for r in sparql.results)


_ZERO_OR_MORE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetNode ex:TARGET ;
    sh:property [ sh:path [ sh:zeroOrMorePath ex:next ] ; sh:minCount 2 ] .
"""


@pytest.mark.parametrize(
    ("target", "data", "native"),
    [
        # the node is in the data: oxigraph's zero-length path is exact, compiled natively
        ("ex:a", "ex:a ex:next ex:b .", True),
        # a node the data does not hold: oxigraph drops its zero-length path, so refused
        ("ex:absent", "ex:a ex:next ex:b .", False),
    ],
)
def test_zero_or_more_paths_on_target_nodes(target: str, data: str, native: bool) -> None:
    prefix = "@prefix ex: <https://example.org/> .\n"
    shapes = rdflib.Graph().parse(data=_ZERO_OR_MORE.replace("ex:TARGET", target), format="ttl")
    store = MemoryStore()
    store.add_graph(rdflib.Graph().parse(data=prefix + data, format="ttl"))
    if not native:
        with pytest.raises(UnsupportedShapes, match="zero-length path"):
            validate_store(store, shapes=shapes, inference="none")
        return
    report = validate_store(store, shapes=shapes, inference="none")
    # ex:a reaches itself and ex:b: 2 values, conforms; pyshacl agrees
    assert report.conforms and not report.results
    import pyshacl

    graph = rdflib.Graph().parse(data=prefix + data, format="ttl")
    assert pyshacl.validate(graph, shacl_graph=shapes)[0] is True
    # with 3 values required, both find the one violation
    stricter = rdflib.Graph().parse(
        data=_ZERO_OR_MORE.replace("ex:TARGET", target).replace("minCount 2", "minCount 3"),
        format="ttl",
    )
    found = validate_store(store, shapes=stricter, inference="none")
    assert [(str(r.focus), r.component) for r in found.results] == [
        ("https://example.org/a", "MinCountConstraintComponent")
    ]
    assert pyshacl.validate(graph, shacl_graph=stricter)[0] is False


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown validation engine 'fast'"):
        kg_helpers.curated().validate(engine="fast")


def test_an_empty_store_conforms_and_a_shapeless_graph_is_refused() -> None:
    assert validate_store(MemoryStore()).conforms
    with pytest.raises(hk.ShapesError, match="is empty"):
        validate_store(MemoryStore(), shapes=rdflib.Graph())


def test_run_shapes_writes_a_standard_report_graph() -> None:
    kg = hk.load(DATA / "invalid" / "quantity-negative-value.ttl", include_packaged="ontology")
    shapes = rdflib.Graph().parse(_paths.shapes_files()[0])
    graph = run_shapes(kg.store, shapes)
    results = list(graph.subjects(rdflib.RDF.type, rdflib.SH.ValidationResult))
    assert results
    for node in results:
        assert graph.value(node, rdflib.SH.focusNode) is not None
        assert graph.value(node, rdflib.SH.sourceShape) is not None
        assert graph.value(node, rdflib.SH.resultSeverity) is not None
        assert list(graph.objects(node, rdflib.SH.resultMessage))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "habitatkg", *args],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def test_cli_validates_a_store_in_place(tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert (
        _cli(
            "load", "--store", f"oxigraph:{db}", str(_synthetic_with_mistakes(tmp_path))
        ).returncode
        == 0
    )
    sparql = _cli("validate", "--store", f"oxigraph:{db}")
    assert sparql.returncode == 1, sparql.stderr
    assert "The data does not conform" in sparql.stdout
    assert "fix: use a value of hk:value ≥ 0" in sparql.stdout
    pyshacl = _cli("validate", "--store", f"oxigraph:{db}", "--engine", "pyshacl")
    assert pyshacl.returncode == 1 and pyshacl.stdout == sparql.stdout

    clean = tmp_path / "clean"
    assert _cli("load", "--store", f"oxigraph:{clean}").returncode == 0
    assert _cli("validate", "--store", f"oxigraph:{clean}").returncode == 0


def test_cli_store_errors(tmp_path: Path) -> None:
    missing = _cli("validate", "--store", f"oxigraph:{tmp_path / 'nothing'}")
    assert missing.returncode == 2 and "there is no store at" in missing.stderr
    both = _cli("validate", "--store", f"oxigraph:{tmp_path}", str(VALID[0]))
    assert both.returncode == 2 and "not both" in both.stderr
