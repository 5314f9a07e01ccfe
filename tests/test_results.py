"""Tests of habitatkg._results: values, QueryResult exports, Entity, EntityList, Provenance."""

from __future__ import annotations

import datetime
import json

import pyoxigraph as ox
import pytest

from habitatkg._results import (
    Entity,
    EntityList,
    Label,
    Match,
    Provenance,
    QueryResult,
    SourceRef,
    compact,
    python_value,
)

XSD = "http://www.w3.org/2001/XMLSchema#"


def lit(value, datatype=None, lang=None):
    if lang:
        return ox.Literal(value, language=lang)
    return (
        ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)
    )


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (None, None),
        (ox.NamedNode("https://w3id.org/habitatkg/data/x"), "https://w3id.org/habitatkg/data/x"),
        (lit("3163", "integer"), 3163),
        (lit("2021", "gYear"), 2021),
        (lit("1098", "decimal"), 1098),
        (lit("4.50", "decimal"), 4.5),
        (lit("2.5E0", "double"), 2.5),
        (lit("true", "boolean"), True),
        (lit("0", "boolean"), False),
        (lit("2023-06-27", "date"), datetime.date(2023, 6, 27)),
        (lit("Kanasín", lang="es"), "Kanasín"),
        (lit("not a number", "integer"), "not a number"),
    ],
)
def test_python_value(term, expected):
    value = python_value(term)
    assert value == expected and type(value) is type(expected)


def test_python_value_blank_node():
    assert python_value(ox.BlankNode("b1")) == "_:b1"


def test_compact():
    assert compact("https://w3id.org/habitatkg/ontology#School") == "hk:School"
    assert compact("http://metadata.un.org/sdg/4.7") == "sdg:4.7"
    assert compact("http://metadata.un.org/sdg/ontology#Goal") == "sdgo:Goal"
    assert compact("https://example.org/x") == "https://example.org/x"


def sample() -> QueryResult:
    school = ox.NamedNode("https://w3id.org/habitatkg/data/school-amado-nervo")
    return QueryResult.from_terms(
        ("school", "students", "label", "missing"),
        [
            (school, lit("1098", "decimal"), lit('Amado "Nervo"', lang="es"), None),
            (
                ox.NamedNode("https://w3id.org/habitatkg/data/school-prepa-94"),
                lit("582", "decimal"),
                lit("Prepa 94"),
                None,
            ),
        ],
        labeler=lambda iri: {school.value: "Escuela Primaria Amado Nervo"}.get(iri),
    )


def test_query_result_rows_iteration_and_columns():
    result = sample()
    assert len(result) == 2 and bool(result)
    assert result.columns == ["school", "students", "label", "missing"]
    first = next(iter(result))
    assert first.students == 1098 and first.missing is None
    assert result.column("students") == [1098, 582]
    with pytest.raises(KeyError):
        result.column("nope")


def test_query_result_dataframe_and_labels():
    frame = sample().to_dataframe()
    assert list(frame.students) == [1098, 582]
    labelled = sample().to_dataframe(labels=True)
    assert list(labelled.columns) == ["school", "school_label", "students", "label", "missing"]
    assert labelled.school_label[0] == "Escuela Primaria Amado Nervo"
    empty = QueryResult.from_terms(("a", "b"), [])
    assert list(empty.to_dataframe().columns) == ["a", "b"] and not empty


def test_query_result_csv_json(tmp_path):
    result = sample()
    csv_text = result.to_csv(tmp_path / "out.csv")
    assert csv_text.splitlines()[0] == "school,students,label,missing"
    assert '"Amado ""Nervo"""' in csv_text
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == csv_text
    records = json.loads(result.to_json())
    assert records[0] == {
        "school": "https://w3id.org/habitatkg/data/school-amado-nervo",
        "students": 1098,
        "label": 'Amado "Nervo"',
    }
    sparql = json.loads(result.to_json(tmp_path / "out.json", style="sparql"))
    assert sparql["head"]["vars"] == ["school", "students", "label", "missing"]
    binding = sparql["results"]["bindings"][0]
    assert binding["school"]["type"] == "uri"
    assert binding["students"]["datatype"] == XSD + "decimal"
    assert binding["label"]["xml:lang"] == "es"
    assert "missing" not in binding
    assert "datatype" not in sparql["results"]["bindings"][1]["label"]


def test_ask_results():
    yes = QueryResult.from_terms((), [], kind="ask", boolean=True)
    assert bool(yes) and repr(yes) == "<QueryResult ASK: True>"
    assert yes.to_dataframe().answer[0]
    assert yes.to_csv() == "answer\ntrue\n"
    assert json.loads(yes.to_json()) == {"answer": True}
    assert json.loads(yes.to_json(style="sparql"))["boolean"] is True
    assert "True" in yes._repr_html_()


def test_query_result_repr_and_html():
    text = repr(sample())
    assert text.startswith("<QueryResult: 2 rows × 4 columns")  # noqa: RUF001
    assert "hkd:school-amado-nervo" in text
    html = sample()._repr_html_()
    assert "<table>" in html and "&quot;Nervo&quot;" in html and 'title="https://w3id.org' in html
    many = QueryResult.from_terms(("n",), [(lit(str(i), "integer"),) for i in range(80)])
    assert "more rows" in repr(many) and "more rows" in many._repr_html_()


def entity() -> Entity:
    source = SourceRef(
        "https://w3id.org/habitatkg/data/src-report-table-4",
        "Report 2023, Table 4",
        "https://w3id.org/habitatkg/data/doc-report-2023",
        "Transforming Through Education",
        "Table 4",
        26,
    )
    return Entity(
        "https://w3id.org/habitatkg/data/place-kanasin",
        (Label("Kanasín", "es"), Label("Kanasin (English)", "en")),
        kind="https://w3id.org/habitatkg/ontology#Municipality",
        kind_label="Municipality or borough",
        sources=(source,),
        definition="A municipality of Yucatán.",
    )


def test_entity():
    e = entity()
    assert (
        e.label == "Kanasin (English)"
        and e.label_in("es") == "Kanasín"
        and e.label_in("fr") is None
    )
    assert e.curie == "hkd:place-kanasin" and str(e) == e.label
    assert repr(e) == "Entity(hkd:place-kanasin: 'Kanasin (English)' (Municipality or borough))"
    html = e._repr_html_()
    assert "Kanasín" in html and "Table 4" in html and "definition" in html
    assert Entity("https://w3id.org/habitatkg/data/x").label == "hkd:x"
    assert "illustrative" in repr(Entity("https://example.org/x", illustrative=True))
    assert hash(e) == hash(entity())


def test_source_ref_str():
    assert str(entity().sources[0]) == "Transforming Through Education, Table 4, p. 26"
    assert (
        str(SourceRef("https://w3id.org/habitatkg/example/src", illustrative=True))
        == "ex:src (illustrative)"
    )


def test_entity_list():
    items = EntityList(
        [entity(), Match("https://w3id.org/habitatkg/data/x", "X", "en", 0.8, None, "School")]
    )
    frame = items.to_dataframe()
    assert list(frame.columns) == ["label", "kind", "lang", "score", "iri"]  # labels first
    assert "EntityList[2]" in repr(items) and "<table>" in items._repr_html_()
    assert isinstance(items, tuple) and items[0].curie == "hkd:place-kanasin"


def test_provenance():
    p = Provenance(entity(), None, entity().sources)
    assert p.documents == ("Transforming Through Education",)
    assert list(p.to_dataframe().section) == ["Table 4"]
    assert "Provenance of Kanasin" in repr(p) and "Table 4" in p._repr_html_()
    assert "(no source recorded)" in repr(Provenance(Entity("https://example.org/x")))
    statement = Provenance(
        entity(),
        (
            entity().iri,
            "https://w3id.org/habitatkg/ontology#locatedIn",
            "https://w3id.org/habitatkg/data/place-yucatan",
        ),
    )
    assert "hk:locatedIn hkd:place-yucatan" in repr(statement)


def test_itertuples_like_pandas():
    assert list(sample().itertuples(index=False, name=None))[1][:2] == (
        "https://w3id.org/habitatkg/data/school-prepa-94",
        582,
    )
    with pytest.raises(ValueError):
        list(sample().itertuples(index=True))


def test_repr_cuts_long_cells_with_an_ellipsis_and_escapes_controls():
    # issue 17.14: cells were cut at 40 characters with no ellipsis
    long = "x" * 80
    r = QueryResult.from_terms(("a", "b"), [(ox.Literal(long), ox.Literal("red\x1b[31m"))])
    text = repr(r)
    assert ("x" * 39 + "…") in text and long not in text
    assert "\x1b" not in text and "\\x1b[31m" in text


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=x", "\r=x"])
def test_to_csv_neutralises_formulas(cell):
    # issue 13.16
    text = QueryResult.from_terms(("a",), [(ox.Literal(cell),)]).to_csv()
    assert text.splitlines()[1].lstrip('"').startswith("'")


def test_to_csv_keeps_numbers():
    r = QueryResult.from_terms(
        ("n",),
        [(ox.Literal("-5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),)],
    )
    assert r.to_csv() == "n\n-5\n"
