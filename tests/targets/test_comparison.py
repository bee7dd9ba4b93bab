"""Comparison targets: a period against the previous one or a reference year."""

from __future__ import annotations

from typing import Any

import pytest

from avp.targets.evaluate import evaluate
from avp.targets.models import (
    ComparisonTarget,
)
from avp.targets.verdicts import Verdict
from tests.targets.helpers import PROGRAMME, D, by_key, target, values


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
