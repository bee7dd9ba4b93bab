"""Judging a target on a day: every period so far, and the target summed up with its verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import TYPE_CHECKING

from avp.i18n import Message, Value, language
from avp.targets.facts import SHORTER_THAN_A_YEAR
from avp.targets.figures import EntryLike, Figure, assign
from avp.targets.periods import Span, judged_periods, window, year_end
from avp.targets.registry import KINDS
from avp.targets.results import PeriodResult, Standing, standing, verdict_word
from avp.targets.verdicts import Verdict, worst

if TYPE_CHECKING:
    from avp.targets.models import TargetModel


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
    #: The period that holds ``as_of`` (after the programme: the last one); None before
    #: the first.
    current: PeriodResult | None
    verdict: Verdict
    reason: Message
    #: What ``measure_id`` names: a measure, or a field or theme with goal-level targets.
    level: str = "measure"
    #: Every period so far, or how to judge them when asked for (:attr:`results`).
    judge: tuple[PeriodResult, ...] | Callable[[], tuple[PeriodResult, ...]] = field(
        default=(), repr=False, compare=False
    )

    @property
    def owner(self) -> str:
        """The id of the field, theme or measure the target belongs to."""
        return self.measure_id

    @cached_property
    def results(self) -> tuple[PeriodResult, ...]:
        """Every period that has started on ``as_of``, judged on that day; the last is
        :attr:`current`. Judged when first asked for: a report shows the current period."""
        return self.judge if isinstance(self.judge, tuple) else self.judge()

    def text(self, lang: str = "en") -> str:
        """One line that says why: the current period's forecast, the year so far.

        Remembered per language: a report writes it twice (the target's record and the
        attention list), the terminal and html once more."""
        texts: dict[str, str] = self.__dict__.setdefault("_texts", {})
        found = texts.get(lang)
        if found is None:
            found = texts[lang] = phrased(self.reason, lang)
        return found


#: Sentences already phrased, per language (with the words they were phrased in) by
#: message: the targets of a programme (and of a workspace's programmes) say the same
#: things again and again ("0 van 1 in 2022: niet gehaald"). A message is immutable, and
#: the numbers in the messages of targets are whole numbers (int) or
#: :class:`~avp.i18n.Amount`, so equal messages read the same.
_PHRASED: dict[str, tuple[object, dict[Message, str]]] = {}
_PHRASED_MAX = 1 << 16


def phrased(message: Message, lang: str) -> str:
    """``message.text(lang)``, remembered (:data:`_PHRASED`)."""
    words = language(lang)
    known = _PHRASED.get(lang)
    if known is None or known[0] is not words or len(known[1]) >= _PHRASED_MAX:
        known = _PHRASED[lang] = (words, {})
    found = known[1].get(message)
    if found is None:
        found = known[1][message] = message.text(lang)
    return found


#: ``weeks``, ``months``, ...: the periods a year's tally counts, made once.
_PERIODS: dict[str, Message] = {unit: Message.of(f"period.{unit}s") for unit in SHORTER_THAN_A_YEAR}


def _judge(
    target: TargetModel, known: tuple[Figure, ...], programme: Span, as_of: dt.date
) -> tuple[PeriodResult, ...]:
    return tuple(KINDS[target.kind].evaluate(target, known, programme, as_of))


def target_status(
    measure_id: str,
    target: TargetModel,
    figures: Sequence[Figure],
    programme: Span,
    as_of: dt.date,
    *,
    year: int | None = None,
) -> TargetStatus:
    """The target on ``as_of``: see the module's documentation for the rules.

    ``year``: the target as it stood at the end of that year's periods
    (:func:`~avp.targets.periods.year_end`, or ``as_of`` if earlier), from the figures
    recorded by ``as_of`` that describe days up to then: a figure for 2021 recorded in
    January 2022 counts for 2021.

    A kind that tells its standing (:attr:`avp.targets.kind.Kind.standing`) is judged in
    full only when :attr:`TargetStatus.results` is asked for; the verdict and reason are
    those of :func:`status_from` on every period (a test holds them to it).
    """
    if year is None:
        known = tuple(f for f in figures if f.date <= as_of)
    else:
        recorded_by = as_of
        as_of = min(as_of, year_end(target, programme, year))
        known = tuple(f for f in figures if f.date <= recorded_by and f.first <= as_of)
    key = (target, known, programme.start, programme.end, as_of)
    try:
        seen, remember = _SEEN.get(key), True
    except TypeError:  # a target that cannot be hashed (a model that is not frozen)
        seen, remember = None, False
    if seen is not None:
        return TargetStatus(
            measure_id, target, seen.current, seen.verdict, seen.reason, judge=seen.judge
        )
    kind = KINDS[target.kind]
    judge: tuple[PeriodResult, ...] | Callable[[], tuple[PeriodResult, ...]]
    if kind.standing is not None:
        found = kind.standing(target, known, programme, as_of)
        judge = partial(_judge, target, known, programme, as_of)
    else:
        judge = _judge(target, known, programme, as_of)
        found = standing(judge)
    status = status_from(measure_id, target, found, programme, judge)
    if remember:
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        _SEEN[key] = status
    return status


#: Targets judged already, by what decides their status: the target (its kind and every
#: value of it, not its measure), its figures, the programme's days and the day. The
#: programmes of a workspace share norms (a region's "4 keer per jaar voorlichting"), and
#: a target without figures is judged the same in every programme of the same period:
#: each such status is judged once, the others take its verdict, reason and periods.
_SEEN: dict[tuple[object, ...], TargetStatus] = {}
_SEEN_MAX = 1 << 14


def status_from(
    measure_id: str,
    target: TargetModel,
    found: Standing | None,
    programme: Span,
    judge: tuple[PeriodResult, ...] | Callable[[], tuple[PeriodResult, ...]] = (),
) -> TargetStatus:
    """The target's status from its :class:`~avp.targets.results.Standing` on the day."""
    if found is None:
        span = window(target, programme)
        if span is None:
            reason = Message.of("target.outside")
        else:
            begins = KINDS[target.kind].first_day(target, span, programme)
            reason = Message.of("target.starts", day=begins)
        return TargetStatus(measure_id, target, None, Verdict.no_data, reason, judge=judge)
    current = found.current
    per = getattr(target, "per", None)
    if per not in SHORTER_THAN_A_YEAR:
        return TargetStatus(
            measure_id, target, current, current.verdict, current.reason, judge=judge
        )
    year = current.year
    remaining = judged_periods(target, programme).years.get(year, (0, 0))
    complete = current.ended and found.ended == remaining[1] - remaining[0]
    tally: dict[str, Value] = {
        "year": year,
        "met": found.met,
        "total": found.ended,
        "periods": _PERIODS[per],
    }
    if complete:
        verdict = (
            Verdict.missed if found.missed else Verdict.met if found.met else found.worst_ended
        )
        reason = Message.of("target.year", verdict=verdict_word(verdict), **tally)
        return TargetStatus(measure_id, target, current, verdict, reason, judge=judge)
    verdict = current.verdict
    key = "target.year_so_far"
    if found.missed:
        verdict = worst([verdict, Verdict.at_risk])
        if verdict is not current.verdict:  # the sentence ends with the year's verdict
            key = "target.year_so_far.verdict"
            tally["verdict"] = verdict_word(verdict)
    reason = Message.of(key, current=current.reason, **tally)
    return TargetStatus(measure_id, target, current, verdict, reason, judge=judge)


def measure_target_statuses(
    measure_id: str,
    targets: Sequence[TargetModel],
    entries: Iterable[EntryLike],
    programme: Span,
    as_of: dt.date,
    *,
    level: str = "measure",
    year: int | None = None,
) -> list[TargetStatus]:
    """Every target of a measure (or field, or theme: ``level``) on ``as_of``, from its
    progress entries; with ``year``, as each stood at the end of that year's periods
    (:func:`target_status`)."""
    figures = assign(targets, entries)
    judged = [
        target_status(measure_id, t, figures[t.id], programme, as_of, year=year) for t in targets
    ]
    if level != "measure":
        judged = [replace(j, level=level) for j in judged]
    return judged
