"""The generated documentation in headless Chromium, as its readers use it (issue 16).

One Chromium session visits every page at 390 px (no console error, no network request, no
horizontal overflow, every link resolves), measures every text box of every diagram at 1280 px
(no two overlap, no edge passes through a label), counts the visible text nodes of the Spanish
pages by language, uses the search box, and saves screenshots.

Chromium is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``: file
descriptors 3 and 4, messages separated by NUL bytes), so no websocket library is needed. The
test FAILS when Chromium is missing: install it with ``apt-get install -y chromium``.

Screenshots go to a temporary folder (printed); set ``HABITATKG_SCREENSHOT_DIR`` to choose it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import select
import shutil
import struct
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from habitatkg._docs import build_site

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


_WATCHED = {
    "Runtime.exceptionThrown",
    "Runtime.consoleAPICalled",
    "Log.entryAdded",
    "Network.requestWillBeSent",
}


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail(
            "Chromium is not installed: run `apt-get install -y chromium` (Debian package)"
            " to run the browser tests"
        )
    return path


class DevTools:
    """A minimal DevTools-protocol client over Chromium's ``--remote-debugging-pipe``."""

    def __init__(self, chromium: str, profile: Path, width: int = 1280, height: int = 2000) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends become fds 3 (read) and 4 (write)
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.process = subprocess.Popen(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Runtime", "Log", "Page", "Network"):
            self.call(f"{domain}.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def _read(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 60.0
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if predicate(message):
                    return message
                if message.get("method") in _WATCHED:
                    self.events.append(message)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("Chromium did not answer in time")
            if select.select([self._from_chrome], [], [], min(remaining, 0.5))[0]:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        number = self._next_id
        reply = self._read(lambda m: m.get("id") == number)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def open(self, url: str) -> None:
        self.call("Page.navigate", {"url": url})
        self._read(lambda m: m.get("method") == "Page.loadEventFired")

    def resize(self, width: int, height: int, *, mobile: bool = False) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        path.write_bytes(
            base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])
        )

    def problems(self) -> list[str]:
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(f"uncaught exception: {json.dumps(params['exceptionDetails'])[:300]}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in {
                "error",
                "assert",
                "warning",
            }:
                found.append(f"console.{params['type']}: {json.dumps(params.get('args'))[:300]}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in {
                "error",
                "warning",
            }:
                entry = params["entry"]
                found.append(f"log {entry['level']}: {entry.get('text')} {entry.get('url', '')}")
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("file://", "data:", "about:")):
                    found.append(f"network request to {url}")
        return found

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site")).parent


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    tools = DevTools(_chromium(), tmp_path_factory.mktemp("profile"))
    try:
        yield tools
    finally:
        tools.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    keep = os.environ.get("HABITATKG_SCREENSHOT_DIR")
    folder = Path(keep) if keep else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots in {folder}")
    return folder


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


_PAGE_FACTS = """(() => {
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'));
  const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id);
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    wide: Array.from(document.querySelectorAll('main *')).filter(e => {
      const r = e.getBoundingClientRect();
      return r.right > window.innerWidth + 1 && !e.closest('.diagram-wrap, .table-wrap, pre');
    }).slice(0, 3)
      .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 60)),
    links: links, ids: ids, lang: document.documentElement.lang, title: document.title,
  };
})()"""


def _sample(site: Path) -> list[str]:
    """The pages to visit at 390 px: all of them, or a sample.

    By default every page is visited (about 4,300, 5 minutes on one core); set
    ``HABITATKG_BROWSER_SAMPLE=1`` for a quick sample while working: every page that is not a
    term or instance page, and per kind of page
    (class, property, concept, scheme, data) the largest pages and those with the longest
    unbreakable word, in both languages. Every link of every page is also checked without a
    browser by tests/test_docs.py.
    """
    pages = sorted(p.name for p in site.glob("*.html"))
    if os.environ.get("HABITATKG_BROWSER_SAMPLE") != "1":
        return pages
    chosen = {
        n for n in pages if not re.match(r"(class|property|concept|scheme|individual|data)-", n)
    }
    english = [n for n in pages if not n.endswith(".es.html")]
    for kind in ("class", "property", "concept", "scheme", "individual", "data"):
        of_kind = [n for n in english if n.startswith(f"{kind}-")]
        texts = {
            n: re.sub(r"<[^>]+>", " ", (site / n).read_text(encoding="utf-8")) for n in of_kind
        }
        longest_word = sorted(of_kind, key=lambda n: -max(map(len, texts[n].split()), default=0))
        largest = sorted(of_kind, key=lambda n: -(site / n).stat().st_size)
        for name in longest_word[:4] + largest[:4]:
            chosen |= {name, name.replace(".html", ".es.html")}
    return sorted(chosen)


def test_pages_at_390px_no_errors_no_overflow_links_resolve(site: Path, browser: DevTools) -> None:
    browser.resize(390, 844, mobile=True)
    pages = _sample(site)
    assert len(pages) > 60
    facts: dict[str, dict[str, Any]] = {}
    started = time.monotonic()
    for name in pages:
        browser.open((site / name).as_uri())
        facts[name] = browser.evaluate(_PAGE_FACTS)
    elapsed = time.monotonic() - started
    print(f"\nvisited {len(pages)} pages at 390 px in {elapsed:.1f} s")
    assert browser.problems() == []
    overflowing = {n: (f["overflow"], f["wide"]) for n, f in facts.items() if f["overflow"] > 0}
    assert not overflowing, f"horizontal overflow at 390 px: {dict(list(overflowing.items())[:5])}"
    broken = []
    for name, page in facts.items():
        assert page["lang"] == ("es" if name.endswith(".es.html") else "en"), name
        for href in page["links"]:
            parts = urlsplit(href)
            if parts.scheme in {"http", "https", "mailto"}:
                continue
            target = unquote(parts.path) or name
            if not (site / target).is_file() or (
                parts.fragment
                and target in facts
                and unquote(parts.fragment) not in facts[target]["ids"]
            ):
                broken.append((name, href))
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:5]}"


_DIAGRAM_CHECK = """(() => {
  const out = [];
  for (const svg of document.querySelectorAll('figure.diagram svg')) {
    const texts = Array.from(svg.querySelectorAll('text')).map(t => {
      const r = t.getBoundingClientRect();
      return {node: t.closest('g.node, g.edge'), box: [r.left, r.top, r.right, r.bottom],
              text: t.textContent,
              size: parseFloat(getComputedStyle(t).fontSize) * Math.abs(t.getScreenCTM().d)};
    });
    const overlaps = [];
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        if (texts[i].node === texts[j].node) continue;
        const a = texts[i].box, b = texts[j].box;
        if (Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 &&
            Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5) {
          overlaps.push(texts[i].text + ' / ' + texts[j].text);
        }
      }
    }
    const crossings = [];
    for (const path of svg.querySelectorAll('g.edge path')) {
      const m = path.getScreenCTM(), length = path.getTotalLength();
      for (let s = 0; s <= length; s += 2) {
        const p = path.getPointAtLength(s);
        const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
        for (const t of texts) {
          const b = t.box;
          if (x > b[0] + 1 && x < b[2] - 1 && y > b[1] + 1 && y < b[3] - 1) {
            crossings.push(t.text);
          }
        }
      }
    }
    out.push({id: svg.id, texts: texts.length, minSize: Math.min(...texts.map(t => t.size)),
              overlaps: overlaps, crossings: Array.from(new Set(crossings)),
              width: svg.getBoundingClientRect().width});
  }
  return out;
})()"""


@pytest.mark.parametrize("lang", ["en", "es"])
def test_diagram_text_never_overlaps_and_no_edge_crosses_a_label(
    site: Path, browser: DevTools, lang: str
) -> None:
    browser.resize(1280, 2000)
    browser.open((site / ("diagrams.html" if lang == "en" else "diagrams.es.html")).as_uri())
    found = browser.evaluate(_DIAGRAM_CHECK)
    assert {d["id"] for d in found} == {"classes-svg", "guidelines-svg", "phases-svg"}
    for diagram in found:
        assert diagram["texts"] > 5, diagram["id"]
        assert diagram["overlaps"] == [], (diagram["id"], diagram["overlaps"][:5])
        assert diagram["crossings"] == [], (diagram["id"], diagram["crossings"][:5])
        assert diagram["minSize"] >= 12, (diagram["id"], diagram["minSize"])
    assert browser.problems() == []


_ENGLISH = {
    "the",
    "of",
    "and",
    "must",
    "each",
    "every",
    "value",
    "values",
    "with",
    "this",
    "which",
    "has",
    "have",
    "is",
    "are",
    "from",
    "not",
    "by",
    "to",
    "for",
    "its",
    "or",
    "be",
    "that",
}
_TEXT_BY_LANG = """(() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) {
    const n = walker.currentNode, el = n.parentElement, text = n.textContent.trim();
    if (!text || !el || el.closest('script, style, code, pre, [lang=zxx]')) continue;
    const hidden = typeof el.checkVisibility === 'function'
      ? !el.checkVisibility() : !el.getClientRects().length;
    if (hidden) continue;
    const holder = el.closest('[lang]');
    nodes.push([holder ? holder.getAttribute('lang') : '', text]);
  }
  return nodes;
})()"""

SPANISH_PAGES = (
    "index",
    "classes",
    "properties",
    "schemes",
    "instances",
    "questions",
    "diagrams",
    "sdg",
    "namespaces",
    "downloads",
    "class-School",
    "class-Quantity",
    "property-servesTarget",
    "property-value",
    "scheme-Capabilities",
    "data-school-amado-nervo",
    "data-org-fab",
)


def test_spanish_pages_have_no_english_the_generator_writes(site: Path, browser: DevTools) -> None:
    browser.resize(1280, 2000)
    counts: dict[str, int] = {}
    english_in_spanish: list[tuple[str, str]] = []
    fallback: dict[str, int] = {}
    for stem in SPANISH_PAGES:
        browser.open((site / f"{stem}.es.html").as_uri())
        assert browser.evaluate("document.documentElement.lang") == "es"
        title = browser.evaluate("document.title")
        assert "Ontología habitatkg" in title, title
        for lang, text in browser.evaluate(_TEXT_BY_LANG):
            counts[lang] = counts.get(lang, 0) + 1
            if lang == "es":
                words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
                if len(words & _ENGLISH) >= 2:
                    english_in_spanish.append((stem, text[:120]))
            else:
                fallback[stem] = fallback.get(stem, 0) + 1
    print(f"\nvisible text nodes by language on {len(SPANISH_PAGES)} Spanish pages: {counts}")
    print(f"text marked as English (from the ontology or data, no Spanish there): {fallback}")
    assert counts.get("es", 0) > 1000
    assert english_in_spanish == [], english_in_spanish[:10]
    assert browser.problems() == []


@pytest.mark.parametrize(
    ("page", "query", "expected"),
    [
        ("index.html", "servesTarget", "property-servesTarget.html"),
        ("index.es.html", "Escuela", "class-School.es.html"),
        ("index.html", "amado nervo", "data-school-amado-nervo.html"),
        ("class-School.es.html", "Benito Juarez", "data-school-benito-juarez.es.html"),
    ],
)
def test_search_box_finds_terms_and_instances(
    site: Path, browser: DevTools, page: str, query: str, expected: str
) -> None:
    browser.resize(1280, 2000)
    browser.open((site / page).as_uri())
    browser.evaluate(
        f"(() => {{ const q = document.getElementById('q'); q.value = {json.dumps(query)};"
        " q.dispatchEvent(new Event('input')); })()"
    )
    hrefs = browser.evaluate(
        "Array.from(document.querySelectorAll('#q-results a')).map(a => a.getAttribute('href'))"
    )
    assert expected in hrefs, hrefs
    assert browser.evaluate("document.getElementById('q-results').hidden") is False
    browser.evaluate(f"document.querySelector('#q-results a[href=\"{expected}\"]').click()")
    browser._read(lambda m: m.get("method") == "Page.loadEventFired")
    assert browser.evaluate("location.href").endswith(expected)
    assert browser.problems() == []


SCREENSHOTS = (
    "index",
    "class-School",
    "property-servesTarget",
    "data-school-amado-nervo",
    "diagrams",
)


def test_screenshots(site: Path, browser: DevTools, shots: Path) -> None:
    taken = 0
    for width, height in ((1280, 2000), (390, 844)):
        browser.resize(width, height, mobile=width < 600)
        for stem in SCREENSHOTS:
            for lang in ("en", "es"):
                name = f"{stem}.html" if lang == "en" else f"{stem}.es.html"
                browser.open((site / name).as_uri())
                if stem == "diagrams":
                    browser.evaluate("document.getElementById('diagram-classes').scrollIntoView()")
                shot = shots / f"{stem}-{lang}-{width}.png"
                browser.screenshot(shot)
                assert _png_size(shot) == (width, height)
                assert shot.stat().st_size > 10_000, shot
                taken += 1
    assert taken == 20
    assert browser.problems() == []
