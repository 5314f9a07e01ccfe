"""MkDocs hooks for the habitatkg user guide (``hooks:`` in ``mkdocs.yml``).

At every ``mkdocs build`` / ``mkdocs serve``:

1. the ontology reference is generated with :func:`habitatkg._docs.build_site` (the same
   output as ``habitatkg docs OUT_DIR``) into a temporary folder and added to the site as
   ``ontology/`` (``ontology/index.html``, ``ontology/questions.html``, a page per term and
   per instance, the downloads), so ``site/ontology/`` always matches the ontology, shapes,
   data and queries being built;
2. ``api.md`` is regenerated from the package's docstrings (``tools/gen_api_docs.py``), so the
   API page never goes stale even if ``docs/api.md`` was not refreshed by hand;
3. the generated blocks of ``cli.md`` (the ``--help`` of every subcommand, taken from the
   command line itself), ``notebooks.md`` (the notebooks in ``examples/``) and
   ``quickstart.md`` (the example of the package's docstring, kept working by the doctests)
   are filled afresh by ``tools/gen_api_docs.py``, which also keeps the repository's copies.

4. after the build, the guide's search finds the ontology: every term and instance of the
   reference is added to ``search/search_index.json`` (label in English and Spanish, prefixed
   name, local name), and ``search/main.js`` is replaced by ``tools/mkdocs_search_offline.js``,
   which works over HTTP as before and, opened from disk (``file://``, where browsers forbid
   the search's web worker and its request for the index), loads the index from
   ``search/search_index.js`` and searches in the page.

Nothing is written into ``docs/``. Both files are added with ``File.generated`` so MkDocs
checks links to them like any other page (``strict: true``).
"""

from __future__ import annotations

import importlib.util
import json
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
_SEARCH_JS = Path(__file__).resolve().parent / "mkdocs_search_offline.js"
_KINDS = {
    "class": "class",
    "object": "object property",
    "datatype": "datatype property",
    "annotation": "annotation property",
    "scheme": "concept scheme",
    "concept": "concept",
    "individual": "named individual",
    "instance": "data",
}


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


def _ontology_entries() -> list[dict[str, str]]:
    """Search entries for every term and instance page of the generated reference."""
    if not _TEMP:
        return []
    index = _TEMP[-1] / "search-index.js"
    if not index.is_file():
        return []
    text = index.read_text(encoding="utf-8")
    entries = json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))
    docs = []
    for label_en, label_es, curie, stem, kind in entries:
        local = curie.split(":", 1)[-1]
        docs.append(
            {
                "location": f"ontology/{stem}.html",
                "title": f"{label_en} ({curie})",
                "text": f"{label_en} · {label_es} · {curie} · {local} · {_KINDS.get(kind, kind)}",
            }
        )
    return docs


def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Add the ontology to the search index and make the search work from disk."""
    search = Path(config.site_dir) / "search"
    index_file = search / "search_index.json"
    if not index_file.is_file():
        return
    data = json.loads(index_file.read_text(encoding="utf-8"))
    data["docs"] = data.get("docs", []) + _ontology_entries()
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for path, content in (
        (index_file, text),
        (search / "search_index.js", f"window.__MKDOCS_SEARCH_INDEX = {text};\n"),
        (search / "main.js", _SEARCH_JS.read_text(encoding="utf-8")),
    ):
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(content, encoding="utf-8")
        temporary.replace(path)


def on_shutdown(**_: Any) -> None:
    """Remove the temporary folders."""
    while _TEMP:
        shutil.rmtree(_TEMP.pop(), ignore_errors=True)
