"""``avp import`` end to end from Word, Excel and CSV: the programme validates and holds
every measure, partner and result of the document verbatim."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.conftest import Invoke
from tests.importing.documents import MEASURES, word_document, workbook


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        data: dict[str, Any] = YAML(typ="safe").load(stream)
    return data


def measures(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for f in data["fields"] for t in f["themes"] for m in t["measures"]]


def partner_names(data: dict[str, Any], measure: dict[str, Any]) -> list[str]:
    names = {p["id"]: p["name"] for p in data["partners"]}
    return [names[pid] for pid in measure.get("partners", [])]


def test_a_word_document_imports_and_validates(invoke: Invoke, tmp_path: Path) -> None:
    source = word_document(tmp_path / "programma.docx")
    result = invoke(["import", source, "-o", "out.yaml", "--review", "review.md"])
    # The row merged across the table ("Budget: ...") belongs to no measure: exit 1, listed.
    assert result.exit_code == 1, result.output
    assert "'Budget: binnen bestaande middelen.'" in Path("review.md").read_text("utf-8")
    assert invoke(["validate", "-f", "out.yaml"]).exit_code == 0
    data = load(Path("out.yaml"))
    (field,) = data["fields"]
    assert (str(field["id"]), field["name"]) == ("1", "Veilige woon- en leefomgeving")
    theme = field["themes"][0]
    assert (str(theme["id"]), theme["name"], theme["goal"]) == (
        "1.1",
        "Woninginbraak",
        "Minder woninginbraken.",
    )
    got = [
        (str(m["id"]), m["text"], ", ".join(partner_names(data, m)), m.get("result", ""))
        for m in measures(data)
    ]
    assert got == MEASURES
    review = Path("review.md").read_text(encoding="utf-8")
    assert "cells merged down give their text in the first row only" in review


def test_a_workbook_imports_and_validates(invoke: Invoke, tmp_path: Path) -> None:
    source = workbook(tmp_path / "acties.xlsx")
    result = invoke(["import", source, "-o", "out.yaml"])
    assert result.exit_code == 0, result.output
    assert invoke(["validate", "-f", "out.yaml"]).exit_code == 0
    data = load(Path("out.yaml"))
    got = [
        (m["text"], partner_names(data, m), m.get("result"), m["extra"]["budget"])
        for m in measures(data)
    ]
    assert got == [
        (
            "Voorlichting over inbraakpreventie.",
            ["Gemeente"],
            "Twee voorlichtingsavonden.",
            "15000",
        ),
        (
            "Keurmerk Veilig Wonen onder de aandacht brengen.",
            ["Woningcorporatie"],
            dt.date(2025, 3, 1).isoformat(),
            "2500.5",
        ),
        # The formulas' saved results, never '=...'.
        ("Jongerenwerk", ["Jongerenwerk"], "2", "17500.5"),
    ]
    text = Path("out.yaml").read_text(encoding="utf-8")
    assert "=" not in "".join(line.split("#")[0] for line in text.splitlines())
    # The Thema and Onderwerp columns give the fields and themes.
    assert [(f["name"], [t["name"] for t in f["themes"]]) for f in data["fields"]] == [
        ("Veilige woon- en leefomgeving", ["Woninginbraak"]),
        ("Jeugd en veiligheid", ["Overlast jeugd"]),
    ]


def test_a_semicolon_csv_with_a_bom_imports_and_validates(invoke: Invoke, tmp_path: Path) -> None:
    rows = [["Nr", "Actie", "Trekker", "Beoogd resultaat"]] + [
        [number, action, partner, result.replace("\n", " ")]
        for number, action, partner, result in MEASURES
    ]
    source = tmp_path / "acties.csv"
    lines = [";".join(f'"{cell}"' for cell in row) for row in rows]
    source.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    result = invoke(["import", source, "-o", "out.yaml"])
    assert result.exit_code == 0, result.output
    assert invoke(["validate", "-f", "out.yaml"]).exit_code == 0
    data = load(Path("out.yaml"))
    got = [(str(m["id"]), m["text"], m.get("result", "")) for m in measures(data)]
    assert got == [(row[0], row[1], row[3]) for row in rows[1:]]
