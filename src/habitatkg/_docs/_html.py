"""HTML building blocks: escaping, bilingual text, links to terms, the page frame, CSS and JS.

Everything is inline: the pages load nothing (no CDN, no web font, no external script), so the
site works when opened from disk. Bilingual text is written twice, ``<span class="t"
lang="en">`` and ``<span class="t" lang="es">``; the CSS shows the language named by the
``data-ui`` attribute of ``<html>`` (English without JavaScript), and a tiny inline script
switches it (buttons, ``?lang=es``) and remembers the choice.

Example:
    >>> bi("School", "Escuela")
    '<span class="t" lang="en">School</span><span class="t" lang="es">Escuela</span>'
    >>> bi("<b>", None)
    '<span lang="en">&lt;b&gt;</span>'
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from habitatkg._docs._model import HK, SiteModel, compact
from habitatkg._docs._shapes import Code, Piece, Ref

#: The user-interface strings in English and Spanish.
UI: dict[str, tuple[str, str]] = {
    "overview": ("Overview", "Resumen"),
    "diagram": ("Main classes and links", "Clases principales y vínculos"),
    "classes": ("Classes", "Clases"),
    "object": ("Object properties", "Propiedades de objeto"),
    "datatype": ("Datatype properties", "Propiedades de datos"),
    "annotation": ("Annotation properties", "Propiedades de anotación"),
    "schemes": ("Concept schemes", "Esquemas de conceptos"),
    "individuals": ("Other individuals", "Otros individuos"),
    "sdg": ("SDG goals and targets", "Objetivos y metas de los ODS"),
    "sources": ("Sources and licence", "Fuentes y licencia"),
    "source_list": ("Sources", "Fuentes"),
    "concepts": ("Concepts", "Conceptos"),
    "questions": ("Competency questions", "Preguntas de competencia"),
    "reference": ("Ontology reference", "Referencia de la ontología"),
    "label_en": ("Label (English)", "Etiqueta (inglés)"),
    "label_es": ("Label (Spanish)", "Etiqueta (español)"),
    "definition": ("Definition", "Definición"),
    "supers": ("Superclasses", "Superclases"),
    "subs": ("Subclasses", "Subclases"),
    "superprops": ("Super-properties", "Superpropiedades"),
    "subprops": ("Sub-properties", "Subpropiedades"),
    "equivalent": ("Equivalent to", "Equivalente a"),
    "alignments": ("Alignments", "Alineamientos"),
    "domain": ("Domain", "Dominio"),
    "range": ("Range", "Rango"),
    "inverse": ("Inverse of", "Inversa de"),
    "in_domain_of": ("Properties with this domain", "Propiedades con este dominio"),
    "in_range_of": ("Properties with this range", "Propiedades con este rango"),
    "constraints": ("Validation rules (SHACL)", "Reglas de validación (SHACL)"),
    "examples": ("Examples in the curated data", "Ejemplos en los datos curados"),
    "used_by": ("Used in the curated data by", "Usado en los datos curados por"),
    "none_in_data": ("None in the curated data yet.", "Aún no hay ninguno en los datos curados."),
    "type": ("Type", "Tipo"),
    "scheme": ("In scheme", "En el esquema"),
    "broader": ("Broader", "Más amplio"),
    "narrower": ("Narrower", "Más específico"),
    "next": ("Next phase", "Fase siguiente"),
    "targets": ("SDG targets served", "Metas ODS a las que contribuye"),
    "goals": ("SDGs contributed to", "ODS a los que contribuye"),
    "indicators": ("Development indicators", "Indicadores de desarrollo"),
    "notation": ("Notation", "Notación"),
    "order": ("Order", "Orden"),
    "concept": ("Concept", "Concepto"),
    "message": ("Message", "Mensaje"),
    "warning": ("warning", "advertencia"),
    "title": ("Title", "Título"),
    "description": ("Description", "Descripción"),
    "iri": ("IRI", "IRI"),
    "version": ("Version", "Versión"),
    "licence": ("Licence", "Licencia"),
    "rights": ("Rights", "Derechos"),
    "creators": ("Creators", "Autoría"),
    "created": ("Created", "Creada"),
    "modified": ("Modified", "Modificada"),
    "namespace": ("Namespace", "Espacio de nombres"),
    "imports": ("Imports", "Importaciones"),
    "download": ("Download", "Descargar"),
    "sparql": ("SPARQL query", "Consulta SPARQL"),
    "answer": ("Current answer", "Respuesta actual"),
    "rows": ("rows", "filas"),
    "no_rows": (
        "The query returns no rows on the current data.",
        "La consulta no devuelve filas con los datos actuales.",
    ),
    "showing": ("showing the first", "se muestran las primeras"),
    "no_answer": ("No answer could be computed", "No se pudo calcular la respuesta"),
    "kind_class": ("Class", "Clase"),
    "kind_object": ("Object property", "Propiedad de objeto"),
    "kind_datatype": ("Datatype property", "Propiedad de datos"),
    "kind_annotation": ("Annotation property", "Propiedad de anotación"),
    "kind_scheme": ("Concept scheme", "Esquema de conceptos"),
    "kind_concept": ("Concept", "Concepto"),
    "kind_individual": ("Individual", "Individuo"),
    "top": ("Back to top", "Volver arriba"),
}


def bi(en: str, es: str | None, tag: str = "span", attrs: str = "") -> str:
    """Escaped text in both languages; a single always-visible element when ``es`` is missing.

    Args:
        en: English text.
        es: Spanish text or ``None``.
        tag: The element to use (``span``, ``p``, ``h2``...).
        attrs: Extra attributes, already escaped, with a leading space.

    Returns:
        HTML.
    """
    if not es:
        return f'<{tag} lang="en"{attrs}>{escape(en)}</{tag}>'
    if es == en:
        return f"<{tag}{attrs}>{escape(en)}</{tag}>"
    return f'<{tag} class="t" lang="en"{attrs}>{escape(en)}</{tag}><{tag} class="t" lang="es"{attrs}>{escape(es)}</{tag}>'


def ui(key: str, tag: str = "span") -> str:
    """A user-interface string in both languages.

    Args:
        key: A key of :data:`UI`.
        tag: The element to use.

    Returns:
        HTML.
    """
    en, es = UI[key]
    return bi(en, es, tag)


def anchor(iri: str) -> str:
    """The ``id`` of a term's section: its local name (``School``), or a slug for other IRIs.

    Args:
        iri: An IRI.

    Returns:
        The anchor, without ``#``.

    Example:
        >>> anchor("https://w3id.org/habitatkg/ontology#School")
        'School'
        >>> anchor("http://metadata.un.org/sdg/4.7")
        'sdg-4-7'
    """
    if iri.startswith(HK):
        return iri[len(HK) :]
    short = compact(iri)
    if short.startswith("sdg:"):
        return "sdg-" + _slug(short[4:])
    return "ext-" + _slug(short)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-")


def term_link(model: SiteModel, iri: str, page: str = "") -> str:
    """A link to a term: to its section for ``hk:`` and SDG IRIs, to the IRI itself otherwise.

    Args:
        model: The site model (for labels).
        iri: The IRI to link.
        page: The file that holds the reference sections, ``""`` when it is the current page.

    Returns:
        HTML.
    """
    en, es = model.labels.get(iri, (compact(iri), None))
    if iri in model.sdg_notation:
        notation = model.sdg_notation[iri]
        return (
            f'<a href="{escape(page)}#{escape(anchor(iri))}" title="{escape(en)}">'
            f"{bi('SDG ' + notation, 'ODS ' + notation)}</a>"
        )
    if iri in model.terms:
        return f'<a href="{escape(page)}#{escape(anchor(iri))}" title="{escape(compact(iri))}">{bi(_short(en), _short(es) if es else None)}</a>'
    if iri in model.labels and en != compact(iri):
        return f'<span title="{escape(compact(iri))}">{bi(_short(en), _short(es) if es else None)}</span>'
    if iri.startswith(("http://", "https://")):
        return f'<a class="ext" href="{escape(iri)}" rel="noopener"><code>{escape(compact(iri))}</code></a>'
    return f"<code>{escape(compact(iri))}</code>"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def links(model: SiteModel, iris: Iterable[str], page: str = "") -> str:
    """Comma-separated :func:`term_link` s.

    Args:
        model: The site model.
        iris: IRIs to link.
        page: See :func:`term_link`.

    Returns:
        HTML.
    """
    return ", ".join(term_link(model, iri, page) for iri in iris)


def pieces(model: SiteModel, parts: Iterable[Piece], lang: str) -> str:
    """Render an explanation made of text, :class:`Ref` and :class:`Code` pieces.

    Args:
        model: The site model.
        parts: The pieces.
        lang: Language for the labels of linked terms.

    Returns:
        HTML.
    """
    out = []
    for part in parts:
        if isinstance(part, Ref):
            label = model.label(part.iri, lang)
            if part.iri in model.terms or part.iri in model.sdg_notation:
                out.append(f'<a href="#{escape(anchor(part.iri))}">{escape(label)}</a>')
            else:
                out.append(f"<code>{escape(compact(part.iri))}</code>")
        elif isinstance(part, Code):
            out.append(f"<code>{escape(part.text)}</code>")
        else:
            out.append(escape(part))
    return "".join(out)


CSS = """
:root{--fg:#1e293b;--muted:#64748b;--line:#e2e8f0;--accent:#1d4ed8;--bg:#ffffff;--soft:#f8fafc}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
html:not([data-ui="es"]) .t[lang="es"]{display:none}
html[data-ui="es"] .t[lang="en"]{display:none}
header.site{background:#0f172a;color:#f8fafc;padding:14px 24px;display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between}
header.site h1{font-size:20px;margin:0}
header.site .sub{color:#cbd5e1;font-size:13px}
.switch button{font:inherit;font-size:13px;border:1px solid #94a3b8;background:transparent;color:#f8fafc;padding:3px 10px;border-radius:4px;cursor:pointer}
.switch button[aria-pressed="true"]{background:#f8fafc;color:#0f172a}
.layout{display:flex;align-items:flex-start}
nav.toc{position:sticky;top:0;max-height:100vh;overflow:auto;width:250px;flex:none;padding:16px;border-right:1px solid var(--line);font-size:13px;background:var(--soft)}
nav.toc ul{list-style:none;padding-left:10px;margin:4px 0}
nav.toc>ul{padding-left:0}
nav.toc a{color:var(--fg);text-decoration:none}
nav.toc a:hover{color:var(--accent);text-decoration:underline}
main{flex:1;min-width:0;padding:8px 32px 64px}
h2{border-bottom:2px solid var(--line);padding-bottom:4px;margin-top:40px}
h3{margin:0 0 6px}
a{color:var(--accent)}
a.ext{color:#0f766e}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
pre{background:var(--soft);border:1px solid var(--line);padding:10px;overflow:auto;white-space:pre-wrap}
article.term{border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:16px 0;background:#fff}
article.term:target{border-color:var(--accent);box-shadow:0 0 0 3px #bfdbfe}
.kind{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.iri{font-size:12px;color:var(--muted);word-break:break-all}
.definition{margin:8px 0}
table{border-collapse:collapse;margin:8px 0;font-size:14px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft)}
table.props{width:100%}
table.props th{width:230px;font-weight:600}
table.answer td{max-width:420px;overflow-wrap:anywhere}
ul.rules li{margin-bottom:4px}
.msg{color:var(--muted);font-style:italic}
.badge{font-size:11px;background:#fef3c7;border:1px solid #f59e0b;border-radius:3px;padding:0 4px}
.diagram-wrap{overflow:auto;border:1px solid var(--line);border-radius:8px;padding:8px;background:#fff;margin:12px 0}
svg.diagram{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:100%;height:auto}
svg.diagram .edge{fill:none;stroke:#64748b;stroke-width:1.2}
svg.diagram .edge-label{font-size:10.5px;fill:#334155;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg.diagram a.node:hover rect{stroke:#1d4ed8;stroke-width:2}
.legend span{display:inline-block;margin-right:12px;font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;border:1px solid #475569;margin-right:4px;vertical-align:-1px}
footer{color:var(--muted);font-size:13px;border-top:1px solid var(--line);margin-top:48px;padding-top:12px}
@media (max-width:900px){.layout{display:block}nav.toc{position:static;width:auto;max-height:none;border-right:0}}
"""

SCRIPT = """
(function(){
var d=document.documentElement;
function set(lang){
 d.setAttribute('data-ui',lang);d.setAttribute('lang',lang);
 var b=document.querySelectorAll('[data-set-lang]');
 for(var i=0;i<b.length;i++){b[i].setAttribute('aria-pressed',b[i].getAttribute('data-set-lang')===lang?'true':'false');}
}
var want=null;
try{want=new URLSearchParams(window.location.search).get('lang');}catch(e){}
if(want!=='en'&&want!=='es'){try{want=window.localStorage.getItem('habitatkg-lang');}catch(e){want=null;}}
set(want==='es'?'es':'en');
document.addEventListener('click',function(ev){
 var t=ev.target&&ev.target.closest?ev.target.closest('[data-set-lang]'):null;
 if(!t){return;}
 var lang=t.getAttribute('data-set-lang');set(lang);
 try{window.localStorage.setItem('habitatkg-lang',lang);}catch(e){}
});
})();
"""


def page(*, title_en: str, title_es: str, subtitle: str, nav: str, body: str, footer: str) -> str:
    """A complete HTML page: inline CSS, header with the language switch, table of contents.

    Args:
        title_en: Page title in English.
        title_es: Page title in Spanish.
        subtitle: Escaped HTML shown under the title.
        nav: HTML of the table of contents (a ``<ul>``).
        body: HTML of the main content.
        footer: HTML of the footer.

    Returns:
        The page.
    """
    return (
        '<!DOCTYPE html>\n<html lang="en" data-ui="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title_en)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header class="site" id="top"><div>{bi(title_en, title_es, "h1")}<div class="sub">{subtitle}</div></div>'
        '<div class="switch" role="group" aria-label="Language / Idioma">'
        '<button type="button" data-set-lang="en" aria-pressed="true" lang="en">English</button> '
        '<button type="button" data-set-lang="es" aria-pressed="false" lang="es">Español</button></div></header>\n'
        f'<div class="layout"><nav class="toc" aria-label="Contents">{nav}</nav>\n<main>\n{body}\n'
        f"<footer>{footer}</footer>\n</main></div>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
