"""Calendar periods (ISO weeks, months, quarters, years) and a target's window."""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Protocol

from avp.i18n import PeriodRef, period_label

if TYPE_CHECKING:
    from avp.targets.models import PeriodUnit, TargetModel

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class CalendarPeriod:
    """One calendar period: its first and last day, whatever the programme covers of it."""

    unit: PeriodUnit
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @cached_property
    def year(self) -> int:
        """The year it belongs to: a week's ISO year (of its Thursday), else its first year.

        Remembered, as the periods are (:func:`calendar_periods`)."""
        if self.unit == "week":
            return (self.start + dt.timedelta(days=3)).year
        return self.start.year

    @cached_property
    def key(self) -> str:
        """``2021-W52``, ``2022-06``, ``2022-Q2``, ``2022-H1``, ``2022``, ``2021-2022``."""
        s = self.start
        if self.unit == "week":
            year, week, _ = s.isocalendar()
            return f"{year}-W{week:02d}"
        if self.unit == "month":
            return f"{s.year}-{s.month:02d}"
        if self.unit == "quarter":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if self.unit == "half_year":
            return f"{s.year}-H{(s.month - 1) // 6 + 1}"
        if self.unit == "year":
            return str(s.year)
        return f"{s.year}-{self.end.year}"

    @cached_property
    def ref(self) -> PeriodRef:
        """The period for a sentence: phrased as ``week 23 van 2022``, ``Q2 2022``, ...

        Remembered, as the periods are (:func:`calendar_periods`).
        """
        return PeriodRef(self.unit, self.start, self.year, self.key)

    def label(self, lang: str = "en") -> str:
        return period_label(self.unit, self.start, self.year, self.key, lang)


def calendar_period(unit: PeriodUnit, day: dt.date, anchor_year: int) -> CalendarPeriod:
    """The period of ``unit`` that holds ``day``; two-year periods start in ``anchor_year``."""
    if unit == "week":
        start = day - dt.timedelta(days=day.weekday())
        return CalendarPeriod(unit, start, start + dt.timedelta(days=6))
    if unit == "two_years":
        first = anchor_year + 2 * ((day.year - anchor_year) // 2)
        return CalendarPeriod(unit, dt.date(first, 1, 1), dt.date(first + 1, 12, 31))
    months = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}[unit]
    month = (day.month - 1) // months * months + 1
    start = dt.date(day.year, month, 1)
    after = month + months
    next_start = dt.date(day.year + (after - 1) // 12, (after - 1) % 12 + 1, 1)
    return CalendarPeriod(unit, start, next_start - _DAY)


@lru_cache(maxsize=256)
def calendar_periods(
    unit: PeriodUnit, first: dt.date, last: dt.date, anchor_year: int
) -> tuple[CalendarPeriod, ...]:
    """Every period of ``unit`` that overlaps ``first`` to ``last``, in order.

    Remembered: the targets of one programme ask for the same weeks, months and years.
    """
    found: list[CalendarPeriod] = []
    day = first
    while day <= last:
        period = calendar_period(unit, day, anchor_year)
        found.append(period)
        day = period.end + _DAY
    return tuple(found)


def previous_period(period: CalendarPeriod, anchor_year: int) -> CalendarPeriod:
    return calendar_period(period.unit, period.start - _DAY, anchor_year)


class Span(Protocol):
    """Anything with a first and last day, such as :class:`avp.models.Period`."""

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date


def window(target: TargetModel, programme: Span) -> DateRange | None:
    """The days the target is judged on: the programme, narrowed by its start and end."""
    start, end = programme.start, programme.end
    own_start = getattr(target, "start", None)
    own_end = getattr(target, "end", None)
    if isinstance(own_start, dt.date):
        start = max(start, own_start)
    if isinstance(own_end, dt.date):
        end = min(end, own_end)
    return DateRange(start, end) if start <= end else None


@dataclass(frozen=True)
class Judged:
    """A calendar period as a target judges it: the days inside its window."""

    period: CalendarPeriod
    start: dt.date
    end: dt.date
    required: int | None = None  # a frequency's count, prorated to the days inside

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


#: judged_periods' recent answers by target object: judging a target asks twice (its
#: periods, then those left in its year), and an export judges thousands of targets.
_JUDGED: dict[tuple[int, dt.date, dt.date], tuple[TargetModel, JudgedPeriods]] = {}
_JUDGED_MAX = 4096

#: The periods by what decides them (unit, count, window, first year of the programme):
#: the programmes of a workspace have the same targets as different objects.
_BY_VALUE: dict[tuple[object, ...], JudgedPeriods] = {}


class JudgedPeriods(tuple[Judged, ...]):
    """The judged periods of a target, in order, with their first and last days as lists
    for :mod:`bisect` and, per year, the slice of its periods (all remembered)."""

    @cached_property
    def starts(self) -> list[dt.date]:
        return [j.start for j in self]

    @cached_property
    def ends(self) -> list[dt.date]:
        return [j.end for j in self]

    @cached_property
    def years(self) -> dict[int, tuple[int, int]]:
        """Year -> (first index, index after the last) of its periods (they are in order)."""
        found: dict[int, tuple[int, int]] = {}
        for number, judged in enumerate(self):
            year = judged.period.year
            first = found.get(year, (number, number))[0]
            found[year] = (first, number + 1)
        return found


def judged_periods(target: TargetModel, programme: Span) -> JudgedPeriods:
    """The periods of a frequency, comparison or coverage target, in order."""
    key = (id(target), programme.start, programme.end)
    known = _JUDGED.get(key)
    if known is not None and known[0] is target:  # the same (immutable) target, not a new one
        return known[1]
    found = _judged_periods(target, programme)
    if len(_JUDGED) >= _JUDGED_MAX:
        _JUDGED.clear()
    _JUDGED[key] = (target, found)
    return found


def _judged_periods(target: TargetModel, programme: Span) -> JudgedPeriods:
    per: PeriodUnit | None = getattr(target, "per", None)
    span = window(target, programme)
    if per is None or span is None:
        return JudgedPeriods()
    # (a snapshot's twin is no FrequencyTarget: by its kind)
    count: int | None = target.count if target.kind == "frequency" else None
    key = (per, count, span.start, span.end, programme.start.year)
    known = _BY_VALUE.get(key)
    if known is not None:
        return known
    found = []
    for period in calendar_periods(per, span.start, span.end, programme.start.year):
        start, end = max(period.start, span.start), min(period.end, span.end)
        required = None
        if count is not None:
            required = round_half_up(count * ((end - start).days + 1) / period.days)
            if required == 0:
                continue  # too few days inside the window to need anything
        found.append(Judged(period, start, end, required))
    if len(_BY_VALUE) >= _JUDGED_MAX:
        _BY_VALUE.clear()
    _BY_VALUE[key] = result = JudgedPeriods(found)
    return result


def round_half_up(number: float) -> int:
    return math.floor(number + 0.5 + 1e-9)


def year_end(target: TargetModel, programme: Span, year: int) -> dt.date:
    """The day a target is judged on for ``year`` (``avp targets --year``): the last day of
    its last period of that year, so a weekly norm's 2021 ends with 2021-W52 on Sunday 2
    January 2022 (ISO weeks belong to the year of their Thursday) and a week's activity on
    1 January 2022 counts for 2021; otherwise (years, two-year periods, thresholds,
    deliverables, a year without periods of the target) 31 December."""
    if getattr(target, "per", None) not in (None, "two_years"):
        periods = judged_periods(target, programme)
        found = periods.years.get(year)
        if found is not None:
            return max(periods[found[1] - 1].end, dt.date(year, 12, 31))
    return dt.date(year, 12, 31)


def uncounted(target: TargetModel, programme: Span, first: dt.date, last: dt.date) -> str | None:
    """Why a count that describes the days ``first`` to ``last`` counts for no period of
    ``target`` though it lies in the programme, or None (it counts, or the target has no
    periods, or the days lie outside the programme: a warning of its own).

    A count on Saturday 2 January 2021 in a programme from 1 January 2021 lies in 2020-W53
    (28 December 2020 to 3 January 2021): a week of 2020, of which three days lie in the
    programme, too few to need the weekly activity, so it is no period of the target and
    the count is not counted. Crediting it to 2021-W01 instead would let one activity
    stand for two weeks; :func:`avp.progress.checks` warns.
    """
    per: PeriodUnit | None = getattr(target, "per", None)
    span = window(target, programme)
    if per is None or span is None or last < programme.start or first > programme.end:
        return None
    periods = judged_periods(target, programme)
    number = bisect_right(periods.starts, last) - 1
    if number >= 0 and periods[number].end >= first:
        return None  # it describes a day of a judged period (the last that starts by then)
    if first < span.start or last > span.end:
        where = f"outside the target's days ({span.start} to {span.end})"
    else:
        period = calendar_period(per, first, programme.start.year)
        inside = (min(period.end, span.end) - max(period.start, span.start)).days + 1
        where = (
            f"in {period.key} ({period.start} to {period.end}), a {_UNIT[per]} of "
            f"{period.year} of which {inside} of {period.days} days lie in the target's "
            "days: too few to need an activity, so it is none of the target's periods"
        )
        if per == "week":
            where += " (a week is judged when its Thursday lies in them)"
    return f"this count is for target {target.id!r}, but it lies {where}; it is not counted"


_UNIT = {
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "half_year": "half year",
    "year": "year",
    "two_years": "two-year period",
}
