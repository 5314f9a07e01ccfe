"""Benchmark of the spreadsheet import (a script, not a test): 10,000 activity rows.

Writes the records template, fills its Activities sheet with N rows (a partner, a school, one
or two capabilities, a year, a target group and a phase, all named by their labels as a
programme officer would write them, English and Spanish mixed), then times
``habitatkg.import_records``: reading the workbook, resolving every label, building the
records and their provenance, and running the SHACL shapes on them (inside the store), and
writing the Turtle file. Prints the phases' times and the number of records and problems,
next to the time a raw openpyxl read of the same workbook takes in the same run (the floor:
the import cannot read the cells faster than openpyxl does).

Usage::

    PYTHONPATH=src python benchmarks/bench_import.py [--rows 10000]

Target (issue 15): 10,000 activity rows imported in under 10 s. CPU time is printed next to
wall time: on a shared machine the wall time measures the neighbours too.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path


def main() -> None:
    """Run the benchmark and print the figures."""
    import openpyxl

    from habitatkg._sheets import import_records, write_template

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(15)
    folder = Path(tempfile.mkdtemp())
    template = write_template(folder / "template.xlsx")
    book = openpyxl.load_workbook(template)
    ws = book["Activities"]
    where = {str(c.value).rstrip(" *"): c.column for c in ws[1] if c.value}
    partners = [
        "IBBY México",
        "Vía Educación",
        "Enseña por México",
        "Movimiento STEM",
        "Fundación EDUCA México",
        "De Cero a Tres",
    ]
    schools = [
        "Amado Nervo",
        "Benito Juárez",
        "Escuela Secundaria Técnica",
        "Luis Pasteur",
        "Preparatoria Oficial 94",
        "José Vasconcelos",
        "Herminio Chavarría",
    ]
    capabilities = [
        "Collaborative work",
        "Learning to learn",
        "Aprender a aprender",
        "Empathetic and effective communication",
        "Trabajo colaborativo",
    ]
    groups = ["Student", "Educator", "Family member", "Mother", "Community member"]
    phases = ["Identify", "Unite", "Organizar", "Manage", "Recognize"]
    for row in range(2, args.rows + 2):
        values = {
            "ID": f"act-{row - 1:05d}",
            "Name (English)": f"Activity {row - 1}",
            "Kind": rng.choice(["Project", "Workshop", "Taller", "Event"]),
            "Has partner": rng.choice(partners),
            "At school": rng.choice(schools),
            "Addresses capability": "; ".join(rng.sample(capabilities[:2], rng.randint(1, 2))),
            "Year": rng.randint(2018, 2025),
            "Target group": rng.choice(groups),
            "In phase": rng.choice(phases),
        }
        if values["Kind"] == "Event":
            values["Kind"] = "Project"
        for header, value in values.items():
            ws.cell(row, where[header], value)
    filled = folder / "filled.xlsx"
    book.save(filled)
    print(f"workbook: {args.rows} activity rows, {filled.stat().st_size / 1e6:.1f} MB")
    start, cpu = time.perf_counter(), time.process_time()
    raw = openpyxl.load_workbook(filled, read_only=True, data_only=False)
    cells = sum(
        1 for ws in raw.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )
    raw.close()
    read, read_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"raw openpyxl read of the same workbook (read-only, every sheet, {cells} filled "
        f"cells): {read:.2f} s wall, {read_cpu:.2f} s CPU"
    )
    start, cpu = time.perf_counter(), time.process_time()
    result = import_records(filled)
    imported, imported_cpu = time.perf_counter() - start, time.process_time() - cpu
    out = folder / "records.ttl"
    start, cpu = time.perf_counter(), time.process_time()
    if result.report.conforms:
        result.write(out)
    written, written_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"import (read, resolve, build, SHACL): {imported:.2f} s wall, {imported_cpu:.2f} s CPU; "
        f"write Turtle: {written:.2f} s wall, {written_cpu:.2f} s CPU; "
        f"total {imported + written:.2f} s wall, {imported_cpu + written_cpu:.2f} s CPU"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")
    print(
        f"records: {len(result.records)}, triples: {len(result.triples)}, "
        f"problems: {result.report.summary()}"
    )


if __name__ == "__main__":
    main()
