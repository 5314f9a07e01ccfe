"""User text reaches SPARQL only as bound values: quotes, braces, UNION, SERVICE are labels."""

from __future__ import annotations

import pytest

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
    rows = kg.query("SELECT ?s WHERE { ?s rdfs:label ?l FILTER(STR(?l) = ?text) }", text=label).rows
    assert len(rows) == 1
    assert (
        kg.query("SELECT ?s WHERE { ?s rdfs:label ?text }", text=label).rows == ()
    )  # plain vs @en literal
    assert len(kg.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", o=label)) == 0


@pytest.mark.parametrize(
    "label", [f"zq{n}" for n in NASTY[:5]] + ["SERVICE <http://localhost:9/x>"]
)
def test_unknown_nasty_labels_are_not_found(kg, label):
    with pytest.raises(EntityNotFoundError):
        kg.partners_supporting(label)
    with pytest.raises(HabitatKGError):
        kg.reach(label)


def test_nasty_iris_are_refused_not_spliced(kg):
    for value in ["<http://e.org/a b>", "http://e.org/a>", "<http://e.org/{x}>", "urn:x>y"]:
        with pytest.raises(QueryError):
            kg.query("SELECT ?p WHERE { ?s ?p ?o }", s=value)
    # not an IRI at all: bound as a string literal, which is never a subject
    assert (
        kg.query("SELECT ?p WHERE { ?s ?p ?o }", s="<http://e.org/a> } UNION { ?s ?p ?o").rows == ()
    )
    with pytest.raises(QueryError):
        kg.query("SELECT * WHERE { ?s ?p ?o }", **{"s) } UNION { ?x": 1})


def test_service_keyword_in_user_values_is_harmless(kg):
    text = "SERVICE <http://localhost:9/sparql> { ?s ?p ?o }"
    assert kg.query("SELECT ?x WHERE { BIND(?v AS ?x) }", v=text).rows == ((text,),)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://localhost:9/sparql> { ?s ?p ?o } }",
        "select * where { ?a ?b ?c . service silent <http://localhost:9/sparql> { ?s ?p ?o } }",
        "PREFIX x: <http://x/> SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { "
        "<http://localhost:9/> } }",
    ],
)
def test_service_queries_are_refused(kg, query):
    with pytest.raises(ServiceNotAllowedError):
        kg.query(query)


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
