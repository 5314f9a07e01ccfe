"""Names of students, children and withheld persons never enter a graph habitatkg serves.

The rule is the one the shapes state, ``hks:ProtectedPersonShape`` in
``shapes/habitat-shapes.ttl``: who is protected (a member through a membership with
``hk:StudentRole`` or ``hk:ChildRole``, or anyone marked ``hk:nameWithheld true``) and every
route that would name them (name properties, labels, comments, memberships, testimonials, the
IRI). This module runs that shape's SPARQL constraints, compiled by the in-store engine,
whenever data is written into a store (:class:`~habitatkg._store.MemoryStore` and the on-disk
store after every load, :class:`~habitatkg._endpoint.SparqlStore` before every upload) or
read into the docs' graph, and withholds what they find:

* every statement they report (the name, the label, the comment, the membership's title, the
  testimonial's words) is not admitted;
* a protected person whose IRI does not name a role is renamed to an IRI that does
  (``urn:habitatkg:withheld:person-withheld-<n>``), everywhere it occurs;
* one :class:`~habitatkg.PrivacyWarning` per entry says what was withheld and what to do,
  without repeating the name.

So ``export``, ``docs``, ``query`` and the question commands never show such a name, whatever
the files say; ``habitatkg validate FILE`` reads the files without this step, so it still
reports every naming route as a violation (with the value hidden, see
:mod:`habitatkg._shacl._report`).

Example:
    >>> import rdflib
    >>> graph = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix hk: <https://w3id.org/habitatkg/ontology#> .
    ...     <https://example.org/person-student-1> hk:nameWithheld true ;
    ...         hk:name "Zyxwv Qutrop" .''')
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     kept = withhold_graph(graph)
    >>> len(graph), len(kept), "Zyxwv" in str(caught[0].message)
    (2, 1, False)
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import SH

from habitatkg import _paths
from habitatkg._errors import PrivacyWarning

__all__ = ["SHAPE", "Withheld", "plan", "withhold_graph", "withhold_store", "withhold_triples"]

#: The shape that states the rule (its SPARQL constraints are what is withheld).
SHAPE = "https://w3id.org/habitatkg/shapes#ProtectedPersonShape"
_SHAPES_ONTOLOGY = "https://w3id.org/habitatkg/shapes"
_RENAMED = "urn:habitatkg:withheld:person-withheld-"
_HK_NAME = "https://w3id.org/habitatkg/ontology#name"
#: The super-properties of hk:name (ontology/habitat.ttl), schema.org under both schemes.
_IMPLIED = (
    "http://xmlns.com/foaf/0.1/name",
    "https://schema.org/name",
    "http://schema.org/name",
)
_SALT = secrets.token_hex(8)  # renamed IRIs are stable within a process, unguessable across


@dataclass
class Withheld:
    """What was withheld about one protected entry.

    Attributes:
        entity: The entry (its new IRI when it was renamed), never a name.
        properties: The properties whose statements were not admitted (short forms).
        dropped: How many statements were not admitted.
        renamed: Whether the entry's IRI was replaced.
    """

    entity: str
    properties: set[str] = field(default_factory=set)
    dropped: int = 0
    renamed: bool = False

    def message(self) -> str:
        """The warning: what was withheld and what to do (no name, no old IRI)."""
        parts = []
        if self.dropped:
            props = ", ".join(sorted(self.properties))
            count = "1 statement" if self.dropped == 1 else f"{self.dropped} statements"
            verb = "was" if self.dropped == 1 else "were"
            parts.append(f"{count} naming them ({props}) {verb} not loaded")
        if self.renamed:
            parts.append("their IRI did not name a role, so they were loaded under this one")
        return (
            f"{self.entity} is a student, a child or a person whose name is withheld: "
            + " and ".join(parts)
            + ". Describe the person by role only in your file (for example rdfs:label "
            '"Student of Preparatoria Oficial 94 (name withheld)"@en and an IRI such as '
            "hkd:person-student-prepa-94); `habitatkg validate FILE` shows each place."
        )


@dataclass(frozen=True)
class _Plan:
    """Statements to drop and IRIs to rename, as pyoxigraph terms."""

    drop: frozenset[ox.Triple]
    rename: dict[ox.NamedNode, ox.NamedNode]
    withheld: tuple[Withheld, ...]


def _stamp(files: Iterable[Any]) -> tuple[tuple[str, float, int], ...]:
    return tuple((str(p), p.stat().st_mtime, p.stat().st_size) for p in files)


@functools.lru_cache(maxsize=2)
def _queries(
    shapes_stamp: tuple[tuple[str, float, int], ...],
    data_stamp: tuple[tuple[str, float, int], ...],
) -> tuple[str, ...]:
    """The compiled SPARQL constraints of :data:`SHAPE` (cached while the files are the same).

    Twice: for the shape's own target, and for the protected persons of the packaged data
    (``sh:targetNode``), who stay protected in a store that lacks the memberships that make
    them so (a file may name the curated student in a store loaded without the curated data).
    """
    from habitatkg._shacl._compiler import _Compiler
    from habitatkg._store import MemoryStore

    shapes = rdflib.Graph()
    for path, _, _ in shapes_stamp:
        shapes.parse(path, format="turtle")
    shape = rdflib.URIRef(SHAPE)
    rule = rdflib.Graph()
    rule += shapes.cbd(shape)
    rule += shapes.cbd(rdflib.URIRef(_SHAPES_ONTOLOGY))
    curated = rdflib.Graph()
    curated += rule
    curated.remove((shape, SH.target, None))
    packaged = MemoryStore(_packaged_store(data_stamp), withhold=False)
    for target in rule.objects(shape, SH.target):
        for node, *_ in packaged.query(str(rule.value(target, SH.select))).rows:
            if isinstance(node, ox.NamedNode):
                curated.add((shape, SH.targetNode, rdflib.URIRef(node.value)))
    queries = []
    for graph in (rule, curated) if (shape, SH.targetNode, None) in curated else (rule,):
        checks = _Compiler(graph, None, None, inference="none").checks()
        queries += [check.query for check in checks if check.constraint is not None]
    return tuple(queries)


#: The compiled constraints, kept with the digest of the packaged files they come from
#: (``python tools/build_privacy_rule.py`` writes it; tests/test_privacy.py checks it is current).
RULE_FILE = Path(__file__).with_name("_privacy_rule.json")


def rule_digest() -> str:
    """The SHA-256 of the packaged shapes and data files (names and bytes), in order."""
    digest = hashlib.sha256()
    for path in [*_paths.shapes_files(), *_paths.data_files()]:
        digest.update(path.name.encode("utf-8") + b"\x00" + path.read_bytes() + b"\x00")
    return digest.hexdigest()


def rule_file_text() -> str:
    """The text of :data:`RULE_FILE` for the packaged files as they are now (compiled afresh)."""
    shapes, data = _stamp(_paths.shapes_files()), _stamp(_paths.data_files())
    rule = {"digest": rule_digest(), "queries": list(_queries(shapes, data))}
    return json.dumps(rule, indent=1, ensure_ascii=False) + "\n"


@functools.lru_cache(maxsize=2)
def _rule(
    shapes_stamp: tuple[tuple[str, float, int], ...],
    data_stamp: tuple[tuple[str, float, int], ...],
) -> tuple[str, ...]:
    """The compiled constraints: from :data:`RULE_FILE` if it is current, else compiled."""
    try:
        kept = json.loads(RULE_FILE.read_text(encoding="utf-8"))
        if kept["digest"] == rule_digest():
            return tuple(str(query) for query in kept["queries"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return _queries(shapes_stamp, data_stamp)


def _compiled() -> tuple[str, ...]:
    return _rule(_stamp(_paths.shapes_files()), _stamp(_paths.data_files()))


def _short(iri: str) -> str:
    from habitatkg._shacl._terms import _compact

    return _compact(rdflib.URIRef(iri))


def plan(store: Any) -> _Plan:
    """What to withhold in ``store`` (anything with a SPARQL ``query``), changing nothing.

    Args:
        store: A :class:`~habitatkg._store.MemoryStore` (or another ``GraphStore``).

    Returns:
        The statements to drop, the IRIs to rename and one :class:`Withheld` per entry.
    """
    drop: set[ox.Triple] = set()
    rename: dict[ox.NamedNode, ox.NamedNode] = {}
    entries: dict[Any, Withheld] = {}
    for query in _compiled():
        answer = store.query(query)
        columns = list(answer.variables)
        for row in answer.rows:
            values = dict(zip(columns, row, strict=True))
            this, path, value = values.get("this"), values.get("path"), values.get("value")
            if this is None:
                continue
            if path is None:  # the IRI itself does not name a role
                if isinstance(this, ox.NamedNode) and this not in rename:
                    rename[this] = ox.NamedNode(_RENAMED + _hash(_SALT + this.value))
                    entries.setdefault(this, Withheld("")).renamed = True
                continue
            if value is None or not isinstance(path, ox.NamedNode):
                continue
            triple = ox.Triple(values.get("holder") or this, path, value)
            if triple not in drop:
                drop.add(triple)
                entry = entries.setdefault(this, Withheld(""))
                entry.dropped += 1
                entry.properties.add(_short(path.value))
                if path.value == _HK_NAME:  # and what it implies (the shape reports it once)
                    drop.update(ox.Triple(this, ox.NamedNode(p), value) for p in _IMPLIED)
    for this, entry in entries.items():
        target = rename.get(this, this)
        entry.entity = _short(target.value) if isinstance(target, ox.NamedNode) else "an entry"
    return _Plan(frozenset(drop), rename, tuple(entries.values()))


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _warn(withheld: Sequence[Withheld]) -> None:
    for entry in withheld:
        warnings.warn(entry.message(), PrivacyWarning, stacklevel=4)


def _renamed(triple: ox.Triple, rename: dict[ox.NamedNode, ox.NamedNode]) -> ox.Triple:
    s, p, o = triple.subject, triple.predicate, triple.object
    return ox.Triple(rename.get(s, s), p, rename.get(o, o))  # type: ignore[arg-type]


def withhold_store(store: Any, *, warn: bool = True) -> tuple[Withheld, ...]:
    """Withhold the names of protected persons in a store's default graph, in place.

    Args:
        store: A :class:`~habitatkg._store.MemoryStore` (or the on-disk store).
        warn: Give one :class:`~habitatkg.PrivacyWarning` per entry.

    Returns:
        What was withheld (empty when nothing was).
    """
    found = plan(store)
    if not found.withheld:
        return ()
    native: ox.Store = store.native
    default = ox.DefaultGraph()
    removed = [ox.Quad(t.subject, t.predicate, t.object, default) for t in found.drop]
    for old in found.rename:
        removed += native.quads_for_pattern(old, None, None, default)
        removed += native.quads_for_pattern(None, None, old, default)
    added = [
        ox.Quad(*_renamed(q.triple, found.rename), default)  # type: ignore[call-arg]
        for q in removed
        if q.triple not in found.drop
    ]
    store.replace(removed, added)
    if warn:
        _warn(found.withheld)
    return found.withheld


def _scratch(triples: Iterable[ox.Triple]) -> Any:
    """A store with ``triples`` and the packaged data (which says who is protected)."""
    from habitatkg._store import MemoryStore

    native = _packaged_store(_stamp(_paths.data_files()))
    native.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return MemoryStore(native, withhold=False)


@functools.lru_cache(maxsize=1)
def _packaged_dump(data_stamp: tuple[tuple[str, float, int], ...]) -> bytes:
    native = ox.Store()
    for path, _, _ in data_stamp:
        native.bulk_load(path=path, format=ox.RdfFormat.TURTLE, base_iri=Path(path).as_uri())
    return native.dump(format=ox.RdfFormat.N_QUADS) or b""


def _packaged_store(data_stamp: tuple[tuple[str, float, int], ...]) -> ox.Store:
    """A new store holding the packaged data (which says who is protected)."""
    native = ox.Store()
    native.bulk_load(_packaged_dump(data_stamp), format=ox.RdfFormat.N_QUADS)
    return native


def withhold_triples(triples: Sequence[ox.Triple], *, warn: bool = True) -> list[ox.Triple]:
    """``triples`` without what names a protected person (for uploads to a SPARQL server).

    The packaged data is taken into account (a file may name a curated student without
    repeating the membership that makes them one).

    Args:
        triples: The triples about to be sent.
        warn: Give one :class:`~habitatkg.PrivacyWarning` per entry.

    Returns:
        The triples to send.
    """
    found = plan(_scratch(triples))
    if not found.withheld:
        return list(triples)
    if warn:
        _warn(found.withheld)
    return [_renamed(t, found.rename) for t in triples if t not in found.drop]


def withhold_graph(graph: rdflib.Graph, *, warn: bool = True) -> rdflib.Graph:
    """``graph``, or a copy of it without what names a protected person (for the docs).

    Args:
        graph: The data (never changed).
        warn: Give one :class:`~habitatkg.PrivacyWarning` per entry.

    Returns:
        ``graph`` itself when nothing is withheld, otherwise a new graph.
    """
    data = graph.serialize(format="nt", encoding="utf-8")
    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    found = plan(_scratch(triples))
    if not found.withheld:
        return graph
    from habitatkg._shacl._engine import _to_rdflib

    kept = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        kept.bind(prefix, namespace, override=False)
    for triple in triples:
        if triple not in found.drop:
            renamed = _renamed(triple, found.rename)
            kept.add(
                (
                    _to_rdflib(renamed.subject),
                    _to_rdflib(renamed.predicate),
                    _to_rdflib(renamed.object),
                )
            )
    if warn:
        _warn(found.withheld)
    return kept
