"""Read RDF files into rdflib graphs, with errors that say which file, which line, what to do.

* :func:`read_rdf` parses one file; the format comes from the extension or ``format=``.
* :func:`read_rdf_files` parses several, each into a fresh graph, and merges them only when
  every one parsed: nothing is ever half-loaded.
* :func:`check_known_terms` refuses data that uses ``hk:`` terms the ontology does not define,
  suggesting the closest known term.

Nothing is fetched from the network: ``owl:imports`` are never followed, and a JSON-LD
``@context`` that names a remote document is refused (the package's own published context,
``https://w3id.org/habitatkg/context.jsonld``, is read from the installed copy instead; a
context in a local file next to the data is read from that file). Graphs from TriG and
N-Quads files are flattened: their triples are kept, their graph names dropped.

Example:
    >>> from habitatkg import _paths
    >>> graph = read_rdf(_paths.ontology_files()[0])
    >>> len(graph) > 100
    True
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pyoxigraph as ox
import rdflib
from rdflib import RDF, BNode, Literal, URIRef

from habitatkg import _gate, _paths
from habitatkg._errors import (
    DataFormatError,
    EmptyDataError,
    HabitatKGError,
    InputLimitError,
    UnknownTermError,
)
from habitatkg._formats import RDFFormat

__all__ = [
    "HK_NAMESPACE",
    "check_known_terms",
    "declared_terms",
    "engine_error",
    "read_rdf",
    "read_rdf_files",
    "scan_file",
    "syntax_error",
    "used_terms",
]

#: The namespace of the habitatkg ontology's terms.
HK_NAMESPACE = "https://w3id.org/habitatkg/ontology#"

#: Remote JSON-LD contexts that are read from the installed package instead of the network.
PUBLISHED_CONTEXTS = frozenset(
    {"https://w3id.org/habitatkg/context.jsonld", "http://w3id.org/habitatkg/context.jsonld"}
)

_LINE = re.compile(r"\bline[: ]+(\d+)", re.IGNORECASE)
_OX_SYNTAX = set(_gate.OX_FORMATS) - {RDFFormat.JSONLD}
_PLAIN = {
    "http://www.w3.org/2001/XMLSchema#string",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
}
_AT_LINE_PREFIX = re.compile(r"\Aat line \d+ of <[^>]*>:\s*", re.DOTALL)
_SPACES = re.compile(r"\s+")


def _format_of(path: Path, format: RDFFormat | str | None) -> RDFFormat:
    return RDFFormat.from_path(path) if format is None else RDFFormat.from_name(format)


def read_rdf(
    path: str | os.PathLike[str], *, format: RDFFormat | str | None = None
) -> rdflib.Graph:
    """Parse one RDF file into a new rdflib graph.

    Args:
        path: The file (Turtle ``.ttl``, N-Triples ``.nt``, N-Quads ``.nq``, JSON-LD
            ``.jsonld``/``.json``, RDF/XML ``.rdf``/``.owl``/``.xml``, TriG ``.trig``).
        format: Force a format (an :class:`~habitatkg._formats.RDFFormat` or a name such as
            ``"turtle"``); by default told from the extension.

    Returns:
        A new graph holding the file's triples.

    Raises:
        DataFileNotFoundError: The file does not exist.
        UnknownFormatError: The extension (or ``format``) is not an RDF format habitatkg reads.
        DataFormatError: The file does not parse; the error names the file and line.
        EmptyDataError: The file parsed but holds no triples.

    Example:
        >>> import tempfile, pathlib
        >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "mine.ttl"
        >>> _ = tmp.write_text("<https://e.org/a> <https://e.org/b> 'c' .", encoding="utf-8")
        >>> len(read_rdf(tmp))
        1
    """
    admitted = _gate.admit(path, format=format)
    file, fmt = admitted.path, admitted.format
    if fmt in _OX_SYNTAX:
        scan_file(admitted)  # the same parser and rules as the store's loads
    raw = file.read_bytes()
    if fmt is RDFFormat.RDFXML:
        if not raw.strip():
            raise EmptyDataError(file)
        text: str | bytes = raw
    else:
        text = _decode(raw, file)
        if not text.strip():
            raise EmptyDataError(file)
    base = file.resolve().as_uri()
    try:
        with _quiet_rdflib():
            if fmt is RDFFormat.JSONLD:
                assert isinstance(text, str)
                graph = _parse_jsonld(text, file, base)
            else:
                graph = _parse(text, fmt, base)
    except HabitatKGError:
        raise
    except RecursionError as error:
        raise InputLimitError(file, None, "the data is nested too deeply to read") from error
    except MemoryError as error:
        raise InputLimitError(file, None, "the file is too large to read in memory") from error
    except Exception as error:  # rdflib raises many kinds; each becomes one clear error
        raise _format_error(error, file, text, fmt) from error
    _check_graph(graph, file, text)
    if len(graph) == 0:
        raise EmptyDataError(file)
    return graph


def read_rdf_files(
    paths: Iterable[str | os.PathLike[str]], *, format: RDFFormat | str | None = None
) -> rdflib.Graph:
    """Parse several RDF files and merge them, all or nothing.

    Each file is parsed into a fresh graph; the merged graph is built only after every file
    parsed, so an error never leaves a half-loaded graph behind.

    Args:
        paths: The files.
        format: Force one format for every file; by default told from each extension.

    Returns:
        A new graph with the triples of every file (and their prefixes).

    Raises:
        DataFileNotFoundError: A file does not exist.
        UnknownFormatError: A file's format cannot be told.
        DataFormatError: A file does not parse (the first one, named with its line).
        EmptyDataError: A file holds no triples.

    Example:
        >>> from habitatkg import _paths
        >>> merged = read_rdf_files(_paths.ontology_files())
        >>> len(merged) > len(read_rdf(_paths.ontology_files()[0]))
        True
    """
    graphs = [read_rdf(path, format=format) for path in paths]
    merged = rdflib.Graph()
    for graph in graphs:
        for prefix, namespace in graph.namespaces():
            if prefix and prefix not in dict(merged.namespaces()):
                merged.bind(prefix, namespace, override=False)
        merged += graph
    return merged


def scan_file(
    admitted: _gate.Admitted,
    *,
    namespace: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    strict: bool = True,
    into: ox.Store | None = None,
) -> tuple[int, set[str]]:
    """Parse an admitted file once with the engine's parser, checking every triple.

    This is the one syntax check every entry point shares: the same parser (pyoxigraph),
    the same rules for ill-typed literals (:func:`habitatkg._gate.bad_literal`), the same
    errors with file and line. With ``into``, the checked triples are also bulk-loaded into
    that store as they are read (one parse for the check and the load); on an error the store
    may hold part of the file, so give a staging store to throw away.

    Args:
        admitted: The file, as :func:`habitatkg._gate.admit` returned it (not JSON-LD).
        namespace: Also collect the IRIs of this namespace the file uses (in any position,
            or as a literal's datatype).
        progress: Called now and then with the bytes read and the triples seen.
        strict: Validate every IRI (``False``, twice as fast, when the engine's own load of
            the file validates them anyway).
        into: A store to add the triples to (their graph as in the file: the default graph
            for triples formats).

    Returns:
        The number of triples (or quads) and the namespace's IRIs used.

    Raises:
        DataFormatError: The file does not parse, or holds an ill-typed literal.
        InputLimitError: A term is too large for the parser.

    Example:
        >>> from habitatkg import _paths
        >>> count, used = scan_file(_gate.admit(_paths.ontology_files()[0]), namespace=HK_NAMESPACE)
        >>> count > 100, HK_NAMESPACE + "School" in used
        (True, True)
        >>> store = ox.Store()
        >>> scan_file(_gate.admit(_paths.ontology_files()[0]), into=store)[0] == len(store)
        True
    """
    file = admitted.path
    fmt = _gate.OX_FORMATS[admitted.format]
    used: set[str] = set()
    counted = [0]
    try:
        with file.open("rb") as handle:
            quads = ox.parse(
                input=handle, format=fmt, base_iri=file.resolve().as_uri(), lenient=not strict
            )
            checked = _checked(quads, file, namespace or "\x00", used, counted, handle, progress)
            if into is None:
                collections.deque(checked, maxlen=0)
            else:
                into.bulk_extend(checked)
    except (SyntaxError, MemoryError, OSError) as error:
        raise engine_error(admitted, error) from None
    if namespace is None:
        used.clear()
    return counted[0], used


def _checked(
    quads: Iterator[ox.Quad],
    file: Path,
    ns: str,
    used: set[str],
    counted: list[int],
    handle: Any,
    progress: Callable[[int, int], None] | None,
) -> Iterator[ox.Quad]:
    r"""The quads, each checked (ill-typed literals) and its ``ns`` IRIs noted in ``used``.

    ``ns`` ``"\x00"`` matches nothing (one loop for both cases); ``counted[0]`` counts.
    """
    checked: set[tuple[str, str]] = set()
    predicates: set[ox.NamedNode] = set()  # few and repeated: their IRIs are read at the end
    subject: object = None
    count = 0
    literal, named = ox.Literal, ox.NamedNode
    try:
        for quad in quads:
            count += 1
            term, predicate, value, _ = quad
            if type(value) is literal:
                datatype = value.datatype.value
                if datatype not in _PLAIN:
                    key = (value.value, datatype)
                    if key not in checked:
                        why = _gate.bad_literal(*key)
                        if why is not None:
                            line = _line_in_file(file, f'"{key[0]}"')
                            raise DataFormatError(file, line, f"ill-typed literal: {why}")
                        checked.add(key)
                        if datatype.startswith(ns):
                            used.add(datatype)
            elif type(value) is named and (iri := value.value).startswith(ns):
                used.add(iri)
            if predicate not in predicates:
                predicates.add(predicate)
            if term != subject:  # a subject's triples usually follow each other
                subject = term
                if type(term) is named and (iri := term.value).startswith(ns):
                    used.add(iri)
            if progress is not None and not count & 0xFFFF:
                progress(handle.tell(), count)
            yield quad
    finally:
        counted[0] = count
        used.update(iri for p in predicates if (iri := p.value).startswith(ns))


def engine_error(admitted: _gate.Admitted, error: BaseException) -> BaseException:
    """The error to raise when the engine's parser fails on an admitted file.

    A ``SyntaxError`` names the line, a ``MemoryError`` is a term over the gate's limit, an
    ``OSError`` a file that cannot be read; anything else is returned as it is.
    """
    file = admitted.path
    if isinstance(error, SyntaxError):
        return syntax_error(file, admitted.format, error)
    if isinstance(error, MemoryError):
        return InputLimitError(
            file, None, f"a term is longer than {_gate.MAX_LITERAL_BYTES:,} bytes"
        )
    if isinstance(error, OSError):
        return DataFormatError(file, None, f"cannot be read: {error}")
    return error


def syntax_error(file: Path, fmt: RDFFormat, error: BaseException) -> DataFormatError:
    """The engine parser's ``SyntaxError`` as habitatkg's error, with the file and line."""
    message = str(error)
    match = _LINE.search(message)
    return DataFormatError(
        file, int(match.group(1)) if match else None, f"does not parse as {fmt.value}: {message}"
    )


def _line_in_file(file: Path, needle: str) -> int | None:
    try:
        text = file.read_bytes().decode("utf-8", "replace")
    except OSError:  # pragma: no cover
        return None
    return _line_of(text, needle)


class _DropLexicalWarnings(logging.Filter):
    """Drops rdflib's per-literal conversion tracebacks while habitatkg parses.

    habitatkg reports ill-typed literals itself, once, with the file and line.
    """

    active = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(self.active, "on", False)


_FILTER = _DropLexicalWarnings()
logging.getLogger("rdflib.term").addFilter(_FILTER)


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    before = getattr(_FILTER.active, "on", False)
    _FILTER.active.on = True
    try:
        yield
    finally:
        _FILTER.active.on = before


def _check_graph(graph: rdflib.Graph, file: Path, text: str | bytes) -> None:
    """Refuse what rdflib let through: ill-typed literals, IRIs the engine would refuse."""
    shown = text if isinstance(text, str) else text.decode("utf-8", "replace")
    seen: set[object] = set()
    for triple in graph:
        for term in triple:
            if term in seen or isinstance(term, BNode):
                continue
            seen.add(term)
            if isinstance(term, Literal):
                if term.datatype is None:
                    continue
                why = _gate.bad_literal(str(term), str(term.datatype))
                if why is None and term.ill_typed:
                    why = f"{str(term)[:40]!r} is not a valid {term.datatype}"
                if why is not None:
                    raise DataFormatError(
                        file, _line_of(shown, str(term)), f"ill-typed literal: {why}"
                    )
            elif isinstance(term, URIRef):
                try:
                    ox.NamedNode(str(term))
                except ValueError as error:
                    raise DataFormatError(
                        file,
                        _line_of(shown, str(term)[:20]),
                        f"the IRI {str(term)[:80]!r} is not valid: {error}",
                    ) from None


def declared_terms(ontology: rdflib.Graph, *, namespace: str = HK_NAMESPACE) -> set[str]:
    """The IRIs of ``namespace`` that the ontology declares (gives an ``rdf:type``).

    Args:
        ontology: The ontology graph.
        namespace: The namespace whose terms are wanted.

    Returns:
        The declared IRIs.

    Example:
        >>> from habitatkg import _paths
        >>> HK_NAMESPACE + "School" in declared_terms(read_rdf(_paths.ontology_files()[0]))
        True
    """
    return {
        str(subject)
        for subject in ontology.subjects(RDF.type, None)
        if isinstance(subject, URIRef) and str(subject).startswith(namespace)
    }


def used_terms(graph: rdflib.Graph, namespace: str) -> set[str]:
    """The IRIs of ``namespace`` a graph uses (any position, or as a literal's datatype)."""
    used: set[str] = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(namespace):
                used.add(str(term))
            elif (
                isinstance(term, Literal)
                and term.datatype
                and str(term.datatype).startswith(namespace)
            ):
                used.add(str(term.datatype))
    return used


def check_known_terms(
    graph: rdflib.Graph, ontology_graph: rdflib.Graph, *, source: str | os.PathLike[str] | None
) -> None:
    """Refuse data that uses ``hk:`` terms the ontology does not declare.

    Every IRI of the ``hk:`` namespace in the data (as subject, predicate, type, object or
    literal datatype) must be declared in the ontology; a typo such as ``hk:Shcool`` is the
    usual cause.

    Args:
        graph: The data.
        ontology_graph: The ontology (``habitat.ttl``, with or without its imports).
        source: The file the data came from, named in the error.

    Raises:
        UnknownTermError: Lists each unknown term with the closest known term, and the file.

    Example:
        >>> from habitatkg import _paths
        >>> ontology = read_rdf(_paths.ontology_files()[0])
        >>> data = rdflib.Graph()
        >>> _ = data.add((URIRef("https://e.org/x"), RDF.type, URIRef(HK_NAMESPACE + "Shcool")))
        >>> try:
        ...     check_known_terms(data, ontology, source="mine.ttl")
        ... except UnknownTermError as error:
        ...     print(str(error).splitlines()[1].strip())
        hk:Shcool (did you mean hk:School?)
    """
    known = declared_terms(ontology_graph)
    unknown = used_terms(graph, HK_NAMESPACE) - known
    if unknown:
        raise UnknownTermError(unknown, known=known, file=source)


# ---------------------------------------------------------------------------------------------
# Parsing


def _decode(raw: bytes, file: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataFormatError(
            file,
            line,
            f"the file is not UTF-8 text ({error.reason} at byte {error.start}); save it as UTF-8",
        ) from error


def _parse(text: str | bytes, fmt: RDFFormat, base: str) -> rdflib.Graph:
    if fmt.is_dataset:
        dataset = rdflib.Dataset()
        dataset.parse(data=text, format=fmt.rdflib_name, publicID=base)
        graph = rdflib.Graph()
        for prefix, namespace in dataset.namespaces():
            graph.bind(prefix, namespace, override=False)
        for subject, predicate, object_, _ in dataset.quads((None, None, None, None)):
            graph.add((subject, predicate, object_))
        return graph
    graph = rdflib.Graph()
    graph.parse(data=text, format=fmt.rdflib_name, publicID=base)
    return graph


def _format_error(
    error: Exception, file: Path, text: str | bytes, fmt: RDFFormat
) -> DataFormatError:
    """One :class:`DataFormatError` for whatever the parser raised, with the line if known."""
    message = str(error)
    line: int | None = None
    why = getattr(error, "_why", None)  # rdflib's Turtle/TriG BadSyntax
    if isinstance(getattr(error, "lines", None), int) and why is not None:
        line = int(error.lines) + 1  # type: ignore[attr-defined]
        message = str(why)
    elif hasattr(error, "getLineNumber"):  # xml.sax.SAXParseException (RDF/XML)
        line = int(error.getLineNumber())
        message = str(getattr(error, "getMessage", lambda: message)())
    elif fmt in (RDFFormat.NTRIPLES, RDFFormat.NQUADS) and isinstance(text, str):
        line = _first_bad_line(text, fmt)
    if line is None and (match := _LINE.search(message)):
        line = int(match.group(1))
    message = _SPACES.sub(" ", _AT_LINE_PREFIX.sub("", message)).strip() or type(error).__name__
    if line is not None and isinstance(text, str):
        lines = text.splitlines()
        if 0 < line <= len(lines) and lines[line - 1].strip():
            message += f" (near: {lines[line - 1].strip()[:80]})"
    return DataFormatError(file, line, f"does not parse as {fmt.value}: {message}")


def _first_bad_line(text: str, fmt: RDFFormat) -> int | None:
    """For line-based formats: the first line that does not parse on its own."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            _parse(line, fmt, "file:///line")
        except Exception:
            return number
    return None


# ---------------------------------------------------------------------------------------------
# JSON-LD without the network


def _parse_jsonld(text: str, file: Path, base: str) -> rdflib.Graph:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFormatError(file, error.lineno, f"is not valid JSON: {error.msg}") from error
    except RecursionError as error:
        raise InputLimitError(file, None, "arrays and objects are nested too deeply") from error
    _gate.check_json(document, file)
    document = _offline(document, file=file, text=text, seen=frozenset())
    graph = rdflib.Graph()
    graph.parse(data=json.dumps(document), format="json-ld", publicID=base)
    return graph


def _offline(node: Any, *, file: Path, text: str, seen: frozenset[str]) -> Any:
    """``node`` with every ``@context`` reference replaced by the context it names."""
    if isinstance(node, list):
        return [_offline(item, file=file, text=text, seen=seen) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _context_value(value, file=file, text=text, seen=seen)
        if key == "@context"
        else _offline(value, file=file, text=text, seen=seen)
        for key, value in node.items()
    }


def _context_value(value: Any, *, file: Path, text: str, seen: frozenset[str]) -> Any:
    """A ``@context`` value (reference, object or list of them) with references inlined."""
    if isinstance(value, str):
        return _load_context(value, file=file, text=text, seen=seen)
    if isinstance(value, list):
        return [_context_value(item, file=file, text=text, seen=seen) for item in value]
    if not isinstance(value, dict):
        return value
    imported: dict[str, Any] = {}
    result: dict[str, Any] = {}
    for key, item in value.items():
        if key == "@import" and isinstance(item, str):
            context = _load_context(item, file=file, text=text, seen=seen)
            if not isinstance(context, dict):
                raise DataFormatError(
                    file, _line_of(text, item), f"@import {item!r} is not a context object"
                )
            imported = context
        elif isinstance(item, dict):  # a term definition, maybe with a scoped context
            result[key] = {
                k: _context_value(v, file=file, text=text, seen=seen) if k == "@context" else v
                for k, v in item.items()
            }
        else:
            result[key] = item
    return {**imported, **result}


def _load_context(reference: str, *, file: Path, text: str, seen: frozenset[str]) -> Any:
    """The context a string reference names, read from the package or a local file."""
    line = _line_of(text, reference)
    if reference in PUBLISHED_CONTEXTS:
        local = _paths.jsonld_context_file()
    else:
        parts = urlsplit(reference)
        if parts.scheme and parts.scheme != "file" and len(parts.scheme) > 1:
            raise DataFormatError(
                file,
                line,
                f"refers to the remote JSON-LD @context <{reference}>, and habitatkg never fetches "
                "anything from the network; embed the context object in the file, or save it "
                "next to the file and refer to it by its file name",
            )
        local = Path(url2pathname(parts.path)) if parts.scheme == "file" else Path(reference)
        if not local.is_absolute():
            local = file.resolve().parent / local
    key = str(local.resolve())
    if key in seen:
        raise DataFormatError(file, line, f"the JSON-LD @context {reference!r} includes itself")
    if not local.is_file():
        raise DataFormatError(file, line, f"the local JSON-LD @context file {local} does not exist")
    try:
        local_text = local.read_text(encoding="utf-8")
        loaded = json.loads(local_text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise DataFormatError(
            local, getattr(error, "lineno", None), f"is not a JSON-LD context: {error}"
        ) from error
    _gate.check_json(loaded, local)
    context = loaded.get("@context", loaded) if isinstance(loaded, dict) else loaded
    return _context_value(context, file=local, text=local_text, seen=seen | {key})


def _line_of(text: str, needle: str) -> int | None:
    position = text.find(needle)
    return None if position < 0 else text.count("\n", 0, position) + 1
