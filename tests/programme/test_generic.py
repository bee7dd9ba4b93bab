"""Another municipality's programme as its document has it (issue: any municipality).

The fixture numbers its items as the source does (2.1.1, 2.1.1a, 2.3.2, B4), names its
levels Thema / Onderwerp / Actie, has a field without themes and a theme without measures,
extra columns, targets on a field and a theme, a dropped measure and an amendment.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from avp.programme.status import Status
from avp.project import Project
from tests.conftest import FIXTURES, Invoke

GENERIC = FIXTURES / "generic"


@pytest.fixture
def generic(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(GENERIC / name, tmp_path / name)
    return tmp_path / "programma.yaml"


def _json(invoke: Invoke, *args: object) -> object:
    result = invoke([*map(str, args), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_validates_with_warnings_only_for_what_the_document_lacks(
    invoke: Invoke, generic: Path
) -> None:
    problems = _json(invoke, "validate", generic, generic.parent / "voortgang.yaml")
    assert isinstance(problems, list)
    assert sorted((p["rule"], p["level"]) for p in problems) == [
        ("empty-field", "warning"),
        ("empty-theme", "warning"),
        ("no-partners", "warning"),
        ("no-result", "warning"),
    ]


def test_inserting_a_measure_keeps_every_entry_on_its_measure(generic: Path) -> None:
    """Hazard 1: a measure inserted before others renumbers nothing and moves no entry."""
    day = dt.date(2024, 7, 1)
    before = Project.open(generic).statuses(day)
    text = generic.read_text(encoding="utf-8")
    inserted = text.replace(
        "        measures:\n          - id: 2.1.1\n",
        "        measures:\n          - id: 2.1.0\n            text: Nieuwe actie.\n"
        "            partners: [gemeente]\n            result: Iets.\n          - id: 2.1.1\n",
        1,
    )
    assert inserted != text
    generic.write_text(inserted, encoding="utf-8")
    project = Project.open(generic)
    after = project.statuses(day)
    assert after["2.1.0"] is Status.not_started
    assert {k: v for k, v in after.items() if k != "2.1.0"} == before
    assert before["2.1.1"] is Status.on_track
    assert [r.measure.id for r in project.index.rows][:2] == ["2.1.0", "2.1.1"]  # file order


def test_a_dropped_measure_is_vervallen_from_its_date(generic: Path, invoke: Invoke) -> None:
    project = Project.open(generic)
    assert project.statuses(dt.date(2024, 5, 31))["2.1.2"] is Status.at_risk
    assert project.statuses(dt.date(2024, 6, 1))["2.1.2"] is Status.dropped
    assert "2.1.2" not in project.stale(dt.date(2024, 12, 31), days=30)
    report = invoke(["report", "-f", str(generic), "--as-of", "2024-07-01", "--format", "markdown"])
    assert "vervallen per 1 juni 2024 (collegebesluit 28 mei 2024)" in report.stdout
    assert project.programme.amendments[0].description.startswith("Actie 2.1.1a toegevoegd")


def test_targets_of_fields_and_themes_are_judged_at_their_level(
    invoke: Invoke, generic: Path
) -> None:
    rows = _json(invoke, "targets", "-f", generic, "--as-of", "2024-07-01")
    assert isinstance(rows, list)
    assert [(r["level"], r["owner"], r["target"], r["verdict"]) for r in rows] == [
        ("field", "2", "woninginbraken", "met"),
        ("theme", "2.1", "aangiften", "met"),
    ]
    assert rows[1]["field"] == "2" and rows[1]["theme"] == "2.1" and rows[1]["measure"] is None
    only = _json(invoke, "targets", "2.1", "-f", generic, "--as-of", "2024-07-01")
    assert isinstance(only, list) and [r["owner"] for r in only] == ["2.1"]
    # --partner selects measures, which these targets are not
    none = invoke(["targets", "-f", str(generic), "--partner", "politie"])
    assert none.exit_code == 0 and "no targets match" in none.stderr
    shown = _json(invoke, "show", "2.1", "-f", generic)
    assert isinstance(shown, dict)
    assert shown["level"] == "theme" and [t["id"] for t in shown["targets"]] == ["aangiften"]
    assert [h["value"] for h in shown["history"]] == [18]


def test_a_status_belongs_to_a_measure(invoke: Invoke, generic: Path) -> None:
    log = generic.parent / "voortgang.yaml"
    log.write_text(
        log.read_text(encoding="utf-8")
        + "  - measure: '2.1'\n    date: 2024-07-01\n    status: on_track\n"
        "    note: x\n    author: a\n",
        encoding="utf-8",
    )
    result = invoke(["validate", "-f", str(generic), str(log)])
    assert result.exit_code == 1
    assert "'2.1' is a theme, and only a measure has a status" in result.stdout


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "csv", "json"])
def test_every_report_uses_the_programmes_words(invoke: Invoke, generic: Path, fmt: str) -> None:
    result = invoke(
        ["report", "-f", str(generic), "--as-of", "2024-07-01", "--format", fmt],
        env={"COLUMNS": "120"},
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["level"], r["id"]) for r in rows] == [
            ("field", "2"),
            ("theme", "2.1"),
            ("measure", "2.1.1"),
            ("measure", "2.1.1a"),
            ("measure", "2.1.2"),
            ("measure", "2.3.2"),
        ]
        assert rows[2]["extra"] == "budget: € 4.000; planning: Q1 t/m Q4"
        assert rows[4]["dropped"].startswith("vervallen per 1 juni 2024")
        return
    if fmt == "json":
        data = json.loads(out)
        assert data["programme"]["labels"]["field"] == "Thema"
        assert data["programme"]["labels"]["result"] == "Resultaat 2024"
        fields = data["fields"]
        assert [f["id"] for f in fields] == ["2", "4", "B"]  # the empty field is there too
        assert [t["id"] for t in fields[0]["targets"]] == ["woninginbraken"]
        assert [t["id"] for t in fields[0]["themes"][0]["targets"]] == ["aangiften"]
        first = fields[0]["themes"][0]["measures"][0]
        assert first["extra"] == {"budget": "€ 4.000", "planning": "Q1 t/m Q4"}
        assert fields[0]["themes"][0]["measures"][2]["dropped"] == {
            "date": "2024-06-01",
            "decision": "collegebesluit 28 mei 2024",
        }
        assert fields[2]["themes"][0]["measures"] == []
        return
    assert "Thema 2: Veilige woon- en leefomgeving" in out
    assert "Thema B: Integriteit en veiligheid" in out
    assert "Resultaat 2024" in out
    assert "Actie" in out and "Maatregel" not in out and "Veiligheidsveld" not in out
    assert "Woninginbraken per 1.000 inwoners onder 2,0" in out
    assert "Hoogstens 40 aangiften van woninginbraak" in out
    assert "Acties: nog geen" in out  # theme B4
    assert "€ 4.000" in out


def test_english_labels_replace_the_programmes_dutch_words(invoke: Invoke, generic: Path) -> None:
    result = invoke(
        [
            "report",
            "-f",
            str(generic),
            "--as-of",
            "2024-07-01",
            "--format",
            "markdown",
            "--lang",
            "en",
        ]
    )
    assert result.exit_code == 0, result.output
    assert (
        "Onderwerp" not in result.stdout
        and "Safety field 2: Veilige woon- en leefomgeving" in result.stdout
    )


@pytest.mark.parametrize("years", [1, 10])
def test_any_period_length(invoke: Invoke, tmp_path: Path, years: int) -> None:
    text = (GENERIC / "programma.yaml").read_text(encoding="utf-8")
    end = 2024 + years - 1
    changed = text.replace("end: 2024-12-31}", f"end: {end}-12-31}}", 1)
    path = tmp_path / "programma.yaml"
    path.write_text(changed.replace("  progress_log: voortgang.yaml\n", ""), encoding="utf-8")
    result = invoke(["validate", str(path)])
    assert result.exit_code == 0, result.output
    report = invoke(["report", "-f", str(path), "--as-of", "2024-07-01", "--format", "json"])
    assert json.loads(report.stdout)["programme"]["period"]["end"] == f"{end}-12-31"


def test_progress_for_a_themes_target(invoke: Invoke, generic: Path) -> None:
    """progress add names the theme; progress list shows its entries, also under --field."""
    args = ["progress", "add", "2.1", "--target", "aangiften", "--value", "20"]
    result = invoke([*args, "--note", "Q3", "--date", "2024-09-30", "-f", str(generic)])
    assert result.exit_code == 0, result.output
    status = ["--status", "on_track", "--note", "x", "--date", "2024-09-30"]
    refused = invoke(["progress", "add", "2.1", *status, "-f", str(generic)])
    assert refused.exit_code == 1 and "only a measure has a status" in refused.stderr
    rows = _json(invoke, "progress", "list", "2.1", "-f", generic)
    assert isinstance(rows, list) and [r["value"] for r in rows] == [18, 20]
    by_field = _json(invoke, "progress", "list", "--field", "2", "-f", generic)
    assert isinstance(by_field, list)
    assert {r["measure"] for r in by_field} == {"2.1.1", "2.1.2", "2.1", "2"}
    by_partner = _json(invoke, "progress", "list", "--partner", "politie", "-f", generic)
    assert isinstance(by_partner, list)
    assert {r["measure"] for r in by_partner} == {"2.1.1", "2.1.2"}
