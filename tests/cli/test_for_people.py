"""What people read of a progress entry is in the programme's language: the confirmation
of avp progress add, amend and retract and the figures of avp progress list (issue 15)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, FIXTURES, Invoke


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    """The bundled programme (1.3.5 has a target of a value) and a log of its own."""
    shutil.copy(BUNDLED, tmp_path / "programma.yaml")
    shutil.copy(FIXTURES / "readme" / "voortgang.yaml", tmp_path / "voortgang.yaml")
    return ["-f", str(tmp_path / "programma.yaml"), "--log", str(tmp_path / "voortgang.yaml")]


ENTRY = [
    "1.3.5",
    "--status",
    "at_risk",
    "--value",
    "9.4",
    "--note",
    "Burgernet Q2",
    "--correction",
    "Extra campagne",
    "--date",
    "2022-06-01",
    "--author",
    "P. Bakker",
]


def _rows(text: str) -> dict[str, str]:
    """The table's rows: the first word(s) up to two spaces, then the value."""
    rows = {}
    for line in text.splitlines():
        parts = re.split(r"\s{2,}", line.strip(), maxsplit=1)
        if len(parts) == 2:
            rows[parts[0]] = parts[1]
    return rows


def _id(text: str) -> str:
    found = re.search(r"\bId\s+([a-z2-7]{10})\b", text)
    assert found, text
    return found.group(1)


def test_the_added_entry_is_shown_in_the_programmes_language(
    invoke: Invoke, files: list[str]
) -> None:
    """Issue 15, point 2: progress add, amend and retract confirm in Dutch (headers, the
    names of the entry's parts, the status's label, the figure with a decimal comma, no
    'evaluation False'); --lang en gives English; json stays data."""
    added = invoke(["progress", "add", *files, *ENTRY])
    assert added.exit_code == 0, added.output
    rows = _rows(added.stdout)
    assert rows["Wat"] == "Waarde"  # the header
    assert rows["Maatregel"] == "1.3.5"
    assert rows["Status"] == "aandacht"
    assert rows["Cijfer"] == "9,4"
    assert rows["Bijsturing"] == "Extra campagne"
    for key in ("at_risk", "evaluation", "False", "field", "value ", "status "):
        assert key not in added.stdout, key
    entry = _id(added.stdout)

    amended = invoke(["progress", "amend", *files, entry, "--value", "9.5"])
    assert amended.exit_code == 0, amended.output
    rows = _rows(amended.stdout)
    assert (rows["Status"], rows["Cijfer"], rows["Vervangt"]) == ("aandacht", "9,5", entry)
    assert "False" not in amended.stdout and "supersedes" not in amended.stdout
    newer = _id(amended.stdout)

    english = invoke(["progress", "retract", *files, newer, "--reason", "dubbel", "--lang", "en"])
    assert english.exit_code == 0, english.output
    rows = _rows(english.stdout)
    assert rows["what"] == "value"
    assert rows["retracts"] == newer
    assert "Trekt in" not in english.stdout

    data = invoke(["progress", "add", *files, *ENTRY, "--format", "json"])
    assert data.exit_code == 0, data.output
    record = json.loads(data.stdout)
    assert (record["status"], record["value"], record["evaluation"]) == ("at_risk", 9.4, False)


def test_figures_have_the_programmes_decimal_separator(invoke: Invoke, files: list[str]) -> None:
    """Issue 15, point 3: progress list shows 9,4 in the table and markdown as the rest of
    avp does in Dutch (9.4 with --lang en); csv and json keep the number 9.4."""
    assert invoke(["progress", "add", *files, *ENTRY, "--format", "json"]).exit_code == 0
    table = invoke(["progress", "list", *files, "1.3.5"])
    assert table.exit_code == 0, table.output
    assert re.search(r"\s9,4\s", table.stdout) and not re.search(r"\b9\.4\b", table.stdout)
    markdown = invoke(["progress", "list", *files, "1.3.5", "--format", "markdown"])
    assert "| 9,4 |" in markdown.stdout
    english = invoke(["progress", "list", *files, "1.3.5", "--format", "markdown", "--lang", "en"])
    assert "| 9.4 |" in english.stdout
    data = invoke(["progress", "list", *files, "1.3.5", "--format", "json"])
    assert 9.4 in [e["value"] for e in json.loads(data.stdout)]
    csv = invoke(["progress", "list", *files, "1.3.5", "--format", "csv"])
    assert ",9.4," in csv.stdout
