"""The language answers are given in: English or Spanish, and a small message catalogue.

Every question, :meth:`~habitatkg.KnowledgeGraph.find` and the CLI take a language
(``lang="es"``, ``--lang es``). Without one, the environment decides: ``HABITATKG_LANG``,
then the locale variables ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (``es_MX.UTF-8`` is
Spanish); anything else is English. Labels, messages and the headings of tables meant for
people follow the language; DataFrame column names stay the same in both (they are code).

Other modules (provenance, validation) call :func:`resolve_lang` and :func:`message` so the
whole package agrees on the rules.

Example:
    >>> resolve_lang("ES")
    'es'
    >>> message("no_rows", "es")
    '(sin filas)'
    >>> heading("school_label", "es"), heading("school_label", "en")
    ('escuela', 'school')
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["LANGUAGES", "heading", "message", "resolve_lang"]

#: The languages habitatkg answers in.
LANGUAGES = ("en", "es")

_ENVIRONMENT = ("HABITATKG_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def resolve_lang(lang: str | None = None, *, environ: Mapping[str, str] | None = None) -> str:
    """The language to answer in: ``"en"`` or ``"es"``.

    Args:
        lang: Asked for explicitly (``"es"``, ``"es-MX"``, ``"en"``); ``None`` lets the
            environment decide.
        environ: The environment (``os.environ`` by default).

    Returns:
        ``"en"`` or ``"es"``.

    Raises:
        ValueError: ``lang`` is given and is neither English nor Spanish.

    Example:
        >>> resolve_lang(environ={"LANG": "es_MX.UTF-8"})
        'es'
        >>> resolve_lang(environ={"LANG": "C.UTF-8"})
        'en'
        >>> resolve_lang("fr")
        Traceback (most recent call last):
        ...
        ValueError: unsupported language 'fr': use 'en' (English) or 'es' (Spanish)
    """
    if lang is not None:
        code = _code(lang)
        if code not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}: use 'en' (English) or 'es' (Spanish)")
        return code
    env = os.environ if environ is None else environ
    for name in _ENVIRONMENT:
        value = env.get(name, "")
        if value:
            return "es" if _code(value) == "es" else "en"
    return "en"


def _code(text: str) -> str:
    return str(text).strip().replace("_", "-").split(".")[0].split("-")[0].lower()


_MESSAGES: dict[str, tuple[str, str]] = {
    "no_rows": ("(no rows)", "(sin filas)"),
    "more_rows": ("… {n} more rows", "… {n} filas más"),
    "illustrative_note": (
        "note: rows marked illustrative come from made-up example data, not from the sources",
        "nota: las filas marcadas como ilustrativas vienen de datos de ejemplo inventados, no "
        "de las fuentes",
    ),
    "record_note": (
        "note: rows with a record come from your own records, imported from a spreadsheet: "
        "the record names the workbook, sheet and row (`habitatkg provenance ACTIVITY "
        "hk:hasPartner PARTNER` shows the row's cells)",
        "nota: las filas con registro vienen de sus propios registros, importados de una hoja "
        "de cálculo: el registro nombra el libro, la hoja y la fila (`habitatkg provenance "
        "ACTIVIDAD hk:hasPartner ALIADO` muestra las celdas de la fila)",
    ),
    "no_partner_links": (
        "the data links no partner organization to a school through an activity "
        "(hk:hasPartner with hk:atSchool); the curated sources do not say which partner works "
        "in which school. Add the illustrative data (--data "
        "examples/illustrative-partner-support.ttl) or your own records",
        "los datos no vinculan ninguna organización aliada con una escuela mediante una "
        "actividad (hk:hasPartner con hk:atSchool); las fuentes curadas no dicen qué aliado "
        "trabaja en qué escuela. Agregue los datos ilustrativos (--data "
        "examples/illustrative-partner-support.ttl) o sus propios registros",
    ),
    "gaps_without_links": (
        "every capability is listed for every school because the data links no partner to any "
        "school (no activity has both hk:hasPartner and hk:atSchool): this shows missing "
        "records, not measured gaps",
        "se listan todas las capacidades en todas las escuelas porque los datos no vinculan "
        "ningún aliado con ninguna escuela (ninguna actividad tiene hk:hasPartner y "
        "hk:atSchool): esto muestra registros faltantes, no brechas medidas",
    ),
    "no_partners": (
        "(no rows: no activity in the data links a partner, a school and a capability that "
        "fit these options)",
        "(sin filas: ninguna actividad en los datos vincula un aliado, una escuela y una "
        "capacidad que cumplan estas opciones)",
    ),
    "no_gaps": (
        "(no gaps: every capability has a partner in every school)",
        "(sin brechas: cada capacidad tiene un aliado en cada escuela)",
    ),
    "reach_year": (
        "{missing} of {schools} schools have no figures for {year} (no enrolment or staff "
        "count whose period includes {year}): {names}",
        "{missing} de {schools} escuelas no tienen cifras para {year} (ningún dato de "
        "matrícula o personal cuyo periodo incluya {year}): {names}",
    ),
    "reach_unknown": (
        "schools without figures are counted, with empty students and staff: {names}",
        "las escuelas sin cifras se cuentan, con alumnos y personal vacíos: {names}",
    ),
    "no_activities": (
        "no activity in the data addresses this capability (hk:addressesCapability)",
        "ninguna actividad en los datos atiende esta capacidad (hk:addressesCapability)",
    ),
    "no_phase_activities": (
        "no activity in the data is placed in a phase (hk:inPhase)",
        "ninguna actividad en los datos está ubicada en una fase (hk:inPhase)",
    ),
    "empty_network": (
        "the partner network is empty: the data links no organization to a school through an "
        "activity (hk:hasPartner or hk:organizedBy with hk:atSchool); the curated sources do "
        "not say which partner works where. Add examples/illustrative-partner-support.ttl or "
        "your own records",
        "la red de aliados está vacía: los datos no vinculan ninguna organización con una "
        "escuela mediante una actividad (hk:hasPartner u hk:organizedBy con hk:atSchool); las "
        "fuentes curadas no dicen qué aliado trabaja dónde. Agregue "
        "examples/illustrative-partner-support.ttl o sus propios registros",
    ),
    "total": ("Total", "Total"),
}

_HEADINGS: dict[str, tuple[str, str]] = {
    "activity": ("activity", "actividad"),
    "activities": ("activities", "actividades"),
    "activity_kind": ("kind", "tipo"),
    "aspect": ("aspect", "aspecto"),
    "capabilities": ("capabilities", "capacidades"),
    "capability": ("capability", "capacidad"),
    "group": ("target group", "grupo destinatario"),
    "guideline": ("guideline", "línea estratégica"),
    "illustrative": ("illustrative", "ilustrativo"),
    "indicators": ("indicators", "indicadores"),
    "item": ("item", "elemento"),
    "label": ("label", "etiqueta"),
    "kind": ("kind", "tipo"),
    "level": ("level", "nivel"),
    "locality": ("municipality", "municipio"),
    "next_phase": ("next phase", "fase siguiente"),
    "organization": ("organization", "organización"),
    "partner": ("partner", "aliado"),
    "period": ("period", "periodo"),
    "phase": ("phase", "fase"),
    "phase_order": ("order", "orden"),
    "school": ("school", "escuela"),
    "schools": ("schools", "escuelas"),
    "score": ("score", "puntaje"),
    "staff": ("staff", "personal"),
    "students": ("students", "alumnos"),
    "target": ("SDG target", "meta ODS"),
    "target_notation": ("target", "meta"),
    "iri": ("IRI", "IRI"),
    "year": ("year", "año"),
}


def message(key: str, lang: str | None = None, **values: object) -> str:
    """A message of the catalogue in a language, with ``{placeholders}`` filled.

    Args:
        key: The message's key.
        lang: ``"en"`` or ``"es"`` (``None``: from the environment).
        **values: Values for the placeholders.

    Returns:
        The text.

    Example:
        >>> message("more_rows", "en", n=3)
        '… 3 more rows'
    """
    english, spanish = _MESSAGES[key]
    text = spanish if resolve_lang(lang) == "es" else english
    return text.format(**values) if values else text


def heading(column: str, lang: str | None = None) -> str:
    """The heading of a table column meant for people (``school_label`` -> ``school``).

    Args:
        column: A DataFrame column name.
        lang: ``"en"`` or ``"es"``.

    Returns:
        The heading; unknown columns keep their name, with spaces for underscores.
    """
    key = column[: -len("_label")] if column.endswith("_label") else column
    pair = _HEADINGS.get(key)
    if pair is None:
        return column.replace("_", " ")
    return pair[1] if resolve_lang(lang) == "es" else pair[0]
