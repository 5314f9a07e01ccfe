"""Tests of habitatkg._sparql: prefixes, the lexer, SERVICE detection, value binding."""

from __future__ import annotations

import datetime
import decimal

import pyoxigraph as ox
import pytest

from habitatkg._sparql import (
    PREFIXES,
    bind_values,
    expand_curie,
    prologue,
    query_form,
    strip_literals,
    to_term,
    uses_service,
)


def test_prefixes_cover_the_documented_names():
    assert set(PREFIXES) == {
        "hk",
        "hkd",
        "ex",
        "sdg",
        "sdgo",
        "skos",
        "rdfs",
        "rdf",
        "owl",
        "xsd",
        "prov",
        "org",
        "dcterms",
        "schema",
        "foaf",
    }
    assert PREFIXES["hk"] == "https://w3id.org/habitatkg/ontology#"
    assert prologue().count("PREFIX") == len(PREFIXES)


def test_strip_literals_keeps_positions():
    text = 'SELECT * { ?s ?p "}" . ?s ?q """a\n{""" . ?s ?r <http://x/#y> } # { SERVICE'
    stripped = strip_literals(text)
    assert len(stripped) == len(text)
    assert stripped.count("{") == 1 and stripped.count("}") == 1
    assert "SERVICE" not in stripped


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE {SERVICE<http://example.org/sparql>{?s ?p ?o}}",
        "SELECT * WHERE { ?s ?p ?o . SERVICE ?endpoint { ?s ?p ?o } }",
        "# comment\nSELECT * WHERE { ?s ?p 'x' } ; SERVICE",
    ],
)
def test_service_is_detected(query):
    assert uses_service(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/sparql>" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/sparql> { }",
        "SELECT ?service WHERE { ?service a ex:SERVICE }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "SELECT * WHERE { ?s ?p '''multi\nline SERVICE''' }",
    ],
)
def test_service_in_strings_comments_names_is_not_detected(query):
    assert not uses_service(query)


def test_query_form():
    assert query_form("PREFIX a: <x:>\n# SELECT\nASK { ?s ?p ?o }") == "ASK"
    assert query_form("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("INSERT DATA { <x:a> <x:b> <x:c> }") == ""


def _run(sparql, **bindings):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    store.add(ox.Quad(ox.NamedNode("http://e/b"), ox.NamedNode("http://e/p"), ox.Literal("y")))
    return list(store.query(bind_values(sparql, {k: to_term(v) for k, v in bindings.items()})))


def test_bound_values_reach_filters_and_optionals():
    # the block is at the start of the WHERE group, so FILTER and OPTIONAL see the value
    assert len(_run("SELECT ?s WHERE { ?s <http://e/p> ?o FILTER(BOUND(?v)) }", v=1)) == 2
    assert (
        len(
            _run(
                "SELECT ?s WHERE { ?s <http://e/p> ?o FILTER(!BOUND(?v) || ?s = ?v) }",
                v="http://e/a",
            )
        )
        == 1
    )
    rows = _run("SELECT ?s ?o WHERE { ?s <http://e/p> ?x OPTIONAL { ?s <http://e/p> ?o } }", o="y")
    assert {str(r["s"]) for r in rows} == {"<http://e/a>", "<http://e/b>"}


def test_bind_values_positions():
    query = (
        'SELECT ?a (EXISTS { ?a ?p ?o } AS ?e) WHERE { ?a ?p "}" '
        "{ SELECT ?b WHERE { ?b ?p ?o } } } GROUP BY ?a"
    )
    bound = bind_values(query, {"a": to_term("hk:X")})
    assert bound.index("VALUES") > bound.index("WHERE")
    constructed = bind_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": to_term("hk:X")})
    assert constructed.index("VALUES") > constructed.index("WHERE")
    assert bind_values("ASK { ?s ?p ?o }", {}) == "ASK { ?s ?p ?o }"


@pytest.mark.parametrize(
    "query", ["CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <http://e/a>", "INSERT DATA { }"]
)
def test_bind_values_refuses_queries_without_where_group(query):
    with pytest.raises(ValueError):
        bind_values(query, {"s": to_term(1)})


@pytest.mark.parametrize("name", ["s) } UNION { ?x", "1a", "a b", "", "?s"])
def test_bind_values_refuses_bad_variable_names(name):
    with pytest.raises(ValueError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {name: to_term(1)})


def test_to_term_kinds():
    xsd = PREFIXES["xsd"]
    assert to_term("hkd:place-kanasin") == ox.NamedNode(PREFIXES["hkd"] + "place-kanasin")
    assert to_term("<http://example.org/x>") == ox.NamedNode("http://example.org/x")
    assert to_term("https://example.org/y") == ox.NamedNode("https://example.org/y")
    assert to_term("Amado Nervo") == ox.Literal("Amado Nervo")
    assert to_term("unknown:prefix") == ox.Literal("unknown:prefix")
    assert to_term(2022) == ox.Literal("2022", datatype=ox.NamedNode(xsd + "integer"))
    assert to_term(True) == ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean"))
    assert to_term(decimal.Decimal("2.50")).datatype.value == xsd + "decimal"
    assert to_term(1.5).datatype.value == xsd + "double"
    assert to_term(datetime.date(2023, 6, 27)) == ox.Literal(
        "2023-06-27", datatype=ox.NamedNode(xsd + "date")
    )
    assert to_term(ox.Literal("x", language="es")).language == "es"


def test_to_term_rdflib_and_errors():
    import rdflib

    assert to_term(rdflib.URIRef("http://example.org/a")) == ox.NamedNode("http://example.org/a")
    assert to_term(rdflib.Literal("hola", lang="es")) == ox.Literal("hola", language="es")
    assert to_term(rdflib.Literal(3)).datatype.value.endswith("#integer")
    with pytest.raises(ValueError):
        to_term("<http://example.org/a b>")
    with pytest.raises(ValueError):
        to_term(object())
    with pytest.raises(ValueError):
        to_term(ox.BlankNode())


def test_expand_curie():
    assert expand_curie("hk:School") == PREFIXES["hk"] + "School"
    assert expand_curie("nope:School") is None
    assert expand_curie("Escuela Primaria") is None


def test_bind_values_refuses_a_variable_the_query_does_not_use():
    from habitatkg._sparql import bind_values, to_term

    with pytest.raises(ValueError, match=r"does not use \?year"):
        bind_values(
            "SELECT ?s WHERE { ?s ?p ?o } # ?year is only named in a comment", {"year": to_term(1)}
        )
    assert "VALUES (?o)" in bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": to_term(1)})
