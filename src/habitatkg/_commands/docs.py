"""``habitatkg docs [OUT_DIR]``: write the ontology documentation as a static, offline HTML site.

The site (``index.html``, a page per section, term and instance, in English and Spanish, the
downloads) is built by :func:`habitatkg._docs.build_site`. ``OUT_DIR`` defaults to
``build/ontology-docs``, not ``site/``: ``mkdocs build`` owns ``site/`` (and empties it), and
adds the same reference to the user guide as ``site/ontology/``. The competency questions
are answered with the Python API when it is available, else by running the shared SPARQL
files directly.

Example:
    >>> import argparse
    >>> subparsers = argparse.ArgumentParser(prog="habitatkg").add_subparsers()
    >>> parser = add_parser(subparsers)
    >>> parser.parse_args(["out"]).out_dir
    PosixPath('out')
    >>> parser.parse_args([]).out_dir
    PosixPath('build/ontology-docs')
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from habitatkg._docs import build_site
from habitatkg._errors import HabitatKGError


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``docs`` subcommand.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "docs",
        help="write the ontology reference as a static HTML site",
        description=(
            "Write the ontology documentation (classes, properties, concept schemes, "
            "SHACL rules in "
            "plain words, examples from the data, competency questions with their current answers) "
            "as a static bilingual (English/Spanish) HTML site that works offline, with a page per "
            "term and per instance of the data. Open OUT_DIR/index.html in a browser."
        ),
    )
    parser.add_argument(
        "out_dir",
        metavar="OUT_DIR",
        type=Path,
        nargs="?",
        default=Path("build/ontology-docs"),
        help=(
            "folder to write the site into (created if needed; default build/ontology-docs, "
            "distinct from site/, which mkdocs build owns)"
        ),
    )
    parser.add_argument(
        "--data",
        metavar="FILE",
        type=Path,
        nargs="+",
        help="data files to document, each instance with its page (default: the package's data)",
    )
    parser.add_argument(
        "--no-answers",
        action="store_true",
        help="leave the competency questions unanswered (faster)",
    )
    parser.set_defaults(run=run)
    return parser


def _api_answers(data: Sequence[Path] | None) -> Mapping[str, Any] | None:
    """Answer every shared competency question through the Python API, if it offers a way.

    Returns ``None`` (so that :func:`build_site` runs the SPARQL files itself with pyoxigraph)
    when the API has no ``load()`` or no ``query(name)``, or cannot answer a question.
    """
    try:
        from habitatkg import _kg, _paths
    except ImportError:
        return None
    loader = getattr(_kg, "load", None)
    if loader is None:
        return None
    try:
        if data is not None:
            if "data" not in inspect.signature(loader).parameters:
                return None
            kg = loader(data=list(data))
        else:
            kg = loader()
        runner = getattr(kg, "query", None)
        if runner is None:
            return None
        return {name: runner(name) for name in _paths.query_names()}
    except (HabitatKGError, TypeError, ValueError, AttributeError, KeyError) as exc:
        print(
            f"habitatkg docs: the Python API could not answer the questions ({exc}); "
            "running the SPARQL files directly",
            file=sys.stderr,
        )
        return None


def run(args: argparse.Namespace) -> int:
    """Build the site and print the path of its ``index.html``.

    Args:
        args: Parsed arguments (``out_dir``, ``data``, ``no_answers``).

    Returns:
        ``0``.

    Raises:
        HabitatKGError: Unusable input, or an ``hk:`` term without labels or definition.
    """
    from habitatkg._atomic import atomic_folder
    from habitatkg._load import read_rdf_files

    data = list(args.data) if args.data else None
    graph = read_rdf_files(data) if data else None  # the input gate, as every entry point
    answers: Mapping[str, Any] | None = {} if args.no_answers else _api_answers(data)
    with atomic_folder(args.out_dir) as build:  # the site appears whole, or not at all
        build_site(build, data=graph, answers=answers)
    index = Path(args.out_dir) / "index.html"
    print(index)
    return 0
