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
    │   ├── UnknownTermError(ValueError)      hk: terms the ontology does not define
    │   └── (DataFormatError) InputLimitError  over a limit of the input gate
    ├── EntityNotFoundError(LookupError)      .candidates: near matches
    ├── AmbiguousLabelError(LookupError)      .candidates: every match
    ├── WrongKindError(TypeError)
    ├── QueryError(ValueError)
    ├── ServiceNotAllowedError(PermissionError)
    ├── ShapesError(ValueError)               the SHACL shapes cannot be used
    ├── ValidatorError(RuntimeError)          the SHACL validator failed
    ├── MissingDocumentationError(ValueError) an hk: term lacks a label or definition
    ├── OutputError(OSError)                 an output cannot be written
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
    "InputLimitError",
    "InvalidIRIError",
    "LoadError",
    "MissingDocumentationError",
    "OutputError",
    "PrivacyWarning",
    "QueryError",
    "QueryWarning",
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
        message = message.strip()
        if len(message) > 500:  # a parser may echo the input back: never a huge message
            message = message[:499] + "…"
        self.message = message
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


class InputLimitError(DataFormatError):
    """An input exceeds a limit of the input gate, or uses a construct it refuses.

    The limits: entity expansion, nesting depth, literal size, argument length; the refused
    constructs: external and parameter entities. Nothing of the input is read further.

    Example:
        >>> print(InputLimitError("big.rdf", 4, "elements nested 1,001 deep (the limit is 1,000)"))
        big.rdf, line 4: elements nested 1,001 deep (the limit is 1,000).
    """

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        return f"{where}: {self.message.rstrip('.')}."


class OutputError(HabitatKGError, OSError):
    """An output cannot be written (a folder where a file is wanted, a full disk...).

    Any earlier file at that path is left complete.

    Example:
        >>> print(OutputError("out.ttl", "the disk is full"))
        cannot write out.ttl: the disk is full
    """

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        self.path = os.fspath(path)
        self.message = message
        super().__init__(f"cannot write {self.path}: {message}")

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.message))


class InvalidIRIError(HabitatKGError, ValueError):
    """A value written as an IRI (``<...>``, ``https://...``, ``prefix:name``) is not a valid IRI.

    Example:
        >>> str(InvalidIRIError("<a b>", "it contains a space")).split(";")[0]
        'not a valid IRI: <a b> (it contains a space)'
    """

    def __init__(self, text: str, reason: str) -> None:
        shown = text if len(text) <= 80 else text[:77] + "..."
        super().__init__(
            f"not a valid IRI: {shown!s} ({reason}); write a full IRI such as "
            "<https://example.org/x>, a prefixed name such as hkd:place-kanasin, or a label"
        )


class QueryWarning(UserWarning):
    """A query is valid but probably not what was meant (an ``hk:`` term the ontology lacks).

    Example:
        >>> issubclass(QueryWarning, UserWarning)
        True
    """


class PrivacyWarning(UserWarning):
    """A file names a student, a child or a person whose name is withheld: the name was dropped.

    habitatkg never loads such a name (see :mod:`habitatkg._privacy`); the warning names the
    entry (never the name) and says what to change in the file.

    Example:
        >>> issubclass(PrivacyWarning, UserWarning)
        True
    """


class UnsupportedQueryError(EndpointError):
    """A SPARQL server is known to answer this query wrongly, so habitatkg refuses to ask it.

    Example:
        >>> issubclass(UnsupportedQueryError, OSError)
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
