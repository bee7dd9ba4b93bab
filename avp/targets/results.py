"""The result of a judged period, and the pace of a count against its requirement."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

from avp.i18n import format_date as _date
from avp.targets.periods import CalendarPeriod, Judged, round_half_up
from avp.targets.verdicts import Verdict, Words


@dataclass(frozen=True)
class PeriodResult:
    """How a target stood in one period on ``as_of``."""

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
    labels: Words
    texts: Words

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang)

    def forecast(self, lang: str = "en") -> str:
        """One line: what was required and achieved, the time left, the verdict."""
        return self.texts.get(lang)


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
    texts: Words,
    projected: float | None = None,
) -> PeriodResult:
    """The result of a calendar period: its key, days, year, labels and time left."""
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
        labels=_period_labels(judged.period),
        texts=texts,
    )


def _count_result(
    judged: Judged, as_of: dt.date, required: float, achieved: float, pace: _Pace, head: Words
) -> PeriodResult:
    return _judged_result(
        judged,
        as_of,
        required=required,
        achieved=achieved,
        verdict=pace.verdict,
        projected=None if pace.ended else round(pace.projected, 2),
        texts=_count_text(head, pace, judged.end),
    )


def _count_text(head: Words, pace: _Pace, end: dt.date) -> Words:
    verdict = pace.verdict
    if pace.ended:
        return Words(f"{head.nl}: {verdict.label('nl')}", f"{head.en}: {verdict.label('en')}")
    left = _left(pace.days_left)
    nl = f"{head.nl}, {left.nl}: {verdict.label('nl')}"
    en = f"{head.en}, {left.en}: {verdict.label('en')}"
    if verdict is Verdict.on_course:
        nl += f" ({pace.expected} verwacht op dit moment)"
        en += f" ({pace.expected} expected by now)"
    elif verdict is Verdict.at_risk:
        at_pace = math.floor(pace.projected + 1e-9)
        nl += (
            f" ({pace.expected} verwacht op dit moment; in dit tempo {at_pace} op "
            f"{_date(end, 'nl')})"
        )
        en += f" ({pace.expected} expected by now; at this pace {at_pace} by {_date(end, 'en')})"
    return Words(nl, en)


def _join(first: Words, second: Words, verdict: Verdict) -> Words:
    return Words(
        f"{first.nl}, {second.nl}: {verdict.label('nl')}",
        f"{first.en}, {second.en}: {verdict.label('en')}",
    )


@lru_cache(maxsize=4096)
def _period_labels(period: CalendarPeriod) -> Words:
    return Words(period.label("nl"), period.label("en"))


def _left(days: int) -> Words:
    """``6 weeks left``, ``3 days left``, ``last day``."""
    if days <= 0:
        return Words("laatste dag", "last day")
    if days >= 14:
        weeks = days // 7
        return Words(f"nog {weeks} weken", f"{weeks} weeks left")
    return Words(
        f"nog {days} {'dag' if days == 1 else 'dagen'}",
        f"{days} {'day' if days == 1 else 'days'} left",
    )
