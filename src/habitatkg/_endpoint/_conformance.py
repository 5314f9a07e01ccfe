"""What a SPARQL endpoint supports of what habitatkg needs: ``habitatkg check-endpoint``.

Every probe is a small query or update with a known answer; the answers are compared with
the same probe run in memory by pyoxigraph (the reference), so a server that answers
*differently* is caught, not only one that fails. Probes that need data use the habitatkg
ontology's class hierarchy (present wherever habitatkg's data is loaded). Writes (update,
Graph Store Protocol) go to a fresh graph ``urn:habitatkg:check:<uuid>``, dropped at once,
and only when their URL is given.
"""

from __future__ import annotations

import contextlib
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass

import pyoxigraph as ox

from habitatkg import _paths
from habitatkg._endpoint._dialects import refusal, uses_transitive_path
from habitatkg._endpoint._http import redact
from habitatkg._endpoint._results import ACCEPT_RESULTS, parse_results
from habitatkg._errors import EndpointError
from habitatkg._sparql import PREFIXES, prologue, query_form
from habitatkg._store import RawResult

__all__ = ["Check", "check_endpoint"]

OK, FAIL, WARN, SKIP = "ok", "FAIL", "warn", "skipped"


@dataclass
class Check:
    """One line of the report: what was checked, the outcome, and details."""

    group: str
    name: str
    status: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        """The check as a JSON-ready dict."""
        return asdict(self)


_FUNCTIONS = {
    "STRSTARTS": 'BIND(STRSTARTS("habitat", "hab") AS ?v)',
    "CONTAINS": 'BIND(CONTAINS("2021-2022", STR(2022)) AS ?v)',
    "STRBEFORE": 'BIND(STRBEFORE("4.7", ".") AS ?v)',
    "STRLEN": 'BIND(STRLEN("Kanasín") AS ?v)',
    "LCASE": 'BIND(LCASE("ÉCOLE") AS ?v)',
    "LANG + LANGMATCHES": 'BIND(LANGMATCHES(LANG("x"@en-GB), "en") AS ?v)',
    "COALESCE": "BIND(COALESCE(?unbound, 3) AS ?v)",
    "BOUND": "BIND(BOUND(?unbound) AS ?v)",
    "IF": 'BIND(IF(1 < 2, "yes", "no") AS ?v)',
    "IRI": 'BIND(IRI("https://w3id.org/habitatkg/data/x") AS ?v)',
    "DATATYPE": "BIND(DATATYPE(1.5) AS ?v)",
    "isIRI / isLITERAL": "BIND(isIRI(hk:School) && isLITERAL(1) AS ?v)",
    "sameTerm": "VALUES ?x { hk:Exact hk:MoreThan } FILTER(!sameTerm(?x, hk:Exact)) BIND(?x AS ?v)",
    "REGEX": 'BIND(REGEX("Prepa 94", "^prepa", "i") AS ?v)',
    "xsd:integer cast": 'BIND(xsd:integer("17") AS ?v)',
    "decimal sum": "{ SELECT (SUM(?n) AS ?v) WHERE { VALUES ?n { 1098.0 512 880.5 } } }",
    "GROUP_CONCAT": (
        '{ SELECT (GROUP_CONCAT(?s; separator="|") AS ?v) WHERE { VALUES ?s { "a" } } }'
    ),
    "COUNT + HAVING": (
        "{ SELECT (COUNT(*) AS ?v) WHERE { VALUES ?s { 1 2 2 } } "
        "GROUP BY ?s HAVING (COUNT(*) > 1) }"
    ),
    "EXISTS": "BIND(EXISTS { VALUES ?y { 1 } } AS ?v)",
    "MINUS": "VALUES ?v { 1 2 } MINUS { VALUES ?v { 2 } }",
    "typed literal equality": 'BIND("1098"^^xsd:decimal = 1098.0 AS ?v)',
}

_PATHS = {
    "p+": "SELECT ?c WHERE { ?c rdfs:subClassOf+ hk:Organization }",
    "p*": "SELECT ?c WHERE { ?c rdfs:subClassOf* hk:Organization }",
    "a/p*": "SELECT ?c WHERE { hk:Exact a/rdfs:subClassOf* ?c }",
    "^p": "SELECT ?c WHERE { hk:Organization ^rdfs:subClassOf ?c }",
    "p+ with OPTIONAL": (
        "SELECT ?c ?l WHERE { ?c rdfs:subClassOf+ hk:Organization "
        'OPTIONAL { ?c rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en")) } }'
    ),
    "p* in FILTER EXISTS, bound end": (
        "SELECT ?c WHERE { VALUES ?top { hk:Organization } ?c a owl:Class "
        "FILTER EXISTS { ?c rdfs:subClassOf* ?top } "
        'OPTIONAL { ?c rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en")) } }'
    ),
}


def _reference() -> ox.Store:
    store = ox.Store()
    for path in _paths.ontology_files():
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _canon(result: RawResult) -> object:
    if result.kind == "ask":
        return result.boolean
    rows = []
    for row in result.rows:
        cells: list[object] = []
        for term in row:
            if isinstance(term, ox.Literal) and term.datatype.value.endswith(
                ("#integer", "#decimal", "#double", "#int", "#long")
            ):
                cells.append(("number", float(term.value)))
            elif isinstance(term, ox.Literal) and term.datatype.value.endswith("#boolean"):
                cells.append(("bool", term.value in {"true", "1"}))
            else:
                cells.append(str(term))
        rows.append(tuple(cells))
    return sorted(rows, key=repr)


def check_endpoint(
    store: object,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Check]:
    """Probe an endpoint (a :class:`~habitatkg._endpoint.SparqlStore`) for what habitatkg needs.

    Args:
        store: The store (its query, update and Graph Store URLs and graphs are used).
        progress: Called with the name of each probe before it runs.

    Returns:
        The checks, in report order.
    """
    from habitatkg._endpoint import SparqlStore

    assert isinstance(store, SparqlStore)
    checks: list[Check] = []
    reference = _reference()
    url = redact(store.query_url)

    def note(group: str, name: str, status: str, detail: str = "") -> None:
        checks.append(Check(group, name, status, detail))

    def raw(text: str, *, accept: str = ACCEPT_RESULTS, dataset: bool = True) -> RawResult:
        response = store._ask_server(text, accept, dataset=dataset)
        return parse_results(
            response.body, response.media_type, url=url, ask=query_form(text) == "ASK"
        )

    def compare(group: str, name: str, text: str, *, dataset: bool = True) -> bool:
        if progress:
            progress(name)
        try:
            got = _canon(raw(text, dataset=dataset))
        except (EndpointError, SyntaxError) as exc:
            note(group, name, FAIL, str(exc)[:200])
            return False
        want = _canon(_ref(reference, text))
        if got == want:
            note(group, name, OK)
            return True
        if got == _numbers(want):
            note(group, name, WARN, "booleans come back as the integers 1 and 0")
            return True
        note(group, name, FAIL, f"wrong answer: {_short(got)} instead of {_short(want)}")
        return False

    # 1. Reachable, and who answers.
    try:
        response = store._ask_server("ASK {}", ACCEPT_RESULTS, dataset=False)
    except (EndpointError, SyntaxError) as exc:
        note("endpoint", "query URL answers", FAIL, str(exc))
        return checks
    note("endpoint", "query URL answers", OK, f"server: {response.headers.get('server') or '?'}")
    ask = parse_results(response.body, response.media_type, url=url, ask=True)
    shape = (
        "boolean"
        if b'"boolean"' in response.body or b"<boolean>" in response.body
        else ("a one-row SELECT (read as a boolean)")
    )
    note("results", "ASK", OK if ask.boolean else FAIL, f"answered as {shape}")

    # 2. Result formats.
    for label, media in (
        ("SPARQL JSON", "application/sparql-results+json"),
        ("SPARQL XML", "application/sparql-results+xml"),
        ("TSV", "text/tab-separated-values"),
    ):
        try:
            response = store._ask_server("SELECT ?x WHERE { BIND(1 AS ?x) }", media, dataset=False)
            sent = response.media_type
            fine = sent == media or (label == "SPARQL JSON" and sent == "application/json")
            note("results", label, OK if fine else WARN, f"sent {sent}")
        except (EndpointError, SyntaxError) as exc:
            note("results", label, WARN, str(exc)[:160])

    # 3. Result cap: 20,000 rows made from VALUES (above Virtuoso's default 10,000), no data.
    digits = "VALUES ?{0} {{ 0 1 2 3 4 5 6 7 8 9 }}"
    big = "SELECT * WHERE { VALUES ?z { 0 1 } " + " ".join(digits.format(v) for v in "abcd") + " }"
    if progress:
        progress("result cap")
    try:
        response = store._ask_server(big, ACCEPT_RESULTS, dataset=False)
        rows = len(parse_results(response.body, response.media_type, url=url, ask=False).rows)
        announced = response.headers.get("x-sparql-maxrows")
        if rows >= 20_000:
            note("limits", "result cap", OK, "none up to 20,000 rows")
        else:
            how = f"announced (X-SPARQL-MaxRows {announced})" if announced else "SILENT"
            detail = f"answers are cut at {rows:,} rows, {how}; habitatkg pages past it"
            if not announced:
                detail += f" only when told: SparqlStore(result_cap={rows})"
            note("limits", "result cap", WARN, detail)
    except (EndpointError, SyntaxError) as exc:
        note("limits", "result cap", WARN, str(exc)[:200])

    # 4. Functions and operators the named queries and validation use.
    for name, body in _FUNCTIONS.items():
        compare("SPARQL 1.1 functions", name, f"SELECT ?v WHERE {{ {body} }}", dataset=False)

    # 5. Property paths (on the habitatkg ontology).
    has_ontology = raw("ASK { hk:Organization a owl:Class }").boolean
    for name, text in _PATHS.items():
        if not has_ontology:
            note("property paths", name, SKIP, "the habitatkg ontology is not in the dataset")
            continue
        compare("property paths", name, text)

    # 6. Named questions habitatkg will not ask this server.
    refused = [
        name
        for name in sorted(_paths.query_names())
        if refusal(store.server or "", _paths.query_file(name).read_text(encoding="utf-8"))
    ]
    transitive = [
        name
        for name in sorted(_paths.query_names())
        if uses_transitive_path(_paths.query_file(name).read_text(encoding="utf-8"))
    ]
    note(
        "named questions",
        "asked of this server",
        WARN if refused else OK,
        (f"refused (known wrong answers): {', '.join(refused)}" if refused else "all 13")
        + f"; {len(transitive)} use property paths",
    )

    # 7. Datasets and named graphs.
    graph = f"urn:habitatkg:check:{uuid.uuid4()}"
    try:
        empty = raw(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            dataset=False,
        )
        total = int(empty.rows[0][0].value) if empty.rows and empty.rows[0][0] else 0
        form = [("query", prologue() + "ASK { ?s ?p ?o }"), ("default-graph-uri", graph)]
        response = store._http.send(
            store.query_url,
            data=urllib.parse.urlencode(form).encode(),
            headers={"Accept": ACCEPT_RESULTS, "Content-Type": "application/x-www-form-urlencoded"},
        )
        honoured = not parse_results(response.body, response.media_type, url=url, ask=True).boolean
        note(
            "graphs",
            "default-graph-uri",
            OK if honoured else FAIL,
            "honoured" if honoured else "ignored: SparqlStore(default_graph=...) would not work",
        )
        named = raw("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", dataset=False)
        in_named = int(named.rows[0][0].value) if named.rows and named.rows[0][0] else 0
        union = total > 0 and total >= in_named and in_named > 0
        note(
            "graphs",
            "default graph",
            OK,
            f"{total:,} triples without a dataset, {in_named:,} in named graphs"
            + (" (the default graph looks like the union of all graphs)" if union else ""),
        )
    except (EndpointError, SyntaxError) as exc:
        note("graphs", "datasets", FAIL, str(exc)[:200])

    # 8. Writes, only where a URL was given.
    triple = '<urn:habitatkg:check:s> <urn:habitatkg:check:p> "é" .'
    if store.update_url is None:
        note("writes", "SPARQL Update", SKIP, "no update URL given (--update-url)")
    else:
        if progress:
            progress("SPARQL Update")
        try:
            store._update(f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }}")
            back = raw(f'ASK {{ GRAPH <{graph}> {{ ?s ?p "é" }} }}', dataset=False).boolean
            store._update(f"DROP SILENT GRAPH <{graph}>")
            store._update(
                f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }};\n"
                f"ADD <{graph}> TO <{graph}-2> ;\nDROP SILENT GRAPH <{graph}> ;\n"
                f"DROP SILENT GRAPH <{graph}-2>"
            )
            note(
                "writes",
                "SPARQL Update",
                OK if back else FAIL,
                "INSERT DATA, ADD, DROP: uploads are all or nothing" if back else "not read back",
            )
        except (EndpointError, SyntaxError) as exc:
            note("writes", "SPARQL Update", FAIL, str(exc)[:200])
    if store.graph_store_url is None:
        note("writes", "Graph Store Protocol", SKIP, "no Graph Store URL given (--graph-store-url)")
    else:
        if progress:
            progress("Graph Store Protocol")
        from habitatkg._endpoint._upload import _post_graph

        try:
            _post_graph(store, graph, triple.encode("utf-8"))
            back = raw(f'ASK {{ GRAPH <{graph}> {{ ?s ?p "é" }} }}', dataset=False).boolean
            note("writes", "Graph Store Protocol", OK if back else FAIL, "POST into a named graph")
        except (EndpointError, SyntaxError) as exc:
            note("writes", "Graph Store Protocol", FAIL, str(exc)[:200])
        finally:
            if store.update_url is not None:
                with contextlib.suppress(EndpointError, SyntaxError):
                    store._update(f"DROP SILENT GRAPH <{graph}>")
    return checks


def _numbers(value: object) -> object:
    """The canonical rows with booleans as the numbers 1 and 0 (Virtuoso's answers)."""
    if not isinstance(value, list):
        return value
    return [
        tuple(("number", float(c[1])) if isinstance(c, tuple) and c[0] == "bool" else c for c in r)
        for r in value
    ]


def _ref(store: ox.Store, text: str) -> RawResult:
    from habitatkg._store import _raw

    return _raw(store.query(text, prefixes=PREFIXES))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) < 120 else text[:117] + "..."
