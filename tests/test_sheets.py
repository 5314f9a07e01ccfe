"""Spreadsheet records: template from the shapes, import with every problem at its cell, export.

Known answers come from the shapes file (read here with rdflib, independently of the
derivation), the curated data and examples/illustrative-partner-support.ttl.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import openpyxl
import pytest
import rdflib
from rdflib import RDF, SH, URIRef
from rdflib.compare import graph_diff, isomorphic

import habitatkg as hk
from habitatkg._cli import main
from habitatkg._sheets import (
    carried,
    export_workbook,
    import_records,
    workbook_spec,
    write_csv_template,
)
from habitatkg._sheets._import import RECORDS
from kg_helpers import EXAMPLES, HK, HKD, ROOT

PROV = "http://www.w3.org/ns/prov#"
ILLUSTRATIVE = EXAMPLES / "illustrative-partner-support.ttl"


def headers(ws) -> dict[str, int]:
    return {str(c.value).rstrip(" *"): c.column for c in ws[1] if c.value}


def put(ws, row: int, **values) -> None:
    where = headers(ws)
    for header, value in values.items():
        ws.cell(row, where[header], value)


def strip_provenance(graph: rdflib.Graph) -> rdflib.Graph:
    """The records without what the import adds (row passages, import, workbook document)."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if str(s).startswith(f"{RECORDS}import-") or str(p).startswith(PROV):
            continue
        if p == URIRef(f"{HK}source") and str(o).startswith(f"{RECORDS}import-"):
            continue
        out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "t.xlsx"
    assert main(["template", str(path)]) == 0
    return path


# ----------------------------------------------------------------------------- the template


def test_required_properties_of_the_shapes_are_required_columns():
    shapes = rdflib.Graph().parse(ROOT / "shapes" / "habitat-shapes.ttl")
    for spec in workbook_spec():
        required = set()
        for shape in shapes.subjects(SH.targetClass, URIRef(spec.cls)):
            for prop in shapes.objects(shape, SH.property):
                count = shapes.value(prop, SH.minCount)
                severity = shapes.value(prop, SH.severity)
                path = shapes.value(prop, SH.path)
                if count is not None and int(count) >= 1 and severity in (None, SH.Violation):
                    required.add(str(path))
        columns = {c.predicate for c in spec.columns if c.required}
        required.discard(f"{HK}source")  # supplied by the import: the row is the source
        assert required <= columns, (spec.key, required - columns)
    # and the other way round: a required column is required by a shape (or is the name)
    figures = next(s for s in workbook_spec() if s.key == "figures")
    assert {c.key for c in figures.columns if c.required} == {
        "rdfs:label@en",
        "hk:value",
        "hk:quantityKind",
        "hk:period",
        "hk:quantityOf",
    }


def test_template_sheets_headers_and_dropdowns(template):
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == [
        "About",
        "Organizations",
        "Activities",
        "Schools",
        "Places",
        "People",
        "Roles",
        "Figures",
        "Lists",
    ]
    assert book["Lists"].sheet_state == "hidden"
    about = [row[0] for row in book["About"].iter_rows(values_only=True)]
    assert {"Filled by", "Organization", "Date", "Licence"} <= set(about)
    activities = book["Activities"]
    where = headers(activities)
    for name in ("Has partner", "At school", "Addresses capability", "Year", "In phase"):
        assert name in where
    column = openpyxl.utils.get_column_letter(where["Addresses capability"])
    rules = [
        dv
        for dv in activities.data_validations.dataValidation
        if any(str(r).startswith(f"{column}2") for r in dv.sqref.ranges)
    ]
    assert len(rules) == 1 and rules[0].type == "list" and rules[0].formula1.startswith("=Lists!")
    ref = rules[0].formula1[len("=Lists!") :].replace("$", "")
    listed = [c.value for row in book["Lists"][ref] for c in row]
    assert listed == [  # the five capabilities, in the scheme's order (shapes' sh:in)
        "Personal, collective, and environmental care",
        "Empathetic and effective communication",
        "Collaborative work",
        "Management of transformational projects",
        "Learning to learn",
    ]
    year = openpyxl.utils.get_column_letter(where["Year"])
    whole = [
        dv
        for dv in activities.data_validations.dataValidation
        if any(str(r).startswith(f"{year}2") for r in dv.sqref.ranges)
    ]
    assert not whole  # hk:year may have several values (no sh:maxCount), so no number check
    figures = book["Figures"]
    value = openpyxl.utils.get_column_letter(headers(figures)["Value"])
    checks = [
        dv
        for dv in figures.data_validations.dataValidation
        if any(str(r).startswith(f"{value}2") for r in dv.sqref.ranges)
    ]
    assert checks and checks[0].type == "decimal" and checks[0].formula1 == "0"


def test_spanish_template(tmp_path):
    path = tmp_path / "p.xlsx"
    assert main(["template", str(path), "--lang", "es"]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Acerca de", "Organizaciones", "Actividades"]
    assert "Nombre (inglés)" in headers(book["Actividades"])
    assert "Aborda la capacidad" in headers(book["Actividades"])


# ----------------------------------------------------------------------------- done when (1)


def fill(path: Path, out: Path) -> Path:
    book = openpyxl.load_workbook(path)
    about = book["About"]
    for row in about.iter_rows():
        if row[0].value == "Filled by":
            row[1].value = "Programme officer"
        if row[0].value == "Organization":
            row[1].value = "Alberto Baillères Foundation"
    put(
        book["Organizations"],
        2,
        **{
            "ID": "org-lectores",
            "Name (English)": "Lectores Unidos",
            "Kind": "Civil-society organization",
        },
    )
    put(
        book["Activities"],
        2,
        **{
            "ID": "act-001",
            "Name (English)": "Reading club with families",
            "Kind": "Workshop",
            "Has partner": "Lectores Unidos",
            "At school": "Amado Nervo",
            "Addresses capability": "Collaborative work; aprender a aprender",
            "Year": 2024,
            "Target group": "family member",
            "In phase": "Organizar",
        },
    )
    put(
        book["Activities"],
        4,  # row 3 left empty: skipped
        **{
            "ID": "act-002",
            "Name (English)": "Garden mentoring",
            "Has partner": "IBBY Mexico",
            "At school": "hkd:school-benito-juarez",
            "Addresses capability": "Learning to learn",
            "Year": 2023.0,
        },
    )
    book.save(out)
    return out


def test_template_fill_import_and_ask(template, tmp_path, capsys):
    filled = fill(template, tmp_path / "filled.xlsx")
    out = tmp_path / "r.ttl"
    assert main(["import", str(filled), "-o", str(out)]) == 0
    graph = rdflib.Graph().parse(out)
    act = URIRef(f"{RECORDS}act-001")
    assert (act, RDF.type, URIRef(f"{HK}Workshop")) in graph
    assert set(graph.objects(act, URIRef(f"{HK}addressesCapability"))) == {
        URIRef(f"{HK}CollaborativeWork"),
        URIRef(f"{HK}LearningToLearn"),
    }
    assert (act, URIRef(f"{HK}hasPartner"), URIRef(f"{RECORDS}org-lectores")) in graph
    assert (act, URIRef(f"{HK}atSchool"), URIRef(f"{HKD}school-amado-nervo")) in graph
    assert graph.value(act, URIRef(f"{HK}year")).toPython() == 2024
    assert (URIRef(f"{RECORDS}act-002"), URIRef(f"{HK}year"), rdflib.Literal(2023)) in graph
    # provenance: the row, the workbook and its checksum, the person and organization
    row = graph.value(act, URIRef(f"{HK}source"))
    last = openpyxl.utils.get_column_letter(
        len(headers(openpyxl.load_workbook(filled)["Activities"]))
    )
    assert str(graph.value(row, URIRef(f"{HK}section"))) == f"Activities!A2:{last}2"
    assert str(graph.value(row, rdflib.RDFS.label)) == "filled.xlsx, sheet Activities, row 2"
    doc = graph.value(row, URIRef(f"{HK}inDocument"))
    import hashlib

    digest = hashlib.sha256(filled.read_bytes()).hexdigest()
    assert (
        str(graph.value(doc, URIRef("http://purl.org/dc/terms/identifier"))) == f"sha256:{digest}"
    )
    assert URIRef(f"{HKD}org-fab") in set(graph.objects(doc, URIRef(f"{PROV}wasAttributedTo")))
    run = graph.value(act, URIRef(f"{PROV}wasGeneratedBy"))
    assert graph.value(run, URIRef(f"{PROV}endedAtTime")) is not None
    capsys.readouterr()
    args = ["partners", "--capability", "Collaborative work", "--school", "Amado Nervo"]
    assert main([*args, "--data", str(out), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["partner_label"], r["record"]) for r in rows] == [
        ("Lectores Unidos", "filled.xlsx, sheet Activities, row 2")
    ]
    assert rows[0]["illustrative"] is False
    assert main([*args, "--data", str(out)]) == 0
    assert "filled.xlsx, sheet Activities, row 2" in capsys.readouterr().out
    # the imported records validate as a file too
    assert not hk.validate(out).has_violations


def test_load_a_workbook_directly(template, tmp_path):
    filled = fill(template, tmp_path / "filled.xlsx")
    kg = hk.load(filled)
    frame = kg.partners_supporting("Learning to learn", school="Benito Juárez")
    assert list(frame.partner) == [f"{HKD}org-ibby-mexico"]
    assert list(frame.record) == ["filled.xlsx, sheet Activities, row 4"]


# ----------------------------------------------------------------------------- done when (2)


def mistakes(template: Path, out: Path) -> Path:
    book = openpyxl.load_workbook(template)
    ws = book["Activities"]
    rows = [
        {"ID": "a1", "Name (English)": "Unknown school", "At school": "Escuela Inventada 999"},
        {"ID": "a2", "Name (English)": "Misspelt", "Addresses capability": "Colaborative work"},
        {"ID": "a3", "Name (English)": "Ambiguous", "At school": "Secundaria"},
        {"ID": "a4", "Name (English)": "Year as text", "Year": "2022"},
        {"ID": "a5", "Name (English)": "Year out of range", "Year": 2300},
        {"ID": "a1", "Name (English)": "Duplicate ID", "Year": 2021},
        {"ID": "a7", "Name (English)": "Formula", "Year": "=2020+1"},
        {"ID": "a8", "Name (English)": "Merged", "Name (Spanish)": None},
    ]
    for offset, values in enumerate(rows, start=2):
        put(ws, offset, **values)
    extra = max(headers(ws).values()) + 1
    ws.cell(1, extra, "Budget (MXN)")
    ws.cell(2, extra, 5000)
    ws.merge_cells("B9:C9")
    put(
        book["Figures"],
        2,
        **{
            "Name (English)": "Students of Amado Nervo, 2021-2022",
            "Value": -5,
            "Has kind of quantity": "Enrolled students",
            "Period": "2021-2022",
            "Quantity of": "Amado Nervo",
            "Unit": "students",
            "Has value qualifier": "Exact",
        },
    )
    schools = book["Schools"]
    schools.delete_cols(headers(schools)["Has educational level"])
    put(
        schools,
        2,
        **{
            "Name (English)": "Escuela Nueva",
            "Name (Spanish)": "Escuela Nueva",
            "Located in": "Kanasín",
        },
    )
    book.save(out)
    return out


#: (sheet, column header or "+1" for the column after the last, row) -> words of the message
EXPECTED = {
    ("Activities", "At school", 2): "Escuela Inventada 999",  # unknown school
    ("Activities", "Addresses capability", 3): "did you mean 'Collaborative work'",  # misspelt
    ("Activities", "At school", 4): "ambiguous",  # ambiguous label, candidates named
    ("Activities", "Year", 5): "written as text",  # number as text
    ("Activities", "Year", 6): "between 1900 and 2100",  # year out of range (SHACL)
    ("Activities", "ID", 7): "same as in row 2",  # duplicate ID
    ("Activities", "Year", 8): "formula",
    ("Activities", "+1", 1): "not a column",  # extra unknown column
    ("Figures", "Value", 2): "negative",  # negative enrolment (SHACL)
    ("Schools", "+0", 1): "required column",  # missing required column (deleted)
}


def expected_cells(template: Path) -> dict[tuple[str, str], str]:
    book = openpyxl.load_workbook(template)
    out = {("Activities", "B9:C9"): "merged"}
    for (sheet, header, row), words in EXPECTED.items():
        where = headers(book[sheet])
        column = max(where.values()) + int(header) if header.startswith("+") else where[header]
        out[(sheet, f"{openpyxl.utils.get_column_letter(column)}{row}")] = words
    return out


def test_every_mistake_at_its_cell_in_one_run(template, tmp_path, capsys):
    book = mistakes(template, tmp_path / "bad.xlsx")
    out = tmp_path / "r.ttl"
    assert main(["import", str(book), "-o", str(out), "--format", "json"]) == 2
    assert not out.exists()  # no partial output
    report = json.loads(capsys.readouterr().out)
    found = {(p["sheet"], p["cell"]): p for p in report["problems"]}
    cells = expected_cells(template)
    assert len(cells) == 11
    for where, words in cells.items():
        assert where in found, (where, sorted(found))
        assert words.lower() in found[where]["message"].lower(), (where, found[where]["message"])
        assert found[where]["message_es"] and found[where]["fix"]
        assert found[where]["severity"] == "Violation"
    by_words = {words: found[where] for where, words in cells.items()}
    assert "hkd:school-luis-pasteur" in by_words["ambiguous"]["message"]
    year = by_words["between 1900 and 2100"]
    assert year["header"] == "Year" and year["value"] == "2300"
    assert by_words["not a column"]["unusable"] is True
    assert by_words["negative"]["unusable"] is False
    # an existing output file is left as it was
    out.write_text("# earlier records\n")
    assert main(["import", str(book), "-o", str(out)]) == 2
    assert out.read_text() == "# earlier records\n"
    text = capsys.readouterr().out
    assert "12 violations" in text.split("\n")[-2]


def test_value_mistakes_alone_give_exit_code_1(template, tmp_path, capsys):
    book = openpyxl.load_workbook(template)
    put(
        book["Activities"],
        2,
        **{"Name (English)": "Typo", "Addresses capability": "Colaborative work"},
    )
    book.save(tmp_path / "typo.xlsx")
    assert main(["import", str(tmp_path / "typo.xlsx"), "--format", "csv"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("file,sheet,cell,header,value,severity,message")
    column = openpyxl.utils.get_column_letter(headers(book["Activities"])["Addresses capability"])
    assert len(lines) == 2 and f"Activities,{column}2" in lines[1]


def test_annotated_copy(template, tmp_path, capsys):
    book = mistakes(template, tmp_path / "bad.xlsx")
    copy = tmp_path / "checked.xlsx"
    assert main(["import", str(book), "--annotate", str(copy)]) == 2
    marked = openpyxl.load_workbook(copy)["Activities"]
    year = f"{openpyxl.utils.get_column_letter(headers(marked)['Year'])}6"
    assert marked[year].fill.fgColor.rgb.endswith("FF9999")
    assert "1900 and 2100" in marked[year].comment.text
    assert marked["A2"].comment is None


def test_load_refuses_a_workbook_with_violations(template, tmp_path):
    book = mistakes(template, tmp_path / "bad.xlsx")
    with pytest.raises(hk.SheetImportError) as error:
        hk.load(book)
    assert "[Year] = '2300'" in str(error.value)
    assert len(error.value.report.violations) == 12


# ----------------------------------------------------------------------------- CSV


def test_csv_folder_gives_the_same_records_as_the_workbook(template, tmp_path):
    folder = write_csv_template(tmp_path / "csv")
    activities = folder / "Activities.csv"
    header = activities.read_text(encoding="utf-8").strip().split(",")
    row = dict.fromkeys(header, "")
    row.update(
        {
            "ID": "act-9",
            "Name (English) *": "Clean-up day",
            "Kind": "Event",
            "At school": "Amado Nervo",
            "Year": "2022",
            "Addresses capability": "Collaborative work; Learning to learn",
        }
    )
    import csv

    with activities.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow([row[h] for h in header])
    from_csv = import_records(folder)
    assert from_csv.report.conforms, from_csv.report.to_text()
    book = openpyxl.load_workbook(template)
    put(book["Activities"], 2, **{k.rstrip(" *"): v for k, v in row.items() if v})
    put(book["Activities"], 2, Year=2022)
    book.save(tmp_path / "same.xlsx")
    from_xlsx = import_records(tmp_path / "same.xlsx")
    assert isomorphic(
        strip_provenance(from_csv.to_rdflib()), strip_provenance(from_xlsx.to_rdflib())
    )


# ----------------------------------------------------------------------------- round trip


def test_round_trip_of_the_illustrative_data(tmp_path):
    kg = hk.load(ILLUSTRATIVE)
    original = rdflib.Graph().parse(ILLUSTRATIVE)
    subjects = {str(s) for s in original.subjects()}
    out = tmp_path / "ill.xlsx"
    export_workbook(kg, out, subjects=subjects)
    result = import_records(out)
    assert result.report.conforms, result.report.to_text()
    back = strip_provenance(result.to_rdflib())
    # what the template carries: everything but the made-up source and its document
    expected = rdflib.Graph()
    for s, p, o in original:
        if p == URIRef(f"{HK}source"):
            continue
        if str(s).endswith(("doc-illustrative", "src-illustrative")):
            continue
        expected.add((s, p, o))
    assert len(set(expected.subjects())) == 25 and len(expected) == 310  # the 25 projects
    _, only_back, only_expected = graph_diff(back, expected)
    assert not list(only_back) and not list(only_expected)
    assert isomorphic(back, expected)
    assert isomorphic(carried(kg, subjects), expected)


def test_round_trip_of_the_curated_data(tmp_path):
    kg = hk.load()
    out = tmp_path / "curated.xlsx"
    assert main(["export", "--format", "xlsx", str(out)]) == 0
    result = import_records(out)
    assert result.report.conforms, result.report.to_text()
    back = strip_provenance(result.to_rdflib())
    expected = carried(kg)
    assert isomorphic(back, expected)
    # it carries the records that matter for the questions, in full
    schools = set(back.subjects(RDF.type, URIRef(f"{HK}School")))
    assert len(schools) == 15
    assert len(set(back.subjects(RDF.type, URIRef(f"{HK}Quantity")))) == 70
    # what it does not carry, precisely (docs/own-data.md lists the same)
    records = set(back.subjects())
    missing = {p for s, p, o in curated_triples() if s in records and (s, p, o) not in back}
    assert {kg.label_of(str(p)) if str(p).startswith(HK) else str(p) for p in missing} == {
        str(rdflib.RDFS.comment),
        str(rdflib.SKOS.altLabel),
        str(rdflib.SKOS.definition),
        "objective",
        "has principle",
        "has strategic guideline",
        "has component",
        "promotes capability",
        "operated by",
        "tagline",
        "has member role",
    }
    amado = URIRef(f"{HKD}school-amado-nervo")
    curated = kg.to_rdflib()
    for p, o in curated.predicate_objects(amado):
        if p in (rdflib.RDFS.comment, rdflib.SKOS.altLabel):
            continue  # no column: not carried
        assert (amado, p, o) in back, (p, o)


def curated_triples() -> rdflib.Graph:
    from habitatkg import _paths

    graph = rdflib.Graph()
    for path in _paths.data_files():
        graph.parse(path)
    return graph


# ----------------------------------------------------------------------------- values


def test_excel_dates_and_serials(tmp_path):
    from habitatkg._sheets._spec import Column
    from habitatkg._sheets._values import literal

    date = Column(
        "hk:date",
        f"{HK}date",
        {"en": "Date", "es": "Fecha"},
        datatype="http://www.w3.org/2001/XMLSchema#date",
    )
    assert literal(date, 45104, from_text=False).value == "2023-06-27"  # Excel serial
    assert literal(date, datetime.datetime(2023, 6, 27), from_text=False).value == "2023-06-27"
    assert literal(date, "2023-06-27", from_text=True).value == "2023-06-27"


def test_the_example_workbook_holds_the_illustrative_data():
    # examples/illustrative-partner-support.xlsx is the exporter's output for the .ttl file:
    # `habitatkg export examples/illustrative-partner-support.xlsx --format xlsx --no-packaged
    #  --data examples/illustrative-partner-support.ttl`
    result = import_records(EXAMPLES / "illustrative-partner-support.xlsx")
    assert result.report.conforms and not result.report.violations
    original = rdflib.Graph().parse(ILLUSTRATIVE)
    expected = rdflib.Graph()
    for s, p, o in original:
        if p != URIRef(f"{HK}source") and not str(s).endswith("-illustrative"):
            expected.add((s, p, o))
    assert isomorphic(strip_provenance(result.to_rdflib()), expected)
    kg = hk.load(EXAMPLES / "illustrative-partner-support.xlsx")
    frame = kg.partners_supporting("Collaborative work", school="Amado Nervo")
    assert set(frame.activity) == {
        "https://w3id.org/habitatkg/example/project-02",
        "https://w3id.org/habitatkg/example/project-03",
    }
    assert frame.illustrative.all()
    assert set(frame.record) == {
        "illustrative-partner-support.xlsx, sheet Activities, row 3",
        "illustrative-partner-support.xlsx, sheet Activities, row 4",
    }


def test_trig_output_puts_the_records_in_their_own_named_graph(template, tmp_path):
    filled = fill(template, tmp_path / "filled.xlsx")
    out = tmp_path / "r.trig"
    assert main(["import", str(filled), "-o", str(out)]) == 0
    dataset = rdflib.Dataset()
    dataset.parse(out, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert len(names) == 1 and next(iter(names)).startswith("https://w3id.org/habitatkg/graph/")
    graph = dataset.graph(URIRef(next(iter(names))))
    assert (URIRef(f"{RECORDS}act-001"), RDF.type, URIRef(f"{HK}Workshop")) in graph
    assert len(dataset.default_graph) == 0


def test_csv_template_command_and_spanish_messages(tmp_path, capsys):
    folder = tmp_path / "plantilla"
    assert main(["template", str(folder), "--csv", "--lang", "es"]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert "Actividades.csv" in names and "Acerca de.csv" in names
    header = (folder / "Actividades.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("ID,Nombre (inglés) *,Nombre (español),Tipo")
    columns = header.split(",")
    row = dict.fromkeys(columns, "")
    row.update({"Nombre (inglés) *": "Taller", "Año": "2300"})
    (folder / "Actividades.csv").write_text(
        header + "\n" + ",".join(row[c] for c in columns) + "\n", encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["import", str(folder), "--lang", "es"]) == 1
    out = capsys.readouterr().out
    assert "Actividades!" in out and "El año debe estar entre 1900 y 2100" in out


def test_a_file_that_is_not_a_workbook_is_unusable(tmp_path, capsys):
    bad = tmp_path / "records.xlsx"
    bad.write_text("not a workbook")
    assert main(["import", str(bad), "-o", str(tmp_path / "r.ttl")]) == 2
    assert "cannot be read as an .xlsx workbook" in capsys.readouterr().out
    assert not (tmp_path / "r.ttl").exists()


def test_written_workbooks_get_the_usual_permissions(tmp_path) -> None:
    """Atomic writes must not leave the temporary file's private mode (0600) on the output."""
    import os
    import stat

    umask = os.umask(0)
    os.umask(umask)
    out = tmp_path / "t.xlsx"
    assert main(["template", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
