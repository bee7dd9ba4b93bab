"""Targets: the models, calendar periods, figures, and the verdict of every kind."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from avp.targets.evaluate import evaluate, measure_target_statuses, target_status
from avp.targets.figures import Figure, assign, resolution_problem, resolve
from avp.targets.models import (
    PERIOD_UNITS,
    ComparisonTarget,
    CoverageTarget,
    DeliverableTarget,
    FrequencyTarget,
    Target,
    TargetModel,
    ThresholdTarget,
    takes,
)
from avp.targets.periods import (
    DateRange,
    calendar_period,
    calendar_periods,
    judged_periods,
    round_half_up,
)
from avp.targets.results import PeriodResult
from avp.targets.verdicts import DELIVERABLE_WARNING_DAYS, Verdict, disagrees, worst

D = dt.date
PROGRAMME = DateRange(D(2021, 1, 1), D(2022, 12, 31))
ADAPTER: TypeAdapter[Any] = TypeAdapter(Target)
DAYS = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
UNITS = st.sampled_from(PERIOD_UNITS)


def target(**data: Any) -> Any:
    return ADAPTER.validate_python({"id": "t", "description": "Norm.", **data})


def frequency(count: int = 2, per: str = "year", **more: Any) -> FrequencyTarget:
    made: FrequencyTarget = target(kind="frequency", count=count, per=per, **more)
    return made


def counts(*days: dt.date, count: int = 1) -> list[Figure]:
    return [Figure(day, count=count) for day in sorted(days)]


def values(*pairs: tuple[dt.date, float]) -> list[Figure]:
    return [Figure(day, value=value) for day, value in sorted(pairs)]


def only(results: list[PeriodResult]) -> PeriodResult:
    assert len(results) == 1, results
    return results[0]


def by_key(results: list[PeriodResult]) -> dict[str, PeriodResult]:
    return {r.key: r for r in results}


# --- the models ------------------------------------------------------------------------------


def test_every_kind_from_yaml_values() -> None:
    assert isinstance(frequency(), FrequencyTarget)
    threshold = target(
        kind="threshold",
        indicator="deelname aan Burgernet",
        unit="%",
        direction="increase",
        baseline={"value": 9.2, "date": "2021-03-17"},
        target={"value": 10, "date": "2022-12-31"},
    )
    assert isinstance(threshold, ThresholdTarget)
    assert threshold.target.date == D(2022, 12, 31)
    comparison = target(kind="comparison", indicator="klachten", relation="at_most", reference=2020)
    assert isinstance(comparison, ComparisonTarget)
    assert (comparison.per, comparison.reference, comparison.accumulates) == ("year", 2020, False)
    coverage = target(kind="coverage", population="evenementen", percent=100)
    assert isinstance(coverage, CoverageTarget)
    assert target(kind="deliverable", due="2021-06-30").due == D(2021, 6, 30)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "frequentie", "count": 2, "per": "year"}, "union_tag_invalid"),
        ({"count": 2, "per": "year"}, "union_tag_not_found"),
        ({"kind": "frequency", "count": 0, "per": "year"}, "greater_than_equal"),
        ({"kind": "frequency", "count": "2", "per": "year"}, "int_type"),
        ({"kind": "frequency", "count": 2, "per": "decade"}, "literal_error"),
        ({"kind": "frequency", "count": 2, "per": "year", "per_year": 2}, "extra_forbidden"),
        ({"kind": "deliverable", "due": "2021-06-31"}, "iso_date"),
        ({"kind": "coverage", "population": "x", "percent": 120}, "less_than_equal"),
        ({"kind": "comparison", "indicator": "x", "relation": "same"}, "literal_error"),
    ],
)
def test_bad_targets(data: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError) as info:
        target(**data)
    assert error in {e["type"] for e in info.value.errors()}


@pytest.mark.parametrize("bad", ["Controle", "1e", "", "a b", "-a"])
def test_target_ids(bad: str) -> None:
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({"id": bad, "description": "x", "kind": "deliverable", "due": 1})


def test_what_each_kind_takes() -> None:
    assert takes(frequency()) == {"count"}
    assert takes(target(kind="deliverable", due="2021-06-30")) == {"count"}
    assert takes(target(kind="comparison", indicator="x", relation="less")) == {"value"}
    assert takes(target(kind="coverage", population="x", percent=100)) == {"count", "value"}
    assert takes(target(kind="coverage", population="x", per_occasion=5)) == {"value"}


# --- calendar periods ------------------------------------------------------------------------


def test_week_53_of_2020_holds_the_first_days_of_2021() -> None:
    for day in (D(2020, 12, 28), D(2021, 1, 1), D(2021, 1, 3)):
        week = calendar_period("week", day, 2021)
        assert (week.key, week.start, week.end, week.year) == (
            "2020-W53",
            D(2020, 12, 28),
            D(2021, 1, 3),
            2020,
        )
    assert calendar_period("week", D(2021, 1, 4), 2021).key == "2021-W01"


def test_a_week_across_a_new_year_belongs_to_the_year_of_its_thursday() -> None:
    week = calendar_period("week", D(2022, 1, 1), 2021)
    assert (week.key, week.start, week.end, week.year) == (
        "2021-W52",
        D(2021, 12, 27),
        D(2022, 1, 2),
        2021,
    )
    # 2024-12-30 (a Monday) starts week 1 of 2025: its Thursday is 2 January 2025.
    week = calendar_period("week", D(2024, 12, 31), 2024)
    assert (week.key, week.year) == ("2025-W01", 2025)
    assert week.label("nl") == "week 1 van 2025"


def test_leap_years() -> None:
    february = calendar_period("month", D(2024, 2, 29), 2023)
    assert (february.start, february.end, february.days) == (D(2024, 2, 1), D(2024, 2, 29), 29)
    assert calendar_period("month", D(2023, 2, 10), 2023).days == 28
    assert calendar_period("half_year", D(2024, 2, 29), 2023).days == 182
    assert calendar_period("quarter", D(2024, 2, 29), 2023).days == 91
    assert calendar_period("year", D(2024, 2, 29), 2023).days == 366
    assert calendar_period("two_years", D(2024, 2, 29), 2023).days == 731


def test_keys_and_labels() -> None:
    day = D(2022, 6, 30)
    keys = {unit: calendar_period(unit, day, 2021).key for unit in PERIOD_UNITS}
    assert keys == {
        "week": "2022-W26",
        "month": "2022-06",
        "quarter": "2022-Q2",
        "half_year": "2022-H1",
        "year": "2022",
        "two_years": "2021-2022",
    }
    assert calendar_period("half_year", day, 2021).label("nl") == "eerste helft 2022"
    assert calendar_period("quarter", day, 2021).label("en") == "Q2 2022"
    assert calendar_period("month", day, 2021).label("nl") == "juni 2022"


def test_two_year_periods_are_aligned_to_the_programme_start() -> None:
    assert calendar_period("two_years", D(2022, 5, 1), 2021).key == "2021-2022"
    assert calendar_period("two_years", D(2023, 1, 1), 2021).key == "2023-2024"
    assert calendar_period("two_years", D(2020, 12, 31), 2021).key == "2019-2020"
    assert calendar_period("two_years", D(2022, 5, 1), 2022).key == "2022-2023"


@given(UNITS, DAYS, st.integers(min_value=1990, max_value=2100))
def test_a_period_holds_its_day_and_the_next_starts_after_it(
    unit: Any, day: dt.date, anchor: int
) -> None:
    period = calendar_period(unit, day, anchor)
    assert period.start <= day <= period.end
    following = calendar_period(unit, period.end + dt.timedelta(days=1), anchor)
    assert following.start == period.end + dt.timedelta(days=1)
    assert following.key != period.key
    if unit == "week":
        assert period.start.weekday() == 0 and period.days == 7
        assert period.key == "{}-W{:02d}".format(*day.isocalendar()[:2])
        assert period.year == day.isocalendar()[0]
    if unit == "month":
        assert period.days == calendar.monthrange(day.year, day.month)[1]


@given(UNITS, DAYS, st.integers(min_value=0, max_value=800))
def test_calendar_periods_tile_the_range(unit: Any, first: dt.date, length: int) -> None:
    last = first + dt.timedelta(days=length)
    periods = calendar_periods(unit, first, last, first.year)
    assert periods[0].start <= first and periods[-1].end >= last
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + dt.timedelta(days=1)


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 1, 1)),
    st.integers(min_value=6, max_value=60),  # a programme of a week or more
)
def test_a_week_is_a_period_of_the_programme_when_its_thursday_is_in_it(
    start: dt.date, length: int
) -> None:
    programme = DateRange(start, start + dt.timedelta(days=length))
    weeks = {j.period.key for j in judged_periods(frequency(1, "week"), programme)}
    expected = {
        w.key
        for w in calendar_periods("week", programme.start, programme.end, start.year)
        if programme.start <= w.start + dt.timedelta(days=3) <= programme.end
    }
    assert weeks == expected


def test_partial_periods_are_prorated() -> None:
    programme = DateRange(D(2021, 7, 1), D(2022, 12, 31))
    judged = judged_periods(frequency(2, "year"), programme)
    assert [(j.period.key, j.start, j.required) for j in judged] == [
        ("2021", D(2021, 7, 1), 1),  # 2 x 184/365, rounded half up
        ("2022", D(2022, 1, 1), 2),
    ]
    # A programme that starts on Friday 1 January 2021 has no share in 2020-W53.
    weekly = judged_periods(frequency(1, "week"), PROGRAMME)
    assert weekly[0].period.key == "2021-W01"
    assert weekly[-1].period.key == "2022-W52"
    assert weekly[-1].end == D(2022, 12, 31)  # the week runs on to 1 January 2023
    assert len(weekly) == 104
    # Three a week: a week with three days inside still needs one.
    thrice = judged_periods(frequency(3, "week"), PROGRAMME)
    assert (thrice[0].period.key, thrice[0].required) == ("2020-W53", 1)


def test_the_target_window_narrows_the_periods() -> None:
    later = frequency(1, "year", start="2022-01-01")
    assert [j.period.key for j in judged_periods(later, PROGRAMME)] == ["2022"]
    outside = frequency(1, "year", start="2030-01-01")
    assert judged_periods(outside, PROGRAMME) == []
    result = target_status("1.1.1", outside, [], PROGRAMME, D(2022, 6, 1))
    assert result.verdict is Verdict.no_data
    assert "outside the programme period" in result.text()


def test_round_half_up() -> None:
    assert [round_half_up(x) for x in (0.49, 0.5, 1.5, 2.5, 4 / 7, 3 / 7)] == [0, 1, 2, 3, 1, 0]


# --- frequency -------------------------------------------------------------------------------


def test_frequency_example_from_the_issue() -> None:
    inspections = frequency(2, "year")
    as_of = D(2022, 11, 19)  # six weeks left in 2022
    results = by_key(evaluate(inspections, counts(D(2022, 3, 3)), PROGRAMME, as_of))
    now = results["2022"]
    assert (now.required, now.achieved, now.verdict, now.days_left) == (
        2,
        1,
        Verdict.at_risk,
        42,
    )
    assert now.forecast().startswith("1 of 2 in 2022, 6 weeks left: at risk")
    assert now.forecast("nl").startswith("1 van 2 in 2022, nog 6 weken: risico")
    assert results["2021"].verdict is Verdict.missed
    assert results["2021"].ended and results["2021"].forecast() == "0 of 2 in 2021: missed"


@pytest.mark.parametrize(
    ("held", "as_of", "verdict"),
    [
        ([], D(2022, 1, 5), Verdict.on_course),  # nothing expected yet
        ([], D(2022, 4, 1), Verdict.on_course),  # 2 x 91/365 = 0.499: none expected yet
        ([], D(2022, 4, 2), Verdict.at_risk),  # 2 x 92/365 = 0.504: one expected by now
        ([D(2022, 3, 1)], D(2022, 9, 30), Verdict.on_course),  # 2 x 273/365 = 1.496
        ([D(2022, 3, 1)], D(2022, 10, 1), Verdict.at_risk),  # 2 x 274/365 = 1.501: two
        ([D(2022, 3, 1), D(2022, 3, 2)], D(2022, 3, 2), Verdict.met),  # met while running
        ([D(2022, 3, 1)], D(2022, 12, 31), Verdict.missed),  # the last day ends the period
        ([D(2022, 3, 1), D(2022, 12, 31)], D(2022, 12, 31), Verdict.met),
        ([D(2022, 3, 1), D(2022, 12, 31)], D(2023, 2, 1), Verdict.met),
    ],
)
def test_frequency_verdicts(held: list[dt.date], as_of: dt.date, verdict: Verdict) -> None:
    result = by_key(evaluate(frequency(2, "year"), counts(*held), PROGRAMME, as_of))["2022"]
    assert result.verdict is verdict


def test_no_entries() -> None:
    results = evaluate(frequency(2, "year"), [], PROGRAMME, D(2023, 3, 1))
    assert [(r.key, r.achieved, r.verdict) for r in results] == [
        ("2021", 0, Verdict.missed),
        ("2022", 0, Verdict.missed),
    ]
    assert evaluate(frequency(2, "year"), [], PROGRAMME, D(2020, 12, 31)) == []
    status = target_status("2.2.3", frequency(), [], PROGRAMME, D(2020, 12, 31))
    assert (status.verdict, status.text()) == (Verdict.no_data, "starts on 1 January 2021")


def test_entries_outside_the_programme_period_do_not_count() -> None:
    figures = counts(D(2020, 12, 31), D(2023, 1, 1))  # in 2020-W53 and 2022-W52, but outside
    weekly = by_key(evaluate(frequency(1, "week"), figures, PROGRAMME, D(2023, 3, 1)))
    assert "2020-W53" not in weekly
    assert weekly["2021-W01"].achieved == 0
    assert weekly["2022-W52"].achieved == 0
    yearly = evaluate(frequency(1, "year"), figures, PROGRAMME, D(2023, 3, 1))
    assert [r.achieved for r in yearly] == [0, 0]


def test_entries_after_as_of_do_not_count_yet() -> None:
    figures = counts(D(2022, 3, 1), D(2022, 10, 1))
    june = by_key(evaluate(frequency(2, "year"), figures, PROGRAMME, D(2022, 6, 30)))["2022"]
    assert (june.achieved, june.verdict) == (1, Verdict.on_course)
    later = by_key(evaluate(frequency(2, "year"), figures, PROGRAMME, D(2022, 10, 1)))["2022"]
    assert (later.achieved, later.verdict) == (2, Verdict.met)


def test_an_entry_on_new_years_day_counts_for_the_week_of_the_old_year() -> None:
    figures = counts(D(2022, 1, 1))  # Saturday of 2021-W52
    weeks = by_key(evaluate(frequency(1, "week"), figures, PROGRAMME, D(2022, 1, 9)))
    assert (weeks["2021-W52"].achieved, weeks["2021-W52"].verdict) == (1, Verdict.met)
    assert weeks["2021-W52"].year == 2021
    assert weeks["2022-W01"].achieved == 0
    # ... and for the year it is dated in.
    years = by_key(evaluate(frequency(1, "year"), figures, PROGRAMME, D(2022, 1, 9)))
    assert (years["2021"].achieved, years["2022"].achieved) == (0, 1)


def test_week_53() -> None:
    programme = DateRange(D(2026, 1, 1), D(2027, 12, 31))
    figures = counts(D(2027, 1, 2))  # Saturday of 2026-W53
    weeks = by_key(evaluate(frequency(1, "week"), figures, programme, D(2027, 1, 3)))
    week = weeks["2026-W53"]
    assert (week.start, week.end, week.year) == (D(2026, 12, 28), D(2027, 1, 3), 2026)
    assert (week.verdict, week.ended) == (Verdict.met, True)
    assert week.label("en") == "week 53 of 2026"
    assert len([k for k in weeks if k.startswith("2026-")]) == 53
    # The programme 2021-2022 starts on Friday 1 January: 2020-W53 is not one of its weeks.
    assert "2020-W53" not in by_key(evaluate(frequency(1, "week"), [], PROGRAMME, D(2021, 1, 3)))


def test_leap_day() -> None:
    programme = DateRange(D(2024, 1, 1), D(2025, 12, 31))
    monthly = frequency(1, "month")
    results = by_key(evaluate(monthly, counts(D(2024, 2, 29)), programme, D(2024, 2, 29)))
    february = results["2024-02"]
    assert (february.verdict, february.ended, february.end) == (
        Verdict.met,
        True,
        D(2024, 2, 29),
    )

    # Twice a year: one is expected from the 92nd day on, 1 April in a leap year (2 April
    # in 2022, above).
    def yearly(day: dt.date) -> Verdict:
        return by_key(evaluate(frequency(2, "year"), [], programme, day))["2024"].verdict

    assert (yearly(D(2024, 3, 31)), yearly(D(2024, 4, 1))) == (Verdict.on_course, Verdict.at_risk)
    # A programme that starts on 29 February: one day of February needs no monthly activity.
    late = DateRange(D(2024, 2, 29), D(2024, 12, 31))
    assert judged_periods(monthly, late)[0].period.key == "2024-03"


@given(
    st.lists(st.dates(min_value=D(2020, 6, 1), max_value=D(2023, 6, 1)), max_size=12),
    st.dates(min_value=D(2021, 1, 1), max_value=D(2023, 3, 1)),
    st.sampled_from(PERIOD_UNITS),
    st.integers(min_value=1, max_value=4),
)
def test_frequency_properties(held: list[dt.date], as_of: dt.date, unit: Any, count: int) -> None:
    norm = frequency(count, unit)
    results = evaluate(norm, counts(*held), PROGRAMME, as_of)
    inside = [d for d in held if PROGRAMME.start <= d <= min(as_of, PROGRAMME.end)]
    # Every counted entry is counted exactly once (week periods may leave out partial weeks).
    if unit != "week":
        assert sum(r.achieved or 0 for r in results) == len(inside)
    for result in results:
        assert result.start <= as_of
        assert result.ended == (as_of >= result.end)
        achieved, required = result.achieved or 0, result.required or 0
        if achieved >= required:
            assert result.verdict is Verdict.met
        elif result.ended:
            assert result.verdict is Verdict.missed
        else:
            assert result.verdict in (Verdict.on_course, Verdict.at_risk)
        assert result.forecast() and result.forecast("nl")
    # One more activity never makes a verdict worse.
    more = evaluate(norm, counts(*held, as_of), PROGRAMME, as_of)
    for before, after in zip(results, more, strict=True):
        assert after.verdict.info.rank >= before.verdict.info.rank


def test_a_period_missed_earlier_in_the_year_puts_a_weekly_target_at_risk() -> None:
    weekly = frequency(1, "week")
    mondays = [D(2022, 1, 3) + dt.timedelta(weeks=n) for n in range(20)]
    all_weeks = counts(*mondays)
    status = target_status("4.1.5", weekly, all_weeks, PROGRAMME, D(2022, 5, 17))
    assert status.verdict is Verdict.met  # week 20 met on Monday, all earlier weeks too
    assert "2022 so far: 19 of 19 weeks met" in status.text()
    one_missed = counts(*[d for d in mondays if d != D(2022, 2, 7)])
    status = target_status("4.1.5", weekly, one_missed, PROGRAMME, D(2022, 5, 17))
    assert status.verdict is Verdict.at_risk
    assert "2022 so far: 18 of 19 weeks met" in status.text()
    assert status.current is not None and status.current.verdict is Verdict.met
    # Once the year is over, the missed week makes it missed.
    after = target_status("4.1.5", weekly, one_missed, PROGRAMME, D(2023, 2, 1))
    assert after.verdict is Verdict.missed
    assert after.text() == "2022: 19 of 52 weeks met: missed"
    # The weeks of 2021 (all missed: no entries) do not weigh on 2022.
    early = target_status("4.1.5", weekly, all_weeks, PROGRAMME, D(2022, 1, 4))
    assert early.verdict is Verdict.met
    assert early.text().endswith("2022 so far: 0 of 0 weeks met")
    assert target_status("4.1.5", weekly, all_weeks, PROGRAMME, D(2021, 12, 1)).verdict is (
        Verdict.at_risk
    )


def test_a_year_with_every_month_met() -> None:
    firsts = counts(*[D(2021, month, 1) for month in range(1, 13)])
    status = target_status("x", frequency(1, "month"), firsts, PROGRAMME, D(2022, 1, 1))
    # On 1 January 2022 the current period is January 2022 (running, nothing yet expected).
    assert status.verdict is Verdict.on_course
    at_year_end = target_status("x", frequency(1, "month"), firsts, PROGRAMME, D(2021, 12, 31))
    assert (at_year_end.verdict, at_year_end.text()) == (
        Verdict.met,
        "2021: 12 of 12 months met: met",
    )


# --- threshold -------------------------------------------------------------------------------

BURGERNET = {
    "kind": "threshold",
    "indicator": "deelname aan Burgernet",
    "unit": "%",
    "direction": "increase",
    "baseline": {"value": 9.2, "date": "2021-03-17"},
    "target": {"value": 10, "date": "2022-12-31"},
}


def burgernet(**changes: Any) -> ThresholdTarget:
    made: ThresholdTarget = target(**{**BURGERNET, **changes})
    return made


def line_on(day: dt.date) -> float:
    base, goal = D(2021, 3, 17), D(2022, 12, 31)
    return 9.2 + 0.8 * (day - base).days / (goal - base).days


@pytest.mark.parametrize(
    ("measured", "as_of", "verdict"),
    [
        ([], D(2022, 6, 30), Verdict.no_data),
        ([(D(2022, 6, 30), 9.4)], D(2022, 6, 30), Verdict.at_risk),  # below the line (9.77)
        ([(D(2022, 6, 30), 9.8)], D(2022, 6, 30), Verdict.on_course),
        ([(D(2022, 6, 30), 10.0)], D(2022, 6, 30), Verdict.met),  # reached early
        ([(D(2022, 6, 30), 9.9)], D(2022, 12, 31), Verdict.missed),
        ([(D(2022, 6, 30), 10.2), (D(2022, 9, 30), 9.9)], D(2022, 10, 1), Verdict.on_course),
        ([(D(2022, 6, 30), 9.9)], D(2022, 6, 29), Verdict.no_data),  # not measured yet
    ],
)
def test_threshold_verdicts(
    measured: list[tuple[dt.date, float]], as_of: dt.date, verdict: Verdict
) -> None:
    result = only(evaluate(burgernet(), values(*measured), PROGRAMME, as_of))
    assert result.verdict is verdict
    assert (result.required, result.end) == (10, D(2022, 12, 31))


def test_threshold_line_and_forecast() -> None:
    day = D(2022, 6, 30)
    result = only(evaluate(burgernet(), values((day, 9.4)), PROGRAMME, D(2022, 7, 1)))
    assert round(line_on(day), 2) == 9.77
    assert result.forecast().startswith("9.4% on 30 June 2022, line 9.77%, target 10% by 31 ")
    assert result.forecast("nl").startswith("9,4% op 30 juni 2022, lijn 9,77%, doel 10% op 31 ")
    expected = 9.4 + (9.4 - 9.2) / (day - D(2021, 3, 17)).days * (D(2022, 12, 31) - day).days
    assert result.projected == pytest.approx(expected, abs=1e-3)
    assert f"at this pace {round(expected, 2)}%" in result.forecast()


def test_a_value_below_the_baseline() -> None:
    result = only(evaluate(burgernet(), values((D(2021, 9, 1), 9.0)), PROGRAMME, D(2021, 9, 2)))
    assert result.verdict is Verdict.at_risk
    assert "(below the baseline 9.2%)" in result.forecast()
    assert "(onder de nulmeting 9,2%)" in result.forecast("nl")
    assert result.projected is not None and result.projected < 9.0


def test_threshold_reads_values_from_the_baseline_to_the_target_date() -> None:
    measured = values((D(2021, 3, 1), 12.0), (D(2023, 1, 15), 12.0))  # before and after
    result = only(evaluate(burgernet(), measured, PROGRAMME, D(2023, 2, 1)))
    assert (result.verdict, result.achieved) == (Verdict.no_data, None)
    assert evaluate(burgernet(), measured, PROGRAMME, D(2021, 3, 16)) == []  # before the baseline


def test_a_threshold_that_must_decrease() -> None:
    fewer = burgernet(
        direction="decrease",
        baseline={"value": 120, "date": "2021-01-01"},
        target={"value": 100, "date": "2022-12-31"},
        unit="",
    )
    ahead = only(evaluate(fewer, values((D(2022, 1, 1), 105)), PROGRAMME, D(2022, 1, 2)))
    assert ahead.verdict is Verdict.on_course  # the line is at 110
    behind = only(evaluate(fewer, values((D(2022, 1, 1), 125)), PROGRAMME, D(2022, 1, 2)))
    assert behind.verdict is Verdict.at_risk
    assert "(above the baseline 120)" in behind.forecast()
    assert only(evaluate(fewer, values((D(2022, 1, 1), 99)), PROGRAMME, D(2022, 1, 2))).verdict == (
        Verdict.met
    )


def test_a_threshold_without_a_baseline_draws_its_line_from_the_first_measurement() -> None:
    registered = burgernet(baseline=None, target={"value": 100, "date": "2022-12-31"})
    one = only(evaluate(registered, values((D(2021, 6, 1), 50)), PROGRAMME, D(2021, 6, 2)))
    assert one.verdict is Verdict.no_data
    assert "no baseline" in one.forecast()
    two = values((D(2021, 6, 1), 50), (D(2022, 1, 1), 90))
    assert only(evaluate(registered, two, PROGRAMME, D(2022, 1, 2))).verdict is Verdict.on_course
    slow = values((D(2021, 6, 1), 50), (D(2022, 1, 1), 60))
    assert only(evaluate(registered, slow, PROGRAMME, D(2022, 1, 2))).verdict is Verdict.at_risk


@given(
    st.floats(min_value=0, max_value=20, allow_nan=False),
    st.dates(min_value=D(2021, 3, 17), max_value=D(2022, 12, 31)),
)
def test_a_higher_value_is_never_worse(value: float, day: dt.date) -> None:
    low = only(evaluate(burgernet(), values((day, value)), PROGRAMME, day))
    high = only(evaluate(burgernet(), values((day, value + 0.5)), PROGRAMME, day))
    assert high.verdict.info.rank >= low.verdict.info.rank
    on_line = low.verdict is Verdict.on_course
    assert on_line == (value < 10 and day < D(2022, 12, 31) and value >= line_on(day) - 1e-9)


# --- comparison ------------------------------------------------------------------------------


def comparison(relation: str = "at_least", **more: Any) -> ComparisonTarget:
    made: ComparisonTarget = target(
        kind="comparison", indicator="WhatsApp groepen", relation=relation, **more
    )
    return made


def test_comparison_with_the_previous_year() -> None:
    groups = comparison()
    measured = values((D(2020, 12, 31), 30), (D(2021, 12, 31), 31), (D(2022, 6, 1), 29))
    results = by_key(evaluate(groups, measured, PROGRAMME, D(2022, 6, 30)))
    assert (results["2021"].verdict, results["2021"].required, results["2021"].achieved) == (
        Verdict.met,
        30,
        31,
    )
    assert results["2021"].forecast() == "31 in 2021 (2020: 30; at least 30): met"
    now = results["2022"]
    assert (now.verdict, now.ended) == (Verdict.at_risk, False)
    assert now.forecast("nl").startswith("29 in 2022 tot nu toe (2021: 31; minimaal 31), nog")
    enough = values((D(2020, 12, 31), 30), (D(2021, 12, 31), 31), (D(2022, 6, 1), 31))
    assert by_key(evaluate(groups, enough, PROGRAMME, D(2022, 6, 30)))["2022"].verdict is (
        Verdict.on_course
    )
    final = by_key(evaluate(groups, measured, PROGRAMME, D(2023, 1, 1)))["2022"]
    assert final.verdict is Verdict.missed


def test_comparison_without_a_previous_value_says_nothing() -> None:
    result = by_key(evaluate(comparison(), values((D(2021, 12, 31), 31)), PROGRAMME, D(2022, 1, 5)))
    assert result["2021"].verdict is Verdict.no_data
    assert result["2021"].forecast() == "no value for 2020 recorded"
    assert result["2022"].verdict is Verdict.no_data
    assert result["2022"].forecast() == "no value for 2022 yet (2021: 31)"


@pytest.mark.parametrize(
    ("relation", "value", "verdict"),
    [
        ("at_least", 30, Verdict.met),
        ("more", 30, Verdict.missed),
        ("more", 31, Verdict.met),
        ("at_most", 30, Verdict.met),
        ("less", 30, Verdict.missed),
        ("less", 29, Verdict.met),
        ("at_most", 31, Verdict.missed),
    ],
)
def test_relations(relation: str, value: float, verdict: Verdict) -> None:
    measured = values((D(2020, 12, 31), 30), (D(2021, 12, 31), value))
    result = by_key(evaluate(comparison(relation), measured, PROGRAMME, D(2022, 1, 1)))["2021"]
    assert result.verdict is verdict


def test_dog_waste_complaints_against_2020_as_a_running_total() -> None:
    complaints = comparison("at_most", reference=2020, accumulates=True)
    history = [(D(2020, 12, 31), 40.0), (D(2021, 12, 31), 45.0)]
    results = by_key(evaluate(complaints, values(*history), PROGRAMME, D(2022, 1, 2)))
    assert (results["2021"].required, results["2021"].verdict) == (40, Verdict.missed)
    # 2022 is compared with 2020 too, not with 2021.
    on_pace = values(*history, (D(2022, 6, 30), 15.0))
    now = by_key(evaluate(complaints, on_pace, PROGRAMME, D(2022, 7, 1)))["2022"]
    assert (now.required, now.verdict) == (40, Verdict.on_course)
    assert now.projected == pytest.approx(15 * 365 / 181, abs=0.01)
    too_fast = values(*history, (D(2022, 6, 30), 25.0))
    now = by_key(evaluate(complaints, too_fast, PROGRAMME, D(2022, 7, 1)))["2022"]
    assert now.verdict is Verdict.at_risk
    assert "at this pace 50.41 by 31 December 2022" in now.forecast()
    over = values(*history, (D(2022, 6, 30), 41.0))
    now = by_key(evaluate(complaints, over, PROGRAMME, D(2022, 7, 1)))["2022"]
    assert now.verdict is Verdict.missed  # a running total cannot come down again


def test_a_running_total_that_must_grow_is_met_once_it_passes_the_reference() -> None:
    more = comparison("at_least", accumulates=True)
    measured = values((D(2021, 12, 31), 10), (D(2022, 3, 1), 11))
    assert by_key(evaluate(more, measured, PROGRAMME, D(2022, 3, 1)))["2022"].verdict is (
        Verdict.met
    )


# --- coverage --------------------------------------------------------------------------------


def coverage(**more: Any) -> CoverageTarget:
    made: CoverageTarget = target(kind="coverage", population="horecaondernemingen", **more)
    return made


def test_coverage_of_a_population() -> None:
    every = coverage(percent=100)
    figures = [
        Figure(D(2021, 2, 1), value=35),
        Figure(D(2021, 3, 1), count=10),
        Figure(D(2021, 11, 1), count=25),
        Figure(D(2022, 3, 1), count=12),
    ]
    results = by_key(evaluate(every, figures, PROGRAMME, D(2022, 11, 19)))
    assert (results["2021"].required, results["2021"].achieved, results["2021"].verdict) == (
        35,
        35,
        Verdict.met,
    )
    now = results["2022"]  # the population size of 2021 still holds
    assert (now.required, now.achieved, now.verdict) == (35, 12, Verdict.at_risk)
    assert now.forecast().startswith("12 of 35 horecaondernemingen in 2022, 6 weeks left")


def test_coverage_without_a_population_size_says_nothing() -> None:
    result = only(
        evaluate(coverage(percent=100), counts(D(2021, 3, 1)), PROGRAMME, D(2021, 12, 31))[:1]
    )
    assert (result.verdict, result.achieved, result.required) == (Verdict.no_data, 1, None)
    assert "not recorded" in result.forecast()


def test_coverage_of_a_share_and_of_nothing() -> None:
    seventy = coverage(percent=70)
    figures = [Figure(D(2022, 1, 1), value=20), Figure(D(2022, 10, 1), count=14)]
    result = by_key(evaluate(seventy, figures, PROGRAMME, D(2022, 12, 31)))["2022"]
    assert (result.required, result.verdict) == (14, Verdict.met)
    assert "(70% required: 14)" in result.forecast()
    empty = values((D(2022, 1, 1), 0))
    none = by_key(evaluate(coverage(percent=100), empty, PROGRAMME, D(2022, 2, 1)))
    assert (none["2022"].required, none["2022"].verdict) == (0, Verdict.met)


def test_coverage_per_occasion() -> None:
    visits = coverage(per_occasion=5)
    fine = by_key(evaluate(visits, values((D(2022, 3, 1), 6)), PROGRAMME, D(2022, 6, 1)))
    assert (fine["2022"].verdict, fine["2022"].achieved) == (Verdict.on_course, 6)
    assert fine["2021"].verdict is Verdict.no_data  # no occasion in 2021
    short = by_key(
        evaluate(visits, values((D(2022, 3, 1), 6), (D(2022, 5, 1), 4)), PROGRAMME, D(2022, 6, 1))
    )
    assert (short["2022"].verdict, short["2022"].achieved) == (Verdict.missed, 4)
    assert "2 occasions in 2022, lowest 4 horecaondernemingen" in short["2022"].forecast()
    ended = by_key(evaluate(visits, values((D(2022, 3, 1), 6)), PROGRAMME, D(2023, 1, 1)))
    assert ended["2022"].verdict is Verdict.met


# --- deliverable -----------------------------------------------------------------------------

PROPOSAL: DeliverableTarget = target(kind="deliverable", due="2021-06-30")


@pytest.mark.parametrize(
    ("delivered", "as_of", "verdict", "text"),
    [
        (None, D(2021, 3, 1), Verdict.on_course, "not delivered yet, 17 weeks left, due 30 June"),
        (None, D(2021, 5, 31), Verdict.at_risk, "not delivered yet, 4 weeks left, due 30 June"),
        (None, D(2021, 6, 30), Verdict.missed, "not delivered, due 30 June 2021: missed"),
        (D(2021, 6, 28), D(2021, 6, 28), Verdict.met, "delivered on 28 June 2021, due 30"),
        (D(2021, 6, 30), D(2022, 1, 1), Verdict.met, "delivered on 30 June 2021"),
        (D(2021, 7, 3), D(2021, 7, 5), Verdict.missed, "delivered on 3 July 2021, 3 days late"),
        (D(2021, 7, 3), D(2021, 7, 2), Verdict.missed, "not delivered, due"),
    ],
)
def test_deliverable(
    delivered: dt.date | None, as_of: dt.date, verdict: Verdict, text: str
) -> None:
    figures = counts(delivered) if delivered else []
    result = only(evaluate(PROPOSAL, figures, PROGRAMME, as_of))
    assert result.verdict is verdict
    assert result.forecast().startswith(text)


def test_deliverable_warning_window() -> None:
    due = D(2021, 6, 30)
    first_warning = due - dt.timedelta(days=DELIVERABLE_WARNING_DAYS)
    before = first_warning - dt.timedelta(days=1)
    assert only(evaluate(PROPOSAL, [], PROGRAMME, before)).verdict is Verdict.on_course
    assert only(evaluate(PROPOSAL, [], PROGRAMME, first_warning)).verdict is Verdict.at_risk
    nothing = counts(D(2021, 5, 1), count=0)  # a count of 0 delivers nothing
    assert only(evaluate(PROPOSAL, nothing, PROGRAMME, D(2021, 7, 1))).verdict is Verdict.missed


# --- figures and measures --------------------------------------------------------------------


class E:
    """A progress entry as far as the targets are concerned."""

    def __init__(
        self,
        date: dt.date,
        *,
        count: int | None = None,
        value: float | None = None,
        target: str | None = None,
    ) -> None:
        self.date, self.count, self.value, self.target = date, count, value, target


CONTROL: TargetModel = frequency(2, "year", id="controle")
VISITED: TargetModel = target(
    id="ondernemingen", kind="coverage", population="ondernemingen", per_occasion=5
)
WEEKLY: TargetModel = frequency(1, "week", id="klein")
MONTHLY: TargetModel = frequency(1, "month", id="algeheel")


def test_a_figure_goes_to_the_named_target_or_the_only_one_that_takes_it() -> None:
    pair = [CONTROL, VISITED]
    assert resolve(pair, None, "count") is CONTROL
    assert resolve(pair, None, "value") is VISITED
    assert resolve(pair, "ondernemingen", "count") is None  # takes no count
    assert resolve([WEEKLY, MONTHLY], None, "count") is None  # which one?
    assert resolve([WEEKLY, MONTHLY], "algeheel", "count") is MONTHLY
    figures = assign(
        pair,
        [
            E(D(2022, 3, 1), count=1, value=6),  # one control, six businesses: both targets
            E(D(2022, 1, 1), count=1, target="controle"),
            E(D(2022, 2, 1), value=3, target="controle"),  # wrong kind: left out
        ],
    )
    assert figures == {
        "controle": [Figure(D(2022, 1, 1), count=1), Figure(D(2022, 3, 1), count=1)],
        "ondernemingen": [Figure(D(2022, 3, 1), value=6)],
    }


def test_why_a_figure_cannot_be_assigned() -> None:
    assert resolution_problem("2.3.4", [CONTROL, VISITED], None, "count") is None
    assert resolution_problem("4.1.5", [WEEKLY, MONTHLY], None, "count") == (
        "measure 4.1.5 has 2 targets that take a count (klein, algeheel); say which one with "
        "'target'"
    )
    assert resolution_problem("4.1.5", [WEEKLY, MONTHLY], "klien", "count") == (
        "measure 4.1.5 has no target 'klien' (did you mean 'klein'?); its targets: klein "
        "(frequency), algeheel (frequency)"
    )
    assert resolution_problem("4.1.5", [WEEKLY], None, "value") == (
        "no target of measure 4.1.5 takes a value (its targets: klein (frequency))"
    )
    assert resolution_problem("2.3.4", [CONTROL], "controle", "value") == (
        "target 'controle' of measure 2.3.4 is a frequency target: it takes a count, not a value"
    )
    assert "has no targets" in (resolution_problem("1.1.1", [], None, "count") or "")


def test_measure_statuses_from_entries() -> None:
    entries = [E(D(2021, 4, 1), count=1, value=6), E(D(2021, 9, 1), count=1, value=4)]
    pair = [CONTROL, VISITED]
    found = measure_target_statuses("2.3.4", pair, entries, PROGRAMME, D(2021, 12, 31))
    assert [(s.target.id, s.verdict) for s in found] == [
        ("controle", Verdict.met),
        ("ondernemingen", Verdict.missed),
    ]
    assert worst(s.verdict for s in found) is Verdict.missed


def test_worst() -> None:
    assert worst([Verdict.met, Verdict.on_course]) is Verdict.on_course
    assert worst([Verdict.no_data, Verdict.met]) is Verdict.met
    assert worst([Verdict.no_data]) is Verdict.no_data
    assert worst([]) is Verdict.no_data
    assert worst([Verdict.at_risk, Verdict.missed, Verdict.met]) is Verdict.missed


@pytest.mark.parametrize(
    ("status", "verdict", "differ"),
    [
        ("on_track", Verdict.at_risk, True),
        ("on_track", Verdict.missed, True),
        ("done", Verdict.missed, True),
        ("off_track", Verdict.met, True),
        ("at_risk", Verdict.on_course, True),
        ("on_track", Verdict.met, False),
        ("at_risk", Verdict.missed, False),
        ("off_track", Verdict.at_risk, False),
        ("not_started", Verdict.missed, False),
        ("dropped", Verdict.met, False),
        ("on_track", Verdict.no_data, False),
        ("on_track", None, False),
    ],
)
def test_disagreement(status: str, verdict: Verdict | None, differ: bool) -> None:
    assert disagrees(status, verdict) is differ


def test_verdict_labels() -> None:
    assert [v.label("nl") for v in Verdict] == [
        "gehaald",
        "op schema",
        "risico",
        "niet gehaald",
        "geen gegevens",
    ]
    assert Verdict.on_course.label("en") == "on course"
