"""Coverage targets: a share of a population, or a minimum per occasion."""

from __future__ import annotations

from typing import Any

from avp.targets.evaluate import evaluate
from avp.targets.figures import Figure
from avp.targets.models import (
    CoverageTarget,
)
from avp.targets.verdicts import Verdict
from tests.targets.helpers import PROGRAMME, D, by_key, counts, only, target, values


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
