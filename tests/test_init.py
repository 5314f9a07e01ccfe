"""The public API: ``habitatkg.__all__`` is the contract; everything else is private."""

from __future__ import annotations

import builtins
import doctest
import importlib
import inspect
import pkgutil

import pytest

import habitatkg

EXPECTED = {
    "HK", "HKD", "AmbiguousLabelError", "DataFileNotFoundError", "DataFormatError",
    "EmptyDataError", "Entity", "EntityList", "EntityNotFoundError", "HabitatKGError",
    "KnowledgeGraph", "LoadError", "MissingDocumentationError", "Provenance", "QueryError",
    "QueryResult", "RDFFormat", "ServiceNotAllowedError", "Severity", "ShapesError",
    "SourceRef", "UnknownFormatError", "UnknownTermError", "ValidationReport",
    "ValidationResult", "ValidatorError", "WrongKindError", "__version__", "build_site",
    "load", "validate", "EndpointError", "ReadOnlyStoreError", "StoreError", "GraphStore",
    "MemoryStore", "OxigraphStore", "SparqlStore", "InvalidIRIError", "QueryWarning",
    "SheetImportError", "PrivacyWarning",
}  # fmt: skip


def test_all_is_exactly_the_public_api():
    # Adding or removing a public name is a deliberate change: update EXPECTED with it.
    assert set(habitatkg.__all__) == EXPECTED
    assert len(habitatkg.__all__) == len(set(habitatkg.__all__))
    for name in habitatkg.__all__:
        assert hasattr(habitatkg, name), name


def test_modules_are_private():
    names = [m.name for m in pkgutil.iter_modules(habitatkg.__path__)]
    assert names, "no modules found"
    public = [n for n in names if not n.startswith("_") and n not in {"queries"}]
    assert public == []


def test_public_objects_come_from_private_modules_and_are_documented():
    for name in habitatkg.__all__:
        obj = getattr(habitatkg, name)
        if name.startswith("__") or name in {"HKD"}:
            continue
        module = getattr(obj, "__module__", "") or ""
        assert module.startswith("habitatkg._"), (name, module)
        doc = inspect.getdoc(obj) or ""
        assert doc.strip(), f"{name} has no docstring"


def test_public_functions_take_options_by_keyword():
    for function in (habitatkg.load, habitatkg.validate, habitatkg.build_site):
        parameters = inspect.signature(function).parameters.values()
        for parameter in parameters:
            if parameter.default is not inspect.Parameter.empty:
                assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, (function, parameter)


def test_exception_tree():
    errors = [getattr(habitatkg, n) for n in habitatkg.__all__ if n.endswith("Error")]
    assert len(errors) >= 12
    builtin_errors = {
        v for v in vars(builtins).values() if isinstance(v, type) and issubclass(v, Exception)
    }
    for error in errors:
        assert issubclass(error, habitatkg.HabitatKGError), error
        if error not in (habitatkg.HabitatKGError, habitatkg.LoadError, habitatkg.StoreError):
            # each concrete error is also the matching built-in exception
            assert any(issubclass(error, b) and b is not Exception for b in builtin_errors), error


def test_validation_errors_are_the_public_ones():
    from habitatkg import _validate

    assert _validate.ShapesError is habitatkg.ShapesError
    assert _validate.ValidatorError is habitatkg.ValidatorError


def test_typed_package():
    from importlib.resources import files

    assert files("habitatkg").joinpath("py.typed").is_file()


def _all_modules() -> list[str]:
    found = ["habitatkg"]
    for info in pkgutil.walk_packages(habitatkg.__path__, prefix="habitatkg."):
        if not info.name.endswith("__main__"):  # importing it runs the command line
            found.append(info.name)
    return sorted(found)


@pytest.mark.parametrize("module", _all_modules())
def test_docstring_examples_run(module):
    """Every docstring example in the package runs and gives the documented output."""
    result = doctest.testmod(
        importlib.import_module(module),
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {module}"


def test_import_is_lazy():
    # issue 17.17: import habitatkg took 0.7 s (pandas, rdflib and the docs generator)
    import subprocess
    import sys

    code = (
        "import sys, habitatkg as hk; heavy = {'pandas', 'rdflib', 'habitatkg._docs', 'networkx'}; "
        "print(sorted(heavy & set(sys.modules))); hk.load; print('pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = done.stdout.split("\n")[:2]
    assert before == "[]" and after == "False"  # load() itself needs neither pandas nor rdflib
