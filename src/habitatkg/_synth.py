"""Synthetic programme data at any scale, for benchmarks and load tests (made up, marked so).

:func:`generate` writes N-Triples shaped like the curated data: schools (``hk:School``, one
educational level and shift) in localities, municipalities and states with INEGI-style codes,
yearly enrolment as ``hk:Quantity`` nodes (one per school and school year), partner
organizations, and projects (``hk:Project``) linking partners, a school, capabilities, target
groups, a methodology phase, SDG targets and a year. Every node is in the ``ex:`` namespace
(``ex:synth-...``), has English (and Spanish) labels, an ``hk:source`` pointing to one synthetic
source reference, and ``hk:illustrative true``: it is valid against the shapes, and it is
made up. The output is deterministic for a given seed.

About 102 triples per school: ``--schools 980`` gives about 100k triples, ``9800`` about 1M
and ``98000`` about 10M (Mexico has about 260,000 schools: about 27M triples).

Example:
    >>> import io
    >>> buffer = io.StringIO()
    >>> stats = generate(buffer, schools=20, seed=1)
    >>> stats["schools"], stats["projects"], stats["triples"] == len(buffer.getvalue().splitlines())
    (20, 60, True)
"""

from __future__ import annotations

import os
import random
from typing import TextIO

__all__ = ["TRIPLES_PER_SCHOOL", "generate", "schools_for", "write"]

HK = "https://w3id.org/habitatkg/ontology#"
EX = "https://w3id.org/habitatkg/example/synth-"
SDG = "http://metadata.un.org/sdg/"
XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"

#: Triples per school, measured on the output (partners, projects and places included).
TRIPLES_PER_SCHOOL = 102.1

STATES = [
    ("Aguascalientes", "01"),
    ("Chiapas", "07"),
    ("Chihuahua", "08"),
    ("Ciudad de México", "09"),
    ("Guanajuato", "11"),
    ("Guerrero", "12"),
    ("Jalisco", "14"),
    ("Estado de México", "15"),
    ("Michoacán", "16"),
    ("Nuevo León", "19"),
    ("Oaxaca", "20"),
    ("Puebla", "21"),
    ("Querétaro", "22"),
    ("Sonora", "26"),
    ("Veracruz", "30"),
    ("Yucatán", "31"),
]
PLACE_WORDS = [
    "San Juan",
    "Santa María",
    "San Pedro",
    "Villa",
    "Santiago",
    "San Miguel",
    "Nuevo",
    "Real de",
    "San Andrés",
    "Valle de",
]
PLACE_NAMES = [
    "Tepeyac",
    "Xochitl",
    "Las Flores",
    "El Rosario",
    "Tlalpan",
    "Ixtlán",
    "Zacatlán",
    "Cuautla",
    "Tizimín",
    "Atlixco",
    "Tonalá",
    "Acolman",
    "Jiutepec",
    "Tekax",
]
HEROES = [
    "Benito Juárez",
    "Amado Nervo",
    "Sor Juana Inés de la Cruz",
    "José Vasconcelos",
    "Leona Vicario",
    "Miguel Hidalgo",
    "Gabriela Mistral",
    "Emiliano Zapata",
    "Josefa Ortiz de Domínguez",
    "Octavio Paz",
    "Rosario Castellanos",
    "Lázaro Cárdenas",
]
LEVELS = [
    ("PrePrimary", "Jardín de Niños", 0.15),
    ("Primary", "Escuela Primaria", 0.45),
    ("LowerSecondary", "Escuela Secundaria", 0.25),
    ("UpperSecondary", "Preparatoria", 0.15),
]
ENROLMENT = {
    "PrePrimary": (40, 250),
    "Primary": (120, 900),
    "LowerSecondary": (150, 1100),
    "UpperSecondary": (200, 1500),
}
ORG_KINDS = [
    ("CivilSocietyOrganization", "Asociación Civil"),
    ("University", "Universidad"),
    ("Company", "Empresa"),
    ("Foundation", "Fundación"),
]
ORG_NAMES = [
    "Raíces",
    "Horizonte",
    "Comunidad Viva",
    "Semillas",
    "Puentes",
    "Luz y Saber",
    "Manos Unidas",
    "Tierra Fértil",
    "Nuevo Amanecer",
    "Colibrí",
]
CAPABILITIES = [
    "PersonalCollectiveAndEnvironmentalCare",
    "EmpatheticAndEffectiveCommunication",
    "CollaborativeWork",
    "ManagementOfTransformationalProjects",
    "LearningToLearn",
]
PHASES = ["Identify", "Unite", "Organize", "Manage", "Recognize"]
GROUPS = [
    "StudentRole",
    "EducatorRole",
    "FamilyRole",
    "MotherRole",
    "PrincipalRole",
    "CommunityMemberRole",
    "ElderlyPersonRole",
    "YoungPersonRole",
]
TARGETS = ["4.1", "4.2", "4.3", "4.4", "4.7", "4.a", "4.c", "17.17"]
TOPICS = [
    ("Reading circles", "Círculos de lectura"),
    ("School garden", "Huerto escolar"),
    ("Peer tutoring", "Tutoría entre pares"),
    ("Socio-emotional workshop", "Taller socioemocional"),
    ("STEM club", "Club STEM"),
    ("Listening spaces", "Espacios de escucha"),
    ("Care brigade", "Brigada de cuidado"),
    ("Community diagnosis", "Diagnóstico comunitario"),
    ("Teacher mentoring", "Mentoría docente"),
    ("Community murals", "Murales comunitarios"),
]
SCHOOL_YEARS = ["2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023"]
PROJECTS_PER_SCHOOL = 3
SCHOOLS_PER_LOCALITY = 4
LOCALITIES_PER_MUNICIPALITY = 5
SCHOOLS_PER_PARTNER = 4


def schools_for(triples: int) -> int:
    """How many schools give about ``triples`` triples.

    Args:
        triples: Triples wanted.

    Returns:
        The number of schools (at least 1).

    Example:
        >>> schools_for(1_000_000)
        9794
    """
    return max(1, int(triples / TRIPLES_PER_SCHOOL))


def _lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@' + lang


def write(path: str | os.PathLike[str], *, schools: int = 1000, seed: int = 42) -> dict[str, int]:
    """Write synthetic data to a file atomically (a temporary file renamed into place).

    Args:
        path: The N-Triples file.
        schools: Number of schools.
        seed: Random seed.

    Returns:
        The counts :func:`generate` returns.

    Raises:
        OutputError: The file cannot be written (an earlier one is left whole).

    Example:
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "s.nt"
        >>> write(out, schools=2)["schools"]
        2
    """
    from habitatkg._atomic import atomic_path

    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as handle:
        return generate(handle, schools=schools, seed=seed)


def generate(out: TextIO, *, schools: int = 1000, seed: int = 42) -> dict[str, int]:
    """Write synthetic programme data as N-Triples.

    Args:
        out: Text stream to write to.
        schools: Number of schools (everything else scales with it).
        seed: Random seed (same seed and size, same output).

    Returns:
        Counts: ``triples``, ``schools``, ``localities``, ``municipalities``, ``states``,
        ``partners``, ``projects``, ``quantities``.
    """
    rng = random.Random(seed)
    schools = max(1, schools)
    localities = -(-schools // SCHOOLS_PER_LOCALITY)
    municipalities = -(-localities // LOCALITIES_PER_MUNICIPALITY)
    states = min(len(STATES), municipalities)
    partners = max(2, schools // SCHOOLS_PER_PARTNER)
    projects = schools * PROJECTS_PER_SCHOOL
    lines: list[str] = []
    count = 0
    a, label = _TYPE, _LABEL
    hk = {
        name: f"<{HK}{name}>"
        for name in (
            "source",
            "illustrative",
            "inDocument",
            "section",
            "locatedIn",
            "inegiCode",
            "educationalLevel",
            "shift",
            "value",
            "quantityKind",
            "unit",
            "period",
            "quantityOf",
            "qualifier",
            "hasPartner",
            "atSchool",
            "addressesCapability",
            "targetGroup",
            "year",
            "inPhase",
            "servesTarget",
            "operatesIn",
            "Document",
            "SourceReference",
            "State",
            "Municipality",
            "Locality",
            "School",
            "Quantity",
            "Project",
            "EnrolledStudents",
            "Exact",
            "MorningShift",
            "AfternoonShift",
            *CAPABILITIES,
            *PHASES,
            *GROUPS,
            *(k for k, _ in ORG_KINDS),
            *(k for k, _, _ in LEVELS),
        )
    }
    true = f'"true"^^<{XSD}boolean>'
    src = f"<{EX}src>"
    common = f"{hk['illustrative']} {true} .\n"

    def node(iri: str, kind: str, en: str, es: str | None = None) -> None:
        nonlocal count
        lines.append(f"{iri} {a} {kind} .\n{iri} {label} {_lit(en, 'en')} .\n")
        lines.append(f"{iri} {hk['source']} {src} .\n{iri} {common}")
        count += 4
        if es is not None:
            lines.append(f"{iri} {label} {_lit(es, 'es')} .\n")
            count += 1

    def emit(s: str, p: str, o: str) -> None:
        nonlocal count
        lines.append(f"{s} {p} {o} .\n")
        count += 1

    def flush() -> None:
        out.write("".join(lines))
        lines.clear()

    def municipality_code(m: int) -> str:
        return f"{STATES[m % states][1]}{(m // states) % 999 + 1:03d}"

    doc = f"<{EX}doc>"
    node(
        doc,
        hk["Document"],
        "Synthetic programme data (made up, not from the sources)",
        "Datos sintéticos del programa (inventados, no provienen de las fuentes)",
    )
    node(src, hk["SourceReference"], "Synthetic data generator (habitatkg synth)")
    emit(src, hk["inDocument"], doc)
    emit(src, hk["section"], '"Generated"')
    for i in range(states):
        name, code = STATES[i]
        node(f"<{EX}state-{i}>", hk["State"], name, name)
        emit(f"<{EX}state-{i}>", hk["inegiCode"], f'"{code}"')
    for i in range(municipalities):
        name = f"{rng.choice(PLACE_WORDS)} {rng.choice(PLACE_NAMES)} {i}"
        iri = f"<{EX}municipality-{i}>"
        node(iri, hk["Municipality"], name, name)
        emit(iri, hk["locatedIn"], f"<{EX}state-{i % states}>")
        emit(iri, hk["inegiCode"], f'"{municipality_code(i)}"')
    for i in range(localities):
        municipality = i // LOCALITIES_PER_MUNICIPALITY
        name = f"{rng.choice(PLACE_NAMES)} {i}"
        iri = f"<{EX}locality-{i}>"
        node(iri, hk["Locality"], name, name)
        emit(iri, hk["locatedIn"], f"<{EX}municipality-{municipality}>")
        if i % 1000 == 999:
            flush()
        emit(iri, hk["inegiCode"], f'"{municipality_code(municipality)}{i % 9999 + 1:04d}"')
    for i in range(partners):
        kind, kind_es = rng.choice(ORG_KINDS)
        name = f"{kind_es} {rng.choice(ORG_NAMES)} {i}"
        node(f"<{EX}org-{i}>", hk[kind], name, name)
    weights = [w for _, _, w in LEVELS]
    quantities = 0
    for i in range(schools):
        level, prefix, _ = rng.choices(LEVELS, weights)[0]
        name = f"{prefix} {rng.choice(HEROES)} {i}"
        iri = f"<{EX}school-{i}>"
        node(iri, hk["School"], name, name)
        emit(iri, hk["educationalLevel"], hk[level])
        emit(iri, hk["shift"], hk[rng.choice(("MorningShift", "AfternoonShift"))])
        emit(iri, hk["locatedIn"], f"<{EX}locality-{i // SCHOOLS_PER_LOCALITY}>")
        low, high = ENROLMENT[level]
        enrolled = rng.randint(low, high)
        for year in SCHOOL_YEARS:
            enrolled = max(10, int(enrolled * rng.uniform(0.9, 1.1)))
            q = f"<{EX}enrolment-{i}-{year[:4]}>"
            node(q, hk["Quantity"], f"Enrolled students of {name}, {year}")
            emit(q, hk["quantityKind"], hk["EnrolledStudents"])
            emit(q, hk["quantityOf"], iri)
            emit(q, hk["value"], f'"{enrolled}"^^<{XSD}decimal>')
            emit(q, hk["unit"], '"students"')
            emit(q, hk["period"], f'"{year}"')
            emit(q, hk["qualifier"], hk["Exact"])
            quantities += 1
        if i % 1000 == 999:
            flush()
    flush()
    for i in range(projects):
        school = rng.randrange(schools)
        en, es = rng.choice(TOPICS)
        iri = f"<{EX}project-{i}>"
        node(iri, hk["Project"], f"{en} {i}", f"{es} {i}")
        for partner in rng.sample(range(partners), k=rng.choice((1, 1, 1, 2))):
            emit(iri, hk["hasPartner"], f"<{EX}org-{partner}>")
        emit(iri, hk["atSchool"], f"<{EX}school-{school}>")
        municipality = school // SCHOOLS_PER_LOCALITY // LOCALITIES_PER_MUNICIPALITY
        emit(iri, hk["operatesIn"], f"<{EX}municipality-{municipality}>")
        for capability in rng.sample(CAPABILITIES, k=rng.choice((1, 1, 2))):
            emit(iri, hk["addressesCapability"], hk[capability])
        emit(iri, hk["targetGroup"], hk[rng.choice(GROUPS)])
        emit(iri, hk["inPhase"], hk[rng.choice(PHASES)])
        emit(iri, hk["servesTarget"], f"<{SDG}{rng.choice(TARGETS)}>")
        emit(iri, hk["year"], f'"{rng.randint(2018, 2023)}"^^<{XSD}integer>')
        if i % 1000 == 999:
            flush()
    flush()
    return {
        "triples": count,
        "schools": schools,
        "localities": localities,
        "municipalities": municipalities,
        "states": states,
        "partners": partners,
        "projects": projects,
        "quantities": quantities,
    }
