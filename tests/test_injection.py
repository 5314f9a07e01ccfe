"""User text reaches SPARQL only as bound values: quotes, braces, UNION, SERVICE are labels."""

from __future__ import annotations

import http.server
import threading
from typing import ClassVar

import pyoxigraph as ox
import pytest
from IPython.core.error import UsageError

from habitatkg._cli import main
from habitatkg._errors import (
    EntityNotFoundError,
    HabitatKGError,
    QueryError,
    ServiceNotAllowedError,
)
from habitatkg._kg import load
from kg_helpers import MINI

NASTY = [
    'x" } UNION { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    '""" } UNION { ?s ?p ?o } """',
    "} UNION {",
    "{ ?s ?p ?o }",
    "SERVICE <http://localhost:9/sparql> { ?s ?p ?o }",
    "> } ; DROP ALL ; SELECT * WHERE { <x",
    '\\" ) } #\n UNION { ?a ?b ?c',
    'Amado Nervo"@en . ?s ?p ?o . FILTER(true',
]


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    """The fixture plus one node per nasty label, so that exactly one node carries each."""
    path = tmp_path_factory.mktemp("nasty") / "nasty.ttl"
    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    for i, label in enumerate(NASTY):
        escaped = label.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        lines.append(
            f"<https://example.org/nasty/{i}> a <https://w3id.org/habitatkg/ontology#Workshop> ; "
            f'rdfs:label "{escaped}"@en .'
        )
    path.write_text("\n".join(lines), encoding="utf-8")
    return load(MINI, path, include_packaged="ontology")


@pytest.mark.parametrize("index", range(len(NASTY)))
def test_nasty_labels_are_found_exactly(kg, index):
    assert kg.entity(NASTY[index]).iri == f"https://example.org/nasty/{index}"


@pytest.mark.parametrize("label", NASTY)
def test_bound_literals_match_only_themselves(kg, label):
    text = ox.Literal(label)
    rows = kg.query("SELECT ?s WHERE { ?s rdfs:label ?l FILTER(STR(?l) = ?text) }", text=text).rows
    assert len(rows) == 1
    assert (
        kg.query("SELECT ?s WHERE { ?s rdfs:label ?text }", text=text).rows == ()
    )  # plain vs @en literal
    assert len(kg.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", o=text)) == 0
    # a plain str is a label, as with --bind: it names its node, whatever it holds
    if label[0] not in "\"'" or label[-1] != label[0]:  # (a quoted str is a literal)
        assert kg.query("SELECT ?l WHERE { ?v rdfs:label ?l }", v=label).rows == ((label,),)


@pytest.mark.parametrize(
    "label", [f"zq{n}" for n in NASTY[:5]] + ["SERVICE <http://localhost:9/x>"]
)
def test_unknown_nasty_labels_are_not_found(kg, label):
    with pytest.raises(EntityNotFoundError):
        kg.partners_supporting(label)
    with pytest.raises(HabitatKGError):
        kg.reach(label)
    with pytest.raises(EntityNotFoundError):
        kg.query("SELECT ?p WHERE { ?s ?p ?o }", s=label)


def test_nasty_iris_are_refused_not_spliced(kg):
    for value in ["<http://e.org/a b>", "http://e.org/a>", "<http://e.org/{x}>", "urn:x>y"]:
        with pytest.raises(QueryError):
            kg.query("SELECT ?p WHERE { ?s ?p ?o }", s=value)
    # not an IRI, not a known label: a clear error, never an empty answer
    with pytest.raises(EntityNotFoundError):
        kg.query("SELECT ?p WHERE { ?s ?p ?o }", s="<http://e.org/a> } UNION { ?s ?p ?o")
    with pytest.raises(QueryError):
        kg.query("SELECT * WHERE { ?s ?p ?o }", **{"s) } UNION { ?x": 1})


def test_service_keyword_in_user_values_is_harmless(kg):
    text = ox.Literal("SERVICE <http://localhost:9/sparql> { ?s ?p ?o }")
    assert kg.query("SELECT ?x WHERE { BIND(?v AS ?x) }", v=text).rows == ((text.value,),)


# ---------------------------------------------------------------- SERVICE, against a live canary


class _Canary(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint on 127.0.0.1 that answers every query with no rows and counts calls."""

    calls: ClassVar[list[str]] = []

    def _answer(self) -> None:
        type(self).calls.append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def canary():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


#: Federated queries, each hiding its SERVICE differently ({e} is the canary's URL).
SERVICE_VARIANTS = [
    "SELECT * WHERE { SERVICE <{e}> { ?s ?p ?o } }",
    "select * where { service silent <{e}> { ?s ?p ?o } }",
    "SELECT * WHERE {SERVICE<{e}>{?s ?p ?o}}",
    "SELECT * WHERE {\tSERVICE\t<{e}>\t{ ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<urn:\\u0061#> AS ?x) SERVICE <{e}> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<urn:\\U00000061#> AS ?x) SERVICE <{e}> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<urn:a#b> AS ?x) SERVICE <{e}> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND('it\\'s' AS ?x) SERVICE <{e}> { ?s ?p ?o } }",
    'SELECT * WHERE { BIND("\\"#" AS ?x) SERVICE <{e}> { ?s ?p ?o } }',
    'SELECT * WHERE { BIND("\\u0022#" AS ?x) SERVICE <{e}> { ?s ?p ?o } }',
    'SELECT * WHERE { BIND("""a\n# } """ AS ?x) SERVICE <{e}> { ?s ?p ?o } }',
    "SELECT * WHERE { BIND(ex:a\\#b AS ?x) SERVICE <{e}> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(ex:SERVICE AS ?SERVICE) SERVICE <{e}> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<urn:\\u0061#> AS ?x) SERVICE <{e}> { ?s ?p ?o } } # <",
    "SELECT * WHERE { OPTIONAL { SERVICE <{e}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{e}> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <{e}> { ?s ?p ?o } } } LIMIT 1",
    "SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <{e}> { ?s ?p ?o } } }",
    "SELECT * WHERE { VALUES ?x { 1 } { SERVICE <{e}> { ?s ?p ?o } } }",
    "PREFIX remote: <{e}> SELECT * WHERE { SERVICE remote: { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { <{e}> } }",
    "ASK { SERVICE <{e}> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{e}> { ?s ?p ?o } }",
    "SELECT * # comment <\n WHERE { SERVICE <{e}> { ?s ?p ?o } }",
    "SELECT (COUNT(*) AS ?n) WHERE { SERVICE <{e}> { ?s ?p ?o } }",
    "SELECT * WHERE { GRAPH ?g { ?a ?b ?c } } LIMIT 0 VALUES ?z { 1 } # no\n",
]


def _variants(endpoint: str) -> list[str]:
    return [v.replace("{e}", endpoint) for v in SERVICE_VARIANTS if "SERVICE" in v]


def test_service_variants_really_call_out_when_allowed(kg, canary):
    """The reference: each variant is a federated call (the canary sees it) when allowed."""
    for query in _variants(canary):
        before = len(_Canary.calls)
        if "?endpoint" in query:  # pyoxigraph takes SERVICE ?var only from bound values
            with pytest.raises(QueryError, match="service name is unbound"):
                kg.query(query, allow_service=True)
            continue
        kg.query(query, allow_service=True)
        assert len(_Canary.calls) > before, query


def test_service_variants_are_refused_everywhere(kg, canary, capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "habitatkg")
    shell.user_ns["the_kg"] = kg
    before = len(_Canary.calls)
    tried = 0
    for query in _variants(canary):
        with pytest.raises(ServiceNotAllowedError):
            kg.query(query)
        assert main(["query", query, "--no-packaged", "--data", str(MINI)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "SERVICE" in err and "Traceback" not in err
        with pytest.raises(UsageError, match="SERVICE"):
            shell.run_cell_magic("sparql", "--kg the_kg", query)
        tried += 3
    assert tried >= 60
    assert len(_Canary.calls) == before  # no network fetch


def test_unbound_service_variable_is_a_clear_error(kg, capsys):
    query = "SELECT * WHERE { SERVICE ?unbound { ?s ?p ?o } }"
    with pytest.raises(QueryError, match=r"SERVICE \?unbound"):
        kg.query(query, allow_service=True)
    code = main(["query", query, "--allow-service", "--no-packaged", "--data", str(MINI)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "?unbound" in err


def test_bound_service_endpoint_is_used(kg, canary):
    before = len(_Canary.calls)
    kg.query("SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }", allow_service=True, e=f"<{canary}>")
    assert len(_Canary.calls) == before + 1
    with pytest.raises(ServiceNotAllowedError):
        kg.query("SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }", e=f"<{canary}>")


def test_cli_bind_values_are_values(capsys):
    code = main(
        [
            "query",
            "SELECT ?x WHERE { BIND(?v AS ?x) }",
            "--bind",
            'v="} UNION { ?s ?p ?o"',
            "--no-packaged",
            "--data",
            str(MINI),
            "--format",
            "csv",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and out == "x\n} UNION { ?s ?p ?o\n"
    code = main(
        [
            "query",
            "ASK { ?v ?p ?o }",
            "--bind",
            "v=} UNION { ?s ?p ?o",
            "--no-packaged",
            "--data",
            str(MINI),
        ]
    )
    assert code == 2 and "no entity named" in capsys.readouterr().err
