"""Reading what SPARQL servers send back, and paging past their result caps.

Servers differ in what they answer: SPARQL JSON, XML or TSV results (CSV is refused: it
loses datatypes and languages, so numbers would come back as text), Virtuoso answers
``ASK`` with a one-row ``SELECT`` result (``__ASK_RETVAL``) and cuts long results to its
``ResultSetMaxRows`` (announced in an ``X-SPARQL-MaxRows`` header) or returns partial
"anytime" results after its time limit (``X-SQL-State``). :func:`parse_results` reads every
supported format, :func:`page_query` rewrites a ``SELECT`` into pages of at most the cap.
"""

from __future__ import annotations

import hashlib
import json
import re

import pyoxigraph as ox

from habitatkg._errors import EndpointError
from habitatkg._sparql import strip_literals
from habitatkg._store import RawResult, _raw

__all__ = ["ACCEPT_RESULTS", "ACCEPT_TRIPLES", "page_query", "parse_results", "parse_triples"]

ACCEPT_RESULTS = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.8"
)
ACCEPT_TRIPLES = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"

_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_ASK_VARIABLES = {"__ask_retval", "ask", "boolean", "result"}


def parse_results(body: bytes, media_type: str, *, url: str, ask: bool) -> RawResult:
    """Parse a SPARQL results document in the format its media type names.

    Args:
        body: The document.
        media_type: Its media type (without parameters).
        url: The endpoint, for messages.
        ask: The query was an ``ASK`` (a one-row, one-column answer is read as the boolean).

    Returns:
        The result.

    Raises:
        EndpointError: An unsupported format (CSV, HTML...) or a document that does not parse.

    Example:
        >>> body = b'{"head":{"vars":["__ASK_RETVAL"]},"results":{"bindings":[{"__ASK_RETVAL":'
        >>> body += b'{"type":"literal","datatype":"http://www.w3.org/2001/XMLSchema#integer",'
        >>> body += b'"value":"1"}}]}}'
        >>> parse_results(body, "application/sparql-results+json", url="u", ask=True).boolean
        True
    """
    fmt = _RESULT_FORMATS.get(media_type)
    if fmt is None and media_type in {"", "text/plain"} and body.lstrip()[:1] == b"{":
        fmt = ox.QueryResultsFormat.JSON
    if fmt is None:
        if media_type == "text/csv":
            raise EndpointError(
                f"the SPARQL endpoint {url} answered in CSV, which loses datatypes and "
                "languages; habitatkg needs SPARQL JSON, XML or TSV results"
            )
        sample = body[:200].decode("utf-8", "replace").strip()
        raise EndpointError(
            f"the SPARQL endpoint {url} sent {media_type or 'an unlabelled answer'} instead of "
            f"SPARQL results (is this the query URL?): {sample}"
        )
    if b"bnode" in body or b"_:" in body:
        body = _portable_blank_nodes(body, fmt)
    try:
        result = _raw(ox.parse_query_results(body, format=fmt))
    except SyntaxError as exc:
        raise EndpointError(
            f"the SPARQL endpoint {url} sent results that do not parse: {exc}"
        ) from None
    if ask and result.kind == "select":
        # Virtuoso answers ASK with a SELECT result of one integer (__ASK_RETVAL 1 or 0).
        if len(result.variables) == 1 and result.variables[0].lower() in _ASK_VARIABLES:
            if not result.rows:
                return RawResult("ask", boolean=False)
            (value,) = result.rows[0]
            if len(result.rows) == 1 and isinstance(value, ox.Literal):
                if value.value in {"1", "true"}:
                    return RawResult("ask", boolean=True)
                if value.value in {"0", "false"}:
                    return RawResult("ask", boolean=False)
        raise EndpointError(f"the SPARQL endpoint {url} answered an ASK query with solutions")
    return result


_BNODE_XML = re.compile(rb"<bnode>([^<]*)</bnode>")


def _bnode_id(label: str | bytes) -> str:
    """A valid blank node identifier standing for a server's own (``nodeID://b10001``...)."""
    raw = label.encode() if isinstance(label, str) else label
    if re.fullmatch(rb"[A-Za-z0-9_]+", raw):
        return raw.decode()
    return "b" + hashlib.sha256(raw).hexdigest()[:24]


def _portable_blank_nodes(body: bytes, fmt: ox.QueryResultsFormat) -> bytes:
    r"""Blank node labels rewritten to identifiers pyoxigraph accepts (Virtuoso's are IRIs).

    The same label always gives the same identifier, so joins on blank nodes in one answer
    are kept.

    Example:
        >>> body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":'
        >>> body += b'{"type":"bnode","value":"nodeID://b10001"}}]}}'
        >>> b"nodeID" in _portable_blank_nodes(body, ox.QueryResultsFormat.JSON)
        False
        >>> tsv = b'?s\t?o\n_:nodeID://b1\t"a _:x literal"\n'
        >>> _portable_blank_nodes(tsv, ox.QueryResultsFormat.TSV).split(b"\t")[-1]
        b'"a _:x literal"\n'
    """
    if fmt == ox.QueryResultsFormat.JSON:
        try:
            data = json.loads(body)
        except ValueError:
            return body
        for binding in data.get("results", {}).get("bindings", []):
            for value in binding.values():
                if isinstance(value, dict) and value.get("type") == "bnode":
                    value["value"] = _bnode_id(str(value.get("value", "")))
        return json.dumps(data).encode()
    if fmt == ox.QueryResultsFormat.XML:
        return _BNODE_XML.sub(
            lambda m: b"<bnode>" + _bnode_id(m.group(1)).encode() + b"</bnode>", body
        )
    # TSV: only a whole cell is a blank node (a literal's text, in quotes, is left alone)
    lines = body.split(b"\n")
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(b"\t")
        for j, cell in enumerate(cells):
            if cell.startswith(b"_:"):
                cells[j] = b"_:" + _bnode_id(cell[2:].rstrip(b"\r")).encode()
        lines[i] = b"\t".join(cells)
    return b"\n".join(lines)


def parse_triples(body: bytes, media_type: str, *, url: str) -> list[ox.Triple]:
    """Parse a ``CONSTRUCT``/``DESCRIBE`` answer (N-Triples, Turtle or RDF/XML)."""
    fmt = ox.RdfFormat.from_media_type(media_type) if media_type else ox.RdfFormat.N_TRIPLES
    if fmt is None:
        raise EndpointError(f"the SPARQL endpoint {url} sent triples as {media_type}, unreadable")
    try:
        return [quad.triple for quad in ox.parse(body, format=fmt)]
    except SyntaxError as exc:
        raise EndpointError(
            f"the SPARQL endpoint {url} sent triples that do not parse: {exc}"
        ) from None


_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE)
_OFFSET = re.compile(r"\bOFFSET\b", re.IGNORECASE)
_ORDER = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def own_limit(sparql: str) -> int | None:
    """The ``LIMIT`` of a query's outermost solution modifiers, if it has one."""
    code = strip_literals(sparql)
    tail = code[code.rfind("}") + 1 :]
    match = _LIMIT.search(tail)
    return int(match.group(1)) if match else None


def page_query(sparql: str, variables: tuple[str, ...], size: int, offset: int) -> str:
    """The query restricted to one page, ``LIMIT size OFFSET offset``.

    The page is ordered: the query's ``ORDER BY`` is extended by every projected variable
    (or one is added), so that pages neither overlap nor leave rows out.

    Args:
        sparql: A ``SELECT`` query without its own ``LIMIT`` or ``OFFSET``.
        variables: The variables it projects.
        size: Rows per page.
        offset: Rows to skip.

    Returns:
        The query for that page.

    Raises:
        ValueError: The query has its own ``LIMIT``/``OFFSET``, or modifiers this cannot extend.

    Example:
        >>> page_query("SELECT ?s WHERE { ?s ?p ?o }", ("s",), 100, 200)
        'SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 100 OFFSET 200'
    """
    code = strip_literals(sparql)
    end = code.rfind("}")
    tail = code[end + 1 :]
    if _LIMIT.search(tail) or _OFFSET.search(tail):
        raise ValueError("the query has its own LIMIT or OFFSET")
    if tail.strip() and not re.fullmatch(
        r"\s*(GROUP\s+BY[^{}]*?)?(HAVING[^{}]*?)?(ORDER\s+BY[^{}]*)?\s*",
        tail,
        re.IGNORECASE | re.DOTALL,
    ):
        raise ValueError(f"cannot page a query ending with {tail.strip()[:60]!r}")
    order = _ORDER.search(tail)
    ordered = set(re.findall(r"[?$](\w+)", tail[order.end() :])) if order else set()
    # Only the variables not ordered yet: Virtuoso 7.2 mixes up columns when one repeats.
    keys = " ".join(f"?{name}" for name in variables if name not in ordered)
    text = sparql.rstrip()
    if keys:
        text += f" {keys}" if order else f" ORDER BY {keys}"
    return f"{text} LIMIT {size} OFFSET {offset}"
