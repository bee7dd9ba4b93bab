"""Helpers of the target tests: targets, figures and the programme period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from pydantic import TypeAdapter

from avp.targets.figures import Figure
from avp.targets.models import (
    PERIOD_UNITS,
    FrequencyTarget,
    Target,
)
from avp.targets.periods import (
    DateRange,
)
from avp.targets.results import PeriodResult

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
