"""Stores at scale: load time, peak memory and every named query, habitatkg vs raw engines.

For each size (``--sizes``, default ``100k,1M``; ``10M`` is national scale) the script writes
synthetic programme data (``habitatkg synth``, cached in ``--work``) and, on the packaged
ontology and curated data plus that file, measures in a **separate process per engine** (so
that ``ru_maxrss`` is that engine's peak memory):

- ``raw-memory``: a bare in-memory ``pyoxigraph.Store`` (``load`` + ``bulk_load``; queries
  read every value of every solution, as habitatkg does);
- ``hk-memory``: ``habitatkg.load(FILE)`` (the default store; it also checks the file's
  ``hk:`` terms against the ontology, which reads it twice);
- ``raw-disk``: a bare on-disk ``pyoxigraph.Store`` filled with ``bulk_load``;
- ``hk-oxigraph-load``: ``habitatkg load --store oxigraph:DIR FILE`` (check, then bulk load);
- ``hk-oxigraph``: ``habitatkg.load(store="oxigraph:DIR")`` reopening that store;
- ``rdflib``: ``rdflib.Graph.parse`` and rdflib's SPARQL engine, **only at the smallest size
  up to 100k triples** (it takes minutes per query beyond), each query capped at
  ``--rdflib-budget`` seconds.

Every named query (``src/habitatkg/queries/*.rq``) runs unbound, and the parametrized ones
also with values bound (a synthetic school, municipality, capability). For habitatkg two
timings are given: ``store`` (the SPARQL through habitatkg's store layer, values bound by its
``VALUES`` injection, every solution read) and ``api`` (``kg.query(name, **values)``, which
also converts the rows into Python values with labels). Medians of ``--repeat`` runs after a
warm-up. Usage::

    python benchmarks/bench_stores.py                       # 100k and 1M
    python benchmarks/bench_stores.py --sizes 10M --skip-rdflib
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from habitatkg import _paths
from habitatkg._sparql import PREFIXES, bind_values, to_term
from habitatkg._synth import generate, schools_for

HK = PREFIXES["hk"]
EX = "https://w3id.org/habitatkg/example/synth-"
QUERIES = sorted(_paths.query_names())
ENGINES = ("raw-memory", "hk-memory", "raw-disk", "hk-oxigraph-load", "hk-oxigraph", "rdflib")


def cases() -> list[tuple[str, str, dict[str, str]]]:
    """(case name, query name, bindings): every named query unbound, some bound too."""
    school, municipality = f"{EX}school-5", f"{EX}municipality-1"
    cap = f"{HK}CollaborativeWork"
    out = [(name, name, {}) for name in QUERIES]
    out += [
        (
            "partners_supporting(cap, school)",
            "partners_supporting",
            {"capability": cap, "school": school},
        ),
        ("activities_by_capability(cap)", "activities_by_capability", {"capability": cap}),
        ("reach(municipality)", "reach", {"locality": municipality}),
        ("coverage_gaps(school)", "coverage_gaps", {"school": school}),
        ("provenance(school)", "provenance", {"entity": school}),
    ]
    return out


def _size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def _median_ms(function: Any, repeat: int) -> float:
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _packaged() -> list[Path]:
    return [*_paths.ontology_files(), *_paths.data_files()]


def _raw_load(store: ox.Store, data: Path) -> None:
    for path in _packaged():
        store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)


def _text(query: str, bindings: dict[str, str]) -> str:
    text = _paths.query_file(query).read_text(encoding="utf-8")
    return bind_values(text, {k: to_term(v) for k, v in bindings.items()})


class _Timeout(Exception):
    pass


def _cpu() -> float:
    """CPU seconds of this process so far, every thread (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker(engine: str, data: Path, folder: Path, repeat: int, budget: float) -> dict[str, Any]:
    """Measure one engine in this process (run by the parent as a subprocess)."""
    result: dict[str, Any] = {"engine": engine, "queries": {}, "rows": {}}
    start, cpu = time.perf_counter(), _cpu()
    run: Any = None
    if engine in {"raw-memory", "raw-disk"}:
        store = ox.Store() if engine == "raw-memory" else ox.Store(str(folder / "raw-disk"))
        _raw_load(store, data)
        if engine == "raw-disk":
            store.flush()
        result["load_s"], result["load_cpu_s"] = time.perf_counter() - start, _cpu() - cpu
        result["triples"] = len(store)

        def run(query: str, bindings: dict[str, str], api: bool = False) -> int:
            solutions = store.query(_text(query, bindings), prefixes=PREFIXES)
            return len([tuple(solution) for solution in solutions])  # read every value

    elif engine == "hk-oxigraph-load":
        from habitatkg._cli import main

        code = main(["load", "--quiet", "--store", f"oxigraph:{folder / 'hk-oxigraph'}", str(data)])
        assert code == 0
        result["load_s"], result["load_cpu_s"] = time.perf_counter() - start, _cpu() - cpu
    elif engine in {"hk-memory", "hk-oxigraph"}:
        import habitatkg as hk

        if engine == "hk-memory":
            kg = hk.load(data)
            result["load_s"], result["load_cpu_s"] = time.perf_counter() - start, _cpu() - cpu
        else:
            kg = hk.load(store=f"oxigraph:{folder / 'hk-oxigraph'}")
            result["reopen_s"] = time.perf_counter() - start
        result["triples"] = len(kg)

        def run(query: str, bindings: dict[str, str], api: bool = False) -> int:
            if api:
                return len(kg.query(query, **bindings))
            text = kg.query_text(query)
            terms = {k: to_term(v) for k, v in bindings.items()}
            return len(kg.store.query(text, terms).rows)

    elif engine == "rdflib":
        import rdflib

        graph = rdflib.Graph()
        for path in [*_packaged(), data]:
            graph.parse(str(path), format="nt" if path.suffix == ".nt" else "turtle")
        result["load_s"], result["load_cpu_s"] = time.perf_counter() - start, _cpu() - cpu
        result["triples"] = len(graph)

        def alarm(*_: Any) -> None:
            raise _Timeout

        signal.signal(signal.SIGALRM, alarm)

        def run(query: str, bindings: dict[str, str], api: bool = False) -> int:
            return len(list(graph.query(_text(query, bindings), initNs=PREFIXES)))

    if run is not None and not os.environ.get("HABITATKG_BENCH_LOAD_ONLY"):
        for name, query, bindings in cases():
            kinds = ("store", "api") if engine.startswith("hk-") else ("raw",)
            for kind in kinds:
                key = f"{name}|{kind}"
                try:
                    if engine == "rdflib":
                        signal.setitimer(signal.ITIMER_REAL, budget)
                    if repeat <= 0:  # one cold run
                        start = time.perf_counter()
                        result["rows"][name] = run(query, bindings, kind == "api")
                        result["queries"][key] = (time.perf_counter() - start) * 1000
                        continue
                    result["rows"][name] = run(query, bindings, kind == "api")
                    result["queries"][key] = _median_ms(
                        lambda q=query, b=bindings, k=kind: run(q, b, k == "api"),
                        1 if engine == "rdflib" else repeat,
                    )
                except _Timeout:
                    result["queries"][key] = None
                finally:
                    if engine == "rdflib":
                        signal.setitimer(signal.ITIMER_REAL, 0)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _spawn(engine: str, data: Path, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--worker",
        engine,
        "--data",
        str(data),
        "--folder",
        str(folder),
        "--repeat",
        str(args.repeat),
        "--rdflib-budget",
        str(args.rdflib_budget),
    ]
    print(f"  {engine} ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def machine() -> str:
    """One line describing this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) / 1024 / 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, pyoxigraph "
        f"{ox.__version__}"
    )


def _fmt(value: float | None, digits: int = 1) -> str:
    return "timeout" if value is None else f"{value:.{digits}f}"


def report(label: str, results: dict[str, dict[str, Any]], budget: float) -> str:
    """Markdown tables for one size."""
    raw, mem, disk = results["raw-memory"], results["hk-memory"], results.get("hk-oxigraph")
    if disk is not None and not disk["queries"]:
        disk = None
    rawd = results.get("raw-disk")
    rdf = results.get("rdflib")
    rows = raw["rows"] or mem["rows"]
    lines = [f"### {label}: {raw['triples']:,} triples", ""]
    lines += ["| engine | load s | reopen s | peak RSS MB | load vs raw |", "|---|---|---|---|---|"]
    for name, base in (
        ("raw-memory", None),
        ("hk-memory", "raw-memory"),
        ("raw-disk", None),
        ("hk-oxigraph-load", "raw-disk"),
        ("hk-oxigraph", None),
        ("rdflib", "raw-memory"),
    ):
        r = results.get(name)
        if r is None:
            continue
        load = r.get("load_s")
        ratio = (
            f"{load / results[base]['load_s']:.2f}x"
            if base and load and results.get(base, {}).get("load_s")
            else ""
        )
        lines.append(
            f"| {name} | {_fmt(load, 2) if load else ''} | "
            f"{_fmt(r.get('reopen_s'), 2) if r.get('reopen_s') else ''} | "
            f"{r['rss_mb']:.0f} | {ratio} |"
        )
    lines += [
        "",
        "Query medians in ms (rows = result size; ratios: habitatkg / raw pyoxigraph "
        "on the same kind of store, rdflib / raw pyoxigraph in memory):",
        "",
    ]
    head = [
        "query",
        "rows",
        "raw mem",
        "hk mem store",
        "hk mem api",
        "raw disk",
        "hk disk store",
        "hk disk api",
        "mem store/raw",
        "mem api/raw",
        "disk store/raw",
    ]
    if rdf:
        head += ["rdflib", "rdflib/raw"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, _, _ in cases():
        base = raw["queries"][f"{name}|raw"]
        ms = mem["queries"][f"{name}|store"]
        ma = mem["queries"][f"{name}|api"]
        bd = rawd["queries"][f"{name}|raw"] if rawd else None
        ds = disk["queries"][f"{name}|store"] if disk else None
        da = disk["queries"][f"{name}|api"] if disk else None
        row = [
            name,
            str(rows.get(name, "")),
            _fmt(base, 2),
            _fmt(ms, 2),
            _fmt(ma, 2),
            _fmt(bd, 2),
            _fmt(ds, 2),
            _fmt(da, 2),
            f"{ms / max(base, 0.01):.2f}x",
            f"{ma / max(base, 0.01):.2f}x",
            f"{ds / max(bd, 0.01):.2f}x" if ds is not None and bd else "",
        ]
        if rdf:
            slow = rdf["queries"].get(f"{name}|raw")
            row += [
                _fmt(slow, 0) if slow is not None else f">{budget * 1000:.0f}",
                f"{slow / max(base, 0.01):.0f}x"
                if slow is not None
                else f">{budget * 1000 / max(base, 0.01):.0f}x",
            ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def load_only(args: argparse.Namespace, out: list[str]) -> int:
    """Side-by-side load times: habitatkg against raw pyoxigraph, alternating, medians."""
    os.environ["HABITATKG_BENCH_LOAD_ONLY"] = "1"
    pairs = [("hk-memory", "raw-memory"), ("hk-oxigraph-load", "raw-disk")]
    wanted = {e.strip() for e in args.engines.split(",")}
    for text in args.sizes.split(","):
        data = args.work / f"synth-{text.strip()}.nt"
        args.work.mkdir(parents=True, exist_ok=True)
        if not data.exists():
            with data.open("w", encoding="utf-8") as handle:
                generate(handle, schools=schools_for(_size(text)), seed=42)
        lines = [
            f"### load, {text.strip()}",
            "",
            "| habitatkg | raw | rounds (wall s hk/raw; cpu s hk/raw) | median wall ratio "
            "| median cpu ratio |",
        ]
        lines.append("|---|---|---|---|---|")
        for hk_engine, raw_engine in pairs:
            if hk_engine not in wanted and raw_engine not in wanted:
                continue
            times: list[tuple[float, float]] = []
            cpus: list[tuple[float, float]] = []
            for _ in range(args.load_only):
                folder = args.work / text.strip()
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                raw = _spawn(raw_engine, data, folder, args)
                ours = _spawn(hk_engine, data, folder, args)
                times.append((ours["load_s"], raw["load_s"]))
                cpus.append((ours["load_cpu_s"], raw["load_cpu_s"]))
                shutil.rmtree(folder, ignore_errors=True)
            ratio = statistics.median(o / r for o, r in times)
            cpu_ratio = statistics.median(o / r for o, r in cpus)
            rounds = "; ".join(
                f"{o:.2f}/{r:.2f}; {oc:.2f}/{rc:.2f}"
                for (o, r), (oc, rc) in zip(times, cpus, strict=True)
            )
            lines.append(
                f"| {hk_engine} | {raw_engine} | {rounds} | {ratio:.2f}x | {cpu_ratio:.2f}x |"
            )
        section = "\n".join(lines)
        print(section)
        out.append(section)
    if args.output:
        args.output.write_text("\n".join(out), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with ``--worker``, one measurement)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1M", help="comma-separated: 100k,1M,10M")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("/tmp/habitatkg-bench"),
        help="folder for data files and stores (kept for reuse)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed runs per query after a warm-up (median); 0: one cold run",
    )
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES[:-1]),
        help=f"comma-separated subset of {','.join(ENGINES[:-1])} (rdflib is "
        "added at sizes up to 100k unless --skip-rdflib)",
    )
    parser.add_argument(
        "--rdflib-budget", type=float, default=60.0, help="seconds per rdflib query"
    )
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument(
        "--load-only",
        type=int,
        metavar="ROUNDS",
        default=0,
        help="only time the loads, ROUNDS times alternating habitatkg and raw pyoxigraph "
        "(medians; the loaded machine's noise averages out)",
    )
    parser.add_argument("--output", type=Path, help="also write the markdown report here")
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(
            json.dumps(worker(args.worker, args.data, args.folder, args.repeat, args.rdflib_budget))
        )
        return 0
    out = [f"Machine: {machine()}", ""]
    print(out[0], file=sys.stderr)
    if args.load_only:
        return load_only(args, out)
    for text in args.sizes.split(","):
        triples = _size(text)
        folder = args.work / text.strip()
        data = args.work / f"synth-{text.strip()}.nt"
        args.work.mkdir(parents=True, exist_ok=True)
        if not data.exists():
            with data.open("w", encoding="utf-8") as handle:
                generate(handle, schools=schools_for(triples), seed=42)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        print(f"{text}: {data}", file=sys.stderr)
        results: dict[str, dict[str, Any]] = {}
        engines = [e.strip() for e in args.engines.split(",") if e.strip()]
        if "hk-oxigraph" in engines and "hk-oxigraph-load" not in engines:
            engines.insert(engines.index("hk-oxigraph"), "hk-oxigraph-load")
        if not args.skip_rdflib and triples <= 100_000:
            engines.append("rdflib")
        for engine in engines:
            results[engine] = _spawn(engine, data, folder, args)
        section = report(text.strip(), results, args.rdflib_budget)
        print(section)
        out.append(section)
        shutil.rmtree(folder, ignore_errors=True)
    if args.output:
        args.output.write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
