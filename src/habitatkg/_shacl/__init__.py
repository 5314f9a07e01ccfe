"""SHACL validation: the reference engine (pyshacl), the SPARQL engine in the store, reports.

- :mod:`._report`: :class:`ValidationReport` and :class:`ValidationResult`, built from a
  SHACL report graph; :mod:`._fix` and :mod:`._terms`: fixes and names in plain words.
- :mod:`._reference`: :func:`validate` (files) and :func:`validate_graph` (an rdflib graph)
  with pyshacl.
- :mod:`._compiler` and :mod:`._engine`: the shapes compiled to SPARQL and run in the store
  (:func:`validate_store`), refusing with :class:`UnsupportedShapes` what they do not
  implement exactly.

Example:
    >>> from habitatkg._shacl import ENGINES
    >>> ENGINES
    ('auto', 'sparql', 'pyshacl')
"""

from habitatkg._shacl._engine import (
    ENGINES,
    UnsupportedShapes,
    run_shapes,
    validate_any,
    validate_store,
)
from habitatkg._shacl._reference import validate, validate_graph
from habitatkg._shacl._report import Severity, ValidationReport, ValidationResult

__all__ = [
    "ENGINES",
    "Severity",
    "UnsupportedShapes",
    "ValidationReport",
    "ValidationResult",
    "run_shapes",
    "validate",
    "validate_any",
    "validate_graph",
    "validate_store",
]
