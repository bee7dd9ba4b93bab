"""Reports show the source under an imported figure, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.indicators.test_cli import run_import


@pytest.fixture
def imported(invoke: Invoke, westvoorne: Path) -> Path:
    run_import(invoke, westvoorne, "47013NED.zip", "83648NED.csv", "03759ned.json")
    return westvoorne


def report(invoke: Invoke, folder: Path, *args: str) -> str:
    result = invoke(["report", "-f", folder / "programma.yaml", "--as-of", "2023-03-01", *args])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_terminal_and_markdown(invoke: Invoke, imported: Path) -> None:
    terminal = report(invoke, imported)
    assert "Bron: Politie open data 47013NED, 2022" in terminal
    assert "Bron: CBS 83648NED, 2022" in terminal
    markdown = report(invoke, imported, "--format", "markdown")
    assert "<br>Bron: Politie open data 47013NED, 4e kwartaal 2022 |" in markdown
    assert "gehaald<br>Bron: CBS 83648NED, 2022" in markdown


def test_json_and_csv(invoke: Invoke, imported: Path) -> None:
    data = json.loads(report(invoke, imported, "--format", "json"))
    field = data["fields"][0]
    sources = {t["id"]: t.get("source") for t in field["targets"]}
    assert sources["woninginbraak"] == "Bron: Politie open data 47013NED, 2022"
    assert sources["vernieling"] == "Bron: CBS 83648NED"  # no figure for 2022: no period
    assert "Bron: CBS 83648NED, 2022" in report(invoke, imported, "--format", "csv")


def test_html(invoke: Invoke, imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.html"
    result = invoke(
        ["report", "-f", imported / "programma.yaml", "--as-of", "2023-03-01",
         "--format", "html", "--output", out]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<br><span class="source">Bron: CBS 83648NED, 2022</span>' in html


def test_english(invoke: Invoke, imported: Path) -> None:
    assert "Source: CBS 83648NED, 2022" in report(invoke, imported, "--lang", "en")


def test_no_source_line_without_a_source(invoke: Invoke, tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    result = invoke(
        ["report", "-f", FIXTURES / "targets" / "programma.yaml", "--format", "markdown"]
    )
    assert "Bron:" not in result.stdout
