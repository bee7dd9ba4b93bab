"""Threshold targets: an indicator that must reach a value by a date, along a straight line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from avp.i18n import format_date as _date
from avp.i18n import format_number as _num
from avp.targets.figures import Figure, _values
from avp.targets.models import ThresholdTarget
from avp.targets.periods import Span
from avp.targets.results import PeriodResult, _join
from avp.targets.verdicts import Verdict, Words


def _threshold(
    target: ThresholdTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    goal = target.target
    baseline = target.baseline
    first = baseline.date if baseline is not None else programme.start
    first = min(first, goal.date)
    if first > as_of:
        return []
    unit = target.unit
    values = _values(figures, first, goal.date)
    latest = values[-1] if values else None
    ended = as_of >= goal.date
    days_left = 0 if ended else (goal.date - as_of).days
    labels = Words(f"t/m {_date(goal.date, 'nl')}", f"by {_date(goal.date, 'en')}")

    def good(value: float, than: float) -> bool:
        return value >= than if target.direction == "increase" else value <= than

    def result(verdict: Verdict, texts: Words, projected: float | None = None) -> PeriodResult:
        return PeriodResult(
            key=goal.date.isoformat(),
            start=first,
            end=goal.date,
            year=goal.date.year,
            required=goal.value,
            achieved=latest.value if latest else None,
            verdict=verdict,
            ended=ended,
            days_left=days_left,
            projected=projected,
            labels=labels,
            texts=texts,
        )

    goal_text = Words(
        f"doel {_num(goal.value, unit, 'nl')} op {_date(goal.date, 'nl')}",
        f"target {_num(goal.value, unit, 'en')} by {_date(goal.date, 'en')}",
    )
    if latest is None or latest.value is None:
        if baseline is not None:
            base = Words(
                f"nulmeting {_num(baseline.value, unit, 'nl')} op {_date(baseline.date, 'nl')}, ",
                f"baseline {_num(baseline.value, unit, 'en')} on {_date(baseline.date, 'en')}, ",
            )
        else:
            base = Words("", "")
        return [
            result(
                Verdict.no_data,
                Words(
                    f"nog geen meting ({base.nl}{goal_text.nl})",
                    f"no measurement yet ({base.en}{goal_text.en})",
                ),
            )
        ]
    value = latest.value
    measured = Words(
        f"{_num(value, unit, 'nl')} op {_date(latest.date, 'nl')}",
        f"{_num(value, unit, 'en')} on {_date(latest.date, 'en')}",
    )
    if good(value, goal.value):
        return [result(Verdict.met, _join(measured, goal_text, Verdict.met))]
    if ended:
        return [result(Verdict.missed, _join(measured, goal_text, Verdict.missed))]
    # The straight line from the baseline (or, without one, the first measurement) to the goal.
    if baseline is not None:
        origin_date, origin_value = baseline.date, baseline.value
    else:
        origin_date, origin_value = values[0].date, values[0].value or 0.0
        if origin_date >= latest.date:
            texts = Words(
                f"{measured.nl}, {goal_text.nl}: één meting en geen nulmeting, dus nog geen lijn",
                f"{measured.en}, {goal_text.en}: one measurement and no baseline, so no line yet",
            )
            return [result(Verdict.no_data, texts)]
    span = (goal.date - origin_date).days
    elapsed = (latest.date - origin_date).days
    line = goal.value if span <= 0 else origin_value + (goal.value - origin_value) * elapsed / span
    verdict = Verdict.on_course if good(value, line) else Verdict.at_risk
    projected = None
    if elapsed > 0:
        projected = value + (value - origin_value) / elapsed * (goal.date - latest.date).days
    nl = f"{measured.nl}, lijn {_num(line, unit, 'nl')}, {goal_text.nl}: {verdict.label('nl')}"
    en = f"{measured.en}, line {_num(line, unit, 'en')}, {goal_text.en}: {verdict.label('en')}"
    if baseline is not None and not good(value, baseline.value) and value != baseline.value:
        side = ("onder", "below") if target.direction == "increase" else ("boven", "above")
        nl += f" ({side[0]} de nulmeting {_num(baseline.value, unit, 'nl')})"
        en += f" ({side[1]} the baseline {_num(baseline.value, unit, 'en')})"
    if projected is not None and verdict is Verdict.at_risk:
        nl += f"; in dit tempo {_num(projected, unit, 'nl')} op {_date(goal.date, 'nl')}"
        en += f"; at this pace {_num(projected, unit, 'en')} by {_date(goal.date, 'en')}"
    rounded = None if projected is None else round(projected, 4)
    return [result(verdict, Words(nl, en), rounded)]
