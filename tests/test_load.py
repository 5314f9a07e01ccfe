"""Reading RDF files: every format, and clear, all-or-nothing errors on bad input."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.compare import isomorphic

from habitatkg import _load, _paths
from habitatkg._errors import (
    DataFileNotFoundError,
    DataFormatError,
    EmptyDataError,
    HabitatKGError,
    LoadError,
    UnknownFormatError,
    UnknownTermError,
)
from habitatkg._formats import RDFFormat
from habitatkg._load import check_known_terms, read_rdf, read_rdf_files

HK = "https://w3id.org/habitatkg/ontology#"
HKD = "https://w3id.org/habitatkg/data/"

TURTLE = f"""@prefix hk: <{HK}> .
@prefix hkd: <{HKD}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

hkd:school-x a hk:School ;
    rdfs:label "Escuela X"@es ;
    hk:locatedIn hkd:place-y .
"""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a URL fails the test: loading must never touch the network."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)


@pytest.fixture
def expected() -> rdflib.Graph:
    return rdflib.Graph().parse(data=TURTLE, format="turtle")


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- formats ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "rdflib_format"),
    [
        (".ttl", "turtle"),
        (".nt", "nt"),
        (".jsonld", "json-ld"),
        (".json", "json-ld"),
        (".rdf", "xml"),
        (".owl", "xml"),
        (".xml", "xml"),
        (".trig", "trig"),
        (".nq", "nquads"),
    ],
)
def test_every_extension_reads_the_same_graph(
    tmp_path: Path, expected: rdflib.Graph, suffix: str, rdflib_format: str
) -> None:
    if rdflib_format in ("trig", "nquads"):
        dataset = rdflib.Dataset()
        named = dataset.graph(URIRef(f"{HKD}graph-1"))
        for triple in expected:
            named.add(triple)
        text = dataset.serialize(format=rdflib_format)
    else:
        text = expected.serialize(format=rdflib_format)
    graph = read_rdf(write(tmp_path / f"sample{suffix}", text))
    assert isomorphic(graph, expected)
    assert RDFFormat.from_path(f"x{suffix}").rdflib_name == rdflib_format


@pytest.mark.parametrize(
    "format", ["turtle", "ttl", ".ttl", "TTL", "text/turtle", RDFFormat.TURTLE]
)
def test_format_argument_overrides_the_extension(
    tmp_path: Path, expected: rdflib.Graph, format: object
) -> None:
    graph = read_rdf(write(tmp_path / "sample.txt", TURTLE), format=format)  # type: ignore[arg-type]
    assert isomorphic(graph, expected)


def test_format_enum_names_and_media_types() -> None:
    for member in RDFFormat:
        assert RDFFormat.from_name(member.value) is member
        assert RDFFormat.from_name(member.mime_type) is member
        assert RDFFormat.from_name(member.rdflib_name) is member
        assert member.extensions and all(
            RDFFormat.from_path(f"a{ext}") is member for ext in member.extensions
        )
    assert RDFFormat.from_name("json-ld") is RDFFormat.JSONLD
    assert RDFFormat.from_name("rdf/xml") is RDFFormat.RDFXML


# --- bad input --------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ttl"
    with pytest.raises(DataFileNotFoundError) as caught:
        read_rdf(missing)
    assert isinstance(caught.value, FileNotFoundError) and isinstance(caught.value, HabitatKGError)
    assert str(missing) in str(caught.value)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileNotFoundError, match="not a file"):
        read_rdf(tmp_path)


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "@prefix hk: <https://w3id.org/habitatkg/ontology#> .\n# only a comment\n"],
)
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "empty.ttl", text)
    with pytest.raises(EmptyDataError) as caught:
        read_rdf(path)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, LoadError)
    assert str(path) in str(caught.value) and "no triples" in str(caught.value)


@pytest.mark.parametrize("suffix", [".json", ".rdf", ".nt"])
def test_empty_file_in_other_formats(tmp_path: Path, suffix: str) -> None:
    text = {".json": "[]", ".rdf": "", ".nt": "# nothing\n"}[suffix]
    with pytest.raises(EmptyDataError):
        read_rdf(write(tmp_path / f"empty{suffix}", text))


@pytest.mark.parametrize("name", ["table.csv", "README", "data.ttl.bak"])
def test_unknown_extension(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, TURTLE)
    with pytest.raises(UnknownFormatError) as caught:
        read_rdf(path)
    message = str(caught.value)
    assert name in message and ".ttl" in message and "format=" in message
    assert isinstance(caught.value, ValueError)


def test_unknown_format_name(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError, match="unknown RDF format 'yaml'"):
        read_rdf(write(tmp_path / "x.ttl", TURTLE), format="yaml")


def test_broken_turtle_names_file_and_line(tmp_path: Path) -> None:
    lines = TURTLE.splitlines()
    lines[6] = '    rdfs:label "Escuela X"@es'  # line 7: the ';' is missing
    path = write(tmp_path / "broken.ttl", "\n".join(lines) + "\n")
    with pytest.raises(DataFormatError) as caught:
        read_rdf(path)
    error = caught.value
    assert error.line == 8  # the parser notices at the next statement's first token
    assert error.file == str(path)
    assert f"{path}, line 8" in str(error) and "Fix the file" in str(error)
    assert isinstance(error, ValueError)


def test_broken_turtle_unbound_prefix(tmp_path: Path) -> None:
    path = write(
        tmp_path / "prefix.ttl", '<https://e.org/a> <https://e.org/b> "c" .\n\nex:a ex:b ex:c .\n'
    )
    with pytest.raises(DataFormatError) as caught:
        read_rdf(path)
    assert caught.value.line == 3 and "ex:" in caught.value.message


def test_broken_ntriples_line(tmp_path: Path) -> None:
    text = (
        "<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n"
        "# comment\n"
        "<https://e.org/a> <https://e.org/b> .\n"
    )
    with pytest.raises(DataFormatError) as caught:
        read_rdf(write(tmp_path / "broken.nt", text))
    assert caught.value.line == 3


def test_broken_rdfxml_line(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="https://e.org/a">\n'
        "</rdf:RDF>\n"
    )
    with pytest.raises(DataFormatError) as caught:
        read_rdf(write(tmp_path / "broken.rdf", text))
    assert caught.value.line == 4


def test_broken_json_line(tmp_path: Path) -> None:
    text = '{\n  "@id": "https://e.org/a",\n  "https://e.org/b": "c",\n}\n'
    with pytest.raises(DataFormatError) as caught:
        read_rdf(write(tmp_path / "broken.jsonld", text))
    assert caught.value.line == 4 and "JSON" in str(caught.value)


def test_not_utf8(tmp_path: Path) -> None:
    text = TURTLE.replace("Escuela X", "Kanasín").encode("latin-1")
    with pytest.raises(DataFormatError, match="UTF-8") as caught:
        read_rdf(write(tmp_path / "latin1.ttl", text))
    assert caught.value.line == 6


# --- JSON-LD contexts: never fetched ------------------------------------------------------------


@pytest.mark.parametrize(
    "context",
    [
        "https://example.org/context.jsonld",
        ["https://schema.org/", {"ex": "https://e.org/"}],
        {"@import": "http://example.org/base-context.jsonld", "ex": "https://e.org/"},
        {"ex": {"@id": "https://e.org/ex", "@context": "https://example.org/scoped.jsonld"}},
    ],
)
def test_jsonld_remote_context_is_refused(tmp_path: Path, context: object) -> None:
    document = {"@context": context, "@id": "https://e.org/a", "https://e.org/b": "c"}
    path = write(tmp_path / "remote.jsonld", json.dumps(document, indent=1))
    with pytest.raises(DataFormatError) as caught:
        read_rdf(path)
    message = str(caught.value)
    assert "remote JSON-LD @context" in message
    assert "example.org" in message or "schema.org" in message
    assert str(path) in message and caught.value.line is not None


def test_jsonld_remote_context_in_a_nested_node_is_refused(tmp_path: Path) -> None:
    document = {
        "@id": "https://e.org/a",
        "https://e.org/b": {"@context": "https://example.org/c", "@id": "https://e.org/c"},
    }
    with pytest.raises(DataFormatError, match="remote JSON-LD @context"):
        read_rdf(write(tmp_path / "nested.json", json.dumps(document)))


def test_jsonld_published_habitatkg_context_is_read_from_the_package(tmp_path: Path) -> None:
    document = {
        "@context": "https://w3id.org/habitatkg/context.jsonld",
        "@id": "hkd:school-x",
        "@type": "hk:School",
    }
    graph = read_rdf(write(tmp_path / "ours.jsonld", json.dumps(document)))
    assert (URIRef(f"{HKD}school-x"), RDF.type, URIRef(f"{HK}School")) in graph
    assert _paths.jsonld_context_file().is_file()


def test_jsonld_local_context_file(tmp_path: Path) -> None:
    write(
        tmp_path / "ctx.jsonld",
        json.dumps({"@context": {"ex": "https://e.org/", "name": "ex:name"}}),
    )
    document = {"@context": "ctx.jsonld", "@id": "ex:a", "name": "Ana"}
    graph = read_rdf(write(tmp_path / "local.jsonld", json.dumps(document)))
    assert (URIRef("https://e.org/a"), URIRef("https://e.org/name"), Literal("Ana")) in graph


def test_jsonld_missing_local_context(tmp_path: Path) -> None:
    document = {"@context": "missing-ctx.jsonld", "@id": "https://e.org/a", "https://e.org/b": "c"}
    with pytest.raises(DataFormatError, match="does not exist"):
        read_rdf(write(tmp_path / "local.jsonld", json.dumps(document)))


def test_owl_imports_are_never_followed(tmp_path: Path) -> None:
    text = (
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://e.org/onto> a owl:Ontology ; owl:imports <https://example.org/remote.ttl> .\n"
    )
    assert len(read_rdf(write(tmp_path / "imports.ttl", text))) == 2


# --- several files: all or nothing --------------------------------------------------------------


def test_read_rdf_files_merges(tmp_path: Path) -> None:
    one = write(tmp_path / "one.ttl", TURTLE)
    two = write(
        tmp_path / "two.nt",
        '<https://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n',
    )
    merged = read_rdf_files([one, two])
    assert len(merged) == 4
    assert (URIRef("https://e.org/a"), RDFS.label, Literal("A")) in merged
    assert dict(merged.namespaces())["hkd"] == URIRef(HKD)


@pytest.mark.parametrize("order", ["bad-last", "bad-first", "bad-middle"])
def test_read_rdf_files_is_all_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: str
) -> None:
    good = write(tmp_path / "good.ttl", TURTLE)
    other = write(tmp_path / "other.ttl", '<https://e.org/a> <https://e.org/b> "c" .\n')
    bad = write(tmp_path / "bad.ttl", "<https://e.org/a> <https://e.org/b> .\n")
    files = {
        "bad-last": [good, other, bad],
        "bad-first": [bad, good, other],
        "bad-middle": [good, bad, other],
    }
    merges: list[object] = []
    original = rdflib.Graph.__iadd__

    def spy(self: rdflib.Graph, other_graph: rdflib.Graph) -> rdflib.Graph:
        merges.append(other_graph)
        return original(self, other_graph)

    monkeypatch.setattr(rdflib.Graph, "__iadd__", spy)
    with pytest.raises(DataFormatError) as caught:
        read_rdf_files(files[order])
    assert caught.value.file == str(bad) and caught.value.line == 1
    assert merges == [], "a graph was merged before every file had parsed"


# --- unknown hk: terms --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return read_rdf_files(_paths.ontology_files())


def test_known_terms_pass(tmp_path: Path, ontology: rdflib.Graph) -> None:
    check_known_terms(read_rdf(write(tmp_path / "ok.ttl", TURTLE)), ontology, source="ok.ttl")


def test_unknown_terms_are_listed_with_suggestions(tmp_path: Path, ontology: rdflib.Graph) -> None:
    text = TURTLE.replace("hk:School", "hk:Shcool").replace("hk:locatedIn", "hk:locatedInn")
    text += "hkd:school-x hk:educationalLevel hk:Primery .\nhkd:q hk:zzzzqqqq 1 .\n"
    path = write(tmp_path / "typos.ttl", text)
    with pytest.raises(UnknownTermError) as caught:
        check_known_terms(read_rdf(path), ontology, source=path)
    error = caught.value
    assert error.terms == tuple(
        sorted(f"{HK}{name}" for name in ("Shcool", "locatedInn", "Primery", "zzzzqqqq"))
    )
    assert error.suggestions[f"{HK}Shcool"] == f"{HK}School"
    assert error.suggestions[f"{HK}locatedInn"] == f"{HK}locatedIn"
    assert error.suggestions[f"{HK}Primery"] == f"{HK}Primary"
    assert error.suggestions[f"{HK}zzzzqqqq"] is None
    message = str(error)
    assert str(path) in message and "4 terms" in message
    assert "hk:Shcool (did you mean hk:School?)" in message
    assert "hk:locatedInn (did you mean hk:locatedIn?)" in message
    assert isinstance(error, ValueError) and isinstance(error, HabitatKGError)


def test_load_module_declares_no_network_helpers() -> None:
    assert {
        "https://w3id.org/habitatkg/context.jsonld",
        "http://w3id.org/habitatkg/context.jsonld",
    } == _load.PUBLISHED_CONTEXTS
