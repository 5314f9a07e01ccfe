"""Tests of habitatkg._resolve: folding, label search, resolution and its errors."""

from __future__ import annotations

import decimal

import pyoxigraph as ox
import pytest

from habitatkg._errors import (
    AmbiguousLabelError,
    EntityNotFoundError,
    HabitatKGError,
    WrongKindError,
)
from habitatkg._resolve import LabelIndex, fold, is_iri_like, parse_binding
from habitatkg._store import MemoryStore
from kg_helpers import HK, HKD, curated, mini


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kanasín", "kanasin"),
        ("  KANASÍN ", "kanasin"),
        ('Escuela Primaria "Amado Nervo"', "escuela primaria amado nervo"),
        ("Secundaria Técnica N° 71", "secundaria tecnica n 71"),
        ("María", "maria"),
        ("Víctor Manuel Martínez Herrera", "victor manuel martinez herrera"),
        ("Jardín de Niños «Lic. Benito Juárez García»", "jardin de ninos lic benito juarez garcia"),
        ("self-managed_clean up", "self managed clean up"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_is_iri_like():
    assert (
        is_iri_like("hkd:school-amado-nervo")
        and is_iri_like("<urn:x>")
        and is_iri_like("https://example.org/x")
    )
    assert (
        not is_iri_like("Amado Nervo")
        and not is_iri_like("Nota: algo")
        and not is_iri_like("zz:top")
    )


def test_parse_binding():
    def resolve(label):
        return f"{HKD}resolved"

    assert parse_binding("year=2022", resolve) == ("year", 2022)
    assert parse_binding("share=0.25", resolve) == ("share", decimal.Decimal("0.25"))
    assert parse_binding("?flag=true", resolve) == ("flag", True)
    assert parse_binding("s=hk:Unite", resolve) == ("s", f"<{HK}Unite>")
    assert parse_binding("s=<urn:x>", resolve) == ("s", "<urn:x>")
    assert parse_binding("school=Amado Nervo", resolve) == ("school", f"<{HKD}resolved>")
    assert parse_binding('name="Amado Nervo"', resolve) == ("name", ox.Literal("Amado Nervo"))
    assert parse_binding("name='Unir'@es", resolve) == ("name", ox.Literal("Unir", language="es"))
    assert parse_binding('text=" } UNION { ?s ?p ?o "', resolve)[1] == ox.Literal(
        " } UNION { ?s ?p ?o "
    )
    for bad in ["noequals", "1x=2", "a b=1", "=3"]:
        with pytest.raises(ValueError):
            parse_binding(bad, resolve)


def small_index() -> LabelIndex:
    store = MemoryStore()
    store.add_data(
        """
        @prefix hk: <https://w3id.org/habitatkg/ontology#> .
        @prefix hkd: <https://w3id.org/habitatkg/data/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        hk:School rdfs:label "School"@en . hk:Place rdfs:label "Place"@en .
        hkd:a a hk:School ; rdfs:label "Escuela Primaria Amado Nervo"@es .
        hkd:b a hk:School ; rdfs:label "Escuela Primaria América"@es .
        hkd:q rdfs:label "Students of Escuela Primaria Amado Nervo, 2021-2022"@en .
        hkd:k a hk:Place ; rdfs:label "Kanasín"@es , "Kanasin"@en ; skos:altLabel
        "Kanasín, Yucatán"@es .
        hkd:k2 a hk:School ; rdfs:label "New secondary school, Kanasín"@en .
        """,
        format="ttl",
    )
    return LabelIndex(store)


def test_search_scores_and_order():
    index = small_index()
    hits = index.search("kanasin")
    assert hits[0].iri == f"{HKD}k" and hits[0].score == 1.0
    assert hits[0].label == "Kanasin"  # one hit per node, English label preferred among equals
    assert {h.iri for h in hits} == {f"{HKD}k", f"{HKD}k2"}
    assert (
        hits[0].kind == "https://w3id.org/habitatkg/ontology#Place"
        and hits[0].kind_label == "Place"
    )
    assert [h.iri for h in index.search("kanasin", kind=f"{HK}School")] == [f"{HKD}k2"]
    assert len(index.search("escuela", limit=1)) == 1
    assert index.search("amer")[0].iri == f"{HKD}b"  # prefix of a word
    assert index.search("zzz") == ()


def test_resolve_exact_partial_and_basic():
    index = small_index()
    assert index.resolve("KANASÍN") == f"{HKD}k"
    assert index.resolve("Amado Nervo") == f"{HKD}a"  # the quantity's label names the school
    assert index.resolve("Amado Nervo", kind=f"{HK}School") == f"{HKD}a"
    assert index.resolve("hkd:b") == f"{HKD}b"
    assert index.resolve(ox.NamedNode(f"{HKD}b")) == f"{HKD}b"


def test_resolve_errors():
    index = small_index()
    with pytest.raises(AmbiguousLabelError) as ambiguous:
        index.resolve("Escuela Primaria", kind=f"{HK}School", what="school")
    assert {c.iri for c in ambiguous.value.candidates} == {f"{HKD}a", f"{HKD}b"}
    assert "ambiguous" in str(ambiguous.value) and "Escuela Primaria América" in str(
        ambiguous.value
    )
    with pytest.raises(EntityNotFoundError) as missing:
        index.resolve("Kanasim")
    assert f"{HKD}k" in {c.iri for c in missing.value.candidates}
    assert "Kanasin" in str(missing.value)
    with pytest.raises(WrongKindError) as wrong:
        index.resolve("Kanasín", kind=f"{HK}School", what="school")
    assert "not a school" in str(wrong.value) and "Place" in str(wrong.value)
    with pytest.raises(WrongKindError):
        index.resolve("hkd:k", kind=f"{HK}School", what="school")
    with pytest.raises(EntityNotFoundError):
        index.resolve("hkd:nothing-here")
    with pytest.raises(EntityNotFoundError):
        index.resolve("  ")
    with pytest.raises(TypeError):
        index.resolve(42)
    assert issubclass(EntityNotFoundError, HabitatKGError)


def test_index_invalidation():
    index = small_index()
    assert index.search("new label") == ()
    index._store.add_data(
        "<https://w3id.org/habitatkg/data/n> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"New label" .',
        format="nt",
    )
    assert index.search("new label") == ()  # cached until invalidated
    index.invalidate()
    assert index.search("new label")[0].iri == f"{HKD}n"


def test_find_on_the_ontology():
    kg = mini()
    assert kg.find("trabajo colaborativo")[0].iri == f"{HK}CollaborativeWork"
    assert kg.find("IDENTIFICAR")[0].iri == f"{HK}Identify"
    assert kg.find("4.7")[0].iri == "http://metadata.un.org/sdg/4.7"


def test_find_kanasin_in_the_curated_data():
    hits = curated().find("kanasin")
    assert hits[0].iri == f"{HKD}place-kanasin" and hits[0].label == "Kanasín"
    assert curated().resolve("kanasin", kind=f"{HK}Place") == f"{HKD}place-kanasin"


# ---------------------------------------------------------------- issue 17.8, 17.9, 13.15

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"]


def test_amado_nervo_resolves_to_the_school_without_a_kind():
    # README's school: the six other nodes whose labels name it all link to it
    kg = curated()
    assert kg.resolve("Amado Nervo") == f"{HKD}school-amado-nervo"
    assert kg.entity("Amado Nervo").iri == f"{HKD}school-amado-nervo"
    assert kg.provenance("Amado Nervo").subject.iri == f"{HKD}school-amado-nervo"
    assert kg.resolve("Amado Nervo", kind=f"{HK}School") == f"{HKD}school-amado-nervo"


def test_typo_suggests_the_right_node():
    kg = curated()
    for kind in (None, f"{HK}School"):
        with pytest.raises(EntityNotFoundError) as caught:
            kg.resolve("Amado Nervoo", kind=kind)
        assert caught.value.candidates[0].iri == f"{HKD}school-amado-nervo"
        assert "closest: 'Escuela Primaria \"Amado Nervo\"'" in str(caught.value)


def test_nothing_close_lists_every_node_of_the_expected_kind():
    kg = curated()
    with pytest.raises(EntityNotFoundError) as caught:
        kg.resolve("Teamwork", kind=f"{HK}Capability", what="capability")
    found = {m.iri for m in caught.value.candidates}
    assert found == {c.iri for c in kg.capabilities()} and len(found) == 5
    assert "the 5 capabilities are: " in str(caught.value)


def test_exact_label_beats_partial_ones():
    store = MemoryStore()
    store.add_data(
        f"""
        <{HKD}a> <http://www.w3.org/2000/01/rdf-schema#label> "Casa" .
        <{HKD}b> <http://www.w3.org/2000/01/rdf-schema#label> "Casa grande" .
        <{HKD}c> <http://www.w3.org/2000/01/rdf-schema#label> "La casa" .
        """,
        format="nt",
    )
    assert LabelIndex(store).resolve("casa") == f"{HKD}a"
    assert LabelIndex(store).resolve("CASA grande") == f"{HKD}b"


@settings(max_examples=60, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=7),
    mark=st.sampled_from(_INVISIBLE),
)
def test_invisible_characters_are_ignored(position, mark):
    # 13.15: "Kana\u200bsín" resolved to an unrelated source reference
    kg = curated()
    text = "Kanasín"
    spoiled = text[:position] + mark + text[position:]
    assert fold(spoiled) == "kanasin"
    assert kg.resolve(spoiled) == f"{HKD}place-kanasin"


@pytest.mark.parametrize("text", ["?s", "s", "?x", "$o", "a", "*"])
def test_very_short_text_never_picks_a_node_by_a_partial_match(text):
    # 13.15: --locality '?s' silently picked a place
    kg = curated()
    with pytest.raises(EntityNotFoundError):
        kg.resolve(text, kind=f"{HK}Place", what="place")
    with pytest.raises(EntityNotFoundError):
        kg.resolve(text)


def test_ambiguity_message_is_short():
    kg = curated()
    with pytest.raises(AmbiguousLabelError) as caught:
        kg.resolve("council")
    assert len(str(caught.value)) < 1000
    assert str(caught.value).count("(hkd:") <= 8
    assert len(caught.value.candidates) >= 2


def test_provenance_command_resolves_amado_nervo(capsys):
    from habitatkg._cli import main

    assert main(["provenance", "Amado Nervo"]) == 0
    assert "Table 4" in capsys.readouterr().out
