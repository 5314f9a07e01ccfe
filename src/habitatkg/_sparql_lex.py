r"""A lexer for SPARQL 1.1/1.2 that reads a query's tokens exactly as the engine does.

Every decision habitatkg takes about a query's text (does it call ``SERVICE``, is it an update,
which variables does it use, where may a bound value go) is taken on these tokens, never on
the raw text: comments, strings (short and long, with ``\`` and ``\u`` escapes) and IRIs
(which may hold ``\u`` escapes and ``#``) are single tokens, so a keyword inside them is not a
keyword. Like pyoxigraph, codepoint escapes are only meaningful inside IRIs and strings
(``SERV\u0049CE`` is not the ``SERVICE`` keyword; the engine refuses it as a syntax error).

Example:
    >>> [t.text for t in tokenize("SELECT * { ?s ?p '}' } # SERVICE")]
    ['SELECT', '*', '{', '?s', '?p', "'}'", '}']
    >>> [t.kind for t in tokenize("ASK { <urn:\\u0061#> hk:p \"x\"@es }")]
    ['word', 'punct', 'iri', 'pname', 'string', 'langtag', 'punct']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["Token", "line_column", "tokenize", "variable_name"]

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "0-9\u00b7\u0300-\u036f\u203f-\u2040\\-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_VARNAME = f"[{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_EXPONENT = r"[eE][+-]?[0-9]+"

_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>\s+)",
            r"(?P<comment>#[^\n\r]*)",
            r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
            r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
            r'|"(?:[^"\\\n\r]|\\.)*"'
            r"|'(?:[^'\\\n\r]|\\.)*')",
            r"(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)",
            f"(?P<var>[?$]{_VARNAME})",
            f"(?P<bnode>_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
            r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
            f"(?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)",
            f"(?P<number>[0-9]*\\.[0-9]+(?:{_EXPONENT})?|[0-9]+\\.[0-9]*{_EXPONENT}"
            f"|[0-9]+(?:{_EXPONENT})?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<punct>\^\^|<<|>>|<=|>=|!=|&&|\|\||\{\||\|\}|[{}()\[\].,;=<>!+\-*/|^~?$@])",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One significant token (whitespace and comments are dropped).

    Attributes:
        kind: ``word`` (keywords, ``a``, ``true``), ``var``, ``iri``, ``pname``, ``string``,
            ``langtag``, ``number``, ``bnode``, ``punct`` or ``other`` (not SPARQL).
        text: The token as written.
        start: Offset of its first character in the query.
        end: Offset just after it.
    """

    kind: str
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        """The text upper-cased (keywords are case-insensitive)."""
        return self.text.upper()

    def is_word(self, *words: str) -> bool:
        """Whether this is one of the keywords ``words`` (upper case).

        Args:
            *words: Keywords.

        Returns:
            ``True`` if it is.
        """
        return self.kind == "word" and self.text.upper() in words


@functools.lru_cache(maxsize=512)
def tokenize(sparql: str) -> tuple[Token, ...]:
    """The significant tokens of SPARQL text, in order.

    Args:
        sparql: SPARQL text.

    Returns:
        The tokens (comments and whitespace left out).

    Example:
        >>> [t.text for t in tokenize("SELECT ?x WHERE { ?x a ex:SERVICE }")]
        ['SELECT', '?x', 'WHERE', '{', '?x', 'a', 'ex:SERVICE', '}']
    """
    found = []
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind in {"ws", "comment"}:
            continue
        found.append(Token(kind, match.group(0), match.start(), match.end()))
    return tuple(found)


def variable_name(token: Token) -> str | None:
    """The name of a variable token (``?x`` and ``$x`` are both ``x``), else ``None``.

    Args:
        token: A token.

    Returns:
        The name.
    """
    return token.text[1:] if token.kind == "var" else None


def line_column(sparql: str, offset: int) -> str:
    r"""``line L, column C`` (both from 1) of an offset in the text.

    Args:
        sparql: The text.
        offset: The offset.

    Returns:
        The position, for messages.

    Example:
        >>> line_column("SELECT\n  ?x", 9)
        'line 2, column 3'
    """
    line = sparql.count("\n", 0, offset) + 1
    column = offset - (sparql.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"
