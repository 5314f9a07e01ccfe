"""The source texts shipped in data/sources/ and the quotes of the provenance records.

Every quote (``oa:exact``, with ``oa:prefix``/``oa:suffix`` where given) of every source
passage in ``data/provenance-*.ttl`` is looked up in the text of its document. Comparison
ignores only what the text extraction added or varies: runs of whitespace, typographic
quotes, emphasis marks (``*``, ``<i>``) and HTML tags of extracted tables (a web address in
angle brackets is kept as text), and Markdown link syntax with its escaped parentheses.
Anything else (a changed word, a wrong document) fails.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from pathlib import Path

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from habitatkg import _paths

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
HK = rdflib.Namespace("https://w3id.org/habitatkg/ontology#")
HKD = "https://w3id.org/habitatkg/data/"
SEPARATOR = "=" * 78
# SHA-256 (first 16 hex digits) of the words of the withheld names, as in the privacy guard.
WITHHELD = {"103f9732c8656548", "b967a6d4f6194606", "e846ef781e000e2d", "ce0fee7e61f9c74f"}


def normalise(text: str) -> str:
    """Text as compared: see the module docstring."""
    text = text.replace("[®]", "®")
    text = text.replace("\\(", "(").replace("\\)", ")")
    text = re.sub(r"<(https?://[^<>\s]+)>", r"\1", text)  # a web address is text
    text = re.sub(r"<[^<>]*>|\*+", " ", text)
    text = re.sub(r"\[([^\]]*)\]\(#?[^)]*\)", r"\1", text)
    for fancy, plain in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def source_dir() -> Path:
    return _paths.resource_dir("data") / "sources"


def read_source(path: Path) -> tuple[dict[str, str], str]:
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith(SEPARATOR + "\n"), f"{path.name}: no header"
    head, body = raw[len(SEPARATOR) + 1 :].split(SEPARATOR + "\n", 1)
    fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    return fields, body


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """Document IRI -> normalised body."""
    out = {}
    for path in sorted(source_dir().glob("*.txt")):
        fields, body = read_source(path)
        doc = fields["Document in the knowledge graph"].replace("hkd:", HKD)
        out[doc] = normalise(body)
    return out


@pytest.fixture(scope="module")
def records() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in _paths.data_files():
        if path.name.startswith("provenance-"):
            graph.parse(path, format="turtle")
    return graph


def quotes(graph: rdflib.Graph):
    for passage in graph.subjects(rdflib.RDF.type, HK.Passage):
        doc = str(graph.value(passage, OA.hasSource))
        selector = graph.value(passage, OA.hasSelector)
        yield (
            passage,
            doc,
            str(graph.value(selector, OA.exact)),
            graph.value(selector, OA.prefix),
            graph.value(selector, OA.suffix),
        )


def found(body: str, exact: str, prefix: object = None, suffix: object = None) -> bool:
    needle = normalise(exact)
    if not needle or needle not in body:
        return False
    if prefix is None and suffix is None:
        return True
    # the context, where given, must be next to this occurrence (modulo whitespace)
    pattern = (
        re.escape(normalise(str(prefix or ""))) + r"\s*" + re.escape(needle) + r"\s*"
        + re.escape(normalise(str(suffix or "")))
    )  # fmt: skip
    return re.search(pattern, body) is not None


# --------------------------------------------------------------------------- the files


def test_three_sources_with_licence_and_attribution():
    files = sorted(p.name for p in source_dir().glob("*.txt"))
    assert files == ["huejotzingo-2021.txt", "news-2023.txt", "report-2023.txt"]
    report, _ = read_source(source_dir() / "report-2023.txt")
    assert "CC BY-SA 3.0 IGO" in report["Licence"]
    assert "UNESCO" in report["Licence"]
    for name in files:
        fields, body = read_source(source_dir() / name)
        assert {"Title", "Publisher", "Licence", "Document in the knowledge graph"} <= set(fields)
        assert len(body) > 4000, name


def test_encoding_repaired():
    fields, body = read_source(source_dir() / "news-2023.txt")
    assert "Encoding repaired" in "\n".join(f"{k}: {v}" for k, v in fields.items())
    assert not re.search("[\u00c3\u00c2\ufffd]", body)
    assert "Kanasín" in body and "María Guadalupe Barrera Cortina" in body


def _grams(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    words = re.findall(r"[a-z]+", "".join(c for c in plain if not unicodedata.combining(c)))
    return set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}


def test_withheld_names_replaced_by_role():
    for name, role in (
        ("news-2023.txt", "[a student of Preparatoria Oficial 94, name withheld]"),
        ("huejotzingo-2021.txt", "[a child of the Children's Participation Council"),
    ):
        fields, body = read_source(source_dir() / name)
        assert role in body, name
        assert "Name withheld" in "\n".join(fields) + "\n".join(fields.values())
    for path in source_dir().glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        leaked = {
            g for g in _grams(text) if hashlib.sha256(g.encode()).hexdigest()[:16] in WITHHELD
        }
        assert not leaked, f"{path.name}: a withheld name is in the text"


# --------------------------------------------------------------------------- the quotes


def test_every_quote_is_found_in_its_source(texts, records):
    missing = []
    n = 0
    for passage, doc, exact, prefix, suffix in quotes(records):
        n += 1
        assert doc in texts, f"{passage}: no shipped text for document {doc}"
        if not found(texts[doc], exact, prefix, suffix):
            missing.append((str(passage), exact[:80]))
    assert n > 500
    assert not missing, f"{len(missing)} quotes not found verbatim, e.g. {missing[:3]}"


def test_ambiguous_quotes_have_a_context(texts, records):
    for passage, doc, exact, prefix, suffix in quotes(records):
        if texts[doc].count(normalise(exact)) > 1:
            assert prefix is not None or suffix is not None, (passage, exact)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_changed_quote_is_not_found(texts, records, data):
    """The check fails on a quote that is not the source's: one word changed."""
    all_quotes = sorted((doc, exact) for _, doc, exact, _, _ in quotes(records) if " " in exact)
    doc, exact = data.draw(st.sampled_from(all_quotes))
    words = exact.split(" ")
    i = data.draw(st.integers(0, len(words) - 1))
    words[i] = words[i] + "zq"
    assert not found(texts[doc], " ".join(words))


def test_a_quote_in_the_wrong_document_is_not_found(texts):
    report = texts[HKD + "doc-report-2023"]
    story = texts[HKD + "doc-huejotzingo-2021"]
    quote = "decreasing illiteracy by 50 per cent"
    assert found(story, quote) and not found(report, quote)
