"""Render a :class:`SiteModel` into a folder of pages through the package's Jinja2 templates.

One page per section (index, classes, properties, concept schemes, data, questions,
namespaces, downloads, SDG targets, diagrams), one per term and one per instance of the data,
each in English (``NAME.html``) and Spanish (``NAME.es.html``). All HTML comes from the
templates in ``templates/``; this module only prepares values. Links are relative, so the
folder works from disk, over HTTP, or copied into another site.

Example:
    >>> stem_for_kind("class", "School")
    'class-School'
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from rdflib import Graph

from habitatkg._docs._diagrams import PALETTE, Diagram
from habitatkg._docs._i18n import LANGS, QUESTIONS_ES, VALUES_ES, column_title, t
from habitatkg._docs._model import SiteModel, Term
from habitatkg._docs._names import HK, HKD, PREFIXES, SDG, compact, prefix_of
from habitatkg._docs._questions import Answer, Question, from_dataframe, question_number
from habitatkg._docs._shapes import Code, Constraint, Ref

ONTOLOGY_FILE = "habitatkg-ontology.ttl"
QUESTIONS_PAGE = "questions.html"
#: Rows of an answer shown on the page before "show all"; every row is in the CSV.
PAGE_ROWS = 50
_KIND_PREFIX = {
    "class": "class",
    "object": "property",
    "datatype": "property",
    "annotation": "property",
    "scheme": "scheme",
    "concept": "concept",
    "individual": "individual",
}
_SERIALIZATIONS = (
    ("ttl", "turtle", "Turtle"),
    ("nt", "nt", "N-Triples"),
    ("rdf", "xml", "RDF/XML"),
    ("jsonld", "json-ld", "JSON-LD"),
)
_FAMILIES = ("Agent", "Place", "Activity", "Document")
_SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
_ORG_ROLE = "http://www.w3.org/ns/org#Role"
_STATIC = ("style.css", "site.js")


def stem_for_kind(kind: str, local: str) -> str:
    """The file stem of a term's page.

    Args:
        kind: The term's kind (``class``, ``object``, ``concept``...).
        local: Its local name.

    Returns:
        The stem, such as ``class-School``.
    """
    return f"{_KIND_PREFIX.get(kind, 'term')}-{re.sub(r'[^A-Za-z0-9._-]', '_', local)}"


@dataclass
class Label:
    """A label and the language it is in (which may differ from the page's)."""

    text: str
    lang: str | None


class Renderer:
    """Values and helpers the templates use, for one language."""

    def __init__(self, model: SiteModel, lang: str, files: Mapping[str, str]) -> None:
        self.model = model
        self.lang = lang
        self.other = "es" if lang == "en" else "en"
        self.files = files
        self.stems: dict[str, str] = {}
        for term in model.terms.values():
            self.stems[term.iri] = stem_for_kind(term.kind, term.local)
        for instance in model.instances.values():
            self.stems[instance.iri] = f"data-{instance.slug}"

    # -- words and links ------------------------------------------------------------------
    def t(self, key: str) -> str:
        """Interface text in this page's language."""
        return t(key, self.lang)

    def url(self, stem: str, lang: str | None = None) -> str:
        """The file name of a page in this (or another) language."""
        lang = lang or self.lang
        return f"{stem}.html" if lang == "en" else f"{stem}.{lang}.html"

    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` goes: its page here, the SDG page, or the IRI itself."""
        if iri in self.stems:
            return self.url(self.stems[iri])
        if iri.startswith(SDG) and iri in self.model.sdg_notation:
            return self.url("sdg") + "#sdg-" + _anchor(self.model.sdg_notation[iri])
        if iri.startswith(("http://", "https://")) and not iri.startswith((HK, HKD)):
            return iri
        return None

    def label(self, iri: str) -> Label:
        """The label of ``iri`` in this language, or the English one marked as English."""
        if iri in self.model.terms:
            term = self.model.terms[iri]
            if self.lang == "es" and term.label_es:
                return Label(term.label_es, "es")
            return Label(term.label_en, "en")
        if iri in self.model.instances:
            inst = self.model.instances[iri]
            if self.lang == "es" and inst.label_es:
                return Label(inst.label_es, "es")
            return Label(inst.label_en, "en")
        en, es = self.model.labels.get(iri, (None, None))
        if self.lang == "es" and es:
            return Label(es, "es")
        if en:
            return Label(en, "en")
        return Label(compact(iri), None)

    def definition(self, term: Term) -> Label:
        """The term's definition in this language, or the English one marked as English."""
        if self.lang == "es" and term.definition_es:
            return Label(term.definition_es, "es")
        return Label(term.definition_en, "en")

    def text_lang(self, text: str, lang: str | None = None) -> str | None:
        """The language to mark a literal with on this page (``None``: the page's own)."""
        if lang:
            return lang if lang != self.lang else None
        if self.lang != "en" and _english_only(self.model, text):
            return "en"
        return None

    def compact(self, iri: str) -> str:
        """``prefix:local`` for an IRI."""
        return compact(iri)

    def pieces(self, parts: Iterable[Any]) -> list[tuple[str, Any]]:
        """An explanation as ``(kind, value)`` pairs: ``text``, ``ref`` (an IRI) or ``code``."""
        out: list[tuple[str, Any]] = []
        for part in parts:
            if isinstance(part, Ref):
                out.append(("ref", part.iri))
            elif isinstance(part, Code):
                out.append(("code", part.text))
            else:
                out.append(("text", str(part)))
        return out

    def rule_text(self, constraint: Constraint) -> list[tuple[str, Any]]:
        return self.pieces(constraint.es if self.lang == "es" else constraint.en)

    def messages(self, constraint: Constraint) -> list[tuple[str, str | None]]:
        """The rule's messages in this language (all of them when none is in it)."""
        mine = [m for m in constraint.messages if m[1] == self.lang]
        return mine or constraint.messages

    def licence_name(self, iri: str) -> str:
        if "creativecommons.org/licenses/" in iri:
            parts = [p for p in iri.split("creativecommons.org/licenses/", 1)[1].split("/") if p]
            return f"CC {parts[0].upper()} {parts[1] if len(parts) > 1 else ''}".strip()
        return iri

    def family(self, iri: str) -> int:
        """The family of a class (0 agents ... 5 other), as :func:`family`."""
        return family(self.model, iri)

    def terms_of(self, iris: Iterable[str]) -> list[Term]:
        return [self.model.terms[i] for i in iris if i in self.model.terms]

    def sort_iris(self, iris: Iterable[str]) -> list[str]:
        return sorted(iris, key=lambda i: (self.label(i).text.casefold(), i))

    def kind_title(self, term: Term) -> str:
        key = term.kind + ("_1" if term.kind in {"object", "datatype", "annotation"} else "")
        return self.t(key)

    def ordered_text(self, meta: Mapping[str, str]) -> Label:
        if self.lang in meta:
            return Label(meta[self.lang], self.lang)
        return Label(meta.get("en", ""), "en")


def family(model: SiteModel, iri: str) -> int:
    """The index of the family (agents, places, activities, documents, concepts, other) of a class.

    Args:
        model: The site model.
        iri: A class IRI.

    Returns:
        0 to 5.
    """
    seen: set[str] = set()
    todo = [iri]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in model.terms:
            todo.extend(model.terms[current].supers + model.terms[current].equivalents)
    for i, local in enumerate(_FAMILIES):
        if HK + local in seen:
            return i
    return 4 if seen & {_SKOS_CONCEPT, _ORG_ROLE} else 5


def _anchor(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("habitatkg._docs", "templates"),
        autoescape=select_autoescape(["html", "svg", "js"]),
        extensions=["jinja2.ext.do"],
        auto_reload=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["anchor"] = _anchor
    return env


def _class_diagram(r: Renderer) -> tuple[str, list[tuple[str, str, str]]]:
    model = r.model
    edges = []
    for iri in model.object_properties:
        term = model.terms[iri]
        for d in term.domain:
            for g in term.range:
                if (
                    d in model.terms
                    and g in model.terms
                    and model.terms[d].kind == model.terms[g].kind == "class"
                ):
                    edges.append((d, iri, g))
    diagram = Diagram("classes", r.t("class_diagram"), rankdir="LR", wrap=22)
    for key in sorted({k for d, _, g in edges for k in (d, g)}):
        label = r.label(key)
        diagram.node(
            key,
            label.text,
            href=r.href(key),
            fill=PALETTE[family(model, key)],
            lang=_other(r, label),
        )
    for d, p, g in edges:
        diagram.edge(d, g, r.label(p).text)
    return diagram.svg(), edges


def _guideline_diagram(r: Renderer) -> tuple[str, list[tuple[str, str, str]]]:
    model = r.model
    guidelines = [
        i for i in model.terms.values() if i.targets and i.kind in {"concept", "individual"}
    ]
    guidelines.sort(key=lambda term: (term.order or 0, term.label_en))
    diagram = Diagram("guidelines", r.t("guideline_diagram"), rankdir="LR", wrap=34)
    edges = []
    targets = sorted(
        {x for g in guidelines for x in g.targets},
        key=lambda i: _natural(model.sdg_notation.get(i) or i),
    )
    for g in guidelines:
        label = r.label(g.iri)
        diagram.node(g.iri, label.text, href=r.href(g.iri), fill=PALETTE[4], lang=_other(r, label))
    for target in targets:
        name = model.sdg_notation.get(target, compact(target))
        label = r.label(target)
        text = label.text if label.text.startswith(name) else f"{name} {label.text}"
        diagram.node(target, text, href=r.href(target), fill=PALETTE[1], lang=_other(r, label))
    for g in guidelines:
        for target in g.targets:
            diagram.edge(g.iri, target)
            edges.append((g.iri, "", target))
    return diagram.svg(), edges


def _phase_diagram(r: Renderer) -> tuple[str, list[tuple[str, str, str]]] | None:
    model = r.model
    phases = [term for term in model.terms.values() if term.next_phase]
    if not phases:
        return None
    phases.sort(key=lambda term: (term.order or 0, term.label_en))
    diagram = Diagram("phases", r.t("phase_diagram"), rankdir="LR", wrap=20)
    for p in phases:
        diagram.node(
            p.iri,
            f"{p.order}. {r.label(p.iri).text}" if p.order else r.label(p.iri).text,
            href=r.href(p.iri),
            fill=PALETTE[2],
        )
    edges = []
    first = phases[0].iri
    for p in phases:
        for nxt in p.next_phase:
            diagram.edge(p.iri, nxt, r.label(HK + "nextPhase").text, constraint=nxt != first)
            edges.append((p.iri, HK + "nextPhase", nxt))
    return diagram.svg(), edges


def _other(r: Renderer, label: Label) -> str | None:
    """The label's language when it is not the page's (an English fallback on a Spanish page)."""
    return label.lang if label.lang and label.lang != r.lang else None


def _natural(text: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _answer_rows(r: Renderer, answer: Answer) -> tuple[list[str], list[list[tuple[str, Any]]]]:
    """Column titles, and each cell as ``(kind, value)``: ``link``, ``text`` or ``en``."""
    columns = list(answer.columns)
    hidden = {c for c in columns if c.endswith("Label") and c[:-5] in columns}
    shown = [c for c in columns if c not in hidden]
    titles = [column_title(c, r.lang) for c in shown]
    rows = []
    for row in answer.rows:
        values = dict(zip(columns, row, strict=False))
        cells: list[tuple[str, Any]] = []
        for c in shown:
            value: Any = values.get(c)
            if hasattr(value, "item") and not isinstance(value, (str, bytes)):
                value = value.item()  # numpy scalars from a DataFrame
            if type(value).__name__ in {"NAType", "NaTType"}:
                value = None
            if value is None or (isinstance(value, float) and value != value):
                cells.append(("text", ""))
            elif isinstance(value, bool):
                cells.append(("text", r.t("yes") if value else r.t("no")))
            elif isinstance(value, str) and value.startswith(("http://", "https://")):
                label = r.label(value)
                if f"{c}Label" in values and values[f"{c}Label"] and label.lang != r.lang:
                    label = Label(str(values[f"{c}Label"]), label.lang)
                cells.append(("link", (value, label)))
            elif c == "definition" and r.lang == "es":
                first = next(
                    (v for v in values.values() if isinstance(v, str) and v in r.model.terms), None
                )
                term = r.model.terms.get(first) if first else None
                if term is not None and term.definition_es:
                    cells.append(("text", term.definition_es))
                else:
                    cells.append(("en", str(value)))
            elif r.lang == "es" and isinstance(value, str) and value in VALUES_ES:
                cells.append(("text", VALUES_ES[value]))
            elif r.lang == "es" and isinstance(value, str) and _english_only(r.model, value):
                cells.append(("en", value))
            else:
                cells.append(("text", str(value)))
        rows.append(cells)
    return titles, rows


def _english_only(model: SiteModel, text: str) -> bool:
    """The text (or each ``" | "``-joined part) is a literal of the graphs in English only."""
    parts = text.split(" | ")
    langs = [model.text_langs.get(part) for part in parts]
    return all(found and "es" not in found and found & {"en", ""} for found in langs)


def _csv(titles: Sequence[str], rows: Sequence[Sequence[tuple[str, Any]]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(titles)
    for row in rows:
        writer.writerow([f"{v[1].text} <{v[0]}>" if k == "link" else v for k, v in row])
    return out.getvalue()


def _search_index(model: SiteModel, stems: Mapping[str, str]) -> str:
    entries = []
    for term in model.terms.values():
        entries.append(
            [term.label_en, term.label_es, compact(term.iri), stems[term.iri], term.kind]
        )
    for inst in model.instances.values():
        entries.append(
            [
                inst.label_en,
                inst.label_es or inst.label_en,
                compact(inst.iri),
                stems[inst.iri],
                "instance",
            ]
        )
    entries.sort(key=lambda e: (e[0].casefold(), e[3]))
    return (
        "window.HK_SEARCH = "
        + json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
        + ";\n"
    )


def write_site(
    model: SiteModel,
    out: Path,
    *,
    graphs: Mapping[str, Graph],
    questions: Sequence[Question],
    answers: Mapping[str, Any],
) -> Path:
    """Write every page, the downloads and the search index into ``out``.

    Files are written into a temporary folder next to ``out`` and moved into place one by
    one, so a failed build leaves no half-written page.

    Args:
        model: The site model.
        out: The folder.
        graphs: ``ontology``, ``shapes`` and ``data`` graphs to offer as downloads.
        questions: The competency questions.
        answers: Their answers by name (DataFrames or :class:`Answer`).

    Returns:
        The path of ``index.html``.
    """
    env = _environment()
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".habitatkg-docs-", dir=out))
    try:
        files: dict[str, str] = {}
        for name, graph in graphs.items():
            for ext, fmt, _ in _SERIALIZATIONS:
                file = f"habitatkg-{name}.{ext}"
                graph.serialize(staging / file, format=fmt, encoding="utf-8")
                files[file] = _size((staging / file).stat().st_size)
        numbered = sorted(
            (q for q in questions if question_number(q) is not None),
            key=lambda q: question_number(q) or 0,
        )
        supporting = sorted(
            (q for q in questions if question_number(q) is None), key=lambda q: q.name
        )
        for lang in LANGS:
            r = Renderer(model, lang, files)
            if lang == "en":
                (staging / "search-index.js").write_text(
                    _search_index(model, r.stems), encoding="utf-8"
                )
            diagrams = [("classes", *_class_diagram(r)), ("guidelines", *_guideline_diagram(r))]
            phase = _phase_diagram(r)
            if phase is not None:
                diagrams.append(("phases", *phase))
            qs = []
            for q in [*numbered, *supporting]:
                raw = answers.get(q.name)
                answer = from_dataframe(raw) if raw is not None else None
                titles, rows = (
                    _answer_rows(r, answer) if answer is not None and not answer.error else ([], [])
                )
                if lang == "en" and answer is not None and not answer.error:
                    (staging / f"answer-{q.name}.csv").write_text(
                        _csv(titles, rows), encoding="utf-8"
                    )
                es_title, es_desc = QUESTIONS_ES.get(q.name, (None, None))
                qs.append(
                    {
                        "q": q,
                        "number": question_number(q),
                        "title": Label(es_title, "es")
                        if lang == "es" and es_title
                        else Label(_strip_number(q.title), "en"),
                        "description": Label(es_desc, "es")
                        if lang == "es" and es_desc
                        else Label(q.description, "en"),
                        "answer": answer,
                        "titles": titles,
                        "rows": rows,
                    }
                )
            lang_env = _environment()
            lang_env.globals.update(
                {
                    "r": r,
                    "m": model,
                    "t": r.t,
                    "PAGE_ROWS": PAGE_ROWS,
                    "namespaces": _namespaces(model),
                    "downloads": [
                        (f"{name}_file", label, f"habitatkg-{name}.{ext}")
                        for name in graphs
                        for ext, _, label in _SERIALIZATIONS
                    ],
                }
            )

            def page(
                stem: str,
                template: str,
                title: str,
                r: Renderer = r,
                lang_env: Environment = lang_env,
                **context: Any,
            ) -> None:
                html = lang_env.get_template(template).render(
                    stem=stem, page_title=title, **context
                )
                (staging / r.url(stem)).write_text(html, encoding="utf-8")

            page("index", "index.html", r.ordered_text(model.meta.title).text or r.t("site"))
            page("classes", "classes.html", r.t("classes"))
            page("properties", "properties.html", r.t("properties"))
            page("schemes", "schemes.html", r.t("schemes"))
            page("instances", "instances.html", r.t("instances_long"))
            page("namespaces", "namespaces.html", r.t("namespaces"))
            page("downloads", "downloads.html", r.t("downloads"))
            page("sdg", "sdg.html", r.t("sdg"))
            page("diagrams", "diagrams.html", r.t("diagrams"), diagrams=diagrams)
            page(
                "questions",
                "questions.html",
                r.t("questions_long"),
                questions=qs,
                n_numbered=len(numbered),
            )
            for term in model.terms.values():
                page(
                    r.stems[term.iri],
                    "term.html",
                    r.label(term.iri).text,
                    term=term,
                    diagrams=diagrams,
                )
            for inst in model.instances.values():
                page(r.stems[inst.iri], "instance.html", r.label(inst.iri).text, inst=inst)
        for name in _STATIC:
            source = env.loader.get_source(env, f"static/{name}")[0]  # type: ignore[union-attr]
            (staging / name).write_text(source, encoding="utf-8")
        for path in sorted(staging.iterdir()):
            path.replace(out / path.name)
    finally:
        for leftover in staging.glob("*"):
            leftover.unlink()
        staging.rmdir()
    return out / "index.html"


def _namespaces(model: SiteModel) -> list[tuple[str, str]]:
    used = {prefix_of(iri) for iri in [*model.terms, *model.labels, *model.instances]}
    used |= {"hk", "hkd", "sh", "hks"}
    for term in model.terms.values():
        used |= {prefix_of(i) for i in [*term.supers, *term.equivalents, *term.range, *term.types]}
    return [(p, ns) for p, ns in PREFIXES.items() if p in used]


def _strip_number(title: str) -> str:
    return re.sub(r"^Q\d+\.\s*", "", title)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


__all__ = [
    "ONTOLOGY_FILE",
    "PAGE_ROWS",
    "PREFIXES",
    "QUESTIONS_PAGE",
    "Markup",
    "prefix_of",
    "write_site",
]
