"""IPython/Jupyter integration: ``%load_ext habitatkg`` and the ``%%sparql`` cell magic.

The cell holds SPARQL (prefixes pre-bound) or the name of a packaged query; the magic runs it
on the knowledge graph and returns a pandas DataFrame, which Jupyter displays::

    %load_ext habitatkg

    %%sparql -o phases
    SELECT ?phase ?label WHERE { ?phase a hk:MethodologyPhase ; hk:order ?n ; rdfs:label ?label
                                 FILTER(LANG(?label) = "en") } ORDER BY ?n

Options: ``-o/--output VAR`` stores the DataFrame in ``VAR``; ``--data FILE ...`` adds your
own files to the packaged data; ``--no-packaged`` leaves the packaged ontology and data out;
``--kg VAR`` queries the :class:`~habitatkg.KnowledgeGraph` held in ``VAR`` instead;
``--bind NAME=VALUE`` (repeatable) binds a variable (an IRI, a number, a quoted string, or a
label resolved to its node); ``--labels`` adds label columns; ``--allow-service`` permits
``SERVICE``. Knowledge graphs loaded by the magic are cached per set of files.

Example:
    >>> from IPython.testing.globalipapp import get_ipython  # doctest: +SKIP
    >>> ip = get_ipython()  # doctest: +SKIP
    >>> ip.run_line_magic("load_ext", "habitatkg")  # doctest: +SKIP
    >>> cell = "ASK { hk:Identify hk:nextPhase hk:Unite }"
    >>> ip.run_cell_magic("sparql", "", cell).answer[0]  # doctest: +SKIP
    True
"""

from __future__ import annotations

import functools
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell

    from habitatkg._kg import KnowledgeGraph

__all__ = ["load_ipython_extension", "run_sparql_cell", "unload_ipython_extension"]

_CACHE: dict[tuple[bool, tuple[str, ...]], KnowledgeGraph] = {}


def _knowledge_graph(files: tuple[str, ...], *, packaged: bool) -> KnowledgeGraph:
    from habitatkg._kg import load

    key = (packaged, tuple(str(Path(f).resolve()) for f in files))
    if key not in _CACHE:
        _CACHE[key] = load(*files, include_packaged=packaged)
    return _CACHE[key]


def _parser() -> Any:
    import argparse

    parser = argparse.ArgumentParser(prog="%%sparql", add_help=False, exit_on_error=False)
    parser.add_argument("-o", "--output", metavar="VAR")
    parser.add_argument("--data", metavar="FILE", nargs="+", default=[])
    parser.add_argument("--no-packaged", action="store_true")
    parser.add_argument("--kg", metavar="VAR")
    parser.add_argument("--bind", metavar="NAME=VALUE", action="append", default=[])
    parser.add_argument("--labels", action="store_true")
    parser.add_argument("--allow-service", action="store_true")
    return parser


def run_sparql_cell(line: str, cell: str, namespace: dict[str, Any] | None = None) -> pd.DataFrame:
    """What ``%%sparql`` does, callable without IPython.

    Args:
        line: The options after ``%%sparql``.
        cell: The SPARQL text or a packaged query's name.
        namespace: The user's variables (for ``--kg`` and ``-o``).

    Returns:
        The result as a DataFrame.

    Raises:
        HabitatKGError: The query fails, a label is unknown or ambiguous, a file does not load.
        ValueError: Bad options.

    Example:
        >>> int(run_sparql_cell("--bind p=hk:Unite", "SELECT ?n WHERE { ?p hk:order ?n }").n[0])
        2
    """
    from habitatkg._sparql import split_binding

    namespace = namespace if namespace is not None else {}
    try:
        args = _parser().parse_args(shlex.split(line))
    except SystemExit as exc:  # pragma: no cover - argparse on Python < 3.12 may still exit
        raise ValueError(f"bad %%sparql options: {line!r}") from exc
    except Exception as exc:
        raise ValueError(f"bad %%sparql options: {exc}") from exc
    if args.kg:
        if args.kg not in namespace:
            raise ValueError(f"--kg {args.kg}: no such variable")
        kg = namespace[args.kg]
        if args.data:
            kg = kg.add(*args.data)
    else:
        kg = _knowledge_graph(tuple(args.data), packaged=not args.no_packaged)
    bindings = dict(split_binding(text) for text in args.bind)  # read as kg.query reads str
    result = kg.query(cell, allow_service=True if args.allow_service else None, **bindings)
    frame = result.to_dataframe(labels=args.labels)
    if args.output:
        namespace[args.output] = frame
    return frame


@functools.lru_cache(maxsize=1)
def _magics_class() -> type:
    from IPython.core.magic import Magics, cell_magic, magics_class

    @magics_class
    class SparqlMagics(Magics):
        """The ``%%sparql`` cell magic."""

        @cell_magic
        def sparql(self, line: str, cell: str) -> pd.DataFrame | None:
            """Run SPARQL on the habitatkg knowledge graph and return a DataFrame."""
            from habitatkg._errors import HabitatKGError

            try:
                shell = self.shell
                return run_sparql_cell(line, cell, shell.user_ns if shell is not None else {})
            except (HabitatKGError, ValueError) as exc:
                from IPython.core.error import UsageError

                raise UsageError(f"%%sparql: {exc}") from exc

    return SparqlMagics


def __getattr__(name: str) -> Any:
    if name == "SparqlMagics":
        return _magics_class()
    raise AttributeError(name)


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """Register ``%%sparql`` (called by ``%load_ext habitatkg``).

    Args:
        ipython: The running IPython shell.
    """
    ipython.register_magics(_magics_class())


def unload_ipython_extension(ipython: InteractiveShell) -> None:
    """Forget the knowledge graphs cached by the magic (called by ``%unload_ext habitatkg``).

    Args:
        ipython: The running IPython shell.
    """
    _CACHE.clear()
