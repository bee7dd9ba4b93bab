"""Coverage targets: a share of a population per period, or a minimum at every occasion.

The population's size is an entry's value; it holds from the day it is recorded (or the
first day of the period it describes) until a new size is recorded, and carries into later
periods, also into a target's ``start`` from before it. Counts (units covered) are credited
to the periods they describe (:func:`avp.targets.figures.spread`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING

from avp.i18n import Amount, Message, Value
from avp.targets.figures import Counts, Figure, _size, _values, spread
from avp.targets.kind import Kind, by_year
from avp.targets.periods import Span, judged_periods
from avp.targets.results import PeriodResult, _count_result, _judged_result, _pace, verdict_word
from avp.targets.verdicts import Verdict

if TYPE_CHECKING:
    from avp.targets.models import CoverageTarget


def _coverage(
    target: CoverageTarget,
    figures: Sequence[Figure],
    programme: Span,
    as_of: dt.date,
    first: int = 0,
) -> list[PeriodResult]:
    """The periods from the ``first`` on (each is judged on its own: :func:`by_year`)."""
    if target.per_occasion is not None:
        return _occasions(target, target.per_occasion, figures, programme, as_of, first)
    percent = target.percent if target.percent is not None else 100.0
    periods = judged_periods(target, programme)
    counts = Counts(spread(figures, periods))  # a count over several periods: over all
    results = []
    for judged in islice(periods, first, None):
        if judged.start > as_of:
            break
        period = judged.period.ref
        # The population's size carries over from earlier periods, also from before the
        # target's start or the programme's.
        size = _size(figures, judged.end)
        covered = counts.between(judged.start, judged.end)
        if size is None or size.value is None:
            reason = Message.of(
                "coverage.no_size", covered=covered, population=target.population, period=period
            )
            results.append(
                _judged_result(
                    judged,
                    as_of,
                    required=None,
                    achieved=covered,
                    verdict=Verdict.no_data,
                    reason=reason,
                )
            )
            continue
        population = size.value
        required = math.ceil(percent * population / 100 - 1e-9)
        pace = _pace(required, covered, judged.start, judged.end, as_of)
        head = Message.of(
            "coverage.head" if percent >= 100 else "coverage.head.share",
            covered=covered,
            size=Amount(population),
            population=target.population,
            period=period,
            percent=Amount(percent, "%"),
            required=required,
        )
        results.append(_count_result(judged, as_of, required, covered, pace, head))
    return results


def _occasions(
    target: CoverageTarget,
    minimum: int,
    figures: Sequence[Figure],
    programme: Span,
    as_of: dt.date,
    first: int = 0,
) -> list[PeriodResult]:
    results = []
    for judged in islice(judged_periods(target, programme), first, None):
        if judged.start > as_of:
            break
        occasions = [
            f.value for f in _values(figures, judged.start, judged.end) if f.value is not None
        ]
        ended = as_of >= judged.end
        lowest = min(occasions) if occasions else None
        values: dict[str, Value] = {
            "period": judged.period.ref,
            "minimum": minimum,
            "population": target.population,
        }
        if lowest is None:
            verdict = Verdict.no_data
            reason = Message.of("occasions.none" if ended else "occasions.none.yet", **values)
        else:
            if lowest < minimum:
                verdict = Verdict.missed
            else:
                verdict = Verdict.met if ended else Verdict.on_course
            reason = Message.of(
                "occasions.lowest",
                count=len(occasions),
                lowest=Amount(lowest),
                verdict=verdict_word(verdict),
                **values,
            )
        results.append(
            _judged_result(
                judged, as_of, required=minimum, achieved=lowest, verdict=verdict, reason=reason
            )
        )
    return results


KIND: Kind[CoverageTarget] = Kind("coverage", _coverage, standing=by_year(_coverage))
