"""The CSV reader: UTF-8 (with or without BOM) or Excel's Windows-1252, any usual delimiter."""

from __future__ import annotations

from pathlib import Path

import pytest

from avp.importing.blocks import Table
from avp.importing.readers import csv as reader

ROWS = [
    ["Nr", "Actie", "Trekker", "Beoogd resultaat"],
    [
        "1.1.1",
        "Voorlichting; in twee wijken",
        "Gemeente, Politie",
        "Twee avonden.\nIn elke wijk één.",
    ],
    ["1.1.2", "=SOM(A1:A2)", "Woningcorporatie", ""],
]

SEMICOLONS = (
    "\ufeffNr;Actie;Trekker;Beoogd resultaat\r\n"
    '1.1.1;"Voorlichting; in twee wijken";Gemeente, Politie;'
    '"Twee avonden.\r\nIn elke wijk één."\r\n'
    ";;;\r\n"
    "1.1.2;=SOM(A1:A2);Woningcorporatie;\r\n"
)


def test_a_semicolon_separated_export_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "acties.csv"
    path.write_bytes(SEMICOLONS.encode("utf-8"))
    assert reader.read(path) == [
        Table(ROWS, "acties.csv, row 1", ["acties.csv: empty row dropped (row 3)"])
    ]


@pytest.mark.parametrize("delimiter", [",", "\t", "|"])
def test_other_delimiters_without_a_bom(tmp_path: Path, delimiter: str) -> None:
    import csv  # lazy: only this test writes CSV
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(ROWS)
    path = tmp_path / "acties.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    (table,) = reader.read(path)
    assert isinstance(table, Table)
    assert table.rows == ROWS


def test_windows_1252_from_excel_is_read_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "acties.csv"
    path.write_bytes("Nr;Actie\r\n1.1;Één café\r\n".encode("cp1252"))
    (table,) = reader.read(path)
    assert isinstance(table, Table)
    assert table.rows == [["Nr", "Actie"], ["1.1", "Één café"]]
    assert table.notes == ["acties.csv: not UTF-8; read as Windows-1252 (Excel's CSV)"]


def test_short_rows_are_padded_and_empty_trailing_columns_dropped(tmp_path: Path) -> None:
    path = tmp_path / "acties.csv"
    path.write_text("Nr;Actie;;\n1.1;Een;;\n1.2\n", encoding="utf-8")
    (table,) = reader.read(path)
    assert isinstance(table, Table)
    assert table.rows == [["Nr", "Actie"], ["1.1", "Een"], ["1.2", ""]]


def test_sniff() -> None:
    assert reader.sniff("a;b;c\n1;2,5;3\n") == ";"
    assert reader.sniff("a,b\n1,2\n") == ","
    assert reader.sniff("alleen tekst\n") == ","
