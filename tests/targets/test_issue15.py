"""Issue 15: targets and figures for a period (points 7, 8 and 13, and ``period``).

Each numbered point has a test that fails on the main of before (its docstring names it);
they run the CLI on the bundled programme with a log of their own, or the library.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.base.dates import PeriodError, parse_period
from avp.progress.models import Entry
from avp.project import Project
from avp.storage import snapshot
from avp.targets.evaluate import evaluate, target_status
from avp.targets.figures import Figure, spread
from avp.targets.periods import DateRange, judged_periods
from avp.targets.verdicts import Verdict
from tests.conftest import BUNDLED, Invoke
from tests.targets.helpers import PROGRAMME, D, frequency, target

LOG = "voortgang-2021-2022.yaml"


def bundled(folder: Path, *entries: str) -> Path:
    """The bundled programme in ``folder``, with a log of these entries (YAML flow maps)."""
    programme = folder / "programma.yaml"
    shutil.copy(BUNDLED, programme)
    lines = "".join(f"  - {{{entry}, note: n, author: t}}\n" for entry in entries)
    (folder / LOG).write_text("entries:\n" + lines, encoding="utf-8")
    return programme


def rows(invoke: Invoke, programme: Path, *args: str) -> list[dict[str, Any]]:
    result = invoke(["targets", *args, "-f", str(programme), "--format", "json"])
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout) if result.stdout.strip() else []
    return found


def saturdays(first: dt.date, last: dt.date) -> list[dt.date]:
    day = first + dt.timedelta(days=(5 - first.weekday()) % 7)
    found = []
    while day <= last:
        found.append(day)
        day += dt.timedelta(days=7)
    return found


# --- point 7: a count over several weeks -------------------------------------------------------


def test_point_7_a_quarters_count_covers_its_weeks(invoke: Invoke, tmp_path: Path) -> None:
    """Issue 15, point 7: a weekly norm needs no entry per week: '--count 13 --period
    2022-Q1' credits one to each of the 13 weeks of Q1 (not 13 to week 13)."""
    programme = bundled(tmp_path)
    added = invoke(
        [
            "progress",
            "add",
            "2.3.1",
            "--count",
            "13",
            "--period",
            "2022-Q1",
            "--date",
            "2022-04-01",
            "--note",
            "13 weekendcontroles in Q1",
            "--author",
            "T",
            "-f",
            str(programme),
        ]
    )
    assert added.exit_code == 0, added.output
    assert "period: 2022-Q1" in (tmp_path / LOG).read_text(encoding="utf-8")
    periods = {
        r["period"]: r
        for r in rows(invoke, programme, "2.3.1", "--periods", "--as-of", "2022-04-03")
    }
    for week in range(1, 14):
        assert periods[f"2022-W{week:02d}"]["achieved"] == 1, week
        assert periods[f"2022-W{week:02d}"]["verdict"] == "met", week
    assert periods["2021-W52"]["achieved"] == 0  # two days of Q1: a share too small
    [status] = rows(invoke, programme, "2.3.1", "--as-of", "2022-04-03", "--lang", "en")
    assert status["verdict"] == "met"
    assert status["forecast"].endswith("2022 so far: 13 of 13 weeks met")


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["week", "month", "quarter", "half_year", "year"]),
    st.integers(min_value=0, max_value=400),
    st.dates(min_value=D(2020, 10, 1), max_value=D(2023, 2, 1)),
    st.integers(min_value=0, max_value=200),
)
def test_point_7_a_count_is_spread_in_proportion_to_the_days(
    per: str, count: int, first: dt.date, length: int
) -> None:
    """Issue 15, point 7: a count over several periods is credited to each in proportion
    to its days, as whole numbers that add up to it (days outside every period take their
    share, which counts nowhere)."""
    last = first + dt.timedelta(days=length)
    periods = judged_periods(frequency(1, per), PROGRAMME)
    pieces = spread([Figure(last, count=count, start=first, end=last)], periods)
    total = (last - first).days + 1
    credited = 0
    for judged in periods:
        inside = [p for p in pieces if judged.start <= p.date <= judged.end]
        got = sum(p.count or 0 for p in inside)
        days = max(0, (min(judged.end, last) - max(judged.start, first)).days + 1)
        assert abs(got - count * days / total) < 1, (judged.period.key, got)
        credited += got
    assert credited == sum(p.count or 0 for p in pieces) <= count
    inside_days = sum(max(0, (min(j.end, last) - max(j.start, first)).days + 1) for j in periods)
    assert abs((count - credited) - count * (total - inside_days) / total) < 1


# --- point 8: running totals and figures recorded later --------------------------------------


def test_point_8_a_running_total_of_june_is_not_the_whole_year(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Issue 15, point 8: a running total recorded in June is not judged as the whole
    year at its end; a figure for the whole year is (period: 2022)."""
    entries = [
        "measure: 1.2.3, date: 2021-12-31, value: 30",  # the whole of 2021 (its last day)
        "measure: 1.2.3, date: 2022-06-15, value: 18",  # January to mid-June
    ]
    programme = bundled(tmp_path, *entries)
    [status] = rows(invoke, programme, "1.2.3", "--as-of", "2023-01-15")
    assert status["verdict"] == "no_data", status
    assert "geen cijfer over heel 2022" in status["forecast"]
    assert "period: 2022" in status["forecast"]
    programme = bundled(
        tmp_path, *entries, "measure: 1.2.3, date: 2023-01-10, value: 25, period: 2022"
    )
    [status] = rows(invoke, programme, "1.2.3", "--as-of", "2023-01-15")
    assert (status["verdict"], status["achieved"], status["required"]) == ("met", 25, 30)


def test_point_8_a_figure_for_2021_recorded_in_2022_counts_for_2021(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Issue 15, point 8: a figure for 2021 recorded in January 2022 counts for 2021, not
    for 2022."""
    programme = bundled(
        tmp_path,
        "measure: 1.2.3, date: 2022-01-10, value: 30, period: 2021",
        "measure: 1.2.3, date: 2022-12-31, value: 18",
    )
    [status] = rows(invoke, programme, "1.2.3", "--as-of", "2023-01-31")
    assert status["period"] == "2022"
    assert (status["verdict"], status["achieved"], status["required"]) == ("met", 18, 30)
    periods = {r["period"]: r for r in rows(invoke, programme, "1.2.3", "--periods")}
    assert periods["2021"]["achieved"] == 30


def test_point_8_a_running_total_is_compared_with_a_whole_reference_year() -> None:
    """Issue 15, point 8: the reference of a running total is a figure for the whole of its
    year too: a total of half 2021 is no reference for 2022."""
    running = target(kind="comparison", indicator="klachten", relation="less", accumulates=True)
    half = [Figure(D(2021, 6, 30), value=10), Figure(D(2022, 12, 31), value=18)]
    [_, second] = evaluate(running, half, PROGRAMME, D(2023, 1, 31))
    assert second.required is None and second.verdict is Verdict.no_data
    whole = [*half, Figure(D(2022, 1, 5), value=20, start=D(2021, 1, 1), end=D(2021, 12, 31))]
    whole.sort(key=lambda f: f.date)
    [_first, second] = evaluate(running, whole, PROGRAMME, D(2023, 1, 31))
    assert (second.required, second.achieved, second.verdict) == (20, 18, Verdict.met)


# --- point 13: years, weeks, forecasts, populations ----------------------------------------------


def test_point_13_year_2022_has_no_week_of_2021(invoke: Invoke, tmp_path: Path) -> None:
    """Issue 15, point 13: '--year 2022' lists the periods of 2022 (weeks by their ISO
    year), not 2021-W52, which runs into 2 January 2022."""
    programme = bundled(tmp_path, "measure: 2.3.1, date: 2022-01-01, count: 1")
    periods = rows(invoke, programme, "2.3.1", "--periods", "--year", "2022")
    keys = [r["period"] for r in periods]
    assert keys[0] == "2022-W01" and keys[-1] == "2022-W52" and len(keys) == 52
    periods = rows(invoke, programme, "2.3.1", "--periods", "--year", "2021")
    assert periods[-1]["period"] == "2021-W52" and periods[-1]["achieved"] == 1


def test_point_13_every_weekend_of_2021_can_be_met(invoke: Invoke, tmp_path: Path) -> None:
    """Issue 15, point 13: '--year 2021' judges a weekly norm at the end of 2021-W52 (2
    January 2022), so "elk weekend" is met for 2021 when every weekend had its check."""
    days = saturdays(D(2021, 1, 4), D(2022, 1, 2))
    assert len(days) == 52 and days[-1] == D(2022, 1, 1)
    programme = bundled(tmp_path, *(f"measure: 2.3.1, date: {d}, count: 1" for d in days))
    [status] = rows(invoke, programme, "2.3.1", "--year", "2021", "--lang", "en")
    assert status["period"] == "2021-W52"
    assert (status["verdict"], status["forecast"]) == ("met", "2021: 52 of 52 weeks met: met")
    # ... and judged on 31 December 2021, its last week runs, its check not yet held
    [early] = rows(invoke, programme, "2.3.1", "--year", "2021", "--as-of", "2021-12-31")
    assert (early["period"], early["achieved"], early["verdict"]) == ("2021-W52", 0, "at_risk")


def test_point_13_a_count_in_2020_w53_is_reported(invoke: Invoke, tmp_path: Path) -> None:
    """Issue 15, point 13: a count on 2021-01-02 lies in 2020-W53, a week of 2020 with
    three days in the programme, which needs no weekly activity: it counts for no period,
    and 'avp validate' and 'avp progress add' say so (decided: it is not credited to
    2021-W01, where one activity would stand for two weekends)."""
    programme = bundled(tmp_path, "measure: 2.3.1, date: 2021-01-02, count: 1")
    result = invoke(["validate", "-f", str(programme)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert re.search(rf"{LOG}:2:\d+: .*2020-W53 \(2020-12-28 to 2021-01-03\)", output), output
    assert "a week of 2020 of which 3 of 7 days" in output and "it is not counted" in output
    added = invoke(
        [
            "progress",
            "add",
            "2.3.1",
            "--count",
            "1",
            "--date",
            "2021-01-03",
            "--note",
            "weekend",
            "--author",
            "T",
            "-f",
            str(programme),
        ]
    )
    assert added.exit_code == 0 and "2020-W53" in added.stderr


def test_point_13_an_earlier_miss_ends_the_forecast_at_risk() -> None:
    """Issue 15, point 13: when an earlier period of the year was missed, the forecast does
    not end "op schema" while the verdict is at risk: it ends with the year's verdict."""
    quarterly = frequency(2, "quarter")
    figures = [Figure(D(2022, 4, 20), count=1)]  # none in Q1; 1 of 2 by mid-May is on course
    status = target_status("1.1.1", quarterly, figures, PROGRAMME, D(2022, 5, 15))
    assert status.current is not None and status.current.verdict is Verdict.on_course
    assert status.verdict is Verdict.at_risk
    assert status.text("nl") == (
        "1 van 2 in 2e kwartaal 2022, nog 6 weken: op schema (1 verwacht op dit moment); "
        "2022 tot nu toe: 0 van 1 kwartaal gehaald: risico"
    )
    assert status.text("en").endswith("2022 so far: 0 of 1 quarter met: at risk")


def test_point_13_a_population_size_before_the_start_carries_into_it() -> None:
    """Issue 15, point 13: a population size recorded before a coverage's ``start``
    carries into its periods (until a new one is recorded)."""
    coverage = target(
        kind="coverage", population="horecabedrijven", percent=100, per="year", start="2022-01-01"
    )
    figures = [Figure(D(2021, 11, 1), value=12), Figure(D(2022, 3, 1), count=12)]
    [year] = evaluate(coverage, figures, PROGRAMME, D(2022, 12, 31))
    assert (year.key, year.required, year.achieved, year.verdict) == ("2022", 12, 12, Verdict.met)
    later = [*figures, Figure(D(2022, 6, 1), value=14)]
    [year] = evaluate(coverage, later, PROGRAMME, D(2022, 12, 31))
    assert (year.required, year.verdict) == (14, Verdict.missed)


def test_point_13_a_size_for_a_period_holds_from_its_start() -> None:
    """A population size recorded for a period (period: 2022) holds from the period's
    first day, though recorded later."""
    coverage = target(kind="coverage", population="evenementen", percent=100, per="quarter")
    figures = [
        Figure(D(2022, 2, 1), count=3),
        Figure(D(2022, 3, 10), value=3, start=D(2022, 1, 1), end=D(2022, 12, 31)),
    ]
    results = {r.key: r for r in evaluate(coverage, figures, PROGRAMME, D(2022, 3, 31))}
    assert (results["2022-Q1"].required, results["2022-Q1"].verdict) == (3, Verdict.met)
    assert results["2021-Q4"].verdict is Verdict.no_data


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(2021, 1, 1), max_value=D(2022, 12, 31)))
def test_point_13_weeks_belong_to_their_iso_year(day: dt.date) -> None:
    """Issue 15, point 13: a week's period belongs to its ISO week-year, whatever year its
    days are in (hypothesis over the programme's days)."""
    results = evaluate(frequency(1, "week"), [], PROGRAMME, day)
    iso_year, week, _ = day.isocalendar()
    if results and results[-1].end >= day:
        assert results[-1].key == f"{iso_year}-W{week:02d}"
    else:  # 1 to 3 January 2021: 2020-W53, a week of 2020, is none of the target's
        assert (iso_year, week) == (2020, 53)
    for result in results:
        key_year = int(result.key[:4])
        thursday = dt.date.fromisocalendar(key_year, int(result.key[6:]), 4)
        assert result.year == key_year == thursday.year
        assert result.belongs_to(key_year) and not result.belongs_to(key_year + 1)
        assert not result.belongs_to(key_year - 1)


# --- period: parsing, validation, twins ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "key", "first", "last"),
    [
        (2021, "2021", D(2021, 1, 1), D(2021, 12, 31)),
        ("2021", "2021", D(2021, 1, 1), D(2021, 12, 31)),
        ("2022-H2", "2022-H2", D(2022, 7, 1), D(2022, 12, 31)),
        ("2022-Q1", "2022-Q1", D(2022, 1, 1), D(2022, 3, 31)),
        ("2022-02", "2022-02", D(2022, 2, 1), D(2022, 2, 28)),
        ("2022-W05", "2022-W05", D(2022, 1, 31), D(2022, 2, 6)),
        ("2020-W53", "2020-W53", D(2020, 12, 28), D(2021, 1, 3)),
        ("2022-01-03/2022-01-16", "2022-01-03/2022-01-16", D(2022, 1, 3), D(2022, 1, 16)),
        (
            {"from": "2022-01-03", "to": D(2022, 1, 16)},
            "2022-01-03/2022-01-16",
            D(2022, 1, 3),
            D(2022, 1, 16),
        ),
    ],
)
def test_period_forms(value: Any, key: str, first: dt.date, last: dt.date) -> None:
    assert parse_period(value) == (key, first, last)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2021-W53", "2021 has ISO weeks W01 to W52"),
        ("2022-Q5", "the number must be 1 to 4"),
        ("2022-H3", "the number must be 1 to 2"),
        ("2022-13", "the number must be 1 to 12"),
        ("2022-3", "is no period"),
        ("Q1 2022", "is no period"),
        ("2022-02-01/2022-01-01", "ends (2022-01-01) before it starts (2022-02-01)"),
        ("2022-02-30/2022-03-01", "no date"),
        ({"from": "2022-01-01"}, "has the keys 'from' and 'to'"),
        (True, "a boolean"),
        (2.5, "a number"),
    ],
)
def test_period_errors_say_what_to_write(value: Any, message: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(value)
    assert message in str(caught.value)
    assert "2022-Q1 (a quarter)" in str(caught.value) or "no date" in message


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31)))
def test_an_iso_week_is_its_monday_to_sunday(day: dt.date) -> None:
    year, week, _weekday = day.isocalendar()
    _key, first, last = parse_period(f"{year}-W{week:02d}")
    assert first <= day <= last and (last - first).days == 6 and first.weekday() == 0
    assert (first + dt.timedelta(days=3)).year == year


def test_a_wrong_period_in_the_log_is_shown_at_its_place(invoke: Invoke, tmp_path: Path) -> None:
    """The period is validated with file:line:col and what to write."""
    programme = bundled(
        tmp_path,
        "measure: 2.3.1, date: 2022-04-01, count: 13, period: 2022-Q5",
        "measure: 2.3.1, date: 2022-04-01, status: on_track, period: 2022-Q1",
        "measure: 2.3.1, date: 2022-03-01, count: 4, period: 2022-Q2",
    )
    result = invoke(["validate", "-f", str(programme)])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert f"{LOG}:2:" in output and "'2022-Q5': the number must be 1 to 4" in output
    assert f"{LOG}:3:" in output and "'period' says which period a count or value" in output
    assert f"{LOG}:4:" in output and "starts on 2022-04-01, after the entry's date" in output
    assert "Traceback" not in result.output


def test_progress_add_refuses_a_wrong_period(invoke: Invoke, tmp_path: Path) -> None:
    programme = bundled(tmp_path)
    base = ["progress", "add", "2.3.1", "--note", "n", "--author", "T", "-f", str(programme)]
    wrong = invoke([*base, "--count", "1", "--period", "2022-Q5"])
    assert wrong.exit_code != 0 and "--period: '2022-Q5': the number must be 1 to 4" in wrong.output
    alone = invoke([*base, "--status", "on_track", "--period", "2022-Q1"])
    assert alone.exit_code != 0 and "--period says what a --count or --value" in alone.output
    early = invoke([*base, "--count", "1", "--period", "2022", "--date", "2021-12-31"])
    assert early.exit_code != 0 and "after the entry's date 2021-12-31" in early.output
    assert (tmp_path / LOG).read_text(encoding="utf-8") == "entries:\n"


def test_a_period_in_the_model_and_its_twin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new optional field is kept in the snapshot and read back by the twins."""
    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    entry = Entry.model_validate(
        {
            "measure": "2.3.1",
            "date": "2022-04-01",
            "count": 13,
            "period": {"from": "2022-01-01", "to": "2022-03-31"},
            "note": "n",
            "author": "t",
        }
    )
    assert entry.period == "2022-01-01/2022-03-31"
    programme = bundled(
        tmp_path,
        "measure: 2.3.1, date: 2022-04-01, count: 13, period: 2022-Q1",
        "measure: 1.2.3, date: 2022-01-10, value: 30, period: 2021",
        "measure: 2.3.1, date: 2022-04-02, count: 1",
    )
    models = Project.open(programme)
    Project.open(programme)  # stores the snapshots
    from avp.programme import load

    load._loaded.clear()
    twins = Project.open(programme, twins=True)
    assert isinstance(twins.log.entries[0], snapshot.Twin)
    assert [e.period for e in twins.log.entries] == ["2022-Q1", "2021", None]
    assert [e.period for e in models.log.entries] == ["2022-Q1", "2021", None]
    day = D(2022, 4, 3)
    assert [(t.verdict, t.text("en")) for t in twins.targets(day)] == [
        (t.verdict, t.text("en")) for t in models.targets(day)
    ]


def test_a_figure_of_days_outside_the_programme_counts_nowhere() -> None:
    weekly = frequency(1, "week")
    programme = DateRange(D(2021, 1, 1), D(2022, 12, 31))
    figures = [Figure(D(2021, 1, 5), count=3, start=D(2020, 12, 1), end=D(2020, 12, 21))]
    assert spread(figures, judged_periods(weekly, programme)) == []
