"""The old import path of the SPARQL validation engine (kept for code that imports it).

See :mod:`habitatkg._shacl._engine`.

Example:
    >>> from habitatkg._shacl_sparql import ENGINES
    >>> "sparql" in ENGINES
    True
"""

from habitatkg._shacl._engine import ENGINES, UnsupportedShapes, run_shapes, validate_store

__all__ = ["ENGINES", "UnsupportedShapes", "run_shapes", "validate_store"]
