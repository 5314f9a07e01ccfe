"""The N-Triples fast load (habitatkg._quickload) against the exact per-triple scan.

The fast path may only ever say "fine" where the exact scan says so too, and must load the
same graph; everywhere else it must give the exact scan's own answer (same error, same text).
The files are generated from a fixed seed and made of the pieces that fool byte checks:
escaped quotes and backslashes, ``^^`` inside strings and comments, ``hk:`` IRIs inside
strings, ``\\u`` escapes in IRIs, ill-typed literals, CR line ends, syntax errors.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import habitatkg as hk
from habitatkg import _gate, _quickload
from habitatkg._errors import EmptyDataError, HabitatKGError
from habitatkg._load import scan_file

HK = "https://w3id.org/habitatkg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
KNOWN = {HK + "name", HK + "hasPartner", HK + "School", HK + "year"}

_STRING_PIECES = [
    "plain words",
    "Amado Nervo",
    "ü ñ",
    '\\"',
    "\\\\",
    "\\n",
    "\\t",
    "^^",
    '\\"^^<' + XSD + "integer>",
    "<" + HK + "Bogus>",
    "<" + HK + "name>",
    "\\u0041",
    "# not a comment",
]
_TYPED = [
    ("5", "integer"),
    (" 7 ", "integer"),
    ("abc", "integer"),
    ('1\\"2', "integer"),
    ("-3", "nonNegativeInteger"),
    ("2023", "gYear"),
    ("2023-13-40", "date"),
    ("2024-02-01", "date"),
    ("true", "boolean"),
    ("yes", "boolean"),
    ("1.5", "decimal"),
    ("x\\\\", "string"),
    ("4", "int"),
]


def _iri(rng: random.Random, clean: bool) -> str:
    if clean:
        return rng.choice(["<urn:s1>", "<urn:s2>", f"<{HK}School>", f"<{HK}Schol>"])
    return rng.choice(
        [
            "<urn:s1>",
            "<urn:s2>",
            f"<{HK}School>",
            f"<{HK}Schol>",
            "<https://w3id.org/habitatkg/ontology\\u0023Schol>",
            "<urn:caf\\u00e9>",
        ]
    )


def _object(rng: random.Random, clean: bool) -> str:
    kind = rng.random()
    if kind < 0.25:
        return _iri(rng, clean)
    if kind < 0.55:
        pieces = _STRING_PIECES[:3] if clean else _STRING_PIECES
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))
        return f'"{text}"' + rng.choice(["", "@en", "@es"])
    lexical, name = rng.choice(_TYPED)
    space = rng.choice(["", "", " "])
    return f'"{lexical}"{space}^^{space}<{XSD}{name}>'


def _line(rng: random.Random, clean: bool) -> str:
    kind = rng.random()
    if kind < 0.06:
        return "# a comment with " + rng.choice(_STRING_PIECES) + ' "9"^^<' + XSD + "integer>"
    if kind < 0.09:
        return ""
    if kind < 0.1:
        return "<urn:broken> <urn:p> ."  # a syntax error
    subject = rng.choice(["<urn:s1>", "<urn:s2>", "_:b1", "_:b2", _iri(rng, clean)])
    predicate = rng.choice(
        ["<urn:p>", f"<{HK}name>", f"<{HK}hasPartner>", f"<{HK}year>", f"<{HK}nmae>"]
    )
    line = f"{subject} {predicate} {_object(rng, clean)} ."
    if rng.random() < 0.05:
        line += ' # trailing "x"^^<' + XSD + "integer>"
    return line


def _file(rng: random.Random) -> str:
    end = rng.choice(["\n", "\n", "\r\n", "\r"])
    clean = rng.random() < 0.4  # no escapes: the files the fast path decides alone
    return end.join(_line(rng, clean) for _ in range(rng.randint(0, 6))) + rng.choice([end, ""])


def _graph(store: ox.Store) -> rdflib.Graph:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def _exact(path: Path) -> tuple[object, ox.Store]:
    store = ox.Store()
    try:
        count, used = scan_file(_gate.admit(path), namespace=HK, into=store)
        if count == 0:
            raise EmptyDataError(path)
    except HabitatKGError as error:
        return (type(error).__name__, str(error)), store
    return ("ok", frozenset(used - KNOWN)), store


def _quick(path: Path) -> tuple[object, ox.Store]:
    store = ox.Store()
    try:
        used = _quickload.load_checked(_gate.admit(path), namespace=HK, known=KNOWN, into=store)
    except HabitatKGError as error:
        return (type(error).__name__, str(error)), store
    return ("ok", frozenset(used - KNOWN)), store


def test_the_fast_load_agrees_with_the_exact_scan_on_2000_generated_files(
    tmp_path, summary, monkeypatch
):
    rng = random.Random(20261202)
    verdicts = {"ok": 0, "refused": 0}
    calls = _spy(monkeypatch)
    fast = 0
    for case in range(2000):
        path = tmp_path / f"case-{case}.nt"
        path.write_bytes(_file(rng).encode("utf-8"))
        if path.stat().st_size == 0:
            continue
        exact, exact_store = _exact(path)
        scanned = len(calls)
        quick, quick_store = _quick(path)
        fast += len(calls) == scanned
        assert quick == exact, path.read_text(encoding="utf-8")
        if exact[0] == "ok":
            verdicts["ok"] += 1
            assert isomorphic(_graph(quick_store), _graph(exact_store)), path.read_text()
        else:
            verdicts["refused"] += 1
    assert verdicts["ok"] > 200 and verdicts["refused"] > 200  # both kinds are exercised
    assert fast > 200  # and the fast path decided many of them
    summary(
        f"quick N-Triples load vs exact scan: {sum(verdicts.values())} generated files, "
        f"{verdicts['ok']} loaded, {verdicts['refused']} refused, 0 different; "
        f"{fast} decided without the exact scan"
    )


def _spy(monkeypatch) -> list[Path]:
    calls: list[Path] = []
    real = _quickload.scan_file

    def spy(admitted, **options):
        calls.append(admitted.path)
        return real(admitted, **options)

    monkeypatch.setattr(_quickload, "scan_file", spy)
    return calls


def test_a_clean_file_is_not_scanned_triple_by_triple(tmp_path, monkeypatch):
    calls = _spy(monkeypatch)
    path = tmp_path / "clean.nt"
    path.write_text(
        f'<urn:s> <{HK}name> "Escuela \\"Amado Nervo\\""@es .\n'
        f'<urn:s> <{HK}year> "2023"^^<{XSD}gYear> .\n'
        f"<urn:s> a <{HK}School> .\n".replace(
            " a ", " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        ),
        encoding="utf-8",
    )
    store = ox.Store()
    used = _quickload.load_checked(_gate.admit(path), namespace=HK, known=KNOWN, into=store)
    assert calls == [] and len(store) == 3
    assert used == {HK + "name", HK + "year", HK + "School"}


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (f'<urn:s> <{HK}nmae> "x" .\n', "an unknown term"),
        (f'<urn:s> <urn:p> "x"^^<{XSD}integer> .\n', "an ill-typed literal"),
        ('<urn:s> <urn:p> "a\\u0041" .\n', "an escape"),
        ('<urn:s> <urn:p> "a\\"^^b" .\n', "a ^^ inside a string"),
        ("# only a comment\n", "no triple line"),
        ("<urn:s> <urn:p> .\n", "a syntax error"),
    ],
)
def test_doubtful_files_go_to_the_exact_scan(tmp_path, monkeypatch, text, why):
    calls = _spy(monkeypatch)
    path = tmp_path / "doubt.nt"
    path.write_text(text, encoding="utf-8")
    exact, _ = _exact(path)
    quick, _ = _quick(path)
    assert quick == exact, why
    assert calls, why


def test_a_refused_file_leaves_the_knowledge_graph_as_it_was(tmp_path):
    good = tmp_path / "good.nt"
    good.write_text('<urn:a> <urn:p> "1" .\n', encoding="utf-8")
    bad = tmp_path / "bad.nt"
    bad.write_text(
        '<urn:b> <urn:p> "2" .\n' * 1000 + f'<urn:c> <urn:p> "x"^^<{XSD}integer> .\n',
        encoding="utf-8",
    )
    kg = hk.load(good, include_packaged=False)
    before = len(kg)
    with pytest.raises(hk.DataFormatError, match=r"bad\.nt.*line 1001.*ill-typed"):
        kg.add(bad)
    assert len(kg) == before
