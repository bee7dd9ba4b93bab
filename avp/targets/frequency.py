"""Frequency targets: at least a count of activities per period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from avp.targets.figures import Figure, _counts
from avp.targets.models import FrequencyTarget
from avp.targets.periods import Span, judged_periods
from avp.targets.results import PeriodResult, _count_result, _pace, _period_labels
from avp.targets.verdicts import Words


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
        label = _period_labels(judged.period)
        head = Words(
            f"{achieved} van {required} in {label.nl}", f"{achieved} of {required} in {label.en}"
        )
        results.append(_count_result(judged, as_of, required, achieved, pace, head))
    return results
