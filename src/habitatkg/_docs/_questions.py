"""The competency questions page: each shared ``queries/*.rq`` with its SPARQL and current answer.

Answers come from the caller (the Python API's DataFrames); when none are given they are
computed here by running each query with pyoxigraph over the ontology and the data.

Example:
    >>> q = parse_question("cq-demo", "# Which schools are there?\\n# Lists every school.\\nSELECT ?s WHERE { ?s a ?c }")
    >>> q.title, q.description
    ('Which schools are there?', 'Lists every school.')
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from rdflib import Graph

from habitatkg._docs._html import bi, page, term_link, ui
from habitatkg._docs._model import SiteModel, compact
from habitatkg._docs._render import footer, nav

#: Rows shown per answer; the rest are counted.
MAX_ROWS = 100


@dataclass
class Question:
    """A competency question: its file name, its title and description (the leading comments)."""

    name: str
    title: str
    description: str
    sparql: str


@dataclass
class Answer:
    """A table of results, or the reason there is none."""

    columns: list[str]
    rows: list[list[Any]]
    error: str | None = None


def parse_question(name: str, text: str) -> Question:
    """Read a ``.rq`` file: leading ``#`` comment lines give the title (first) and description.

    Args:
        name: The query's name (file stem).
        text: The file's text.

    Returns:
        The question.
    """
    comments: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        comments.append(stripped.lstrip("#").strip())
    comments = [c for c in comments if c]
    title = comments[0] if comments else name.replace("-", " ").replace("_", " ")
    return Question(name, title, " ".join(comments[1:]), text)


def load_questions() -> list[Question]:
    """The shared competency questions, from :mod:`habitatkg._paths` (none if it has no queries).

    Returns:
        The questions, sorted by name (natural order: cq2 before cq10).
    """
    from habitatkg import _paths

    names = list(_paths.query_names())
    names.sort(key=lambda n: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", n)])
    return [parse_question(n, _paths.query_file(n).read_text(encoding="utf-8")) for n in names]


def _to_python(term: Any) -> Any:
    if term is None:
        return None
    value = getattr(term, "value", term)
    datatype = getattr(getattr(term, "datatype", None), "value", "")
    if datatype.endswith(("#integer", "#int", "#long", "#nonNegativeInteger", "#positiveInteger")):
        try:
            return int(value)
        except ValueError:
            return value
    if datatype.endswith(("#decimal", "#double", "#float")):
        try:
            return float(value)
        except ValueError:
            return value
    if type(term).__name__ == "BlankNode":
        return f"_:{value}"
    return value


def run_questions(graph: Graph, questions: Sequence[Question]) -> dict[str, Answer]:
    """Run each question's SPARQL with pyoxigraph over ``graph``.

    Args:
        graph: The ontology and data, merged.
        questions: The questions to run.

    Returns:
        One :class:`Answer` per question name; a query that fails gives an answer with
        ``error`` set rather than raising.
    """
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    answers: dict[str, Answer] = {}
    for question in questions:
        try:
            result = store.query(question.sparql)
        except (SyntaxError, ValueError, OSError) as exc:
            answers[question.name] = Answer([], [], f"{type(exc).__name__}: {exc}")
            continue
        if isinstance(result, ox.QueryBoolean):
            answers[question.name] = Answer(["answer"], [[bool(result)]])
        elif isinstance(result, ox.QuerySolutions):
            columns = [v.value for v in result.variables]
            rows = [[_to_python(solution[c]) for c in columns] for solution in result]
            answers[question.name] = Answer(columns, rows)
        else:
            rows = [
                [_to_python(t.subject), _to_python(t.predicate), _to_python(t.object)]
                for t in result
            ]
            answers[question.name] = Answer(["subject", "predicate", "object"], rows)
    return answers


def from_dataframe(frame: Any) -> Answer:
    """Turn a pandas DataFrame (or anything with ``columns`` and ``itertuples``) into an :class:`Answer`.

    Args:
        frame: The DataFrame.

    Returns:
        The answer.
    """
    if isinstance(frame, Answer):
        return frame
    columns = [str(c) for c in frame.columns]
    return Answer(columns, [list(row) for row in frame.itertuples(index=False, name=None)])


def _cell(model: SiteModel, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value.__class__.__name__ in {"NAType", "NaTType"}:
        return ""
    text = str(value)
    if text.startswith(("http://", "https://")):
        if text in model.terms or text in model.sdg_notation:
            return term_link(model, text, "index.html")
        label = model.labels.get(text)
        shown = f"{escape(label[0])} " if label and label[0] != compact(text) else ""
        return f"{shown}<code>{escape(compact(text))}</code>"
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return escape(text)


def _answer_html(model: SiteModel, answer: Answer | None) -> str:
    if answer is None:
        return f"<p>{ui('no_answer')}.</p>"
    if answer.error:
        return f"<p>{ui('no_answer')}: <code>{escape(answer.error)}</code></p>"
    if not answer.rows:
        return f"<p>{ui('no_rows')}</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in answer.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(model, v)}</td>" for v in row) + "</tr>"
        for row in answer.rows[:MAX_ROWS]
    )
    count = f"<p>{len(answer.rows)} {ui('rows')}"
    if len(answer.rows) > MAX_ROWS:
        count += f" ({ui('showing')} {MAX_ROWS})"
    return f'{count}</p><div class="diagram-wrap"><table class="answer"><tr>{head}</tr>{body}</table></div>'


def _slug(name: str) -> str:
    return "q-" + "".join(c if c.isalnum() else "-" for c in name)


def render_questions(
    model: SiteModel, questions: Sequence[Question], answers: Mapping[str, Any]
) -> str:
    """The competency questions page.

    Args:
        model: The site model (for labels and links into the reference).
        questions: The questions, in order.
        answers: Question name to DataFrame or :class:`Answer`.

    Returns:
        HTML.
    """
    known = {q.name for q in questions}
    extra = [Question(n, n, "", "") for n in sorted(answers) if n not in known]
    sections = []
    for q in [*questions, *extra]:
        answer = from_dataframe(answers[q.name]) if q.name in answers else None
        hk_terms = sorted(
            set(re.findall(r"\bhk:([A-Za-z_][\w-]*)", q.sparql))
            & {t.local for t in model.terms.values()}
        )
        uses = ", ".join(
            f'<a href="index.html#{escape(local)}"><code>hk:{escape(local)}</code></a>'
            for local in hk_terms
        )
        sparql = (
            f"<details open><summary>{ui('sparql')} <code>{escape(q.name)}.rq</code></summary><pre><code>{escape(q.sparql)}</code></pre></details>"
            if q.sparql
            else ""
        )
        sections.append(
            f'<article class="term" id="{escape(_slug(q.name))}"><div class="kind">{escape(q.name)}</div>'
            f"{bi(q.title, None, 'h3')}{bi(q.description, None, 'p') if q.description else ''}"
            f"{('<p>' + bi('Terms used', 'Términos usados') + ': ' + uses + '</p>') if uses else ''}"
            f"{sparql}<h4>{ui('answer')}</h4>{_answer_html(model, answer)}</article>"
        )
    if not sections:
        sections.append(
            bi(
                "No competency question is shared yet (src/habitatkg/queries/*.rq).",
                "Aún no hay preguntas de competencia (src/habitatkg/queries/*.rq).",
                "p",
            )
        )
    intro = bi(
        "The questions researchers ask of the knowledge graph, each answered by a SPARQL query shipped with the package. "
        "The answers below were computed on the curated data when this site was built.",
        "Las preguntas que se hacen al grafo de conocimiento, cada una respondida por una consulta SPARQL incluida en el paquete. "
        "Las respuestas se calcularon sobre los datos curados al generar este sitio.",
        "p",
    )
    toc = (
        "<ul>"
        + "".join(
            f'<li><a href="#{escape(_slug(q.name))}">{escape(q.title)}</a></li>'
            for q in [*questions, *extra]
        )
        + "</ul>"
    )
    body = f'<section id="sec-questions"><h2>{ui("questions")}</h2>{intro}{toc}{"".join(sections)}</section>'
    return page(
        title_en=UI_TITLE[0],
        title_es=UI_TITLE[1],
        subtitle=f'<a href="index.html" style="color:inherit">{ui("reference")}</a> \u00b7 {escape(model.meta.version)}',
        nav=nav(model, "index.html"),
        body=body,
        footer=footer(model),
    )


UI_TITLE = ("habitatkg: competency questions", "habitatkg: preguntas de competencia")
