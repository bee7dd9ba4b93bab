"""Frequency targets: at least a count of activities per period."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from avp.i18n import Message
from avp.targets.figures import Counts, Figure, spread
from avp.targets.kind import Kind
from avp.targets.periods import Judged, Span, judged_periods
from avp.targets.results import PeriodResult, Standing, _count_result, _pace
from avp.targets.verdicts import Verdict

if TYPE_CHECKING:
    from avp.targets.models import FrequencyTarget


def _result(judged: Judged, counts: Counts, as_of: dt.date) -> PeriodResult:
    """One period: the counts dated in it (up to ``as_of``, as ``counts`` holds them)."""
    required = judged.required or 0
    achieved = counts.between(judged.start, judged.end)
    pace = _pace(required, achieved, judged.start, judged.end, as_of)
    head = Message.of(
        "frequency.head", achieved=achieved, required=required, period=judged.period.ref
    )
    return _count_result(judged, as_of, required, achieved, pace, head)


def _frequency(
    target: FrequencyTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    periods = judged_periods(target, programme)
    counts = Counts(spread(figures, periods))
    results = []
    for judged in periods:
        if judged.start > as_of:
            break
        results.append(_result(judged, counts, as_of))
    return results


def _standing(
    target: FrequencyTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> Standing | None:
    """What :func:`_frequency` gives of the last period and its year, judging only that
    period: an ended period is met when its count reached what it required, else missed
    (:func:`avp.targets.results._pace`), so the year's tally needs only the sums of the
    periods that have counts; every frequency period requires at least one."""
    periods = judged_periods(target, programme)
    started = bisect_right(periods.starts, as_of)
    if not started:
        return None
    counts = Counts(spread(figures, periods))  # figures up to as_of (evaluate's contract)
    current = periods[started - 1]
    first, _ = periods.years[current.period.year]
    after = min(bisect_right(periods.ends, as_of), started)  # periods[first:after] ended
    ended = max(0, after - first)
    met = 0
    if ended:
        starts, ends = periods.starts, periods.ends
        dates, totals = counts.dates, counts.totals
        sums: dict[int, int] = {}
        low = bisect_left(dates, starts[first])
        high = bisect_right(dates, ends[after - 1])
        for k in range(low, high):
            day = dates[k]
            number = bisect_right(starts, day, first, after) - 1
            if number >= first and day <= ends[number]:
                sums[number] = sums.get(number, 0) + totals[k + 1] - totals[k]
        met = sum(total >= (periods[n].required or 0) for n, total in sums.items())
    missed = ended - met
    worst_ended = Verdict.missed if missed else Verdict.met if met else Verdict.no_data
    return Standing(_result(current, counts, as_of), met, missed, ended, worst_ended)


KIND: Kind[FrequencyTarget] = Kind("frequency", _frequency, standing=_standing)
