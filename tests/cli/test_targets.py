"""`avp targets`, figures in `avp progress add`, and `avp validate` on targets and figures."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avp.programme.load import load_programme
from avp.progress.models import Entry
from avp.progress.read import load_log
from avp.progress.write import entry_yaml
from avp.yamlio.loader import load
from tests.conftest import BUNDLED, FIXTURES, Invoke

SOURCE = FIXTURES / "targets"
PROGRAMME = SOURCE / "programma.yaml"


def targets(invoke: Invoke, *args: str, file: Path = PROGRAMME) -> Any:
    result = invoke(["targets", "-f", str(file), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if result.stdout else []


def by_target(records: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["measure"], r["target"]): r for r in records}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(SOURCE / name, tmp_path / name)
    return tmp_path / "programma.yaml"


# --- avp targets -----------------------------------------------------------------------------


def test_every_target_with_its_verdict(invoke: Invoke) -> None:
    found = by_target(targets(invoke, "--as-of", "2022-06-30", "--lang", "en"))
    assert list(found) == [
        ("1.1.1", "controle"),
        ("1.1.2", "klein"),
        ("1.1.2", "algeheel"),
        ("1.1.3", "deelname"),
        ("1.1.4", "groepen"),
        ("2.1.1", "controle"),
        ("2.1.1", "ondernemingen"),
        ("2.1.2", "schouw"),
        ("2.1.3", "voorstel"),
    ]
    control = found[("1.1.1", "controle")]
    assert control == {
        "owner": "1.1.1",
        "level": "measure",
        "measure": "1.1.1",
        "field": "1",
        "theme": "1.1",
        "target": "controle",
        "kind": "frequency",
        "description": "Twee keer per jaar een integrale bedrijvencontrole",
        "period": "2022",
        "period_label": "2022",
        "required": 2,
        "achieved": 1,
        "verdict": "on_course",
        "verdict_label": "on course",
        "forecast": "1 of 2 in 2022, 26 weeks left: on course (1 expected by now)",
        "status": "on_track",
        "disagrees": False,
    }
    burgernet = found[("1.1.3", "deelname")]
    assert (burgernet["verdict"], burgernet["achieved"], burgernet["required"]) == (
        "at_risk",
        9.4,
        10,
    )
    assert burgernet["disagrees"] is True  # on track by hand, at risk by the numbers
    schouw = found[("2.1.2", "schouw")]
    assert (schouw["required"], schouw["achieved"], schouw["verdict"]) == (8, 3, "at_risk")
    assert found[("2.1.3", "voorstel")]["verdict"] == "met"
    assert found[("1.1.4", "groepen")]["verdict"] == "no_data"


def test_as_of_gives_the_verdict_of_that_day(invoke: Invoke) -> None:
    def verdict(day: str, measure: str, target: str) -> str:
        found = by_target(targets(invoke, "--as-of", day))
        return str(found[(measure, target)]["verdict"])

    assert verdict("2021-06-01", "2.1.3", "voorstel") == "at_risk"  # due in four weeks
    assert verdict("2021-06-28", "2.1.3", "voorstel") == "met"  # delivered that day
    assert verdict("2021-03-31", "1.1.1", "controle") == "on_course"  # 2 x 90/365 < 0.5
    assert verdict("2021-05-19", "1.1.1", "controle") == "at_risk"  # 2 x 139/365 > 0.5
    assert verdict("2021-05-20", "1.1.1", "controle") == "on_course"  # the first one
    assert verdict("2021-12-31", "1.1.1", "controle") == "met"
    assert verdict("2022-12-31", "1.1.1", "controle") == "missed"
    assert verdict("2021-12-31", "2.1.1", "ondernemingen") == "missed"  # 4 < 5 in September
    assert verdict("2021-08-31", "2.1.1", "ondernemingen") == "on_course"


def test_year(invoke: Invoke) -> None:
    found = by_target(targets(invoke, "--year", "2021"))
    assert found[("1.1.1", "controle")]["period"] == "2021"
    assert found[("1.1.1", "controle")]["verdict"] == "met"
    assert found[("1.1.4", "groepen")]["forecast"] == "31 in 2021 (2020: 30; minimaal 30): gehaald"
    assert ("2.1.3", "voorstel") in found
    later = by_target(targets(invoke, "--year", "2022", "--as-of", "2022-06-30"))
    assert later[("1.1.1", "controle")]["period"] == "2022"
    assert ("2.1.3", "voorstel") not in later  # due in 2021
    # --as-of before the year's end judges the year on that day
    assert later[("1.1.1", "controle")]["verdict"] == "on_course"


def test_field_partner_and_measure(invoke: Invoke) -> None:
    assert {r["measure"] for r in targets(invoke, "--field", "2")} == {"2.1.1", "2.1.2", "2.1.3"}
    assert {r["measure"] for r in targets(invoke, "--field", "Veilige")} == {
        "1.1.1",
        "1.1.2",
        "1.1.3",
        "1.1.4",
    }
    assert {r["measure"] for r in targets(invoke, "--partner", "politie")} == {
        "1.1.1",
        "1.1.2",
        "2.1.1",
    }
    assert [r["target"] for r in targets(invoke, "1.1.2")] == ["klein", "algeheel"]


def test_periods(invoke: Invoke) -> None:
    rows = targets(invoke, "1.1.2", "--periods", "--as-of", "2021-01-20", "--lang", "en")
    assert [(r["target"], r["period"], r["verdict"]) for r in rows] == [
        ("klein", "2021-W01", "missed"),
        ("klein", "2021-W02", "missed"),
        ("klein", "2021-W03", "on_course"),  # Wednesday: 3 of 7 days gone
        ("algeheel", "2021-01", "at_risk"),  # 20 of 31 days gone
    ]
    assert rows[0] == {
        "owner": "1.1.2",
        "level": "measure",
        "target": "klein",
        "kind": "frequency",
        "period": "2021-W01",
        "period_label": "week 1 of 2021",
        "start": "2021-01-04",
        "end": "2021-01-10",
        "required": 1,
        "achieved": 0,
        "verdict": "missed",
        "verdict_label": "missed",
        "ended": True,
        "forecast": "0 of 1 in week 1 of 2021: missed",
    }
    weeks = targets(invoke, "1.1.2", "--periods", "--year", "2021")
    assert len([r for r in weeks if r["target"] == "klein"]) == 52
    assert len([r for r in weeks if r["target"] == "algeheel"]) == 12


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_formats(invoke: Invoke, fmt: str) -> None:
    result = invoke(
        ["targets", "-f", str(PROGRAMME), "--as-of", "2022-06-30", "--format", fmt],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "controle" in out and "deelname" in out and "voorstel" in out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 9
        assert rows[0]["forecast"].startswith("1 van 2 in 2022")
        assert rows[3]["verdict"] == "at_risk"
    elif fmt == "markdown":
        assert out.startswith("**Normen per 30 juni 2022**")
        assert "| Nr. | Norm | Omschrijving | Oordeel | Stand en verwachting |" in out
        assert "| op schema |" in out and "on\\_course" not in out
    else:
        assert "Normen per 30 juni 2022" in out
        assert "risico" in out and "at_risk" not in out
        assert "\x1b[" not in out


def test_bundled_programme(invoke: Invoke, tmp_path: Path) -> None:
    programme = tmp_path / "programma.yaml"
    programme.write_bytes(BUNDLED.read_bytes())  # without a progress log
    records = targets(invoke, "--as-of", "2022-06-30", file=programme)
    assert len({r["measure"] for r in records}) == 41  # 34, and 7 of issue 15
    inspection = by_target(records)[("2.2.3", "controle")]
    assert (inspection["required"], inspection["achieved"], inspection["verdict"]) == (
        2,
        0,
        "at_risk",
    )
    assert by_target(records)[("1.3.5", "deelname")]["verdict"] == "no_data"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--year", "2030"], 2, "avp: error: --year 2030 is outside the programme (2021 to 2022)"),
        (["--as-of", "2022-13-01"], 2, "avp: error: --as-of '2022-13-01' is not a date"),
        (
            ["--year", "2022", "--as-of", "2021-06-30"],
            2,
            "avp: error: --as-of 2021-06-30 lies before the year 2022",
        ),
        (["--field", "9"], 2, "avp: error: no field '9'"),
        (["3.1.1"], 2, "avp: error: no field, theme or measure '3.1.1'"),
    ],
)
def test_errors(invoke: Invoke, args: list[str], code: int, message: str) -> None:
    result = invoke(["targets", "-f", str(PROGRAMME), *args])
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(message)
    assert result.stdout == ""


def test_nothing_to_list(invoke: Invoke) -> None:
    result = invoke(["targets", "-f", str(PROGRAMME), "2.1.4"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no targets match\n")


# --- avp report ------------------------------------------------------------------------------


def report(invoke: Invoke, *args: str) -> str:
    result = invoke(["report", "-f", str(PROGRAMME), "--as-of", "2022-06-30", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_report_json_has_the_verdicts(invoke: Invoke) -> None:
    data = json.loads(report(invoke, "--format", "json"))
    measures = {m["id"]: m for f in data["fields"] for t in f["themes"] for m in t["measures"]}
    burgernet = measures["1.1.3"]
    assert (burgernet["status"], burgernet["verdict"], burgernet["disagrees"]) == (
        "on_track",
        "at_risk",
        True,
    )
    assert burgernet["verdict_label"] == "risico"
    [target] = burgernet["targets"]
    assert set(target) == {
        "id",
        "kind",
        "description",
        "period",
        "period_label",
        "required",
        "achieved",
        "verdict",
        "verdict_label",
        "forecast",
    }
    assert (target["id"], target["achieved"], target["verdict"]) == ("deelname", 9.4, "at_risk")
    # The worst target decides: horecacontrole at risk, visits without data.
    assert measures["2.1.1"]["verdict"] == "at_risk"
    assert [t["verdict"] for t in measures["2.1.1"]["targets"]] == ["at_risk", "no_data"]
    assert measures["1.1.1"]["verdict"] == "on_course" and not measures["1.1.1"]["disagrees"]
    assert measures["2.1.4"]["verdict"] is None and measures["2.1.4"]["targets"] == []
    assert data["totals"]["verdicts"] == {
        "met": 1,
        "on_course": 1,
        "at_risk": 4,
        "missed": 0,
        "no_data": 1,
    }
    # 1.1.3, and four measures with counts or values but no status (issue 15, point 6)
    assert data["totals"]["disagreements"] == 5
    assert [f["disagreements"] for f in data["fields"]] == [3, 2]
    # A figure is an update: the note is the latest entry's, the status its own.
    assert measures["1.1.1"]["status"] == "on_track"
    assert measures["1.1.1"]["last_update"] == "2022-03-03"


def test_report_shows_verdicts_beside_the_status(invoke: Invoke) -> None:
    md = report(invoke, "--format", "markdown")
    assert "**Berekend uit de normen:** 🔵 gehaald 1 · 🟢 op schema 1 · 🟠 risico 4" in md
    row = next(line for line in md.splitlines() if line.startswith("| 1.1.3 |"))
    assert "🟢 op koers<br>**Berekend:** 🟠 risico<br>⚠️ wijkt af van de stand van zaken" in row
    # the norm's description repeats the result text above it: only the judgement (issue 15)
    assert "**Norm:** 🟠 9,4% op 30 juni 2022 (volgens planning 9,77%)" in row
    html = report(invoke, "--format", "html")
    assert html.count('<span class="disagree">wijkt af van de stand van zaken</span>') == 5
    assert "<b>Berekend:</b>" in html and '<ul class="targets"' in html
    terminal = invoke(
        ["report", "-f", str(PROGRAMME), "--as-of", "2022-06-30"], env={"COLUMNS": "200"}
    ).stdout
    assert "Berekend uit de normen:" in terminal
    assert "! wijkt af van de stand van zaken" in terminal
    rows = list(csv.DictReader(io.StringIO(report(invoke, "--format", "csv"))))
    burgernet = next(r for r in rows if r["id"] == "1.1.3" and r["level"] == "measure")
    assert (burgernet["verdict"], burgernet["verdict_label"], burgernet["disagrees"]) == (
        "at_risk",
        "risico",
        "ja",
    )
    assert burgernet["targets"].startswith("Eind 2022 is 10% bereikt: 9,4% op 30 juni 2022")
    english = report(invoke, "--format", "markdown", "--lang", "en")
    assert "**Computed from the targets:** 🔵 met 1 · 🟢 on course 1 · 🟠 at risk 4" in english
    assert "differs from the status" in english


def test_report_without_targets_has_no_verdict_lines(invoke: Invoke) -> None:
    result = invoke(
        ["report", "-f", str(FIXTURES / "report" / "programma.yaml"), "--format", "markdown"]
    )
    assert "Berekend" not in result.stdout


# --- avp progress add with figures -----------------------------------------------------------


def add(invoke: Invoke, programme: Path, *args: str) -> Any:
    return invoke(["progress", "add", "-f", str(programme), "--author", "T", *args])


def test_add_a_count_without_a_status(invoke: Invoke, copy: Path) -> None:
    result = add(
        invoke,
        copy,
        "1.1.1",
        "--count",
        "1",
        "--note",
        "integrale bedrijvencontrole Oostvoorne",
        "--date",
        "2022-09-01",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["status"], record["count"], record["target"]) == (None, 1, None)
    programme = load_programme(copy)
    log = load_log(copy.parent / "voortgang.yaml", programme)
    assert log.entries[-1].id is not None  # progress add gives each entry an id
    assert log.entries[-1].model_copy(update={"id": None}) == Entry(
        measure="1.1.1",
        date="2022-09-01",  # type: ignore[arg-type]
        count=1,
        note="integrale bedrijvencontrole Oostvoorne",
        author="T",
    )
    found = by_target(targets(invoke, "--as-of", "2022-09-01", file=copy))
    assert found[("1.1.1", "controle")]["verdict"] == "met"
    # the measure keeps its status: a count says nothing about it
    shown = json.loads(invoke(["show", "1.1.1", "-f", str(copy), "--format", "json"]).stdout)
    assert shown["status"] == "on_track"
    assert [t["id"] for t in shown["targets"]] == ["controle"]


def test_progress_list_and_show_the_figures(invoke: Invoke) -> None:
    table = invoke(
        ["progress", "list", "-f", str(PROGRAMME), "1.1.1"], env={"COLUMNS": "200"}
    ).stdout
    assert "Cijfer" in table and "1 (controle)" in table
    rows = list(
        csv.DictReader(
            io.StringIO(
                invoke(["progress", "list", "-f", str(PROGRAMME), "--format", "csv"]).stdout
            )
        )
    )
    assert list(rows[0])[:6] == ["date", "measure", "status", "target", "count", "value"]
    assert "figure" not in rows[0]
    both = next(r for r in rows if r["measure"] == "2.1.1")
    assert (both["status"], both["count"], both["value"]) == ("", "1", "6.0")
    card = invoke(["show", "2.1.1", "-f", str(PROGRAMME)], env={"COLUMNS": "200"}).stdout
    assert "1 april 2021  aantal 1, waarde 6  Integrale horecacontrole" in card
    assert "● controle (frequentie): Twee keer per jaar een integrale horecacontrole" in card


def test_add_a_value_with_a_dutch_decimal_comma(invoke: Invoke, copy: Path) -> None:
    result = add(invoke, copy, "1.1.3", "--value", "9,95", "--note", "Q3", "--date", "2022-09-30")
    assert result.exit_code == 0, result.output
    log = load_log(copy.parent / "voortgang.yaml", load_programme(copy))
    assert log.entries[-1].value == 9.95  # the line stands at 9.89 on 30 September
    found = by_target(targets(invoke, "--as-of", "2022-10-01", file=copy))
    assert found[("1.1.3", "deelname")]["verdict"] == "on_course"


def test_add_a_count_for_a_named_target(invoke: Invoke, copy: Path) -> None:
    args = ["1.1.2", "--count", "1", "--note", "x", "--date", "2022-06-29"]
    ambiguous = add(invoke, copy, *args)
    assert ambiguous.exit_code == 1
    assert (
        "measure 1.1.2 has 2 targets that take a count (klein, algeheel); say which one with "
        "'target'" in ambiguous.stderr
    )
    assert add(invoke, copy, *args, "--target", "klein").exit_code == 0
    found = by_target(targets(invoke, "--as-of", "2022-06-30", file=copy))
    assert found[("1.1.2", "klein")]["achieved"] == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["1.1.1", "--value", "3", "--note", "x"], 1, "no target of measure 1.1.1 takes a value"),
        (
            ["1.1.1", "--count", "1", "--target", "kontrole", "--note", "x"],
            1,
            "measure 1.1.1 has no target 'kontrole' (did you mean 'controle'?)",
        ),
        (
            ["2.1.4", "--count", "1", "--note", "x"],
            1,
            "measure 2.1.4 has no targets, so a count has nothing to count towards",
        ),
        (["1.1.1", "--target", "controle", "--note", "x"], 2, "--target says what a --count"),
        (["1.1.3", "--value", "9.4%", "--note", "x"], 2, "--value '9.4%' is not a number"),
        (["1.1.3", "--value", "nan", "--note", "x"], 2, "--value 'nan' is not a number"),
        (["1.1.1", "--count", "-1", "--note", "x"], 2, "--count '-1' is not a count"),
        (["1.1.1", "--count", "1"], 2, "avp: error: missing --note (no terminal to ask on)"),
        (["1.1.1", "--note", "x"], 2, "avp: error: missing --status (no terminal to ask on)"),
    ],
)
def test_bad_figures_change_nothing(
    invoke: Invoke, copy: Path, args: list[str], code: int, message: str
) -> None:
    log = copy.parent / "voortgang.yaml"
    before = log.read_bytes()
    result = add(invoke, copy, *args, "--date", "2022-06-01")
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert log.read_bytes() == before


@given(
    st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([9.4, 10.0, 0.1 + 0.2]),
    st.integers(min_value=0, max_value=10**9),  # MAX_COUNT
)
def test_figures_round_trip_through_the_appender(value: float, count: int) -> None:
    entry = Entry(
        measure="1.1.3",
        date="2022-06-30",  # type: ignore[arg-type]
        target="deelname",
        value=value,
        count=count,
        note="n",
        author="a",
    )
    text = "entries:\n" + entry_yaml(entry)
    loaded = load(text, "test")["entries"][0]
    assert Entry.model_validate(loaded) == entry, text
    if value == 10.0:
        assert ", value: 10, " in text


# --- avp validate: targets in a programme, figures in a log ------------------------------------


def _programme_with(tmp_path: Path, old: str, new: str) -> Path:
    text = PROGRAMME.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "programma.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "                kind: frequency\n                description: Twee keer",
            "                kind: frequentie\n                description: Twee keer",
            "30:23: error: fields[0].themes[0].measures[0].targets[0].kind: unknown kind "
            "'frequentie' (did you mean 'frequency'?); choose from frequency, threshold, "
            "comparison, coverage, deliverable (schema)",
        ),
        (
            "                kind: frequency\n                description: Twee keer",
            "                description: Twee keer",
            "29:17: error: fields[0].themes[0].measures[0].targets[0]: missing required key "
            "'kind' (missing-key)",
        ),
        (
            "                per: year\n          - id: 1.1.2",
            "                per: year\n                per_year: 2\n          - id: 1.1.2",
            "34:17: error: fields[0].themes[0].measures[0].targets[0].per_year: unknown key "
            "'per_year' (allowed: id, description, kind, count, per, start, end) (unknown-key)",
        ),
        (
            "              - id: algeheel",
            "              - id: klein",
            "45:21: error: fields[0].themes[0].measures[1].targets[1].id: duplicate target id "
            "'klein' in measure 1.1.2 (first at targets[0]) (duplicate-id)",
        ),
        (
            "baseline: {value: 9.2, date: 2021-03-17}",
            "baseline: {value: 9.2, date: 2023-03-17}",
            "61:46: error: fields[0].themes[0].measures[2].targets[0].baseline.date: the "
            "baseline date 2023-03-17 must lie before the target date 2022-12-31 (target-dates)",
        ),
        (
            "                direction: increase",
            "                direction: decrease",
            "60:28: error: fields[0].themes[0].measures[2].targets[0].direction: direction "
            "'decrease' does not fit a target value of 10 from a baseline of 9.2 "
            "(target-direction)",
        ),
        (
            "                per_occasion: 5",
            "                per_occasion: 5\n                percent: 100",
            "91:17: error: fields[1].themes[0].measures[0].targets[1]: a coverage target has "
            "either 'percent' (a share of the population per period) or 'per_occasion' (a "
            "minimum at every occasion), not both (target-coverage)",
        ),
        (
            "                relation: at_least",
            "                relation: at_least\n                reference: 2021",
            "74:28: error: fields[0].themes[0].measures[3].targets[0].reference: the reference "
            "year 2021 must lie before the years it is compared with (from 2021) "
            "(target-reference)",
        ),
        (
            "due: 2021-06-30",
            "due: 2023-06-30",
            "114:22: warning: fields[1].themes[0].measures[2].targets[0].due: due date "
            "2023-06-30 is outside the programme period (2021-01-01 to 2022-12-31) "
            "(target-dates)",
        ),
    ],
)
def test_bad_targets_are_located(
    invoke: Invoke, tmp_path: Path, old: str, new: str, problem: str
) -> None:
    path = _programme_with(tmp_path, old, new)
    result = invoke(["validate", str(path), "--format", "text"])
    lines = [line.split(":", 1)[1] for line in result.stdout.splitlines()]
    assert lines == [problem], result.stdout
    assert result.exit_code == (0 if ": warning:" in problem else 1)


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            "  - measure: 1.1.2\n    date: 2022-01-05\n    count: 1\n    note: x\n    author: a\n",
            "10:12: error: entries[0].count: measure 1.1.2 has 2 targets that take a count "
            "(klein, algeheel); say which one with 'target' (target)",
        ),
        (
            "  - measure: 1.1.2\n    date: 2022-01-05\n    count: 1\n    target: klien\n"
            "    note: x\n    author: a\n",
            "11:13: error: entries[0].target: measure 1.1.2 has no target 'klien' (did you "
            "mean 'klein'?); its targets: klein (frequency), algeheel (frequency) (target)",
        ),
        (
            "  - measure: 1.1.1\n    date: 2022-01-05\n    target: controle\n    status: "
            "on_track\n    note: x\n    author: a\n",
            "10:13: error: entries[0].target: 'target' says which target a count or value is "
            "for, but this entry has neither; add a 'count' or a 'value', or leave 'target' "
            "out (target)",
        ),
        (
            "  - measure: 1.1.1\n    date: 2022-01-05\n    note: x\n    author: a\n",
            "8:5: error: entries[0]: an entry needs a 'status', a 'count' or a 'value' "
            "(empty-entry)",
        ),
        (
            "  - measure: 1.1.4\n    date: 2019-12-31\n    value: 3\n    note: x\n    author: a\n",
            "9:11: warning: entries[0].date: date 2019-12-31 is before the programme period "
            "(2021-01-01 to 2022-12-31) (outside-period)",
        ),
    ],
)
def test_bad_figures_in_a_log_are_located(
    invoke: Invoke, copy: Path, entry: str, problem: str
) -> None:
    log = copy.parent / "voortgang.yaml"
    log.write_text("# a log\n\n\n\n\n\nentries:\n" + entry, encoding="utf-8")
    result = invoke(["validate", str(copy), str(log), "--format", "text"])
    lines = [line.split(":", 1)[1] for line in result.stdout.splitlines()]
    assert lines == [problem], result.stdout


def test_a_reference_value_before_the_programme_gets_no_warning(invoke: Invoke, copy: Path) -> None:
    log = copy.parent / "voortgang.yaml"
    log.write_text(
        "entries:\n  - measure: 1.1.4\n    date: 2020-12-31\n    value: 30\n    note: x\n"
        "    author: a\n",
        encoding="utf-8",
    )
    result = invoke(["validate", str(copy), str(log)])
    assert (result.exit_code, result.stdout) == (0, "")


def test_progress_add_of_a_reference_value_gets_no_warning_from_the_snapshot(
    invoke: Invoke, copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """progress add checks its entry against the programme without its models (read from
    its snapshot): a comparison's reference value from before the programme is known
    as one there too."""
    import avp.project
    from avp.storage.snapshot import Twin

    read: list[object] = []
    original = avp.project.load_programme

    def load(*args: object, **kwargs: object) -> object:
        read.append(programme := original(*args, **kwargs))  # type: ignore[arg-type]
        return programme

    monkeypatch.setattr(avp.project, "load_programme", load)
    args = ["progress", "add", "1.1.4", "--value", "30", "--date", "2020-12-31"]
    result = invoke([*args, "--note", "x", "--author", "a", "-f", copy])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert read and all(isinstance(programme, Twin) for programme in read)
    outside = invoke([*args[:-1], "2019-12-31", "--note", "x", "--author", "a", "-f", copy])
    assert outside.exit_code == 0, outside.output
    assert "is before the programme period" in outside.stderr
