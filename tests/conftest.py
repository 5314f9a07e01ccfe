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
