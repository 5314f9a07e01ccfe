"""Hostile and broken input files through every entry point: one clear error, never a crash.

Each attack file goes through every entry point (API load, into memory and into an oxigraph
store, validate, and the CLI's validate, load --store, query --data, export --data and
docs --data) in a child process with a memory cap and a per-case time limit
(``tests/hostile_runner.py``): an interpreter abort, a hang, a traceback or a second line on
standard error fails the test. JSON-LD remote contexts point at a real HTTP server on
127.0.0.1 that counts the requests it gets: it must get none.
"""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pytest

import habitatkg as hk
from habitatkg import _gate
from habitatkg._errors import DataFormatError, InputLimitError

RUNNER = Path(__file__).with_name("hostile_runner.py")
SRC = Path(__file__).resolve().parents[1] / "src"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ENTRIES = [
    "api-load",
    "api-load-store",
    "api-validate",
    "cli-validate",
    "cli-load-store",
    "cli-query",
    "cli-export",
    "cli-docs",
]


def run_entry(entry: str, files: list[Path], out: Path, timeout: float = 240) -> list[dict]:
    """Run one entry point on every file in a child process; its JSON records."""
    out.mkdir(parents=True, exist_ok=True)
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "HOME": str(out)}
    done = subprocess.run(
        [sys.executable, str(RUNNER), entry, str(out), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**__import__("os").environ, **env},
    )
    records = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and len(records) == len(files), (
        f"{entry}: the child process died (exit {done.returncode}) after {len(records)} of "
        f"{len(files)} cases: {done.stderr[-800:]}"
    )
    return records


def _rdfxml(body: str, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0"?>\n{doctype}\n<rdf:RDF xmlns:rdf="{RDF}" '
        f'xmlns:ex="http://example.org/">\n{body}\n</rdf:RDF>\n'
    )


def xml_attacks(folder: Path) -> dict[str, Path]:
    """The RDF/XML attacks of the issue, each small, and their expected refusal."""
    folder.mkdir(parents=True, exist_ok=True)
    levels = "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' if i else '<!ENTITY l0 "ha">' for i in range(10)
    )
    cases = {
        # a 1 KB "billion laughs": 2 * 10**9 characters if expanded
        "laughs.rdf": _rdfxml(
            '<rdf:Description rdf:about="http://example.org/x"><ex:p>&l9;</ex:p></rdf:Description>',
            f"<!DOCTYPE rdf:RDF [{levels}]>",
        ),
        # quadratic blowup: one 50 KB entity referenced 40,000 times (2 GB)
        "quadratic.rdf": _rdfxml(
            '<rdf:Description rdf:about="http://example.org/x"><ex:p>'
            + "&big;" * 40_000
            + "</ex:p></rdf:Description>",
            f'<!DOCTYPE rdf:RDF [<!ENTITY big "{"x" * 50_000}">]>',
        ),
        # the same spread over many elements: each literal small, 400 MB in all
        "quadratic-spread.rdf": _rdfxml(
            "".join(
                f'<rdf:Description rdf:about="http://example.org/x{i}"><ex:p>&big;&big;</ex:p>'
                "</rdf:Description>"
                for i in range(4_000)
            ),
            f'<!DOCTYPE rdf:RDF [<!ENTITY big "{"x" * 50_000}">]>',
        ),
        # 100,000 levels of nesting (3.6 MB)
        "deep.rdf": _rdfxml(
            "<rdf:Description><ex:p>" * 50_000 + "x" + "</ex:p></rdf:Description>" * 50_000
        ),
        "external-file.rdf": _rdfxml(
            '<rdf:Description rdf:about="http://example.org/x"><ex:p>&x;</ex:p></rdf:Description>',
            '<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        ),
        "external-http.rdf": _rdfxml(
            '<rdf:Description rdf:about="http://example.org/x"><ex:p>&x;</ex:p></rdf:Description>',
            '<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
        ),
        "parameter-entity.rdf": _rdfxml(
            '<rdf:Description rdf:about="http://example.org/x"><ex:p>x</ex:p></rdf:Description>',
            '<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
        ),
    }
    paths = {}
    for name, text in cases.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def attacks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return xml_attacks(tmp_path_factory.mktemp("xml"))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory, attacks, context_server):
    """Every hostile file through every entry point: one child process per entry point."""
    folder = tmp_path_factory.mktemp("hostile")
    jsonld = jsonld_variants(context_server, folder)
    broken = broken_values(folder / "broken")
    files = [*attacks.values(), *jsonld, *broken.values()]
    _Counter.hits.clear()
    result = {}
    for entry in ENTRIES:
        records = run_entry(entry, files, folder / entry)
        result[entry] = {
            "xml": records[: len(attacks)],
            "jsonld": records[len(attacks) : len(attacks) + len(jsonld)],
            "broken": records[len(attacks) + len(jsonld) :],
            "hits": list(_Counter.hits),
        }
    return result


@pytest.mark.parametrize("entry", ENTRIES)
def test_xml_attacks_are_refused_at_every_entry_point(entry, outcomes):
    for record in outcomes[entry]["xml"]:
        assert record["outcome"] == "clear", record
        assert record["file"] in record["message"], record
        assert "Traceback" not in record["stderr"], record
        assert record["seconds"] < 20, record
        assert len(record["message"]) < 600, record


def test_the_gate_names_the_attack_and_its_line(attacks):
    expected = {
        "laughs.rdf": "defined through other entities",
        "quadratic.rdf": "expan",
        "quadratic-spread.rdf": "expan",
        "deep.rdf": "nested more than 1,000 deep",
        "external-file.rdf": "external entity &x;",
        "external-http.rdf": "external entity &x;",
        "parameter-entity.rdf": "parameter entity %p;",
    }
    for name, words in expected.items():
        with pytest.raises(InputLimitError) as caught:
            _gate.admit(attacks[name])
        assert words in caught.value.message, (name, caught.value)
        assert caught.value.line is not None and caught.value.line >= 1


def test_plain_entities_as_owl_files_use_them_still_work(tmp_path):
    owl = tmp_path / "plain.rdf"
    owl.write_text(
        _rdfxml(
            '<rdf:Description rdf:about="&ex;a"><ex:p rdf:resource="&ex;b"/></rdf:Description>',
            '<!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/">]>',
        ),
        encoding="utf-8",
    )
    kg = hk.load(owl, include_packaged=False)
    assert kg.query("ASK { <http://example.org/a> ?p <http://example.org/b> }").boolean
    nested = tmp_path / "nested-ok.rdf"
    nested.write_text(
        _rdfxml("<rdf:Description><ex:p>" * 200 + "x" + "</ex:p></rdf:Description>" * 200),
        encoding="utf-8",
    )
    assert len(hk.load(nested, include_packaged=False)) == 200


# ---------------------------------------------------------------------------------------------
# JSON-LD remote contexts: the network is never used


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        body = json.dumps({"@context": {"p": "http://example.org/p"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def context_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def jsonld_variants(base: str, folder: Path) -> list[Path]:
    node = {"@id": "http://example.org/a", "p": "v"}
    variants = {
        "string": {"@context": f"{base}/c1", **node},
        "list": {"@context": [f"{base}/c2", {"q": "http://example.org/q"}], **node},
        "import": {"@context": {"@import": f"{base}/c3"}, **node},
        "scoped": {
            "@context": {"t": {"@id": "http://example.org/t", "@context": f"{base}/c4"}},
            "@id": "http://example.org/a",
            "t": {"p": "v"},
        },
        "type-scoped": {
            "@context": {"T": {"@id": "http://example.org/T", "@context": f"{base}/c5"}},
            "@id": "http://example.org/a",
            "@type": "T",
            "p": "v",
        },
        "nested-node": {
            "@context": {"k": "http://example.org/k"},
            "@id": "http://example.org/a",
            "k": {"@context": f"{base}/c6", **node},
        },
        "graph": {"@graph": [{"@context": f"{base}/c7", **node}]},
        "https": {"@context": f"https://127.0.0.1:{base.rsplit(':', 1)[1]}/c8", **node},
        "import-in-list": {"@context": [{"@import": f"{base}/c9"}], **node},
        "protocol-relative-import": {
            "@context": {"@import": "//127.0.0.1:" + base.rsplit(":", 1)[1] + "/c10"},
            **node,
        },
        "local-then-remote": {"@context": "ctx-remote.jsonld", **node},
    }
    (folder / "ctx-remote.jsonld").write_text(
        json.dumps({"@context": {"@import": f"{base}/c11"}}), encoding="utf-8"
    )
    paths = []
    for name, document in variants.items():
        path = folder / f"remote-{name}.jsonld"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("entry", ENTRIES)
def test_remote_jsonld_contexts_are_never_fetched(entry, outcomes):
    assert outcomes[entry]["hits"] == [], (
        f"{entry} (or one before it) fetched {outcomes[entry]['hits']}"
    )
    for record in outcomes[entry]["jsonld"]:
        assert record["outcome"] in ("clear", "ok"), record
        assert "Traceback" not in record["stderr"], record


def test_remote_context_refusals_name_the_file(context_server, tmp_path):
    refused = 0
    for path in jsonld_variants(context_server, tmp_path):
        try:
            hk.load(path, include_packaged=False)
        except DataFormatError as error:
            refused += 1
            assert path.name in str(error) or "ctx-remote" in str(error)
            assert "network" in str(error) or "@context" in str(error) or "IRI" in str(error)
    assert refused >= 9
    assert _Counter.hits == []


# ---------------------------------------------------------------------------------------------
# Broken values: ill-typed literals, invalid IRIs, huge literals


def broken_values(folder: Path) -> dict[str, Path]:
    cases = {
        "ill-typed.ttl": "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://example.org/a> <http://example.org/b> "abc"^^xsd:integer .\n',
        "ill-typed-date.nt": '<http://example.org/a> <http://example.org/b> "2023-13-45"'
        "^^<http://www.w3.org/2001/XMLSchema#date> .\n",
        "ill-typed.jsonld": json.dumps(
            {
                "@id": "http://example.org/a",
                "http://example.org/b": {
                    "@value": "abc",
                    "@type": "http://www.w3.org/2001/XMLSchema#decimal",
                },
            }
        ),
        "ill-typed.rdf": _rdfxml(
            '<rdf:Description rdf:about="http://example.org/a"><ex:b rdf:datatype='
            '"http://www.w3.org/2001/XMLSchema#boolean">maybe</ex:b></rdf:Description>'
        ),
        "tab-in-id.jsonld": '{"@id": "http://example.org/a\\tb", "http://example.org/p": "v"}',
        "space-in-id.jsonld": '{"@id": "http://example.org/a b", "http://example.org/p": "v"}',
        "deep.jsonld": "[" * 100_000 + "]" * 100_000,
        "deep-objects.jsonld": '{"http://example.org/p": ' * 5_000 + '"x"' + "}" * 5_000,
        "huge-literal.ttl": '<http://example.org/a> <http://example.org/b> "'
        + "y" * (17 * 2**20)
        + '" .\n',
        "huge-long-string.ttl": '<http://example.org/a> <http://example.org/b> """'
        + ("y" * 1000 + "\n") * (9 * 2**10)
        + '""" .\n',
    }
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in cases.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.mark.parametrize("entry", ENTRIES)
def test_broken_values_give_one_clear_error(entry, outcomes):
    for record in outcomes[entry]["broken"]:
        assert record["outcome"] == "clear", record
        assert "Traceback" not in record["stderr"], record
        assert "No problems" not in record["stderr"], record
        assert record["file"] in record["message"], record
        assert len(record["message"]) < 600, record


def test_ill_typed_literal_is_one_error_with_its_line(tmp_path, capfd):
    files = broken_values(tmp_path)
    with pytest.raises(DataFormatError) as caught:
        hk.validate(files["ill-typed.ttl"])
    assert caught.value.line == 2
    assert "'abc' is not a valid xsd:integer" in str(caught.value)
    with pytest.raises(DataFormatError) as again:
        hk.load(files["ill-typed.ttl"], include_packaged=False)
    assert again.value.message == caught.value.message  # the same rule, the same words
    assert "Traceback" not in capfd.readouterr().err


def test_literal_limit_is_clear_and_equal_everywhere(tmp_path):
    files = broken_values(tmp_path)
    messages = set()
    for call in (
        lambda f: hk.load(f, include_packaged=False),
        hk.validate,
    ):
        with pytest.raises(InputLimitError) as caught:
            call(files["huge-literal.ttl"])
        messages.add(caught.value.message)
    assert messages == {f"a term is longer than {_gate.MAX_LITERAL_BYTES:,} bytes"}


def test_long_label_arguments_are_refused_quickly_and_not_echoed():
    kg = hk.load()
    label = "Kanasín " * 1_300_000  # about 10 MB
    for call in (
        lambda: kg.find(label),
        lambda: kg.entity(label),
        lambda: kg.reach(locality=label),
    ):
        with pytest.raises(InputLimitError) as caught:
            call()
        assert len(str(caught.value)) < 200
        assert "the limit is 10,000" in str(caught.value)
