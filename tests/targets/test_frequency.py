"""Frequency targets: at least a count per period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avp.targets.evaluate import evaluate, target_status
from avp.targets.models import (
    PERIOD_UNITS,
)
from avp.targets.periods import (
    DateRange,
    judged_periods,
)
from avp.targets.verdicts import Verdict
from tests.targets.helpers import PROGRAMME, D, by_key, counts, frequency


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
        assert after.verdict.rank >= before.verdict.rank


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
