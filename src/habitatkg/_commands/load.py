"""``habitatkg load --store oxigraph:PATH FILE ...``: bulk-load big files into a persistent store.

Every file is read and checked first (syntax, ``hk:`` terms the ontology does not declare),
with a progress bar on standard error; only when all are good are they bulk-loaded (pyoxigraph
``bulk_load``, several times faster than a transactional load). A new store is built in a
staging directory next to ``PATH`` and renamed into place at the end, so a failure leaves no
store behind; an existing store is only written after every file has passed the check. The
packaged ontology and curated data are added unless ``--no-packaged`` (or already there);
files the store already holds (same path and SHA-256) are skipped. Afterwards
``habitatkg.load(store="oxigraph:PATH")`` opens the store instantly.

Every file passes the input gate (:mod:`habitatkg._gate`: no network, limits on entity
expansion, nesting and literal size) and one parse with the engine's parser. ``PATH`` must be
new, an empty folder or an oxigraph store: a folder holding anything else is refused, never
written into. Staging folders of killed loads (``.NAME.loading-PID``, PID gone) and orphan
``bulk-*.sst`` files of an interrupted bulk load are deleted by the next load. Two loads
racing to create one store: one wins, the other stops with a clear error and keeps nothing.
While another process has the store open, it cannot be loaded into (readers open it
read-only, see :class:`habitatkg.OxigraphStore`).

Exit codes: 0 loaded, 2 a file or the store cannot be used (nothing is written).

Example:
    >>> from habitatkg._cli import main
    >>> main(["load", "--store", "oxigraph:/tmp/kg", "schools.nt"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from habitatkg._errors import (
    DataFileNotFoundError,
    EmptyDataError,
    UnknownTermError,
)

__all__ = ["add_parser", "run"]

_BULK = {"turtle", "ntriples", "rdfxml", "n3"}  # triple formats pyoxigraph bulk-loads


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``load``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "load",
        help="bulk-load RDF files into a persistent oxigraph store (checked first, all or none)",
        description=(
            "Check RDF files, then bulk-load them with the packaged ontology and curated data "
            "into a persistent pyoxigraph store, which habitatkg.load(store='oxigraph:PATH') "
            "then opens instantly. Nothing is written when a file is bad (exit code 2)."
        ),
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        type=Path,
        nargs="*",
        help=(
            "RDF files (N-Triples and Turtle are fastest; also RDF/XML, JSON-LD, TriG, "
            "N-Quads), or records workbooks (.xlsx, or a folder of CSV): their records go into "
            "their own named graph too"
        ),
    )
    parser.add_argument(
        "--store",
        required=True,
        metavar="oxigraph:PATH",
        help="the store: oxigraph:PATH, a directory (created if missing)",
    )
    parser.add_argument("--format", help="format of every FILE (default: from each extension)")
    parser.add_argument(
        "--no-packaged",
        action="store_true",
        help="leave out the packaged ontology and curated data",
    )
    parser.add_argument(
        "--no-check-terms",
        action="store_true",
        help="accept hk: terms the ontology does not declare",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on standard error")
    from habitatkg._commands._remote_load import add_remote_options  # sparql:URL (stores)

    add_remote_options(parser)
    parser.set_defaults(run=run)
    return parser


class _Progress:
    """A one-line progress bar on standard error (plain lines when it is not a terminal)."""

    def __init__(self, quiet: bool, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self._last = 0.0

    def show(self, text: str, *, force: bool = False) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if not force and now - self._last < (0.2 if self.tty else 5.0):
            return
        self._last = now
        if self.tty:
            self.stream.write("\r\x1b[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def done(self, text: str) -> None:
        if self.quiet:
            return
        self.stream.write(("\r\x1b[K" if self.tty else "") + text + "\n")
        self.stream.flush()


def _bar(fraction: float, width: int = 24) -> str:
    filled = int(max(0.0, min(1.0, fraction)) * width)
    return "[" + "#" * filled + "." * (width - filled) + f"] {fraction:6.1%}"


def _check_file(
    path: Path, fmt: object, known: set[str] | None, namespace: str, progress: _Progress
) -> int:
    """The input gate and one parse (nothing stored), checking the ``hk:`` terms; triples."""
    from habitatkg._gate import admit
    from habitatkg._load import scan_file

    admitted = admit(path, format=fmt)  # type: ignore[arg-type]
    size = max(1, admitted.size)
    count, used = scan_file(
        admitted,
        namespace=namespace if known is not None else None,
        progress=lambda done, seen: progress.show(
            f"checking {path.name} {_bar(done / size)} {seen:,} triples"
        ),
    )
    if known is not None and used - known:
        raise UnknownTermError(used - known, known=known, file=path)
    if count == 0:
        raise EmptyDataError(path)
    return count


def _reclaim_staging(target: Path) -> None:
    """Remove staging folders that killed loads left next to ``target``."""
    for stale in target.parent.glob(f".{target.name}.loading-*"):
        try:
            pid = int(stale.name.rsplit("-", 1)[1])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(stale, ignore_errors=True)
        except (ValueError, PermissionError, OSError):
            continue


def _while(action: Any, label: str, progress: _Progress) -> None:
    """Run ``action()`` while showing elapsed time (bulk_load has no progress of its own)."""
    stop = threading.Event()
    start = time.monotonic()

    def tick() -> None:
        while not stop.wait(0.5):
            progress.show(f"{label} ... {time.monotonic() - start:.0f} s")

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        action()
    finally:
        stop.set()
        thread.join()


def run(args: argparse.Namespace) -> int:
    """Check, then bulk-load, then report on standard error.

    Args:
        args: Parsed arguments.

    Returns:
        Exit code.
    """
    from habitatkg import _paths
    from habitatkg._errors import HabitatKGError
    from habitatkg._formats import RDFFormat
    from habitatkg._ingest import add_sources, declared_terms
    from habitatkg._load import read_rdf, used_terms
    from habitatkg._sparql import PREFIXES
    from habitatkg._store import (
        MemoryStore,
        OxigraphStore,
        StoreError,
        file_digest,
        is_store_folder,
        load_once,
        oxigraph_format,
        reclaim_orphans,
    )

    kind, _, location = args.store.partition(":")
    if kind == "sparql" and location:  # upload to a SPARQL server (see _remote_load)
        from habitatkg._commands._remote_load import run_remote

        return run_remote(args)
    if kind != "oxigraph" or not location:
        raise StoreError(f"habitatkg load needs --store oxigraph:PATH, not {args.store!r}")
    target = Path(location).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise StoreError(f"{target} is a file, not a folder; give a new or empty folder")
    if target.parent.is_dir():
        _reclaim_staging(target)
    fresh = not target.exists() or (target.is_dir() and not any(target.iterdir()))
    if not fresh and not is_store_folder(target):
        raise StoreError(
            f"{target} is a folder that holds other files, not an oxigraph store; give a new "
            "or empty folder (nothing was written)"
        )
    progress = _Progress(args.quiet)
    started = time.monotonic()
    packaged: list[Path] = []
    if not args.no_packaged:
        packaged = [*_paths.ontology_files(), *_paths.data_files()]

    # 1. Check every file before writing anything.
    known: set[str] | None = None
    existing = None if fresh else OxigraphStore(target)
    if existing is not None and existing.read_only:
        raise StoreError(
            f"another process has the store {target} open for writing; close it and load again"
        )
    if not args.no_check_terms and existing is not None:
        known = declared_terms(existing)
    if not args.no_check_terms and not args.no_packaged:
        probe = MemoryStore()
        add_sources(probe, _paths.ontology_files(), format=None)
        known = declared_terms(probe) | (known or set())
    plan: list[tuple[Path, str, Any]] = []  # (file, digest, ox format or parsed rdflib graph)
    from habitatkg._sheets import is_records_source, records_graph, records_graph_name

    for path in args.files:
        if is_records_source(path):  # a workbook or CSV folder: its records, in their graph
            name = records_graph_name(path)
            if existing is not None and existing.native.contains_named_graph(ox.NamedNode(name)):
                progress.done(f"{path}: already in the store (graph <{name}>), skipped")
                continue
            graph = records_graph(path)  # refused, with every problem, unless it conforms
            if known is not None and (unknown := used_terms(graph, PREFIXES["hk"]) - known):
                raise UnknownTermError(unknown, known=known, file=path)
            plan.append((path, name.rsplit("-", 1)[-1], graph))
            progress.done(f"checked {path}: {len(graph):,} triples, into graph <{name}>")
            continue
        if not path.is_file():
            raise DataFileNotFoundError(f"no such file: {path} (check the path)")
        digest = file_digest(path)
        if existing is not None and existing.loaded_digest(str(path.resolve())) == digest:
            progress.done(f"{path}: already in the store, skipped")
            continue
        fmt = RDFFormat.from_path(path) if args.format is None else RDFFormat.from_name(args.format)
        if fmt.value in _BULK:
            count = _check_file(path, fmt, known, PREFIXES["hk"], progress)
            plan.append((path, digest, oxigraph_format(fmt.value)))
        else:
            graph = read_rdf(path, format=fmt)
            if known is not None and (unknown := used_terms(graph, PREFIXES["hk"]) - known):
                raise UnknownTermError(unknown, known=known, file=path)
            count = len(graph)
            plan.append((path, digest, graph))
        progress.done(f"checked {path}: {count:,} triples")

    # 2. Load: into a staging directory for a new store, renamed into place at the end.
    staging = target.with_name(f".{target.name}.loading-{os.getpid()}") if fresh else target
    store = existing if existing is not None else OxigraphStore(staging)
    new_packaged = [p for p in packaged if store.loaded_digest(p.name) != file_digest(p)]
    try:
        if packaged:
            load_once(
                store, packaged, lambda todo: add_sources(store, todo, format=None), packaged=True
            )
        for path, digest, how in plan:
            if isinstance(how, ox.RdfFormat):
                _while(
                    lambda: store.bulk_add_file(path, format=how),  # noqa: B023
                    f"loading {path.name}",
                    progress,
                )
            else:
                store.add_graph(how)
            store.mark_loaded(str(path.resolve()), digest)
            progress.done(f"loaded {path}")
        total = len(store)
        store.close()  # flushes: a full disk shows here at the latest
    except BaseException as exc:
        with contextlib.suppress(Exception):
            store.close()
        if fresh:
            shutil.rmtree(staging, ignore_errors=True)
        else:
            reclaim_orphans(target)
        if isinstance(exc, Exception) and not isinstance(exc, HabitatKGError):
            why = "the disk is full" if "No space left" in str(exc) else str(exc)
            raise StoreError(f"loading into {target} failed: {why}; nothing was kept") from exc
        raise
    if fresh:
        try:
            staging.rename(target)  # atomic; replaces an empty folder, never a full one
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(
                f"{target} was filled by another process while this load ran; nothing of "
                "this load was kept (load again into the store it made)"
            ) from exc
    elapsed = time.monotonic() - started
    print(
        f"{target}: {total:,} triples ({len(new_packaged) + len(plan)} files loaded in "
        f"{elapsed:.1f} s)",
        file=sys.stderr,
    )
    return 0
