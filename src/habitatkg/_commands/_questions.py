"""The question subcommands as one table of :class:`~habitatkg._commands._common.Question` specs.

Each subcommand module (``partners.py``, ``reach.py``, ...) is one line:
``add_parser, run = command(QUESTIONS["partners"])``, so the CLI discovers it like any other
subcommand, while what the commands share lives in one place.

Example:
    >>> sorted(QUESTIONS)  # doctest: +NORMALIZE_WHITESPACE
    ['activities', 'common', 'find', 'gaps', 'network', 'partners', 'phases', 'reach',
     'targets']
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from habitatkg._commands._common import Option, Question

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from habitatkg._kg import KnowledgeGraph

__all__ = ["QUESTIONS"]

_DATA_HINT = (
    "The curated data alone gives no rows: the sources do not link partners to schools; add "
    "the illustrative data or your own records with --data."
)


def _partners(kg: KnowledgeGraph, args: argparse.Namespace, lang: str) -> pd.DataFrame:
    return kg.partners_supporting(
        args.capability, school=args.school, locality=args.locality, year=args.year, lang=lang
    )


def _reach(kg: KnowledgeGraph, args: argparse.Namespace, lang: str) -> pd.DataFrame:
    return kg.reach(args.locality, year=args.year, totals=args.totals, lang=lang)


def _reach_columns(args: argparse.Namespace) -> list[str]:
    if args.totals:
        return ["locality_label", "schools", "students", "staff"]
    return ["locality_label", "school_label", "level_label", "students", "staff", "period"]


def _targets(kg: KnowledgeGraph, args: argparse.Namespace, lang: str) -> pd.DataFrame:
    guideline: object = args.guideline
    if isinstance(guideline, str) and guideline.strip().isdigit():
        guideline = int(guideline)
    if args.indicators:
        return kg.indicators(guideline, lang=lang)
    return kg.sdg_targets(guideline, lang=lang)


def _targets_columns(args: argparse.Namespace) -> list[str]:
    if args.indicators:
        return ["guideline_order", "guideline_label", "indicator_label"]
    return ["guideline_order", "guideline_label", "target_notation"]


def _activities(kg: KnowledgeGraph, args: argparse.Namespace, lang: str) -> pd.DataFrame:
    return kg.activities(args.capability, target_group=args.target_group, lang=lang)


def _gaps(kg: KnowledgeGraph, args: argparse.Namespace, lang: str) -> pd.DataFrame:
    return kg.coverage_gaps(args.school, lang=lang)


def _network(kg: KnowledgeGraph, args: argparse.Namespace, lang: str) -> pd.DataFrame:
    import networkx as nx

    frame = kg.partner_ranking(lang=lang)
    if frame.empty:
        frame["degree_centrality"] = []
        frame["betweenness"] = []
        return frame
    graph = kg.to_networkx("partner-school")
    degree = nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else {}
    betweenness = nx.betweenness_centrality(graph) if graph.number_of_nodes() > 2 else {}
    frame["degree_centrality"] = [round(degree.get(o, 0.0), 4) for o in frame["organization"]]
    frame["betweenness"] = [round(betweenness.get(o, 0.0), 4) for o in frame["organization"]]
    return frame


def _phases(kg: KnowledgeGraph, args: argparse.Namespace, lang: str) -> pd.DataFrame:
    return kg.phase_activities(args.phase, lang=lang)


def _common(kg: KnowledgeGraph, args: argparse.Namespace, lang: str) -> pd.DataFrame:
    return kg.common_ground(lang=lang)


def _find(kg: KnowledgeGraph, args: argparse.Namespace, lang: str) -> pd.DataFrame:
    return kg.find(args.text, kind=args.kind, limit=args.limit, lang=lang).to_dataframe()


_CAPABILITY = Option(
    ("--capability",), {"metavar": "CAPABILITY", "help": 'e.g. "Collaborative work"'}
)
_SCHOOL = Option(("--school",), {"metavar": "SCHOOL", "help": 'e.g. "Amado Nervo"'})

QUESTIONS: dict[str, Question] = {
    q.name: q
    for q in (
        Question(
            "partners",
            "which partners support a capability in a school (question 1)",
            "List partner organizations that support a capability in a school, locality or "
            "year, through activities linking a partner, a school and a capability. Names are "
            "labels (English or Spanish; case and accents ignored) or IRIs. " + _DATA_HINT,
            (
                Option(
                    ("--capability",),
                    {
                        "metavar": "CAPABILITY",
                        "help": 'e.g. "Collaborative work" or hk:CollaborativeWork',
                    },
                ),
                _SCHOOL,
                Option(
                    ("--locality",),
                    {
                        "metavar": "PLACE",
                        "help": "only schools in this place (locality, municipality, state)",
                    },
                ),
                Option(
                    ("--year",),
                    {"type": int, "metavar": "N", "help": "only activities of this year"},
                ),
            ),
            _partners,
            [
                "partner_label",
                "capability_label",
                "school_label",
                "activity_label",
                "year",
                "illustrative",
            ],
            "no_partners",
        ),
        Question(
            "reach",
            "schools, levels, students and staff reached per municipality (question 2)",
            "List the schools the Social Model reaches with their municipality, educational "
            "level, students and staff (Table 4 of the report), or with --totals one row per "
            "municipality and a grand total. Schools without figures are named in a note.",
            (
                Option(
                    ("--locality",),
                    {
                        "metavar": "PLACE",
                        "help": "only schools in this place (e.g. Ecatepec, Kanasín)",
                    },
                ),
                Option(
                    ("--year",),
                    {
                        "type": int,
                        "metavar": "N",
                        "help": "only figures whose period includes this year",
                    },
                ),
                Option(
                    ("--totals",),
                    {"action": "store_true", "help": "one row per municipality, plus the total"},
                ),
            ),
            _reach,
            _reach_columns,
        ),
        Question(
            "targets",
            "SDG targets served by each strategic guideline, with indicators (question 3)",
            "List the SDG targets each strategic guideline serves (Table 3 of the report), in "
            "order.",
            (
                Option(
                    ("--guideline",),
                    {
                        "metavar": "GUIDELINE",
                        "help": "only this guideline: its number (1-5), label or IRI",
                    },
                ),
                Option(
                    ("--indicators",),
                    {
                        "action": "store_true",
                        "help": "list the guidelines' development indicators instead",
                    },
                ),
            ),
            _targets,
            _targets_columns,
        ),
        Question(
            "activities",
            "projects and activities that address a capability, and their target groups (Q4)",
            "List the projects, experiences, workshops and other activities that address a "
            "capability, with the group each is aimed at and the school where it took place.",
            (
                _CAPABILITY,
                Option(
                    ("--target-group",),
                    {
                        "metavar": "ROLE",
                        "help": 'e.g. "Mother", "Student" (narrower roles count)',
                    },
                ),
            ),
            _activities,
            ["capability_label", "activity_label", "group_label", "school_label"],
            "no_activities",
        ),
        Question(
            "gaps",
            "capabilities that no partner supports in a school (question 5)",
            "List (school, capability) pairs such that no activity at the school addressing "
            "the capability has a partner organization. On the curated data alone every pair "
            "is listed, because the sources do not link partners to schools (a note says so): "
            "these are missing records, not measured gaps; add the illustrative data or your "
            "own records with --data.",
            (Option(("--school",), {"metavar": "SCHOOL", "help": "only this school"}),),
            _gaps,
            ["school_label", "capability_label"],
            "no_gaps",
        ),
        Question(
            "network",
            "organizations linked to the most schools, with network centrality (question 6)",
            "Rank the organizations that partner with or organize activities at schools by "
            "the number of schools reached, with the degree and betweenness centrality of each "
            "in the partner-school network.",
            (),
            _network,
            [
                "organization_label",
                "schools",
                "activities",
                "capabilities",
                "degree_centrality",
                "betweenness",
            ],
        ),
        Question(
            "phases",
            "the phases of Descubrimiento y movimiento in order, with their activities (Q7)",
            "List the five phases of the Descubrimiento y movimiento methodology in order (a "
            "cycle: the last leads back to the first), each with the activities recorded in "
            "it.",
            (Option(("--phase",), {"metavar": "PHASE", "help": "only this phase"}),),
            _phases,
            ["phase_order", "phase_label", "next_phase_label", "activity_label"],
        ),
        Question(
            "common",
            "what the Social Model and the Learning City of Huejotzingo share (question 9)",
            "List the SDG goals and targets, kinds of actors, target groups and kinds of "
            "programmes that both initiatives are linked to.",
            (),
            _common,
            ["aspect", "item_label"],
        ),
        Question(
            "find",
            "search nodes by label (English or Spanish, case and accents ignored)",
            "Search the knowledge graph's labels; exact matches (after folding case and "
            "accents) come first. Exits with 1 when nothing matches.",
            (
                Option(("text",), {"metavar": "TEXT", "help": 'what to look for, e.g. "kanasin"'}),
                Option(
                    ("--kind",),
                    {"metavar": "CLASS", "help": "only nodes of this class, e.g. hk:School"},
                ),
                Option(
                    ("--limit",),
                    {
                        "type": int,
                        "default": 20,
                        "help": "at most this many matches (default 20)",
                    },
                ),
            ),
            _find,
            ["label", "kind", "lang", "score", "iri"],
            found=True,
        ),
    )
}
