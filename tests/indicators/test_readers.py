"""Each reader on the fixtures and on small variants of the formats."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from avp.indicators.dataset import OpenDataError
from avp.indicators.readers import read, reader_for
from tests.indicators.conftest import OPENDATA

DAY = dt.date(2023, 2, 1)


def test_folder_has_labels_units_and_stripped_keys() -> None:
    data = read(OPENDATA / "47013NED", None, DAY)
    assert (data.table, data.region, data.period, data.format) == (
        "47013NED",
        "RegioS",
        "Perioden",
        "odata-folder",
    )
    assert data.columns["GeregistreerdeMisdrijven_1"].unit == "aantal"
    row = data.rows[6]
    assert row.members["RegioS"].key == "GM0614"  # 'GM0614    ' in the file
    assert row.members["RegioS"].label == "Westvoorne"
    assert row.members["SoortMisdrijf"].label == "1.1.1 Diefstal/inbraak woning"
    assert row.where.endswith("TypedDataSet.json, record 7")
    assert data.retrieved == DAY


def test_zip_is_the_folder() -> None:
    folder = read(OPENDATA / "47013NED", None, DAY)
    archive = read(OPENDATA / "47013NED.zip", None, DAY)
    assert [r.values for r in archive.rows] == [r.values for r in folder.rows]
    assert [r.members for r in archive.rows] == [r.members for r in folder.rows]
    assert archive.format == "odata-zip"


def test_single_typed_dataset_without_metadata() -> None:
    data = read(OPENDATA / "03759ned.json", None, DAY)
    assert data.table == "03759NED"  # from odata.metadata
    assert set(data.columns) == {"BevolkingOp1Januari_1", "GemiddeldeBevolking_2"}
    assert data.dimensions == ("Geslacht", "Leeftijd", "BurgerlijkeStaat", "RegioS", "Perioden")


def test_cbsodata_download_is_a_bare_array(tmp_path: Path) -> None:
    """cbsodata.download_data saves each part as a JSON array, without 'value'."""
    folder = tmp_path / "47013NED"
    shutil.copytree(OPENDATA / "47013NED", folder)
    for part in folder.glob("*.json"):
        data = json.loads(part.read_text(encoding="utf-8"))
        part.write_text(json.dumps(data["value"]), encoding="utf-8")
    data = read(folder, None, DAY)
    assert data.table == "47013NED"  # from TableInfos.json
    assert len(data.rows) == 30


def test_untyped_dataset_and_symbols(tmp_path: Path) -> None:
    path = tmp_path / "UntypedDataSet-47013NED.json"
    records = [
        {"ID": 0, "RegioS": "GM0614", "Perioden": "2022MM01", "Misdrijven_1": "     12"},
        {"ID": 1, "RegioS": "GM0614", "Perioden": "2022MM02", "Misdrijven_1": "       ."},
    ]
    path.write_text(json.dumps({"value": records}), encoding="utf-8")
    data = read(path, None, DAY)
    assert [r.values["Misdrijven_1"] for r in data.rows] == [12.0, None]
    assert data.rows[1].symbols["Misdrijven_1"] == "."


def test_statline_csv_with_labels() -> None:
    data = read(OPENDATA / "83648NED.csv", None, DAY)
    assert data.dimensions == ("Soort misdrijf", "Regio's", "Perioden")
    assert (data.region, data.period) == ("Regio's", "Perioden")
    column = data.column("Totaal geregistreerde misdrijven")
    assert column is not None and column.unit == "aantal" and column.is_count
    rate = data.column("Geregistreerde misdrijven per 1000 inwoners")
    assert rate is not None and rate.is_rate
    assert data.rows[1].values[rate.key] == 1.2  # '1,2'
    assert data.rows[4].values[column.key] is None  # 'x'
    assert data.rows[4].where.endswith("83648NED.csv:6")


def test_statline_csv_with_keys(tmp_path: Path) -> None:
    path = tmp_path / "47021NED.csv"
    path.write_text(
        '"ID";"SoortOverlast";"RegioS";"Perioden";"GeregistreerdeOverlast_1"\n'
        '0;"J103   ";"GM0614  ";"2022MM01";"14"\n'
        '1;"J103   ";"GM0614  ";"2022MM02";"."\n'
        '2;"J103   ";"GM0614  ";"2022MM03";"-"\n',
        encoding="utf-8",
    )
    data = read(path, None, DAY)
    assert data.table == "47021NED"
    assert [r.values["GeregistreerdeOverlast_1"] for r in data.rows] == [14.0, None, 0.0]
    assert data.rows[0].members["RegioS"].key == "GM0614"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("t-83648NED.csv", "", "the file is empty"),
        ("t-83648NED.csv", "a,b,c\n1,2,3\n", "separates its columns with ';'"),
        ("t-83648NED.csv", '"Soort";"Perioden";"Aantal (aantal)"\n"a";"2022";"1"\n', "no RegioS"),
        ("t-83648NED.json", "[1, 2]", "record 1: not an object"),
        ("t-83648NED.json", '{"odata.metadata": "x"}', "no 'value' array"),
        ("t-83648NED.json", '{"value": [{"RegioS": "GM0614", "Perioden": "2022JJ00", "A": true}]}',
         "A is True, not a number"),
        ("t-83648NED.txt.gz", "x", "cannot tell its format"),
        ("t-83648NED.json", '{"value": [], "odata.nextLink": "https://x"}', "one page"),
        ("t-83648NED.json", '{"value": [', "t-83648NED.json:1:12: not valid JSON"),
    ],
)  # fmt: skip
def test_bad_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OpenDataError, match=message):
        read(path, None, DAY)


def test_a_zip_without_a_data_set(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "47013NED.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("RegioS.json", '{"value": []}')
    with pytest.raises(OpenDataError, match=r"no TypedDataSet\.json in it"):
        read(path, None, DAY)


def test_reader_by_kind() -> None:
    assert reader_for(OPENDATA / "47013NED").name == "odata-folder"
    assert reader_for(OPENDATA / "83648NED.csv").name == "statline-csv"
