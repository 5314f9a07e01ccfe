"""Run the API tests on every store: in memory, embedded oxigraph and a SPARQL endpoint.

Tests of ``test_kg``, ``test_answers`` and ``test_queries`` that use the shared graphs of
:mod:`kg_helpers` (``curated()``, ``illustrative()``, ``mini()``) run once per store kind;
:func:`habitat_store` tells ``kg_helpers`` which one to hand out. The SPARQL endpoint is a
real ``oxigraph serve`` process on 127.0.0.1 (session-scoped, stopped at the end).
``HABITATKG_TEST_STORES=memory,oxigraph`` limits the kinds.
"""

from __future__ import annotations

import inspect
import os
import re
from pathlib import Path

import pytest

import kg_helpers

STORE_MODULES = {"test_kg", "test_answers", "test_queries"}
KINDS = tuple(
    k.strip()
    for k in os.environ.get("HABITATKG_TEST_STORES", ",".join(kg_helpers.KINDS)).split(",")
    if k.strip()
)
_SHARED = re.compile(r"\b(curated|illustrative|mini)\(\)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize the tests that use the shared graphs over the store kinds."""
    if metafunc.module.__name__ not in STORE_MODULES:
        return
    if not _SHARED.search(inspect.getsource(metafunc.function)):
        return
    metafunc.fixturenames.append("habitat_store")
    metafunc.parametrize("habitat_store", KINDS, indirect=True)


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory: pytest.TempPathFactory):
    """A running Oxigraph server (see tests/server.py), stopped after the session."""
    from server import OxigraphServer

    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server") / "data")
    yield server
    server.stop()


@pytest.fixture
def habitat_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The store kind the shared graphs of kg_helpers come from, for this test."""
    kind = getattr(request, "param", "memory")
    server = request.getfixturevalue("sparql_server") if kind == "sparql" else None
    kg_helpers.use_store(kind, server=server, tmp=tmp_path_factory.getbasetemp())
    yield kind
    kg_helpers.use_store("memory")


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    """A running Virtuoso 7.2 (see tests/server.py), stopped after the session."""
    from server import VirtuosoServer

    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


#: The W3C SHACL test suite, beside the repository (CI clones it there; never copied in).
W3C_SHACL = Path(__file__).resolve().parents[1].parent / "shared" / "w3c-shacl" / "tests"
_W3C_ABSENT = (
    f"test_w3c_shacl: the W3C SHACL test suite is not at {W3C_SHACL}; "
    "its tests are deselected (clone it to ../shared/w3c-shacl to run them)"
)


def pytest_report_header(config: pytest.Config) -> str | None:
    """Say when the W3C SHACL suite is absent (its module is then deselected)."""
    return None if W3C_SHACL.is_dir() else _W3C_ABSENT


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect (not skip) test_w3c_shacl when the suite is not beside the repository."""
    if W3C_SHACL.is_dir():
        return
    dropped = [i for i in items if i.nodeid.split("::")[0].endswith("test_w3c_shacl.py")]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [i for i in items if i not in dropped]
        print(f"\n{_W3C_ABSENT}")


# --- figures printed at the end of the run --------------------------------------------------
# Tests report counts (W3C outcomes, differential cases...) with the ``summary`` fixture; they
# are printed in a "habitatkg figures" section after the run, also when pytest-xdist runs the
# tests in worker processes (each worker sends its lines to the controller).
_SUMMARY = pytest.StashKey[list[str]]()


def _lines(config: pytest.Config) -> list[str]:
    if _SUMMARY not in config.stash:
        config.stash[_SUMMARY] = []
    return config.stash[_SUMMARY]


@pytest.fixture(scope="session")
def summary(pytestconfig: pytest.Config):
    """``summary(line)`` adds a line to the figures printed after the run."""
    return _lines(pytestconfig).append


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In an xdist worker: hand the figures to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["habitatkg_summary"] = list(_lines(session.config))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """In the xdist controller: collect a worker's figures."""
    lines = getattr(node, "workeroutput", {}).get("habitatkg_summary", [])
    _lines(node.config).extend(lines)  # type: ignore[attr-defined]


def pytest_terminal_summary(terminalreporter: object, config: pytest.Config) -> None:
    """Print the figures the tests reported."""
    lines = _lines(config)
    if lines:
        terminalreporter.section("habitatkg figures")  # type: ignore[attr-defined]
        for line in sorted(lines):
            terminalreporter.write_line(line)  # type: ignore[attr-defined]
