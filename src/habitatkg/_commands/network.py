"""``habitatkg network``: organizations ranked by the schools they reach (question 6).

Example:
    >>> from habitatkg._cli import main
    >>> main(["network", "--data", "examples/illustrative-partner-support.ttl"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
from typing import Any

from habitatkg._commands._common import (
    add_data_arguments,
    add_format_argument,
    load_kg,
    print_frame,
)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``network``.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.

    Returns:
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "network",
        help="organizations linked to the most schools, with network centrality (question 6)",
        description=(
            "Rank the organizations that partner with or organize activities at schools by the "
            "number of schools reached, with the degree and betweenness centrality of each in the "
            "partner-school network."
        ),
    )
    add_data_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the ranking.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    import networkx as nx

    kg = load_kg(args)
    frame = kg.partner_ranking()
    graph = kg.to_networkx("partner-school")
    degree = nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else {}
    betweenness = nx.betweenness_centrality(graph) if graph.number_of_nodes() > 2 else {}
    frame["degree_centrality"] = [round(degree.get(o, 0.0), 4) for o in frame["organization"]]
    frame["betweenness"] = [round(betweenness.get(o, 0.0), 4) for o in frame["organization"]]
    if args.format == "table":
        frame = frame[
            [
                "organization_label",
                "schools",
                "activities",
                "capabilities",
                "degree_centrality",
                "betweenness",
            ]
        ]
    print_frame(
        frame,
        args.format,
        empty="(no organization is linked to a school: the curated sources do not say "
        "which partner works where; try --data examples/illustrative-partner-support.ttl)",
    )
    return 0
