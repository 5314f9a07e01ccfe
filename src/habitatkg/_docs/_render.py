"""Render the ontology reference page (``index.html``) from a :class:`SiteModel`.

One ``<article id="LocalName">`` per class, property, concept scheme and concept, in that
order, after an overview of the ontology's metadata and a diagram of the main classes; then
the SDG goals and targets and the sources and licence.

Example:
    >>> import rdflib
    >>> from habitatkg._docs._model import build_model
    >>> html = render_index(build_model(rdflib.Graph()))
    >>> html.startswith("<!DOCTYPE html>")
    True
"""

from __future__ import annotations

from html import escape

from habitatkg._docs._html import UI, anchor, bi, links, page, pieces, term_link, ui
from habitatkg._docs._model import HK, SiteModel, Term, compact
from habitatkg._docs._shapes import Constraint
from habitatkg._docs._svg import PALETTE, Node, bipartite_svg, class_diagram, cycle_svg

QUESTIONS_PAGE = "questions.html"
ONTOLOGY_FILE = "habitatkg-ontology.ttl"
_SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
_ORG_ROLE = "http://www.w3.org/ns/org#Role"
#: Families of classes, by the hk: class they descend from (the last one catches the rest).
FAMILIES = (
    ("Agent", "Agents", "Agentes"),
    ("Place", "Places", "Lugares"),
    ("Activity", "Activities", "Actividades"),
    ("Document", "Documents", "Documentos"),
    ("", "Concepts (SKOS schemes, roles)", "Conceptos (esquemas SKOS, roles)"),
    ("", "Other entities and plans", "Otras entidades y planes"),
)
_SECTIONS = (
    "overview",
    "diagram",
    "classes",
    "object",
    "datatype",
    "annotation",
    "schemes",
    "individuals",
    "sdg",
    "sources",
)
_RELATION = {
    "supers": ("subclass of", "subclase de"),
    "equivalents": ("equivalent to", "equivalente a"),
}


def family(model: SiteModel, iri: str) -> int:
    """The index in :data:`FAMILIES` of the family a class belongs to.

    Args:
        model: The site model.
        iri: A class IRI.

    Returns:
        An index into :data:`FAMILIES`.
    """
    seen: set[str] = set()
    todo = [iri]
    ancestors: set[str] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        ancestors.add(current)
        if current in model.terms:
            todo.extend(model.terms[current].supers + model.terms[current].equivalents)
    for i, (local, _, _) in enumerate(FAMILIES[:4]):
        if HK + local in ancestors:
            return i
    return 4 if ancestors & {_SKOS_CONCEPT, _ORG_ROLE} else 5


def _row(key: str, value_html: str) -> str:
    return f"<tr><th>{ui(key)}</th><td>{value_html}</td></tr>" if value_html else ""


def _alignments(model: SiteModel, term: Term) -> str:
    property_kind = term.kind in {"object", "datatype", "annotation"}
    items = []
    for attr in ("supers", "equivalents"):
        en, es = _RELATION[attr]
        if property_kind:
            en, es = en.replace("class", "property"), es.replace("clase", "propiedad")
        for iri in getattr(term, attr):
            if iri in term.alignments:
                items.append(f"{bi(en, es)} {term_link(model, iri)}")
    return "<br>".join(items)


def _constraint_item(model: SiteModel, constraint: Constraint, show_target: bool) -> str:
    head = ""
    if show_target:
        head = (
            bi_html(
                pieces(model, constraint.target, "en"), pieces(model, constraint.target_es, "es")
            )
            + ": "
        )
    elif constraint.path is not None:
        head = term_link(model, constraint.path) + ": "
    badge = (
        "" if constraint.severity == "Violation" else f' <span class="badge">{ui("warning")}</span>'
    )
    text = bi_html(pieces(model, constraint.en, "en"), pieces(model, constraint.es, "es"))
    langs = {lang for _, lang in constraint.messages}
    messages = ""
    for message, lang in constraint.messages:
        switched = " t" if {"en", "es"} <= langs and lang in ("en", "es") else ""
        lang_attr = f' lang="{escape(lang)}"' if lang else ""
        messages += (
            f'<div class="msg{switched}"{lang_attr}>{ui("message")}: {escape(message)}</div>'
        )
    return f"<li>{head}{text}{badge}{messages}</li>"


def bi_html(en_html: str, es_html: str) -> str:
    """Like :func:`bi` but for HTML that is already escaped.

    Args:
        en_html: English HTML.
        es_html: Spanish HTML.

    Returns:
        HTML.
    """
    if en_html == es_html:
        return en_html
    return f'<span class="t" lang="en">{en_html}</span><span class="t" lang="es">{es_html}</span>'


def _examples(model: SiteModel, term: Term) -> str:
    if term.kind not in {"class", "concept", "object", "datatype", "annotation"}:
        return ""
    title = ui("examples" if term.kind != "concept" else "used_by")
    if not term.example_count:
        return f"<h4>{title}</h4><p>{ui('none_in_data')}</p>"
    items = []
    for iri, label in term.examples:
        if label:
            en, es = model.labels.get(iri, (label, None))
            items.append(f"<li>{bi(en, es)} <code>{escape(compact(iri))}</code></li>")
        else:
            items.append(f"<li>{escape(iri)}</li>")
    shown, total = len(term.examples), term.example_count
    count = " " + bi(f"({shown} of {total})", f"({shown} de {total})") if total > shown else ""
    return f"<h4>{title}{count}</h4><ul>{''.join(items)}</ul>"


def term_article(model: SiteModel, term: Term) -> str:
    """One term's section: labels, definition, links, alignments, SHACL rules, examples.

    Args:
        model: The site model.
        term: The term.

    Returns:
        An ``<article id="LocalName">``.
    """
    hk_supers = [i for i in term.supers if i in model.terms]
    is_prop = term.kind in {"object", "datatype", "annotation"}
    rows = [
        f'<tr><th>{ui("label_en")}</th><td lang="en">{escape(term.label_en)}</td></tr>',
        f'<tr><th>{ui("label_es")}</th><td lang="es">{escape(term.label_es)}</td></tr>',
        _row("type", links(model, [t for t in term.types if t in model.terms])),
        _row("scheme", links(model, term.scheme)),
        _row("notation", f"<code>{escape(term.notation)}</code>" if term.notation else ""),
        _row("order", str(term.order) if term.order is not None else ""),
        _row("superprops" if is_prop else "supers", links(model, hk_supers)),
        _row("subprops" if is_prop else "subs", links(model, term.subs)),
        _row("equivalent", links(model, [i for i in term.equivalents if i not in term.alignments])),
        _row("alignments", _alignments(model, term)),
        _row("domain", links(model, term.domain)),
        _row("range", links(model, term.range)),
        _row("inverse", links(model, term.inverse)),
        _row("in_domain_of", links(model, term.in_domain_of)),
        _row("in_range_of", links(model, term.in_range_of)),
        _row("broader", links(model, term.broader)),
        _row("narrower", links(model, term.narrower)),
        _row("next", links(model, term.next_phase)),
        _row("targets", links(model, term.targets)),
        _row("goals", links(model, term.goals)),
        _row("indicators", links(model, term.indicators)),
    ]
    rules = ""
    if term.constraints:
        show_target = is_prop
        items = "".join(_constraint_item(model, c, show_target) for c in term.constraints)
        rules = f'<h4>{ui("constraints")}</h4><ul class="rules">{items}</ul>'
    definition = bi(term.definition_en, term.definition_es, "p", ' class="definition"')
    return (
        f'<article class="term" id="{escape(term.local)}">'
        f'<div class="kind">{ui("kind_" + term.kind)}</div>'
        f"<h3>{bi(term.label_en, term.label_es)} <code>{escape(compact(term.iri))}</code></h3>"
        f'<div class="iri">{escape(term.iri)}</div>'
        f"{definition}"
        f'<table class="props">{"".join(rows)}</table>{rules}{_examples(model, term)}</article>'
    )


def _overview(model: SiteModel) -> str:
    meta = model.meta
    title = bi(meta.title.get("en", "habitatkg"), meta.title.get("es"))
    description = bi(meta.description.get("en", ""), meta.description.get("es"), "p")
    licence = "<br>".join(
        f'<a class="ext" href="{escape(i)}" rel="license noopener">{escape(_licence_name(i))}</a>'
        for i in meta.licence
    )
    rows = [
        _row("title", title),
        _row("iri", f"<code>{escape(meta.iri)}</code>" if meta.iri else ""),
        _row(
            "version",
            f"{escape(meta.version)} <code>{escape(meta.version_iri)}</code>"
            if meta.version
            else "",
        ),
        _row("namespace", f"<code>{escape(meta.prefix)}: &lt;{escape(meta.namespace)}&gt;</code>"),
        _row("licence", licence),
        _row("rights", "<br>".join(escape(r) for r in meta.rights)),
        _row("creators", ", ".join(escape(c) for c in meta.creators)),
        _row("created", escape(meta.created)),
        _row("modified", escape(meta.modified)),
        _row("imports", "<br>".join(f"<code>{escape(i)}</code>" for i in meta.imports)),
        _row(
            "source_list",
            "<ul>" + "".join(f"<li>{escape(s)}</li>" for s in meta.sources) + "</ul>"
            if meta.sources
            else "",
        ),
        _row(
            "download", f'<a href="{ONTOLOGY_FILE}" download>{escape(ONTOLOGY_FILE)}</a> (Turtle)'
        ),
    ]
    counts = [
        (len(model.classes), "classes"),
        (len(model.object_properties), "object"),
        (len(model.datatype_properties), "datatype"),
        (len(model.schemes), "schemes"),
        (sum(len(m) for m in model.scheme_members.values()), "concepts"),
    ]
    summary = ", ".join(
        f'<a href="#sec-{key if key != "concepts" else "schemes"}">{n} {ui(key)}</a>'
        for n, key in counts
    )
    return (
        f'<section id="sec-overview"><h2>{ui("overview")}</h2>{description}<p>{summary}; '
        f'<a href="{QUESTIONS_PAGE}">{ui("questions")}</a>.</p><table class="props">{"".join(rows)}</table></section>'
    )


def _licence_name(iri: str) -> str:
    if "creativecommons.org/licenses/" in iri:
        parts = [p for p in iri.split("creativecommons.org/licenses/", 1)[1].split("/") if p]
        return f"CC {parts[0].upper()} {parts[1] if len(parts) > 1 else ''}".strip() + f" ({iri})"
    return iri


def _diagram(model: SiteModel) -> str:
    edges: list[tuple[str, str, str, str]] = []
    for iri in model.object_properties:
        term = model.terms[iri]
        for d in term.domain:
            for r in term.range:
                if (
                    d in model.terms
                    and r in model.terms
                    and model.terms[d].kind == model.terms[r].kind == "class"
                ):
                    edges.append((d, r, term.label_en, term.label_es))
    keys = sorted({k for a, b, _, _ in edges for k in (a, b)})
    nodes = [
        Node(k, "#" + anchor(k), model.terms[k].label_en, model.terms[k].label_es, family(model, k))
        for k in keys
    ]
    svg = class_diagram(nodes, edges, title_en=UI["diagram"][0], title_es=UI["diagram"][1])
    used = sorted({n.family for n in nodes})
    legend = "".join(
        f'<span><i style="background:{PALETTE[i]}"></i>{bi(FAMILIES[i][1], FAMILIES[i][2])}</span>'
        for i in used
    )
    note = bi(
        "Boxes are classes, arrows are object properties from their domain to their range. Click a box to open its class.",
        "Las cajas son clases; las flechas, propiedades de objeto de su dominio a su rango. Pulse una caja para abrir su clase.",
        "p",
    )
    return f'<section id="sec-diagram"><h2>{ui("diagram")}</h2>{note}<div class="legend">{legend}</div><div class="diagram-wrap">{svg}</div></section>'


def _scheme_section(model: SiteModel, iri: str) -> str:
    scheme = model.terms[iri]
    members = model.scheme_members.get(iri, [])
    is_guidelines = scheme.local == "StrategicGuidelines"
    with_targets = is_guidelines or any(model.terms[c].targets for c in members)
    with_indicators = any(model.terms[c].indicators for c in members)
    head = f"<tr><th>{ui('notation')}</th><th>{ui('concept')}</th><th>{ui('definition')}</th>"
    head += (
        (f"<th>{ui('targets')}</th>" if with_targets else "")
        + (f"<th>{ui('indicators')}</th>" if with_indicators else "")
        + "</tr>"
    )
    rows = []
    for concept_iri in members:
        concept = model.terms[concept_iri]
        rows.append(
            f"<tr><td>{escape(concept.notation or (str(concept.order) if concept.order is not None else ''))}</td>"
            f"<td>{term_link(model, concept_iri)}</td><td>{bi(concept.definition_en, concept.definition_es)}</td>"
            + (f"<td>{links(model, concept.targets)}</td>" if with_targets else "")
            + (f"<td>{links(model, concept.indicators)}</td>" if with_indicators else "")
            + "</tr>"
        )
    table = f'<table class="scheme">{head}{"".join(rows)}</table>' if rows else ""
    extra = ""
    if any(model.terms[c].next_phase for c in members):
        items = [
            ("#" + anchor(c), model.terms[c].label_en, model.terms[c].label_es) for c in members
        ]
        extra += (
            '<div class="diagram-wrap">'
            + cycle_svg(
                items,
                title_en=scheme.label_en,
                title_es=scheme.label_es,
                uid=f"cycle-{scheme.local}",
            )
            + "</div>"
        )
    if with_targets and members:
        extra += _target_diagram(model, scheme, members)
    concepts = "".join(term_article(model, model.terms[c]) for c in members)
    return (
        term_article(model, scheme).replace("</article>", f"{table}{extra}</article>", 1) + concepts
    )


def _target_diagram(model: SiteModel, scheme: Term, members: list[str]) -> str:
    targets = [t for t in model.sdg if any(t in model.terms[c].targets for c in members)]
    title_en = f"{scheme.label_en} \u2192 SDG targets"
    title_es = f"{scheme.label_es} \u2192 metas ODS"
    if not targets:
        note = bi(
            "The curated data links no concept of this scheme to an SDG target yet (hk:servesTarget).",
            "Los datos curados aún no vinculan ningún concepto de este esquema con una meta ODS (hk:servesTarget).",
            "p",
        )
        return f"<h4>{bi(title_en, title_es)}</h4>{note}"
    left = [
        ("#" + anchor(c), _prefixed(model.terms[c], "en"), _prefixed(model.terms[c], "es"))
        for c in members
    ]
    right = [
        ("#" + anchor(t), _target_label(model, t, "SDG"), _target_label(model, t, "ODS"))
        for t in targets
    ]
    pairs = [
        (i, targets.index(t))
        for i, c in enumerate(members)
        for t in model.terms[c].targets
        if t in targets
    ]
    svg = bipartite_svg(
        left,
        right,
        pairs,
        title_en=title_en,
        title_es=title_es,
        right_tooltips=[model.label(t) for t in targets],
        uid=f"sdg-{scheme.local}",
    )
    return f'<h4>{bi(title_en, title_es)}</h4><div class="diagram-wrap">{svg}</div>'


def _target_label(model: SiteModel, iri: str, word: str) -> str:
    """``SDG 4.7 By 2030, ensure that all learners…``: the notation and the start of the title."""
    notation = model.sdg_notation[iri]
    title = model.label(iri)
    if title.startswith(notation):
        title = title[len(notation) :].strip(" .")
    if title.startswith("Goal "):
        title = title.split(".", 1)[-1].strip()
    short = title if len(title) <= 48 else title[:47].rstrip(" ,") + "\u2026"
    return f"{word} {notation}" + (
        f" \u2014 {short}" if short and not short.startswith("http") else ""
    )


def _prefixed(term: Term, lang: str) -> str:
    label = term.label_en if lang == "en" else term.label_es
    return f"{term.notation}. {label}" if term.notation and term.notation.isdigit() else label


def _sdg_section(model: SiteModel) -> str:
    if not model.sdg:
        return ""
    served_by: dict[str, list[str]] = {}
    for term in model.terms.values():
        for target in [*term.targets, *term.goals]:
            served_by.setdefault(target, []).append(term.iri)
    rows = []
    for iri in model.sdg:
        rows.append(
            f'<tr id="{escape(anchor(iri))}"><td><code>{escape(model.sdg_notation[iri])}</code></td>'
            f'<td lang="en">{escape(model.label(iri))}<div class="iri">{escape(iri)}</div></td>'
            f"<td>{links(model, sorted(served_by.get(iri, []), key=lambda i: model.terms[i].label_en))}</td></tr>"
        )
    head = f"<tr><th>{ui('notation')}</th><th>{ui('title')}</th><th>{bi('Served by', 'Contribuyen')}</th></tr>"
    note = bi(
        "Official English titles of the UN Sustainable Development Goals and targets named in the sources.",
        "Títulos oficiales en inglés de los Objetivos y metas de Desarrollo Sostenible de la ONU citados en las fuentes.",
        "p",
    )
    return f'<section id="sec-sdg"><h2>{ui("sdg")}</h2>{note}<table>{head}{"".join(rows)}</table></section>'


def _sources_section(model: SiteModel) -> str:
    docs = "".join(
        f"<li>{escape(d.label)} <code>{escape(compact(d.iri))}</code>"
        + (f" \u2014 {escape(', '.join(d.publisher))}" if d.publisher else "")
        + (f" ({escape(d.date)})" if d.date else "")
        + (
            f' <a class="ext" href="{escape(d.url)}" rel="noopener">{escape(d.url)}</a>'
            if d.url and d.url.startswith(("http://", "https://"))
            else ""
        )
        + "</li>"
        for d in model.documents
    )
    text = bi(
        "The ontology and the curated dataset are published under the Creative Commons Attribution-ShareAlike 4.0 "
        "International licence (CC BY-SA 4.0). They are derived from the report Transforming Through Education "
        "(UNESCO Office in Mexico, 2023), published under CC BY-SA 3.0 IGO, and shared alike with attribution. "
        "Every curated statement points to its source (document, chapter, table or page) through hk:source.",
        "La ontología y el conjunto de datos curado se publican con la licencia Creative Commons "
        "Atribución-CompartirIgual 4.0 Internacional (CC BY-SA 4.0). Derivan del informe Transformar a través de "
        "la educación (Oficina de la UNESCO en México, 2023), publicado con CC BY-SA 3.0 IGO, y se comparten igual "
        "con atribución. Cada afirmación curada remite a su fuente (documento, capítulo, tabla o página) mediante hk:source.",
        "p",
    )
    licences = (
        '<ul><li><a class="ext" href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license noopener">CC BY-SA 4.0</a> '
        f"\u2014 {bi('ontology and curated data', 'ontología y datos curados')}</li>"
        '<li><a class="ext" href="https://creativecommons.org/licenses/by-sa/3.0/igo/" rel="noopener">CC BY-SA 3.0 IGO</a> '
        f"\u2014 {bi('the UNESCO report they derive from', 'el informe de la UNESCO del que derivan')}</li></ul>"
    )
    sources = "".join(f"<li>{escape(s)}</li>" for s in model.meta.sources)
    curated = (
        f"<h3>{bi('Documents in the curated data', 'Documentos en los datos curados')}</h3><ul>{docs}</ul>"
        if docs
        else ""
    )
    return (
        f'<section id="sec-sources"><h2>{ui("sources")}</h2>{text}{licences}'
        f"<h3>{ui('source_list')}</h3><ul>{sources}</ul>{curated}</section>"
    )


def nav(model: SiteModel, page_name: str = "") -> str:
    """The table of contents shared by the pages.

    Args:
        model: The site model.
        page_name: ``""`` on the reference page itself, else the reference page's file name.

    Returns:
        A ``<ul>``.
    """
    groups = {
        "classes": model.classes,
        "object": model.object_properties,
        "datatype": model.datatype_properties,
        "annotation": model.annotation_properties,
        "schemes": model.schemes,
        "individuals": model.individuals,
        "sdg": model.sdg,
    }
    items = []
    for key in _SECTIONS:
        members = groups.get(key)
        if members is not None and not members:
            continue
        sub = ""
        if members and key not in {"sdg"}:
            sub = (
                "<ul>"
                + "".join(f"<li>{term_link(model, i, page_name)}</li>" for i in members)
                + "</ul>"
            )
        items.append(f'<li><a href="{page_name}#sec-{key}">{ui(key)}</a>{sub}</li>')
    items.insert(2, f'<li><a href="{QUESTIONS_PAGE}">{ui("questions")}</a></li>')
    return "<ul>" + "".join(items) + "</ul>"


def render_index(model: SiteModel) -> str:
    """The whole reference page.

    Args:
        model: The site model.

    Returns:
        HTML.
    """
    parts = [_overview(model), _diagram(model) if model.object_properties else ""]
    for key, iris in (
        ("classes", model.classes),
        ("object", model.object_properties),
        ("datatype", model.datatype_properties),
        ("annotation", model.annotation_properties),
    ):
        if iris:
            parts.append(
                f'<section id="sec-{key}"><h2>{ui(key)}</h2>'
                + "".join(term_article(model, model.terms[i]) for i in iris)
                + "</section>"
            )
    if model.schemes:
        parts.append(
            f'<section id="sec-schemes"><h2>{ui("schemes")}</h2>'
            + "".join(_scheme_section(model, s) for s in model.schemes)
            + "</section>"
        )
    in_schemes = {c for members in model.scheme_members.values() for c in members}
    loose = [i for i in model.individuals if i not in in_schemes] + sorted(
        (t.iri for t in model.terms.values() if t.kind == "concept" and t.iri not in in_schemes),
        key=lambda i: model.terms[i].label_en,
    )
    if loose:
        parts.append(
            f'<section id="sec-individuals"><h2>{ui("individuals")}</h2>'
            + "".join(term_article(model, model.terms[i]) for i in loose)
            + "</section>"
        )
    parts += [_sdg_section(model), _sources_section(model)]
    return page(
        title_en=model.meta.title.get("en", "habitatkg ontology"),
        title_es=model.meta.title.get("es", model.meta.title.get("en", "ontología habitatkg")),
        subtitle=f"{ui('reference')} \u00b7 {escape(model.meta.version)} \u00b7 <code>{escape(model.meta.namespace)}</code>",
        nav=nav(model),
        body="".join(parts),
        footer=footer(model),
    )


def footer(model: SiteModel) -> str:
    """The footer: licence and where the page comes from.

    Args:
        model: The site model.

    Returns:
        HTML.
    """
    return (
        bi(
            f"Generated by habitatkg from the ontology{' ' + model.meta.version if model.meta.version else ''}; "
            "ontology and data under CC BY-SA 4.0, derived from a CC BY-SA 3.0 IGO report.",
            f"Generado por habitatkg a partir de la ontología{' ' + model.meta.version if model.meta.version else ''}; "
            "ontología y datos con licencia CC BY-SA 4.0, derivados de un informe CC BY-SA 3.0 IGO.",
        )
        + ' <a href="#top">\u2191</a>'
    )
