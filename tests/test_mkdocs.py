"""The user guide builds with ``mkdocs build --strict`` (warnings are errors), ontology reference
included."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("guide") / "site"


def test_mkdocs_build_strict(built: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None:
        pytest.fail(
            "MkDocs is not installed: run `pip install -e '.[docs]'` (mkdocs>=1.6)"
            " to build the user guide"
        )
    site = built
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, (
        f"mkdocs build --strict failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
    )
    assert "WARNING" not in done.stderr, done.stderr[-6000:]
    for page in (
        "index.html",
        "api.html",
        "cli.html",
        "reference.html",
        "ontology/index.html",
        "ontology/index.es.html",
        "ontology/questions.html",
        "ontology/class-School.html",
        "ontology/habitatkg-ontology.ttl",
        "search/search_index.js",
    ):
        assert (site / page).is_file(), f"{page} was not built"
    reference = (site / "reference.html").read_text(encoding="utf-8")
    assert 'href="ontology/index.html"' in reference
    assert "habitatkg docs" in (site / "cli.html").read_text(encoding="utf-8")
    assert not (ROOT / "docs" / "ontology").exists(), "the hook must not write into docs/"
    # opened from disk every navigation link names a file (use_directory_urls: false)
    home = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#:]+)"', home)
    assert links and all((site / link).is_file() for link in links if not link.endswith("/")), links
    assert not [link for link in links if link.endswith("/")], "a link to a folder"
    # the search index holds the ontology's terms and instances
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "ontology/property-servesTarget.html" in locations
    assert any("Escuela" in doc["text"] for doc in index["docs"])
    offline = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert json.loads(offline[offline.index("=") + 1 :].strip().rstrip(";")) == index
    assert "file:" in (site / "search" / "main.js").read_text(encoding="utf-8")


def test_cli_and_mkdocs_default_to_different_folders() -> None:
    import yaml

    from habitatkg._commands import docs

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!", ""))
    parser = docs.add_parser(__import__("argparse").ArgumentParser().add_subparsers())
    cli_default = parser.parse_args([]).out_dir
    assert Path(config.get("site_dir", "site")).resolve() != (ROOT / cli_default).resolve()
    assert config["use_directory_urls"] is False


@pytest.mark.parametrize("how", ["file", "http"])
def test_guide_search_finds_ontology_terms_from_disk_and_over_http(built: Path, how: str) -> None:
    """In headless Chromium: the guide's search (a web worker over HTTP, in the page from disk)."""
    import functools
    import http.server
    import threading
    import time

    from test_docs_browser import DevTools, _chromium

    assert (built / "index.html").is_file(), (
        "run with test_mkdocs_build_strict (it builds the guide)"
    )
    server = None
    if how == "http":
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built))
        handler.log_message = lambda *args, **kwargs: None  # type: ignore[attr-defined]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
    else:
        base = built.as_uri() + "/"
    browser = DevTools(_chromium(), built.parent / f"profile-{how}")
    try:
        browser.open(base + "reference.html")
        found: list[str] = []
        for query in ("servesTarget", "Escuela"):
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                browser.evaluate(
                    "(() => { const q = document.getElementById('mkdocs-search-query');"
                    f" q.value = {json.dumps(query)};"
                    " q.dispatchEvent(new KeyboardEvent('keyup')); })()"
                )
                time.sleep(0.3)
                found = browser.evaluate(
                    "Array.from(document.querySelectorAll('#mkdocs-search-results a'))"
                    ".map(a => a.getAttribute('href'))"
                )
                if found:
                    break
            expected = (
                "ontology/property-servesTarget.html"
                if query == "servesTarget"
                else "ontology/class-School.html"
            )
            assert any(href.endswith(expected) for href in found), (query, found)
        problems = [
            p for p in browser.problems() if not p.startswith("network request to http://127.0.0.1")
        ]
        assert problems == []
    finally:
        browser.close()
        if server is not None:
            server.shutdown()
            server.server_close()
