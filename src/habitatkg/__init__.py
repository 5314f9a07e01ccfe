"""habitatkg: a knowledge graph of the Alberto Baillères Foundation Social Model.

habitatkg packages an OWL ontology, a curated RDF dataset (every statement traceable to its
source), SHACL shapes and SPARQL queries about the Alberto Baillères Foundation *Social
Model* as documented by UNESCO, and the UNESCO Learning City of Huejotzingo. It answers the
domain's questions from Python, exports the graph (Turtle, JSON-LD, CSV, networkx) and
generates the ontology's documentation. Nothing is fetched from the network.

The public API is what this module exports (see ``__all__``); every other module is private.

Example:
    >>> import habitatkg as hk
    >>> kg = hk.load()                       # the packaged ontology and curated data
    >>> [c.label for c in kg.capabilities()][:2]
    ['Personal, collective, and environmental care', 'Empathetic and effective communication']
    >>> int(kg.reach(totals=True).students.iloc[-1])    # Table 4's grand total
    8580
    >>> kg.validate().has_violations
    False
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from habitatkg._docs import build_site
    from habitatkg._endpoint import SparqlStore
    from habitatkg._errors import (
        AmbiguousLabelError,
        DataFileNotFoundError,
        DataFormatError,
        EmptyDataError,
        EndpointError,
        EntityNotFoundError,
        HabitatKGError,
        InvalidIRIError,
        LoadError,
        MissingDocumentationError,
        PrivacyWarning,
        QueryError,
        QueryWarning,
        ReadOnlyStoreError,
        ServiceNotAllowedError,
        ShapesError,
        SheetImportError,
        StoreError,
        UnknownFormatError,
        UnknownTermError,
        ValidatorError,
        WrongKindError,
    )
    from habitatkg._formats import RDFFormat
    from habitatkg._kg import KnowledgeGraph, load
    from habitatkg._namespace import HK, HKD
    from habitatkg._results import Entity, EntityList, Provenance, QueryResult, SourceRef
    from habitatkg._store import GraphStore, MemoryStore, OxigraphStore
    from habitatkg._validate import Severity, ValidationReport, ValidationResult, validate

__version__ = "0.1.0"

#: Where each public name lives. ``import habitatkg`` imports none of these modules: each is
#: imported on first use of one of its names, so the heavy ones (pandas, rdflib, the docs
#: generator) cost nothing until needed. ``%load_ext habitatkg`` looks up the two IPython
#: hooks on the package (IPython's extension protocol); they are not part of ``__all__``.
_LAZY = {
    "build_site": "_docs",
    "SparqlStore": "_endpoint",
    **dict.fromkeys(
        [
            "AmbiguousLabelError",
            "DataFileNotFoundError",
            "DataFormatError",
            "EmptyDataError",
            "EndpointError",
            "EntityNotFoundError",
            "HabitatKGError",
            "InvalidIRIError",
            "LoadError",
            "MissingDocumentationError",
            "PrivacyWarning",
            "QueryError",
            "QueryWarning",
            "ReadOnlyStoreError",
            "ServiceNotAllowedError",
            "ShapesError",
            "SheetImportError",
            "StoreError",
            "UnknownFormatError",
            "UnknownTermError",
            "ValidatorError",
            "WrongKindError",
        ],
        "_errors",
    ),
    "RDFFormat": "_formats",
    "load_ipython_extension": "_ipython",
    "unload_ipython_extension": "_ipython",
    "KnowledgeGraph": "_kg",
    "load": "_kg",
    "HK": "_namespace",
    "HKD": "_namespace",
    **dict.fromkeys(("Entity", "EntityList", "Provenance", "QueryResult", "SourceRef"), "_results"),
    **dict.fromkeys(("GraphStore", "MemoryStore", "OxigraphStore"), "_store"),
    **dict.fromkeys(("Severity", "ValidationReport", "ValidationResult", "validate"), "_validate"),
}


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'habitatkg' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"habitatkg.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "HK",
    "HKD",
    "AmbiguousLabelError",
    "DataFileNotFoundError",
    "DataFormatError",
    "EmptyDataError",
    "EndpointError",
    "Entity",
    "EntityList",
    "EntityNotFoundError",
    "GraphStore",
    "HabitatKGError",
    "InvalidIRIError",
    "KnowledgeGraph",
    "LoadError",
    "MemoryStore",
    "MissingDocumentationError",
    "OxigraphStore",
    "PrivacyWarning",
    "Provenance",
    "QueryError",
    "QueryResult",
    "QueryWarning",
    "RDFFormat",
    "ReadOnlyStoreError",
    "ServiceNotAllowedError",
    "Severity",
    "ShapesError",
    "SheetImportError",
    "SourceRef",
    "SparqlStore",
    "StoreError",
    "UnknownFormatError",
    "UnknownTermError",
    "ValidationReport",
    "ValidationResult",
    "ValidatorError",
    "WrongKindError",
    "__version__",
    "build_site",
    "load",
    "validate",
]
