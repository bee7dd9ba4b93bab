"""The Excel reader: visible sheets as tables (or headings and tables), values as shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from avp.importing.blocks import Heading, Paragraph, Table
from avp.importing.readers import xlsx as reader
from tests.importing.documents import HEADER, workbook


def test_a_workbook_with_one_row_per_measure_is_one_table(tmp_path: Path) -> None:
    blocks = reader.read(workbook(tmp_path / "acties.xlsx"))
    assert blocks == [
        Table(
            rows=[
                HEADER,
                [
                    "Veilige woon- en leefomgeving",
                    "Woninginbraak",
                    "Voorlichting over inbraakpreventie.",
                    "Gemeente",
                    "Twee voorlichtingsavonden.",
                    "15000",
                ],
                [
                    "Veilige woon- en leefomgeving",
                    "Woninginbraak",
                    "Keurmerk Veilig Wonen onder de aandacht brengen.",
                    "Woningcorporatie",
                    "2025-03-01",
                    "2500.5",
                ],
                # Formulas give the result Excel saved with them, never the formula.
                [
                    "Jeugd en veiligheid",
                    "Overlast jeugd",
                    "Jongerenwerk",
                    "Jongerenwerk",
                    "2",
                    "17500.5",
                ],
            ],
            where="sheet Acties, row 1",
        )
    ]


def _book(tmp_path: Path, *sheets: tuple[str, list[list[Any]]], hidden: str = "") -> Path:
    import openpyxl  # type: ignore[import-untyped]  # lazy: only the import tests need it

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title == hidden:
            sheet.sheet_state = "hidden"
    path = tmp_path / "boek.xlsx"
    book.save(path)
    return path


def test_a_formula_without_a_saved_result_is_empty_and_noted(tmp_path: Path) -> None:
    path = _book(tmp_path, ("Blad1", [["Nr", "Budget"], ["1.1", "=2*3"]]))
    (table,) = reader.read(path)
    assert isinstance(table, Table)
    assert table.rows == [["Nr", "Budget"], ["1.1", ""]]
    assert table.notes == [
        "sheet Blad1: formulas without a saved result read as empty (B2); open the "
        "workbook in Excel, save it and import again"
    ]


def test_several_visible_sheets_each_get_a_heading(tmp_path: Path) -> None:
    path = _book(
        tmp_path,
        ("Wonen", [["Nr", "Actie"], ["1.1", "Inbraak"]]),
        ("Verborgen", [["Nr", "Actie"], ["9.9", "Geheim"]]),
        ("Jeugd", [["Nr", "Actie"], ["2.1", "Overlast"]]),
        hidden="Verborgen",
    )
    assert reader.read(path) == [
        Heading("Wonen", 1, None, "sheet Wonen"),
        Table([["Nr", "Actie"], ["1.1", "Inbraak"]], "sheet Wonen, row 1"),
        Heading("Jeugd", 1, None, "sheet Jeugd"),
        Table([["Nr", "Actie"], ["2.1", "Overlast"]], "sheet Jeugd, row 1"),
    ]


def test_a_sheet_in_the_documents_layout_gives_headings_and_tables(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["1 Veilige woon- en leefomgeving"],
        ["1.1 Woninginbraak"],
        ["Nr", "Actie", "Trekker"],
        ["1.1.1", "Voorlichting", "Politie"],
        [],
        ["1.2 Fietsendiefstal"],
        ["1.2.1", "Fietsen graveren", "Gemeente"],
    ]
    assert reader.read(_book(tmp_path, ("Programma", rows))) == [
        Heading("Veilige woon- en leefomgeving", 1, "1", "sheet Programma, row 1"),
        Heading("Woninginbraak", 2, "1.1", "sheet Programma, row 2"),
        Table(
            [["Nr", "Actie", "Trekker"], ["1.1.1", "Voorlichting", "Politie"]],
            "sheet Programma, row 3",
            ["sheet Programma: empty row dropped (row 5)"],
        ),
        Heading("Fietsendiefstal", 2, "1.2", "sheet Programma, row 6"),
        Table(
            [["Nr", "Actie", "Trekker"], ["1.2.1", "Fietsen graveren", "Gemeente"]],
            "sheet Programma, row 7",
            ["sheet Programma: the header row repeated above row 7"],
        ),
    ]


def test_merged_cells_give_their_text_once(tmp_path: Path) -> None:
    import openpyxl  # lazy: only the import tests need it

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["Thema", "Actie"], ["Jeugd", "Een"], [None, "Twee"]]:
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    path = tmp_path / "samengevoegd.xlsx"
    book.save(path)
    (table,) = reader.read(path)
    assert isinstance(table, Table)
    assert table.rows == [["Thema", "Actie"], ["Jeugd", "Een"], ["", "Twee"]]
    assert table.notes == [
        "sheet Sheet: cells merged down give their text in the first row only (A2:A3)"
    ]


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (3.0, "General", "3"),
        (0.1 + 0.2, "General", "0.3"),
        (12, "General", "12"),
        (0.25, "0%", "25%"),
        (dt.datetime(2025, 3, 1), "yyyy-mm-dd", "2025-03-01"),
        (dt.datetime(2025, 3, 1, 14, 30), "General", "2025-03-01 14:30"),
        (dt.date(2025, 3, 1), "General", "2025-03-01"),
        (True, "General", "WAAR"),
        ("  twee\r\nregels ", "General", "twee\nregels"),
        ("=A1+1", "General", "=A1+1"),
        (None, "General", ""),
    ],
)
def test_values_read_as_excel_shows_them(value: Any, number_format: str, shown: str) -> None:
    assert reader.cell_text(value, number_format) == shown


def test_text_that_starts_with_an_equals_sign_stays_text(tmp_path: Path) -> None:
    import openpyxl  # lazy: only the import tests need it

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nr", "Actie"])
    sheet["A2"] = "1.1"
    sheet["B2"] = '=HYPERLINK("x")'
    sheet["B2"].data_type = "s"  # text, as Excel keeps a cell typed as text
    path = tmp_path / "tekst.xlsx"
    book.save(path)
    (table,) = reader.read(path)
    assert isinstance(table, Table)
    assert table.rows[1] == ["1.1", '=HYPERLINK("x")']


def test_a_title_and_a_note_around_one_table_are_paragraphs(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Actieprogramma Veiligheid 2025"],
        ["Vastgesteld door het college op 1 maart 2025."],
        ["Nr", "Actie", "Trekker"],
        ["1", "Voorlichting", "Politie"],
        ["Jeugd en veiligheid"],
        ["2", "Overlast aanpakken", "Jongerenwerk"],
        ["Bron: veiligheidsanalyse 2024."],
    ]
    in_document_layout = reader.read(_book(tmp_path, ("Blad1", rows)))
    # A short text between table rows: the document's layout, its short texts headings;
    # sentences stay paragraphs.
    assert [type(b).__name__ for b in in_document_layout] == [
        "Heading", "Paragraph", "Table", "Heading", "Table", "Paragraph",
    ]  # fmt: skip
    del rows[4]
    assert reader.read(_book(tmp_path, ("Blad1", rows))) == [
        Paragraph("Actieprogramma Veiligheid 2025", "sheet Blad1, row 1"),
        Paragraph("Vastgesteld door het college op 1 maart 2025.", "sheet Blad1, row 2"),
        Table(
            [
                ["Nr", "Actie", "Trekker"],
                ["1", "Voorlichting", "Politie"],
                ["2", "Overlast aanpakken", "Jongerenwerk"],
            ],
            "sheet Blad1, row 3",
        ),
        Paragraph("Bron: veiligheidsanalyse 2024.", "sheet Blad1, row 6"),
    ]


def test_in_a_sheet_with_numbered_headings_an_unnumbered_line_is_a_paragraph(
    tmp_path: Path,
) -> None:
    rows: list[list[Any]] = [
        ["Actieprogramma Integrale Veiligheid 2025-2026"],
        ["1 Veilige woon- en leefomgeving"],
        ["Nr", "Actie"],
        ["1.1", "Voorlichting"],
        ["2 Jeugd"],
        ["2.1", "Jongerenwerk"],
    ]
    blocks = reader.read(_book(tmp_path, ("Blad1", rows)))
    assert blocks[:2] == [
        Paragraph("Actieprogramma Integrale Veiligheid 2025-2026", "sheet Blad1, row 1"),
        Heading("Veilige woon- en leefomgeving", 1, "1", "sheet Blad1, row 2"),
    ]
    assert blocks[3] == Heading("Jeugd", 1, "2", "sheet Blad1, row 5")
