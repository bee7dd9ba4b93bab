"""avp list, report, targets and validate across the programmes of a workspace."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.workspace import POLICE_MEASURE, make_workspace

NAMES = ["Brielle", "Voorbeeld", "Westvoorne"]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The three programmes in the working directory of ``invoke``."""
    make_workspace(tmp_path)
    return tmp_path


def test_list_by_partner_json_has_programme_key(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["list", "--partner", "politie", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted({r["programme"] for r in rows}) == NAMES  # Brielle's police: politie-nl
    brielle = [r for r in rows if r["programme"] == "Brielle"]
    assert brielle and all("politie-nl" in r["partners"] for r in brielle)
    westvoorne = {r["id"]: r for r in rows if r["programme"] == "Westvoorne"}
    assert westvoorne[POLICE_MEASURE]["status"] == "on_track"  # from Westvoorne's own log
    assert next(iter(rows[0])) == "programme"


def test_list_by_partner_csv_and_table(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["list", "--partner", "Politie", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and rows[0] and next(iter(rows[0])) == "programme"
    assert {r["programme"] for r in rows} == set(NAMES)
    table = invoke(["list", "--partner", "politie"])
    assert table.exit_code == 0
    assert "Programma" in table.stdout and all(name in table.stdout for name in NAMES)


def test_programme_narrows_list(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["list", "--partner", "politie", "--programme", "brielle", "--format", "json"])
    assert {r["programme"] for r in json.loads(result.stdout)} == {"Brielle"}
    unknown = invoke(["list", "--programme", "Hellevoetsluis"])
    assert unknown.exit_code == 2
    assert "choose from: Brielle, Voorbeeld, Westvoorne" in unknown.stderr


def test_unknown_partner_everywhere_is_an_error(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["list", "--partner", "kustwacht"])
    assert result.exit_code == 2  # as an unknown --programme: issue 15, point 12
    assert "no partner 'kustwacht'" in result.stderr and "none of the 3 programmes" in result.stderr


def test_file_keeps_one_programme_output(invoke: Invoke, workspace: Path) -> None:
    one = invoke(
        ["list", "--partner", "politie", "--format", "json", "--file", "voorbeeld/programma.yaml"]
    )
    rows = json.loads(one.stdout)
    assert rows and "programme" not in rows[0]


def test_single_programme_command_names_the_choices(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["show", POLICE_MEASURE])
    assert result.exit_code == 2
    assert "lists 3 programmes" in result.stderr and "--file PATH" in result.stderr
    assert invoke(["show", POLICE_MEASURE, "--file", "westvoorne/programma.yaml"]).exit_code == 0


def test_bad_avp_toml_has_line_and_column(invoke: Invoke, workspace: Path) -> None:
    (workspace / "avp.toml").write_text('programmes = ["gemeenten/*.yaml"]\n', encoding="utf-8")
    result = invoke(["list"])
    assert result.exit_code == 2
    assert result.stderr.startswith("avp: error: avp.toml:1:15: the pattern 'gemeenten/*.yaml'")


def test_report_by_partner_json(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["report", "--partner", "politie", "--format", "json", "--as-of", "2022-06-30"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["programme"] for s in data["summary"]] == NAMES
    assert [p["programme"]["name"] for p in data["programmes"]] == NAMES
    assert data["scope"] == {"kind": "partner", "name": "politie"}
    per_programme = [p["totals"]["measures"] for p in data["programmes"]]
    assert data["totals"]["measures"] == sum(per_programme) and data["totals"]["programmes"] == 3
    brielle = data["programmes"][0]
    assert brielle["scope"]["id"] == "politie-nl"
    assert data["totals"]["counts"]["on_track"] == 1  # Westvoorne's entry


def test_report_is_built_with_the_collector_paused(
    invoke: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reports across a workspace are built and written with the cycle collector
    paused (it would walk their objects again and again), and it runs again after."""
    import avp.report

    seen: list[bool] = []
    original = avp.report.build_report

    def build(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(avp.report, "build_report", build)
    assert gc.isenabled()
    result = invoke(["report", "--partner", "politie", "--format", "json", "--as-of", "2022-06-30"])
    assert result.exit_code == 0, result.output
    assert seen == [False, False, False]
    assert gc.isenabled()


def test_report_indexes_each_programme_once(
    invoke: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index that found the partner in a programme is the one its report uses."""
    from avp.programme.query import ProgrammeIndex

    made: list[str] = []
    original = ProgrammeIndex.__init__

    def init(self: ProgrammeIndex, programme: Any) -> None:
        made.append(programme.programme.municipality)
        original(self, programme)

    monkeypatch.setattr(ProgrammeIndex, "__init__", init)
    result = invoke(["report", "--partner", "politie", "--format", "json", "--as-of", "2022-06-30"])
    assert result.exit_code == 0, result.output
    assert len(made) == len(set(made)) == 3


@pytest.mark.parametrize("fmt", ["markdown", "html", "terminal"])
def test_report_by_partner_has_a_section_per_programme(
    invoke: Invoke, workspace: Path, fmt: str
) -> None:
    result = invoke(["report", "--partner", "politie", "--format", fmt, "-o", f"out.{fmt}"])
    assert result.exit_code == 0, result.output
    text = (workspace / f"out.{fmt}").read_text(encoding="utf-8")
    assert "Samenvatting per programma" in text
    positions = [
        text.index(f"Actieprogramma Integraal Veiligheidsbeleid {n}")
        for n in ("Brielle", "Westvoorne")
    ]
    assert positions == sorted(positions)
    if fmt == "markdown":
        assert "## Brielle" in text and "## Voorbeeld" in text and "## Westvoorne" in text
    if fmt == "html":
        assert "<h2>Brielle</h2>" in text and "<h2>Westvoorne</h2>" in text


def test_report_csv_has_programme_column(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["report", "--partner", "politie", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert next(iter(rows[0])) == "programme"
    assert {r["programme"] for r in rows} == set(NAMES)


def test_report_field_and_whole_workspace(invoke: Invoke, workspace: Path) -> None:
    whole = json.loads(invoke(["report", "--format", "json"]).stdout)
    assert whole["totals"]["programmes"] == 3
    field = json.loads(invoke(["report", "--field", "Fysieke", "--format", "json"]).stdout)
    assert {p["scope"]["kind"] for p in field["programmes"]} == {"field"}


def test_targets_across_programmes(invoke: Invoke, workspace: Path) -> None:
    result = invoke(
        ["targets", "--partner", "politie", "--format", "json", "--as-of", "2022-06-30"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["programme"] for r in rows} == {"Brielle", "Westvoorne"}  # Voorbeeld has none
    narrowed = json.loads(
        invoke(["targets", "--programme", "Westvoorne", "--format", "json"]).stdout
    )
    assert {r["programme"] for r in narrowed} == {"Westvoorne"}


def test_validate_checks_every_programme_and_log(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["validate"])
    assert result.exit_code == 0, result.output
    assert "4 files checked: 0 error(s)" in result.stderr  # three programmes and one log
    assert "westvoorne/voortgang-2021-2022.yaml against westvoorne/programma.yaml" in result.stderr
    (workspace / "voorbeeld" / "programma.yaml").write_text("programme: {}\n", encoding="utf-8")
    broken = invoke(["validate"])
    assert broken.exit_code == 1
    assert "voorbeeld/programma.yaml:1:" in broken.stdout


def test_many_rows_are_plain_columns(
    invoke: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avp.cli import list as list_cmd

    monkeypatch.setattr(list_cmd, "PLAIN_TABLE_ROWS", 5)
    result = invoke(["list", "--partner", "politie"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Programma", "Nr.", "Maatregel", "Partners", "Status"]
    assert set(lines[1].strip()) == {"─"}
    assert lines[2].split()[:2] == ["Brielle", "1.1.1"]
    assert all(len(line) <= 200 for line in lines)  # COLUMNS=200
    assert "" in lines  # a blank line between programmes


def test_targets_year_outside_every_programme(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["targets", "--year", "2019"])
    assert result.exit_code == 2
    assert "--year 2019 is outside the period of every programme" in result.stderr


def test_log_needs_one_programme(invoke: Invoke, workspace: Path) -> None:
    result = invoke(["report", "--log", "x.yaml"])
    assert result.exit_code == 2
    assert "--log names the log of one programme, and avp.toml lists 3" in result.stderr


def test_export_sqlite_holds_every_programme_of_the_workspace(
    invoke: Invoke, workspace: Path
) -> None:
    """avp export sqlite in a workspace: one file with every programme under its name,
    each measure's status avp's own; --programme narrows."""
    import sqlite3

    from avp.workspace import Workspace

    result = invoke(["export", "sqlite", "alle.db", "--as-of", "2022-06-30"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(workspace / "alle.db") as db:
        names = [n for (n,) in db.execute("SELECT name FROM programmes ORDER BY name")]
        assert names == NAMES
        stored = {
            (programme, measure): status
            for programme, measure, status in db.execute(
                "SELECT programme, measure_id, status FROM current_status"
            )
        }
    opened = Workspace.open(cwd=workspace)
    expected = {
        (name, measure): status.value
        for name, project in opened.named()
        for measure, status in project.statuses(dt.date(2022, 6, 30)).items()
    }
    assert stored == expected
    narrowed = invoke(["export", "sqlite", "een.db", "--programme", "brielle"])
    assert narrowed.exit_code == 0, narrowed.output
    with sqlite3.connect(workspace / "een.db") as db:
        assert [n for (n,) in db.execute("SELECT name FROM programmes")] == ["Brielle"]


def test_the_readme_partner_query_finds_what_list_finds(invoke: Invoke, workspace: Path) -> None:
    """The README's query of partner_measures matches the police by id or alias in every
    programme, as `avp list --partner politie` does (Brielle's police are politie-nl)."""
    import sqlite3

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Export to SQLite", 1)[1].split("\n### ", 1)[0]
    query = section.split("```sql\n", 1)[1].split(";", 1)[0]
    assert invoke(["export", "sqlite", "alle.db"]).exit_code == 0
    with sqlite3.connect(workspace / "alle.db") as db:
        found = {(programme, measure) for programme, measure, *_ in db.execute(query)}
    listed = json.loads(invoke(["list", "--partner", "politie", "--format", "json"]).stdout)
    expected = {(r["programme"], r["id"]) for r in listed if r["status"] not in ("done", "dropped")}
    assert "Brielle" in {programme for programme, _ in expected}
    assert found == expected


def test_report_output_onto_a_programme_of_the_workspace_is_refused(
    invoke: Invoke, workspace: Path
) -> None:
    target = workspace / "westvoorne" / "programma.yaml"
    before = target.read_bytes()
    result = invoke(["report", "--format", "html", "-o", target])
    assert result.exit_code == 2, result.output
    assert "--output" in result.stderr
    assert target.read_bytes() == before


def test_the_measure_keeps_room_at_80_columns(
    invoke: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a programme column the theme leaves the table (the id says it; csv and json
    keep it): the measure's text had 4 of 80 columns ("Buur/tbem/idde")."""
    monkeypatch.setenv("COLUMNS", "80")
    result = invoke(["list", "--partner", "politie"])
    assert result.exit_code == 0, result.output
    assert "Buurtbemiddeling" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    rows = invoke(["list", "--partner", "politie", "--format", "csv"]).stdout
    assert "theme_name" in rows.splitlines()[0]
