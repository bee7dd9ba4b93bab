"""The end evaluation (``avp report --final``) of the bundled programme with a generated log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from avp.programme.load import load_programme
from avp.progress.models import Entry
from avp.project import Project
from avp.render.formats import ReportFormat
from avp.report.final import build_final
from avp.report.final_render import final_report
from tests.conftest import BUNDLED, Invoke

DROPPED = "1.2.4"
DECISION = "collegebesluit 26 april 2022"
BY_LOG = "Opgenomen in het regionale beleid (MT 1 maart 2022)"
LESSON = "Social media <b>bereikt</b> meer inwoners dan de gemeentepagina"


def _entries() -> list[dict[str, Any]]:
    """The generated log: done, at risk with a correction, off track, counts that meet a
    yearly norm in 2021 and miss it in 2022, and lessons learned."""
    return [
        {"measure": "1.1.1", "date": "2021-04-01", "status": "on_track", "note": "Gestart"},
        {"measure": "1.1.1", "date": "2022-11-30", "status": "done", "note": "Afgerond"},
        # 1.3.3: at least two a year; two in 2021 (met), one in 2022 (missed)
        {"measure": "1.3.3", "date": "2021-03-01", "count": 1, "note": "Voorlichting 1"},
        {"measure": "1.3.3", "date": "2021-09-01", "count": 1, "note": "Voorlichting 2"},
        {"measure": "1.3.3", "date": "2022-05-01", "count": 1, "note": "Voorlichting 3"},
        {
            "measure": "1.3.3",
            "date": "2022-10-01",
            "status": "at_risk",
            "note": "Te weinig voorlichting",
            "correction": "Extra campagne in november",
        },
        {"measure": "1.3.3", "date": "2022-12-15", "evaluation": True, "note": LESSON},
        # 2.2.3: two a year, both years (met, met), then done with a lesson
        {"measure": "2.2.3", "date": "2021-05-01", "count": 1, "note": "Controle 1"},
        {"measure": "2.2.3", "date": "2021-10-01", "count": 1, "note": "Controle 2"},
        {"measure": "2.2.3", "date": "2022-04-01", "count": 1, "note": "Controle 3"},
        {"measure": "2.2.3", "date": "2022-09-01", "count": 1, "note": "Controle 4"},
        {
            "measure": "2.2.3",
            "date": "2022-12-20",
            "status": "done",
            "evaluation": True,
            "note": "Twee controles per jaar is haalbaar met vaste data",
        },
        # a lesson about a theme as a whole
        {"measure": "2.2", "date": "2022-12-21", "evaluation": True, "note": "Thema: vaste data"},
        # 1.1.9: dropped through the log, not by the programme
        {"measure": "1.1.9", "date": "2022-03-01", "status": "dropped", "note": BY_LOG},
        {
            "measure": "1.3.1",
            "date": "2022-06-01",
            "status": "off_track",
            "note": "Groepen lopen terug",
            "correction": "Nieuwe wijkapp",
        },
        {
            "measure": "1.3.1",
            "date": "2022-08-01",
            "status": "off_track",
            "note": "Nog steeds",
            "correction": "Wijkapp in gebruik",
        },
    ]


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled programme with one measure dropped, and a log written with
    the library (Project.add: locked, checked, appended)."""
    folder = tmp_path_factory.mktemp("final")
    text = BUNDLED.read_text(encoding="utf-8")
    marker = f"          - id: {DROPPED}\n"
    assert text.count(marker) == 1
    text = text.replace(
        marker, f"{marker}            dropped: {{date: 2022-05-01, decision: {DECISION}}}\n"
    )
    path = folder / "programma.yaml"
    path.write_text(text, encoding="utf-8")
    project = Project.open(path)
    for data in _entries():
        project.add(Entry.model_validate({**data, "author": "J. de Vries"}))
    return path


def run(invoke: Invoke, programme: Path, *args: str) -> str:
    result = invoke(["report", "--final", "-f", programme, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(invoke: Invoke, programme: Path, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(invoke, programme, "--format", "json", *args))
    return data


def measures(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for f in data["fields"] for t in f["themes"] for m in t["measures"]}


def years_of(measure: dict[str, Any], target: str) -> dict[int, str | None]:
    found = next(t for t in measure["targets"] if t["id"] == target)
    return {y["year"]: y["verdict"] for y in found["years"]}


def test_totals_of_the_bundled_programme(invoke: Invoke, programme: Path) -> None:
    data = as_json(invoke, programme)
    every = [m.id for _, _, m in load_programme(programme).measures()]
    assert data["kind"] == "final_evaluation"
    assert data["as_of"] == "2022-12-31"  # the programme's last day: it has ended
    assert data["interim"] is False
    assert data["years"] == [2021, 2022]
    totals = data["totals"]
    assert totals["measures"] == len(every) == len(measures(data))
    assert (totals["done"], totals["dropped"]) == (2, 2)
    assert totals["unfinished"] == len(every) - 4
    assert totals["share_done"] == round(2 / (len(every) - 2), 4)
    assert totals["counts"]["at_risk"] == 1 and totals["counts"]["off_track"] == 1


def test_every_year_is_judged_at_its_end(invoke: Invoke, programme: Path) -> None:
    data = as_json(invoke, programme)
    found = measures(data)
    assert years_of(found["1.3.3"], "voorlichting") == {2021: "met", 2022: "missed"}
    assert years_of(found["2.2.3"], "controle") == {2021: "met", 2022: "met"}
    year = {y["year"]: y for y in found["1.3.3"]["targets"][0]["years"]}
    assert year[2021]["judged_on"] == "2021-12-31" and year[2021]["ended"] is True
    assert "2 van 2" in year[2021]["forecast"] and "1 van 2" in year[2022]["forecast"]
    assert (year[2021]["required"], year[2021]["achieved"]) == (2, 2)
    assert (year[2022]["required"], year[2022]["achieved"]) == (2, 1)
    per_year = {t["year"]: t for t in data["totals"]["targets_per_year"]}
    # The totals are the tally of every target's verdict in that year (measures' and goals').
    every_target = [t for m in found.values() for t in m["targets"]] + [
        t for f in data["fields"] for owner in (f, *f["themes"]) for t in owner["targets"]
    ]
    for number, year_number in enumerate(data["years"]):
        tally = Counter(t["years"][number]["verdict"] for t in every_target)
        tally.pop(None, None)
        total = per_year[year_number]
        assert {k: v for k, v in total["verdicts"].items() if v} == dict(tally)
        assert total["targets"] == sum(tally.values())
        assert total["share_met"] == round(tally["met"] / sum(tally.values()), 4)
    assert per_year[2021]["verdicts"]["met"] == 2  # 1.3.3 and 2.2.3
    assert per_year[2022]["verdicts"]["met"] == 1  # 2.2.3 only


def test_the_years_agree_with_avp_targets_year(invoke: Invoke, programme: Path) -> None:
    """A target with a verdict in a year has the verdict ``avp targets --year`` gives it."""
    found = measures(as_json(invoke, programme))
    for year in (2021, 2022):
        result = invoke(["targets", "-f", programme, "--year", year, "--format", "json"])
        assert result.exit_code == 0, result.output
        listed = {(r["measure"], r["target"]): r["verdict"] for r in json.loads(result.stdout)}
        compared = 0
        for measure in found.values():
            for target in measure["targets"]:
                verdict = target["years"][year - 2021]["verdict"]
                if verdict is not None:
                    assert listed[(measure["id"], target["id"])] == verdict
                    compared += 1
        assert compared > 10


def test_carry_over_dropped_and_lessons(invoke: Invoke, programme: Path) -> None:
    data = as_json(invoke, programme)
    loaded = load_programme(programme)
    state = Project.open(programme).state(dt.date(2022, 12, 31))
    carried = [m["id"] for m in data["carry_over"]]
    assert carried == state.unfinished(loaded)  # the rule avp successor uses too
    assert "1.1.1" not in carried and "2.2.3" not in carried and DROPPED not in carried
    by_id = {m["id"]: m for m in data["carry_over"]}
    assert by_id["1.3.3"]["last_update"]["note"] == "Te weinig voorlichting"  # not the lesson
    assert by_id["1.3.3"]["last_correction"] == {
        "date": "2022-10-01",
        "correction": "Extra campagne in november",
    }
    assert by_id["1.3.1"]["last_correction"]["correction"] == "Wijkapp in gebruik"
    assert by_id["1.1.2"]["last_update"] is None
    assert data["dropped"] == [
        {
            "id": "1.1.9",
            "text": "Sluitende aanpak voor personen met verward gedrag.",
            "date": "2022-03-01",
            "decision": None,
            "note": BY_LOG,
        },
        {
            "id": DROPPED,
            "text": "Graffiti verwijderen volgens de vastgestelde werkwijze.",
            "date": "2022-05-01",
            "decision": DECISION,
            "note": None,
        },
    ]
    assert measures(data)[DROPPED]["status_label"] == f"vervallen per 1 mei 2022 ({DECISION})"
    assert [(x["owner"], x["note"]) for x in data["lessons"]] == [
        ("1.3.3", LESSON),
        ("2.2", "Thema: vaste data"),  # a theme's own, before its measures'
        ("2.2.3", "Twee controles per jaar is haalbaar met vaste data"),
    ]
    assert [x["note"] for x in measures(data)["1.3.3"]["lessons"]] == [LESSON]
    assert measures(data)["2.2.3"]["status"] == "done"  # a lesson with a status updates too


def test_markdown_has_the_sections(invoke: Invoke, programme: Path) -> None:
    out = run(invoke, programme, "--format", "markdown")
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings[0] == (
        "# Eindevaluatie: Actieprogramma Integraal Veiligheidsbeleid Westvoorne 2021-2022"
    )
    for heading in (
        "## Samenvatting",
        "### Normen per jaar",
        "## Veiligheidsveld 1: Veilige woon- en leefomgeving",
        "### 1.3 Objectieve veiligheid",
        "## Over te dragen: niet afgeronde maatregelen",
        "## Vervallen maatregelen",
        "## Geleerde lessen",
    ):
        assert heading in headings, heading
    row = next(line for line in out.splitlines() if line.startswith("| 1.3.3 |"))
    assert row.endswith("| 🔵 gehaald | 🔴 niet gehaald |")
    assert "Social media &lt;b&gt;bereikt&lt;/b&gt;" in out and "<b>bereikt" not in out
    assert "Tussentijdse" not in out
    dropped = out.split("## Vervallen maatregelen", 1)[1].split("## ", 1)[0]
    assert (
        f"| 1.1.9 | Sluitende aanpak voor personen met verward gedrag. | 1 maart 2022 | {BY_LOG} |"
        in dropped
    )
    assert f"| 1 mei 2022 | {DECISION} |" in dropped


def test_csv_has_the_columns(invoke: Invoke, programme: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(invoke, programme, "--format", "csv"))))
    columns = list(rows[0])
    assert columns[:6] == ["level", "field", "field_name", "theme", "theme_name", "id"]
    for year in (2021, 2022):
        assert {f"targets_met_{year}", f"targets_{year}", f"verdicts_{year}"} <= set(columns)
    assert columns[-1] == "lessons"
    by_id = {r["id"]: r for r in rows if r["level"] == "measure"}
    assert len(by_id) == len(list(load_programme(programme).measures()))
    assert (by_id["1.3.3"]["targets_met_2021"], by_id["1.3.3"]["targets_2021"]) == ("1", "1")
    assert (by_id["1.3.3"]["targets_met_2022"], by_id["1.3.3"]["targets_2022"]) == ("0", "1")
    assert by_id["1.3.3"]["carry_over"] == "ja" and by_id["1.1.1"]["carry_over"] == ""
    assert by_id[DROPPED]["dropped"].startswith("vervallen per 1 mei 2022")
    assert LESSON in by_id["1.3.3"]["lessons"]


def test_html_has_the_sections_and_escapes(invoke: Invoke, programme: Path) -> None:
    out = run(invoke, programme, "--format", "html")
    assert out.startswith("<!DOCTYPE html>")
    for section in ('id="summary"', 'id="carry-over"', 'id="dropped"', 'id="lessons"'):
        assert section in out
    for text in ("Eindevaluatie", "Normen per jaar", "Geleerde lessen", DECISION, "over te dragen"):
        assert text in out
    assert "&lt;b&gt;bereikt&lt;/b&gt;" in out and "<b>bereikt</b>" not in out


def test_terminal_fits_80_columns(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run(invoke, programme)
    assert max(len(line) for line in out.splitlines()) <= 80
    for text in ("Eindevaluatie", "Normen per jaar", "Over te dragen", "Geleerde lessen"):
        assert text in out
    assert "verouderd" not in out


def test_every_format_to_a_file(invoke: Invoke, programme: Path, tmp_path: Path) -> None:
    for fmt in ReportFormat:
        target = tmp_path / f"eind.{fmt.value}"
        result = invoke(["report", "--final", "-f", programme, "--format", fmt, "-o", target])
        if fmt is ReportFormat.xlsx:  # the end evaluation has no workbook: said, not ignored
            assert result.exit_code == 2
            assert "(--final) has no xlsx format" in result.stderr
            assert not target.exists()
            continue
        assert result.exit_code == 0, result.output
        assert "Eindevaluatie" in target.read_text(encoding="utf-8") or fmt.value in (
            "json",
            "csv",
        )


def test_interim_before_the_end(invoke: Invoke, programme: Path) -> None:
    data = as_json(invoke, programme, "--as-of", "2022-06-30")
    assert data["interim"] is True
    year = {t["year"]: t for t in data["totals"]["targets_per_year"]}
    assert year[2022]["judged_on"] == "2022-06-30"
    carried = {m["id"] for m in data["carry_over"]}
    assert "1.1.1" in carried and "2.2.3" in carried  # done only later
    assert data["lessons"] == []
    assert "Tussentijdse eindevaluatie" in run(invoke, programme, "--as-of", "2022-06-30")
    # Without --as-of, a running programme is evaluated on today.
    loaded = load_programme(programme)
    text = final_report(
        loaded,
        Project.open(programme).log.entries,
        as_of=None,
        scope=(None, None, None),
        fmt=ReportFormat.json,
        lang=None,
        to_file=True,
        today=dt.date(2022, 3, 1),
    )
    early = json.loads(text or "")
    assert (early["as_of"], early["interim"]) == ("2022-03-01", True)
    assert early["totals"]["targets_per_year"][1]["judged_on"] == "2022-03-01"


def test_scopes_and_english(invoke: Invoke, programme: Path) -> None:
    field = as_json(invoke, programme, "--field", "2")
    assert {m[:2] for m in measures(field)} == {"2."}
    assert [x["owner"] for x in field["lessons"]] == ["2.2", "2.2.3"]
    partner = as_json(invoke, programme, "--partner", "politie")
    assert all(not f["targets"] for f in partner["fields"])
    assert "2.2" not in [x["owner"] for x in partner["lessons"]]  # partners carry measures
    assert all("politie" in m["partners"] for m in measures(partner).values())
    english = run(invoke, programme, "--format", "markdown", "--lang", "en")
    assert english.startswith("# End evaluation: ")
    assert "## To carry over: measures not finished" in english
    assert "## Lessons learned" in english


def test_bad_options(invoke: Invoke, programme: Path) -> None:
    result = invoke(["report", "--final", "-f", programme, "--stale-days", "30"])
    assert result.exit_code == 2 and "--stale-days is not for --final" in result.output
    result = invoke(["report", "--final", "-f", programme, "--as-of", "2020-06-01"])
    assert result.exit_code == 2 and "nothing to evaluate yet" in result.output
    result = invoke(["report", "--final", "-f", programme, "--field", "1", "--theme", "2.1"])
    assert result.exit_code == 2
    result = invoke(["report", "--final", "-f", programme, "--template", ".", "--format", "csv"])
    assert result.exit_code == 2 and "--template is for --format html" in result.output


def test_the_progress_report_flags_nothing_stale_after_the_end(
    invoke: Invoke, programme: Path
) -> None:
    def stale(day: str) -> int:
        result = invoke(["report", "-f", programme, "--as-of", day, "--format", "json"])
        assert result.exit_code == 0, result.output
        return int(json.loads(result.stdout)["totals"]["stale"])

    assert stale("2022-12-31") > 0  # the last day: measures without updates are stale
    assert stale("2023-01-01") == 0  # after it, stale means nothing
    final = build_final(
        load_programme(programme), Project.open(programme).log.entries, as_of=dt.date(2022, 6, 30)
    )
    assert not any(m.line.state.stale for m in final.measures.values())


def test_a_template_folder_replaces_the_page(
    invoke: Invoke, programme: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "huisstijl"
    folder.mkdir()
    (folder / "final.html.j2").write_text(
        "<h1>{{ title }}</h1>{% for x in lessons %}<p>{{ x.text }}</p>{% endfor %}",
        encoding="utf-8",
    )
    out = run(invoke, programme, "--format", "html", "--template", folder)
    assert out.startswith("<h1>Eindevaluatie: ")
    assert "&lt;b&gt;bereikt&lt;/b&gt;" in out  # the engine still escapes
    (folder / "final.html.j2").write_text("{{ nothing_here }}", encoding="utf-8")
    result = invoke(
        ["report", "--final", "-f", programme, "--format", "html", "--template", folder]
    )
    assert result.exit_code == 2
    assert "final.html.j2:1: 'nothing_here' is undefined" in result.output
    # the variables are listed at the top of avp's own final.html.j2, not report.html.j2
    told = " ".join(result.output.split())
    assert "check the name against the variables listed at the top of" in told
    assert told.rstrip().endswith("final.html.j2")
