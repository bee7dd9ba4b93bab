"""Judging a target on a day: every period so far, and the target summed up with its verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from avp.i18n import format_date as _date
from avp.targets.comparison import _comparison
from avp.targets.coverage import _coverage, _occasions
from avp.targets.deliverable import _deliverable
from avp.targets.figures import EntryLike, Figure, assign
from avp.targets.frequency import _frequency
from avp.targets.models import (
    SHORTER_THAN_A_YEAR,
    ComparisonTarget,
    CoverageTarget,
    DeliverableTarget,
    FrequencyTarget,
    TargetModel,
    ThresholdTarget,
)
from avp.targets.periods import Span, judged_periods, window
from avp.targets.results import PeriodResult
from avp.targets.threshold import _threshold
from avp.targets.verdicts import Verdict, Words, worst


def evaluate(
    target: TargetModel, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    """Every period of ``target`` that has started on ``as_of``, judged on that day.

    ``figures`` are the target's own (:func:`assign`), sorted by date; those dated after
    ``as_of`` are ignored.
    """
    known = [f for f in figures if f.date <= as_of]
    if isinstance(target, FrequencyTarget):
        return _frequency(target, known, programme, as_of)
    if isinstance(target, ThresholdTarget):
        return _threshold(target, known, programme, as_of)
    if isinstance(target, ComparisonTarget):
        return _comparison(target, known, programme, as_of)
    if isinstance(target, CoverageTarget):
        if target.per_occasion is not None:
            return _occasions(target, target.per_occasion, known, programme, as_of)
        return _coverage(target, known, programme, as_of)
    return _deliverable(target, known, programme, as_of)


@dataclass(frozen=True)
class TargetStatus:
    """A target on ``as_of``: its verdict, a line that says why, and every period so far."""

    measure_id: str
    target: TargetModel
    results: tuple[PeriodResult, ...]
    verdict: Verdict
    texts: Words

    @property
    def current(self) -> PeriodResult | None:
        """The period that holds ``as_of`` (after the programme: the last one)."""
        return self.results[-1] if self.results else None

    def text(self, lang: str = "en") -> str:
        return self.texts.get(lang)


_UNIT_WORDS: dict[str, tuple[str, str, str, str]] = {
    # nl singular, nl plural, en singular, en plural
    "week": ("week", "weken", "week", "weeks"),
    "month": ("maand", "maanden", "month", "months"),
    "quarter": ("kwartaal", "kwartalen", "quarter", "quarters"),
    "half_year": ("halfjaar", "halfjaren", "half year", "half years"),
}


def target_status(
    measure_id: str,
    target: TargetModel,
    figures: Sequence[Figure],
    programme: Span,
    as_of: dt.date,
) -> TargetStatus:
    """The target on ``as_of``: see the module's documentation for the rules."""
    results = tuple(evaluate(target, figures, programme, as_of))
    if not results:
        span = window(target, programme)
        if span is None:
            texts = Words(
                "deze norm valt buiten de looptijd van het programma",
                "this target lies outside the programme period",
            )
        else:
            begins = (
                min(programme.start, target.due)
                if isinstance(target, DeliverableTarget)
                else span.start
            )
            if isinstance(target, ThresholdTarget) and target.baseline is not None:
                begins = target.baseline.date
            texts = Words(f"begint op {_date(begins, 'nl')}", f"starts on {_date(begins, 'en')}")
        return TargetStatus(measure_id, target, results, Verdict.no_data, texts)
    current = results[-1]
    per = getattr(target, "per", None)
    if per not in SHORTER_THAN_A_YEAR:
        return TargetStatus(measure_id, target, results, current.verdict, current.texts)
    year = current.year
    in_year = [r for r in results if r.year == year]
    ended = [r for r in in_year if r.ended]
    met = sum(r.verdict is Verdict.met for r in ended)
    missed = sum(r.verdict is Verdict.missed for r in ended)
    remaining = [j for j in judged_periods(target, programme) if j.period.year == year]
    complete = current.ended and len(ended) == len(remaining)
    words = _UNIT_WORDS[str(per)]
    if complete:
        verdict = (
            Verdict.missed if missed else Verdict.met if met else worst(r.verdict for r in ended)
        )
        texts = Words(
            f"{year}: {met} van {len(ended)} {words[1]} gehaald: {verdict.label('nl')}",
            f"{year}: {met} of {len(ended)} {words[3]} met: {verdict.label('en')}",
        )
        return TargetStatus(measure_id, target, results, verdict, texts)
    verdict = current.verdict
    if missed:
        verdict = worst([verdict, Verdict.at_risk])
    texts = Words(
        f"{current.texts.nl}; {year} tot nu toe: {met} van {len(ended)} {words[1]} gehaald",
        f"{current.texts.en}; {year} so far: {met} of {len(ended)} {words[3]} met",
    )
    return TargetStatus(measure_id, target, results, verdict, texts)


def measure_target_statuses(
    measure_id: str,
    targets: Sequence[TargetModel],
    entries: Iterable[EntryLike],
    programme: Span,
    as_of: dt.date,
) -> list[TargetStatus]:
    """Every target of a measure on ``as_of``, from the measure's progress entries."""
    figures = assign(targets, entries)
    return [target_status(measure_id, t, figures[t.id], programme, as_of) for t in targets]
