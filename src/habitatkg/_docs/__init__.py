"""Documentation generated from the ontology: a static, offline, bilingual HTML site.

:func:`build_site` reads the ontology, the SHACL shapes and the data, normalises them into a
model (:mod:`._model`: every inverse link filled in, every rule explained by :mod:`._shapes`,
every instance of the data collected by :mod:`._instances`, checking that every ``hk:`` term
has an English label, a Spanish label and a definition), then renders the model through the
Jinja2 templates shipped in ``templates/`` (:mod:`._site`), with diagrams laid out by Graphviz
``dot`` (:mod:`._diagrams`). It writes, each page in English (``NAME.html``) and Spanish
(``NAME.es.html``):

- ``index.html``: metadata, version history, how to cite, and links to the sections;
- ``classes``, ``properties``, ``schemes``, ``instances``, ``questions``, ``diagrams``,
  ``sdg``, ``namespaces`` and ``downloads`` pages;
- one page per term (``class-School.html``, ``property-servesTarget.html``,
  ``concept-….html``, ``scheme-….html``) and per instance of the data (``data-….html``);
- the ontology, shapes and data in Turtle, N-Triples, RDF/XML and JSON-LD, each answer as
  CSV, and ``search-index.js`` for the offline search box.

The pages load nothing from the network and link only relatively, so the folder can be opened
from disk, zipped or copied into another site (the MkDocs user guide does that).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> index = build_site(Path(tempfile.mkdtemp()) / "site")  # doctest: +SKIP
    >>> index.name  # doctest: +SKIP
    'index.html'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Union

from rdflib import Graph

from habitatkg._docs._model import MissingDocumentationError, SiteModel, build_model
from habitatkg._docs._questions import load_questions, run_questions
from habitatkg._docs._site import write_site
from habitatkg._errors import HabitatKGError
from habitatkg._privacy import withhold_graph

#: What ``build_site`` accepts for each input: a graph, a file, several files, or ``None``
#: for the package's own files.
GraphSource = Union[Graph, str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]], None]

__all__ = ["GraphSource", "MissingDocumentationError", "SiteModel", "build_model", "build_site"]

_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".trig": "trig",
}


def _parse_files(files: Iterable[Path], what: str) -> Graph:
    graph = Graph()
    for file in files:
        path = Path(file)
        if not path.is_file():
            raise _input_error(f"cannot read the {what}: no such file {path}")
        try:
            graph.parse(path, format=_FORMATS.get(path.suffix.lower(), "turtle"))
        except Exception as exc:
            raise _input_error(f"cannot parse the {what} file {path}: {exc}") from exc
    return graph


def _input_error(message: str) -> HabitatKGError:
    """The clearest error class ``_errors`` offers for unusable input files."""
    from habitatkg import _errors

    for name in ("LoadError", "ParseError", "InputError", "DataError"):
        cls = getattr(_errors, name, None)
        if isinstance(cls, type) and issubclass(cls, HabitatKGError):
            try:
                return cls(message)
            except TypeError:  # a class with a different constructor: fall back below
                break
    return HabitatKGError(message)


def _to_graph(source: GraphSource, default: Callable[[], Iterable[Path]], what: str) -> Graph:
    if isinstance(source, Graph):
        return source
    if source is None:
        return _parse_files(default(), what)
    if isinstance(source, (str, os.PathLike)):
        return _parse_files([Path(source)], what)
    return _parse_files([Path(s) for s in source], what)


def _defaults(name: str) -> Callable[[], Iterable[Path]]:
    def files() -> Iterable[Path]:
        from habitatkg import _paths

        found = [Path(f) for f in getattr(_paths, name)()]
        if (
            name == "ontology_files"
            and found
            and not any(f.parent.name == "imports" for f in found)
        ):
            found += sorted(
                (found[0].parent / "imports").glob("*.ttl")
            )  # labels of external and SDG terms
        return found

    return files


def build_site(
    out_dir: str | os.PathLike[str],
    *,
    ontology: GraphSource = None,
    shapes: GraphSource = None,
    data: GraphSource = None,
    answers: Mapping[str, Any] | None = None,
) -> Path:
    """Write the ontology documentation as a static HTML site that works offline.

    Args:
        out_dir: Folder to write into (created if needed; other files in it are left alone).
        ontology: The ontology and its imports: an rdflib ``Graph``, a file, several files, or
            ``None`` for the package's ontology files.
        shapes: The SHACL shapes, the same way (``None``: the package's shapes files).
        data: The curated data, the same way (``None``: the package's data files).
        answers: Competency question name (``queries/<name>.rq``) to its answer, a pandas
            ``DataFrame`` as the Python API returns it. ``None``: each query is run with
            pyoxigraph over the ontology and the data.

    Returns:
        The path of the site's ``index.html``.

    Raises:
        MissingDocumentationError: An ``hk:`` term lacks an English label, a Spanish label or
            a definition (or the data uses an undefined ``hk:`` term).
        HabitatKGError: An input file is missing or does not parse.

    Example:
        >>> import tempfile, rdflib
        >>> onto = rdflib.Graph().parse(format="turtle", data='''
        ... @prefix hk: <https://w3id.org/habitatkg/ontology#> .
        ... @prefix owl: <http://www.w3.org/2002/07/owl#> .
        ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ... hk:School a owl:Class ; rdfs:label "School"@en , "Escuela"@es ;
        ...     skos:definition "A public school."@en .
        ... ''')
        >>> out = build_site(tempfile.mkdtemp(), ontology=onto, shapes=rdflib.Graph(),
        ...                  data=rdflib.Graph(), answers={})
        >>> 'href="class-School.html"' in out.read_text(encoding="utf-8")
        False
        >>> (out.parent / "class-School.es.html").read_text(encoding="utf-8").count("Escuela") > 0
        True
    """
    ontology_graph = _to_graph(ontology, _defaults("ontology_files"), "ontology")
    shapes_graph = _to_graph(shapes, _defaults("shapes_files"), "shapes")
    data_graph = withhold_graph(_to_graph(data, _defaults("data_files"), "data"))  # no names
    model = build_model(
        ontology_graph, shapes_graph, data_graph, provenance=_provenance(ontology_graph, data_graph)
    )
    questions = load_questions()
    if answers is None:
        answers = run_questions(ontology_graph + data_graph, questions)
    return write_site(
        model,
        Path(out_dir),
        graphs={"ontology": ontology_graph, "shapes": shapes_graph, "data": data_graph},
        questions=questions,
        answers=answers,
    )


def _provenance(ontology: Graph, data: Graph) -> Callable[[str], Any] | None:
    """``KnowledgeGraph.provenance`` over these graphs, or ``None`` if the API cannot load them."""
    try:
        from habitatkg import _kg

        kg = _kg.load(ontology + data, include_packaged=False)
    except (HabitatKGError, ImportError, TypeError, ValueError):
        return None
    return kg.provenance
