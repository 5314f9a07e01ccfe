"""What habitatkg knows about particular SPARQL servers' wrong answers, and refuses.

Found by ``tests/test_three_stores.py`` (the same questions in memory, on Oxigraph server and
on Virtuoso 7.2 from Debian): **Virtuoso 7.2 evaluates the SPARQL 1.1 property paths ``*``
and ``+`` wrongly outside an ``OPTIONAL`` when the query also has an ``OPTIONAL``, ``EXISTS`` or
``MINUS``** — e.g. ``reach`` for Kanasín
gives 512 students instead of the 2,490 of the report's Table 4, and ``principles`` no rows
instead of 14, a SHACL target ``rdf:type/rdfs:subClassOf*`` under ``FILTER NOT EXISTS``
no focus nodes instead of 9 — while each path alone answers right. It also **mixes up
the columns of rows when ``ORDER BY`` names a variable twice** (with ``LIMIT``), so such
queries are refused too (and :func:`~habitatkg._endpoint._results.page_query` never
repeats one). Virtuoso also returns booleans as the integers 1 and 0 (``habitatkg
check-endpoint`` reports it). So on a server that says it is
Virtuoso (its ``Server`` header), such queries are refused with
:class:`~habitatkg._errors.EndpointError` instead of answered wrongly.
"""

from __future__ import annotations

import re

from habitatkg._sparql import strip_literals

__all__ = ["VIRTUOSO_ORDER", "VIRTUOSO_PATHS", "refusal", "rewrite"]

VIRTUOSO_ORDER = (
    "Virtuoso 7.2 mixes up the columns of rows (values from different solutions in one row) "
    "when ORDER BY names a variable twice, so habitatkg refuses this query here rather than "
    "give a wrong answer; name each variable once in ORDER BY"
)

_SAME_IRI = re.compile(  # sameTerm(?variable, <iri> or prefixed:name)
    r"\bsameTerm\(\s*([?$][A-Za-z_]\w*)\s*,\s*(<[^<>\"{}|^`\\\s]*>|[A-Za-z][\w.-]*:[\w.-]*)\s*\)",
    re.IGNORECASE,
)


def rewrite(server: str, sparql: str) -> str:
    """The query in a form this server answers right (unchanged for most servers).

    Virtuoso 7.2 evaluates ``sameTerm(?v, <iri>)`` wrongly on stored IRIs inside a
    disjunction (``!(sameTerm(?v, hk:Exact) || ...)`` is true for ``hk:Exact``: SHACL ``sh:in``
    then reports hundreds of false violations); for an IRI constant it means
    ``(isIRI(?v) && ?v = <iri>)``, which Virtuoso answers right.

    Example:
        >>> rewrite("Virtuoso/07.20", "FILTER(!sameTerm(?x, hk:Exact))")
        'FILTER(!(isIRI(?x) && ?x = hk:Exact))'
    """
    if not server.lower().startswith("virtuoso/07."):
        return sparql
    return _SAME_IRI.sub(lambda m: f"(isIRI({m.group(1)}) && {m.group(1)} = {m.group(2)})", sparql)


_PATH = re.compile(r"(?:[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]+|\ba|\))[*+](?=[\s?$<:(\w]|$)")
_IRI_PATH = re.compile(r">[*+](?=[\s?$<:(\w])")
_OPTIONAL = re.compile(r"\bOPTIONAL\b", re.IGNORECASE)
_EXISTS = re.compile(r"\b(EXISTS|MINUS)\b", re.IGNORECASE)

VIRTUOSO_PATHS = (
    "Virtuoso 7.2 answers SPARQL 1.1 property paths with * or + wrongly when the query also "
    "has an OPTIONAL, EXISTS or MINUS (habitatkg's three-store test: reach for Kanasín "
    "gives 512 students instead of 2,490), so habitatkg refuses this query here rather than "
    "give a wrong answer; "
    "run it in memory or on an embedded store (habitatkg load --store oxigraph:DIR), or on "
    "another SPARQL server"
)


def uses_transitive_path(sparql: str) -> bool:
    """Whether a query uses a ``*`` or ``+`` property path.

    Example:
        >>> uses_transitive_path("SELECT * WHERE { ?s rdfs:subClassOf* ?o }")
        True
        >>> uses_transitive_path("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        False
    """
    code = strip_literals(sparql)
    raw = re.sub(r"(^|\s)#[^\n]*", r"\1", sparql)
    return bool(_PATH.search(code) or _IRI_PATH.search(raw))


def refusal(server: str, sparql: str) -> str | None:
    """Why this server cannot be trusted with this query (``None``: it can).

    Args:
        server: The server's ``Server`` header.
        sparql: The query.

    Example:
        >>> q = "SELECT * { ?s hk:locatedIn+ ?o OPTIONAL { ?s rdfs:label ?l } }"
        >>> refusal("Virtuoso/07.20.3229 (Linux)", q) is not None, refusal("oxigraph", q)
        (True, None)
    """
    if not server.lower().startswith("virtuoso/07."):
        return None
    code = strip_literals(sparql)
    tail = code[code.rfind("}") + 1 :]
    order = re.search(r"\bORDER\s+BY\b(.*)", tail, re.IGNORECASE | re.DOTALL)
    if order:
        clause = re.split(r"\b(?:LIMIT|OFFSET)\b", order.group(1))[0]
        while re.search(r"\([^()]*\)", clause):  # keep bare keys: drop (expressions)
            clause = re.sub(r"\w*\s*\([^()]*\)", " ", clause)
        keys = re.findall(r"[?$](\w+)", clause)
        if len(keys) != len(set(keys)):
            return VIRTUOSO_ORDER
    optionals = [(m.start(), _group_end(code, m.end())) for m in _OPTIONAL.finditer(code)]
    if not optionals and not _EXISTS.search(code):
        return None
    raw = re.sub(
        r"(^|\s)#[^\n]*", lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), sparql
    )
    paths = [m.start() for m in _PATH.finditer(code)] + [m.start() for m in _IRI_PATH.finditer(raw)]
    if any(not any(a <= at < b for a, b in optionals) for at in paths):
        return VIRTUOSO_PATHS
    return None


def _group_end(code: str, start: int) -> int:
    """The end of the ``{...}`` group opened at or after ``start``."""
    opened = code.find("{", start)
    if opened < 0:
        return len(code)
    depth = 0
    for index in range(opened, len(code)):
        if code[index] == "{":
            depth += 1
        elif code[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(code)
