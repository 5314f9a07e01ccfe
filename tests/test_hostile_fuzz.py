"""Fuzzing the input gate: mutated copies of the packaged data and the test data files.

A fixed seed makes 300 mutated files (byte flips, cuts, duplicated spans, hostile tokens,
truncation, nesting bombs) from excerpts of ``data/*.ttl``, ``ontology/habitat.ttl`` and
``tests/data`` (also converted to N-Triples, RDF/XML and JSON-LD), and runs each through the
two parser paths every entry point uses (the store's load, :func:`habitatkg._add_sources`,
and the rdflib graph of validate and docs, :func:`habitatkg._load.read_rdf`) in a child
process with a memory cap and a time limit per case. Each case must end in success or in
one :class:`~habitatkg.HabitatKGError` naming the file: never another exception, an abort
or a hang.
"""

from __future__ import annotations

import random
from pathlib import Path

import rdflib

from habitatkg import _paths
from test_hostile_input import run_entry

SEED = 20261201
CASES = 300
TESTS_DATA = Path(__file__).with_name("data")
TOKENS = [
    "<",
    ">",
    '"',
    '"""',
    "'",
    "\\",
    "\\u00",
    "\\U0010FFFF",
    "\\U00110000",
    "@prefix x: <",
    "@base <",
    "^^",
    "^^xsd:integer",
    '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"-"^^xsd:decimal',
    "\t",
    "\x00",
    "&",
    '<!ENTITY a "b">',
    "&a;",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    '"@context": "http://127.0.0.1:9/c"',
    '"@id": "a\\tb"',
    ".",
    ";",
    ",",
    "_:",
    " a ",
    "#",
    "@",
    "<urn:a b>",
    "<>",
    "hk:",
    "xsd:",
    '"\\x"',
    "\r",
    "\u2028",
    "\ufeff",
    "🦜",
]


def seeds(folder: Path) -> list[Path]:
    """Small excerpts of the real files, in each format habitatkg reads."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    sources = [*_paths.data_files(), _paths.ontology_files()[0], *sorted(TESTS_DATA.rglob("*.ttl"))]
    out: list[Path] = []
    for number, source in enumerate(sources):
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
        header = [line for line in lines if line.startswith("@prefix")]
        body = [line for line in lines if not line.startswith("@prefix")]
        start = rng.randrange(max(1, len(body) - 120))
        chunk = body[start : start + 120]
        while chunk and chunk[0][:1] in (" ", "\t"):  # start at a subject
            chunk = chunk[1:]
        text = "".join(header + chunk)
        excerpt = folder / f"seed{number}.ttl"
        excerpt.write_text(text, encoding="utf-8")
        try:
            graph = rdflib.Graph().parse(data=text, format="turtle")
        except Exception:  # an excerpt cut mid-statement: still a fine seed as Turtle
            out.append(excerpt)
            continue
        out.append(excerpt)
        if number % 3 == 0:
            for suffix, fmt in ((".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld")):
                other = excerpt.with_suffix(suffix)
                other.write_text(graph.serialize(format=fmt), encoding="utf-8")
                out.append(other)
    return out


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(text) + 1)
        kind = rng.randrange(7)
        if kind == 0 and text:  # flip a character
            text = text[:where] + chr(rng.randrange(1, 0x2FF)) + text[where + 1 :]
        elif kind == 1:  # cut a span
            text = text[:where] + text[where + rng.randint(1, 200) :]
        elif kind == 2:  # duplicate a span
            text = text[:where] + text[where : where + rng.randint(1, 300)] * 2 + text[where:]
        elif kind == 3:  # a hostile token
            text = text[:where] + rng.choice(TOKENS) + text[where:]
        elif kind == 4:  # truncate
            text = text[:where]
        elif kind == 5:  # a nesting bomb of the file's own brackets
            opener = rng.choice(["[", "(", "{", "<rdf:Description><ex:p>", "[ <urn:p> "])
            text = text[:where] + opener * rng.choice([50, 5_000, 60_000]) + text[where:]
        else:  # swap two lines
            lines = text.splitlines(keepends=True)
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                text = "".join(lines)
    return text


def test_mutated_files_end_in_success_or_one_clear_error(tmp_path):
    rng = random.Random(SEED)
    bases = seeds(tmp_path / "seeds")
    (tmp_path / "cases").mkdir()
    files: list[Path] = []
    for number in range(CASES):
        base = rng.choice(bases)
        text = mutate(base.read_text(encoding="utf-8"), rng)
        case = tmp_path / "cases" / f"case{number:03d}{base.suffix}"
        raw = text.encode("utf-8", "surrogatepass")
        if rng.random() < 0.05:  # some invalid UTF-8
            cut = rng.randrange(len(raw) + 1)
            raw = raw[:cut] + b"\xff\xfe" + raw[cut:]
        case.write_bytes(raw)
        files.append(case)
    records = run_entry("gate", files, tmp_path / "out", timeout=600)
    outcomes = {"ok": 0, "clear": 0}
    for record in records:
        assert record["outcome"] in outcomes, record
        outcomes[record["outcome"]] += 1
        if record["outcome"] == "clear":
            assert record["file"] in record["message"], record
            assert len(record["message"]) < 1200, record
        assert "Traceback" not in record["stderr"], record
        assert record["seconds"] < 20, record
    assert outcomes["clear"] > CASES // 3  # the mutations do break most files
    assert sum(outcomes.values()) == CASES
