"""The .txt reader on small hand-made inputs."""

from __future__ import annotations

from pathlib import Path

from avp.importing.blocks import Heading, Paragraph, Table
from avp.importing.readers.txt import read, read_text_blocks

HEADER = "Doel\tMaatregel\tPartners\tResultaat 2022"


def tables(text: str) -> list[Table]:
    return [b for b in read_text_blocks(text) if isinstance(b, Table)]


def test_headings_paragraphs_and_a_table() -> None:
    text = "\n".join(
        [
            "Inhoud",
            "Veiligheidsveld 1: Veilige woon- en leefomgeving.....\t5",
            "",
            "Veiligheidsveld 2 Bedrijvigheid en veiligheid",
            "",
            "Veilig uitgaan\t\t\t",
            HEADER,
            "Doel A.\tMaatregel een.\tGemeente.\tResultaat een.",
        ]
    )
    blocks = read_text_blocks(text)
    assert blocks[0] == Paragraph("Inhoud", "line 1")
    assert isinstance(blocks[1], Paragraph)  # a table-of-contents line, not a heading
    assert blocks[2] == Heading("Bedrijvigheid en veiligheid", 1, "2", "line 4")
    assert blocks[3] == Heading("Veilig uitgaan", 2, None, "line 6")
    assert blocks[4] == Table(
        [HEADER.split("\t"), ["Doel A.", "Maatregel een.", "Gemeente.", "Resultaat een."]],
        "line 7",
        [],
    )


def test_a_row_split_at_a_page_break_is_merged() -> None:
    text = "\n".join(
        [
            HEADER,
            "Doel.\tDe gemeente is regievoerder rond (o.a. personen met verward"
            "\tPolitie,\tEr is een",
            "",
            "\tgedrag) met aandacht.\tgemeente.\tsamenwerking.",
            "\tTweede maatregel.\tGemeente.\tKlaar.",
        ]
    )
    [table] = tables(text)
    assert table.rows[1] == [
        "Doel.",
        "De gemeente is regievoerder rond (o.a. personen met verward gedrag) met aandacht.",
        "Politie, gemeente.",
        "Er is een samenwerking.",
    ]
    assert table.rows[2][1] == "Tweede maatregel."
    assert len(table.rows) == 3
    assert any("continues the row above" in note for note in table.notes)


def test_a_continuation_of_one_cell_only() -> None:
    text = "\n".join([HEADER, "\tEen veelpleger wordt\tPolitie.\tMinder.", "", "\tbesproken.\t\t"])
    [table] = tables(text)
    assert table.rows[1][1:] == ["Een veelpleger wordt besproken.", "Politie.", "Minder."]


def test_paragraph_markup_is_removed() -> None:
    text = "\n".join([HEADER, "\t<p>Eerste.</p> <p>Tweede.</p>\tGemeente.\t<p>Klaar.</p>"])
    [table] = tables(text)
    assert table.rows[1][1] == "Eerste.\n\nTweede."
    assert table.rows[1][3] == "Klaar."
    assert any("markup removed" in note for note in table.notes)


def test_a_repeated_header_row_is_dropped() -> None:
    text = "\n".join([HEADER, "\tEen.\tGemeente.\tA.", "", HEADER, "\tTwee.\tPolitie.\tB."])
    [table] = tables(text)
    assert [row[1] for row in table.rows] == ["Maatregel", "Een.", "Twee."]
    assert any("repeated header" in note for note in table.notes)


def test_a_heading_between_tables_starts_a_new_table() -> None:
    text = "\n".join(
        ["Thema een", HEADER, "\tEen.\tGemeente.\tA.", "Thema twee", HEADER, "\tTwee.\tB.\tC."]
    )
    assert [len(t.rows) for t in tables(text)] == [2, 2]


def test_numbered_headings_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("\ufeff2.1 Veilig uitgaan\n1. Een punt in een lijst.\n", encoding="utf-8")
    assert read(path) == [
        Heading("Veilig uitgaan", 2, "2.1", "line 1"),
        Paragraph("1. Een punt in een lijst.", "line 2"),
    ]
