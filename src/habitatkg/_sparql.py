"""SPARQL text handling: pre-bound prefixes, a small lexer, ``SERVICE`` refusal, bound values.

User values never reach SPARQL as text. They become RDF terms (:func:`to_term`), which are
serialized by pyoxigraph and injected as a ``VALUES`` block at the start of the query's
``WHERE`` group (:func:`bind_values`), so that every part of the group (triple patterns,
``FILTER``, ``OPTIONAL``, ``BIND``) sees them bound. The lexer used to find that group also
removes comments, string literals and IRIs before :func:`uses_service` looks for the
``SERVICE`` keyword, so ``# SERVICE`` in a comment or ``"SERVICE"`` in a label is harmless.

Example:
    >>> q = "SELECT ?label WHERE { ?s rdfs:label ?label }"
    >>> print(bind_values(q, {"s": to_term("https://w3id.org/habitatkg/data/place-kanasin")}))
    SELECT ?label WHERE { VALUES (?s) { (<https://w3id.org/habitatkg/data/place-kanasin>) }
     ?s rdfs:label ?label }
    >>> uses_service('SELECT * WHERE { ?s ?p "SERVICE <http://x>" } # SERVICE')
    False
    >>> uses_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterator, Mapping
from typing import Any

import pyoxigraph as ox

__all__ = [
    "PREFIXES",
    "Term",
    "bind_values",
    "expand_curie",
    "prologue",
    "query_form",
    "strip_literals",
    "to_term",
    "uses_service",
]

#: An RDF term as pyoxigraph represents it.
Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: Prefixes every query can use without declaring them.
PREFIXES: dict[str, str] = {
    "hk": "https://w3id.org/habitatkg/ontology#",
    "hkd": "https://w3id.org/habitatkg/data/",
    "ex": "https://w3id.org/habitatkg/example/",
    "sdg": "http://metadata.un.org/sdg/",
    "sdgo": "http://metadata.un.org/sdg/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

_XSD = PREFIXES["xsd"]
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_CURIE = re.compile(r"([A-Za-z][\w.-]*)?:([\w.-]*)\Z")

# One token of SPARQL that may hide keywords: long strings first, then short strings,
# IRIs (no spaces inside, so `?a < ?b` is not an IRI) and comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
_WORD = re.compile(r"[?$]?[A-Za-z_][\w-]*(?::[\w.-]*)?|:[\w.-]*")


def strip_literals(sparql: str) -> str:
    """Blank out comments, string literals and IRIs, keeping every other character in place.

    The result has the same length as the input, so positions found in it are positions in
    the original text.

    Args:
        sparql: SPARQL text.

    Returns:
        The text with those tokens replaced by spaces.

    Example:
        >>> strip_literals('SELECT * { ?s ?p "a}" } # {')
        'SELECT * { ?s ?p      }    '
    """
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), sparql)


def _keywords(code: str) -> Iterator[tuple[str, int]]:
    """Bare keywords (not variables, not prefixed names) of literal-free SPARQL, upper-cased."""
    for match in _WORD.finditer(code):
        word = match.group(0)
        if word[0] in "?$:" or ":" in word:
            continue
        yield word.upper(), match.start()


def uses_service(sparql: str) -> bool:
    """Whether a query uses a ``SERVICE`` clause (a federated call to another endpoint).

    Comments, strings and IRIs are ignored, as are variables (``?service``) and prefixed
    names (``ex:SERVICE``).

    Args:
        sparql: SPARQL text.

    Returns:
        ``True`` when the ``SERVICE`` keyword occurs.

    Example:
        >>> uses_service("SELECT ?service WHERE { ?service a ex:SERVICE }")
        False
    """
    return any(word == "SERVICE" for word, _ in _keywords(strip_literals(sparql)))


def query_form(sparql: str) -> str:
    r"""The query form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (``""`` if none).

    Args:
        sparql: SPARQL text.

    Returns:
        The first query-form keyword, upper-cased.

    Example:
        >>> query_form("PREFIX a: <x:> # SELECT\nASK { ?s ?p ?o }")
        'ASK'
    """
    for word, _ in _keywords(strip_literals(sparql)):
        if word in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
            return word
    return ""


def _matching_brace(code: str, start: int) -> int:
    depth = 0
    for index in range(start, len(code)):
        if code[index] == "{":
            depth += 1
        elif code[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _where_group(sparql: str) -> int:
    """Position of the opening brace of the query's top-level ``WHERE`` group, or -1."""
    code = strip_literals(sparql)
    form_at = -1
    form = ""
    for word, at in _keywords(code):
        if word in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
            form, form_at = word, at + len(word)
            break
    if form_at < 0:
        return -1
    index = form_at
    if form == "CONSTRUCT":
        rest = code[index:].lstrip()
        if not rest.startswith("{"):
            return -1  # CONSTRUCT WHERE { ... }: the pattern is also the template
        index = _matching_brace(code, code.index("{", index)) + 1
        if index <= 0:
            return -1
    depth = 0
    for position in range(index, len(code)):
        char = code[position]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "{" and depth == 0:
            return position
    return -1


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    r"""Bind variables by injecting a ``VALUES`` block at the start of the ``WHERE`` group.

    The values are RDF terms serialized by pyoxigraph (IRIs are validated, literals escaped),
    never user text pasted into the query.

    Args:
        sparql: A SPARQL query.
        bindings: Variable name (without ``?``) to RDF term.

    Returns:
        The query with the block injected (unchanged when ``bindings`` is empty).

    Raises:
        ValueError: A variable name is not a SPARQL variable name or not used by the query,
            a value is not an RDF term, or the query has no ``WHERE`` group to bind in
            (``CONSTRUCT WHERE`` short form, ``DESCRIBE`` without ``WHERE``).

    Example:
        >>> bind_values("ASK { ?s ?p ?o }", {"o": to_term(2021)})
        'ASK { VALUES (?o) { ("2021"^^<http://www.w3.org/2001/XMLSchema#integer>) }\n ?s ?p ?o }'
    """
    if not bindings:
        return sparql
    names = list(bindings)
    for name in names:
        if not isinstance(name, str) or not _VARIABLE.match(name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
        if not isinstance(bindings[name], (ox.NamedNode, ox.BlankNode, ox.Literal)):
            raise ValueError(f"the value bound to ?{name} is not an RDF term: {bindings[name]!r}")
        if isinstance(bindings[name], ox.BlankNode):
            raise ValueError(f"cannot bind ?{name} to a blank node")
    code = re.sub(r"(^|\s)#[^\n]*", r"\1", sparql)  # comments may name variables too
    unused = [name for name in names if not re.search(rf"[?$]{re.escape(name)}\b", code)]
    if unused:
        listed = ", ".join(f"?{name}" for name in unused)
        raise ValueError(
            f"the query does not use {listed}: a value bound to it would be silently ignored "
            "(check the spelling of the keyword argument or --bind name)"
        )
    at = _where_group(sparql)
    if at < 0:
        raise ValueError(
            "cannot bind variables in this query: it has no WHERE group (use SELECT, ASK, "
            "CONSTRUCT {...} WHERE {...} or DESCRIBE ... WHERE {...})"
        )
    variables = " ".join(f"?{name}" for name in names)
    row = " ".join(str(bindings[name]) for name in names)
    block = f" VALUES ({variables}) {{ ({row}) }}\n"
    return sparql[: at + 1] + block + sparql[at + 1 :]


def expand_curie(text: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """Expand ``prefix:local`` with known prefixes; ``None`` when ``text`` is not such a name.

    Args:
        text: Text that may be a prefixed name.
        prefixes: Prefix to namespace.

    Returns:
        The full IRI, or ``None``.

    Example:
        >>> expand_curie("hkd:place-kanasin")
        'https://w3id.org/habitatkg/data/place-kanasin'
        >>> expand_curie("Amado Nervo") is None
        True
    """
    match = _CURIE.match(text.strip())
    if (
        not match
        or (match.group(1) or "") not in prefixes
        or text.strip().startswith(("http:", "https:", "urn:"))
    ):
        return None
    return prefixes[match.group(1) or ""] + match.group(2)


def to_term(value: Any) -> Term:
    """Turn a Python value into an RDF term for binding.

    ``str`` that is an absolute IRI (``http://``, ``https://``, ``urn:``), ``<...>`` or a
    prefixed name with a known prefix (``hkd:school-amado-nervo``) becomes an IRI; any other
    ``str`` a plain string literal. Numbers, booleans and dates become typed literals. Objects
    with an ``iri`` attribute (:class:`~habitatkg.Entity`) become their IRI; rdflib and
    pyoxigraph terms are converted.

    Args:
        value: The value.

    Returns:
        A pyoxigraph term.

    Raises:
        ValueError: The value cannot be an RDF term (for example an invalid IRI).

    Example:
        >>> to_term("hk:CollaborativeWork")
        <NamedNode value=https://w3id.org/habitatkg/ontology#CollaborativeWork>
        >>> to_term('x" } UNION { ?s ?p ?o')
        <Literal value=x" } UNION { ?s ?p ?o datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, ox.BlankNode):
        raise ValueError("cannot bind a blank node")
    iri = getattr(value, "iri", None)
    if isinstance(iri, str):
        return ox.NamedNode(iri)
    module = type(value).__module__
    if module.startswith("rdflib"):
        return _from_rdflib(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, decimal.Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "double"))
    if isinstance(value, datetime.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "dateTime"))
    if isinstance(value, datetime.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("<") and text.endswith(">"):
            return ox.NamedNode(text[1:-1])
        if re.match(r"(https?|urn):\S+\Z", text):
            return ox.NamedNode(text)
        expanded = expand_curie(text)
        if expanded is not None:
            return ox.NamedNode(expanded)
        return ox.Literal(value)
    raise ValueError(f"cannot bind a value of type {type(value).__name__}: {value!r}")


def _from_rdflib(value: Any) -> Term:
    import rdflib

    if isinstance(value, rdflib.URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, rdflib.Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    raise ValueError(f"cannot bind {type(value).__name__} {value!r}")


def prologue(prefixes: Mapping[str, str] = PREFIXES) -> str:
    r"""``PREFIX`` declarations for ``prefixes``, one per line (for queries sent elsewhere).

    Args:
        prefixes: Prefix to namespace.

    Returns:
        The declarations.

    Example:
        >>> prologue({"hk": PREFIXES["hk"]})
        'PREFIX hk: <https://w3id.org/habitatkg/ontology#>\n'
    """
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
