"""Check data against the habitatkg SHACL shapes, with reports a programme officer can act on.

:func:`validate` checks RDF files (your own data, by default without the curated data);
:func:`validate_graph` checks an rdflib graph. Both return a :class:`ValidationReport`: each
problem is a :class:`ValidationResult` with the entry's name, a message in English and
Spanish, a severity and a one-line fix. ``str(report)`` is a plain-text report grouped by
entry; ``to_dataframe()``, ``to_json()`` and ``to_csv()`` are for tools; ``.graph`` is the
raw SHACL validation report for experts.

How validation runs: pyshacl with the ontology as ``ont_graph`` and RDFS inference, so that a
shape targeting ``hk:Activity`` also checks every ``hk:Project``. The ontology is given
without its ``rdfs:domain``/``rdfs:range`` axioms: under RDFS they would type every linked node
as whatever the link expects and no ``sh:class`` check could fail (the shapes restate domains
and ranges as closed-world checks). SPARQL text is parsed once per validation, not once per
focus node (a cache around rdflib's SPARQL processor while pyshacl runs).

Example:
    >>> import rdflib
    >>> data = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix hk: <https://w3id.org/habitatkg/ontology#> .
    ...     <https://example.org/q> a hk:Quantity ; hk:value -3 .''')
    >>> report = validate_graph(data)
    >>> report.conforms
    False
    >>> "problems in 1 entity" in report.summary(), len(report.violations) > 0
    (True, True)
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib import RDF, RDFS, SH, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS

from habitatkg import _load, _paths
from habitatkg._errors import DataFormatError, HabitatKGError, ShapesError, ValidatorError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "Severity",
    "ShapesError",
    "ValidationReport",
    "ValidationResult",
    "ValidatorError",
    "validate",
    "validate_graph",
]

HK = "https://w3id.org/habitatkg/ontology#"
HKD = "https://w3id.org/habitatkg/data/"
HKS = "https://w3id.org/habitatkg/shapes#"
_PREFIXES = {
    "hk": HK,
    "hkd": HKD,
    "ex": "https://w3id.org/habitatkg/example/",
    "hks": HKS,
    "sdg": "http://metadata.un.org/sdg/",
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": str(SKOS),
    "sh": str(SH),
}
_FIX = URIRef(HKS + "fix")
_XSD = _PREFIXES["xsd"]
_DATATYPE_WORDS = {
    "integer": "a whole number without quotes, e.g. 2022",
    "decimal": "a number without quotes, e.g. 582 or 12.5",
    "boolean": "true or false, without quotes",
    "date": 'a date, e.g. "2023-06-27"^^xsd:date',
    "anyURI": 'a web address, e.g. "https://…"^^xsd:anyURI',
    "string": "a text in quotes",
}
_COLUMNS = (
    "focus",
    "focus_label",
    "severity",
    "path",
    "value",
    "message",
    "message_es",
    "fix",
    "shape",
    "component",
)


class Severity(Enum):
    """How serious a problem is: a violation breaks the rules, a warning or hint is advice."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def rank(self) -> int:
        """0 for violations, 1 for warnings, 2 for hints (sort key)."""
        return ("Violation", "Warning", "Info").index(self.value)

    @classmethod
    def from_iri(cls, iri: object) -> Severity:
        """The severity of a SHACL severity IRI (``sh:Violation``...); unknown: a violation."""
        local = str(iri).rsplit("#", 1)[-1]
        return cls(local) if local in ("Warning", "Info") else cls.VIOLATION


@dataclass(frozen=True)
class ValidationResult:
    """One problem found in the data.

    Attributes:
        focus: IRI (or blank-node id) of the entry with the problem.
        focus_label: Its English name, or its short IRI if it has no name.
        path: The property concerned (a short IRI such as ``hk:educationalLevel``), if any.
        value: The offending value, if any, as text.
        severity: :class:`Severity`.
        message: What is wrong and what to do, in English.
        message_es: The same in Spanish.
        shape: IRI of the shape that found the problem (e.g. ``hks:SchoolShape``, full IRI).
        fix: A one-line hint derived from the shape, e.g. "add hk:educationalLevel (1 value)…".
        component: The SHACL constraint component (e.g. ``MinCountConstraintComponent``).
    """

    focus: str
    focus_label: str
    path: str | None
    value: str | None
    severity: Severity
    message: str
    message_es: str
    shape: str
    fix: str
    component: str

    def to_dict(self) -> dict[str, str | None]:
        """The result as a flat dictionary (severity as text)."""
        return {
            name: (self.severity.value if name == "severity" else getattr(self, name))
            for name in _COLUMNS
        }


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else ("es" if noun.endswith("ch") else "s"))


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation: whether the data conforms, and every problem found.

    ``conforms`` is true when there is no violation (warnings and hints are advice).
    """

    conforms: bool
    results: tuple[ValidationResult, ...]
    graph: rdflib.Graph = field(compare=False, repr=False)

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """The results of severity :attr:`Severity.VIOLATION`."""
        return tuple(r for r in self.results if r.severity is Severity.VIOLATION)

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        """The results of severity :attr:`Severity.WARNING`."""
        return tuple(r for r in self.results if r.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[ValidationResult, ...]:
        """The results of severity :attr:`Severity.INFO` (hints)."""
        return tuple(r for r in self.results if r.severity is Severity.INFO)

    def __iter__(self) -> Iterator[ValidationResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def by_entity(self) -> dict[str, tuple[ValidationResult, ...]]:
        """The results grouped by entry (focus IRI), the entries with the worst problems first."""
        groups: dict[str, list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault(result.focus, []).append(result)
        order = sorted(
            groups,
            key=lambda f: (
                min(r.severity.rank for r in groups[f]),
                groups[f][0].focus_label.lower(),
                f,
            ),
        )
        return {focus: tuple(groups[focus]) for focus in order}

    def summary(self) -> str:
        """One line, e.g. ``3 problems in 2 entities (2 violations, 1 warning)``."""
        if not self.results:
            return "No problems: the data conforms to the habitatkg shapes."
        counts = [_plural(len(self.violations), "violation")]
        if self.warnings:
            counts.append(_plural(len(self.warnings), "warning"))
        if self.infos:
            counts.append(_plural(len(self.infos), "hint"))
        entities = len({r.focus for r in self.results})
        return (
            f"{_plural(len(self.results), 'problem')} in {entities} "
            f"{'entity' if entities == 1 else 'entities'} ({', '.join(counts)})"
        )

    def __str__(self) -> str:
        lines = [self.summary()]
        if not self.results:
            return lines[0]
        lines.append(
            "The data conforms: the warnings and hints below are advice."
            if self.conforms
            else "The data does not conform: fix the violations below."
        )
        for focus, results in self.by_entity().items():
            label = results[0].focus_label
            short = _compact(focus)
            lines += ["", label if label == short else f"{label} ({short})"]
            for r in results:
                value = f" [value: {r.value}]" if r.value is not None else ""
                lines.append(f"  - {r.severity.value.upper()}: {r.message}{value}")
                lines.append(f"    fix: {r.fix}")
        return "\n".join(lines)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per result.

        Columns: ``focus, focus_label, severity, path, value, message, message_es, fix, shape,
        component``.
        """
        import pandas as pd

        return pd.DataFrame([r.to_dict() for r in self.results], columns=list(_COLUMNS))

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON: ``conforms``, the counts and the list of results."""
        return json.dumps(
            {
                "conforms": self.conforms,
                "summary": self.summary(),
                "violations": len(self.violations),
                "warnings": len(self.warnings),
                "infos": len(self.infos),
                "results": [r.to_dict() for r in self.results],
            },
            ensure_ascii=False,
            indent=indent,
        )

    def to_csv(self) -> str:
        """The results as CSV text with a header row (the columns of :meth:`to_dataframe`)."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(r.to_dict() for r in self.results)
        return buffer.getvalue()

    def _repr_html_(self) -> str:
        esc = html.escape
        colours = {
            Severity.VIOLATION: "#b00020",
            Severity.WARNING: "#9a6700",
            Severity.INFO: "#0b5cad",
        }
        parts = [f"<div class='habitatkg-validation'><p><strong>{esc(self.summary())}</strong></p>"]
        for focus, results in self.by_entity().items():
            parts.append(
                f"<p><strong>{esc(results[0].focus_label)}</strong> "
                f"<code>{esc(_compact(focus))}</code></p><ul>"
            )
            for r in results:
                parts.append(
                    f"<li><span style='color:{colours[r.severity]};font-weight:bold'>"
                    f"{esc(r.severity.value)}</span> {esc(r.message)}<br>"
                    f"<em>fix:</em> {esc(r.fix)}</li>"
                )
            parts.append("</ul>")
        return "".join(parts) + "</div>"


# ---------------------------------------------------------------------------------------------
# Public functions


def validate(
    *files: str | os.PathLike[str],
    format: str | None = None,
    include_packaged_data: bool = False,
) -> ValidationReport:
    """Check RDF files against the habitatkg shapes, together with the packaged ontology.

    Every file is read and checked for unknown ``hk:`` terms before anything is validated, so
    a bad file stops the whole run with one clear error. Only the entries your files describe
    are reported on; curated entries they link to (``hkd:...``) are looked up in the packaged
    data so that links to them count as described, but are not themselves checked unless
    ``include_packaged_data`` is true. With no files, the curated data is checked.

    Args:
        *files: RDF files (Turtle, N-Triples, JSON-LD, RDF/XML, ...).
        format: Force one format for every file (``"turtle"``, ``"ntriples"``, ``"jsonld"``,
            ``"rdfxml"``...); by default told from each extension.
        include_packaged_data: Also check the curated data (data/*.ttl), together with yours.

    Returns:
        The report.

    Raises:
        DataFileNotFoundError, UnknownFormatError, DataFormatError, EmptyDataError: A file
            cannot be read (the message names it, and the line).
        UnknownTermError: A file uses ``hk:`` terms the ontology does not define.
        ShapesError, ValidatorError: The shapes or the validator failed.
    """
    ontology = _packaged_ontology()
    graphs = []
    for file in files:
        graph = _load.read_rdf(file, format=format)
        _load.check_known_terms(graph, ontology, source=os.fspath(file))
        graphs.append(graph)
    user = rdflib.Graph()
    for graph in graphs:
        user += graph
    if not files or include_packaged_data:
        return _run(user + _packaged_data(), _packaged_shapes(), ontology, report_on=None)
    report_on: set[rdflib.term.Node] = {
        s for s in user.subjects() if isinstance(s, (URIRef, BNode))
    }
    try:
        context = _curated_context(user, _packaged_data())
    except HabitatKGError:  # no curated data installed: links to hkd: entries stay undescribed
        context = rdflib.Graph()
    return _run(user + context, _packaged_shapes(), ontology, report_on=report_on)


def validate_graph(
    data: rdflib.Graph,
    *,
    shapes: rdflib.Graph | str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    ontology: rdflib.Graph
    | str
    | os.PathLike[str]
    | Sequence[str | os.PathLike[str]]
    | None = None,
) -> ValidationReport:
    """Check an rdflib graph against the shapes; every entry in the graph is reported on.

    Args:
        data: The data (it may include the ontology; it is not modified).
        shapes: Shapes graph or file(s); the packaged shapes by default.
        ontology: Ontology graph or file(s); the packaged ontology by default.

    Returns:
        The report.

    Raises:
        ShapesError, ValidatorError: The shapes or the validator failed.
        LoadError: A shapes or ontology file cannot be read.
    """
    shapes_graph = _packaged_shapes() if shapes is None else _as_graph(shapes, "shapes")
    ontology_graph = _packaged_ontology() if ontology is None else _as_graph(ontology, "ontology")
    return _run(data, shapes_graph, ontology_graph, report_on=None)


# ---------------------------------------------------------------------------------------------
# Loading the packaged files (cached while they do not change)


def _stamp(paths: Iterable[Path]) -> tuple[tuple[str, float, int], ...]:
    return tuple((str(p), p.stat().st_mtime, p.stat().st_size) for p in paths)


@functools.lru_cache(maxsize=4)
def _read_cached(stamp: tuple[tuple[str, float, int], ...]) -> rdflib.Graph:
    return _load.read_rdf_files([entry[0] for entry in stamp])


def _packaged_ontology() -> rdflib.Graph:
    return _read_cached(_stamp(_paths.ontology_files()))


def _packaged_data() -> rdflib.Graph:
    return _read_cached(_stamp(_paths.data_files()))


def _packaged_shapes() -> rdflib.Graph:
    try:
        return _read_cached(_stamp(_paths.shapes_files()))
    except DataFormatError as error:
        raise ShapesError(f"the packaged SHACL shapes do not parse: {error}") from error


def _as_graph(source: object, what: str) -> rdflib.Graph:
    if isinstance(source, rdflib.Graph):
        return source
    paths = [source] if isinstance(source, (str, os.PathLike)) else list(source)  # type: ignore[call-overload]
    if not paths:
        raise ShapesError(f"no {what} files given")
    return _load.read_rdf_files(paths)


def _curated_context(user: rdflib.Graph, curated: rdflib.Graph) -> rdflib.Graph:
    """What the curated data says about the ``hkd:`` entries the user's data mentions.

    Entries the user describes get their whole curated description (so they validate as a
    whole); entries only linked to get their type and name (so links to them count as
    described). Neither is reported on unless the user's data describes it.
    """
    context = rdflib.Graph()
    subjects = set(user.subjects())
    mentioned = {
        n for t in user for n in (t[0], t[2]) if isinstance(n, URIRef) and str(n).startswith(HKD)
    }
    for node in mentioned & subjects:
        for p, o in curated.predicate_objects(node):
            context.add((node, p, o))
    for node in {n for t in context for n in (t[0], t[2]) if isinstance(n, URIRef)} | mentioned:
        if node not in subjects:
            for p in (RDF.type, RDFS.label):
                for o in curated.objects(node, p):
                    context.add((node, p, o))
    return context


# ---------------------------------------------------------------------------------------------
# Running pyshacl


def _strip(graph: rdflib.Graph) -> rdflib.Graph:
    """A new graph: ``graph`` without ``rdfs:domain``/``rdfs:range`` (see the module docstring)."""
    stripped = rdflib.Graph()
    stripped.addN((s, p, o, stripped) for s, p, o in graph if p not in (RDFS.domain, RDFS.range))
    return stripped


#: What the validator needs from the ontology: types, hierarchies, names (not definitions).
_AXIOMS = (
    RDF.type,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.label,
    SKOS.inScheme,
    URIRef("http://www.w3.org/2002/07/owl#equivalentClass"),
)


def _validator_view(ontology: rdflib.Graph) -> rdflib.Graph:
    view = rdflib.Graph()
    view.addN((s, p, o, view) for s, p, o in ontology if p in _AXIOMS)
    return view


@functools.lru_cache(maxsize=2)
def _packaged_validator_view(stamp: tuple[tuple[str, float, int], ...]) -> rdflib.Graph:
    return _validator_view(_read_cached(stamp))


def _ontology_for_validator(ontology: rdflib.Graph) -> rdflib.Graph:
    """The ontology as pyshacl gets it: no domains/ranges, no definitions (faster inference)."""
    stamp = _stamp(_paths.ontology_files())
    return (
        _packaged_validator_view(stamp)
        if ontology is _read_cached(stamp)
        else _validator_view(ontology)
    )


_PATCH_LOCK = threading.Lock()
_patch_depth = 0


@functools.lru_cache(maxsize=512)
def _prepared(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Any:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(namespaces) or None)


@contextmanager
def _prepared_queries() -> Iterator[None]:
    """While pyshacl runs, reuse parsed SPARQL instead of parsing it again for each node."""
    global _patch_depth
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    original = SPARQLProcessor.query

    def query(
        self: Any,
        query: Any,
        initBindings: Any = None,
        initNs: Any = None,
        base: Any = None,
        DEBUG: bool = False,
    ) -> Any:
        if isinstance(query, str):
            names = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            query = _prepared(query, base, names)
        return original(self, query, initBindings, initNs, base, DEBUG)

    with _PATCH_LOCK:
        if _patch_depth == 0:
            SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
        _patch_depth += 1
    try:
        yield
    finally:
        with _PATCH_LOCK:
            _patch_depth -= 1
            if _patch_depth == 0:
                SPARQLProcessor.query = original  # type: ignore[method-assign]


def _run(
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph,
    *,
    report_on: set[rdflib.term.Node] | None,
) -> ValidationReport:
    import pyshacl

    working = _strip(data)  # a fresh copy: pyshacl adds the ontology and inferences to it
    if len(shapes) == 0 or not any(shapes.triples((None, RDF.type, SH.NodeShape))):
        raise ShapesError("the SHACL shapes graph holds no sh:NodeShape")
    try:
        with _prepared_queries():
            _, report_graph, _ = pyshacl.validate(
                working,
                shacl_graph=shapes,
                ont_graph=_ontology_for_validator(ontology),
                inference="rdfs",
                advanced=True,
                inplace=True,
                allow_warnings=True,
                allow_infos=True,
            )
    except HabitatKGError:
        raise
    except Exception as error:  # pyshacl raises many kinds; none escapes as a traceback
        name = type(error).__name__
        if "Shape" in name or "Constraint" in name:
            raise ShapesError(f"the SHACL shapes cannot be used ({name}): {error}") from error
        raise ValidatorError(f"the SHACL validation could not run ({name}): {error}") from error
    return _report(report_graph, working, shapes, ontology, report_on)


# ---------------------------------------------------------------------------------------------
# Turning pyshacl's report graph into results


def _report(
    report_graph: rdflib.Graph,
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph,
    report_on: set[rdflib.term.Node] | None,
) -> ValidationReport:
    labels = _Labels(data, ontology)
    kept: list[rdflib.term.Node] = []
    results: list[ValidationResult] = []
    nested = set(report_graph.objects(None, SH.detail))  # why an sh:node failed: not a result
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        if node in nested:
            continue
        focus = report_graph.value(node, SH.focusNode)
        if report_on is not None and focus not in report_on:
            continue
        kept.append(node)
        results.append(_result(report_graph, node, focus, shapes, labels))
    results.sort(
        key=lambda r: (
            r.severity.rank,
            r.focus_label.lower(),
            r.focus,
            r.path or "",
            r.message,
            r.component,
            r.value or "",
        )
    )
    conforms = not any(r.severity is Severity.VIOLATION for r in results)
    graph = rdflib.Graph()
    for prefix in ("sh", "hk", "hkd", "hks", "rdfs", "xsd"):
        graph.bind(prefix, _PREFIXES[prefix])
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for node in kept:
        graph.add((report, SH.result, node))
        graph += report_graph.cbd(node)
    return ValidationReport(conforms, tuple(results), graph)


def _result(
    g: rdflib.Graph, node: rdflib.term.Node, focus: Any, shapes: rdflib.Graph, labels: _Labels
) -> ValidationResult:
    source = g.value(node, SH.sourceShape)
    component = str(g.value(node, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
    path = g.value(node, SH.resultPath)
    value = g.value(node, SH.value)
    constraint = g.value(node, SH.sourceConstraint)
    templates = [
        m for n in (constraint, source) if n is not None for m in shapes.objects(n, SH.message)
    ]
    tagged = [(_language(m, templates), str(m)) for m in g.objects(node, SH.resultMessage)]
    english = sorted(text for lang, text in tagged if lang == "en") or [
        text for lang, text in tagged if lang is None
    ]
    spanish = sorted(text for lang, text in tagged if lang == "es")
    message = english[0] if english else f"{component} failed"
    owner = source
    if isinstance(source, BNode):
        owner = next(shapes.subjects(SH.property, source), source)
    return ValidationResult(
        focus=str(focus),
        focus_label=labels.of(focus),
        path=_path_text(g, path),
        value=None
        if value is None or isinstance(value, BNode)
        else _compact(value)
        if isinstance(value, URIRef)
        else str(value),
        severity=Severity.from_iri(g.value(node, SH.resultSeverity)),
        message=message,
        message_es=spanish[0] if spanish else message,
        shape=str(owner) if isinstance(owner, URIRef) else _compact(owner),
        fix=_Fixer(shapes, labels).fix(source, constraint, component, path, g),
        component=component,
    )


def _language(message: Any, templates: list[Any]) -> str | None:
    """The language of a result message; pyshacl drops the tag when it fills in ``{?var}``."""
    if getattr(message, "language", None):
        return str(message.language)
    for template in templates:
        pattern = "(?s:.*)".join(
            re.escape(part) for part in re.split(r"\{[?$]\w+\}", str(template))
        )
        if getattr(template, "language", None) and re.fullmatch(pattern, str(message)):
            return str(template.language)
    return None


def _compact(node: object) -> str:
    text = str(node)
    for prefix, namespace in _PREFIXES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return (
        f"<{text}>"
        if isinstance(node, URIRef)
        else (f"_:{text}" if isinstance(node, BNode) else text)
    )


def _path_text(g: rdflib.Graph, path: object) -> str | None:
    if path is None:
        return None
    if isinstance(path, BNode):
        inverse = g.value(path, SH.inversePath)
        return f"inverse of {_compact(inverse)}" if inverse is not None else "(a complex path)"
    return _compact(path)


class _Labels:
    """English names of entries (never hk:name: a withheld name must not leak into reports)."""

    def __init__(self, data: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.graphs = (data, ontology)

    def of(self, node: Any) -> str:
        for graph in self.graphs:
            found = list(graph.objects(node, RDFS.label)) or list(
                graph.objects(node, SKOS.prefLabel)
            )
            if found:
                found.sort(key=lambda lit: (getattr(lit, "language", None) != "en", str(lit)))
                return str(found[0])
        return _compact(node)


class _Fixer:
    """Derives a one-line fix from the shape (or its ``hks:fix``) and the constraint component."""

    def __init__(self, shapes: rdflib.Graph, labels: _Labels) -> None:
        self.shapes = shapes
        self.labels = labels

    def fix(
        self, shape: Any, constraint: Any, component: str, path: Any, report: rdflib.Graph
    ) -> str:
        s = self.shapes
        for node in (constraint, shape):
            if node is not None and (text := s.value(node, _FIX)) is not None:
                return str(text)
        where = _path_text(report, path) or "it"
        number = lambda p: s.value(shape, p)  # noqa: E731
        name = component.removesuffix("ConstraintComponent")
        if name == "MinCount":
            low, high = int(number(SH.minCount)), self._sibling(shape, SH.maxCount)
            amount = (
                f"{low} value"
                if high is not None and int(high) == low == 1
                else f"at least {_plural(low, 'value')}"
            )
            return f"add {where} ({amount}){self._kind(shape)}"
        if name == "MaxCount":
            high = int(number(SH.maxCount))
            return (
                f"remove {where}"
                if high == 0
                else f"keep at most {_plural(high, 'value')} of {where} and remove the others"
            )
        if name == "In":
            return (
                f"use one of: {self._choices(number(SH['in']))}"
                if path is None
                else f"change {where} to one of: {self._choices(number(SH['in']))}"
            )
        if name == "Class":
            cls = _compact(number(SH["class"]))
            return (
                f"give this entry the type {cls} (rdf:type {cls}), "
                "or remove the properties meant for it"
                if path is None
                else f"point {where} to an entry described with rdf:type {cls} (or a subclass)"
            )
        if name in ("Datatype", "Or"):
            types = (
                [number(SH.datatype)]
                if name == "Datatype"
                else [s.value(m, SH.datatype) for m in Collection(s, number(SH["or"]))]
            )
            words = " or ".join(
                dict.fromkeys(
                    _DATATYPE_WORDS.get(str(t).removeprefix(_XSD), _compact(t))
                    for t in types
                    if t is not None
                )
            )
            if words:
                return f"write {where} as {words}"
            # an sh:or of alternatives that are not datatypes: name the properties to add
            paths = (
                [
                    _compact(p)
                    for m in Collection(s, number(SH["or"]))
                    if (p := s.value(m, SH.path)) is not None
                ]
                if name == "Or"
                else []
            )
            return f"add {' or '.join(paths)}" if paths else "see the message"
        if name in ("MinInclusive", "MaxInclusive", "MinExclusive", "MaxExclusive"):
            bounds = [
                f"{sign} {number(p)}"
                for p, sign in (
                    (SH.minInclusive, "≥"),
                    (SH.minExclusive, ">"),
                    (SH.maxInclusive, "≤"),
                    (SH.maxExclusive, "<"),
                )
                if number(p) is not None
            ]
            return f"use a value of {where} {' and '.join(bounds)}"
        if name == "Pattern":
            return f"write {where} so that it matches the pattern {number(SH.pattern)}"
        if name == "QualifiedMinCount":
            qualified = number(SH.qualifiedValueShape)
            langs = s.value(qualified, SH.languageIn)
            if langs is not None:
                lang = ", ".join(str(x) for x in Collection(s, langs))
                return f'add {where} "…"@{lang}'
            cls = s.value(qualified, SH["class"])
            return f"add {where} pointing to an entry of type {_compact(cls)}"
        if name == "UniqueLang":
            return f"keep one {where} per language (use skos:altLabel for other names)"
        if name == "NodeKind":
            kind = str(number(SH.nodeKind)).rsplit("#", 1)[-1]
            return (
                f"write {where} as a text in quotes"
                if kind == "Literal"
                else f"make {where} a link to an entry (e.g. hkd:…), not a text"
            )
        if name == "HasValue":
            return f"add {where} {_compact(number(SH.hasValue)).lower()}"
        if name == "Disjoint":
            return f"make {where} differ from {_compact(number(SH.disjoint))}"
        if name == "Node":
            return (
                f"point {where} to an entry described in the data (with rdfs:label), or describe it"
            )
        return "see the message"

    def _sibling(self, shape: Any, predicate: URIRef) -> Any:
        """``predicate``'s value on this property shape or another one with the same path."""
        found = self.shapes.value(shape, predicate)
        if found is not None:
            return found
        for sibling in self._siblings(shape):
            if (found := self.shapes.value(sibling, predicate)) is not None:
                return found
        return None

    def _siblings(self, shape: Any) -> list[Any]:
        path = self.shapes.value(shape, SH.path)
        owners = list(self.shapes.subjects(SH.property, shape))
        return [
            p
            for o in owners
            for p in self.shapes.objects(o, SH.property)
            if p != shape and self.shapes.value(p, SH.path) == path
        ]

    def _kind(self, shape: Any) -> str:
        """What the values must be, from sibling constraints: ' — one of: …' or ' — a …'."""
        for sibling in [shape, *self._siblings(shape)]:
            if (allowed := self.shapes.value(sibling, SH["in"])) is not None:
                return f" — one of: {self._choices(allowed)}"
        for sibling in [shape, *self._siblings(shape)]:
            if (cls := self.shapes.value(sibling, SH["class"])) is not None:
                return f" — a link to an entry of type {_compact(cls)}"
            if (datatype := self.shapes.value(sibling, SH.datatype)) is not None:
                word = _DATATYPE_WORDS.get(str(datatype).removeprefix(_XSD), _compact(datatype))
                return f" — {word}"
        return ""

    def _choices(self, members: Any) -> str:
        items = list(Collection(self.shapes, members))
        shown = [
            f"{_compact(m)} ({self.labels.of(m)})"
            if isinstance(m, URIRef) and self.labels.of(m) != _compact(m)
            else _compact(m)
            for m in items
        ]
        if len(shown) <= 6:
            return ", ".join(shown)
        return f"{len(shown)} allowed values, e.g. {', '.join(shown[:3])}"
