"""The Word reader: headings, paragraphs and tables of a .docx, in reading order."""

from __future__ import annotations

from pathlib import Path

from avp.importing.api import read_blocks
from avp.importing.blocks import Heading, Paragraph, Table
from avp.importing.readers import docx as reader
from tests.importing.documents import word_document


def test_a_word_document_in_another_layout_reads_block_by_block(tmp_path: Path) -> None:
    blocks = reader.read(word_document(tmp_path / "programma.docx"))
    assert blocks == [
        Heading("Veilige woon- en leefomgeving", 1, "1", "paragraph 1"),
        Heading("Woninginbraak", 2, "1.1", "paragraph 2"),
        Paragraph("Doel: Minder woninginbraken.", "paragraph 3"),
        Table(
            rows=[
                ["Nr", "Actie", "Trekker", "Beoogd resultaat"],
                [
                    "1.1.1",
                    "Voorlichting over inbraakpreventie in wijken met veel inbraken.",
                    "Gemeente, Politie",
                    "Twee voorlichtingsavonden.\nIn elke wijk één.",
                ],
                [
                    "1.1.2",
                    "Keurmerk Veilig Wonen onder de aandacht brengen.",
                    "Woningcorporatie",
                    "",
                ],
                [
                    "1.1.3",
                    "WhatsApp-buurtpreventiegroepen ondersteunen.",
                    "",
                    "Tien actieve groepen.",
                ],
                ["Budget: binnen bestaande middelen.", "", "", ""],
            ],
            where="table 1",
            notes=[
                "table 1: empty row dropped (row 5)",
                "table 1: cells merged down give their text in the first row only "
                "(row 4, column 3)",
            ],
        ),
        Heading("Fietsendiefstal", 2, "1.2", "paragraph 5"),
    ]


def test_avp_import_reads_a_docx_by_its_suffix_in_any_case(tmp_path: Path) -> None:
    path = word_document(tmp_path / "PROGRAMMA.DOCX")
    assert read_blocks(path) == reader.read(path)


def _document_with(tmp_path: Path, build: object) -> Path:
    import docx  # lazy: python-docx is only needed by the import tests

    document = docx.Document()
    build(document)  # type: ignore[operator]
    path = tmp_path / "doc.docx"
    document.save(str(path))
    return path


def test_dutch_heading_styles_and_styles_based_on_them(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE  # lazy: python-docx only in these tests

    def build(document: object) -> None:
        styles = document.styles  # type: ignore[attr-defined]
        kop = styles.add_style("Kop 2", WD_STYLE_TYPE.PARAGRAPH)
        eigen = styles.add_style("Eigen kop", WD_STYLE_TYPE.PARAGRAPH)
        eigen.base_style = styles["Heading 3"]
        document.add_paragraph("2.3 Jeugd", style=kop)  # type: ignore[attr-defined]
        document.add_paragraph("Overlast", style=eigen)  # type: ignore[attr-defined]

    blocks = reader.read(_document_with(tmp_path, build))
    assert blocks == [
        Heading("Jeugd", 2, "2.3", "paragraph 1"),
        Heading("Overlast", 3, None, "paragraph 2"),
    ]


def test_paragraphs_and_tables_interleave_in_document_order(tmp_path: Path) -> None:
    def build(document: object) -> None:
        for n in range(2):
            document.add_paragraph(f"Voor tabel {n + 1}")  # type: ignore[attr-defined]
            table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
            table.cell(0, 0).text = f"{n + 1}.1"
            table.cell(0, 1).text = "Actie"

    blocks = reader.read(_document_with(tmp_path, build))
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph", "Table"]
    assert [b.where for b in blocks] == ["paragraph 1", "table 1", "paragraph 2", "table 2"]
    assert isinstance(blocks[3], Table)
    assert blocks[3].rows == [["2.1", "Actie"]]


def test_cell_paragraphs_become_lines_and_spaces_are_tidied(tmp_path: Path) -> None:
    def build(document: object) -> None:
        table = document.add_table(rows=1, cols=1)  # type: ignore[attr-defined]
        cell = table.cell(0, 0)
        cell.text = "  Eerste\u00a0 regel  "
        cell.add_paragraph("")
        cell.add_paragraph("Tweede\tregel")

    (table,) = reader.read(_document_with(tmp_path, build))
    assert isinstance(table, Table)
    assert table.rows == [["Eerste regel\nTweede regel"]]


def test_a_heading_without_a_number_and_an_empty_heading(tmp_path: Path) -> None:
    def build(document: object) -> None:
        document.add_heading("Inleiding", level=1)  # type: ignore[attr-defined]
        document.add_heading("", level=1)  # type: ignore[attr-defined]
        document.add_heading("2021 was een goed jaar", level=2)  # type: ignore[attr-defined]

    blocks = reader.read(_document_with(tmp_path, build))
    assert blocks == [
        Heading("Inleiding", 1, None, "paragraph 1"),
        # A year is not a heading number (numbers have at most three digits a part).
        Heading("2021 was een goed jaar", 2, None, "paragraph 3"),
    ]


def test_heading_number() -> None:
    assert reader.heading_number("2.1 Jeugd") == ("2.1", "Jeugd")
    assert reader.heading_number("3. Ondermijning") == ("3", "Ondermijning")
    assert reader.heading_number("Jeugd") == (None, "Jeugd")
    assert reader.heading_number("1.1.Jeugd") == (None, "1.1.Jeugd")


def test_word_numbering_of_heading_styles_is_counted_per_level(tmp_path: Path) -> None:
    from docx.oxml import parse_xml  # lazy: python-docx only in these tests

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def build(document: object) -> None:
        for text, level in [("Wonen", 1), ("Inbraak", 2), ("Fietsen", 2), ("Jeugd", 1)]:
            heading = document.add_heading(text, level=level)  # type: ignore[attr-defined]
            numbering = f'<w:numPr {w}><w:ilvl w:val="{level - 1}"/><w:numId w:val="1"/></w:numPr>'
            heading._p.get_or_add_pPr().append(parse_xml(numbering))

    blocks = reader.read(_document_with(tmp_path, build))
    assert [(b.text, b.number) for b in blocks if isinstance(b, Heading)] == [
        ("Wonen", "1"),
        ("Inbraak", "1.1"),
        ("Fietsen", "1.2"),
        ("Jeugd", "2"),
    ]


def test_the_table_of_contents_is_skipped(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE  # lazy: python-docx only in these tests
    from docx.oxml import parse_xml  # lazy: python-docx only in these tests

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def build(document: object) -> None:
        styles = document.styles  # type: ignore[attr-defined]
        titel = styles.add_style("Kop van inhoudsopgave", WD_STYLE_TYPE.PARAGRAPH)
        titel.base_style = styles["Heading 1"]
        entry = styles.add_style("Inhopg 2", WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("Inhoud", style=titel)  # type: ignore[attr-defined]
        document.add_paragraph("1.1 Woninginbraak\t3", style=entry)  # type: ignore[attr-defined]
        control = parse_xml(
            f"<w:sdt {w}><w:sdtPr><w:docPartObj><w:docPartGallery w:val='Table of Contents'/>"
            "</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>1 Wonen 2</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        )
        document.element.body.insert(0, control)  # type: ignore[attr-defined]
        document.add_heading("1 Wonen", level=1)  # type: ignore[attr-defined]

    blocks = reader.read(_document_with(tmp_path, build))
    assert blocks == [Heading("Wonen", 1, "1", "paragraph 3")]


def test_skipped_grid_columns_and_rows_in_content_controls_keep_their_place(
    tmp_path: Path,
) -> None:
    from docx.oxml import parse_xml  # lazy: python-docx only in these tests

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def cell(text: str, extra: str = "") -> str:
        return f"<w:tc><w:tcPr>{extra}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    bad_span = "<w:gridSpan w:val='x'/>"
    table = parse_xml(
        f"<w:tbl {w}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{cell('Nr')}{cell('Actie')}{cell('Trekker')}</w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>{cell('Een')}{cell('Politie')}</w:tr>"
        f"<w:sdt><w:sdtContent><w:tr>{cell('2.1')}{cell('Twee', bad_span)}"
        f"{cell('OM')}</w:tr></w:sdtContent></w:sdt>"
        "</w:tbl>"
    )

    def build(document: object) -> None:
        document.element.body.insert(0, table)  # type: ignore[attr-defined]

    (block,) = reader.read(_document_with(tmp_path, build))
    assert isinstance(block, Table)
    assert block.rows == [["Nr", "Actie", "Trekker"], ["", "Een", "Politie"], ["2.1", "Twee", "OM"]]
