"""A table with field and theme columns becomes headings with the rows under them."""

from __future__ import annotations

from avp.importing.blocks import Heading, Paragraph, Table
from avp.importing.grouping import group_columns, ungroup

HEADER = ["Thema", "Onderwerp", "Actie", "Trekker"]


def test_thema_names_the_field_when_onderwerp_names_the_theme() -> None:
    assert group_columns(HEADER) == (0, 1)
    assert group_columns(["Thema", "Actie"]) == (None, 0)
    assert group_columns(["Veiligheidsveld", "Thema", "Maatregel"]) == (0, 1)
    assert group_columns(["Nr", "Actie", "Trekker"]) == (None, None)


def test_rows_go_under_headings_when_the_group_changes() -> None:
    table = Table(
        [
            HEADER,
            ["1 Veilig wonen", "1.1 Inbraak", "Voorlichting.", "Gemeente"],
            ["", "", "Keurmerk.", "Woningcorporatie"],  # empty: the group above
            ["1 Veilig wonen", "1.2 Overlast", "Toezicht.", "BOA's"],
            ["2 Jeugd", "Overlast jeugd", "Jongerenwerk.", "Jongerenwerk"],
        ],
        "sheet Acties",
    )
    blocks = ungroup([Paragraph("Titel"), table])
    assert blocks[0] == Paragraph("Titel")
    shape = [
        (b.level, b.number, b.text) if isinstance(b, Heading) else [r[0] for r in b.rows]
        for b in blocks[1:]
        if not isinstance(b, Paragraph)
    ]
    assert shape == [
        (1, "1", "Veilig wonen"),
        (2, "1.1", "Inbraak"),
        ["Actie", "Voorlichting.", "Keurmerk."],
        (2, "1.2", "Overlast"),
        ["Actie", "Toezicht."],
        (1, "2", "Jeugd"),
        (2, None, "Overlast jeugd"),
        ["Actie", "Jongerenwerk."],
    ]


def test_a_table_without_group_columns_is_unchanged() -> None:
    table = Table([["Nr", "Actie"], ["1", "Iets."]])
    assert ungroup([table]) == [table]
