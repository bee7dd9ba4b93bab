"""avp.targets.periods: calendar periods and a target's window."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from avp.targets.evaluate import target_status
from avp.targets.models import (
    PERIOD_UNITS,
)
from avp.targets.periods import (
    DateRange,
    calendar_period,
    calendar_periods,
    judged_periods,
    round_half_up,
)
from avp.targets.verdicts import Verdict
from tests.targets.helpers import DAYS, PROGRAMME, UNITS, D, frequency


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
    assert judged_periods(outside, PROGRAMME) == ()
    result = target_status("1.1.1", outside, [], PROGRAMME, D(2022, 6, 1))
    assert result.verdict is Verdict.no_data
    assert "outside the programme period" in result.text()


def test_round_half_up() -> None:
    assert [round_half_up(x) for x in (0.49, 0.5, 1.5, 2.5, 4 / 7, 3 / 7)] == [0, 1, 2, 3, 1, 0]


def test_judged_periods_are_remembered_per_target_object_not_per_id() -> None:
    """The memo answers the same target object at once; another target (even one that gets
    a freed object's id) gets its own periods."""
    weekly = frequency(1, "week")
    first = judged_periods(weekly, PROGRAMME)
    assert judged_periods(weekly, PROGRAMME) is first
    for _ in range(50):  # new objects, some at the ids of dropped ones
        yearly = frequency(2, "year")
        assert [j.period.key for j in judged_periods(yearly, PROGRAMME)] == ["2021", "2022"]
        del yearly
