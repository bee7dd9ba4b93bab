"""Frequency targets: at least a count of activities per period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from avp.i18n import Message
from avp.targets.figures import Figure, _counts
from avp.targets.kind import Kind
from avp.targets.models import FrequencyTarget
from avp.targets.periods import Span, judged_periods
from avp.targets.results import PeriodResult, _count_result, _pace


def _frequency(
    target: FrequencyTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    results = []
    for judged in judged_periods(target, programme):
        if judged.start > as_of:
            break
        required = judged.required or 0
        achieved = _counts(figures, judged.start, judged.end)
        pace = _pace(required, achieved, judged.start, judged.end, as_of)
        head = Message.of(
            "frequency.head", achieved=achieved, required=required, period=judged.period.ref
        )
        results.append(_count_result(judged, as_of, required, achieved, pace, head))
    return results


KIND: Kind[FrequencyTarget] = Kind("frequency", _frequency)
