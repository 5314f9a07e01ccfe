"""MkDocs hooks for the habitatkg user guide (``hooks:`` in ``mkdocs.yml``).

At every ``mkdocs build`` / ``mkdocs serve``:

1. the ontology reference is generated with :func:`habitatkg._docs.build_site` (the same
   output as ``habitatkg docs OUT_DIR``) into a temporary folder and added to the site as
   ``ontology/index.html``, ``ontology/questions.html`` and ``ontology/habitatkg-ontology.ttl``,
   so ``site/ontology/`` always matches the ontology, shapes, data and queries being built;
2. ``api.md`` is regenerated from the package's docstrings (``tools/gen_api_docs.py``), so the
   API page never goes stale even if ``docs/api.md`` was not refreshed by hand;
3. the generated blocks of ``cli.md`` (the ``--help`` of every subcommand, taken from the
   command line itself), ``notebooks.md`` (the notebooks in ``examples/``) and
   ``quickstart.md`` (the example of the package's docstring, kept working by the doctests)
   are filled afresh by ``tools/gen_api_docs.py``, which also keeps the repository's copies.

Nothing is written into ``docs/``. Both files are added with ``File.generated`` so MkDocs
checks links to them like any other page (``strict: true``).
"""

from __future__ import annotations

import importlib.util
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


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "habitatkg_gen_api_docs", ROOT / "tools" / "gen_api_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Fill the generated blocks of ``cli.md``, ``notebooks.md`` and ``quickstart.md`` afresh.

    The same generator (``tools/gen_api_docs.py``) fills the copies kept in the repository.
    """
    if "<!-- habitatkg-" not in markdown:
        return markdown
    _import_package()
    return str(_generator().fill_blocks(markdown))


def on_shutdown(**_: Any) -> None:
    """Remove the temporary folders."""
    while _TEMP:
        shutil.rmtree(_TEMP.pop(), ignore_errors=True)
