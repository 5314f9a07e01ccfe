"""``habitatkg load --store sparql:URL --graph IRI FILE ...``: upload to a SPARQL server.

The remote half of ``habitatkg load`` (the local half is :mod:`habitatkg._commands.load`).
Every file is read and checked here first (syntax, ``hk:`` terms the ontology does not
declare); then all the triples are uploaded in batches with a progress bar, into the named
graph ``--graph``, through the Graph Store Protocol (``--graph-store-url``) or SPARQL Update
(``--update-url``). With an update URL the upload is all or nothing: the batches go to a
staging graph that one update adds to the target graph at the end; without one (Graph Store
Protocol only), batches are written as they go and a failure reports what was written.
Credentials come from ``HABITATKG_SPARQL_USER`` / ``HABITATKG_SPARQL_PASSWORD`` or a netrc
file, never from the command line.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pyoxigraph as ox

__all__ = ["add_remote_options", "run_remote"]


def add_remote_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``load --store sparql:URL`` to the ``load`` parser."""
    group = parser.add_argument_group(
        "remote store (--store sparql:QUERY_URL)",
        "upload to a SPARQL server; credentials from HABITATKG_SPARQL_USER and "
        "HABITATKG_SPARQL_PASSWORD or a netrc file",
    )
    group.add_argument("--graph", metavar="IRI", help="the named graph to upload into (required)")
    group.add_argument(
        "--update-url", metavar="URL", help="SPARQL Update endpoint (all or nothing)"
    )
    group.add_argument(
        "--graph-store-url", metavar="URL", help="SPARQL 1.1 Graph Store Protocol endpoint"
    )
    group.add_argument(
        "--batch-size", type=int, default=50_000, metavar="N", help="triples per request"
    )


def run_remote(args: argparse.Namespace) -> int:
    """Check the files, then upload them; report on standard error.

    Args:
        args: Parsed ``load`` arguments with ``--store sparql:URL``.

    Returns:
        Exit code (0: uploaded).

    Raises:
        StoreError: Missing ``--graph`` or write URL.
        DataFormatError: A file does not parse (nothing is sent).
        UploadError: The upload failed (the message says what was written).
    """
    from habitatkg import _paths
    from habitatkg._commands.load import _bar, _check_file, _Progress
    from habitatkg._endpoint import SparqlStore
    from habitatkg._errors import DataFileNotFoundError, StoreError
    from habitatkg._formats import RDFFormat
    from habitatkg._ingest import add_sources, declared_terms
    from habitatkg._load import read_rdf
    from habitatkg._sparql import PREFIXES
    from habitatkg._store import MemoryStore, file_digest, oxigraph_format

    url = args.store.partition(":")[2]
    if not getattr(args, "graph", None):
        raise StoreError(
            "habitatkg load --store sparql:URL needs --graph IRI: the named graph to upload into"
        )
    if not (args.update_url or args.graph_store_url):
        raise StoreError(
            "habitatkg load --store sparql:URL needs --update-url or --graph-store-url: "
            "the endpoint that accepts data (with --update-url the upload is all or nothing)"
        )
    try:
        ox.NamedNode(args.graph)
    except ValueError:
        raise StoreError(f"--graph must be an absolute IRI, not {args.graph!r}") from None
    store = SparqlStore(
        url,
        args.update_url,
        graph_store_url=args.graph_store_url,
        default_graph=args.graph,
        batch_size=args.batch_size,
    )
    progress = _Progress(args.quiet)
    started = time.monotonic()
    known: set[str] | None = None
    if not args.no_check_terms:
        probe = MemoryStore()
        add_sources(probe, _paths.ontology_files(), format=None)
        known = declared_terms(probe)
    packaged = [] if args.no_packaged else [*_paths.ontology_files(), *_paths.data_files()]
    todo: list[tuple[Path, str, str]] = []  # (file, key, digest)
    for path in [*packaged, *args.files]:
        if not Path(path).is_file():
            raise DataFileNotFoundError(f"no such file: {path} (check the path)")
        key = path.name if path in packaged else str(Path(path).resolve())
        digest = file_digest(path)
        if store.update_url is not None and store.loaded_digest(key) == digest:
            progress.done(f"{path}: already in <{args.graph}>, skipped")
            continue
        todo.append((Path(path), key, digest))
    triples: list[ox.Triple] = []
    for path, _, _ in todo:
        fmt = RDFFormat.from_path(path) if args.format is None else RDFFormat.from_name(args.format)
        if fmt.value not in {"turtle", "ntriples", "rdfxml", "n3"}:
            data = read_rdf(path, format=fmt).serialize(format="nt", encoding="utf-8")
            parsed = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        else:
            check = known if path not in packaged else None
            _check_file(path, fmt, check, PREFIXES["hk"], progress)
            base = path.resolve().as_uri()
            parsed = [
                q.triple
                for q in ox.parse(path=str(path), format=oxigraph_format(fmt.value), base_iri=base)
            ]
        triples += parsed
        progress.done(f"checked {path}: {len(parsed):,} triples")
    if not triples:
        print(f"<{args.graph}>: nothing to upload", file=sys.stderr)
        return 0

    def show(sent: int, total: int) -> None:
        progress.show(f"uploading {_bar(sent / total)} {sent:,} of {total:,} triples", force=True)

    report = store.upload(triples, progress=show)
    for _, key, digest in todo:
        store.mark_loaded(key, digest)
    elapsed = time.monotonic() - started
    progress.done(f"uploaded {report} in {elapsed:.1f} s")
    print(
        f"{store.query_url} <{args.graph}>: {report.written:,} triples from {len(todo)} files "
        f"({report.batches} batches, {'all at once' if report.atomic else 'batch by batch'})",
        file=sys.stderr,
    )
    return 0
