"""The builder: columns by their names, numbering, partner cells, the verbatim check."""

from __future__ import annotations

from typing import Any

from avp.importing.blocks import Heading, Paragraph, Table
from avp.importing.build import build
from avp.importing.columns import recognise
from avp.importing.partners import PartnerIndex, parse_cell
from avp.importing.verbatim import missing_cells


def index_of(*partners: dict[str, Any]) -> PartnerIndex:
    index = PartnerIndex()
    for partner in partners:
        index.add(partner, "programme")
    return index


def test_columns_by_their_other_names() -> None:
    columns = recognise(["Nr.", "Doelstelling", "Actie", "Trekker", "Beoogd resultaat", "Budget"])
    assert columns.roles == {"id": 0, "goal": 1, "measure": 2, "partners": 3, "result": 4}
    assert columns.extra == {5: "budget"}
    assert recognise(["WAT GAAN WE DOEN?", "Wie", "Resultaat 2024"]).roles == {
        "measure": 0,
        "partners": 1,
        "result": 2,
    }


def test_a_document_with_its_own_numbers_and_names() -> None:
    blocks = [
        Heading("Veilige wijken", 1, "2", "line 1"),
        Heading("Woninginbraak", 2, "2.1", "line 2"),
        Paragraph("Doel: minder woninginbraken.", "line 3"),
        Table(
            [
                ["Nr", "Actie", "Trekker", "Beoogd resultaat", "Planning"],
                ["2.1.1", "Voorlichting geven.", "Gemeente", "Twee keer per jaar.", "Q1"],
                ["2.1.2", "Controles.", "Politie", "", ""],
            ],
            "line 4",
        ),
    ]
    index = index_of({"id": "gemeente", "name": "Gemeente"}, {"id": "politie", "name": "Politie"})
    built = build(blocks, index)
    assert built.unplaced == []
    [field] = built.fields
    assert (field["id"], field["name"]) == ("2", "Veilige wijken")
    [theme] = field["themes"]
    assert (theme["id"], theme["goal"]) == ("2.1", "minder woninginbraken.")
    assert theme["measures"] == [
        {
            "id": "2.1.1",
            "text": "Voorlichting geven.",
            "partners": ["gemeente"],
            "result": "Twee keer per jaar.",
            "extra": {"planning": "Q1"},
        },
        {"id": "2.1.2", "text": "Controles.", "partners": ["politie"]},
    ]
    assert built.labels == {"measure": "Actie", "partners": "Trekker", "result": "Beoogd resultaat"}
    assert not built.positional


def test_numbers_by_position_and_the_goal_from_a_doel_column() -> None:
    blocks = [
        Heading("Jeugd", 1, None, "line 1"),
        Heading("Overlast", 2, None, "line 2"),
        Table(
            [
                ["Doel", "Maatregel", "Partners", "Resultaat 2022"],
                ["Minder overlast.", "Een.", "Politie.", "A."],
                ["Ook zorg.", "Twee.", "", "B."],
            ],
            "line 3",
        ),
    ]
    built = build(blocks, index_of({"id": "politie", "name": "Politie"}))
    theme = built.fields[0]["themes"][0]
    assert theme["id"] == "1.1"
    assert theme["goal"] == "Minder overlast. Ook zorg."
    assert [m["id"] for m in theme["measures"]] == ["1.1.1", "1.1.2"]
    assert built.positional


def test_partner_cells() -> None:
    index = index_of(
        {"id": "gemeente", "name": "Gemeente Westvoorne", "aliases": ["gemeente"]},
        {"id": "boa", "name": "BOA's", "parent": "gemeente"},
        {"id": "bob", "name": "BOB", "parent": "gemeente"},
        {"id": "om", "name": "Openbaar Ministerie", "aliases": ["OM"]},
        {"id": "zvh", "name": "Zorg- en Veiligheidshuis"},
        {"id": "politie", "name": "Politie"},
    )
    cell = parse_cell("Gemeente (BOA's/BOB), politie en OM.", index)
    assert (cell.ids, cell.note, cell.new) == (["boa", "bob", "politie", "om"], None, [])
    cell = parse_cell("GEMEENTE, zorg- en veiligheidshuis. Mogelijk ook met maneges.", index)
    assert (cell.ids, cell.note) == (["gemeente", "zvh"], "Mogelijk ook met maneges.")
    cell = parse_cell("Gemeente i.s.m. Stichting Één", index)
    assert (cell.ids, cell.new) == (["gemeente", "stichting-een"], ["stichting-een"])
    assert index.partners["stichting-een"]["name"] == "Stichting Één"


def test_new_partners_under_a_new_parent() -> None:
    index = PartnerIndex()
    cell = parse_cell("Gemeente (Handhaving), Brandweer", index)
    assert cell.ids == ["handhaving", "brandweer"]
    assert index.partners["handhaving"]["parent"] == "gemeente"


def data_with(measures: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "partners": [{"id": "politie", "name": "Politie"}],
        "fields": [{"id": "1", "name": "V", "themes": [{"id": "1.1", "measures": measures}]}],
    }


def test_the_verbatim_check_catches_a_dropped_cell() -> None:
    cells = [
        ("measure", "Eerste  maatregel.", "line 2", "1.1.1"),
        ("partners", "Politie.", "line 2", "1.1.1"),
        ("result", "Klaar.", "line 2", "1.1.1"),
        ("measure", "Tweede.", "line 3", "1.1.2"),
    ]
    whole = data_with(
        [
            {
                "id": "1.1.1",
                "text": "Eerste maatregel.",
                "partners": ["politie"],
                "result": "Klaar.",
            },
            {"id": "1.1.2", "text": "Tweede."},
        ]
    )
    assert missing_cells(whole, cells) == []
    dropped = data_with([{"id": "1.1.1", "text": "Eerste maatregel.", "partners": []}])
    missing = missing_cells(dropped, cells)
    assert len(missing) == 3
    assert "line 2: partner cell" in missing[0]
    assert "'Klaar.'" in missing[1] and "'Tweede.'" in missing[2]


def test_a_table_without_a_measure_column_is_not_placed() -> None:
    blocks = [Heading("V", 1, None, "line 1"), Table([["Naam", "Bedrag"], ["A", "3"]], "line 2")]
    built = build(blocks, PartnerIndex())
    assert len(built.unplaced) == 4
    assert built.fields == []


def test_a_registry_name_inside_a_longer_name_is_one_new_partner() -> None:
    """'gebiedsteam Westvoorne' is one partner, not the registry's gebiedsteam plus a new
    'Westvoorne'; a registry name standing alone, or before a parenthesis, still counts."""
    from avp.importing.partners import PartnerIndex, parse_cell

    index = PartnerIndex()
    index.add({"id": "wijkteam", "name": "Wijkteam", "aliases": ["gebiedsteam"]}, "registry")
    index.add({"id": "gemeente", "name": "Gemeente"}, "registry")
    cell = parse_cell("Gemeente (BOA's), gebiedsteam Westvoorne, gebiedsteam.", index)
    # 'Gemeente (BOA's)' names the BOA's only, as in the bundled programme
    assert cell.ids == ["boas", "gebiedsteam-westvoorne", "wijkteam"]
    assert cell.new == ["boas", "gebiedsteam-westvoorne"]
    assert index.partners["boas"]["parent"] == "gemeente"
