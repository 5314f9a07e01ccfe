"""Finding nodes by label: folding, search, and resolving API arguments to IRIs.

Labels are compared *folded*: Unicode-normalised, accents removed, case-folded, punctuation
turned into spaces, whitespace collapsed, so ``"kanasin"`` finds *Kanasín* and
``'escuela primaria "amado nervo"'`` finds *Escuela Primaria Amado Nervo*. English and
Spanish labels (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``) and notations
(``skos:notation``, such as ``4.7``) are searched.

An API argument can be an :class:`~habitatkg.Entity`, an IRI (full, ``<...>`` or a prefixed
name such as ``hkd:school-amado-nervo``) or a label; :meth:`LabelIndex.resolve` turns it into
an IRI of the expected kind or raises a clear error listing the closest matches.

Example:
    >>> fold("  Escuela Primaria «Víctor Manuel Martínez Herrera» ")
    'escuela primaria victor manuel martinez herrera'
"""

from __future__ import annotations

import bisect
import decimal
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from habitatkg._errors import AmbiguousLabelError, EntityNotFoundError, WrongKindError
from habitatkg._gate import check_argument
from habitatkg._results import Entity, EntityList, Match, compact
from habitatkg._sparql import PREFIXES, expand_curie
from habitatkg._store import GraphStore

__all__ = [
    "LabelIndex",
    "binding_resolver",
    "fold",
    "is_iri_like",
    "parse_binding",
    "variable_kind",
]

_LABEL_QUERY = """
SELECT ?s ?label ?p WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel skos:notation }
  ?s ?p ?label .
  FILTER(isIRI(?s) && isLITERAL(?label))
}"""
_DISPLAY = frozenset(
    ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")
)
_TYPES_QUERY = """
SELECT ?s ?type WHERE {
  ?s a ?type .
  FILTER(isIRI(?type))
  OPTIONAL { ?s a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }
  FILTER(!BOUND(?sub))
}"""
_GENERIC_TYPES = {
    f"{PREFIXES['owl']}NamedIndividual",
    f"{PREFIXES['skos']}Concept",
    f"{PREFIXES['rdfs']}Resource",
    f"{PREFIXES['owl']}Thing",
}
_PUNCTUATION = re.compile(r"[^\w]+|_")
_MAX_SUGGESTIONS = 8
#: A folded query shorter than this matches exact labels only (``"s"`` from ``"?s"`` would
#: otherwise begin a word of half the labels).
_MIN_PARTIAL = 3
#: When nothing is close, list every node of the expected kind if there are at most this many.
_MAX_KIND_LISTING = 20
_MAX_SHOWN_LABEL = 60
#: Answers kept in :attr:`LabelIndex.memo` (labels resolved, entities) before it starts over.
_MAX_MEMO = 4096


def fold(text: str) -> str:
    """Fold text for comparison: no accents, no case, no punctuation, single spaces.

    Args:
        text: Any text.

    Returns:
        The folded text.

    Example:
        >>> fold("KANASÍN") == fold("kanasin")
        True
        >>> fold("N° 120")
        'n 120'
        >>> fold("Kana\u200bsín")  # a zero-width space is invisible, not a word break
        'kanasin'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    # combining marks (accents) and invisible format characters (zero-width space, joiners,
    # soft hyphen, bidirectional marks: category Cf) go; they are not part of a word
    stripped = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return " ".join(_PUNCTUATION.sub(" ", stripped.casefold()).split())


def is_iri_like(text: str) -> bool:
    """Whether text is written as an IRI: ``<...>``, ``http(s)://...``, ``urn:...``, ``hkd:...``.

    Args:
        text: Text.

    Returns:
        ``True`` for IRI forms.

    Example:
        >>> is_iri_like("hkd:school-amado-nervo"), is_iri_like("Amado Nervo")
        (True, False)
    """
    stripped = text.strip()
    return (
        (stripped.startswith("<") and stripped.endswith(">"))
        or re.match(r"(https?|urn):\S+\Z", stripped) is not None
        or expand_curie(stripped) is not None
    )


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_QUOTED = re.compile(r"""(?s)(["'])(.*)\1(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*))?\Z""")


#: Variables of the packaged queries whose labels resolve to one kind of node only.
_VARIABLE_KINDS = {
    "school": "School",
    "capability": "Capability",
    "locality": "Place",
    "place": "Place",
    "municipality": "Place",
    "partner": "Organization",
    "organization": "Organization",
    "guideline": "StrategicGuideline",
    "phase": "MethodologyPhase",
    "target": "SDGTarget",
    "goal": "SDGGoal",
    "initiative": "Initiative",
    "complex": "SchoolComplex",
    "targetgroup": "CommunityRole",
}


def variable_kind(text: str) -> str | None:
    """The class a ``NAME=label`` binding's label must name, told from the variable's name.

    ``school=Amado Nervo`` resolves among schools only, so a label that also matches a
    workshop or a figure about the school is not ambiguous.

    Args:
        text: ``name=value`` (or just the name).

    Returns:
        The class IRI, or ``None`` when the name does not imply one.

    Example:
        >>> variable_kind("school=Amado Nervo")
        'https://w3id.org/habitatkg/ontology#School'
        >>> variable_kind("x=1") is None
        True
    """
    name = text.partition("=")[0].strip().lstrip("?$").lower()
    local = _VARIABLE_KINDS.get(name)
    return f"https://w3id.org/habitatkg/ontology#{local}" if local else None


def binding_resolver(resolve: Callable[..., str], text: str) -> Callable[[str], str]:
    """A label resolver for one ``name=value`` binding, limited to the kind its name implies.

    Args:
        resolve: ``KnowledgeGraph.resolve`` (takes a label and ``kind=``).
        text: ``name=value``.

    Returns:
        Label to IRI.
    """
    kind = variable_kind(text)
    return lambda label: resolve(label, kind=kind)


def parse_binding(text: str, resolve: Callable[[str], str]) -> tuple[str, object]:
    """Parse ``name=value`` from the command line or a notebook magic into a variable and a value.

    The value is an IRI when written as one (``<...>``, ``https://...``, ``hkd:...``), an
    ``int`` or ``Decimal`` for numbers, a ``bool`` for ``true``/``false``, a string literal when
    quoted (``'"Amado Nervo"'``, optionally with a language tag: ``'"Unir"@es'``), and otherwise
    a label, resolved to a node's IRI with ``resolve`` (which raises a clear error when no
    node or several nodes have that label).

    Args:
        text: ``name=value``.
        resolve: Label to IRI.

    Returns:
        ``(name, value)``; IRIs are returned as ``<iri>`` strings, language-tagged strings as
        pyoxigraph literals.

    Raises:
        ValueError: Not ``name=value``, or not a variable name.

    Example:
        >>> parse_binding("year=2022", str)
        ('year', 2022)
        >>> parse_binding("school=hkd:school-amado-nervo", str)
        ('school', '<https://w3id.org/habitatkg/data/school-amado-nervo>')
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _NAME.match(name):
        raise ValueError(f"expected NAME=VALUE with a SPARQL variable name, got {text!r}")
    value = value.strip()
    quoted = _QUOTED.match(value)
    if quoted:
        if quoted.group(3):
            return name, ox.Literal(quoted.group(2), language=quoted.group(3))
        return name, ox.Literal(quoted.group(2))
    if re.fullmatch(r"-?\d+", value):
        return name, int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return name, decimal.Decimal(value)
    if value in {"true", "false"}:
        return name, value == "true"
    if is_iri_like(value):
        return name, f"<{_iri_of(value)}>"
    return name, f"<{resolve(value)}>"


def _iri_of(text: str) -> str:
    stripped = text.strip()
    if stripped.startswith("<") and stripped.endswith(">"):
        return stripped[1:-1]
    return expand_curie(stripped) or stripped


def _score(query: str, label: str) -> float:
    """How well a folded query matches a folded label: 1 exact ... 0 no match."""
    if not query or not label:
        return 0.0
    if query == label:
        return 1.0
    q_tokens, l_tokens = query.split(), label.split()
    coverage = len(query) / max(len(label), 1) * 0.05
    if label.startswith(query + " "):
        return 0.85 + coverage
    if all(t in l_tokens for t in q_tokens):
        return 0.8 + coverage
    if all(any(lt.startswith(t) for lt in l_tokens) for t in q_tokens):
        return 0.7 + coverage
    if query in label:
        return 0.6 + coverage
    return 0.0


@dataclass(frozen=True)
class _Entry:
    iri: str
    label: str
    lang: str
    folded: str
    display: bool = True


class LabelIndex:
    """A label index over a store, built on first use.

    Exact folded labels are found through a dictionary and partial ones through an inverted
    index of words, so lookups stay fast on large graphs; class membership is read once per
    class.

    Args:
        store: The graph store to index.

    Example:
        >>> from habitatkg._store import MemoryStore
        >>> store = MemoryStore()
        >>> store.add_data(
        ...     '<https://w3id.org/habitatkg/data/place-kanasin> '
        ...     '<http://www.w3.org/2000/01/rdf-schema#label> "Kanasín"@es .', format="nt")
        >>> [m.iri for m in LabelIndex(store).search("KANASIN")]
        ['https://w3id.org/habitatkg/data/place-kanasin']
    """

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._entries: list[_Entry] | None = None
        self._exact: dict[str, list[int]] = {}
        self._postings: dict[str, set[int]] = {}
        self._words: list[str] = []
        self._kinds: dict[str, str | None] = {}
        self._members: dict[str, frozenset[str]] = {}
        self._display: dict[str, dict[str, str]] = {}
        #: Answers cached until the data changes (resolved labels, yes/no checks).
        self.memo: dict[tuple[str, object], object] = {}

    def invalidate(self) -> None:
        """Forget the index (call after adding data)."""
        self._entries = None
        self._exact, self._postings, self._words = {}, {}, []
        self._kinds.clear()
        self._members.clear()
        self._display.clear()
        self.memo.clear()

    def labels(self, lang: str = "en") -> dict[str, str]:
        """Every node's display label in a language (cached per language).

        The label (``rdfs:label`` or ``skos:prefLabel``) in ``lang``, else English, else
        Spanish, else untagged, else any.

        Args:
            lang: ``"en"`` or ``"es"``.

        Returns:
            IRI to label.
        """
        table = self._display.get(lang)
        if table is None:
            order = {lang: 0, "en": 1, "es": 2, "": 3}
            ranked: dict[str, tuple[int, str]] = {}
            for entry in self.entries:
                if not entry.display:
                    continue
                rank = order.get(entry.lang.split("-")[0].lower(), 4)
                current = ranked.get(entry.iri)
                if current is None or rank < current[0]:
                    ranked[entry.iri] = (rank, entry.label)
            table = {iri: label for iri, (_, label) in ranked.items()}
            self._display[lang] = table
        return table

    def label(self, iri: str, lang: str = "en") -> str:
        """A node's display label in a language (else its prefixed name).

        Args:
            iri: The node.
            lang: ``"en"`` or ``"es"``.

        Returns:
            The label.
        """
        return self.labels(lang).get(iri) or compact(iri)

    @property
    def entries(self) -> list[_Entry]:
        """Every (IRI, label) pair, built on first use."""
        if self._entries is None:
            entries: list[_Entry] = []
            exact: dict[str, list[int]] = {}
            postings: dict[str, set[int]] = {}
            for subject, label, predicate in self._store.query(_LABEL_QUERY).rows:
                if subject is None or label is None:
                    continue
                folded = fold(label.value)
                index = len(entries)
                entries.append(
                    _Entry(
                        subject.value,
                        label.value,
                        getattr(label, "language", None) or "",
                        folded,
                        predicate is not None and predicate.value in _DISPLAY,
                    )
                )
                exact.setdefault(folded, []).append(index)
                for word in set(folded.split()):
                    postings.setdefault(word, set()).add(index)
            self._exact, self._postings, self._words = exact, postings, sorted(postings)
            self._entries = entries
        return self._entries

    def _candidates(self, query: str) -> Iterable[int]:
        """Entries that may match: those holding, for every query word, a word it begins."""
        entries = self.entries
        found: set[int] | None = None
        for token in set(query.split()):
            start = bisect.bisect_left(self._words, token)
            postings: set[int] = set()
            for word in self._words[start:]:
                if not word.startswith(token):
                    break
                postings |= self._postings[word]
            found = postings if found is None else found & postings
            if not found:
                break
        if found:
            return found
        return (
            i for i, e in enumerate(entries) if query in e.folded
        )  # substrings of words: last resort

    def members(self, kind: str) -> frozenset[str]:
        """Every instance of a class, through ``rdfs:subClassOf`` (cached).

        Args:
            kind: The class IRI.

        Returns:
            The instances' IRIs.
        """
        if kind not in self._members:
            rows = self._store.query(
                "SELECT DISTINCT ?s WHERE { ?s a/rdfs:subClassOf* ?kind }",
                {"kind": ox.NamedNode(kind)},
            ).rows
            self._members[kind] = frozenset(
                r[0].value for r in rows if isinstance(r[0], ox.NamedNode)
            )
        return self._members[kind]

    def kind_of(self, iri: str, lang: str = "en") -> tuple[str | None, str | None]:
        """The most specific class of a node (``hk:`` classes first) and that class's label.

        Args:
            iri: The node.
            lang: The language of the class's label.

        Returns:
            ``(class IRI, label)``, or ``(None, None)`` for an untyped node.
        """
        if iri not in self._kinds:
            result = self._store.query(_TYPES_QUERY, {"s": ox.NamedNode(iri)})
            options = [row[1].value for row in result.rows if row[1] is not None]
            options = [o for o in options if o not in _GENERIC_TYPES] or options
            options.sort(key=lambda o: (not o.startswith(PREFIXES["hk"]), o))
            self._kinds[iri] = options[0] if options else None
        kind = self._kinds[iri]
        if kind is None:
            return None, None
        return kind, self.labels(lang).get(kind)

    def is_a(self, iri: str, kind: str) -> bool:
        """Whether a node is an instance of a class (through ``rdfs:subClassOf``).

        Args:
            iri: The node.
            kind: The class IRI.

        Returns:
            ``True`` if it is.
        """
        return iri in self.members(kind)

    def exists(self, iri: str) -> bool:
        """Whether the graph says anything about an IRI (as subject or object)."""
        node = ox.NamedNode(iri)
        return (
            next(iter(self._store.triples(node, None, None)), None) is not None
            or next(iter(self._store.triples(None, None, node)), None) is not None
        )

    def _hits(self, text: str, kind: str | None = None, lang: str = "en") -> list[Match]:
        """Matches without their kinds, best first, one per node."""
        check_argument(text)  # the input gate's length limit (never echoed back in full)
        query = fold(text)
        if not query:
            return []
        entries = self.entries
        best: dict[str, Match] = {}
        scored = [(i, 1.0) for i in self._exact.get(query, [])]
        if len(query) >= _MIN_PARTIAL:
            scored += [(i, _score(query, entries[i].folded)) for i in self._candidates(query)]
        for index, score in scored:
            entry = entries[index]
            if score <= 0:
                continue
            current = best.get(entry.iri)
            if (
                current is None
                or score > current.score
                or (
                    score == current.score
                    and _lang_rank(entry.lang, lang) < _lang_rank(current.lang, lang)
                )
            ):
                best[entry.iri] = Match(entry.iri, entry.label, entry.lang, round(score, 4))
        hits = sorted(best.values(), key=lambda m: (-m.score, m.label.casefold(), m.iri))
        if kind is not None:
            members = self.members(kind)
            hits = [m for m in hits if m.iri in members]
        return hits

    def search(
        self,
        text: str,
        *,
        kind: str | None = None,
        limit: int | None = None,
        lang: str = "en",
    ) -> EntityList:
        """Nodes whose label matches ``text``, best first (one hit per node).

        Args:
            text: What to look for; case, accents and punctuation are ignored.
            kind: Only nodes of this class (IRI) or its subclasses.
            limit: At most this many hits.
            lang: Among equally good labels, prefer this language; kinds are named in it.

        Returns:
            The matches.
        """
        hits = self._hits(text, kind, lang)
        return EntityList(
            self._with_kind(m, lang) for m in (hits if limit is None else hits[:limit])
        )

    def _with_kind(self, match: Match, lang: str = "en") -> Match:
        kind, kind_label = self.kind_of(match.iri, lang)
        return Match(match.iri, match.label, match.lang, match.score, kind, kind_label)

    def _respelt(self, query: str) -> str | None:
        """The query with each unknown word replaced by the closest known word, if any."""
        words = query.split()
        known = self._postings
        changed = False
        for position, word in enumerate(words):
            if word in known or len(word) < _MIN_PARTIAL:
                continue
            pool = [w for w in self._words if w[:1] == word[:1]] or self._words
            close = difflib.get_close_matches(word, pool, n=1, cutoff=0.8)
            if close:
                words[position], changed = close[0], True
        return " ".join(words) if changed else None

    def suggestions(self, text: str, *, kind: str | None = None) -> EntityList:
        """The closest labels to ``text`` (fuzzy), for error messages.

        Args:
            text: What was asked for.
            kind: Only nodes of this class.

        Returns:
            Up to eight matches.
        """
        hits = list(self.search(text, kind=kind, limit=_MAX_SUGGESTIONS))
        self.entries  # noqa: B018  (builds the word index)
        respelt = self._respelt(fold(text)) if not hits else None
        if respelt:
            hits = [
                Match(m.iri, m.label, m.lang, round(m.score * 0.9, 4), m.kind, m.kind_label)
                for m in self.search(respelt, kind=kind, limit=_MAX_SUGGESTIONS)
            ]
        if len(hits) < _MAX_SUGGESTIONS:
            query = fold(text)
            heads = {w[:3] for w in query.split()}
            folded: dict[str, _Entry] = {}
            for entry in self.entries:
                if len(self.entries) < 20000 or heads & {w[:3] for w in entry.folded.split()}:
                    folded.setdefault(entry.folded, entry)
            close = difflib.get_close_matches(
                query, list(folded), n=_MAX_SUGGESTIONS * 3, cutoff=0.75
            )
            seen = {m.iri for m in hits}
            for key in close:
                entry = folded[key]
                if entry.iri in seen or (kind is not None and not self.is_a(entry.iri, kind)):
                    continue
                seen.add(entry.iri)
                ratio = difflib.SequenceMatcher(None, query, key).ratio()
                hits.append(
                    self._with_kind(
                        Match(entry.iri, entry.label, entry.lang, round(ratio * 0.5, 4))
                    )
                )
                if len(hits) >= _MAX_SUGGESTIONS:
                    break
        if not hits and kind is not None:
            members = sorted(self.members(kind))
            if len(members) <= _MAX_KIND_LISTING:
                hits = [
                    self._with_kind(Match(iri, self.label(iri), "", 0.0))
                    for iri in sorted(members, key=lambda i: self.label(i).casefold())
                ]
        return EntityList(hits)

    def resolve(self, value: object, *, kind: str | None = None, what: str | None = None) -> str:
        """Resolve an API argument to an IRI.

        Args:
            value: An :class:`~habitatkg.Entity`, an IRI (``str``, ``<...>``, prefixed name,
                rdflib ``URIRef`` or pyoxigraph ``NamedNode``) or a label.
            kind: The class (IRI) the node must belong to, or ``None`` for any.
            what: How to name the expected kind in messages (``"capability"``).

        Returns:
            The IRI.

        Raises:
            EntityNotFoundError: No node has that IRI or label (the closest are listed).
            AmbiguousLabelError: Several nodes match equally well (they are listed).
            WrongKindError: The node is not of the expected kind.
        """
        if isinstance(value, str):
            check_argument(value, what=what or "label")
            key = ("resolve", (value, kind))
            found = self.memo.get(key)
            if found is None:
                found = self._resolve(value, kind=kind, what=what)
                self.remember(key, found)
            return str(found)
        return self._resolve(value, kind=kind, what=what)

    def remember(self, key: tuple[str, object], value: object) -> None:
        """Keep an answer in :attr:`memo` until the data changes (at most 4,096 answers).

        Args:
            key: ``(what kind of answer, its arguments)``.
            value: The answer.
        """
        if len(self.memo) >= _MAX_MEMO:
            self.memo.clear()
        self.memo[key] = value

    def _resolve(self, value: object, *, kind: str | None, what: str | None) -> str:
        expected = what or (compact(kind) if kind else "entity")
        iri = _explicit_iri(value)
        if iri is not None:
            if not self.exists(iri):
                raise _not_found(f"no {expected} with IRI <{iri}> in the knowledge graph", ())
            self._check_kind(iri, kind, expected, str(value))
            return iri
        if not isinstance(value, str):
            raise TypeError(
                f"expected an Entity, an IRI or a label for the {expected}, got "
                f"{type(value).__name__}"
            )
        text = value
        if not fold(text):
            raise _not_found(f"no {expected} named {text!r}: the label is empty", ())
        hits = self._hits(text)
        right = [m for m in hits if kind is None or self.is_a(m.iri, kind)]
        if not right and len(fold(text)) < _MIN_PARTIAL:
            raise _not_found(
                f"no {expected} has the label {text!r}; a label this short must match a whole "
                "label exactly (give more of the name, or an IRI)",
                (),
            )
        if not right:
            if hits and kind is not None:
                best = _unique_best(hits, text)
                if best is not None:
                    self._check_kind(best.iri, kind, expected, text)
            closest = self.suggestions(text, kind=kind)
            if not closest and kind is not None:
                closest = self.suggestions(text)
            listing = _listing(closest)
            if closest and all(m.score == 0 for m in closest):  # nothing close: all of the kind
                listing = f"; the {len(closest)} {_plural(expected)} are: " + listing[11:]
            raise _not_found(f"no {expected} named {text!r}{listing}", tuple(closest))
        top = right[0].score
        exact_elsewhere = [m for m in hits if m.score >= 1.0 and m not in right]
        if kind is not None and top < 1.0 and exact_elsewhere:
            self._check_kind(exact_elsewhere[0].iri, kind, expected, text, also=right)
        best = _unique_best(right, text) or self._what_the_others_are_about(right)
        if best is not None:
            return best.iri
        tier = [self._with_kind(m) for m in right if _same_tier(m.score, top)]
        shown = _listing(tier[:_MAX_SUGGESTIONS])
        more = f" and {len(tier) - _MAX_SUGGESTIONS} more" if len(tier) > _MAX_SUGGESTIONS else ""
        raise _ambiguous(
            f"{text!r} is ambiguous: {len(tier)} {_plural(expected)} match equally well; pass an "
            f"IRI or a fuller label{shown}{more}",
            tuple(tier),
        )

    def _what_the_others_are_about(self, hits: list[Match]) -> Match | None:
        """Among tied partial matches, the one node every other one links to, if any.

        ``"Amado Nervo"`` partially matches the school and six nodes about it (its figures,
        memberships, a workshop held there, its children's decalogue); each of those has a
        statement whose object is the school, so the school is what was meant.
        """
        tier = [m for m in hits if _same_tier(m.score, hits[0].score)]
        if len(tier) < 2 or tier[0].score >= 1.0:
            return None
        objects = {
            m.iri: {
                t.object.value
                for t in self._store.triples(ox.NamedNode(m.iri), None, None)
                if isinstance(t.object, ox.NamedNode)
            }
            for m in tier
        }
        about = [
            m
            for m in tier
            if all(m.iri in objects[other.iri] for other in tier if other.iri != m.iri)
        ]
        return about[0] if len(about) == 1 else None

    def _check_kind(
        self, iri: str, kind: str | None, expected: str, shown: str, *, also: Iterable[Match] = ()
    ) -> None:
        if kind is None or self.is_a(iri, kind):
            return
        _, actual = self.kind_of(iri)
        others = [self._with_kind(m) for m in list(also)[:_MAX_SUGGESTIONS]]
        hint = (
            f"; {_plural(expected)} with similar labels: " + _listing(others)[len("; closest: ") :]
            if others
            else ""
        )
        raise _wrong_kind(
            f"{shown!r} is {_article(actual or 'untyped node')} ({compact(iri)}), not "
            f"{_article(expected)}{hint}",
            iri=iri,
            expected=kind,
        )


def _same_tier(score: float, top: float) -> bool:
    """Exact matches tie with each other; partial matches tie within their tier (0.1 wide)."""
    if top >= 1.0:
        return score >= 1.0
    return int(score * 10) == int(top * 10)


def _unique_best(hits: list[Match], text: str | None = None) -> Match | None:
    """The one match that stands out, if any.

    It is alone in the best tier, or the only one whose label is exactly ``text`` (case
    aside) among folded-equal labels, or the most basic of the tier.
    """
    tier = [m for m in hits if _same_tier(m.score, hits[0].score)]
    if len(tier) == 1:
        return tier[0]
    if text is not None and tier[0].score >= 1.0:
        verbatim = [m for m in tier if _verbatim(m.label) == _verbatim(text)]
        if len(verbatim) == 1:
            return verbatim[0]
    return _most_basic(tier)


def _verbatim(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _most_basic(tier: list[Match]) -> Match | None:
    """The partial match whose whole label is part of every other's label, if any.

    ``"Amado Nervo"`` partially matches the school *Escuela Primaria Amado Nervo* and the
    quantity *Students of Escuela Primaria Amado Nervo, 2021-2022*; the quantity's label
    names the school, so the school is what was meant.
    """
    if tier[0].score >= 1.0:
        return None
    shortest = min(tier, key=lambda m: len(fold(m.label)))
    key = fold(shortest.label)
    others = [m for m in tier if m.iri != shortest.iri]
    if others and all(key in fold(m.label) and len(fold(m.label)) > len(key) for m in others):
        return shortest
    return None


def _plural(noun: str) -> str:
    if noun.endswith("y") and not noun.endswith(("ay", "ey", "oy")):
        return noun[:-1] + "ies"
    return noun if noun.endswith("s") else noun + "s"


def _lang_rank(lang: str, preferred: str = "en") -> int:
    return {preferred: 0, "en": 1, "es": 2, "": 3}.get(lang.lower().split("-")[0], 4)


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _listing(matches: Iterable[Match]) -> str:
    items = [
        f"{_cut(m.label)!r} ({compact(m.iri)}{', ' + m.kind_label if m.kind_label else ''})"
        for m in matches
    ]
    return "; closest: " + ", ".join(items) if items else ""


def _cut(text: str, width: int = _MAX_SHOWN_LABEL) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _explicit_iri(value: object) -> str | None:
    if isinstance(value, Entity):
        return value.iri
    if isinstance(value, ox.NamedNode):
        return value.value
    if type(value).__name__ == "URIRef":
        return str(value)
    if isinstance(value, str) and is_iri_like(value):
        return _iri_of(value)
    return None


def _not_found(message: str, candidates: tuple[Match, ...]) -> EntityNotFoundError:
    return EntityNotFoundError(message, candidates=candidates)


def _ambiguous(message: str, candidates: tuple[Match, ...]) -> AmbiguousLabelError:
    return AmbiguousLabelError(message, candidates=candidates)


def _wrong_kind(message: str, *, iri: str, expected: str) -> WrongKindError:
    return WrongKindError(message)
