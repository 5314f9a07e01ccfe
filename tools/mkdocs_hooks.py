"""MkDocs hooks for the habitatkg user guide (``hooks:`` in ``mkdocs.yml``).

At every ``mkdocs build`` / ``mkdocs serve``:

1. the ontology reference is generated with :func:`habitatkg._docs.build_site` (the same
   output as ``habitatkg docs OUT_DIR``) into a temporary folder and added to the site as
   ``ontology/index.html``, ``ontology/questions.html`` and ``ontology/habitatkg-ontology.ttl``,
   so ``site/ontology/`` always matches the ontology, shapes, data and queries being built;
2. ``api.md`` is regenerated from the package's docstrings (``tools/gen_api_docs.py``), so the
   API page never goes stale even if ``docs/api.md`` was not refreshed by hand;
3. ``cli.md`` gets the ``--help`` of every subcommand, taken from the command line itself,
   ``notebooks.md`` the list of the notebooks in ``notebooks/``, and ``quickstart.md`` the
   example of the package's docstring (kept working by the doctests).

Nothing is written into ``docs/``. Both files are added with ``File.generated`` so MkDocs
checks links to them like any other page (``strict: true``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
_TEMP: list[Path] = []


def _import_package() -> None:
    """Make ``habitatkg`` importable from ``src/`` when it is not installed."""
    try:
        import habitatkg  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))


def _api_markdown() -> str:
    spec = importlib.util.spec_from_file_location(
        "habitatkg_gen_api_docs", ROOT / "tools" / "gen_api_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.render_api("habitatkg"))


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    """Add the generated ontology reference and the regenerated API page to the site."""
    _import_package()
    from habitatkg._docs import build_site
    from habitatkg._errors import HabitatKGError

    out = Path(tempfile.mkdtemp(prefix="habitatkg-ontology-docs-"))
    _TEMP.append(out)
    try:
        build_site(out)
    except HabitatKGError as exc:
        raise PluginError(f"habitatkg: cannot build the ontology reference: {exc}") from exc
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        uri = f"ontology/{path.relative_to(out).as_posix()}"
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    api = files.get_file_from_path("api.md")
    if api is not None:
        files.remove(api)
    files.append(File.generated(config, "api.md", content=_api_markdown()))
    return files


def _cli_help() -> str:
    from habitatkg._cli import build_parser

    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "96"  # argparse wraps to the terminal width: keep the page stable
    try:
        parser = build_parser()
        return _format_help(parser)
    finally:
        if columns is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = columns


def _format_help(parser: argparse.ArgumentParser) -> str:
    parts = ["```text", parser.format_help().rstrip(), "```", ""]
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, sub in action.choices.items():
            parts += [
                f"### `habitatkg {name}`",
                "",
                "```text",
                sub.format_help().rstrip(),
                "```",
                "",
            ]
    return "\n".join(parts)


def _notebook_list() -> str:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        return ""
    lines = ["## The notebooks", ""]
    lines += [f"- `notebooks/{path.name}`" for path in notebooks]
    return "\n".join(lines) + "\n"


def _python_quickstart() -> str:
    """The package docstring's example (``habitatkg.__doc__``), which the doctests keep working."""
    import inspect

    import habitatkg

    doc = inspect.getdoc(habitatkg) or ""
    lines = doc.splitlines()
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if line.strip().rstrip(":").lower() in {"example", "examples"}
        ),
        None,
    )
    if start is None:
        return "See the [Python API](api.md)."
    body = []
    for line in lines[start + 1 :]:
        if line and not line.startswith((" ", "\t")):
            break
        body.append(line[4:] if line.startswith("    ") else line.strip())
    while body and not body[-1].strip():
        body.pop()
    return "```pycon\n" + "\n".join(body) + "\n```\n"


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Fill the generated parts of ``cli.md``, ``notebooks.md`` and ``quickstart.md``."""
    if "<!-- habitatkg-python-quickstart -->" in markdown:
        markdown = markdown.replace("<!-- habitatkg-python-quickstart -->", _python_quickstart())
    if "<!-- habitatkg-cli-help -->" in markdown:
        markdown = markdown.replace("<!-- habitatkg-cli-help -->", _cli_help())
    if "<!-- habitatkg-notebook-list -->" in markdown:
        markdown = markdown.replace("<!-- habitatkg-notebook-list -->", _notebook_list())
    return markdown


def on_shutdown(**_: Any) -> None:
    """Remove the temporary folders."""
    while _TEMP:
        shutil.rmtree(_TEMP.pop(), ignore_errors=True)
