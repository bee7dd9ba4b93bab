"""The result of a judged period, the pace of a count against its requirement, and its reason."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from avp.i18n import Message, PeriodRef, Value, format_value
from avp.targets.periods import Judged, round_half_up
from avp.targets.verdicts import Verdict, worst


@dataclass(frozen=True)
class PeriodResult:
    """How a target stood in one period on ``as_of``: figures, verdict, and why, unphrased."""

    key: str  # 2022, 2022-W23, 2022-06, ... or the target or due date
    start: dt.date  # the first and last day judged
    end: dt.date
    year: int  # the year the period belongs to (ISO year for weeks)
    required: float | None
    achieved: float | None
    verdict: Verdict
    ended: bool
    days_left: int
    projected: float | None
    caption: Value  # the period as people name it: a calendar period, or "by 31 December 2022"
    reason: Message  # what was required and achieved, the time left, the verdict

    def label(self, lang: str = "en") -> str:
        return format_value(self.caption, lang)

    def belongs_to(self, year: int) -> bool:
        """Whether the period is one of ``year``'s: a calendar period of that year (a week
        of its ISO year, so 2021-W52 is 2021's and not 2022's; a two-year period of both
        its years); a threshold's or a deliverable's span (its baseline or the programme's
        start to its date) in every year it reaches into."""
        if isinstance(self.caption, PeriodRef) and self.caption.unit != "two_years":
            return self.year == year
        return self.start.year <= year <= self.end.year

    def forecast(self, lang: str = "en") -> str:
        """One line: what was required and achieved, the time left, the verdict."""
        return self.reason.text(lang)


@dataclass(frozen=True)
class Standing:
    """What :func:`avp.targets.evaluate.target_status` reads of a target's periods on a
    day: the last period started (``current``) and the tally of the ended periods of its
    year. A kind may give it without judging every period (see :class:`avp.targets.kind.Kind`)."""

    current: PeriodResult
    met: int  # ended periods of the current period's year that were met
    missed: int  # ... and missed
    ended: int  # ended periods of that year so far
    worst_ended: Verdict  # the worst verdict of those (no_data: none)


def standing(results: Sequence[PeriodResult]) -> Standing | None:
    """The standing from every period judged so far (None: no period has started)."""
    if not results:
        return None
    current = results[-1]
    ended = [r for r in results if r.year == current.year and r.ended]
    return Standing(
        current,
        met=sum(r.verdict is Verdict.met for r in ended),
        missed=sum(r.verdict is Verdict.missed for r in ended),
        ended=len(ended),
        worst_ended=worst(r.verdict for r in ended),
    )


def verdict_word(verdict: Verdict) -> Message:
    """The verdict as a word in a sentence: ``risico``, ``at risk``."""
    return _VERDICT_WORDS[verdict]


#: The messages of :func:`verdict_word`, made once (a message is immutable).
_VERDICT_WORDS: dict[Verdict, Message] = {v: Message.of(f"verdict.{v.value}") for v in Verdict}


@dataclass(frozen=True)
class _Pace:
    verdict: Verdict
    ended: bool
    days_left: int
    expected: int
    projected: float


def _pace(required: float, achieved: float, start: dt.date, end: dt.date, as_of: dt.date) -> _Pace:
    """The verdict of a count against its requirement at an even pace over start to end."""
    total = (end - start).days + 1
    ended = as_of >= end
    elapsed = max(1, min(total, (as_of - start).days + 1))
    expected = math.ceil(required) if ended else round_half_up(required * elapsed / total)
    projected = achieved * total / elapsed
    if achieved >= required:
        verdict = Verdict.met
    elif ended:
        verdict = Verdict.missed
    elif achieved >= expected:
        verdict = Verdict.on_course
    else:
        verdict = Verdict.at_risk
    return _Pace(verdict, ended, 0 if ended else (end - as_of).days, expected, projected)


def _judged_result(
    judged: Judged,
    as_of: dt.date,
    *,
    required: float | None,
    achieved: float | None,
    verdict: Verdict,
    reason: Message,
    projected: float | None = None,
) -> PeriodResult:
    """The result of a calendar period: its key, days, year, caption and time left."""
    ended = as_of >= judged.end
    return PeriodResult(
        key=judged.period.key,
        start=judged.start,
        end=judged.end,
        year=judged.period.year,
        required=required,
        achieved=achieved,
        verdict=verdict,
        ended=ended,
        days_left=0 if ended else (judged.end - as_of).days,
        projected=projected,
        caption=judged.period.ref,
        reason=reason,
    )


def _count_result(
    judged: Judged, as_of: dt.date, required: float, achieved: float, pace: _Pace, head: Message
) -> PeriodResult:
    return _judged_result(
        judged,
        as_of,
        required=required,
        achieved=achieved,
        verdict=pace.verdict,
        projected=None if pace.ended else round(pace.projected, 2),
        reason=_count_reason(head, pace, judged.end),
    )


def _count_reason(head: Message, pace: _Pace, end: dt.date) -> Message:
    """``1 van 2 in 2022, nog 6 weken: risico (1 verwacht op dit moment; ...)``."""
    verdict = verdict_word(pace.verdict)
    if pace.ended:
        return Message.of("pace.ended", head=head, verdict=verdict)
    left = _left(pace.days_left)
    if pace.verdict is Verdict.on_course:
        return Message.of(
            "pace.on_course", head=head, left=left, verdict=verdict, expected=pace.expected
        )
    if pace.verdict is Verdict.at_risk:
        return Message.of(
            "pace.at_risk",
            head=head,
            left=left,
            verdict=verdict,
            expected=pace.expected,
            at_pace=math.floor(pace.projected + 1e-9),
            end=end,
        )
    return Message.of("pace.running", head=head, left=left, verdict=verdict)


def _left(days: int) -> Message:
    """``6 weeks left``, ``3 days left``, ``last day``."""
    if days <= 0:
        return Message.of("left.last_day")
    if days >= 14:
        return Message.of("left.weeks", weeks=days // 7)
    return Message.of("left.days", count=days)
