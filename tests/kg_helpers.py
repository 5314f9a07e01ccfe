"""Shared helpers for the API tests: paths and cached knowledge graphs (not a test module).

The knowledge graphs are loaded once per test session and must not be modified by tests;
tests that add data load their own.
"""

from __future__ import annotations

import functools
from pathlib import Path

from habitatkg._kg import KnowledgeGraph, load

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "fixtures"
MINI = FIXTURES / "mini.ttl"
EXAMPLES = ROOT / "examples"
ILLUSTRATIVE = EXAMPLES / "illustrative-partner-support.ttl"
QUERIES = ROOT / "src" / "habitatkg" / "queries"

HK = "https://w3id.org/habitatkg/ontology#"
HKD = "https://w3id.org/habitatkg/data/"
EX = "https://w3id.org/habitatkg/example/"


@functools.cache
def curated() -> KnowledgeGraph:
    """The packaged ontology and curated data."""
    return load()


@functools.cache
def illustrative() -> KnowledgeGraph:
    """The packaged ontology and curated data plus the illustrative partner data."""
    return load(ILLUSTRATIVE)


@functools.cache
def mini() -> KnowledgeGraph:
    """The packaged ontology plus the tiny test fixture (no curated data)."""
    return load(MINI, include_packaged="ontology")


def labels(values) -> set[str]:
    """A set of labels (drops missing values)."""
    return {v for v in values if isinstance(v, str)}
