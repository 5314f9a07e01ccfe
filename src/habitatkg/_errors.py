"""The exceptions of habitatkg: one small tree rooted at :class:`HabitatKGError`.

Every error a user can cause (a missing or unparseable file, an unknown label, a query that
does not parse, ...) is a :class:`HabitatKGError`, so ``except HabitatKGError`` catches all
of them; each one is *also* the matching built-in exception (``ValueError``,
``FileNotFoundError``, ``LookupError``, ...), so code that does not know habitatkg still
handles it sensibly.

Tree::

    HabitatKGError(Exception)
    ├── LoadError                      a file could not be loaded (base of the next five)
    │   ├── DataFormatError(ValueError)       the file does not parse (file, line, message)
    │   ├── UnknownFormatError(ValueError)    the format cannot be told or is not supported
    │   ├── DataFileNotFoundError(FileNotFoundError)
    │   ├── EmptyDataError(ValueError)        the file holds no triples
    │   └── UnknownTermError(ValueError)      hk: terms the ontology does not define
    ├── EntityNotFoundError(LookupError)      .candidates: near matches
    ├── AmbiguousLabelError(LookupError)      .candidates: every match
    ├── WrongKindError(TypeError)
    ├── QueryError(ValueError)
    ├── ServiceNotAllowedError(PermissionError)
    ├── ShapesError(ValueError)               the SHACL shapes cannot be used
    ├── ValidatorError(RuntimeError)          the SHACL validator failed
    ├── MissingDocumentationError(ValueError) an hk: term lacks a label or definition
    └── StoreError                     a store cannot be opened or used
        ├── ReadOnlyStoreError(PermissionError)  data added to a read-only endpoint
        └── EndpointError(OSError)               a SPARQL endpoint is down or failed

Example:
    >>> try:
    ...     raise DataFormatError("data/x.ttl", 3, "expected '.'")
    ... except HabitatKGError as error:
    ...     print(error.file, error.line)
    data/x.ttl 3
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence

__all__ = [
    "AmbiguousLabelError",
    "DataFileNotFoundError",
    "DataFormatError",
    "EmptyDataError",
    "EndpointError",
    "EntityNotFoundError",
    "HabitatKGError",
    "LoadError",
    "MissingDocumentationError",
    "QueryError",
    "ReadOnlyStoreError",
    "ServiceNotAllowedError",
    "ShapesError",
    "StoreError",
    "UnknownFormatError",
    "UnknownTermError",
    "ValidatorError",
    "WrongKindError",
]


class HabitatKGError(Exception):
    """The base of every error raised by habitatkg.

    Example:
        >>> issubclass(QueryError, HabitatKGError)
        True
    """


class LoadError(HabitatKGError):
    """A file could not be loaded; the base of the more precise loading errors.

    Example:
        >>> isinstance(EmptyDataError("x.ttl"), LoadError)
        True
    """


def _name(file: str | os.PathLike[str] | None) -> str:
    return "<data>" if file is None else os.fspath(file)


class DataFormatError(LoadError, ValueError):
    """A file does not parse as the RDF format it claims to be.

    Attributes:
        file: The file (as given).
        line: The 1-based line of the error, or ``None`` when the parser did not tell.
        message: What the parser said.

    Example:
        >>> print(DataFormatError("data/x.ttl", 3, "expected '.'"))
        data/x.ttl, line 3: expected '.'. Fix the file at that line (or pass the right format=).
    """

    def __init__(self, file: str | os.PathLike[str] | None, line: int | None, message: str) -> None:
        self.file = _name(file)
        self.line = line
        self.message = message.strip()
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        message = self.message.rstrip(".")
        return f"{where}: {message}. Fix the file at that line (or pass the right format=)."

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.file, self.line, self.message))


class UnknownFormatError(LoadError, ValueError):
    """The RDF format of a file cannot be told from its extension, or a format name is unknown.

    Example:
        >>> isinstance(UnknownFormatError("data.csv: unknown extension"), ValueError)
        True
    """


class DataFileNotFoundError(LoadError, FileNotFoundError):
    """A data file that was asked for does not exist.

    Example:
        >>> isinstance(DataFileNotFoundError("no such file: x.ttl"), FileNotFoundError)
        True
    """


class EmptyDataError(LoadError, ValueError):
    """A file parsed but holds no triples (empty, or only prefixes and comments).

    Example:
        >>> print(EmptyDataError("x.ttl"))
        x.ttl holds no triples (is it empty, or only prefixes and comments?)
    """

    def __init__(self, file: str | os.PathLike[str] | None, message: str | None = None) -> None:
        self.file = _name(file)
        super().__init__(
            message or f"{self.file} holds no triples (is it empty, or only prefixes and comments?)"
        )


def _local(term: str) -> str:
    return term.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def closest_term(term: str, known: Iterable[str]) -> str | None:
    """The known term closest to ``term`` (by local name, via :mod:`difflib`), if any is close.

    Args:
        term: An IRI (or local name) that is not known.
        known: The known IRIs.

    Returns:
        The closest known IRI, or ``None``.

    Example:
        >>> closest_term("https://x#Shcool", ["https://x#School", "https://x#Place"])
        'https://x#School'
    """
    by_local: dict[str, str] = {}
    for iri in sorted(known):
        by_local.setdefault(_local(iri).lower(), iri)
    local = _local(term).lower()
    match = difflib.get_close_matches(local, list(by_local), n=1, cutoff=0.6)
    return by_local[match[0]] if match else None


class UnknownTermError(LoadError, ValueError):
    """A data file uses ``hk:`` terms that the ontology does not define.

    Attributes:
        terms: The unknown IRIs, sorted.
        suggestions: For each unknown IRI, the closest known IRI (or ``None``).
        file: The file that uses them.

    Example:
        >>> error = UnknownTermError(["https://w3id.org/habitatkg/ontology#Shcool"],
        ...     known=["https://w3id.org/habitatkg/ontology#School"], file="mine.ttl")
        >>> print(error)
        mine.ttl uses 1 term the habitatkg ontology does not define:
          hk:Shcool (did you mean hk:School?)
    """

    def __init__(
        self,
        terms: Iterable[str],
        *,
        known: Iterable[str] = (),
        file: str | os.PathLike[str] | None = None,
    ) -> None:
        known_terms = list(known)
        self.terms: tuple[str, ...] = tuple(sorted(set(terms)))
        self.suggestions: dict[str, str | None] = {
            term: closest_term(term, known_terms) for term in self.terms
        }
        self.file = _name(file)
        lines = []
        for term in self.terms:
            hint = self.suggestions[term]
            lines.append(f"  {_short(term)}" + (f" (did you mean {_short(hint)}?)" if hint else ""))
        count = len(self.terms)
        noun = "term" if count == 1 else "terms"
        super().__init__(
            f"{self.file} uses {count} {noun} the habitatkg ontology does not define:\n"
            + "\n".join(lines)
        )


def _short(iri: str) -> str:
    prefix = "https://w3id.org/habitatkg/ontology#"
    return "hk:" + iri[len(prefix) :] if iri.startswith(prefix) else f"<{iri}>"


class _WithCandidates(HabitatKGError):
    """Carries ``candidates``: the nodes the user may have meant."""

    def __init__(self, message: str, *, candidates: Sequence[object] = ()) -> None:
        self.candidates: tuple[object, ...] = tuple(candidates)
        super().__init__(message)


class EntityNotFoundError(_WithCandidates, LookupError):
    """No node matches a label or IRI; ``.candidates`` holds near matches (maybe empty).

    Example:
        >>> EntityNotFoundError("no node labelled 'Kanasim'", candidates=["Kanasín"]).candidates
        ('Kanasín',)
    """


class AmbiguousLabelError(_WithCandidates, LookupError):
    """A label matches several nodes; ``.candidates`` holds all of them.

    Example:
        >>> len(AmbiguousLabelError("2 matches", candidates=["a", "b"]).candidates)
        2
    """


class WrongKindError(HabitatKGError, TypeError):
    """A node was found but is not of the kind asked for (a place where a school was expected).

    Example:
        >>> isinstance(WrongKindError("x is a Place, not a School"), TypeError)
        True
    """


class QueryError(HabitatKGError, ValueError):
    """A SPARQL query does not parse, names an unknown packaged query, or fails.

    Example:
        >>> isinstance(QueryError("bad query"), ValueError)
        True
    """


class ServiceNotAllowedError(HabitatKGError, PermissionError):
    """A query uses ``SERVICE`` (a remote endpoint) without ``allow_service=True``.

    Example:
        >>> isinstance(ServiceNotAllowedError("SERVICE refused"), PermissionError)
        True
    """


class ShapesError(HabitatKGError, ValueError):
    """The SHACL shapes cannot be used: they do not parse, or the validator rejects them.

    Example:
        >>> isinstance(ShapesError("shapes/x.ttl does not parse"), ValueError)
        True
    """


class ValidatorError(HabitatKGError, RuntimeError):
    """The SHACL validator failed while checking the data (the message says why).

    Example:
        >>> isinstance(ValidatorError("pyshacl failed"), RuntimeError)
        True
    """


class MissingDocumentationError(HabitatKGError, ValueError):
    """An ``hk:`` term lacks an English label, a Spanish label or a definition.

    The documentation generator refuses to render such an ontology (it names every term).

    Example:
        >>> isinstance(MissingDocumentationError("hk:Foo has no Spanish label"), ValueError)
        True
    """


class StoreError(HabitatKGError):
    """A store cannot be opened or used (bad store name, locked directory...).

    Example:
        >>> issubclass(EndpointError, StoreError)
        True
    """


class ReadOnlyStoreError(StoreError, PermissionError):
    """Data was added to a read-only store (a SPARQL endpoint without an update URL).

    Example:
        >>> isinstance(ReadOnlyStoreError("read-only"), PermissionError)
        True
    """


class EndpointError(StoreError, OSError):
    """A SPARQL endpoint cannot be reached, timed out or answered with an error.

    Example:
        >>> isinstance(EndpointError("http://127.0.0.1:1/query is down"), OSError)
        True
    """


class SheetImportError(LoadError, ValueError):
    """A records workbook (or CSV folder) has problems; ``.report`` lists each at its cell.

    Example:
        >>> isinstance(SheetImportError("records.xlsx: 2 violations"), ValueError)
        True
    """

    def __init__(self, message: str, *, report: object = None) -> None:
        super().__init__(message)
        self.report = report
