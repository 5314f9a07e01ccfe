r"""Load a checked N-Triples file at the engine's own speed: bulk load and check side by side.

:func:`habitatkg._load.scan_file` checks every triple in Python as it is read, which makes a
load about 1.5x pyoxigraph's own ``bulk_load``. For N-Triples (one triple per line, every IRI
written out in full) the same checks can be made on the bytes while ``bulk_load`` (which
releases the interpreter lock) parses the file on another core:

* the ``hk:`` terms: every ``<https://w3id.org/habitatkg/ontology#…>`` in the file, a superset
  of those its triples use (an IRI quoted inside a literal is found too);
* ill-typed literals: every ``"…"^^<datatype>``, with :func:`habitatkg._gate.bad_literal`.

The byte checks only ever say "certainly fine". Whenever they cannot (an escape sequence
``\u`` / ``\U`` anywhere, a ``^^`` that is not the end of a simple typed literal, a candidate
term the ontology does not declare, a candidate literal that is ill-typed, a file with no
line that starts a triple, or the bulk load failing), the exact per-triple scan decides: the
same errors, with the same file and line, as every other path.

Example:
    >>> import tempfile, pyoxigraph as ox
    >>> from habitatkg import _gate
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "a.nt").write_text(
    ...     '<urn:s> <https://w3id.org/habitatkg/ontology#name> "5"^^'
    ...     '<http://www.w3.org/2001/XMLSchema#integer> .\n', encoding="utf-8")
    101
    >>> hk = "https://w3id.org/habitatkg/ontology#"
    >>> store = ox.Store()
    >>> sorted(load_checked(_gate.admit(folder / "a.nt"), namespace=hk, known={hk + "name"},
    ...                     into=store))
    ['https://w3id.org/habitatkg/ontology#name']
    >>> len(store)
    1
"""

from __future__ import annotations

import mmap
import re
import threading
from pathlib import Path

import pyoxigraph as ox

from habitatkg import _gate
from habitatkg._errors import EmptyDataError
from habitatkg._formats import RDFFormat
from habitatkg._load import engine_error, scan_file

__all__ = ["load_checked"]

#: A simple typed literal: no quote or backslash inside.
_TYPED = re.compile(rb'"([^"\\\n\r]*)"[ \t]*\^\^[ \t]*<([^>\n\r]*)>')
#: Where ``_TYPED`` would start at an escaped quote (inside a longer literal).
_ESCAPED_START = re.compile(rb'\\"[^"\\\n\r]*"[ \t]*\^\^')
_MARKER = re.compile(rb"\^\^")
#: An escape sequence that may hide a character of an IRI.
_UCHAR = re.compile(rb"\\[uU]")
#: A triple starts on this line (a subject: an IRI or a blank node).
_TRIPLE_LINE = re.compile(rb"^[ \t]*(?:<|_:)", re.MULTILINE)
_IRI_CACHE: dict[str, re.Pattern[bytes]] = {}


def load_checked(
    admitted: _gate.Admitted,
    *,
    namespace: str | None,
    known: set[str],
    into: ox.Store,
) -> set[str]:
    """Check a file and bulk-load it into ``into`` (a staging store): one pass of each.

    Args:
        admitted: The file, as :func:`habitatkg._gate.admit` returned it (not JSON-LD).
        namespace: Collect the IRIs of this namespace the file uses (``None``: do not).
        known: The namespace's declared terms; a candidate outside them sends the file to
            the exact scan, whose answer is returned.
        into: The staging store (on an error it may hold part of the file).

    Returns:
        The namespace's IRIs the file uses, or a superset of them that is within ``known``.

    Raises:
        DataFormatError: The file does not parse, or holds an ill-typed literal.
        EmptyDataError: The file holds no triples.
        InputLimitError: A term is too large for the parser.
    """
    if admitted.format is not RDFFormat.NTRIPLES or admitted.size == 0:
        return _exact(admitted, namespace, into)
    with (
        admitted.path.open("rb") as handle,
        mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
    ):
        escapes = data.find(b"\\") >= 0  # a memchr: most files of triples have none
        if (escapes and _UCHAR.search(data)) or not _TRIPLE_LINE.search(data):
            return _exact(admitted, namespace, into)
        failed: list[BaseException] = []
        loader = threading.Thread(target=_bulk_load, args=(admitted.path, into, failed))
        loader.start()
        try:
            sure = _literals_fine(data, escapes=escapes)
            used = _terms(data, namespace) if sure and namespace else set()
        finally:
            loader.join()
    if failed:  # the exact scan names the line; without it, the bulk load's own error
        _exact(admitted, namespace, None)
        raise engine_error(admitted, failed[0])
    if not sure or (namespace and not used <= known):
        return _exact(admitted, namespace, None)  # the triples are loaded; check them exactly
    return used


def _bulk_load(path: Path, into: ox.Store, failed: list[BaseException]) -> None:
    try:
        into.bulk_load(
            path=str(path), format=ox.RdfFormat.N_TRIPLES, base_iri=path.resolve().as_uri()
        )
    except BaseException as error:  # every error reaches the caller's thread
        failed.append(error)


def _literals_fine(data: mmap.mmap, *, escapes: bool) -> bool:
    """Every ``^^`` of the file ends a simple typed literal, and each of those is well-typed."""
    found = _TYPED.findall(data)
    if len(found) != len(_MARKER.findall(data)) or (escapes and _ESCAPED_START.search(data)):
        return False  # a ^^ that is not the end of a simple typed literal
    pairs = set(found)
    for lexical, datatype in pairs:
        try:
            if _gate.bad_literal(lexical.decode("utf-8"), datatype.decode("utf-8")) is not None:
                return False
        except UnicodeDecodeError:
            return False
    return True


def _terms(data: mmap.mmap, namespace: str) -> set[str]:
    pattern = _IRI_CACHE.get(namespace)
    if pattern is None:  # no group and no "<": twice as fast; an IRI of N-Triples ends at ">"
        pattern = re.compile(re.escape(namespace.encode("utf-8")) + rb"[^>\n\r]*")
        _IRI_CACHE[namespace] = pattern
    try:
        return {iri.decode("utf-8") for iri in set(pattern.findall(data))}
    except UnicodeDecodeError:
        return {"\x00"}  # not a declared term: the exact scan decides


def _exact(admitted: _gate.Admitted, namespace: str | None, into: ox.Store | None) -> set[str]:
    count, used = scan_file(admitted, namespace=namespace, into=into)
    if count == 0:
        raise EmptyDataError(admitted.path)
    return used
