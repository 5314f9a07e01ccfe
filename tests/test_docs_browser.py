"""Open the generated documentation in headless Chromium: no console errors, no network, a screenshot.

Chromium is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``: file
descriptors 3 and 4, messages separated by NUL bytes), so no websocket library is needed. The
test FAILS when Chromium is missing: install it with ``apt-get install -y chromium``.

Set ``HABITATKG_SCREENSHOT_DIR`` to keep the screenshots.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import struct
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail(
            "Chromium is not installed: run `apt-get install -y chromium` (Debian package) to run the browser tests"
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
                self.events.append(message)
                if predicate(message):
                    return message
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
                found.append(
                    f"log {params['entry']['level']}: {params['entry'].get('text')} {params['entry'].get('url', '')}"
                )
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("file://", "data:", "about:")):
                    found.append(f"network request to {url}")
        return found

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
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


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[DevTools]:
    tools = DevTools(_chromium(), tmp_path / "profile")
    try:
        yield tools
    finally:
        tools.close()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _keep(path: Path) -> None:
    keep = os.environ.get("HABITATKG_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)


@pytest.mark.parametrize("page", ["index.html", "questions.html"])
def test_pages_load_without_console_errors_or_network(
    site: Path, browser: DevTools, page: str, tmp_path: Path
) -> None:
    browser.open((site / page).as_uri())
    assert (
        browser.evaluate("document.querySelectorAll('article').length") > 0
        or page == "questions.html"
    )
    assert browser.problems() == []
    shot = tmp_path / f"browser-{page.replace('.html', '')}.png"
    browser.screenshot(shot)
    assert _png_size(shot) == (1280, 2000)
    _keep(shot)


def test_language_switch(site: Path, browser: DevTools, tmp_path: Path) -> None:
    browser.open((site / "index.html").as_uri())
    visible = "(s => s && getComputedStyle(s).display !== 'none')"
    spanish = "document.querySelector('#School h3 .t[lang=\"es\"]')"
    english = "document.querySelector('#School h3 .t[lang=\"en\"]')"
    assert browser.evaluate(f"{visible}({english})") is True
    assert browser.evaluate(f"{visible}({spanish})") is False
    browser.evaluate("document.querySelector('[data-set-lang=\"es\"]').click()")
    assert browser.evaluate("document.documentElement.lang") == "es"
    assert browser.evaluate(f"{visible}({spanish})") is True
    assert browser.evaluate(f"{visible}({english})") is False
    assert browser.evaluate(f"{spanish}.textContent") == "Escuela"
    browser.evaluate("document.getElementById('sec-diagram').scrollIntoView({behavior: 'instant'})")
    shot = tmp_path / "browser-es-diagram.png"
    browser.screenshot(shot)
    _keep(shot)
    browser.evaluate("document.querySelector('[data-set-lang=\"en\"]').click()")
    assert browser.evaluate(f"{visible}({english})") is True
    assert browser.problems() == []


def test_command_line_screenshot(site: Path, tmp_path: Path) -> None:
    shot = tmp_path / "index.png"
    done = subprocess.run(
        [
            _chromium(),
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            "--enable-logging=stderr",
            "--v=0",
            (site / "index.html").as_uri(),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [
        line
        for line in done.stderr.splitlines()
        if "CONSOLE" in line and ("ERROR" in line or "Uncaught" in line)
    ]
    assert console == []
    assert shot.is_file() and shot.stat().st_size > 50_000, (
        "the screenshot is missing or nearly empty"
    )
    assert _png_size(shot) == (1280, 2000)
    _keep(shot)
