"""Where the packaged files live: the only module that knows.

The ontology, the SHACL shapes and the curated data are top-level folders of the repository
(``ontology/``, ``shapes/``, ``data/``). An installed wheel carries them inside the package as
``habitatkg/_resources/<kind>/``; an editable install or a plain checkout reads them from the
repository root. The SPARQL queries (``habitatkg/queries/*.rq``) and the JSON-LD context
(``habitatkg/context.jsonld``) are package files in both cases.

Every function returns absolute :class:`~pathlib.Path` objects and raises
:class:`~habitatkg._errors.HabitatKGError` with a clear message when the files are missing
(a broken install), never a bare ``FileNotFoundError``.

Example:
    >>> from habitatkg import _paths
    >>> _paths.ontology_files()[0].name
    'habitat.ttl'
    >>> "reach" in _paths.query_names()
    True
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Literal

from habitatkg._errors import HabitatKGError, QueryError

__all__ = [
    "ResourceKind",
    "data_files",
    "jsonld_context_file",
    "ontology_files",
    "query_file",
    "query_names",
    "resource_dir",
    "shapes_files",
]

#: The kinds of packaged resources.
ResourceKind = Literal["ontology", "shapes", "data", "queries"]

_PACKAGE = Path(__file__).resolve().parent
_KINDS: tuple[str, ...] = ("ontology", "shapes", "data", "queries")
_QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_REINSTALL = "reinstall habitatkg (pip install .) or run from a complete checkout"


def _candidates(kind: str) -> list[Path]:
    """The folders where ``kind`` may live, the installed copy first."""
    if kind == "queries":
        return [_PACKAGE / "queries"]
    candidates = [_PACKAGE / "_resources" / kind]
    root = _PACKAGE.parent.parent  # src/habitatkg -> repository root
    if (root / "pyproject.toml").is_file():
        candidates.append(root / kind)
    return candidates


def resource_dir(kind: ResourceKind | str) -> Path:
    """The folder that holds one kind of packaged resource.

    Args:
        kind: ``"ontology"``, ``"shapes"``, ``"data"`` or ``"queries"``.

    Returns:
        The absolute folder path.

    Raises:
        HabitatKGError: ``kind`` is unknown or its folder is not there.

    Example:
        >>> resource_dir("ontology").joinpath("habitat.ttl").is_file()
        True
    """
    if kind not in _KINDS:
        raise HabitatKGError(f"unknown resource kind {kind!r}; use one of {', '.join(_KINDS)}")
    candidates = _candidates(kind)
    for folder in candidates:
        if folder.is_dir():
            return folder
    tried = ", ".join(str(folder) for folder in candidates)
    raise HabitatKGError(f"the packaged {kind} files are missing (looked in {tried}); {_REINSTALL}")


def _ttl_files(kind: str) -> list[Path]:
    folder = resource_dir(kind)
    files = sorted(path for path in folder.glob("*.ttl") if path.is_file())
    if not files:
        raise HabitatKGError(
            f"the packaged {kind} folder {folder} holds no .ttl file; {_REINSTALL}"
        )
    return files


def ontology_files() -> list[Path]:
    """The ontology's files: ``habitat.ttl`` first, then ``imports/*.ttl`` sorted by name.

    Returns:
        Absolute paths.

    Raises:
        HabitatKGError: ``habitat.ttl`` is missing.

    Example:
        >>> [path.name for path in ontology_files()][:1]
        ['habitat.ttl']
    """
    folder = resource_dir("ontology")
    main = folder / "habitat.ttl"
    if not main.is_file():
        raise HabitatKGError(f"the packaged ontology {main} is missing; {_REINSTALL}")
    return [main, *sorted(path for path in (folder / "imports").glob("*.ttl") if path.is_file())]


def shapes_files() -> list[Path]:
    """The SHACL shapes files (``shapes/*.ttl``), sorted by name.

    Returns:
        Absolute paths.

    Raises:
        HabitatKGError: The shapes are missing.

    Example:
        >>> all(path.suffix == ".ttl" for path in shapes_files())
        True
    """
    return _ttl_files("shapes")


def data_files() -> list[Path]:
    """The curated data files (``data/*.ttl``), sorted by name.

    Returns:
        Absolute paths.

    Raises:
        HabitatKGError: The curated data is missing.

    Example:
        >>> all(path.suffix == ".ttl" for path in data_files())
        True
    """
    return _ttl_files("data")


def query_names() -> list[str]:
    """The names of the packaged SPARQL queries (file stems of ``queries/*.rq``), sorted.

    Returns:
        The names, e.g. ``["activities_by_capability", ...]``.

    Raises:
        HabitatKGError: The queries folder is missing.

    Example:
        >>> query_names() == sorted(query_names())
        True
    """
    return sorted(path.stem for path in resource_dir("queries").glob("*.rq") if path.is_file())


def query_file(name: str) -> Path:
    """The file of a packaged SPARQL query.

    Args:
        name: The query's name, with or without ``.rq`` (``"reach"`` or ``"reach.rq"``).

    Returns:
        The absolute path of the ``.rq`` file.

    Raises:
        QueryError: No packaged query has that name (the message lists the closest names).

    Example:
        >>> query_file("reach.rq").name
        'reach.rq'
    """
    stem = name[:-3] if name.endswith(".rq") else name
    names = query_names()
    if not _QUERY_NAME.match(stem) or stem not in names:
        close = difflib.get_close_matches(stem, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise QueryError(f"no packaged query named {name!r}{hint} (known: {', '.join(names)})")
    return resource_dir("queries") / f"{stem}.rq"


def jsonld_context_file() -> Path:
    """The package's JSON-LD context (``habitatkg/context.jsonld``).

    Returns:
        The absolute path.

    Raises:
        HabitatKGError: The file is missing.

    Example:
        >>> jsonld_context_file().name
        'context.jsonld'
    """
    path = _PACKAGE / "context.jsonld"
    if not path.is_file():
        raise HabitatKGError(f"the packaged JSON-LD context {path} is missing; {_REINSTALL}")
    return path
