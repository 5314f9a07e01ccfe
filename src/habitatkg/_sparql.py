r"""SPARQL text handling: pre-bound prefixes, ``SERVICE`` refusal, bound values, checks.

Every decision about a query's text is taken on its tokens (:mod:`habitatkg._sparql_lex`,
which reads comments, strings and IRIs, ``\u`` escapes included, as the engine does), never
on raw text. User values never reach SPARQL as text: they become RDF terms
(:func:`to_term`, IRIs checked by :func:`named_node`), serialized by pyoxigraph and put in
place of the variable wherever SPARQL allows a value (:func:`bind_values`).

Example:
    >>> q = "SELECT ?label WHERE { ?s rdfs:label ?label }"
    >>> print(bind_values(q, {"s": to_term("https://w3id.org/habitatkg/data/place-kanasin")}))
    SELECT ?label WHERE { <https://w3id.org/habitatkg/data/place-kanasin> rdfs:label ?label }
    >>> uses_service('SELECT * WHERE { ?s ?p "SERVICE <http://x>" } # SERVICE')
    False
    >>> uses_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
"""

from __future__ import annotations

import datetime
import decimal
import functools
import math
import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from habitatkg import _sparql_lex as _lex
from habitatkg._sparql_lex import Token

__all__ = [
    "PREFIXES",
    "Term",
    "bind_values",
    "declared_parameters",
    "expand_curie",
    "iris_used",
    "named_node",
    "prologue",
    "query_form",
    "service_endpoints",
    "split_binding",
    "strip_literals",
    "to_term",
    "unknown_prefixes",
    "update_keyword",
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
_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
_UPDATES = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
#: Largest query text also checked by rdflib's parser for ``SERVICE`` (it is slow on long text).
_RDFLIB_CHECK_LIMIT = 20_000


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
    chars = list(sparql)
    for match in _lex._TOKEN.finditer(sparql):
        if match.lastgroup in {"comment", "string", "iri"}:
            chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def uses_service(sparql: str, *, parser: bool = True) -> bool:
    r"""Whether a query uses a ``SERVICE`` clause (a federated call to another endpoint).

    Decided on the query's tokens, read as the engine reads them: comments, strings and IRIs
    (also with ``\u`` escapes), variables (``?service``) and prefixed names (``ex:SERVICE``)
    are not the keyword. When rdflib's SPARQL parser can read the query, its algebra is
    checked too, and either finding a ``SERVICE`` is enough.

    Args:
        sparql: SPARQL text.
        parser: Also ask rdflib's parser (slower on long queries; the tokens alone are exact).

    Returns:
        ``True`` when the query calls ``SERVICE``.

    Example:
        >>> uses_service("SELECT ?service WHERE { ?service a ex:SERVICE }")
        False
        >>> uses_service(r"SELECT * { ?s ?p <urn:\u0061#> . SERVICE <http://x/> { ?s ?p ?o } }")
        True
    """
    if any(token.is_word("SERVICE") for token in _lex.tokenize(sparql)):
        return True
    return parser and _rdflib_finds_service(sparql)


@functools.lru_cache(maxsize=256)
def _rdflib_finds_service(sparql: str) -> bool:
    """Whether rdflib's parser reads a ``SERVICE`` in the query (``False`` if it cannot)."""
    if len(sparql) > _RDFLIB_CHECK_LIMIT:
        return False
    try:
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue

        tree = parseQuery(prologue() + sparql)
    except Exception:  # rdflib cannot read it: the tokens decide
        return False

    def walk(node: Any) -> bool:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            return any(walk(value) for value in node.values())
        if isinstance(node, (list, tuple)):
            return any(walk(item) for item in node)
        return False

    return walk(tree)


def service_endpoints(sparql: str) -> list[tuple[str, str]]:
    """The endpoint of each ``SERVICE`` clause: ``("iri", "<...>")`` or ``("var", "name")``.

    Args:
        sparql: SPARQL text.

    Returns:
        One entry per ``SERVICE``, in order.

    Example:
        >>> service_endpoints("SELECT * { SERVICE SILENT ?e { ?s ?p ?o } }")
        [('var', 'e')]
    """
    tokens = _lex.tokenize(sparql)
    found = []
    for index, token in enumerate(tokens):
        if token.is_word("SERVICE"):
            following = tokens[index + 1 : index + 3]
            if following and following[0].is_word("SILENT"):
                following = following[1:]
            if following and following[0].kind == "var":
                found.append(("var", following[0].text[1:]))
            elif following:
                found.append((following[0].kind, following[0].text))
    return found


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
    for token in _lex.tokenize(sparql):
        if token.kind == "word" and token.upper in _FORMS:
            return token.upper
    return ""


def update_keyword(sparql: str) -> str | None:
    """The SPARQL Update operation the text starts with (``INSERT``, ``DROP``...), else ``None``.

    Args:
        sparql: SPARQL text.

    Returns:
        The keyword, upper-cased.

    Example:
        >>> update_keyword("PREFIX a: <x:> INSERT DATA { a:s a:p a:o }")
        'INSERT'
        >>> update_keyword("SELECT * { ?s ?p ?o }") is None
        True
    """
    tokens = _lex.tokenize(sparql)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.is_word("PREFIX"):
            index += 3
        elif token.is_word("BASE"):
            index += 2
        else:
            return token.upper if token.kind == "word" and token.upper in _UPDATES else None
    return None


def unknown_prefixes(sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> list[tuple[str, int]]:
    """Prefixed names whose prefix is neither pre-bound nor declared: ``(prefix, offset)``.

    Args:
        sparql: SPARQL text.
        prefixes: The pre-bound prefixes.

    Returns:
        The first use of each unknown prefix, in order.

    Example:
        >>> unknown_prefixes("PREFIX my: <x:> SELECT * { ?s my:p foo:bar }")
        [('foo', 35)]
    """
    tokens = _lex.tokenize(sparql)
    declared = set(prefixes)
    for index, token in enumerate(tokens[:-1]):
        if token.is_word("PREFIX") and tokens[index + 1].kind == "pname":
            declared.add(tokens[index + 1].text.split(":", 1)[0])
    found: dict[str, int] = {}
    for token in tokens:
        if token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            if prefix not in declared:
                found.setdefault(prefix, token.start)
    return list(found.items())


def iris_used(sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> dict[str, int]:
    """The IRIs a query names (prefixed names expanded), with the offset of their first use.

    Args:
        sparql: SPARQL text.
        prefixes: The pre-bound prefixes (``PREFIX`` declarations of the query are added).

    Returns:
        IRI to offset.

    Example:
        >>> iris_used("SELECT * { ?s a hk:Schol }")
        {'https://w3id.org/habitatkg/ontology#Schol': 16}
    """
    tokens = _lex.tokenize(sparql)
    known = dict(prefixes)
    found: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.is_word("PREFIX") and index + 2 < len(tokens):
            name, iri = tokens[index + 1], tokens[index + 2]
            if name.kind == "pname" and iri.kind == "iri":
                known[name.text.split(":", 1)[0]] = _unescape_iri(iri.text[1:-1])
            continue
        if token.kind == "pname" and not (index and tokens[index - 1].is_word("PREFIX")):
            prefix, _, local = token.text.partition(":")
            if prefix in known:
                found.setdefault(known[prefix] + re.sub(r"\\(.)", r"\1", local), token.start)
        elif token.kind == "iri" and not (
            (index and tokens[index - 1].is_word("PREFIX", "BASE"))
            or (index > 1 and tokens[index - 2].is_word("PREFIX"))  # PREFIX hk: <namespace>
        ):
            found.setdefault(_unescape_iri(token.text[1:-1]), token.start)
    return found


def _unescape_iri(text: str) -> str:
    return re.sub(
        r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
        lambda m: chr(int(m.group(1) or m.group(2), 16)),
        text,
    )


def declared_parameters(sparql: str) -> dict[str, str]:
    """Parameters a (packaged) query documents in its comments: ``?year (an xsd:integer``.

    Args:
        sparql: SPARQL text.

    Returns:
        Variable name to the prefixed name of its declared type.

    Example:
        >>> declared_parameters("# ?year (an xsd:integer: ...), ?school (an hk:School)")
        {'year': 'xsd:integer', 'school': 'hk:School'}
    """
    found: dict[str, str] = {}
    for line in sparql.splitlines():
        if line.lstrip().startswith("#"):
            for name, kind in re.findall(r"\?(\w+) \(an? ([a-z]+:\w+)", line):
                found.setdefault(name, kind)
    return found


def _assignment_error(sparql: str, name: str, token: Token, what: str) -> ValueError:
    return ValueError(
        f"?{name} is {what} at {_lex.line_column(sparql, token.start)} of the query, so it "
        f"cannot also be bound to a value: bind another variable, or drop the {what.split()[-1]}"
    )


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    r"""Bind variables to values: every use of ``?name`` in the query, at any depth, is the value.

    Binding works like a parameter of a prepared statement. Each occurrence of a bound
    variable is replaced by the value, serialized by pyoxigraph (IRIs validated, literals
    escaped), only where SPARQL allows a value: in triple patterns, expressions, ``GRAPH``,
    ``SERVICE`` and ``DESCRIBE``; in a ``SELECT`` list it becomes ``(value AS ?name)`` (the
    column stays); in ``GROUP BY``/``ORDER BY`` ``(value)``; ``BOUND(?name)`` becomes ``true``.
    Sub-selects are bound too. Under ``SELECT *`` the value is added as a one-row ``VALUES``
    around the ``WHERE`` group, so the column stays. Variables in strings, IRIs and comments
    are not uses.

    Args:
        sparql: A SPARQL query.
        bindings: Variable name (without ``?``) to RDF term.

    Returns:
        The bound query (unchanged when ``bindings`` is empty).

    Raises:
        ValueError: A variable name is not a SPARQL variable name or not used by the query,
            a value is not an RDF term, the query assigns the variable itself (``BIND``,
            ``AS``, ``VALUES``: the message gives the line and column), or a literal is bound
            where only an IRI may go (``GRAPH``, ``SERVICE``, ``DESCRIBE``).

    Example:
        >>> bind_values("ASK { ?s ?p ?o }", {"o": to_term(2021)})
        'ASK { ?s ?p "2021"^^<http://www.w3.org/2001/XMLSchema#integer> }'
        >>> bind_values("SELECT ?o { ?s ?p ?o }", {"o": to_term("urn:x")})
        'SELECT (<urn:x> AS ?o) { ?s ?p <urn:x> }'
    """
    if not bindings:
        return sparql
    for name, value in bindings.items():
        if not isinstance(name, str) or not _VARIABLE.match(name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
        if isinstance(value, ox.BlankNode):
            raise ValueError(f"cannot bind ?{name} to a blank node")
        if not isinstance(value, (ox.NamedNode, ox.Literal)):
            raise ValueError(f"the value bound to ?{name} is not an RDF term: {value!r}")
    pieces, slots = _binding_plan(sparql, tuple(bindings))
    out = [pieces[0]]
    for slot, piece in zip(slots, pieces[1:], strict=True):
        kind, name, offset = slot
        if kind == "block":
            names = name.split()
            out.append(
                f"{{ VALUES ({' '.join('?' + n for n in names)}) "
                f"{{ ({' '.join(str(bindings[n]) for n in names)}) }} {{"
            )
        else:
            value = bindings[name]
            rendered = str(value)
            if kind == "iri" and not isinstance(value, ox.NamedNode):
                raise ValueError(
                    f"?{name} is used at {_lex.line_column(sparql, offset)} where only an IRI "
                    f"may go (GRAPH, SERVICE or DESCRIBE), but it is bound to the literal "
                    f"{rendered}"
                )
            if kind == "select":
                rendered = f"({rendered} AS ?{name})"
            elif kind == "group":
                rendered = f"({rendered})"
            out.append(rendered)
        out.append(piece)
    return "".join(out)


#: One place a bound value goes: ``(kind, variable name, offset in the query)``; kind is
#: ``value``, ``iri`` (only an IRI may go there), ``select`` (``(value AS ?name)``), ``group``
#: (``(value)``) or ``block`` (the ``VALUES`` around a ``SELECT *`` query's ``WHERE`` group;
#: the name is then every bound name, space-separated).
_Slot = tuple[str, str, int]


@functools.lru_cache(maxsize=512)
def _binding_plan(sparql: str, names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[_Slot, ...]]:
    """Where the values of ``names`` go in ``sparql``: the text cut into pieces around slots.

    The query is read once per text and set of names (a prepared statement); binding is then
    joining the pieces with the values. ``len(pieces) == len(slots) + 1``.

    Raises:
        ValueError: A name is not used by the query, or the query assigns it itself.
    """
    bindings = set(names)
    tokens = _lex.tokenize(sparql)
    used = {_lex.variable_name(t) for t in tokens if t.kind == "var"}
    unused = [name for name in names if name not in used]
    if unused:
        listed = ", ".join(f"?{name}" for name in unused)
        raise ValueError(
            f"the query does not use {listed}: a value bound to it would be silently ignored "
            "(check the spelling of the keyword argument or --bind name)"
        )
    # (start, end, constant text or None, slot or None)
    edits: list[tuple[int, int, str | None, _Slot | None]] = []
    clause = ""  # select, group, order, describe or "" (patterns and expressions)
    clause_depth = depth = 0
    values_header = False
    top_select_star = False
    where_brace = -1  # index of the top-level WHERE group's "{" (when it is needed)
    forms_seen = 0
    skip_until = -1
    for index, token in enumerate(tokens):
        if index < skip_until:
            continue
        text = token.upper if token.kind == "word" else token.text
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "word":
            if text in {"SELECT", "DESCRIBE"}:
                forms_seen += 1
                clause, clause_depth = text.lower(), depth
                if forms_seen == 1:
                    rest = [t.text for t in tokens[index + 1 : index + 3]]
                    top_select_star = "*" in rest[:1] or bool(
                        rest[:1] and rest[0].upper() in {"DISTINCT", "REDUCED"} and "*" in rest[1:]
                    )
            elif text in {"ASK", "CONSTRUCT"}:
                forms_seen += 1
            elif text in {"WHERE", "FROM"} and clause in {"select", "describe"}:
                clause = ""
            elif text in {"GROUP", "ORDER"} and following is not None and following.is_word("BY"):
                clause, clause_depth = text.lower(), depth
            elif text in {"HAVING", "LIMIT", "OFFSET"}:
                clause = ""
            elif text == "VALUES":
                clause, values_header = "", True
            elif text == "BOUND" and index + 3 < len(tokens):
                inner = tokens[index + 2]
                if (
                    tokens[index + 1].text == "("
                    and tokens[index + 3].text == ")"
                    and _lex.variable_name(inner) in bindings
                ):
                    edits.append((token.start, tokens[index + 3].end, "true", None))
                    skip_until = index + 4
            continue
        if token.kind == "punct":
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            elif text == "{":
                if values_header:
                    values_header = False
                elif clause in {"select", "describe"} and depth == clause_depth:
                    clause = ""
                if forms_seen == 1 and where_brace < 0 and clause == "" and depth == 0:
                    where_brace = index
            elif text == "}" and clause in {"group", "order"} and depth == clause_depth:
                clause = ""
            continue
        name = _lex.variable_name(token)
        if name not in bindings:
            continue
        previous = tokens[index - 1] if index else None
        if previous is not None and previous.is_word("AS"):
            raise _assignment_error(sparql, name, token, "assigned by AS")
        if values_header:
            raise _assignment_error(sparql, name, token, "given values by the query's VALUES")
        kind = "value"
        if clause == "describe" or (
            previous is not None and previous.is_word("GRAPH", "SERVICE", "SILENT")
        ):
            kind = "iri"
        elif clause == "select" and depth == clause_depth:
            kind = "select"
        elif clause in {"group", "order"} and depth == clause_depth:
            kind = "group"
        edits.append((token.start, token.end, None, (kind, name, token.start)))
    if top_select_star and where_brace >= 0:
        close = _matching(tokens, where_brace)
        brace = tokens[where_brace]
        edits.append((brace.start, brace.end, None, ("block", " ".join(names), brace.start)))
        if close >= 0:
            edits.append((tokens[close].start, tokens[close].end, "} }", None))
    pieces: list[str] = []
    slots: list[_Slot] = []
    current: list[str] = []
    position = 0
    for start, end, constant, slot in sorted(edits, key=lambda e: (e[0], e[1])):
        current.append(sparql[position:start])
        if slot is None:
            current.append(constant or "")
        else:
            pieces.append("".join(current))
            current = []
            slots.append(slot)
        position = end
    current.append(sparql[position:])
    pieces.append("".join(current))
    return tuple(pieces), tuple(slots)


def _matching(tokens: tuple[Token, ...], opening: int) -> int:
    depth = 0
    for index in range(opening, len(tokens)):
        if tokens[index].text == "{":
            depth += 1
        elif tokens[index].text == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def split_binding(text: str) -> tuple[str, str]:
    """Split ``NAME=VALUE`` (``--bind`` and ``%%sparql --bind``) into the name and the raw value.

    The value is then read by :meth:`habitatkg.KnowledgeGraph.query` exactly as a keyword
    argument's ``str`` is, so the command line, the notebook magic and the API agree.

    Args:
        text: ``NAME=VALUE`` (``?NAME=VALUE`` also works).

    Returns:
        ``(name, value)``.

    Raises:
        QueryError: Not ``NAME=VALUE`` with a SPARQL variable name.

    Example:
        >>> split_binding("?p=Kanasín")
        ('p', 'Kanasín')
    """
    from habitatkg._errors import QueryError

    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _VARIABLE.match(name):
        raise QueryError(
            f"--bind: expected NAME=VALUE with a SPARQL variable name, got {_shown(text)}"
        )
    return name, value.strip()


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
        return named_node(iri)
    module = type(value).__module__
    if module.startswith("rdflib"):
        return _from_rdflib(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"xsd:decimal has no {value}; pass a float for NaN or infinity")
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    if isinstance(value, float):
        return ox.Literal(_double(value), datatype=ox.NamedNode(_XSD + "double"))
    if isinstance(value, datetime.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "dateTime"))
    if isinstance(value, datetime.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("<") and text.endswith(">"):
            return named_node(text[1:-1], written=text)
        if re.match(r"(https?|urn):\S+\Z", text):
            return named_node(text)
        expanded = expand_curie(text)
        if expanded is not None:
            return named_node(expanded, written=text)
        return ox.Literal(value)
    raise ValueError(f"cannot bind a value of type {type(value).__name__}: {_shown(value)}")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _double(value: float) -> str:
    """The xsd:double lexical form of a float (``NaN``, ``INF``, ``-INF`` included)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(value)


def named_node(iri: str, *, written: str | None = None) -> ox.NamedNode:
    """An IRI as a pyoxigraph node, or one clear error saying why it is not an IRI.

    Every IRI habitatkg builds from user input (bound values, label arguments written as IRIs,
    ``kind=``) goes through here.

    Args:
        iri: The IRI (without angle brackets).
        written: How the user wrote it, for the message (default: ``<iri>``).

    Returns:
        The node.

    Raises:
        InvalidIRIError: Not a valid absolute IRI (a ``ValueError``).

    Example:
        >>> named_node("https://w3id.org/habitatkg/data/place-kanasin").value
        'https://w3id.org/habitatkg/data/place-kanasin'
        >>> named_node("a b")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        habitatkg._errors.InvalidIRIError: not a valid IRI: <a b> (it contains a space); ...
    """
    from habitatkg._errors import InvalidIRIError

    shown = written if written is not None else f"<{iri}>"
    if not isinstance(iri, str):
        raise InvalidIRIError(_shown(iri), f"an IRI is text, not {type(iri).__name__}")
    bad = re.search(r"[\x00-\x20<>\"{}|^`\\]", iri)
    if bad:
        char = bad.group(0)
        what = {" ": "a space"}.get(
            char, repr(char) if char.isprintable() else f"U+{ord(char):04X}"
        )
        raise InvalidIRIError(shown, f"it contains {what}")
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
        raise InvalidIRIError(shown, "it is not absolute: it needs a scheme such as https:")
    try:
        return ox.NamedNode(iri)
    except (ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "refused by the RDF engine"
        raise InvalidIRIError(shown, reason[:120]) from exc


def _from_rdflib(value: Any) -> Term:
    import rdflib

    if isinstance(value, rdflib.URIRef):
        return named_node(str(value))
    if isinstance(value, rdflib.Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=named_node(str(value.datatype)))
        return ox.Literal(str(value))
    raise ValueError(f"cannot bind {type(value).__name__} {_shown(value)}")


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
