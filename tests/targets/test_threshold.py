"""Threshold targets: a value by a date, along a straight line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avp.targets.evaluate import evaluate
from avp.targets.models import (
    ThresholdTarget,
)
from avp.targets.verdicts import Verdict
from tests.targets.helpers import PROGRAMME, D, only, target, values

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
    assert result.forecast().startswith(
        "9.4% on 30 June 2022 (planned: 9.77%), target 10% by 31 "
    )  # issue 15: "line" / "lijn" is jargon
    assert result.forecast("nl").startswith(
        "9,4% op 30 juni 2022 (volgens planning 9,77%), doel 10% op 31 "
    )
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
    assert high.verdict.rank >= low.verdict.rank
    on_line = low.verdict is Verdict.on_course
    assert on_line == (value < 10 and day < D(2022, 12, 31) and value >= line_on(day) - 1e-9)
