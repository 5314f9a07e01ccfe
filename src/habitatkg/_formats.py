"""The RDF serialization formats habitatkg reads and writes: :class:`RDFFormat`.

A format is told from a file's extension (:meth:`RDFFormat.from_path`) or from a name the
user gives (:meth:`RDFFormat.from_name`: ``"ttl"``, ``"turtle"``, ``"json-ld"``,
``"application/rdf+xml"``, ...). Each member knows its rdflib parser name, its media type and
its file extensions. The member's value is its canonical short name, which other engines
(pyoxigraph) also understand.

Example:
    >>> RDFFormat.from_path("data/schools.ttl")
    <RDFFormat.TURTLE: 'turtle'>
    >>> RDFFormat.from_name("json-ld").rdflib_name
    'json-ld'
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

from habitatkg._errors import UnknownFormatError

__all__ = ["RDFFormat"]


class RDFFormat(Enum):
    """An RDF serialization format.

    Example:
        >>> RDFFormat.RDFXML.mime_type
        'application/rdf+xml'
        >>> RDFFormat.TRIG.is_dataset
        True
    """

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    NQUADS = "nquads"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"
    TRIG = "trig"

    @property
    def rdflib_name(self) -> str:
        """The name of rdflib's parser and serializer for this format.

        Example:
            >>> RDFFormat.NTRIPLES.rdflib_name
            'nt'
        """
        return _RDFLIB[self]

    @property
    def mime_type(self) -> str:
        """The registered media type.

        Example:
            >>> RDFFormat.TURTLE.mime_type
            'text/turtle'
        """
        return _MIME[self]

    @property
    def extensions(self) -> tuple[str, ...]:
        """The file extensions (with the dot) read as this format, the preferred one first.

        Example:
            >>> RDFFormat.JSONLD.extensions
            ('.jsonld', '.json')
        """
        return tuple(ext for ext, fmt in _EXTENSIONS.items() if fmt is self)

    @property
    def is_dataset(self) -> bool:
        """Whether the format can hold named graphs (TriG, N-Quads).

        Example:
            >>> RDFFormat.TURTLE.is_dataset
            False
        """
        return self in (RDFFormat.TRIG, RDFFormat.NQUADS)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> RDFFormat:
        """The format of a file, told from its extension (case-insensitive).

        Args:
            path: A file name or path.

        Returns:
            The format.

        Raises:
            UnknownFormatError: The extension is not one of :func:`known_extensions`.

        Example:
            >>> RDFFormat.from_path("ontology/habitat.OWL")
            <RDFFormat.RDFXML: 'rdfxml'>
        """
        suffix = Path(path).suffix.lower()
        if suffix in _EXTENSIONS:
            return _EXTENSIONS[suffix]
        shown = f"extension {suffix!r}" if suffix else "no extension"
        raise UnknownFormatError(
            f"{os.fspath(path)}: cannot tell the RDF format from {shown}; use one of "
            f"{', '.join(_EXTENSIONS)} or pass format= (one of {', '.join(_names())})"
        )

    @classmethod
    def from_name(cls, name: str | RDFFormat) -> RDFFormat:
        """The format for a user-given name, extension or media type (case-insensitive).

        Args:
            name: ``"turtle"``, ``"ttl"``, ``".ttl"``, ``"nt"``, ``"n-triples"``,
                ``"json-ld"``, ``"xml"``, ``"rdf/xml"``, ``"text/turtle"``, ... or a member.

        Returns:
            The format.

        Raises:
            UnknownFormatError: The name is not known.

        Example:
            >>> RDFFormat.from_name("TTL")
            <RDFFormat.TURTLE: 'turtle'>
            >>> RDFFormat.from_name("application/n-quads")
            <RDFFormat.NQUADS: 'nquads'>
        """
        if isinstance(name, RDFFormat):
            return name
        if not isinstance(name, str):
            raise UnknownFormatError(
                f"an RDF format name must be a string, not {type(name).__name__}"
            )
        key = name.strip().lower()
        if key in _ALIASES:
            return _ALIASES[key]
        if f".{key.lstrip('.')}" in _EXTENSIONS:
            return _EXTENSIONS[f".{key.lstrip('.')}"]
        raise UnknownFormatError(f"unknown RDF format {name!r}; use one of {', '.join(_names())}")


def known_extensions() -> tuple[str, ...]:
    """Every file extension habitatkg reads, with the dot.

    Returns:
        The extensions.

    Example:
        >>> ".ttl" in known_extensions()
        True
    """
    return tuple(_EXTENSIONS)


def _names() -> list[str]:
    return [fmt.value for fmt in RDFFormat]


_RDFLIB: dict[RDFFormat, str] = {
    RDFFormat.TURTLE: "turtle",
    RDFFormat.NTRIPLES: "nt",
    RDFFormat.NQUADS: "nquads",
    RDFFormat.JSONLD: "json-ld",
    RDFFormat.RDFXML: "xml",
    RDFFormat.TRIG: "trig",
}

_MIME: dict[RDFFormat, str] = {
    RDFFormat.TURTLE: "text/turtle",
    RDFFormat.NTRIPLES: "application/n-triples",
    RDFFormat.NQUADS: "application/n-quads",
    RDFFormat.JSONLD: "application/ld+json",
    RDFFormat.RDFXML: "application/rdf+xml",
    RDFFormat.TRIG: "application/trig",
}

_EXTENSIONS: dict[str, RDFFormat] = {
    ".ttl": RDFFormat.TURTLE,
    ".turtle": RDFFormat.TURTLE,
    ".nt": RDFFormat.NTRIPLES,
    ".nq": RDFFormat.NQUADS,
    ".jsonld": RDFFormat.JSONLD,
    ".json": RDFFormat.JSONLD,
    ".rdf": RDFFormat.RDFXML,
    ".owl": RDFFormat.RDFXML,
    ".xml": RDFFormat.RDFXML,
    ".trig": RDFFormat.TRIG,
}

_ALIASES: dict[str, RDFFormat] = {
    **{fmt.value: fmt for fmt in RDFFormat},
    **{fmt.rdflib_name: fmt for fmt in RDFFormat},
    **{_MIME[fmt]: fmt for fmt in RDFFormat},
    "n-triples": RDFFormat.NTRIPLES,
    "n-quads": RDFFormat.NQUADS,
    "nquad": RDFFormat.NQUADS,
    "json-ld": RDFFormat.JSONLD,
    "rdf/xml": RDFFormat.RDFXML,
    "rdf+xml": RDFFormat.RDFXML,
    "application/json": RDFFormat.JSONLD,
    "application/x-turtle": RDFFormat.TURTLE,
    "text/plain": RDFFormat.NTRIPLES,
}
