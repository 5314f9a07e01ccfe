"""Tests for the generated ontology documentation (habitatkg._docs, habitatkg docs)."""

from __future__ import annotations

import argparse
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
import rdflib
import rdflib.compare
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from habitatkg import _paths
from habitatkg._docs import MissingDocumentationError, build_site
from habitatkg._docs._shapes import explain_shapes, plain
from habitatkg._docs._site import stem_for_kind
from habitatkg._errors import HabitatKGError

HK = "https://w3id.org/habitatkg/ontology#"
SCHOOL = URIRef(HK + "School")


_VOID = {"meta", "link", "br", "img", "input", "hr", "area", "base", "col", "source", "wbr"}
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


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
        self.rules: list[tuple[str, str, str, str]] = []

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
        if tag not in _VOID:
            self._stack.append(a.get("lang"))
        if tag == "li" and "data-shape" in a:
            self.rules.append(
                (
                    a.get("class", ""),
                    a["data-shape"],
                    a.get("data-path", ""),
                    a.get("data-inverse", ""),
                )
            )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if "href" in a and tag in {"a", "area"}:
            self.hrefs.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag not in _VOID and self._stack:
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


def _graph(files: object) -> rdflib.Graph:
    graph = rdflib.Graph()
    for file in files:  # type: ignore[attr-defined]
        graph.parse(file, format="turtle")
    return graph


def _page_of(iri: str, kind: str, lang: str = "en") -> str:
    stem = stem_for_kind(kind, iri[len(HK) :])
    return f"{stem}.html" if lang == "en" else f"{stem}.{lang}.html"


def test_every_hk_term_has_its_page_in_both_languages(site: Path) -> None:
    graph = _ontology_graph()
    terms = _hk_terms(graph)
    assert len(terms) > 100
    pages = {p.name for p in site.glob("*.html")}
    missing = []
    for term in terms:
        local = str(term)[len(HK) :]
        found = [n for n in pages if n.endswith(f"-{local}.html") and "-" in n]
        if not found or not (site / found[0].replace(".html", ".es.html")).is_file():
            missing.append(local)
    assert not missing, f"no page for {missing}"
    html = (site / "class-School.es.html").read_text(encoding="utf-8")
    assert "<h1>Escuela</h1>" in html and '<html lang="es">' in html
    assert "<title>Escuela · Ontología habitatkg</title>" in html


def test_ids_are_unique(site: Path) -> None:
    for page in site.glob("*.html"):
        ids = _parse(page).ids
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert not duplicates, f"{page.name}: duplicate ids {duplicates}"


def test_no_internal_link_is_broken(site: Path) -> None:
    pages = {p.name: _parse(p) for p in site.glob("*.html")}
    assert {"index.html", "questions.html", "index.es.html", "downloads.html"} <= set(pages)
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
    assert checked > 5000


def test_the_first_page_is_light(site: Path) -> None:
    index = site / "index.html"
    assert index.stat().st_size < 40_000
    assert max(p.stat().st_size for p in site.glob("class-*.html")) < 200_000


def test_nothing_is_loaded_from_the_network(site: Path) -> None:
    for path in site.glob("*.html"):
        page = _parse(path)
        for tag, attr, value in page.resources:
            assert not re.match(r"^\s*(https?:)?//", value), (
                f"{path.name}: <{tag} {attr}={value}> loads a remote resource"
            )
        for css in page.styles:
            assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css)
    css = (site / "style.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css)
    js = (site / "site.js").read_text(encoding="utf-8")
    assert "fetch(" not in js and "XMLHttpRequest" not in js and "http" not in js


def test_overview_metadata_licence_history_and_citation(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    for text in (
        "0.1.0",
        "CC BY-SA 4.0",
        "CC BY-SA 3.0 IGO",
        "habitatkg contributors",
        "Transforming Through Education",
        'id="history"',
        'id="cite"',
        "@misc{habitatkg",
        "Publisher",
        "Contributors",
    ):
        assert text in html, text
    spanish = (site / "index.es.html").read_text(encoding="utf-8")
    assert "Cómo citar" in spanish and "Historial de versiones" in spanish


def test_namespaces_page_declares_every_prefix_used(site: Path) -> None:
    html = (site / "namespaces.html").read_text(encoding="utf-8")
    for prefix, ns in (
        ("hk", HK),
        ("hkd", "https://w3id.org/habitatkg/data/"),
        ("sdg", "http://metadata.un.org/sdg/"),
        ("org", "http://www.w3.org/ns/org#"),
        ("schema", "https://schema.org/"),
    ):
        assert f"<code>{prefix}:</code></td><td><code>{ns}</code>" in html, prefix


def test_downloads_parse_in_every_serialization(site: Path) -> None:
    ontology = _ontology_graph()
    for ontology_imports in (_paths.ontology_files(),):
        assert ontology_imports
    shapes = _graph(_paths.shapes_files())
    data = _graph(_paths.data_files())
    html = (site / "downloads.html").read_text(encoding="utf-8")
    for name, reference in (("ontology", None), ("shapes", shapes), ("data", data)):
        graphs = []
        for ext, fmt in (("ttl", "turtle"), ("nt", "nt"), ("rdf", "xml"), ("jsonld", "json-ld")):
            file = site / f"habitatkg-{name}.{ext}"
            assert f'href="{file.name}"' in html
            graphs.append(rdflib.Graph().parse(file, format=fmt))
        for graph in graphs[1:]:
            assert rdflib.compare.isomorphic(graph, graphs[0]), name
        if reference is not None:
            assert rdflib.compare.isomorphic(graphs[0], reference), name
    assert len(graphs[0]) > 1000 and len(ontology) > 500


def test_alignments_are_linked_prefixed_names(site: Path) -> None:
    school = (site / "class-School.html").read_text(encoding="utf-8")
    assert '<a href="https://schema.org/School"><code>schema:School</code></a>' in school
    organization = (site / "class-Organization.html").read_text(encoding="utf-8")
    assert "<code>org:Organization</code>" in organization
    assert "<code>prov:Organization</code>" in organization
    spanish = (site / "class-Organization.es.html").read_text(encoding="utf-8")
    assert "especializa" in spanish or "equivalente a" in spanish


def test_schemes_are_in_order(site: Path) -> None:
    html = (site / "scheme-MethodologyPhases.html").read_text(encoding="utf-8")
    phases = [
        html.index(f'href="concept-{p}.html"')
        for p in ("Identify", "Unite", "Organize", "Manage", "Recognize")
    ]
    assert phases == sorted(phases)
    assert 'id="diagram-phases"' in html


def test_property_rules_are_exactly_the_constraints_on_that_property(site: Path) -> None:
    """Read the shapes graph here, independently of the generator's explainer."""
    shapes = _graph(_paths.shapes_files())
    expected: dict[str, set[tuple[str, bool]]] = {}
    for node_shape in set(shapes.subjects(SH.property, None)) | set(shapes.subjects(SH.path, None)):
        if (node_shape, SH.deactivated, Literal(True)) in shapes:
            continue
        if not any(
            shapes.value(node_shape, p) is not None
            for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
        ):
            continue
        props = list(shapes.objects(node_shape, SH.property))
        if shapes.value(node_shape, SH.path) is not None:
            props = [node_shape]
        for prop in props:
            path = shapes.value(prop, SH.path)
            inverse = path is not None and shapes.value(path, SH.inversePath) is not None
            iri = shapes.value(path, SH.inversePath) if inverse else path
            if isinstance(iri, URIRef):
                expected.setdefault(str(iri), set()).add((str(node_shape), inverse))
    ontology = _ontology_graph()
    checked = 0
    for kind, cls in (("object", "ObjectProperty"), ("datatype", "DatatypeProperty")):
        for prop in ontology.subjects(RDF.type, URIRef(f"http://www.w3.org/2002/07/owl#{cls}")):
            if not str(prop).startswith(HK):
                continue
            for lang in ("en", "es"):
                page = _parse(site / _page_of(str(prop), kind, lang))
                rules = [r for r in page.rules if r[0] == "rule"]
                for _, shape, path, inverse in rules:
                    assert path == str(prop), f"{prop}: a rule about {path} ({shape})"
                    assert (shape, inverse == "true") in expected.get(str(prop), set()), (
                        f"{prop}: {shape} has no property shape with sh:path {prop}"
                    )
                listed = [(shape, inverse == "true") for _, shape, _, inverse in rules]
                assert len(listed) == len(set(listed)), f"{prop}: a rule is listed twice"
                assert set(listed) == expected.get(str(prop), set()), prop
                checked += len(rules)
    assert checked > 100
    value = (site / "property-value.html").read_text(encoding="utf-8")
    assert value.count('class="rule"') == 1


def test_rules_name_their_property_and_shape_in_both_languages(site: Path) -> None:
    english = (site / "property-servesTarget.html").read_text(encoding="utf-8")
    spanish = (site / "property-servesTarget.es.html").read_text(encoding="utf-8")
    assert "hks:SDGTargetValueShape" in english and "must be one of" in english
    assert "hks:SDGTargetValueShape" in spanish and "debe ser uno de" in spanish
    assert "propiedad" in spanish and "se aplica a" in spanish
    assert "must be" not in spanish


def test_classes_link_to_instances_and_members(site: Path) -> None:
    school = (site / "class-School.html").read_text(encoding="utf-8")
    assert 'href="data-school-amado-nervo.html"' in school
    assert "None in the data yet" not in school
    capability = (site / "class-Capability.html").read_text(encoding="utf-8")
    assert capability.count('href="concept-') >= 5 and "None in the data yet" not in capability


def test_every_instance_has_a_page_with_links_figures_and_provenance(site: Path) -> None:
    data = _graph(_paths.data_files())
    hkd = "https://w3id.org/habitatkg/data/"
    statements = set(data.subjects(RDF.type, RDF.Statement))
    subjects = {
        s for s in data.subjects(RDF.type) if str(s).startswith(hkd) and s not in statements
    }
    assert len(subjects) > 400
    # reified statements are shown on the pages of what they are about, not on pages of their own
    assert statements and not any(
        (site / f"data-{str(s)[len(hkd) :]}.html").exists() for s in statements
    )
    for subject in subjects:
        assert (site / f"data-{str(subject)[len(hkd) :]}.html").is_file(), subject
    school = (site / "data-school-amado-nervo.html").read_text(encoding="utf-8")
    assert 'id="figures"' in school and "2021-2022" in school
    assert 'id="provenance"' in school and "Table 4" in school
    assert 'href="class-School.html"' in school


def test_instance_pages_show_each_statement_with_its_evidence_and_quote(site: Path) -> None:
    # the report, chapter III.B closing paragraph: "... promoting just, peaceful, and inclusive
    # societies (SDG 16)" is the one passage that states hk:contributesToGoal sdg:16
    page = (site / "data-social-model.html").read_text(encoding="utf-8")
    row = next(
        r for r in page.split("<tr>") if 'href="sdg.html#sdg-16"' in r and "contributesToGoal" in r
    )
    assert 'href="concept-Stated.html"' in row
    assert "inclusive societies (SDG 16)" in row and "<blockquote" in row
    assert row.count("<blockquote") == 1
    assert "chapter III.B" in row
    # a curators' derivation shows its reasoning, on the Spanish page marked as English text
    spanish = (site / "data-social-model.es.html").read_text(encoding="utf-8")
    assert 'href="concept-DerivedByCurators.es.html"' in spanish
    assert '<p class="reasoning small"><span lang="en">' in spanish
    assert "data-stmt-" not in page  # no links to statement records
    # the passage's page lists what it supports, and says nothing about its own sources
    passage = next(q for q in row.split('href="') if q.startswith("data-passage-")).split('"')[0]
    text = (site / passage).read_text(encoding="utf-8")
    assert 'id="supports"' in text and 'href="sdg.html#sdg-16"' in text
    assert 'id="provenance"' not in text


def test_sdg_targets_show_what_serves_them(site: Path) -> None:
    # The page agrees with the data: a target with hk:servesTarget statements shows their count,
    # one without says so (since issue 14, Table 1 only lists 4.3, 4.4 and 4.b: hk:listsTarget).
    import habitatkg as hk

    kg = hk.load()
    html = (site / "sdg.html").read_text(encoding="utf-8")
    for target in ("4.3", "4.4", "4.b", "4.7"):
        served = kg.query(
            "ASK { ?x hk:servesTarget ?t }", t=f"http://metadata.un.org/sdg/{target}"
        ).boolean
        row = html[html.index(f'id="sdg-{target.replace(".", "-")}"') :]
        row = row[: row.index("</tr>")]
        assert ('class="count"' in row) == served, target
        assert ("Nothing in the ontology or the data serves" in row) == (not served), target


def test_questions_in_order_with_titles_and_labelled_columns(site: Path) -> None:
    for lang in ("en", "es"):
        html = (site / ("questions.html" if lang == "en" else "questions.es.html")).read_text(
            encoding="utf-8"
        )
        numbers = [int(n) for n in re.findall(r'<span class="qnum">Q(\d+)</span>', html)]
        assert numbers == list(range(1, 10)), numbers
        assert "False" not in re.sub(r"<pre.*?</pre>", "", html, flags=re.S)
        assert "schoolLabel" not in re.sub(
            r"<pre.*?</pre>|<details.*?</details>", "", html, flags=re.S
        )
    spanish = (site / "questions.es.html").read_text(encoding="utf-8")
    assert "¿Qué socios apoyan la capacidad X en la escuela Y?" in spanish
    assert '<th scope="col">Escuela</th>' in spanish
    english = (site / "questions.html").read_text(encoding="utf-8")
    assert '<th scope="col">School</th>' in english


def test_long_answers_are_paged_and_downloadable(site: Path) -> None:
    import csv

    with (site / "answer-provenance.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    html = (site / "questions.html").read_text(encoding="utf-8")
    section = html[html.index('id="provenance"') :]
    section = section[: section.index("</section>")]
    assert len(rows) - 1 > 500
    assert f"{len(rows) - 1} rows" in section and 'class="show-all"' in section
    assert section.count("<tr") - 1 == len(rows) - 1


def test_search_index_covers_terms_and_instances_in_both_languages(site: Path) -> None:
    text = (site / "search-index.js").read_text(encoding="utf-8")
    assert text.startswith("window.HK_SEARCH = ")
    import json

    entries = json.loads(text[len("window.HK_SEARCH = ") :].rstrip().rstrip(";"))
    names = {e[2] for e in entries}
    assert "hk:servesTarget" in names and "hkd:school-amado-nervo" in names
    assert any(e[1] == "Escuela" for e in entries)
    for entry in entries:
        assert (site / f"{entry[3]}.html").is_file() and (site / f"{entry[3]}.es.html").is_file()


def test_answers_from_the_caller_are_rendered(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"school": [HK + "School", "<b>not bold</b>"], "n": [3, None], "flag": [True, False]}
    )
    build_site(tmp_path, data=rdflib.Graph(), answers={"reach": frame})
    html = (tmp_path / "questions.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html and "<b>not bold" not in html
    assert 'href="class-School.html"' in html
    answer = html[html.index('id="reach"') :]
    answer = answer[: answer.index("</section>")]
    assert "False" not in answer and "<td>no</td>" in answer and "<td>yes</td>" in answer


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
    assert not any(tmp_path.iterdir())


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
  sh:property [ sh:path hk:educationalLevel ; sh:minCount 1 ; sh:maxCount 1 ;
                sh:class hk:EducationalLevel ;
                sh:message "A school needs exactly one <educational level>"@en ] ;
  sh:property [ sh:path hk:source ; sh:minCount 1 ] .
hks:QuantityShape a sh:NodeShape ; sh:targetClass hk:Quantity ;
  sh:property [ sh:path hk:value ; sh:datatype xsd:decimal ; sh:minInclusive 0 ;
                sh:severity sh:Warning ] ;
  sh:property [ sh:path hk:value ; sh:maxCount 1 ] ;
  sh:property [ sh:path hk:period ; sh:pattern "^[0-9]{4}(-[0-9]{4})?$" ] .
hks:FigureShape a sh:NodeShape ; sh:targetSubjectsOf hk:value ; sh:class hk:Quantity ;
  sh:property [ sh:path hk:unit ; sh:maxCount 1 ] .
"""


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ontology (one definition with markup), the SHAPES above, three schools of user data."""
    graph = _ontology_graph()
    graph.remove((SCHOOL, SKOS.definition, None))
    graph.add(
        (SCHOOL, SKOS.definition, Literal('A <script>alert("x")</script> & school.', lang="en"))
    )
    data = rdflib.Graph()
    hkd = "https://w3id.org/habitatkg/data/"
    for i in range(3):
        node = URIRef(f"{hkd}school-test-{i}")
        data.add((node, RDF.type, SCHOOL))
        data.add((node, RDFS.label, Literal(f"Test school {i}", lang="en")))
        data.add((node, URIRef(HK + "educationalLevel"), URIRef(HK + "Primary")))
    out = tmp_path_factory.mktemp("small")
    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    build_site(out, ontology=graph, shapes=shapes, data=data, answers={})
    return out


def test_shacl_rules_are_explained_in_plain_words(small_site: Path) -> None:
    tmp_path = small_site
    school = (tmp_path / "class-School.html").read_text(encoding="utf-8")
    assert "must have exactly 1 educational level" in school
    assert "must have at least 1 source" in school
    assert "A school needs exactly one &lt;educational level&gt;" in school
    assert "debe tener exactamente 1 nivel educativo" in (
        tmp_path / "class-School.es.html"
    ).read_text(encoding="utf-8")
    value = _parse(tmp_path / "property-value.html")
    assert [r[1:3] for r in value.rules if r[0] == "rule"] == [
        ("https://w3id.org/habitatkg/shapes#QuantityShape", HK + "value")
    ]
    # the node-level rule of FigureShape is about the subjects, listed apart;
    # its unit rule is not here
    assert [r[1:3] for r in value.rules if r[0] == "subject-rule"] == [
        ("https://w3id.org/habitatkg/shapes#FigureShape", "")
    ]
    html = (tmp_path / "property-value.html").read_text(encoding="utf-8")
    assert "value must be ≥ 0" in html and "decimal number" in html and "warning" in html
    assert "must have at most 1 value" in html
    assert "it must be of type" in html and "each value must be of type" not in html
    unit = _parse(tmp_path / "property-unit.html")
    assert [r[1:3] for r in unit.rules if r[0] == "rule"] == [
        ("https://w3id.org/habitatkg/shapes#FigureShape", HK + "unit")
    ]
    period = (tmp_path / "property-period.html").read_text(encoding="utf-8")
    assert "<code>^[0-9]{4}(-[0-9]{4})?$</code>" in period


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
    texts = sorted((plain(c.en), c.path, c.inverse) for c in found)
    assert texts == [
        (
            "must be one of: https://w3id.org/habitatkg/ontology#Completed, https://w3id.org/habitatkg/ontology#InProgress",
            HK + "status",
            False,
        ),
        ("must have at most 3 values for “the inverse of “locatedIn””", HK + "locatedIn", True),
    ]


def test_text_is_escaped(small_site: Path) -> None:
    html = (small_site / "class-School.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "A &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; school." in html


def test_users_data_gets_pages(small_site: Path) -> None:
    school = (small_site / "class-School.html").read_text(encoding="utf-8")
    assert school.count("Test school") == 3
    page = (small_site / "data-school-test-0.html").read_text(encoding="utf-8")
    assert 'href="concept-Primary.html"' in page and "No source recorded." in page


def test_build_is_deterministic(site: Path, tmp_path: Path) -> None:
    build_site(tmp_path)
    names = sorted(p.name for p in site.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        if name.endswith((".html", ".js", ".css", ".csv")):
            assert (site / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_cli_command_writes_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from habitatkg._commands import docs

    parser = argparse.ArgumentParser(prog="habitatkg")
    docs.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["docs", str(tmp_path / "out")])
    assert args.run(args) == 0
    assert (tmp_path / "out" / "index.html").is_file()
    assert capsys.readouterr().out.strip().endswith("index.html")
    questions = (tmp_path / "out" / "questions.html").read_text(encoding="utf-8")
    assert "False" not in re.sub(r"<pre.*?</pre>", "", questions, flags=re.S)


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HabitatKGError, match="no such file"):
        build_site(tmp_path, ontology=tmp_path / "missing.ttl", answers={})
