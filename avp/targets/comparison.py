"""Comparison targets: an indicator per period against the previous period or a reference year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from avp.i18n import format_date as _date
from avp.i18n import format_number as _num
from avp.targets.figures import Figure, _latest
from avp.targets.models import ComparisonTarget, Relation
from avp.targets.periods import Span, calendar_period, judged_periods, previous_period
from avp.targets.results import PeriodResult, _judged_result, _left, _period_labels
from avp.targets.verdicts import Verdict, Words

_RELATION_WORDS: dict[str, tuple[str, str]] = {
    "at_least": ("minimaal", "at least"),
    "at_most": ("hoogstens", "at most"),
    "more": ("meer dan", "more than"),
    "less": ("minder dan", "less than"),
}


def _satisfies(relation: Relation, value: float, reference: float) -> bool:
    if relation == "at_least":
        return value >= reference
    if relation == "at_most":
        return value <= reference
    if relation == "more":
        return value > reference
    return value < reference


def _comparison(
    target: ComparisonTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    anchor = programme.start.year
    unit = target.unit
    results = []
    for judged in judged_periods(target, programme):
        if judged.start > as_of:
            break
        period = judged.period
        if target.reference == "previous":
            reference_period = previous_period(period, anchor)
        else:
            reference_period = calendar_period("year", dt.date(target.reference, 1, 1), anchor)
        reference = _latest(figures, reference_period.start, reference_period.end)
        current = _latest(figures, period.start, period.end)
        ended = as_of >= judged.end
        days_left = 0 if ended else (judged.end - as_of).days
        label = _period_labels(period)
        ref_label = _period_labels(reference_period)
        verdict, projected = Verdict.no_data, None
        if reference is None or reference.value is None:
            texts = Words(
                f"geen waarde voor {ref_label.nl} vastgelegd",
                f"no value for {ref_label.en} recorded",
            )
        elif current is None or current.value is None:
            ref_value = reference.value
            texts = Words(
                f"nog geen waarde voor {label.nl} ({ref_label.nl}: {_num(ref_value, unit, 'nl')})",
                f"no value for {label.en} yet ({ref_label.en}: {_num(ref_value, unit, 'en')})",
            )
        else:
            ref_value, value = reference.value, current.value
            ok = _satisfies(target.relation, value, ref_value)
            grows = target.relation in ("at_least", "more")
            if ended:
                verdict = Verdict.met if ok else Verdict.missed
            elif not target.accumulates:
                verdict = Verdict.on_course if ok else Verdict.at_risk
            elif ok and grows:
                verdict = Verdict.met  # a running total does not go down
            elif not ok and not grows:
                verdict = Verdict.missed  # ... so it cannot get back under the reference
            else:
                elapsed = max(1, (current.date - period.start).days + 1)
                projected = round(value * period.days / elapsed, 2)
                good = _satisfies(target.relation, projected, ref_value)
                verdict = Verdict.on_course if good else Verdict.at_risk
            relation = _RELATION_WORDS[target.relation]
            so_far = Words("", "") if ended else Words(" tot nu toe", " so far")
            nl = (
                f"{_num(value, unit, 'nl')} in {label.nl}{so_far.nl} ({ref_label.nl}: "
                f"{_num(ref_value, unit, 'nl')}; {relation[0]} {_num(ref_value, unit, 'nl')})"
            )
            en = (
                f"{_num(value, unit, 'en')} in {label.en}{so_far.en} ({ref_label.en}: "
                f"{_num(ref_value, unit, 'en')}; {relation[1]} {_num(ref_value, unit, 'en')})"
            )
            if not ended:
                left = _left(days_left)
                nl, en = f"{nl}, {left.nl}", f"{en}, {left.en}"
            nl, en = f"{nl}: {verdict.label('nl')}", f"{en}: {verdict.label('en')}"
            if projected is not None:
                nl += f" (in dit tempo {_num(projected, unit, 'nl')} op {_date(period.end, 'nl')})"
                en += f" (at this pace {_num(projected, unit, 'en')} by {_date(period.end, 'en')})"
            texts = Words(nl, en)
        results.append(
            _judged_result(
                judged,
                as_of,
                required=reference.value if reference else None,
                achieved=current.value if current else None,
                verdict=verdict,
                projected=projected,
                texts=texts,
            )
        )
    return results
