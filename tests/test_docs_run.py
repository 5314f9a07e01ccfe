"""Every documented step works: run each shell command and Python block of README.md and docs/*.md.

Each page runs in its own temporary folder holding a copy of the repository (as a reader's
clone would), with ``habitatkg`` importable from this checkout and English as the
language. Blocks run in page order, so a later block sees what an earlier one wrote:

- ```` ```bash ````, ```` ```sh ````, ```` ```shell ```` blocks run as one ``bash -e`` script
  each (so every line must succeed); ```` ```console ```` blocks run their ``$ `` lines;
- ```` ```python ```` blocks run in one Python process per page, sharing one namespace, the
  way a reader pastes them into one session; ```` ```pycon ```` blocks are doctests in that
  namespace, so the output printed on the page is checked too;
- other blocks (Turtle, SPARQL, text...) are content, not steps.

**Markers.** A block's behaviour can be changed only by an HTML comment on the line(s) just
before it (visible in the Markdown source, invisible on the rendered page), always with a
reason or a value, so nothing is skipped silently:

- ``<!-- docs-run: skip REASON -->``: do not run the block (for example ``pip install``,
  which would change the environment, or the whole test suite, which runs elsewhere);
- ``<!-- docs-run: file NAME -->``: the block is the content of file ``NAME`` that the page
  asks the reader to write; it is written into the folder before the following blocks run.
  A block is also written as a file, without a marker, when the sentence just before it says
  so: "save it as `NAME`", "write ... `NAME`";
- ``<!-- docs-run: exit N -->``: the documented outcome of the shell block is exit status
  ``N`` (a documented error), checked exactly;
- ``<!-- docs-run: raises NAME -->``: the Python block is documented to raise the exception
  ``NAME`` (its class name, or a base class's);
- ``<!-- docs-run: skip-page REASON -->`` anywhere in a page: the page's blocks are not run
  (``api.md``, generated from docstrings that ``tests/test_init.py`` runs as doctests).

Every page of docs/ is covered, including pages added later; a page whose steps fail
fails here, naming the page, the block's line and the output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg_helpers import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL = {"bash", "sh", "shell", "zsh"}
PYTHON = {"python", "py", "python3"}
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_MARKER = re.compile(r"<!--\s*docs-run:\s*(?P<verb>[\w-]+)\s*(?P<value>.*?)\s*-->")
_SAVE = re.compile(
    r"\b(?:save|saved|write|written|create|put|call)\b[^`]*`(?P<name>[\w./-]+\.[A-Za-z]+)`",
    re.IGNORECASE,
)
TIMEOUT = 300
#: Steps that change the shared environment or never end: each must carry a skip marker,
#: and the run refuses them before starting anything (pip also runs with
#: ``PIP_REQUIRE_VIRTUALENV``, so it cannot install into the interpreter running the tests).
_NEVER = re.compile(
    r"\b(pip3?\s+install|python\s+-m\s+pip|jupyter\s+(lab|notebook)|mkdocs\s+serve)\b"
)


@dataclass
class Block:
    """A fenced block of a page."""

    page: Path
    line: int
    lang: str
    text: str
    markers: dict[str, str] = field(default_factory=dict)
    before: str = ""

    @property
    def where(self) -> str:
        shown = self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page.name
        return f"{shown}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of a Markdown page, with the markers just before each.

    Args:
        page: The Markdown file.

    Returns:
        The blocks, in order.
    """
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, info = match.group("fence"), match.group("info").strip()
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            body.append(lines[index])
            index += 1
        index += 1
        markers: dict[str, str] = {}
        back = start - 1
        while back >= 0 and (not lines[back].strip() or _MARKER.search(lines[back])):
            for marker in _MARKER.finditer(lines[back]):
                markers.setdefault(marker.group("verb"), marker.group("value"))
            back -= 1
        paragraph: list[str] = []
        while back >= 0 and lines[back].strip() and not _FENCE.match(lines[back]):
            paragraph.insert(0, lines[back])
            back -= 1
        lang = (info.split() or [""])[0].lstrip("{.").rstrip("}").lower()
        found.append(
            Block(page, start + 1, lang, "\n".join(body) + "\n", markers, " ".join(paragraph))
        )
    return found


def _page_skip(page: Path) -> str | None:
    for marker in _MARKER.finditer(page.read_text(encoding="utf-8")):
        if marker.group("verb") == "skip-page":
            return marker.group("value") or "no reason given"
    return None


def _clone(target: Path) -> None:
    """Copy the repository's files (tracked by git, else every file but caches) into target."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout.decode()
        names = [n for n in listed.split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.is_file() and not {".git", "__pycache__", ".pytest_cache"} & set(p.parts)
        ]
    for name in names:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "HABITATKG_"))}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["LANG"] = "C.UTF-8"
    env["COLUMNS"] = "100"
    env["MPLBACKEND"] = "Agg"
    env["PIP_REQUIRE_VIRTUALENV"] = "1"
    env.pop("VIRTUAL_ENV", None)
    return env


_DRIVER = r"""
import doctest, json, sys, traceback
steps = json.load(open(sys.argv[1], encoding="utf-8"))
namespace = {"__name__": "__main__"}
for step in steps:
    try:
        if step["lang"] == "pycon":
            where = step["where"]
            test = doctest.DocTestParser().get_doctest(step["text"], namespace, where, where, 0)
            flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
            runner = doctest.DocTestRunner(optionflags=flags)
            runner.run(test, out=sys.stderr.write)
            namespace.update(test.globs)
            if runner.failures:
                print(f"DOCS-RUN FAILED {where}: the printed output differs", file=sys.stderr)
                sys.exit(1)
        else:
            exec(compile(step["text"], step["where"], "exec"), namespace)
        if step.get("raises"):
            print(f"DOCS-RUN FAILED {step['where']}: expected {step['raises']}", file=sys.stderr)
            sys.exit(1)
    except Exception as exc:
        names = {c.__name__ for c in type(exc).__mro__}
        if step.get("raises") and step["raises"] in names:
            continue
        traceback.print_exc()
        print(f"DOCS-RUN FAILED {step['where']}: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)
print("DOCS-RUN OK")
"""


def _run_python(steps: list[dict[str, str]], folder: Path, env: dict[str, str]) -> None:
    if not steps:
        return
    (folder / ".docs-run-steps.json").write_text(json.dumps(steps), encoding="utf-8")
    (folder / ".docs-run-driver.py").write_text(_DRIVER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, ".docs-run-driver.py", ".docs-run-steps.json"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0 and "DOCS-RUN OK" in done.stdout, (
        f"Python blocks of the page fail:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    )


def _shell_script(block: Block) -> str:
    if block.lang == "console":
        return "\n".join(line[2:] for line in block.text.splitlines() if line.startswith("$ "))
    return block.text


def _run_page(page: Path, folder: Path) -> list[str]:
    """Run a page's steps; return what ran (for the report)."""
    env = _environment()
    ran: list[str] = []
    python: list[dict[str, str]] = []
    unsafe = [
        b.where
        for b in blocks(page)
        if "skip" not in b.markers
        and b.lang in SHELL | PYTHON | {"pycon", "console"}
        and _NEVER.search(b.text)
    ]
    assert not unsafe, (
        f"steps that install packages or start a server must be marked "
        f"<!-- docs-run: skip REASON -->: {', '.join(unsafe)}"
    )
    for block in blocks(page):
        markers = block.markers
        if "skip" in markers:
            assert markers["skip"], f"{block.where}: a skip marker needs a reason"
            continue
        name = markers.get("file")
        if name is None and block.lang not in SHELL | PYTHON | {"pycon", "console"}:
            saved = _SAVE.search(block.before)
            name = saved.group("name") if saved else None
        if name:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
            ran.append(f"{block.where} file {name}")
            continue
        if block.lang in PYTHON or block.lang == "pycon":
            python.append(
                {
                    "lang": block.lang,
                    "text": block.text,
                    "where": block.where,
                    "raises": markers.get("raises", ""),
                }
            )
            ran.append(f"{block.where} {block.lang}")
            continue
        if block.lang in SHELL or block.lang == "console":
            _run_python(python, folder, env)  # keep page order: Python written so far first
            python = []
            expected = int(markers.get("exit", "0"))
            done = subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", _shell_script(block)],
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
            assert done.returncode == expected, (
                f"{block.where}: exit {done.returncode}, documented {expected}\n"
                f"$ {block.text}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
            )
            assert "Traceback (most recent call last)" not in done.stderr, (
                f"{block.where}: a traceback\n{done.stderr[-3000:]}"
            )
            ran.append(f"{block.where} {block.lang}")
    _run_python(python, folder, env)
    return ran


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clone")
    _clone(folder)
    return folder


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_documented_step_works(page: Path, clone: Path, tmp_path: Path) -> None:
    reason = _page_skip(page)
    if reason is not None:
        # not run here, and said so on the page; its examples run elsewhere
        assert len(reason) > 10, f"{page.name}: skip-page needs a reason"
        return
    folder = tmp_path / "work"
    shutil.copytree(clone, folder)
    ran = _run_page(page, folder)
    runnable = [
        b
        for b in blocks(page)
        if b.lang in SHELL | PYTHON | {"pycon", "console"} and "skip" not in b.markers
    ]
    assert ran or not runnable, f"{page.name}: no step ran"


def test_the_parser_sees_markers_files_and_languages(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Save it as `mine.ttl`:\n\n```turtle\n<urn:a> <urn:b> <urn:c> .\n```\n\n"
        "<!-- docs-run: exit 1 -->\n```bash\nfalse\n```\n\n"
        "<!-- docs-run: skip installs packages -->\n```bash\npip install x\n```\n\n"
        "```pycon\n>>> 1 + 1\n2\n```\n",
        encoding="utf-8",
    )
    found = blocks(page)
    assert [b.lang for b in found] == ["turtle", "bash", "bash", "pycon"]
    assert _SAVE.search(found[0].before).group("name") == "mine.ttl"
    assert found[1].markers == {"exit": "1"} and found[2].markers["skip"] == "installs packages"
    folder = tmp_path / "work"
    folder.mkdir()
    ran = _run_page(page, folder)
    assert (folder / "mine.ttl").exists() and len(ran) == 3


def test_a_failing_step_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```bash\npip install x\n```\n", encoding="utf-8")
    folder = tmp_path / "work"
    folder.mkdir()
    with pytest.raises(AssertionError, match="must be marked"):
        _run_page(page, folder)  # refused before anything runs
    page.write_text("```bash\nhabitatkg reach --locality 'Nowhere at all'\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="exit 2, documented 0"):
        _run_page(page, folder)
    page.write_text("```pycon\n>>> 1 + 1\n3\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="printed output differs"):
        _run_page(page, folder)


def test_generated_parts_of_the_pages_are_filled_and_fresh() -> None:
    # issue 17.2 and 17.6: empty placeholders and an empty list of notebooks
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "gen_api_docs", ROOT / "tools" / "gen_api_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run python tools/gen_api_docs.py"
    notebooks = (ROOT / "docs" / "notebooks.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "examples").glob("*.ipynb")):
        assert f"`examples/{path.name}`" in notebooks
    assert "notebooks/" not in notebooks
    assert "### `habitatkg reach`" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8").splitlines()
    assert not [line for line in api if "``pycon" in line and line != "```pycon"]
    assert ">>> kg = hk.load()" in (ROOT / "docs" / "quickstart.md").read_text(encoding="utf-8")
