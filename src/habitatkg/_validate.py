"""The old import path of validation (kept for code that imports it); see :mod:`._shacl`.

Example:
    >>> from habitatkg._validate import validate_graph
    >>> validate_graph.__module__
    'habitatkg._shacl._reference'
"""

from habitatkg._errors import ShapesError, ValidatorError
from habitatkg._shacl._reference import (
    _as_graph,
    _packaged_data,
    _packaged_ontology,
    _packaged_shapes,
    validate,
    validate_graph,
)
from habitatkg._shacl._report import Severity, ValidationReport, ValidationResult, _report

__all__ = [
    "Severity",
    "ShapesError",
    "ValidationReport",
    "ValidationResult",
    "ValidatorError",
    "_as_graph",
    "_packaged_data",
    "_packaged_ontology",
    "_packaged_shapes",
    "_report",
    "validate",
    "validate_graph",
]
