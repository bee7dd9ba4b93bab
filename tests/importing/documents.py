"""Adopted documents of another municipality, made in the tests: a Word document and a
workbook in layouts other than the bundled programme's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

#: The measures of the test documents: number, action, partner (trekker), result.
MEASURES = [
    (
        "1.1.1",
        "Voorlichting over inbraakpreventie in wijken met veel inbraken.",
        "Gemeente, Politie",
        "Twee voorlichtingsavonden.\nIn elke wijk één.",
    ),
    ("1.1.2", "Keurmerk Veilig Wonen onder de aandacht brengen.", "Woningcorporatie", ""),
    ("1.1.3", "WhatsApp-buurtpreventiegroepen ondersteunen.", "", "Tien actieve groepen."),
]


def word_document(path: Path) -> Path:
    """Heading 1/2 with numbers in the text, a 'Doel:' paragraph, a table with a cell with
    a line break, a cell merged down (Trekker of 1.1.2 and 1.1.3), an empty row and a row
    merged across."""
    import docx  # lazy: python-docx is only needed by the import tests

    document = docx.Document()
    document.add_heading("1 Veilige woon- en leefomgeving", level=1)
    document.add_heading("1.1 Woninginbraak", level=2)
    document.add_paragraph("Doel: Minder woninginbraken.")
    table = document.add_table(rows=6, cols=4)
    for column, label in enumerate(["Nr", "Actie", "Trekker", "Beoogd resultaat"]):
        table.cell(0, column).text = label
    for row, (number, action, partner, result) in enumerate(MEASURES, start=1):
        table.cell(row, 0).text = number
        table.cell(row, 1).text = action
        table.cell(row, 2).text = partner
        lines = result.split("\n")
        run = table.cell(row, 3).paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run = table.cell(row, 3).paragraphs[0].add_run(line)
    merged = table.cell(2, 2).merge(table.cell(3, 2))
    for paragraph in merged.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    # Row 5 (index 4) stays empty; row 6 is one cell across the table.
    table.cell(5, 0).merge(table.cell(5, 3)).text = "Budget: binnen bestaande middelen."
    document.add_paragraph("")
    document.add_heading("1.2 Fietsendiefstal", level=2)
    document.save(str(path))
    return path


HEADER = ["Thema", "Onderwerp", "Actie", "Trekker", "Beoogd resultaat", "Budget"]


def workbook(path: Path) -> Path:
    """One sheet, a header row and one row per measure; a formula, a date and numbers."""
    import openpyxl  # type: ignore[import-untyped]  # lazy: only the import tests need it

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Acties"
    sheet.append(HEADER)
    sheet.append(
        [
            "Veilige woon- en leefomgeving",
            "Woninginbraak",
            "Voorlichting over inbraakpreventie.",
            "Gemeente",
            "Twee voorlichtingsavonden.",
            15000,
        ]
    )
    sheet.append(
        [
            "Veilige woon- en leefomgeving",
            "Woninginbraak",
            "Keurmerk Veilig Wonen onder de aandacht brengen.",
            "Woningcorporatie",
            dt.date(2025, 3, 1),
            2500.5,
        ]
    )
    sheet.append(
        [
            "Jeugd en veiligheid",
            "Overlast jeugd",
            '=CONCAT("Jongeren";"werk")',
            "Jongerenwerk",
            "=1+1",
            "=F2+F3",
        ]
    )
    book.save(path)
    return with_results(path, {"C4": "Jongerenwerk", "E4": "2", "F4": "17500.5"})


def with_results(path: Path, results: dict[str, str]) -> Path:
    """The workbook with the results Excel would have saved with its formulas (openpyxl
    writes formulas without them)."""
    import re
    import zipfile

    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as package:
        contents = {name: package.read(name) for name in package.namelist()}
    xml = contents[member].decode("utf-8")
    for cell, value in results.items():
        kind = "" if re.fullmatch(r"[\d.]+", value) else ' t="str"'
        xml, count = re.subn(
            rf'<c r="{cell}"><f>(.*?)</f><v\s*/?>(?:</v>)?',
            lambda m, k=kind, v=value, c=cell: f'<c r="{c}"{k}><f>{m.group(1)}</f><v>{v}</v>',
            xml,
        )
        assert count == 1, cell
    contents[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in contents.items():
            package.writestr(name, data)
    return path
