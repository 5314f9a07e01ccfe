"""Validation reports a programme officer can act on: results, severities, messages, fixes.

A :class:`ValidationReport` holds every problem as a :class:`ValidationResult` with the entry's
name, a message in English and Spanish, a severity and a one-line fix. ``str(report)`` is a
plain-text report grouped by entry; ``to_dataframe()``, ``to_json()`` and ``to_csv()`` are for
tools; ``.graph`` is the raw SHACL validation report for experts. :func:`build_report` turns a
SHACL report graph (pyshacl's or the SPARQL engine's) into one.

Example:
    >>> ValidationReport(True, (), rdflib.Graph()).summary()
    'No problems: the data conforms to the habitatkg shapes.'
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib import RDF, SH, BNode, Literal, URIRef

from habitatkg._shacl._fix import _Fixer
from habitatkg._shacl._terms import _PREFIXES, _compact, _Labels, _path_text, _plural

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

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


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation: whether the data conforms, and every problem found.

    ``conforms`` is SHACL's: true only when there is no result at all, whatever its severity
    (a warning or a hint also means the data does not conform). To act on severities use
    :attr:`has_violations`, :attr:`has_warnings`, :attr:`has_infos` or :meth:`fails_at`.

    Example:
        >>> report = ValidationReport(True, (), rdflib.Graph())
        >>> report.conforms, report.has_violations, report.fails_at("warning")
        (True, False, False)
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

    @property
    def has_violations(self) -> bool:
        """Whether any result is a violation."""
        return any(r.severity is Severity.VIOLATION for r in self.results)

    @property
    def has_warnings(self) -> bool:
        """Whether any result is a warning."""
        return any(r.severity is Severity.WARNING for r in self.results)

    @property
    def has_infos(self) -> bool:
        """Whether any result is a hint (``sh:Info``)."""
        return any(r.severity is Severity.INFO for r in self.results)

    def fails_at(self, severity: Severity | str) -> bool:
        """Whether any result is at least as serious as ``severity``.

        Args:
            severity: ``"violation"``, ``"warning"`` or ``"info"`` (or a :class:`Severity`).

        Returns:
            ``fails_at("violation")`` is :attr:`has_violations`; ``fails_at("info")`` is
            ``not conforms``.
        """
        level = severity if isinstance(severity, Severity) else Severity(str(severity).title())
        return any(r.severity.rank <= level.rank for r in self.results)

    def only(self, severity: Severity | str) -> ValidationReport:
        """The report restricted to results at least as serious as ``severity``.

        Args:
            severity: ``"violation"``, ``"warning"`` or ``"info"`` (or a :class:`Severity`).

        Returns:
            A report with those results (its ``conforms`` and graph stay those of the whole
            validation).
        """
        level = severity if isinstance(severity, Severity) else Severity(str(severity).title())
        kept = tuple(r for r in self.results if r.severity.rank <= level.rank)
        return ValidationReport(self.conforms, kept, self.graph)

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
            "The data does not conform: fix the violations below."
            if self.has_violations
            else "No violations, but the data does not conform to the letter of SHACL: "
            "the warnings and hints below are advice."
        )
        for focus, results in self.by_entity().items():
            label = results[0].focus_label
            short = _compact(focus)
            lines += ["", label if label == short else f"{label} ({short})"]
            for r in results:
                value = f" [value: {r.value}]" if r.value is not None else ""
                if r.value is None and r.path and r.focus_label == PROTECTED_LABEL:
                    value = f" [property: {r.path}; value hidden]"  # the name is not repeated
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
    results, hidden, named = _hide_names(results, kept)
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
    conforms = not results  # SHACL: conforms only when there is no result at all
    graph = rdflib.Graph()
    for prefix in ("sh", "hk", "hkd", "hks", "rdfs", "xsd"):
        graph.bind(prefix, _PREFIXES[prefix])
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for node in kept:
        graph.add((report, SH.result, node))
        graph += report_graph.cbd(node)
    for node in hidden:
        graph.remove((node, SH.value, None))
    for iri, blank in ((URIRef(iri), BNode()) for iri in named):  # an IRI that holds a name
        for s, p, o in list(graph.triples((iri, None, None))) + list(
            graph.triples((None, None, iri))
        ):
            graph.remove((s, p, o))
            graph.add((blank if s == iri else s, p, blank if o == iri else o))
    return ValidationReport(conforms, tuple(results), graph)


#: What a report shows instead of the name (or label) of a protected person.
PROTECTED_LABEL = "a student, a child or a person whose name is withheld"


def _hide_names(
    results: list[ValidationResult], nodes: list[rdflib.term.Node]
) -> tuple[list[ValidationResult], list[rdflib.term.Node], set[str]]:
    """Results that never show a protected person's name: as value, label or IRI.

    The privacy rule's results (``hks:ProtectedPersonShape``) keep the property and the
    message, which say where the name is, but not the value; every result about one of
    those persons shows :data:`PROTECTED_LABEL` instead of their label, and an IRI the rule
    found to hold a name (its only result without a property) is shown as
    ``<namespace>(IRI withheld, ...)``.

    Returns:
        The results, the report nodes whose value to drop, and the IRIs that hold a name.
    """
    from habitatkg._privacy import SHAPE

    private = {i for i, r in enumerate(results) if r.shape == SHAPE}
    protected = {results[i].focus for i in private}
    named = {results[i].focus for i in private if results[i].path is None}
    masks = {iri: _masked(iri) for iri in named}
    masks.update({_compact(URIRef(iri)): mask for iri, mask in masks.items()})
    shown = [
        replace(
            r,
            focus=masks.get(r.focus, r.focus),
            value=None if i in private else masks.get(r.value or "", r.value),
            focus_label=PROTECTED_LABEL if r.focus in protected else r.focus_label,
        )
        for i, r in enumerate(results)
    ]
    return shown, [nodes[i] for i in private], named


def _masked(iri: str) -> str:
    """An IRI that holds a name, as reports show it: its namespace and a short digest."""
    import hashlib

    namespace = re.sub(r"[^/#:]*$", "", iri)
    digest = hashlib.sha256(iri.encode("utf-8")).hexdigest()[:6]
    return f"{namespace}(IRI withheld, {digest}: it holds a name)"


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
