"""Build ``data/sources/*.txt`` from the three primary source texts.

Run from the repository root::

    python tools/make_sources.py /work/shared/seeds

It repairs the news release's broken encoding (two words), replaces the names of the
student (news release) and of the child (Huejotzingo story) by their role, and writes each
text after a header giving its origin, licence, attribution and both changes. The names are
found by the SHA-256 digests of their words (the same digests the privacy guard uses); they
are never written here.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import sys
import unicodedata
from pathlib import Path

# First 16 hex digits of the SHA-256 of each casefolded, accent-free word (or word pair) of
# the withheld names.
WITHHELD = {"103f9732c8656548", "b967a6d4f6194606", "e846ef781e000e2d", "ce0fee7e61f9c74f"}

SEPARATOR = "=" * 78

SOURCES = {
    "news-2023.txt": {
        "seed": "000_9d93e213e9aca4b2.txt",
        "document": "hkd:doc-news-2023",
        "title": (
            "UNESCO presents the experience of the Social Model of Alberto Baillères "
            "Foundation to strengthen educational habitats"
        ),
        "publisher": "UNESCO Office in Mexico (news release), Mexico City, 27 June 2023",
        "licence": "UNESCO news text; quoted here for attribution of the curated data",
        "role": "[a student of Preparatoria Oficial 94, name withheld]",
        "repairs": {"KanasÃn": "Kanasín", "MarÃa": "María"},
    },
    "report-2023.txt": {
        "seed": "001_31dff9646ed864fc.txt",
        "document": "hkd:doc-report-2023",
        "title": (
            "Transforming Through Education: Contributions of the Alberto Baillères Foundation "
            "Social Model in Light of the 2030 Agenda"
        ),
        "publisher": "UNESCO Office in Mexico, 2023 (text extracted from the PDF)",
        "licence": (
            "CC BY-SA 3.0 IGO (http://creativecommons.org/licenses/by-sa/3.0/igo/); "
            "attribution: UNESCO Office in Mexico and the Alberto Baillères Foundation, 2023"
        ),
        "role": "[name withheld]",
        "repairs": {},
    },
    "huejotzingo-2021.txt": {
        "seed": "002_76e4b9d0cddeee73.txt",
        "document": "hkd:doc-huejotzingo-2021",
        "title": "GNLC Awardee: Huejotzingo (multimedia story)",
        "publisher": (
            "UNESCO Institute for Lifelong Learning, 2021, "
            "https://unesco-uil.pageflow.io/gnlc-awardee-huejotzingo"
        ),
        "licence": "UNESCO; quoted here for attribution of the curated data",
        "role": "[a child of the Children's Participation Council of Huejotzingo, name withheld]",
        "repairs": {},
    },
}


def _plain(word: str) -> str:
    text = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def withhold(text: str, role: str) -> tuple[str, int]:
    """Replace each run of words of a withheld name by ``role``.

    Args:
        text: The source text.
        role: What to write instead.

    Returns:
        The new text and the number of runs replaced.

    Example:
        >>> withhold("My name is Ana.", "[name withheld]")
        ('My name is Ana.', 0)
    """
    tokens = list(re.finditer(r"[^\W\d_]+", text))
    hit = [_digest(_plain(m.group())) in WITHHELD for m in tokens]
    for i, (a, b) in enumerate(itertools.pairwise(tokens)):
        between = text[a.end() : b.start()]
        if (
            between.strip() == ""
            and _digest(f"{_plain(a.group())} {_plain(b.group())}") in WITHHELD
        ):
            hit[i] = hit[i + 1] = True
    spans: list[list[int]] = []
    for i, m in enumerate(tokens):
        if not hit[i]:
            continue
        if spans and hit[i - 1] and text[tokens[i - 1].end() : m.start()].strip() == "":
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    for start, end in reversed(spans):
        text = text[:start] + role + text[end:]
    return text, len(spans)


def build(seeds: Path, out: Path) -> None:
    """Write the three shipped source texts.

    Args:
        seeds: The folder with the original texts.
        out: ``data/sources``.
    """
    out.mkdir(parents=True, exist_ok=True)
    for name, info in SOURCES.items():
        text = (seeds / info["seed"]).read_text(encoding="utf-8")
        for broken, fixed in info["repairs"].items():
            text = text.replace(broken, fixed)
        if "Ã" in text:
            raise SystemExit(f"{info['seed']}: broken encoding left after repair")
        text, runs = withhold(text, info["role"])
        changes = []
        if info["repairs"]:
            changes.append(
                "Encoding repaired: "
                + ", ".join(f"{v}" for v in info["repairs"].values())
                + " (the original shows them garbled)."
            )
        if runs:
            changes.append(
                f"Name withheld: {runs} occurrence(s) of a person's name replaced by "
                f"{info['role']}, the role the curated data records (privacy)."
            )
        header = [
            f"Title: {info['title']}",
            f"Publisher: {info['publisher']}",
            f"Document in the knowledge graph: {info['document']}",
            f"Licence: {info['licence']}",
            "Shipped with habitatkg so that every quote in data/provenance-*.ttl can be "
            "checked against its source. Text as extracted, otherwise unchanged.",
            *changes,
        ]
        body = SEPARATOR + "\n" + "\n".join(header) + "\n" + SEPARATOR + "\n" + text
        tmp = out / (name + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(out / name)


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(__file__).resolve().parent.parent / "data" / "sources")
