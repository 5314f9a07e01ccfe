"""Run hostile inputs through habitatkg's entry points in a child process, report as JSON.

Used by ``tests/test_hostile_*.py``: a child process, with a memory cap, runs one entry point
on each file given and prints one JSON record per case (outcome, message, stderr, seconds),
so that an interpreter abort or a hang fails the test instead of the test session.

Usage: ``python tests/hostile_runner.py ENTRY OUT_DIR FILE...``
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import signal
import sys
import time
import traceback
from pathlib import Path

ENTRIES = (
    "api-load",
    "api-load-store",
    "api-validate",
    "cli-validate",
    "cli-load-store",
    "cli-query",
    "cli-export",
    "cli-docs",
    "gate",
)


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout()


def run_case(entry: str, file: Path, out: Path) -> dict[str, object]:
    """One case: ``ok``, ``clear`` (a HabitatKGError / exit 2 with one line) or ``bad``."""
    import habitatkg as hk
    from habitatkg._cli import main

    err = io.StringIO()
    record: dict[str, object] = {"entry": entry, "file": file.name}
    start = time.monotonic()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            if entry == "api-load":
                hk.load(file, include_packaged=False)
                record["outcome"] = "ok"
            elif entry == "api-load-store":
                hk.load(file, include_packaged=False, store=f"oxigraph:{out / 'api-store'}")
                record["outcome"] = "ok"
            elif entry == "api-validate":
                hk.validate(file)
                record["outcome"] = "ok"
            elif entry == "gate":
                from habitatkg._ingest import add_sources
                from habitatkg._load import read_rdf
                from habitatkg._store import MemoryStore

                add_sources(MemoryStore(), [file], format=None)
                read_rdf(file)
                record["outcome"] = "ok"
            else:
                argv = {
                    "cli-validate": ["validate", str(file)],
                    "cli-load-store": [
                        "load",
                        "--quiet",
                        "--no-packaged",
                        "--store",
                        f"oxigraph:{out / ('store-' + file.stem)}",
                        str(file),
                    ],
                    "cli-query": [
                        "query",
                        "ASK { ?s ?p ?o }",
                        "--no-packaged",
                        "--data",
                        str(file),
                    ],
                    "cli-export": [
                        "export",
                        "--no-packaged",
                        "--force",
                        str(out / f"{file.stem}.nt"),
                        "--data",
                        str(file),
                    ],
                    "cli-docs": [
                        "docs",
                        "--no-answers",
                        str(out / f"site-{file.stem}"),
                        "--data",
                        str(file),
                    ],
                }[entry]
                code = main(argv)
                record["outcome"] = {0: "ok", 1: "ok", 2: "clear"}.get(code, f"exit {code}")
        if record["outcome"] == "clear":
            lines = err.getvalue().strip().splitlines()
            record["message"] = err.getvalue().strip()
            if len(lines) != 1 or not lines[0].startswith("habitatkg "):
                record["outcome"] = "bad"
    except hk.HabitatKGError as error:
        record["outcome"] = "clear"
        record["message"] = str(error)
        record["error_file"] = str(getattr(error, "file", "") or "")
        record["line"] = getattr(error, "line", None)
    except _Timeout:
        record["outcome"] = "hang"
    except BaseException as error:
        record["outcome"] = "bad"
        record["message"] = "".join(traceback.format_exception(error))[-2000:]
    record["stderr"] = err.getvalue()[-2000:]
    record["seconds"] = round(time.monotonic() - start, 3)
    return record


def main(argv: list[str]) -> int:
    entry, out, *files = argv
    limit = 1536 * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)
    for name in files:
        signal.alarm(30)
        record = run_case(entry, Path(name), Path(out))
        signal.alarm(0)
        print(json.dumps(record), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
