r"""The competency questions page: each shared ``queries/*.rq`` with its SPARQL and current answer.

Answers come from the caller (the Python API's DataFrames); when none are given they are
computed here by running each query with pyoxigraph over the ontology and the data.

Example:
    >>> text = "# Which schools are there?\n# Lists every school.\nSELECT ?s WHERE { ?s a ?c }"
    >>> q = parse_question("cq-demo", text)
    >>> q.title, q.description
    ('Which schools are there?', 'Lists every school.')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Graph


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
    """Turn a DataFrame (anything with ``columns`` and ``itertuples``) into an :class:`Answer`.

    Args:
        frame: The DataFrame.

    Returns:
        The answer.
    """
    if isinstance(frame, Answer):
        return frame
    columns = [str(c) for c in frame.columns]
    return Answer(columns, [list(row) for row in frame.itertuples(index=False, name=None)])


def question_number(question: Question) -> int | None:
    """The number of a competency question (``Q4.`` at the start of its title), if it has one.

    Args:
        question: The question.

    Returns:
        The number, or ``None`` for a supporting question.

    Example:
        >>> question_number(parse_question("x", "# Q4. Which projects?"))
        4
    """
    found = re.match(r"Q(\d+)\.", question.title)
    return int(found.group(1)) if found else None
