"""National scale and SPARQL servers over HTTP: load, reopen, every question, validation.

Two runs, one process per engine (so that peak memory is that engine's alone):

- ``--size 10M --engines hk-memory,hk-oxigraph-load,hk-oxigraph`` (embedded):
  ``habitatkg.load(FILE)`` in memory, ``habitatkg load --store oxigraph:DIR FILE``, and
  ``habitatkg.load(store="oxigraph:DIR")`` reopening it; each then answers every named
  question (unbound, and five bound) through ``kg.query`` and runs
  ``kg.validate(engine="sparql")``.
- ``--size 1M --engines oxigraph-server,virtuoso`` (HTTP): a real ``oxigraph serve`` and a
  real Virtuoso 7.2 on 127.0.0.1 (``tests/server.py``), loaded by their own bulk loaders
  (``oxigraph load``; Virtuoso ``ld_dir`` + ``rdf_loader_run``), then the same questions and
  validation through :class:`habitatkg.SparqlStore`. Peak memory is the server's (VmHWM).
  Questions Virtuoso is not trusted with are refused (see ``habitatkg._endpoint._dialects``)
  and reported as ``refused``.

Each query runs once cold, then once more (the second figure is reported;
``HABITATKG_BENCH_RUNS=1``: the cold run only, as at 10M). Usage::

    nice python benchmarks/bench_scale.py --size 1M --engines oxigraph-server,virtuoso
    HABITATKG_BENCH_RUNS=1 nice python benchmarks/bench_scale.py --size 10M \
        --engines hk-oxigraph-load,hk-oxigraph,hk-memory
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_stores import _size, cases, machine  # noqa: E402

from habitatkg import _paths  # noqa: E402
from habitatkg._synth import generate, schools_for  # noqa: E402

GRAPH = "urn:habitatkg:bench"
RUNS = int(os.environ.get("HABITATKG_BENCH_RUNS", "2"))  # 1 at 10M: one cold run


def _questions(kg: Any, result: dict[str, Any]) -> None:
    for name, query, bindings in cases():
        times = []
        try:
            for _ in range(RUNS):
                start = time.perf_counter()
                rows = len(kg.query(query, **bindings))
                times.append((time.perf_counter() - start) * 1000)
            result["queries"][name] = {"rows": rows, "cold_ms": times[0], "ms": times[-1]}
            print(f"{result['engine']} {name}: {rows} rows, {times[-1]:,.0f} ms", file=sys.stderr)
        except Exception as exc:
            text = str(exc)
            result["queries"][name] = {"error": "refused" if "refuses" in text else text[:200]}


def _validate(kg: Any, result: dict[str, Any]) -> None:
    start = time.perf_counter()
    try:
        report = kg.validate(engine="sparql")
        result["validate_s"] = time.perf_counter() - start
        print(f"{result['engine']} validate: {result['validate_s']:.1f} s", file=sys.stderr)
        result["validate_results"] = len(report.results)
    except Exception as exc:
        result["validate_error"] = "refused" if "refuses" in str(exc) else str(exc)[:200]


def _hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker(engine: str, data: Path, folder: Path) -> dict[str, Any]:
    """Measure one engine in this process."""
    import habitatkg as hk
    from habitatkg._endpoint import SparqlStore

    result: dict[str, Any] = {"engine": engine, "queries": {}}
    start = time.perf_counter()
    server: Any = None
    if engine == "hk-oxigraph-load":
        from habitatkg._cli import main

        code = main(["load", "--quiet", "--store", f"oxigraph:{folder / 'hk-oxigraph'}", str(data)])
        assert code == 0
        result["load_s"] = time.perf_counter() - start
        result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return result
    if engine == "hk-memory":
        kg = hk.load(data)
        result["load_s"] = time.perf_counter() - start
    elif engine == "hk-oxigraph":
        kg = hk.load(store=f"oxigraph:{folder / 'hk-oxigraph'}")
        result["reopen_s"] = time.perf_counter() - start
    elif engine == "oxigraph-server":
        from server import OxigraphServer

        location = folder / "oxigraph-server"
        shutil.rmtree(location, ignore_errors=True)
        files = [*_paths.ontology_files(), *_paths.data_files(), data]
        for path in files:  # the server's own bulk loader, into one named graph
            subprocess.run(
                [
                    "oxigraph",
                    "load",
                    "--location",
                    str(location),
                    "--file",
                    str(path),
                    "--graph",
                    GRAPH,
                ],
                check=True,
                capture_output=True,
            )
        result["load_s"] = time.perf_counter() - start
        server = OxigraphServer(location)
        try:
            kg = hk.load(store=SparqlStore(server.query_url, default_graph=GRAPH, timeout=900))
        except BaseException:
            server.stop()
            raise
    elif engine == "virtuoso":
        from server import VirtuosoServer

        location = folder / "virtuoso"
        shutil.rmtree(location, ignore_errors=True)
        server = VirtuosoServer(location, buffers=250_000, max_seconds=900)
        try:
            started = time.perf_counter()
            server.upload(GRAPH, *_paths.ontology_files(), *_paths.data_files(), data)
            result["load_s"] = time.perf_counter() - started
            kg = hk.load(store=SparqlStore(server.query_url, default_graph=GRAPH, timeout=900))
        except BaseException:
            server.stop()
            raise
    else:
        raise ValueError(engine)
    result["triples"] = len(kg)
    print(f"{engine}: {json.dumps(result)}", file=sys.stderr, flush=True)
    try:
        _questions(kg, result)
        _validate(kg, result)
    finally:
        if server is not None:
            result["server_rss_mb"] = _hwm_mb(server.process.pid)
            server.stop()
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _table(size: str, results: list[dict[str, Any]]) -> str:
    lines = [f"### {size}", ""]
    lines.append(
        "| engine | triples | load s | reopen s | validate s | results "
        "| peak MB (client / server) |"
    )
    lines.append("|---|---|---|---|---|---|---|")
    for r in results:

        def num(key: str, digits: int = 1, r: dict[str, Any] = r) -> str:
            value = r.get(key)
            return f"{value:,.{digits}f}" if isinstance(value, (int, float)) else ""

        validate = num("validate_s") or r.get("validate_error", "")
        peak = num("rss_mb", 0) + (f" / {num('server_rss_mb', 0)}" if "server_rss_mb" in r else "")
        triples = f"{r['triples']:,}" if isinstance(r.get("triples"), int) else ""
        lines.append(
            f"| {r['engine']} | {triples} | {num('load_s')} | {num('reopen_s', 2)} | {validate} | "
            f"{r.get('validate_results', '')} | {peak} |"
        )
    names = [name for name, _, _ in cases()]
    timed = [r for r in results if r["queries"]]
    if timed:
        lines += [
            "",
            "| question | " + " | ".join(f"{r['engine']} rows | ms" for r in timed) + " |",
        ]
        lines.append("|---|" + "---|---|" * len(timed))
        for name in names:
            cells = []
            for r in timed:
                q = r["queries"].get(name, {})
                if "error" in q:
                    cells += [q["error"], ""]
                else:
                    cells += [f"{q.get('rows', '')}", f"{q.get('ms', 0):,.1f}"]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="1M")
    parser.add_argument("--engines", default="oxigraph-server,virtuoso")
    parser.add_argument("--work", type=Path, default=Path("/tmp/habitatkg-bench"))
    parser.add_argument("--output", type=Path)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.work)))
        return 0
    data = args.work / f"synth-{args.size}.nt"
    if not data.exists():
        partial = data.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as handle:
            generate(handle, schools=schools_for(_size(args.size)), seed=42)
        partial.rename(data)
    results = []
    for engine in args.engines.split(","):
        done = subprocess.run(  # the worker's progress lines are kept in its stderr
            [
                sys.executable,
                __file__,
                "--worker",
                engine,
                "--data",
                str(data),
                "--work",
                str(args.work),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            results.append({"engine": engine, "queries": {}, "error": done.stderr[-1500:]})
            print(f"{engine} failed:\n{done.stderr[-1500:]}", file=sys.stderr)
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    text = f"Machine: {machine()}\n\n" + _table(args.size, results)
    if args.output:
        args.output.write_text(text + "\n<!-- " + json.dumps(results) + " -->\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
