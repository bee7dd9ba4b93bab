"""Judging a target on a day: every period so far, and the target summed up with its verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from avp.i18n import Message, Value
from avp.targets.figures import EntryLike, Figure, assign
from avp.targets.models import SHORTER_THAN_A_YEAR, TargetModel
from avp.targets.periods import Span, judged_periods, window
from avp.targets.registry import KINDS
from avp.targets.results import PeriodResult, verdict_word
from avp.targets.verdicts import Verdict, worst


def evaluate(
    target: TargetModel, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    """Every period of ``target`` that has started on ``as_of``, judged on that day.

    ``figures`` are the target's own (:func:`assign`), sorted by date; those dated after
    ``as_of`` are ignored.
    """
    known = [f for f in figures if f.date <= as_of]
    return KINDS[target.kind].evaluate(target, known, programme, as_of)


@dataclass(frozen=True)
class TargetStatus:
    """A target on ``as_of``: its verdict, why (unphrased), and every period so far."""

    measure_id: str
    target: TargetModel
    results: tuple[PeriodResult, ...]
    verdict: Verdict
    reason: Message
    #: What ``measure_id`` names: a measure, or a field or theme with goal-level targets.
    level: str = "measure"

    @property
    def owner(self) -> str:
        """The id of the field, theme or measure the target belongs to."""
        return self.measure_id

    @property
    def current(self) -> PeriodResult | None:
        """The period that holds ``as_of`` (after the programme: the last one)."""
        return self.results[-1] if self.results else None

    def text(self, lang: str = "en") -> str:
        """One line that says why: the current period's forecast, the year so far."""
        return self.reason.text(lang)


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
            reason = Message.of("target.outside")
        else:
            begins = KINDS[target.kind].first_day(target, span, programme)
            reason = Message.of("target.starts", day=begins)
        return TargetStatus(measure_id, target, results, Verdict.no_data, reason)
    current = results[-1]
    per = getattr(target, "per", None)
    if per not in SHORTER_THAN_A_YEAR:
        return TargetStatus(measure_id, target, results, current.verdict, current.reason)
    year = current.year
    in_year = [r for r in results if r.year == year]
    ended = [r for r in in_year if r.ended]
    met = sum(r.verdict is Verdict.met for r in ended)
    missed = sum(r.verdict is Verdict.missed for r in ended)
    remaining = [j for j in judged_periods(target, programme) if j.period.year == year]
    complete = current.ended and len(ended) == len(remaining)
    tally: dict[str, Value] = {
        "year": year,
        "met": met,
        "total": len(ended),
        "periods": Message.of(f"period.{per}s"),
    }
    if complete:
        verdict = (
            Verdict.missed if missed else Verdict.met if met else worst(r.verdict for r in ended)
        )
        reason = Message.of("target.year", verdict=verdict_word(verdict), **tally)
        return TargetStatus(measure_id, target, results, verdict, reason)
    verdict = current.verdict
    if missed:
        verdict = worst([verdict, Verdict.at_risk])
    reason = Message.of("target.year_so_far", current=current.reason, **tally)
    return TargetStatus(measure_id, target, results, verdict, reason)


def measure_target_statuses(
    measure_id: str,
    targets: Sequence[TargetModel],
    entries: Iterable[EntryLike],
    programme: Span,
    as_of: dt.date,
    *,
    level: str = "measure",
) -> list[TargetStatus]:
    """Every target of a measure (or field, or theme: ``level``) on ``as_of``, from its
    progress entries."""
    figures = assign(targets, entries)
    judged = [target_status(measure_id, t, figures[t.id], programme, as_of) for t in targets]
    if level != "measure":
        judged = [replace(j, level=level) for j in judged]
    return judged
