"""Stores and outputs under stress: kill -9, a full disk, concurrent loads, odd output paths.

Nothing half-done: a killed or failed load leaves the store all-or-nothing with no staging
folder or orphan ``bulk-*.sst`` file behind; an output is replaced whole or not at all; a
folder that is not a store is never written into; concurrent readers get a read-only view.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import habitatkg as hk
from habitatkg import _paths
from habitatkg._cli import main
from habitatkg._errors import HabitatKGError, OutputError, ReadOnlyStoreError, StoreError
from habitatkg._store import OxigraphStore
from habitatkg._synth import write as write_synth

SRC = Path(__file__).resolve().parents[1] / "src"
ENV = {**os.environ, "PYTHONPATH": str(SRC)}


def cli(*argv: str) -> tuple[int, str]:
    """Run the CLI in this process: exit code and standard error."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(argv))
    return code, err.getvalue()


def one_line_error(code: int, err: str) -> str:
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("habitatkg "), (code, err)
    assert "Traceback" not in err
    return lines[0]


def triple_file(folder: Path, name: str, n: int = 1) -> Path:
    path = folder / name
    path.write_text(
        "".join(
            f'<https://example.org/{name}/{i}> <https://example.org/p> "{i}" .\n' for i in range(n)
        ),
        encoding="utf-8",
    )
    return path


def no_leftovers(store: Path) -> None:
    assert not list(store.glob("bulk-*.sst")), sorted(store.iterdir())
    assert not list(store.parent.glob(f".{store.name}.loading-*"))


_SYNTH = "https://w3id.org/habitatkg/example/synth-"
_COUNT_SYNTH = f"SELECT (COUNT(*) AS ?n) {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{_SYNTH}')) }}"


def user_triples(path: Path) -> int:
    store = OxigraphStore(path)
    try:
        return int(store.query(_COUNT_SYNTH).rows[0][0].value)
    finally:
        store.close()


@pytest.fixture(scope="module")
def synth_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("synth") / "synth.nt"
    stats = write_synth(path, schools=1500, seed=3)  # about 150k triples
    return path, stats["triples"]


# ---------------------------------------------------------------------------------------------
# kill -9 during a load


def _kill_during(argv: list[str], after: float) -> int:
    process = subprocess.Popen(
        [sys.executable, "-m", "habitatkg", *argv],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    return process.wait()


@pytest.mark.parametrize("after", [1.5, 3.0])
def test_kill_9_during_a_fresh_load_leaves_nothing_or_everything(synth_file, tmp_path, after):
    data, count = synth_file
    store = tmp_path / "kg"
    _kill_during(
        ["load", "--quiet", "--no-packaged", "--store", f"oxigraph:{store}", str(data)], after
    )
    if store.exists():  # the rename happened: the whole store is there
        assert user_triples(store) == count
    # the next load reclaims what the killed one left and gives the whole store
    code, err = cli("load", "--quiet", "--no-packaged", "--store", f"oxigraph:{store}", str(data))
    assert code == 0, err
    no_leftovers(store)
    assert user_triples(store) == count


def test_kill_9_during_a_load_into_an_existing_store_leaves_no_orphans(synth_file, tmp_path):
    data, count = synth_file
    store = tmp_path / "kg"
    small = triple_file(tmp_path, "small.nt")
    assert (
        cli("load", "--quiet", "--no-packaged", "--store", f"oxigraph:{store}", str(small))[0] == 0
    )
    _kill_during(
        ["load", "--quiet", "--no-packaged", "--store", f"oxigraph:{store}", str(data)], 2.0
    )
    reopened = OxigraphStore(store)  # opening for writing reclaims orphan bulk files
    try:
        assert len(reopened) in (1, 1 + count)
    finally:
        reopened.close()
    no_leftovers(store)


# ---------------------------------------------------------------------------------------------
# A full disk


@pytest.fixture
def full_disk(tmp_path: Path):
    """A 512 KiB tmpfs (the tests run as root), or, when mounting is not allowed, a file-size
    limit applied to the child processes (``RLIMIT_FSIZE``) that does the same to writes."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], capture_output=True
    )
    yield mount, done.returncode == 0
    if done.returncode == 0:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _child(argv: list[str], limited: bool) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (512 * 2**10, 512 * 2**10))

    return subprocess.run(
        [sys.executable, "-m", "habitatkg", *argv],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=None if limited else limit,
    )


def test_full_disk_keeps_an_earlier_export_whole(full_disk):
    disk, mounted = full_disk
    earlier = disk / "kg.nt"
    earlier.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    done = _child(["export", "--force", str(earlier)], mounted)  # ~4 MB of N-Triples
    one_line_error(done.returncode, done.stderr)
    assert "disk is full" in done.stderr or "too large" in done.stderr.lower()
    assert earlier.read_text(encoding="utf-8") == "<urn:a> <urn:b> <urn:c> .\n"
    assert sorted(p.name for p in disk.iterdir()) == ["kg.nt"]


def test_full_disk_during_synth_and_load_leaves_nothing_behind(full_disk, tmp_path):
    disk, mounted = full_disk
    out = disk / "synth.nt"
    done = _child(["synth", "--schools", "400", "--output", str(out)], mounted)
    one_line_error(done.returncode, done.stderr)
    assert sorted(p.name for p in disk.iterdir()) == []
    data = tmp_path / "synth.nt"
    write_synth(data, schools=400, seed=1)
    store = disk / "kg"
    done = _child(["load", "--quiet", "--store", f"oxigraph:{store}", str(data)], mounted)
    one_line_error(done.returncode, done.stderr)
    assert sorted(p.name for p in disk.iterdir()) == []  # no store, no staging folder


# ---------------------------------------------------------------------------------------------
# Folders that are not stores; concurrent loads and readers


@pytest.mark.parametrize("content", ["LOG", "CURRENT", "notes.txt"])
def test_load_refuses_a_folder_that_is_not_a_store(tmp_path, content):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / content).write_text("my own file\n", encoding="utf-8")
    data = triple_file(tmp_path, "a.nt")
    line = one_line_error(*cli("load", "--quiet", "--store", f"oxigraph:{folder}", str(data)))
    assert "not an oxigraph store" in line
    with pytest.raises(StoreError, match="not an oxigraph store"):
        hk.load(data, store=f"oxigraph:{folder}")
    assert sorted(p.name for p in folder.iterdir()) == [content]
    assert (folder / content).read_text(encoding="utf-8") == "my own file\n"


def test_two_concurrent_fresh_loads_into_one_folder(tmp_path, synth_file):
    data, count = synth_file
    store = tmp_path / "kg"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "habitatkg",
                "load",
                "--quiet",
                "--no-packaged",
                "--store",
                f"oxigraph:{store}",
                str(data),
            ],
            env=ENV,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]  # type: ignore[union-attr]
    assert any(code == 0 for code, _ in results), results
    for code, err in results:
        if code != 0:
            assert "another process" in one_line_error(code, err)
    assert user_triples(store) == count
    no_leftovers(store)


def test_api_load_into_a_store_is_all_or_nothing(tmp_path):
    good = triple_file(tmp_path, "good.nt", 3)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    folder = tmp_path / "kg"
    with pytest.raises(HabitatKGError, match=r"bad\.ttl"):
        hk.load(good, bad, store=f"oxigraph:{folder}", include_packaged=False)
    store = OxigraphStore(folder)
    try:
        assert len(store) == 0
        assert store.loaded_digest(str(good.resolve())) is None
    finally:
        store.close()
    kg = hk.load(good, bad.with_name("good.nt"), include_packaged=False)
    assert len(kg) == 3


_HOLDER = """
import sys, time, pyoxigraph as ox
store = ox.Store(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
"""


def test_a_second_process_reads_a_store_another_has_open(tmp_path):
    folder = tmp_path / "kg"
    data = triple_file(tmp_path, "a.nt", 5)
    assert cli("load", "--quiet", "--store", f"oxigraph:{folder}", str(data))[0] == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"  # type: ignore[union-attr]
        kg = hk.load(data, store=f"oxigraph:{folder}")  # everything recorded: nothing to write
        assert kg.store.read_only  # type: ignore[attr-defined]
        assert kg.query('ASK { <https://example.org/a.nt/4> ?p "4" }').boolean
        assert len(kg.query("SELECT ?s { ?s a hk:School }")) > 10
        other = triple_file(tmp_path, "b.nt")
        with pytest.raises(ReadOnlyStoreError, match="read-only"):
            kg.add(other)
        with pytest.raises(ReadOnlyStoreError):
            hk.load(other, store=f"oxigraph:{folder}")
        line = one_line_error(*cli("load", "--quiet", "--store", f"oxigraph:{folder}", str(other)))
        assert "another process" in line
    finally:
        holder.communicate("\n", timeout=30)


# ---------------------------------------------------------------------------------------------
# Output paths


def test_output_path_errors_are_one_clear_line(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    afile = tmp_path / "file.txt"
    afile.write_text("x", encoding="utf-8")
    cases = [
        (["export", "--no-packaged", str(folder)], "cannot tell the export format"),
        (["export", "--no-packaged", "--format", "ttl", str(folder)], "it is a folder"),
        (["export", "--no-packaged", str(afile / "kg.ttl")], "is a file, not a folder"),
        (["export", "--no-packaged", "--format", "csv", str(afile)], "is a file, not a folder"),
        (["synth", "--schools", "2", "--output", str(folder)], "it is a folder"),
        (["docs", "--no-answers", str(afile)], "it is a file"),
        (["export", "--no-packaged", str(tmp_path / "kg.xyz")], "--format"),
    ]
    for argv, words in cases:
        line = one_line_error(*cli(*argv))
        assert words in line, (argv, line)
    assert "csv" in one_line_error(*cli("export", str(tmp_path / "kg.xyz")))


def test_export_refuses_an_existing_file_without_force(tmp_path):
    out = tmp_path / "kg.nt"
    out.write_text("mine\n", encoding="utf-8")
    data = triple_file(tmp_path, "a.nt")
    line = one_line_error(*cli("export", str(out), "--no-packaged", "--data", str(data)))
    assert "pass --force" in line
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert (
        cli("export", "--force", str(out), "--no-packaged", "--data", str(tmp_path / "a.nt"))[0]
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith("<https://example.org/a.nt/0>")
    kg = hk.load(tmp_path / "a.nt", include_packaged=False)
    with pytest.raises(OutputError, match="pass --force"):
        hk._export.export(kg, out, overwrite=False)  # type: ignore[attr-defined]
    assert kg.export(out) == out  # the API replaces, atomically, as Python's writers do
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nt", "kg.nt"]


def test_fresh_load_counts_the_packaged_files(tmp_path):
    data = triple_file(tmp_path, "a.nt")
    code, err = cli("load", "--store", f"oxigraph:{tmp_path / 'kg'}", str(data))
    packaged = len(_paths.ontology_files()) + len(_paths.data_files())
    assert code == 0 and f"({packaged + 1} files loaded" in err, err


# ---------------------------------------------------------------------------------------------
# 20 threads at once


def test_twenty_threads_load_add_query_and_export_at_once(tmp_path):
    kg = hk.load()
    base = len(kg)
    schools = len(kg.query("SELECT ?s { ?s a hk:School }"))
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    out = tmp_path / "shared.nt"
    failures: list[str] = []

    def work(n: int) -> None:
        try:
            for _round in range(3):
                mine = triple_file(tmp_path, f"t{n}-{_round}.nt")
                kg.add(mine)
                if not kg.query(
                    f'ASK {{ <https://example.org/t{n}-{_round}.nt/0> ?p "0" }}'
                ).boolean:
                    failures.append(f"{n}: own triple missing")
                if len(kg.query("SELECT ?s { ?s a hk:School }")) != schools:
                    failures.append(f"{n}: wrong school count")
                try:
                    kg.add(bad)
                    failures.append(f"{n}: bad file accepted")
                except HabitatKGError as error:
                    if "bad.ttl" not in str(error):
                        failures.append(f"{n}: unclear error {error}")
                if n % 4 == 0:
                    kg.export(out)
                if n % 5 == 0:
                    small = hk.load(mine, include_packaged=False)
                    if len(small) != 1:
                        failures.append(f"{n}: separate load has {len(small)} triples")
        except Exception as error:
            failures.append(f"{n}: {type(error).__name__}: {error}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not any(t.is_alive() for t in threads)
    assert failures == []
    assert len(kg) == base + 60
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    exported = hk.load(out, include_packaged=False)  # the last export, complete
    assert len(exported) >= base
