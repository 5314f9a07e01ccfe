"""Tests of habitatkg._privacy: students, children and withheld persons are never named.

Three parts (issue 13, items 3 and 4):

* the rule, in the shapes (``hks:ProtectedPersonShape``): every way of naming a protected
  person is a violation under both engines, and the curated data has none;
* the redaction: a user's file that names one anyway is loaded without the name, so that no
  output (export, docs, query, the question commands) shows it, while ``validate`` still
  reports the file as wrong, without repeating the name;
* no withheld name of the sources is in the git tree, the wheel, the sdist or the docs site
  (checked with the word digests of the privacy guard, never with the names).

The name used here, "Zyxwv Qutrop", is invented.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import subprocess
import sys
import tarfile
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pytest
import rdflib

import habitatkg as hk
from habitatkg import _paths
from habitatkg import _privacy as privacy_module
from habitatkg._cli import main
from habitatkg._privacy import SHAPE, withhold_graph, withhold_triples
from habitatkg._shacl._report import PROTECTED_LABEL, _masked
from habitatkg._store import MemoryStore, OxigraphStore
from habitatkg._validate import validate_graph

ROOT = Path(__file__).resolve().parents[1]
NAME = "Zyxwv Qutrop"
#: SHA-256 (first 16 hex digits) of the words of the withheld names, as in the privacy guard.
WITHHELD = {"103f9732c8656548", "b967a6d4f6194606", "e846ef781e000e2d", "ce0fee7e61f9c74f"}

PREFIXES = """\
@prefix hk:   <https://w3id.org/habitatkg/ontology#> .
@prefix hkd:  <https://w3id.org/habitatkg/data/> .
@prefix t:    <https://example.org/habitatkg-test/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

COMMON = """
t:doc a hk:Document ; rdfs:label "Test notes"@en ; hk:source t:src .
t:src a hk:SourceReference ; rdfs:label "Test notes, visit 1"@en ; hk:inDocument t:doc ;
    hk:section "Visit 1" .
t:school a hk:School ; rdfs:label "Escuela Primaria América"@en , "Escuela Primaria América"@es ;
    hk:educationalLevel hk:Primary ; hk:locatedIn hkd:place-kanasin ; hk:source t:src .
"""


def _student(iri: str, *, extra: str = "", membership: str = "", testimonial: str = "") -> str:
    """A student recorded as the curated data records one, plus ``extra`` statements."""
    label = "rdfs:label" in extra and "t:m-" not in extra
    person = (
        f"{iri} a hk:Person ; hk:nameWithheld true ; hk:source t:src ;\n"
        + (
            ""
            if label
            else '    rdfs:label "Student of Escuela Primaria América (name withheld)"@en ;\n'
        )
        + '    rdfs:comment "Recorded by role only because she is a student."@en'
        + (f" ;\n    {extra}" if extra else "")
        + " .\n"
    )
    key = iri.split(":")[-1]
    member = (
        f"t:m-{key} a hk:Membership ; hk:member {iri} ; hk:organization t:school ;\n"
        "    hk:role hk:StudentRole ; hk:source t:src ;\n"
        + (
            membership
            or '    rdfs:label "A student of Escuela Primaria América"@en ;\n'
            '    hk:positionTitle "Student"@en'
        )
        + " .\n"
    )
    said = (
        f"t:q-{key} a hk:Testimonial ; hk:spokenBy {iri} ; hk:source t:src ;\n"
        + (
            testimonial
            or '    rdfs:label "A student of Escuela Primaria América on her school"@en ;\n'
            '    hk:text "I like my school and my teachers."@en'
        )
        + " .\n"
    )
    return person + member + said


#: Each way of naming a protected person (the issue's 15, and more): id -> Turtle.
VARIANTS: dict[str, str] = {
    "hk-name": _student("t:student-1", extra=f'hk:name "{NAME}"'),
    "rdfs-label": _student("t:student-2", extra=f'rdfs:label "{NAME}"@en'),
    "rdfs-label-marked": _student("t:student-3", extra=f'rdfs:label "{NAME} (name withheld)"@en'),
    "rdfs-label-after-role": _student(
        "t:student-4", extra=f'rdfs:label "Student {NAME} (name withheld)"@en'
    ),
    "skos-prefLabel": _student("t:student-5", extra=f'skos:prefLabel "{NAME}"@en'),
    "skos-altLabel": _student("t:student-6", extra=f'skos:altLabel "{NAME}"@en'),
    "schema-name": _student("t:student-7", extra=f'schema:name "{NAME}"'),
    "schema-name-http": _student("t:student-8", extra=f'<http://schema.org/name> "{NAME}"'),
    "schema-givenName": _student("t:student-9", extra='schema:givenName "Zyxwv"'),
    "foaf-name": _student("t:student-10", extra=f'foaf:name "{NAME}"'),
    "foaf-givenName": _student("t:student-11", extra='foaf:givenName "Zyxwv"'),
    "foaf-familyName": _student("t:student-12", extra='foaf:familyName "Qutrop"'),
    "vcard-fn": _student("t:student-13", extra=f'vcard:fn "{NAME}"'),
    "dcterms-title": _student("t:student-14", extra=f'dcterms:title "{NAME}"'),
    "comment": _student("t:student-15", extra=f'rdfs:comment "{NAME} is in the first year."@en'),
    "comment-marked": _student(
        "t:student-16", extra=f'rdfs:comment "{NAME}, recorded by role only."@en'
    ),
    "membership-label": _student(
        "t:student-17",
        membership=f'    rdfs:label "{NAME} at Escuela Primaria América"@en ;\n'
        '    hk:positionTitle "Student"@en',
    ),
    "membership-title": _student(
        "t:student-18",
        membership='    rdfs:label "A student of Escuela Primaria América"@en ;\n'
        f'    hk:positionTitle "{NAME}, student"@en',
    ),
    "membership-title-after-role": _student(
        "t:student-19",
        membership='    rdfs:label "A student of Escuela Primaria América"@en ;\n'
        f'    hk:positionTitle "Student {NAME}"@en',
    ),
    "iri": _student("t:person-zyxwv-qutrop"),
    "testimonial-label": _student(
        "t:student-20",
        testimonial=f'    rdfs:label "{NAME} on her school"@en ;\n'
        '    hk:text "I like my school and my teachers."@en',
    ),
    "testimonial-text": _student(
        "t:student-21",
        testimonial='    rdfs:label "A student of Escuela Primaria América on her school"@en ;\n'
        f'    hk:text "My name is {NAME} and I like my school."@en',
    ),
    "testimonial-text-repeats-name": _student(
        "t:student-22",
        extra='hk:name "Qutrop"',
        testimonial='    rdfs:label "A student of Escuela Primaria América on her school"@en ;\n'
        '    hk:text "Everyone calls me Qutrop at school."@en',
    ),
    "withheld-with-name": (
        "t:withheld-23 a hk:Person ; hk:nameWithheld true ; hk:source t:src ;\n"
        f'    rdfs:label "Mother of a student (name withheld)"@en ; hk:name "{NAME}" .\n'
    ),
    "child-named": (
        "t:child-24 a hk:Person ; hk:nameWithheld true ; hk:source t:src ;\n"
        f'    rdfs:label "Child of the council (name withheld)"@en ; foaf:name "{NAME}" .\n'
        "t:m-child-24 a hk:Membership ; hk:member t:child-24 ; hk:organization t:school ;\n"
        '    hk:role hk:ChildRole ; hk:source t:src ; rdfs:label "A child of the council"@en .\n'
    ),
}
#: Recorded as the curated data records them: no privacy violation.
CLEAN = {
    "student": _student("t:student"),
    "child": _student("t:person-child-huejotzingo-council").replace("StudentRole", "ChildRole"),
    "withheld": "t:withheld a hk:Person ; hk:nameWithheld true ; hk:source t:src ;\n"
    '    rdfs:label "Mother of a student (nombre reservado)"@es .\n',
}
T = "https://example.org/habitatkg-test/"


def _person(turtle: str) -> str:
    """The person's IRI as reports show it (masked when the IRI holds the name)."""
    iri = T + re.match(r"t:(\S+) a hk:Person", turtle).group(1)  # type: ignore[union-attr]
    return _masked(iri) if "zyxwv" in iri else iri


def _graph(parts: list[str]) -> rdflib.Graph:
    return rdflib.Graph().parse(data=PREFIXES + COMMON + "".join(parts), format="turtle")


@pytest.fixture(scope="module")
def reports() -> dict[str, hk.ValidationReport]:
    """Every variant and clean record in one graph, validated by both engines."""
    kg = hk.load(store=MemoryStore(withhold=False), include_packaged="ontology")
    kg.add(_graph([*VARIANTS.values(), *CLEAN.values()]))
    return {engine: kg.validate(engine=engine) for engine in ("sparql", "pyshacl")}


def _privacy(report: hk.ValidationReport) -> set[tuple[str, str | None, str]]:
    return {
        (r.focus, r.path, r.message)
        for r in report.results
        if r.shape == SHAPE and r.severity is hk.Severity.VIOLATION
    }


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_naming_route_is_a_violation_under_both_engines(reports, variant):
    person = _person(VARIANTS[variant])
    for engine, report in reports.items():
        found = {r for r in _privacy(report) if r[0] == person}
        assert found, f"{engine}: {variant} gives no privacy violation"


def test_the_engines_agree_and_the_clean_records_pass(reports):
    sparql, pyshacl = (_privacy(reports[e]) for e in ("sparql", "pyshacl"))
    assert sparql == pyshacl
    assert len(VARIANTS) >= 15
    assert {focus for focus, _, _ in sparql} == {_person(v) for v in VARIANTS.values()}
    for turtle in CLEAN.values():
        assert not [r for r in sparql if r[0] == _person(turtle)]


def test_reports_never_show_the_name(reports):
    for report in reports.values():
        text = str(report) + report.to_csv() + report.to_json()
        text += report.graph.serialize(format="turtle")
        shown = [r for r in report.results if r.shape == SHAPE]
        assert shown and all(r.value is None for r in shown)
        assert all(r.focus_label == PROTECTED_LABEL for r in shown)
        assert "[property: hk:name; value hidden]" in str(report)
        assert "(IRI withheld, " in str(report)  # the IRI variant: the IRI holds the name
        assert not _shows_name(text)


def test_the_messages_say_what_to_do_in_english_and_spanish(reports):
    for result in reports["sparql"].results:
        if result.shape == SHAPE:
            assert result.message != result.message_es and result.fix
            assert "withheld" in result.message and "reservado" in result.message_es


def test_the_curated_data_names_no_protected_person():
    kg = hk.load()
    assert not _privacy(kg.validate(engine="sparql"))  # natively: no UnsupportedShapes
    data = rdflib.Graph()
    for path in _paths.data_files():
        data.parse(path, format="turtle")
    protected = set(
        data.subjects(rdflib.URIRef("https://w3id.org/habitatkg/ontology#nameWithheld"), None)
    )
    assert len(protected) == 2  # the student and the child of the sources
    about = rdflib.Graph()
    for node in protected | {s for s, _, o in data if o in protected}:
        about += data.cbd(node)
    assert not _privacy(validate_graph(about))  # pyshacl, the reference engine


# --------------------------------------------------------------------------- the redaction

LEAK = (
    PREFIXES
    + COMMON
    + f"""
t:person-zyxwv-qutrop a hk:Person ; rdfs:label "{NAME}"@en ; hk:name "{NAME}" ;
    schema:name "{NAME}" ; skos:altLabel "Zyxwv"@en ; hk:nameWithheld true ; hk:source t:src ;
    rdfs:comment "{NAME} took part in the panel."@en .
t:m-leak a hk:Membership ; rdfs:label "{NAME}, student"@en ; hk:positionTitle "{NAME}"@en ;
    hk:member t:person-zyxwv-qutrop ; hk:organization t:school ; hk:role hk:StudentRole ;
    hk:source t:src .
t:q-leak a hk:Testimonial ; rdfs:label "{NAME} on the school"@en ;
    hk:spokenBy t:person-zyxwv-qutrop ;
    hk:text "My name is {NAME} and I like my school."@en ; hk:source t:src .
hkd:person-student-prepa-94 hk:name "Qutrop Zyxwv" .
"""
)


def _shows_name(text: str) -> bool:
    folded = text.casefold()
    return "zyxwv" in folded or "qutrop" in folded


@pytest.fixture(scope="module")
def leak(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("privacy") / "leak.ttl"
    path.write_text(LEAK, encoding="utf-8")
    return path


def _cli(capsys, *argv: str, code: int = 0) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert main(list(argv)) == code
    out, err = capsys.readouterr()
    assert "warning:" in err and "Describe the person by role only" in err
    assert not _shows_name(err)
    return out


@pytest.mark.parametrize("suffix", ["ttl", "jsonld", "xlsx", "nt"])
def test_no_export_shows_the_name(capsys, leak, tmp_path, suffix):
    out = tmp_path / f"out.{suffix}"
    _cli(capsys, "export", "--data", str(leak), "--", str(out))
    if suffix == "xlsx":
        with zipfile.ZipFile(out) as book:
            text = "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    else:
        text = out.read_text(encoding="utf-8")
    assert "Escuela Primaria América" in text  # the rest of the file is there
    assert not _shows_name(text)


def test_query_and_a_question_command_do_not_show_the_name(capsys, leak):
    everything = _cli(
        capsys,
        "query",
        "--format",
        "csv",
        "--data",
        str(leak),
        "--",
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    )
    assert "Escuela Primaria América" in everything and "name withheld" in everything
    assert not _shows_name(everything)
    assert _cli(capsys, "find", "Zyxwv", "--data", str(leak), code=1) == ""  # nothing found
    found = _cli(capsys, "find", "student", "--format", "csv", "--data", str(leak))
    assert "person-student-prepa-94" in found and not _shows_name(found)


def test_the_api_loads_without_the_name_and_says_so(leak):
    with pytest.warns(hk.PrivacyWarning) as caught:
        kg = hk.load(leak)
    assert len(caught) == 2  # the user's student, and the curated one the file names
    assert all(not _shows_name(str(w.message)) for w in caught)
    rows = kg.query("SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }").to_dataframe()
    assert not _shows_name(" ".join(map(str, rows["o"])))
    renamed = kg.query(
        "SELECT ?s WHERE { ?s hk:nameWithheld true FILTER(STRSTARTS(STR(?s), 'urn:')) }"
    ).to_dataframe()
    assert len(renamed) == 1  # the IRI holding the name was replaced
    assert not _privacy(kg.validate(engine="sparql"))


def test_a_store_without_the_curated_data_still_protects_the_curated_student(
    capsys, leak, tmp_path
):
    folder = tmp_path / "store"
    _cli(capsys, "load", "--quiet", "--no-packaged", "--store", f"oxigraph:{folder}", str(leak))
    store = OxigraphStore(folder)
    try:
        text = (
            hk.load(store=store, include_packaged=False)
            .query("SELECT ?s ?o WHERE { ?s ?p ?o }")
            .to_dataframe()
            .to_csv()
        )
    finally:
        store.close()
    assert "Escuela Primaria América" in text
    assert "person-student-prepa-94" not in text  # its one statement was the name
    assert not _shows_name(text)


def test_validate_still_reports_the_file(leak):
    report = hk.validate(leak)
    found = [r for r in report.results if r.shape == SHAPE]
    assert report.has_violations and len(found) >= 8
    assert not _shows_name(str(report) + report.to_csv() + report.to_json())


def test_uploads_and_graphs_are_withheld_too():
    graph = rdflib.Graph().parse(data=LEAK, format="turtle")
    with pytest.warns(hk.PrivacyWarning):
        kept = withhold_graph(graph)
    assert len(graph) > len(kept) and not _shows_name(kept.serialize(format="nt"))
    import pyoxigraph as ox

    triples = [q.triple for q in ox.parse(LEAK.encode(), format=ox.RdfFormat.TURTLE)]
    with pytest.warns(hk.PrivacyWarning):
        sent = withhold_triples(triples)
    assert not _shows_name(" ".join(str(t) for t in sent))
    clean = rdflib.Graph().parse(data=PREFIXES + COMMON + CLEAN["student"], format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert withhold_graph(clean) is clean


@pytest.fixture(scope="module")
def site(leak, tmp_path_factory) -> Path:
    """The docs site of the packaged data plus the leaking file."""
    data = rdflib.Graph()
    for path in [*_paths.data_files(), leak]:
        data.parse(path, format="turtle")
    out = tmp_path_factory.mktemp("site")
    with pytest.warns(hk.PrivacyWarning):
        hk.build_site(out, data=data, answers={})
    return out


def test_no_docs_page_shows_the_name(site):
    pages = list(site.rglob("*.html"))
    person = [p for p in pages if "person-student-prepa-94" in p.name]
    assert person, "the curated student has a page"
    for page in pages:
        assert not _shows_name(page.read_text(encoding="utf-8")), page.name


# --------------------------------------------------------------------------- nothing ships


def _grams(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    words = re.findall(r"[a-z]+", "".join(c for c in plain if not unicodedata.combining(c)))
    return set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}


def _digest(gram: str) -> str:
    return hashlib.sha256(gram.encode()).hexdigest()[:16]


def _leaks(files: dict[str, bytes], digests: set[str] = WITHHELD) -> list[str]:
    """The files holding a word (or pair of words) of a withheld name; each gram hashed once."""
    grams = {}
    for name, raw in files.items():
        try:
            grams[name] = _grams(raw.decode("utf-8"))
        except UnicodeDecodeError:
            continue
    hits = {g for g in set().union(*grams.values()) if _digest(g) in digests}
    return sorted(name for name, found in grams.items() if found & hits)


def test_the_scan_finds_a_word_by_its_digest():
    probe = {"zyxwv", "zyxwv qutrop"}
    assert _grams("Zýxwv  QUTROP!") >= probe  # casefolded, accents stripped, pairs kept
    assert not {_digest(g) for g in probe} & WITHHELD
    files = {"a.html": b"<p>Zyxwv Qutrop</p>", "b.html": b"<p>a student</p>"}
    assert _leaks(files, {_digest("zyxwv qutrop")}) == ["a.html"]
    assert _leaks(files) == []
    assert len(WITHHELD) == 4 and all(re.fullmatch("[0-9a-f]{16}", d) for d in WITHHELD)


def test_no_withheld_name_in_the_git_tree():
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    files = {}
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if path.is_file() and path.stat().st_size < 5_000_000:
            files[name] = path.read_bytes()
    assert len(files) > 100
    assert _leaks(files) == []


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A wheel and an sdist built once from this tree (hatchling, no network)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def test_no_withheld_name_in_the_wheel_or_the_sdist(built):
    (wheel,) = built.glob("*.whl")
    (sdist,) = built.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    assert any(n.endswith("habitat-shapes.ttl") for n in files)
    assert _leaks(files) == []
    with tarfile.open(sdist) as archive:
        members = [m for m in archive.getmembers() if m.isfile() and m.size < 5_000_000]
        files = {m.name: archive.extractfile(m).read() for m in members}  # type: ignore[union-attr]
    assert any(n.endswith("data/news-events.ttl") for n in files)
    assert _leaks(files) == []


def test_no_withheld_name_in_the_docs_site(site):
    files = {str(p): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert len(files) > 50
    assert _leaks(files) == []


def test_the_packaged_compiled_rule_is_current_and_is_what_the_compiler_gives():
    """src/habitatkg/_privacy_rule.json (read instead of compiling, 0.2-0.3 s per process)."""
    kept = json.loads(privacy_module.RULE_FILE.read_text(encoding="utf-8"))
    assert kept["digest"] == privacy_module.rule_digest(), "run python tools/build_privacy_rule.py"
    compiled = privacy_module._queries(
        privacy_module._stamp(_paths.shapes_files()), privacy_module._stamp(_paths.data_files())
    )
    assert tuple(kept["queries"]) == compiled and len(compiled) >= 6
    assert privacy_module._compiled() == compiled


def test_a_stale_compiled_rule_is_not_used(tmp_path, monkeypatch):
    stale = tmp_path / "rule.json"
    stale.write_text(json.dumps({"digest": "0" * 64, "queries": ["ASK {}"]}), encoding="utf-8")
    monkeypatch.setattr(privacy_module, "RULE_FILE", stale)
    privacy_module._rule.cache_clear()
    try:
        assert "ASK {}" not in privacy_module._compiled() and len(privacy_module._compiled()) >= 6
    finally:
        privacy_module._rule.cache_clear()
