"""Write the statement-level provenance records ``data/provenance-*.ttl``.

Run from the repository root after changing the curated data::

    python tools/build_provenance.py

Bookkeeping only. For every curated triple (``data/*.ttl`` except the provenance files; the
source references and ``hk:source`` links are the older, node-level provenance and are not
statements of their own) it writes one ``rdf:Statement`` record (a stable IRI from the triple)
with ``hk:supportedBy`` to the source passages and ``hk:evidenceKind``:

* the passages are looked for only inside the source references the subject already cites
  (``hk:source``: document, section, page, chosen by the curators); inside each, the
  sentence of the shipped source text (``data/sources/``) that carries the object's own words
  (a literal's text or number, the label or name of a linked node) and most of the subject's
  words, nearest the section's heading;
* ``tools/provenance_overrides.tsv`` holds the passages the curators chose by hand for a
  statement (the quote, and the evidence kind with the reasoning) and wins over the search;
* where the object's words are in the passage, the evidence kind is ``hk:Stated``; where a
  Spanish text is not in the English source but its English label is, ``hk:Translation``;
  otherwise ``hk:DerivedByCurators`` with a reasoning that says what the passage does give.

Every quote is a verbatim slice of the shipped text (``tests/test_sources.py`` checks it),
with ``oa:prefix``/``oa:suffix`` when the quote alone occurs more than once.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HK = Namespace("https://w3id.org/habitatkg/ontology#")
HKD = Namespace("https://w3id.org/habitatkg/data/")
OA = Namespace("http://www.w3.org/ns/oa#")
SDG = "http://metadata.un.org/sdg/"
SEPARATOR = "=" * 78
EXTERNAL = {HKD["doc-inegi-geostatistical-framework"]}
STOP = {
    "the",
    "and",
    "for",
    "with",
    "from",
    "that",
    "this",
    "into",
    "their",
    "its",
    "are",
    "was",
    "were",
    "has",
    "have",
    "of",
    "in",
    "on",
    "to",
    "a",
    "an",
    "by",
    "as",
    "at",
    "or",
    "is",
    "be",
    "it",
    "which",
    "who",
    "what",
    "social",
    "model",
    "alberto",
    "bailleres",
    "foundation",
    "school",
    "schools",
    "name",
    "withheld",
    "report",
    "news",
}


def norm(text: str) -> str:
    """Text as the quote test compares it: no emphasis marks, plain quotes, single spaces.

    Args:
        text: Any text.

    Returns:
        The normalised text.
    """
    text = re.sub(r"\[®\]", "®", text)
    text = text.replace("\\(", "(").replace("\\)", ")")
    text = re.sub(r"<(https?://[^<>\s]+)>", r"\1", text)  # a web address is text
    text = re.sub(r"<[^<>]*>|\*+", " ", text)
    text = re.sub(r"\[([^\]]*)\]\(#?[^)]*\)", r"\1", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    plain = unicodedata.normalize("NFD", norm(text).casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 2 and w not in STOP}


@dataclass
class Source:
    iri: URIRef
    body: str  # normalised body
    sentences: list[tuple[int, str, str, set[str]]] = field(default_factory=list)
    paragraph: dict[int, set[str]] = field(default_factory=dict)  # sentence -> its line's words
    references: tuple[int, int] = (-1, -1)  # the report's References list

    def in_references(self, pos: int) -> bool:
        return self.references[0] <= pos < self.references[1]

    def count(self, quote: str) -> int:
        return self.body.count(quote)


def load_sources() -> dict[URIRef, Source]:
    out = {}
    for path in sorted((DATA / "sources").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        head, body = raw.split(SEPARATOR + "\n", 2)[1:]
        doc = re.search(r"Document in the knowledge graph: hkd:(\S+)", head)
        assert doc, path
        source = Source(HKD[doc.group(1)], norm(body.replace("\n", " \n ")))
        text = source.body
        skip = []  # the report's table of contents and index: lists of headings, not statements
        if source.iri == HKD["doc-report-2023"]:
            toc = text.find("Table of Contents")
            skip.append((toc, text.find("One of the approaches promoted most strongly", toc)))
            skip.append((text.rfind("Index Tables"), len(text)))
            source.references = (text.rfind("References - "), text.rfind("Index Tables"))
        cursor = 0  # a sentence that recurs ("Source: Own work (2023).") is found where it is
        for _start, line in _lines(body):
            line_words = words(line)
            for piece in _sentences(norm(line)):
                piece = piece.strip()
                if len(piece) > 2:
                    s = norm(piece)
                    pos = text.find(s, cursor)
                    if pos < 0:
                        pos = text.find(s)
                    else:
                        cursor = pos + len(s)
                    if pos >= 0 and not any(a <= pos < b for a, b in skip):
                        source.sentences.append((pos, s, fold(s), words(s)))
                        source.paragraph[pos] = line_words
        out[source.iri] = source
    return out


ABBREVIATION = re.compile(r"\b(?:Prof|Lic|Dr|Dra|Mr|Mrs|Ms|Sr|Sra|Ing|Mtro|Mtra|No)\.$")


def _sentences(line: str) -> list[str]:
    """A line cut at its full stops, except after a title ("Prof. Alfredo Ramírez")."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z¿¡\"“'(•-])", line):
        if out and ABBREVIATION.search(out[-1]):
            out[-1] = out[-1] + " " + piece
        else:
            out.append(piece)
    return out


def _lines(body: str):
    pos = 0
    for line in body.split("\n"):
        yield pos, line
        pos += len(line) + 1


@dataclass
class Ref:
    iri: URIRef
    doc: URIRef
    section: str
    anchor: int = -1
    end: int = -1


def heading_candidates(section: str) -> list[str]:
    s = re.sub(r"\s*\((?:chapter|[^)]*)\)", "", section)
    out = []
    m = re.match(r"(Table|Figure) (\d+)", s)
    if m:
        out.append(f"{m.group(1)} {m.group(2)}. ")
    m = re.match(r"(?:Box|Page|Pages|Message): ?(.*)", s)
    if m:
        out += [p.strip() for p in re.split(r";|\(", m.group(1)) if p.strip()]
    m = re.match(r"Chapter [IVX]+(?:\.[A-Z](?:\.\d)?)? (.*?)(?::.*)?$", s)
    if m:
        out.append(m.group(1))
    m = re.match(r"Chapter [IVX]+\.[A-Z], footnote (\d)", s)
    if m:
        out.append(" " + " ¹²³⁴⁵⁶⁷⁸⁹"[int(m.group(1))] + " ")
    m = re.match(r"Table (\d),(?: source and)? footnote (\d)", s)
    if m:
        out.insert(0, " " + " ¹²³⁴⁵⁶⁷⁸⁹"[int(m.group(2))] + " ")
    m = re.match(r"(?:Acknowledgment|Credits): (.*)", s)
    if m:
        out.append(m.group(1).split(",")[0])
    out.append(s)
    return out


def find_anchor(source: Source, ref: Ref, manual: dict[str, str]) -> int:
    cands = [manual[str(ref.iri)]] if str(ref.iri) in manual else heading_candidates(ref.section)
    text = source.body
    low = fold(text)
    start = 0
    if source.iri == HKD["doc-report-2023"] and str(ref.iri) not in manual:
        start = low.find(fold("I. Building a Dream: Transforming Through Education"), 20000)
    for cand in cands:
        needle = " " + fold(cand) + " " if cand.startswith(" ") else fold(cand)
        pos = low.find(needle, start)
        if pos >= 0:
            return pos
    return -1


def object_terms(g: rdflib.Graph, o) -> list[str]:
    if isinstance(o, Literal):
        value = o.toPython()
        if isinstance(o.value, bool):
            return []
        terms = [str(o)]
        if o.datatype in (XSD.decimal, XSD.integer, XSD.double):
            try:
                number = float(o)
            except ValueError:
                return terms
            if number == int(number):
                n = int(number)
                terms = [f"{n:,}", str(n)]
                if 0 <= n < len(NUMBER_WORDS):
                    terms.append(NUMBER_WORDS[n])
                elif n % 1000 == 0 and n // 1000 < len(NUMBER_WORDS):
                    terms.append(f"{NUMBER_WORDS[n // 1000]} thousand")
                if n >= 1_000_000 and n % 100_000 == 0:
                    terms.insert(0, f"{n / 1_000_000:g} million")
            else:
                terms = [f"{number:g}", f"{number:,}"]
        if o.datatype == XSD.date:
            d = value
            terms = [
                f"{d.strftime('%B')} {d.day}, {d.year}",
                f"{d.day} {d.strftime('%B')} {d.year}",
            ]
        return terms
    terms = []
    for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, HK.name, SKOS.notation):
        terms += sorted(str(x) for x in g.objects(o, p))
    iri = str(o)
    if iri.startswith(SDG):
        code = iri[len(SDG) :]
        if "." in code:
            terms = [f"Target {code}", code, *terms]
        else:
            terms = [f"SDG {code}", f"Goal {code}", *terms]
    short = []
    for t in terms:
        t2 = re.sub(r"\s*\(.*?\)\s*", " ", t).strip()
        if t2 and t2 != t:
            short.append(t2)
    return [t for t in dict.fromkeys(terms + short) if len(t) >= 2]


def subject_words(g: rdflib.Graph, s) -> set[str]:
    out: set[str] = set()
    for p in (RDFS.label, SKOS.altLabel, HK.name):
        for x in g.objects(s, p):
            out |= words(str(x))
    for target in g.objects(s, HK.quantityOf):
        for x in g.objects(target, RDFS.label):
            out |= words(str(x))
    return out


NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def own_terms(g: rdflib.Graph, s) -> list[str]:
    """The words that single out a figure's own sentence: its value, as written or in words."""
    if (s, RDF.type, HK.Quantity) not in g:
        return []
    return [t for value in g.objects(s, HK.value) for t in object_terms(g, value)]


def attribution_position(g: rdflib.Graph, src: Source, s) -> int:
    """Where the line attributing a testimonial ("(Mother)") starts: the first sentence in
    parentheses within a few lines after its text; -1 if the subject is no testimonial."""
    if (s, RDF.type, HK.Testimonial) not in g:
        return -1
    for text in sorted(str(t) for t in g.objects(s, HK.text)):
        at = src.body.find(norm(text))
        if at < 0:
            continue
        end = at + len(norm(text))
        for pos, sent, _folded, _words in src.sentences:
            if end <= pos < end + 250 and sent.startswith("("):
                return pos
    return -1


def contains(sentence: str, term: str, folded: str | None = None) -> bool:
    t = fold(term)
    if not t:
        return False
    text = folded if folded is not None else fold(sentence)
    if t not in text:
        return False
    # a whole word or number: not inside a longer one ("primary" in "pre-primary", "9" in "9,000")
    # (a plural counts: "educators" states "Educator")
    pattern = r"(?<![\w.-])" + re.escape(t) + r"(?:e?s)?(?![\w-]|[.,]\w)"
    return re.search(pattern, text) is not None


def window(sentence: str, term: str, size: int = 320) -> str:
    if len(sentence) <= size:
        return sentence
    pos = sentence.casefold().find(term.casefold()) if term else 0
    if pos < 0:
        pos = fold(sentence).find(fold(term))
    pos = max(pos, 0) + len(term) // 2
    start = max(0, pos - size // 2)
    end = min(len(sentence), start + size)
    start = max(0, end - size)
    while start > 0 and sentence[start - 1] != " ":
        start += 1
    while end < len(sentence) and sentence[end] != " ":
        end -= 1
    return sentence[start:end].strip()


@dataclass
class Choice:
    ref: Ref
    quote: str
    kind: URIRef
    reasoning: str | None = None
    at: int = -1  # where the quoted sentence starts in the body, when the search found it


def label_of(g: rdflib.Graph, node) -> str:
    for x in sorted(g.objects(node, RDFS.label)):
        if getattr(x, "language", None) in ("en", None):
            return str(x)
    if isinstance(node, Literal):
        return str(node)
    return str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def choose(g, sources, refs, s, p, o) -> list[Choice]:
    sw = subject_words(g, s)
    cand_refs = [refs[r] for r in sorted(g.objects(s, HK.source)) if r in refs]
    if p == RDF.type:
        terms = [t for x in sorted(g.objects(s, RDFS.label)) for t in object_terms(g, x)]
    else:
        terms = object_terms(g, o)
    long_text = isinstance(o, Literal) and len(str(o)) > 60
    own = own_terms(g, s)
    best: list = []
    for ref in cand_refs:
        if ref.doc not in sources:
            continue
        src = sources[ref.doc]
        ow = words(str(o)) if long_text else set()
        attribution = attribution_position(g, src, s) if p == HK.spokenBy else -1
        for pos, sent, folded, wset in src.sentences:
            if src.in_references(pos) != (ref.section == "References"):
                continue  # the References list supports only what is taken from it
            if ref.anchor < 0:
                inside, dist = True, 0
            else:
                inside = ref.anchor <= pos < ref.end
                dist = 0 if inside else min(abs(pos - ref.anchor), abs(pos - ref.end))
                if dist > 15000:
                    continue
            overlap = len(sw & wset)
            if long_text:
                share = len(ow & wset) / max(1, len(ow))
                found = False
                hit = None
                score = share * 60
            else:
                hit = next((t for t in terms if contains(sent, t, folded)), None)
                found = hit is not None
                # a sentence in a paragraph with none of the subject's words is weak evidence
                # when the value's word is short ("people" in a list of SDG targets for a
                # school's staff) or the sentence lies outside the subject's sections
                alone = not (sw & src.paragraph.get(pos, wset))
                if p == DCTERMS.source and sent.startswith("Source:"):
                    alone = False  # a table's or figure's source line names no subject words
                weak = found and alone and sw and (len(hit or "") < 10 or not inside)
                score = (40 if weak else 100) if found else 0
            score += (30 if inside else 0) + 2 * min(overlap, 6) - dist / 2000
            # the subject's own sentence: the one that gives a figure's value, or the line that
            # attributes a testimonial (a word of the value elsewhere nearby is no evidence)
            if any(contains(sent, t, folded) for t in own) or pos == attribution:
                score += 80
            best.append((score, found, ref, sent, hit, pos))
    if long_text or p == HK.text:
        # a long text (testimonial, definition, objective), or the text of a testimonial, is
        # stated when the source has it word for word; then the quote is the text itself
        for ref in cand_refs:
            src = sources.get(ref.doc)
            if src is not None and norm(str(o)) in src.body and len(norm(str(o))) <= 1500:
                return [Choice(ref, norm(str(o)), HK.Stated)]
    entry = _reference_entry(g, sources, cand_refs, s)
    if entry is not None:
        ref, quote = entry
        hit = next((t for t in terms if contains(quote, t)), None)
        return [_kind(g, s, p, o, ref, quote, hit is not None, quote)]
    if not best:
        return []
    best.sort(key=lambda b: (-b[0], str(b[2].iri), b[3]))
    out = []
    docs = set()
    for score, found, ref, sent, hit, pos in best:
        if ref.doc in docs:
            continue
        if out and not (found and score >= 130):
            break
        docs.add(ref.doc)
        choice = _kind(g, s, p, o, ref, window(sent, hit or ""), found, sent)
        choice.at = pos
        out.append(choice)
    return out


def _reference_entry(g, sources, cand_refs, s) -> tuple[Ref, str] | None:
    """The whole entry of the report's References list for a document cited there.

    A document the curators take from the References list (its alternative label is the
    citation key, "UNESCO (2020a)") is stated by its entry as a whole: author, year, title,
    publisher and web address. The sentence search would cut the entry at its full stops.
    """
    for ref in cand_refs:
        if ref.section != "References" or ref.doc not in sources:
            continue
        body = sources[ref.doc].body
        start = body.rfind("References - ")
        for key in sorted(str(x) for x in g.objects(s, SKOS.altLabel)):
            pos = body.find("- " + key + ".", start)
            if start < 0 or pos < 0:
                continue
            end = body.find(" - ", pos + 2)
            end = body.find(" Index", pos) if end < 0 else end
            return ref, body[pos + 2 : end].strip()
    return None


def _kind(g, s, p, o, ref, quote, found, sent) -> Choice:
    slabel = label_of(g, s)
    lang = getattr(o, "language", None)
    if p == RDF.type:
        return Choice(
            ref,
            quote,
            HK.DerivedByCurators,
            f"The curators classify {slabel} as {label_of(g, o)} from how this passage names "
            "and describes it; the class is the ontology's, not the source's word.",
        )
    if (
        found
        and isinstance(o, Literal)
        and o.datatype not in (XSD.date,)
        and not _exact_in(o, quote)
    ):
        if lang == "es" and not _folded_in(o, quote):
            pass
        elif _folded_in(o, quote):
            return Choice(
                ref,
                quote,
                HK.DerivedByCurators,
                f"The passage writes this name or text with other accents or capitals; the "
                f'curators give the corrected spelling "{o}".',
            )
    if found and not (lang == "es" and not contains(sent, str(o))):
        return Choice(ref, quote, HK.Stated)
    if lang == "es" and ref.doc != HKD["doc-report-2023-es"]:
        return Choice(
            ref,
            quote,
            HK.Translation,
            f"Spanish rendering by the curators of the English words of this passage "
            f'(source in English); the Spanish text "{o}" is not in the source.',
        )
    if p == RDFS.comment:
        return Choice(
            ref, quote, HK.DerivedByCurators, "A note the curators wrote on this passage."
        )
    if p in (RDFS.label, SKOS.altLabel) or (isinstance(o, Literal) and len(str(o)) > 60):
        return Choice(
            ref,
            quote,
            HK.DerivedByCurators,
            f"The curators' wording of what this passage says about {slabel}; "
            "it is not a verbatim quote of the source.",
        )
    return Choice(
        ref,
        quote,
        HK.DerivedByCurators,
        f'Curators\' reading of this passage (section "{ref.section}") about {slabel}: the '
        f"passage does not use the words of the value ({label_of(g, o)}); the curators "
        "derived it from what the passage and its section say.",
    )


def _exact_in(o: Literal, quote: str) -> bool:
    if o.datatype in (XSD.integer, XSD.decimal, XSD.double):
        return True
    return norm(str(o)).casefold() in norm(quote).casefold()


def _folded_in(o: Literal, quote: str) -> bool:
    return fold(str(o)) in fold(quote)


def stmt_iri(s, p, o) -> URIRef:
    key = f"{s.n3()} {p.n3()} {o.n3()}"
    return HKD["stmt-" + hashlib.sha1(key.encode()).hexdigest()[:16]]


def load_overrides() -> dict[tuple[str, str, str], list[dict[str, str]]]:
    path = ROOT / "tools" / "provenance_overrides.tsv"
    out: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(
            (line for line in f if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE
        ):
            out[(row["subject"], row["predicate"], row["object"])].append(row)
    return out


def expand(g: rdflib.Graph, curie: str) -> str:
    if curie.startswith("<"):
        return curie[1:-1]
    prefix, local = curie.split(":", 1)
    return str(dict(g.namespaces())[prefix]) + local


def main() -> int:
    sources = load_sources()
    g = rdflib.Graph()
    files = [p for p in sorted(DATA.glob("*.ttl")) if not p.name.startswith("provenance-")]
    per_file: dict[str, rdflib.Graph] = {}
    onto = rdflib.Graph()
    for path in sorted((ROOT / "ontology").rglob("*.ttl")):
        onto.parse(path)
    for path in files:
        part = rdflib.Graph().parse(path)
        per_file[path.stem] = part
        g += part
    full = g + onto
    manual_path = ROOT / "tools" / "provenance_anchors.tsv"
    manual = {}
    if manual_path.exists():
        for line in manual_path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                k, v = line.split("\t", 1)
                manual[str(HKD[k])] = v
    refs: dict[URIRef, Ref] = {}
    for r in g.subjects(RDF.type, HK.SourceReference):
        ref = Ref(r, g.value(r, HK.inDocument), str(g.value(r, HK.section)))
        if ref.doc in sources:
            ref.anchor = find_anchor(sources[ref.doc], ref, manual)
            if ref.anchor < 0:
                print("no anchor:", r.rsplit("/", 1)[-1], "|", ref.section, file=sys.stderr)
        refs[r] = ref
    by_doc: dict[URIRef, list[int]] = defaultdict(list)
    for ref in refs.values():
        if ref.anchor >= 0:
            by_doc[ref.doc].append(ref.anchor)
    for ref in refs.values():
        if ref.anchor >= 0:
            later = [a for a in by_doc[ref.doc] if a > ref.anchor + 40]
            ref.end = min(later) if later else len(sources[ref.doc].body)
    overrides = load_overrides()
    ns_g = rdflib.Graph()
    for part in per_file.values():
        for prefix, ns in part.namespaces():
            ns_g.bind(prefix, ns, override=False)
    resolved_overrides = {
        (URIRef(expand(ns_g, k[0])), URIRef(expand(ns_g, k[1])), k[2]): v
        for k, v in overrides.items()
    }
    stats = defaultdict(int)
    used: set = set()
    for stem, part in per_file.items():
        out = rdflib.Graph()
        out.bind("hk", HK)
        out.bind("hkd", HKD)
        out.bind("oa", OA)
        for s, p, o in sorted(part):
            if p == HK.source or (s, RDF.type, HK.SourceReference) in g:
                continue
            if any(r for r in g.objects(s, HK.source)) and all(
                g.value(r, HK.inDocument) in EXTERNAL for r in g.objects(s, HK.source)
            ):
                stats["external"] += 1
                continue
            if p == HK.inegiCode:
                stats["external"] += 1
                continue
            key = (s, p, o.n3(ns_g.namespace_manager))
            if key in resolved_overrides:
                used.add(key)
                choices = [
                    Choice(
                        refs[URIRef(expand(ns_g, row["reference"]))],
                        norm(row["quote"]),
                        HK[row["kind"]],
                        row.get("reasoning") or None,
                    )
                    for row in resolved_overrides[key]
                ]
                stats["chosen by hand"] += 1
            else:
                choices = choose(full, sources, refs, s, p, o)
            if not choices:
                print("no passage:", s, p, o, file=sys.stderr)
                stats["unsupported"] += 1
                continue
            st = stmt_iri(s, p, o)
            out.add((st, RDF.type, RDF.Statement))
            out.add((st, RDF.subject, s))
            out.add((st, RDF.predicate, p))
            out.add((st, RDF.object, o))
            kinds = {c.kind for c in choices}
            kind = HK.Stated if HK.Stated in kinds else sorted(kinds)[0]
            out.add((st, HK.evidenceKind, kind))
            stats[str(kind).rsplit("#", 1)[-1]] += 1
            for c in choices:
                if c.reasoning and kind != HK.Stated:
                    out.add((st, HK.reasoning, Literal(c.reasoning, lang="en")))
                out.add((st, HK.supportedBy, add_passage(out, sources, c)))
        target = DATA / f"provenance-{stem}.ttl"
        tmp = target.with_suffix(".tmp")
        header = (
            f"# habitatkg provenance records for data/{stem}.ttl — written by "
            "tools/build_provenance.py; do not edit by hand\n"
            "# (change tools/provenance_overrides.tsv or the curated data and run it again).\n"
            "# One rdf:Statement per curated triple: hk:supportedBy its source passages\n"
            "# (oa:TextQuoteSelector quotes of data/sources/*.txt), hk:evidenceKind and\n"
            "# hk:reasoning.\n"
            "# Licence: CC BY-SA 4.0 (see LICENSE-DATA.md); quotes from the sources named in\n"
            "# data/sources.ttl (the report is CC BY-SA 3.0 IGO, UNESCO).\n"
        )
        tmp.write_text(header + out.serialize(format="turtle"), encoding="utf-8")
        tmp.replace(target)
    print(dict(stats))
    unused = set(resolved_overrides) - used
    if unused:
        print("overrides matching no curated statement:", sorted(unused), file=sys.stderr)
        return 1
    return 0


def add_passage(out: rdflib.Graph, sources: dict[URIRef, Source], c: Choice) -> URIRef:
    src = sources[c.ref.doc]
    prefix = suffix = None
    if src.count(c.quote) > 1:
        # the quote alone is ambiguous: keep the words around the occurrence nearest the anchor
        positions = [m.start() for m in re.finditer(re.escape(c.quote), src.body)]
        near = c.at if c.at >= 0 else max(c.ref.anchor, 0)
        pos = min(positions, key=lambda x: abs(x - near))
        prefix = src.body[max(0, pos - 40) : pos]
        suffix = src.body[pos + len(c.quote) : pos + len(c.quote) + 40]
    key = f"{c.ref.iri}|{prefix}|{c.quote}|{suffix}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    passage = HKD["passage-" + digest]
    selector = HKD["quote-" + digest]
    out.add((passage, RDF.type, HK.Passage))
    out.add((passage, OA.hasSource, c.ref.doc))
    out.add((passage, HK.withinReference, c.ref.iri))
    out.add((passage, OA.hasSelector, selector))
    out.add((selector, RDF.type, OA.TextQuoteSelector))
    out.add((selector, OA.exact, Literal(c.quote)))
    if prefix is not None:
        out.add((selector, OA.prefix, Literal(prefix)))
        out.add((selector, OA.suffix, Literal(suffix)))
    return passage


if __name__ == "__main__":
    raise SystemExit(main())
