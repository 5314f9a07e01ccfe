"""Tests for the generated ontology documentation (habitatkg._docs, habitatkg docs)."""

from __future__ import annotations

import argparse
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from habitatkg import _paths
from habitatkg._docs import MissingDocumentationError, build_site
from habitatkg._docs._shapes import explain_shapes, plain
from habitatkg._errors import HabitatKGError

HK = "https://w3id.org/habitatkg/ontology#"
SCHOOL = URIRef(HK + "School")


class _Page(HTMLParser):
    """Collects ids, links, loaded resources and language-tagged text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.resources: list[tuple[str, str, str]] = []
        self.lang_text: dict[str, list[str]] = {"en": [], "es": []}
        self.styles: list[str] = []
        self._stack: list[str | None] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if "href" in a and tag in {"a", "area"}:
            self.hrefs.append(a["href"])
        for attr in ("src", "href", "data", "srcset", "poster", "xlink:href"):
            if attr in a and tag not in {"a", "area"}:
                self.resources.append((tag, attr, a[attr]))
        if tag == "style":
            self._in_style = True
        if tag not in {"meta", "link", "br", "img", "input", "hr", "rect", "path"}:
            self._stack.append(a.get("lang"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag not in {"meta", "link", "br", "img", "input", "hr", "rect", "path"} and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
            return
        lang = next((lang for lang in reversed(self._stack) if lang), None)
        if lang in self.lang_text and data.strip():
            self.lang_text[lang].append(data.strip())


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _ontology_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for file in _paths.ontology_files():
        graph.parse(file, format="turtle")
    return graph


def _hk_terms(graph: rdflib.Graph) -> list[URIRef]:
    return sorted(
        {
            s
            for s in graph.subjects(RDF.type)
            if isinstance(s, URIRef) and str(s).startswith(HK) and str(s) != HK
        }
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    index = build_site(out)
    assert index == out / "index.html"
    return out


def test_every_hk_term_has_its_anchor(site: Path) -> None:
    ids = set(_parse(site / "index.html").ids)
    terms = _hk_terms(_ontology_graph())
    assert len(terms) > 100
    missing = [str(t)[len(HK) :] for t in terms if str(t)[len(HK) :] not in ids]
    assert not missing, f"no id= anchor for {missing}"


def test_ids_are_unique(site: Path) -> None:
    for page in site.glob("*.html"):
        ids = _parse(page).ids
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert not duplicates, f"{page.name}: duplicate ids {duplicates}"


def test_no_internal_link_is_broken(site: Path) -> None:
    pages = {p.name: _parse(p) for p in site.glob("*.html")}
    assert {"index.html", "questions.html"} <= set(pages)
    checked = 0
    for name, page in pages.items():
        for href in page.hrefs:
            parts = urlsplit(href)
            if parts.scheme in {"http", "https", "mailto"}:
                continue
            assert not parts.scheme and not parts.netloc, f"{name}: non-relative link {href}"
            target = (site / unquote(parts.path)) if parts.path else site / name
            assert target.is_file(), f"{name}: link to missing file {href}"
            if parts.fragment:
                assert target.suffix == ".html", href
                assert unquote(parts.fragment) in pages[target.name].ids, (
                    f"{name}: link to missing #{parts.fragment}"
                )
            checked += 1
    assert checked > 500


def test_both_languages_are_present(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    page = _parse(site / "index.html")
    graph = _ontology_graph()
    english, spanish = set(page.lang_text["en"]), set(page.lang_text["es"])
    for term in _hk_terms(graph):
        for lang, found in (("en", english), ("es", spanish)):
            labels = [
                str(o)
                for o in graph.objects(term, RDFS.label)
                if isinstance(o, Literal) and o.language == lang
            ]
            assert labels and any(label in found for label in labels), (
                f"{term}: no lang={lang} label in the page"
            )
    assert '<td lang="es">Escuela</td>' in html
    assert 'data-set-lang="es"' in html and 'data-set-lang="en"' in html


def test_nothing_is_loaded_from_the_network(site: Path) -> None:
    for path in site.glob("*.html"):
        page = _parse(path)
        for tag, attr, value in page.resources:
            assert not re.match(r"^\s*(https?:)?//", value), (
                f"{path.name}: <{tag} {attr}={value}> loads a remote resource"
            )
        for css in page.styles:
            assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css), (
                f"{path.name}: the CSS loads a remote resource"
            )
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=", text), f"{path.name}: external script"
        assert not re.search(r"<link[^>]+rel=\"?stylesheet", text), (
            f"{path.name}: external stylesheet"
        )


def test_overview_metadata_and_licence(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    for text in (
        "0.1.0",
        "CC BY-SA 4.0",
        "CC BY-SA 3.0 IGO",
        "habitatkg contributors",
        "Transforming Through Education",
    ):
        assert text in html
    assert "<svg" in html and 'href="#School"' in html
    assert (site / "habitatkg-ontology.ttl").is_file()
    assert len(rdflib.Graph().parse(site / "habitatkg-ontology.ttl", format="turtle")) > 500


def test_schemes_are_in_order_with_alignments(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    phases = [
        html.index(f'id="{p}"') for p in ("Identify", "Unite", "Organize", "Manage", "Recognize")
    ]
    assert phases == sorted(phases)
    guidelines = [
        html.index(f'id="{g}"')
        for g in (
            "AgencyCapacityForLinkingEfforts",
            "QualityImprovementOfSchoolInfrastructure",
            "AccompanimentForTransformation",
            "AssimilationOfLearningExperiences",
            "TransferAndExchangeOfKnowledge",
        )
    ]
    assert guidelines == sorted(guidelines)
    school = html[html.index('id="School"') : html.index("</article>", html.index('id="School"'))]
    assert (
        "schema:School" in school and "hk:Organization" not in school.split("Alignments")[1][:200]
    )
    organization = html[
        html.index('id="Organization"') : html.index("</article>", html.index('id="Organization"'))
    ]
    assert "org:Organization" in organization and "prov:Organization" in organization


def test_every_query_is_shown_with_its_sparql(site: Path) -> None:
    html = (site / "questions.html").read_text(encoding="utf-8")
    for name in _paths.query_names():
        assert f'id="q-{re.sub(r"[^0-9A-Za-z]", "-", name)}"' in html, name
        assert escape(_paths.query_file(name).read_text(encoding="utf-8")) in html, (
            f"the SPARQL of {name} is not shown"
        )


def test_answers_from_the_caller_are_rendered(tmp_path: Path) -> None:
    frame = pd.DataFrame({"school": [HK + "School", "<b>not bold</b>"], "n": [3, None]})
    names = list(_paths.query_names()) or ["my-question"]
    build_site(tmp_path, answers={names[0]: frame})
    html = (tmp_path / "questions.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html and "<b>not bold" not in html
    assert 'href="index.html#School"' in html


def _minimal_ontology(**drop: bool) -> rdflib.Graph:
    graph = _ontology_graph()
    if drop.get("es"):
        graph.remove((SCHOOL, RDFS.label, Literal("Escuela", lang="es")))
    if drop.get("definition"):
        graph.remove((SCHOOL, SKOS.definition, None))
    return graph


@pytest.mark.parametrize("missing", ["es", "definition"])
def test_a_term_without_spanish_label_or_definition_fails(tmp_path: Path, missing: str) -> None:
    graph = _minimal_ontology(**{missing: True})
    with pytest.raises(MissingDocumentationError, match="hk:School") as info:
        build_site(tmp_path, ontology=graph, shapes=rdflib.Graph(), data=rdflib.Graph(), answers={})
    assert isinstance(info.value, HabitatKGError)
    assert not (tmp_path / "index.html").exists()


def test_data_using_an_undefined_hk_term_fails(tmp_path: Path) -> None:
    data = rdflib.Graph()
    data.add((URIRef("https://w3id.org/habitatkg/data/x"), RDF.type, URIRef(HK + "NoSuchClass")))
    with pytest.raises(MissingDocumentationError, match="NoSuchClass"):
        build_site(
            tmp_path, ontology=_ontology_graph(), shapes=rdflib.Graph(), data=data, answers={}
        )


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix hk: <https://w3id.org/habitatkg/ontology#> .
@prefix hks: <https://w3id.org/habitatkg/shapes#> .
hks:SchoolShape a sh:NodeShape ; sh:targetClass hk:School ;
  sh:property [ sh:path hk:educationalLevel ; sh:minCount 1 ; sh:maxCount 1 ; sh:class hk:EducationalLevel ;
                sh:message "A school needs exactly one <educational level>"@en ] ;
  sh:property [ sh:path hk:source ; sh:minCount 1 ] .
hks:QuantityShape a sh:NodeShape ; sh:targetClass hk:Quantity ;
  sh:property [ sh:path hk:value ; sh:datatype xsd:decimal ; sh:minInclusive 0 ; sh:maxCount 1 ;
                sh:severity sh:Warning ] ;
  sh:property [ sh:path hk:period ; sh:pattern "^[0-9]{4}(-[0-9]{4})?$" ] .
"""


def test_shacl_rules_are_explained_in_plain_words(tmp_path: Path) -> None:
    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    build_site(tmp_path, ontology=_ontology_graph(), shapes=shapes, data=rdflib.Graph(), answers={})
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    school = html[html.index('id="School"') : html.index("</article>", html.index('id="School"'))]
    assert "must have exactly 1 educational level" in school
    assert "debe tener exactamente 1 nivel educativo" in school
    assert "must have at least 1 source" in school
    assert "A school needs exactly one &lt;educational level&gt;" in school
    value = html[html.index('id="value"') : html.index("</article>", html.index('id="value"'))]
    assert "value must be ≥ 0" in value and "decimal number" in value and "warning" in value
    assert "<code>^[0-9]{4}(-[0-9]{4})?$</code>" in html


def test_shapes_explainer_handles_inverse_paths_and_lists() -> None:
    ttl = """
    @prefix sh: <http://www.w3.org/ns/shacl#> .
    @prefix hk: <https://w3id.org/habitatkg/ontology#> .
    hk:S a sh:NodeShape ; sh:targetClass hk:Place ;
      sh:property [ sh:path [ sh:inversePath hk:locatedIn ] ; sh:maxCount 3 ] ;
      sh:property [ sh:path hk:status ; sh:in ( hk:Completed hk:InProgress ) ] ;
      sh:property [ sh:path hk:deactivated ; sh:minCount 1 ; sh:deactivated true ] .
    """
    found = explain_shapes(
        rdflib.Graph().parse(data=ttl, format="turtle"), lambda iri: (iri.rsplit("#", 1)[-1], None)
    )
    texts = sorted(plain(c.en) for c in found)
    assert texts == [
        "must be one of: https://w3id.org/habitatkg/ontology#Completed, https://w3id.org/habitatkg/ontology#InProgress",
        "must have at most 3 values for “the inverse of “locatedIn””",
    ]


def test_text_is_escaped(tmp_path: Path) -> None:
    graph = _ontology_graph()
    graph.remove((SCHOOL, SKOS.definition, None))
    graph.add(
        (SCHOOL, SKOS.definition, Literal('A <script>alert("x")</script> & school.', lang="en"))
    )
    build_site(tmp_path, ontology=graph, shapes=rdflib.Graph(), data=rdflib.Graph(), answers={})
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "A &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; school." in html


def test_examples_come_from_the_data(tmp_path: Path) -> None:
    data = rdflib.Graph()
    hkd = "https://w3id.org/habitatkg/data/"
    for i in range(7):
        node = URIRef(f"{hkd}school-test-{i}")
        data.add((node, RDF.type, SCHOOL))
        data.add((node, RDFS.label, Literal(f"Test school {i}", lang="en")))
        data.add((node, URIRef(HK + "educationalLevel"), URIRef(HK + "Primary")))
    build_site(tmp_path, ontology=_ontology_graph(), shapes=rdflib.Graph(), data=data, answers={})
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    school = html[html.index('id="School"') : html.index("</article>", html.index('id="School"'))]
    assert school.count("Test school") == 5 and "(5 of 7)" in re.sub(
        r"<[^>]+>", "", school
    ).replace("  ", " ")
    assert "hkd:school-test-0" in school
    primary = html[
        html.index('id="Primary"') : html.index("</article>", html.index('id="Primary"'))
    ]
    assert "Test school 0" in primary


def test_build_is_deterministic(tmp_path: Path) -> None:
    first = build_site(tmp_path / "a").read_text(encoding="utf-8")
    second = build_site(tmp_path / "b").read_text(encoding="utf-8")
    assert first == second


def test_cli_command_writes_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from habitatkg._commands import docs

    parser = argparse.ArgumentParser(prog="habitatkg")
    docs.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["docs", str(tmp_path / "out"), "--no-answers"])
    assert args.run(args) == 0
    assert (tmp_path / "out" / "index.html").is_file()
    assert capsys.readouterr().out.strip().endswith("index.html")


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HabitatKGError, match="no such file"):
        build_site(tmp_path, ontology=tmp_path / "missing.ttl", answers={})
