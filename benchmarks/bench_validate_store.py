"""SHACL validation at scale: the shapes as SPARQL inside the store vs pyshacl on rdflib.

For each size, synthetic programme data (``habitatkg synth``) with a few deliberate mistakes
(negative figures, missing English names, a phase given as a capability) is loaded together
with the packaged ontology and curated data, then validated by

- ``sparql-memory``: ``kg.validate(engine="sparql")`` on the default in-memory store,
- ``sparql-disk``: ``habitatkg validate --store oxigraph:DIR`` logic (the store loaded once by
  ``habitatkg load``, reopened, validated in place),
- ``pyshacl``: ``kg.validate(engine="pyshacl")`` (the graph copied into rdflib, pyshacl with
  RDFS inference), capped at ``--pyshacl-budget`` seconds,
- ``pyshacl-turbo``: the same run with ``pyshacl.validate`` served by pyshacl-turbo (a Rust
  engine with pyshacl's API; ``pip install habitatkg[bench]``),

each in its own process, so that the peak resident memory (``ru_maxrss``) is that run's alone.
It prints validation time, peak memory, the number of results, whether the results agree with
pyshacl's (same focus node, shape, constraint, severity and value for every result), and the
speed-up. Usage::

    python benchmarks/bench_validate_store.py                    # 100k and 1M triples
    python benchmarks/bench_validate_store.py --sizes 100000 --pyshacl-budget 300
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = r"""
import hashlib, json, resource, sys, time
from rdflib import SH, BNode
engine, data, store = sys.argv[1], sys.argv[2], sys.argv[3]
import habitatkg as hk
start = time.perf_counter()
kg = hk.load(store=store, include_packaged=False) if store != "-" else hk.load(data)
loaded = time.perf_counter() - start
if engine == "pyshacl-turbo":  # the same run, pyshacl's API served by the Rust engine
    import pyshacl, pyshacl_turbo
    pyshacl.validate = pyshacl_turbo.validate
    engine = "pyshacl"
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
start, cpu_start = time.perf_counter(), cpu()
report = kg.validate(engine=engine)
seconds, cpu_seconds = time.perf_counter() - start, cpu() - cpu_start
keys = sorted(
    "|".join(
        (r.focus, r.shape, r.component, r.severity.value, r.path or "", r.value or "", r.message)
    )
    for r in report.results
)
usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load": loaded, "validate": seconds, "validate_cpu": cpu_seconds,
                  "triples": len(kg), "results": len(keys),
                  "violations": len(report.violations),
                  "digest": hashlib.sha256("\n".join(keys).encode()).hexdigest(), "rss": usage}))
"""


def make_data(triples: int, folder: Path) -> Path:
    """Synthetic data with about ``triples`` triples and a few mistakes in it."""
    clean = folder / f"synth-{triples}.nt"
    subprocess.run(
        [sys.executable, "-m", "habitatkg", "synth", "--triples", str(triples), "-o", str(clean)],
        check=True,
        capture_output=True,
    )
    bad = folder / f"synth-{triples}-mistakes.nt"
    with clean.open(encoding="utf-8") as source, bad.open("w", encoding="utf-8") as out:
        for number, line in enumerate(source, start=1):
            if number % 997 == 0 and "ontology#value>" in line:
                head, _, _ = line.rpartition(" ")
                head = head.rsplit(" ", 1)[0]
                line = f'{head} "-5"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
            elif number % 1009 == 0 and "rdf-schema#label>" in line and '"@en' in line:
                continue
            elif number % 1013 == 0 and "addressesCapability>" in line:
                line = (
                    line.rsplit(" ", 2)[0] + " <https://w3id.org/habitatkg/ontology#Identify> .\n"
                )
            out.write(line)
    clean.unlink()
    return bad


def child(engine: str, data: Path, store: str, budget: float) -> dict[str, object] | None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, engine, str(data), store],
            check=True,
            capture_output=True,
            text=True,
            timeout=budget,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"{engine} failed:\n{error.stderr[-3000:]}") from error
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--pyshacl-budget", type=float, default=1800.0)
    parser.add_argument("--no-pyshacl", action="store_true")
    args = parser.parse_args(argv)
    print(
        f"{'size':>10} {'engine':<14} {'triples':>10} {'load s':>8} {'validate s':>11} "
        f"{'cpu s':>8} {'peak MiB':>9} {'results':>8} {'viol.':>6} {'agrees':>7} {'speed-up':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.sizes:
            data = make_data(size, folder)
            db = folder / f"db-{size}"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "habitatkg", "load", "--store", f"oxigraph:{db}", str(data)],
                check=True,
                capture_output=True,
            )
            disk_load = time.perf_counter() - start
            runs = {
                "sparql-memory": child("sparql", data, "-", args.pyshacl_budget),
                "sparql-disk": child("sparql", data, f"oxigraph:{db}", args.pyshacl_budget),
            }
            if not args.no_pyshacl:
                runs["pyshacl"] = child("pyshacl", data, "-", args.pyshacl_budget)
                runs["pyshacl-turbo"] = child("pyshacl-turbo", data, "-", args.pyshacl_budget)
            # agreement with pyshacl, or (without it) with the in-memory run
            reference = runs.get("pyshacl") or runs["sparql-memory"]
            for name, run in runs.items():
                if run is None:
                    print(
                        f"{size:>10,} {name:<14} {'>' + str(int(args.pyshacl_budget)) + ' s':>50}"
                    )
                    continue
                load = disk_load if name == "sparql-disk" else run["load"]
                agrees = (
                    "-"
                    if reference is None
                    else ("yes" if run["digest"] == reference["digest"] else "NO")
                )
                speed = (
                    f"{reference['validate'] / run['validate']:8.1f}x"
                    if reference is not None
                    else f"{'-':>9}"
                )
                print(
                    f"{size:>10,} {name:<14} {run['triples']:>10,} {load:8.2f} "
                    f"{run['validate']:11.2f} {run.get('validate_cpu', float('nan')):8.2f} "
                    f"{run['rss']:9.0f} {run['results']:>8,} "
                    f"{run['violations']:>6,} {agrees:>7} {speed}",
                    flush=True,
                )
            data.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
