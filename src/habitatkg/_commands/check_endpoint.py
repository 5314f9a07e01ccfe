"""``habitatkg check-endpoint URL``: what a SPARQL endpoint supports of what habitatkg needs.

Probes the endpoint with small queries of known answer (compared with the same probes run in
memory): result formats and caps, the SPARQL 1.1 functions and property paths the named
questions and validation use, named graphs and ``default-graph-uri``, and, when their URLs
are given, SPARQL Update and the Graph Store Protocol (in a scratch graph, dropped at once).
Prints a table, or JSON with ``--format json``.

Exit codes: 0 everything habitatkg needs works, 1 something fails (see the ``FAIL`` lines),
2 the endpoint cannot be used at all.

Example:
    >>> from habitatkg._cli import main
    >>> main(["check-endpoint", "http://127.0.0.1:9/sparql", "--timeout", "1"])
    ... # doctest: +SKIP
    2
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``check-endpoint``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check-endpoint",
        help="report what a SPARQL endpoint supports of what habitatkg needs",
        description=(
            "Probe a SPARQL endpoint: result formats and caps, SPARQL 1.1 functions and "
            "property paths (answers compared with pyoxigraph's), named graphs, and with their "
            "URLs, SPARQL Update and the Graph Store Protocol (in a scratch graph). "
            "Credentials: HABITATKG_SPARQL_USER / HABITATKG_SPARQL_PASSWORD or a netrc file."
        ),
    )
    parser.add_argument(
        "url", metavar="URL", help="the query endpoint, e.g. http://host:8890/sparql"
    )
    parser.add_argument("--update-url", metavar="URL", help="also check SPARQL Update here")
    parser.add_argument(
        "--graph-store-url", metavar="URL", help="also check the Graph Store Protocol here"
    )
    parser.add_argument(
        "--graph", metavar="IRI", action="append", help="the graph(s) holding habitatkg's data"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Probe and print the report.

    Args:
        args: Parsed arguments.

    Returns:
        Exit code.
    """
    from habitatkg._endpoint import SparqlStore
    from habitatkg._endpoint._conformance import FAIL, check_endpoint
    from habitatkg._errors import EndpointError

    store = SparqlStore(
        args.url,
        args.update_url,
        graph_store_url=args.graph_store_url,
        default_graph=args.graph,
        timeout=args.timeout,
        retries=0,
    )
    checks = check_endpoint(store)
    if checks and checks[0].status == FAIL:
        raise EndpointError(checks[0].detail)
    if args.format == "json":
        payload = {
            "endpoint": store.query_url.split("@")[-1],
            "server": store.server,
            "checks": [c.as_dict() for c in checks],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        widths = [max(len(getattr(c, f)) for c in checks) for f in ("group", "name", "status")]
        for c in checks:
            head = f"{c.group:<{widths[0]}}  {c.name:<{widths[1]}}  {c.status:<{widths[2]}}"
            print(f"{head}  {c.detail}".rstrip())
    failed = [c for c in checks if c.status == FAIL]
    if failed:
        print(f"{len(failed)} check(s) failed", file=sys.stderr)
    return 1 if failed else 0
