"""Threshold targets: an indicator that must reach a value by a date, along a straight line.

The line runs from the baseline (value, date) to the target (value, date); without a
baseline it starts at the first measurement from the programme's start, so one measurement
alone gives no line yet (``no_data``). A measurement is on course when it is on the line or
on its good side: for an ``increase`` on or above it, for a ``decrease`` (a maximum, e.g.
fewer burglaries) on or below it; at or beyond the target value it is met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from avp.i18n import Amount, Message
from avp.targets.figures import Figure, _values
from avp.targets.kind import Kind
from avp.targets.periods import DateRange, Span
from avp.targets.results import PeriodResult, verdict_word
from avp.targets.verdicts import Verdict

if TYPE_CHECKING:
    from avp.targets.models import ThresholdTarget


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

    def good(value: float, than: float) -> bool:
        return value >= than if target.direction == "increase" else value <= than

    def result(verdict: Verdict, reason: Message, projected: float | None = None) -> PeriodResult:
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
            caption=Message.of("threshold.label", day=goal.date),
            reason=reason,
        )

    goal_text = Message.of("threshold.goal", goal=Amount(goal.value, unit), day=goal.date)
    if latest is None or latest.value is None:
        if baseline is None:
            return [result(Verdict.no_data, Message.of("threshold.none", goal=goal_text))]
        reason = Message.of(
            "threshold.none.baseline",
            baseline=Amount(baseline.value, unit),
            baseline_day=baseline.date,
            goal=goal_text,
        )
        return [result(Verdict.no_data, reason)]
    value = latest.value
    measured = Message.of("threshold.measured", value=Amount(value, unit), day=latest.last)
    if good(value, goal.value) or ended:
        verdict = Verdict.met if good(value, goal.value) else Verdict.missed
        reason = Message.of(
            "threshold.reached", measured=measured, goal=goal_text, verdict=verdict_word(verdict)
        )
        return [result(verdict, reason)]
    # The straight line from the baseline (or, without one, the first measurement) to the goal.
    if baseline is not None:
        origin_date, origin_value = baseline.date, baseline.value
    else:
        origin_date, origin_value = values[0].last, values[0].value or 0.0
        if origin_date >= latest.last:
            reason = Message.of("threshold.no_line", measured=measured, goal=goal_text)
            return [result(Verdict.no_data, reason)]
    span = (goal.date - origin_date).days
    elapsed = (latest.last - origin_date).days
    line = goal.value if span <= 0 else origin_value + (goal.value - origin_value) * elapsed / span
    verdict = Verdict.on_course if good(value, line) else Verdict.at_risk
    projected = None
    if elapsed > 0:
        projected = value + (value - origin_value) / elapsed * (goal.date - latest.last).days
    behind = None
    if baseline is not None and not good(value, baseline.value) and value != baseline.value:
        side = "below" if target.direction == "increase" else "above"
        behind = Message.of(f"threshold.{side}_baseline", baseline=Amount(baseline.value, unit))
    key = "threshold.line" if behind is None else "threshold.line.behind"
    if projected is not None and verdict is Verdict.at_risk:
        key += ".pace"
    reason = Message.of(
        key,
        measured=measured,
        line=Amount(line, unit),
        goal=goal_text,
        verdict=verdict_word(verdict),
        behind=behind,
        projected=None if projected is None else Amount(projected, unit),
        day=goal.date,
    )
    rounded = None if projected is None else round(projected, 4)
    return [result(verdict, reason, rounded)]


def _begins(target: ThresholdTarget, window: DateRange, programme: Span) -> dt.date:
    return target.baseline.date if target.baseline is not None else window.start


KIND: Kind[ThresholdTarget] = Kind("threshold", _threshold, _begins)
