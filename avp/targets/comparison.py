"""Comparison targets: an indicator per period against the previous period or a reference year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING

from avp.i18n import Amount, Message
from avp.targets.figures import Figure, _latest, _values
from avp.targets.kind import Kind, by_year
from avp.targets.periods import Span, calendar_period, judged_periods, previous_period
from avp.targets.results import PeriodResult, _judged_result, _left, verdict_word
from avp.targets.verdicts import Verdict

if TYPE_CHECKING:
    from avp.targets.models import ComparisonTarget, Relation


def _satisfies(relation: Relation, value: float, reference: float) -> bool:
    if relation == "at_least":
        return value >= reference
    if relation == "at_most":
        return value <= reference
    if relation == "more":
        return value > reference
    return value < reference


def _comparison(
    target: ComparisonTarget,
    figures: Sequence[Figure],
    programme: Span,
    as_of: dt.date,
    first: int = 0,
) -> list[PeriodResult]:
    """The periods from the ``first`` on (each is judged on its own: :func:`by_year`)."""
    anchor = programme.start.year
    unit = target.unit
    results = []
    for judged in islice(judged_periods(target, programme), first, None):
        if judged.start > as_of:
            break
        period = judged.period
        if target.reference == "previous":
            reference_period = previous_period(period, anchor)
        else:
            reference_period = calendar_period("year", dt.date(target.reference, 1, 1), anchor)
        reference = _latest(figures, reference_period.start, reference_period.end)
        if target.accumulates and reference is not None:
            # a running total is compared with the whole of the reference period only
            reference = _latest(
                [
                    f
                    for f in _values(figures, reference_period.start, reference_period.end)
                    if _whole(f, reference_period.start, reference_period.end)
                ],
                reference_period.start,
                reference_period.end,
            )
        current = _latest(figures, period.start, period.end)
        ended = as_of >= judged.end
        days_left = 0 if ended else (judged.end - as_of).days
        verdict, projected = Verdict.no_data, None
        partial = (
            ended
            and target.accumulates
            and current is not None
            and current.value is not None
            and not _whole(current, judged.start, judged.end)
        )
        if reference is None or reference.value is None:
            reason = Message.of("comparison.no_reference", reference_period=reference_period.ref)
        elif current is None or current.value is None:
            reason = Message.of(
                "comparison.no_value",
                period=period.ref,
                reference_period=reference_period.ref,
                reference=Amount(reference.value, unit),
            )
        else:
            ref_value, value = reference.value, current.value
            ok = _satisfies(target.relation, value, ref_value)
            grows = target.relation in ("at_least", "more")
            if ended and not partial:
                verdict = Verdict.met if ok else Verdict.missed
            elif not target.accumulates:
                verdict = Verdict.on_course if ok else Verdict.at_risk
            elif ok and grows:
                verdict = Verdict.met  # a running total does not go down
            elif not ok and not grows:
                verdict = Verdict.missed  # ... so it cannot get back under the reference
            elif partial:
                verdict = Verdict.no_data  # the running total of part of the period
            else:
                elapsed = max(1, (current.last - period.start).days + 1)
                projected = round(value * period.days / elapsed, 2)
                good = _satisfies(target.relation, projected, ref_value)
                verdict = Verdict.on_course if good else Verdict.at_risk
            if partial and verdict is Verdict.no_data:
                key = "comparison.partial"
            elif ended:
                key = "comparison.ended"
            else:
                key = "comparison.running" if projected is None else "comparison.running.pace"
            reason = Message.of(
                key,
                value=Amount(value, unit),
                period=period.ref,
                reference_period=reference_period.ref,
                reference=Amount(ref_value, unit),
                norm=Message.of(f"relation.{target.relation}", reference=Amount(ref_value, unit)),
                left=None if ended else _left(days_left),
                verdict=verdict_word(verdict),
                projected=None if projected is None else Amount(projected, unit),
                end=period.end,
                day=current.last,
                key=period.key,
            )
        results.append(
            _judged_result(
                judged,
                as_of,
                required=reference.value if reference else None,
                achieved=current.value if current else None,
                verdict=verdict,
                projected=projected,
                reason=reason,
            )
        )
    return results


def _whole(figure: Figure, start: dt.date, end: dt.date) -> bool:
    """Whether a running total describes the whole of the days ``start`` to ``end``: one
    recorded on the last day (a running total is the sum from the period's start to its
    day), or one whose ``period`` covers them."""
    return figure.first <= start and figure.last >= end if figure.end else figure.last >= end


KIND: Kind[ComparisonTarget] = Kind("comparison", _comparison, standing=by_year(_comparison))
