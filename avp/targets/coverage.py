"""Coverage targets: a share of a population per period, or a minimum at every occasion."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from avp.i18n import format_number as _num
from avp.targets.figures import Figure, _counts, _latest, _values
from avp.targets.models import CoverageTarget
from avp.targets.periods import Span, judged_periods, window
from avp.targets.results import PeriodResult, _count_result, _judged_result, _pace, _period_labels
from avp.targets.verdicts import Verdict, Words


def _coverage(
    target: CoverageTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    span = window(target, programme)
    percent = target.percent if target.percent is not None else 100.0
    results = []
    for judged in judged_periods(target, programme):
        if judged.start > as_of or span is None:
            break
        label = _period_labels(judged.period)
        # The population's size carries over from earlier periods of the window.
        size = _latest(figures, span.start, judged.end)
        covered = _counts(figures, judged.start, judged.end)
        if size is None or size.value is None:
            results.append(
                _judged_result(
                    judged,
                    as_of,
                    required=None,
                    achieved=covered,
                    verdict=Verdict.no_data,
                    texts=Words(
                        f"{covered} {target.population} in {label.nl}; het aantal "
                        f"{target.population} is niet vastgelegd",
                        f"{covered} {target.population} in {label.en}; the number of "
                        f"{target.population} is not recorded",
                    ),
                )
            )
            continue
        population = size.value
        required = math.ceil(percent * population / 100 - 1e-9)
        pace = _pace(required, covered, judged.start, judged.end, as_of)
        population_nl = _num(population, "", "nl")
        population_en = _num(population, "", "en")
        share = Words("", "")
        if percent < 100:
            share = Words(
                f" ({_num(percent, '%', 'nl')} nodig: {required})",
                f" ({_num(percent, '%', 'en')} required: {required})",
            )
        head = Words(
            f"{covered} van {population_nl} {target.population} in {label.nl}{share.nl}",
            f"{covered} of {population_en} {target.population} in {label.en}{share.en}",
        )
        results.append(_count_result(judged, as_of, required, covered, pace, head))
    return results


def _occasions(
    target: CoverageTarget,
    minimum: int,
    figures: Sequence[Figure],
    programme: Span,
    as_of: dt.date,
) -> list[PeriodResult]:
    results = []
    for judged in judged_periods(target, programme):
        if judged.start > as_of:
            break
        label = _period_labels(judged.period)
        occasions = [
            f.value for f in _values(figures, judged.start, judged.end) if f.value is not None
        ]
        ended = as_of >= judged.end
        lowest = min(occasions) if occasions else None
        if lowest is None:
            verdict = Verdict.no_data
            yet = Words("", "") if ended else Words("nog ", " yet")
            texts = Words(
                f"{yet.nl}niets vastgelegd in {label.nl} (minimaal {minimum} "
                f"{target.population} per keer)",
                f"nothing recorded in {label.en}{yet.en} (at least {minimum} "
                f"{target.population} each time)",
            )
        else:
            if lowest < minimum:
                verdict = Verdict.missed
            else:
                verdict = Verdict.met if ended else Verdict.on_course
            times = len(occasions)
            texts = Words(
                f"{times} keer in {label.nl}, laagste {_num(lowest, '', 'nl')} "
                f"{target.population} (minimaal {minimum} per keer): {verdict.label('nl')}",
                f"{times} {'occasion' if times == 1 else 'occasions'} in {label.en}, lowest "
                f"{_num(lowest, '', 'en')} {target.population} (at least {minimum} each time): "
                f"{verdict.label('en')}",
            )
        results.append(
            _judged_result(
                judged, as_of, required=minimum, achieved=lowest, verdict=verdict, texts=texts
            )
        )
    return results
