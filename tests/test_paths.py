"""Where packaged files live: the installed wheel's ``_resources/`` or the repository root."""

from __future__ import annotations

from pathlib import Path

import pytest

from habitatkg import _paths
from habitatkg._errors import HabitatKGError, QueryError

REPO = Path(__file__).resolve().parents[1]


def test_ontology_files_main_first_then_imports_sorted() -> None:
    files = _paths.ontology_files()
    assert files[0].name == "habitat.ttl"
    imports = files[1:]
    assert imports, "the ontology's local imports (ontology/imports/*.ttl) are missing"
    assert all(path.parent.name == "imports" and path.suffix == ".ttl" for path in imports)
    assert [path.name for path in imports] == sorted(path.name for path in imports)
    assert all(path.is_absolute() and path.is_file() for path in files)


@pytest.mark.parametrize("function", [_paths.shapes_files, _paths.data_files])
def test_shapes_and_data_files_sorted_ttl(function: object) -> None:
    files = function()  # type: ignore[operator]
    assert files and all(
        path.is_absolute() and path.is_file() and path.suffix == ".ttl" for path in files
    )
    assert files == sorted(files)


def test_query_names_and_files() -> None:
    names = _paths.query_names()
    assert names and names == sorted(names)
    for name in names:
        path = _paths.query_file(name)
        assert path.is_file() and path.suffix == ".rq" and path.stem == name
        assert _paths.query_file(f"{name}.rq") == path


@pytest.mark.parametrize("name", ["no-such-query", "../pyproject", "/etc/passwd", ""])
def test_unknown_query_name(name: str) -> None:
    with pytest.raises(QueryError, match="no packaged query named") as caught:
        _paths.query_file(name)
    assert isinstance(caught.value, HabitatKGError)


def test_unknown_query_name_suggests_a_close_one() -> None:
    name = _paths.query_names()[0]
    with pytest.raises(QueryError, match=f"did you mean {name}"):
        _paths.query_file(name[:-1] + "x")


def test_resource_dir_kinds() -> None:
    for kind in ("ontology", "shapes", "data", "queries"):
        assert _paths.resource_dir(kind).is_dir()
    with pytest.raises(HabitatKGError, match="unknown resource kind"):
        _paths.resource_dir("nonsense")


def test_jsonld_context_file() -> None:
    assert _paths.jsonld_context_file().name == "context.jsonld"


def _installed_from_wheel() -> bool:
    return (Path(_paths.__file__).resolve().parent / "_resources").is_dir()


@pytest.mark.skipif(not (REPO / "pyproject.toml").is_file(), reason="needs the repository checkout")
@pytest.mark.parametrize(
    ("kind", "pattern"), [("ontology", "**/*.ttl"), ("shapes", "*.ttl"), ("data", "*.ttl")]
)
def test_packaged_files_are_the_repository_files(kind: str, pattern: str) -> None:
    """The files the package reads are byte-identical to the checkout's (no stale wheel)."""
    packaged = _paths.resource_dir(kind)
    source = REPO / kind
    names = sorted(str(path.relative_to(source)) for path in source.glob(pattern))
    assert names == sorted(str(path.relative_to(packaged)) for path in packaged.glob(pattern))
    for name in names:
        assert (packaged / name).read_bytes() == (source / name).read_bytes(), (
            f"{kind}/{name} differs"
        )


def test_installed_package_uses_its_own_resources() -> None:
    """From a wheel the files come from ``habitatkg/_resources``, never from the working tree."""
    package = Path(_paths.__file__).resolve().parent
    for kind in ("ontology", "shapes", "data"):
        if _installed_from_wheel():
            assert _paths.resource_dir(kind) == package / "_resources" / kind
        else:  # an editable install or a checkout reads the repository's folders
            assert _paths.resource_dir(kind) == package.parent.parent / kind


# --- the lookup rules, on fake layouts ----------------------------------------------------------


def _fake_ontology(folder: Path) -> None:
    (folder / "imports").mkdir(parents=True)
    (folder / "habitat.ttl").write_text("", encoding="utf-8")
    for name in ("b.ttl", "a.ttl"):
        (folder / "imports" / name).write_text("", encoding="utf-8")


def test_wheel_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site-packages" / "habitatkg"
    _fake_ontology(package / "_resources" / "ontology")
    monkeypatch.setattr(_paths, "_PACKAGE", package)
    files = _paths.ontology_files()
    assert [path.name for path in files] == ["habitat.ttl", "a.ttl", "b.ttl"]
    assert files[0].parent == package / "_resources" / "ontology"


def test_checkout_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    _fake_ontology(tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "z.ttl").write_text("", encoding="utf-8")
    (tmp_path / "data" / "m.ttl").write_text("", encoding="utf-8")
    (tmp_path / "data" / "notes.txt").write_text("", encoding="utf-8")
    package = tmp_path / "src" / "habitatkg"
    package.mkdir(parents=True)
    monkeypatch.setattr(_paths, "_PACKAGE", package)
    assert _paths.ontology_files()[0] == tmp_path / "ontology" / "habitat.ttl"
    assert [path.name for path in _paths.data_files()] == ["m.ttl", "z.ttl"]


def test_missing_resources_raise_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "habitatkg"
    package.mkdir()
    monkeypatch.setattr(_paths, "_PACKAGE", package)
    for function in (
        _paths.ontology_files,
        _paths.shapes_files,
        _paths.data_files,
        _paths.query_names,
    ):
        with pytest.raises(HabitatKGError, match="missing") as caught:
            function()
        assert "reinstall habitatkg" in str(caught.value)
    with pytest.raises(HabitatKGError, match=r"context\.jsonld"):
        _paths.jsonld_context_file()


def test_empty_resource_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "habitatkg"
    (package / "_resources" / "shapes").mkdir(parents=True)
    (package / "_resources" / "ontology").mkdir(parents=True)
    monkeypatch.setattr(_paths, "_PACKAGE", package)
    with pytest.raises(HabitatKGError, match=r"holds no \.ttl file"):
        _paths.shapes_files()
    with pytest.raises(HabitatKGError, match=r"habitat\.ttl is missing"):
        _paths.ontology_files()
