"""Targets that compute themselves: typed norms on a measure, and whether they are met.

A measure's result is verbatim text ("Twee keer per jaar wordt een integrale
bedrijvencontrole gehouden."). Beside it, the measure's ``targets`` state the norms in that
text as data, and progress entries carry the figures to check them with: ``count``
(activities held, units covered, a deliverable delivered) and ``value`` (a measurement).

=============  ===========================================================  =================
kind           norm                                                         entries carry
=============  ===========================================================  =================
frequency      at least ``count`` activities per ``per`` (week, month,      count
               quarter, half_year, year, two_years)
threshold      an indicator moves from a ``baseline`` (value, date) to a    value
               ``target`` (value, date), ``direction`` increase or decrease
comparison     an indicator per period against the previous period, or a    value
               fixed ``reference`` year (at_least, at_most, more, less)
coverage       ``percent`` of a population per period                      count (covered),
                                                                            value (its size)
coverage       at least ``per_occasion`` units at each occasion             value (per occasion)
deliverable    delivered by ``due``                                         count (1: delivered)
=============  ===========================================================  =================

Periods
-------
Periods are calendar periods: ISO weeks (Monday to Sunday), calendar months, quarters, half
years (January to June, July to December) and years; two-year periods start on 1 January of
the programme's first year (2021-2022, 2023-2024, ...). A week belongs to the year of its
Thursday (ISO 8601): 2020-W53 runs from Monday 28 December 2020 to Sunday 3 January 2021 and
is a week of 2020; 2021-W52 runs into Sunday 2 January 2022 and is a week of 2021.

A target is judged on the days of its *window*: the programme period, narrowed by the
target's own ``start`` and ``end``. A period partly outside the window is judged on its
days inside; a frequency's count is prorated to those days and rounded half up. So a week
with four or more days inside the programme needs its one weekly activity, a week with
three or fewer needs none and is not a period of the target: for a weekly norm at the
start or end of a programme that is the ISO rule again (the week counts when its Thursday
lies in the programme).

Counts count on the days of the window only: entries outside it are ignored (``avp
validate`` warns about dates outside the programme). A value describes the period it is
dated in, and the latest value dated in a period is that period's value; so a comparison
can read the value of the year before the programme, and a threshold reads the latest value
from its baseline date up to its target date. A coverage's population size carries over to
later periods until a new value is recorded.

``as_of`` is the end of that day: entries dated after it do not count yet, and a period
whose last day is ``as_of`` has ended.

Verdicts
--------
``met``        the norm is reached (a count that reached its requirement stays met while the
               period still runs; a threshold value at or beyond its target);
``on_course``  the period runs and the count is at least what an even pace needs by now:
               the requirement times the elapsed share of the period, rounded half up (so
               1 of 2 by mid-year is on course, 0 of 2 is not); a threshold value on or
               beyond the straight line from baseline to target; a comparison value that
               satisfies the reference so far (a running total: at its current pace);
``at_risk``    the period runs and the figures are behind that pace or line; a deliverable
               not delivered within :data:`DELIVERABLE_WARNING_DAYS` days of its due date;
``missed``     the period ended without the norm, or the norm can no longer be met in it (a
               running total already past its maximum, an occasion below its minimum, a
               deliverable delivered late);
``no_data``    nothing can be said: no value yet, no reference value, no population size.

:func:`evaluate` gives a :class:`PeriodResult` for every period that has started by
``as_of``. :func:`target_status` sums a target up on ``as_of`` with the verdict of its
current period; for periods shorter than a year it looks at the whole year of the current
period: a period missed earlier that year makes the target at least ``at_risk``, and once the
year is over, ``missed``. A measure's computed verdict is the worst verdict of its targets
(``no_data`` only when none says more).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Literal, Protocol

from pydantic import Field, StringConstraints

from avp.base import Strict, Text

# --- the models ------------------------------------------------------------------------------

PeriodUnit = Literal["week", "month", "quarter", "half_year", "year", "two_years"]
PERIOD_UNITS: tuple[PeriodUnit, ...] = (
    "week",
    "month",
    "quarter",
    "half_year",
    "year",
    "two_years",
)
#: Units whose periods are summed up per year in :func:`target_status`.
SHORTER_THAN_A_YEAR: frozenset[str] = frozenset({"week", "month", "quarter", "half_year"})

TARGET_ID = r"^[a-z][a-z0-9-]*$"
TargetId = Annotated[
    str,
    StringConstraints(pattern=TARGET_ID, max_length=40),
    Field(
        description="The target's id, unique within its measure: lower-case letters, digits "
        "and hyphens, starting with a letter, e.g. 'controle'."
    ),
]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Relation = Literal["at_least", "at_most", "more", "less"]
Direction = Literal["increase", "decrease"]
FigureKind = Literal["count", "value"]

_START = "First day the norm applies; default: the start of the programme."
_END = "Last day the norm applies; default: the end of the programme."
_PER = "The period: week (ISO, Monday to Sunday), month, quarter, half_year, year or two_years."


class TargetBase(Strict):
    id: TargetId
    description: Text = Field(description="The norm in a few words, in the programme's language.")


class FrequencyTarget(TargetBase):
    """At least ``count`` activities per period: 'Twee keer per jaar ... bedrijvencontrole'."""

    kind: Literal["frequency"]
    count: Annotated[int, Field(ge=1, strict=True)] = Field(
        description="At least this many activities per period."
    )
    per: PeriodUnit = Field(description=_PER)
    start: dt.date | None = Field(default=None, description=_START)
    end: dt.date | None = Field(default=None, description=_END)


class Point(Strict):
    value: Number
    date: dt.date


class ThresholdTarget(TargetBase):
    """An indicator that must reach a value by a date: 'Eind 2022 is 10% bereikt'."""

    kind: Literal["threshold"]
    indicator: Text = Field(description="What is measured, e.g. 'deelnemers Burgernet'.")
    unit: str = Field(default="", description="Unit of the values, e.g. '%'.")
    direction: Direction = Field(
        description="increase: the target is a minimum; decrease: a maximum."
    )
    baseline: Point | None = Field(
        default=None, description="The value measured before (nulmeting), and when."
    )
    target: Point = Field(description="The value to reach, and by when.")


class ComparisonTarget(TargetBase):
    """An indicator per period against the previous one: 'gelijk of hoger dan het voorgaande
    jaar'."""

    kind: Literal["comparison"]
    indicator: Text = Field(description="What is counted, e.g. 'klachten over hondenpoep'.")
    unit: str = Field(default="", description="Unit of the values.")
    per: PeriodUnit = Field(default="year", description=_PER)
    relation: Relation = Field(
        description="How a period's value must relate to the reference value: at_least "
        "(gelijk of hoger), at_most (kleiner of gelijk), more (hoger), less (afgenomen)."
    )
    reference: Literal["previous"] | Annotated[int, Field(ge=1900, le=2200, strict=True)] = Field(
        default="previous",
        description="previous: each period against the one before it; a year (with "
        "per: year): each year against that year.",
    )
    accumulates: bool = Field(
        default=False,
        description="true: a value is a running total for its period (complaints so far "
        "this year), extrapolated while the period runs; false: a level (WhatsApp groups).",
    )
    start: dt.date | None = Field(default=None, description=_START)
    end: dt.date | None = Field(default=None, description=_END)


class CoverageTarget(TargetBase):
    """A share of a population per period ('elke commerciële horecaonderneming minimaal één
    keer per jaar'), or a minimum per occasion ('Per controle minimaal 5 ondernemingen')."""

    kind: Literal["coverage"]
    population: Text = Field(description="What is covered, e.g. 'B- en C-evenementen'.")
    percent: Annotated[float, Field(gt=0, le=100)] | None = Field(
        default=None,
        description="The share of the population to cover per period, in percent (100: "
        "all). Entries: count = units covered, value = the population's size.",
    )
    per_occasion: Annotated[int, Field(ge=1, strict=True)] | None = Field(
        default=None,
        description="Instead of percent: at least this many units at every occasion. "
        "Entries: value = units covered at that occasion.",
    )
    per: PeriodUnit = Field(default="year", description=_PER)
    start: dt.date | None = Field(default=None, description=_START)
    end: dt.date | None = Field(default=None, description=_END)


class DeliverableTarget(TargetBase):
    """Something delivered by a date: 'een concreet voorstel ... in juni 2021'."""

    kind: Literal["deliverable"]
    due: dt.date = Field(description="Delivered on or before this day.")


Target = Annotated[
    FrequencyTarget | ThresholdTarget | ComparisonTarget | CoverageTarget | DeliverableTarget,
    Field(discriminator="kind"),
]
TargetModel = (
    FrequencyTarget | ThresholdTarget | ComparisonTarget | CoverageTarget | DeliverableTarget
)


def takes(target: TargetModel) -> frozenset[FigureKind]:
    """The figures a target reads from entries: ``count``, ``value`` or both."""
    if isinstance(target, FrequencyTarget | DeliverableTarget):
        return frozenset({"count"})
    if isinstance(target, CoverageTarget) and target.per_occasion is None:
        return frozenset({"count", "value"})
    return frozenset({"value"})


# --- verdicts --------------------------------------------------------------------------------


class Verdict(StrEnum):
    met = "met"
    on_course = "on_course"
    at_risk = "at_risk"
    missed = "missed"
    no_data = "no_data"

    @property
    def info(self) -> VerdictInfo:
        return VERDICT_INFO[self]

    def label(self, lang: str = "en") -> str:
        return self.info.nl if lang == "nl" else self.info.en


@dataclass(frozen=True)
class VerdictInfo:
    nl: str
    en: str
    rank: int  # lower is worse; no_data ranks above everything (it is never the worst)
    colour: str  # rich colour, as avp.status
    hex: str


VERDICT_INFO: dict[Verdict, VerdictInfo] = {
    Verdict.met: VerdictInfo("gehaald", "met", 3, "blue", "#1565c0"),
    Verdict.on_course: VerdictInfo("op schema", "on course", 2, "green", "#2e7d32"),
    Verdict.at_risk: VerdictInfo("risico", "at risk", 1, "dark_orange", "#ef6c00"),
    Verdict.missed: VerdictInfo("niet gehaald", "missed", 0, "red", "#c62828"),
    Verdict.no_data: VerdictInfo("geen gegevens", "no data", 9, "grey50", "#8a8f98"),
}


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict; ``no_data`` only when there is nothing else (or nothing)."""
    return min(verdicts, key=lambda v: v.info.rank, default=Verdict.no_data)


#: A deliverable not yet delivered this many days (or fewer) before its due date is at risk.
DELIVERABLE_WARNING_DAYS = 30


@dataclass(frozen=True)
class Words:
    """A text in Dutch and in English."""

    nl: str
    en: str

    def get(self, lang: str = "en") -> str:
        return self.nl if lang == "nl" else self.en


# --- calendar periods ------------------------------------------------------------------------

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

    @property
    def year(self) -> int:
        """The year it belongs to: a week's ISO year (of its Thursday), else its first year."""
        if self.unit == "week":
            return (self.start + dt.timedelta(days=3)).year
        return self.start.year

    @property
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

    def label(self, lang: str = "en") -> str:
        s = self.start
        if self.unit == "week":
            _, week, _ = s.isocalendar()
            return f"week {week} van {self.year}" if lang == "nl" else f"week {week} of {self.year}"
        if self.unit == "month":
            return _month_year(s, lang)
        if self.unit == "quarter":
            quarter = (s.month - 1) // 3 + 1
            return f"{quarter}e kwartaal {s.year}" if lang == "nl" else f"Q{quarter} {s.year}"
        if self.unit == "half_year":
            first = s.month <= 6
            if lang == "nl":
                return f"{'eerste' if first else 'tweede'} helft {s.year}"
            return f"{'first' if first else 'second'} half of {s.year}"
        return self.key


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


def judged_periods(target: TargetModel, programme: Span) -> list[Judged]:
    """The periods of a frequency, comparison or coverage target, in order."""
    per: PeriodUnit | None = getattr(target, "per", None)
    span = window(target, programme)
    if per is None or span is None:
        return []
    found = []
    for period in calendar_periods(per, span.start, span.end, programme.start.year):
        start, end = max(period.start, span.start), min(period.end, span.end)
        required = None
        if isinstance(target, FrequencyTarget):
            required = round_half_up(target.count * ((end - start).days + 1) / period.days)
            if required == 0:
                continue  # too few days inside the window to need anything
        found.append(Judged(period, start, end, required))
    return found


def round_half_up(number: float) -> int:
    return math.floor(number + 0.5 + 1e-9)


# --- figures ---------------------------------------------------------------------------------


class EntryLike(Protocol):
    """What the computations read from a progress entry (:class:`avp.progress.Entry`)."""

    @property
    def date(self) -> dt.date: ...

    @property
    def target(self) -> str | None: ...

    @property
    def count(self) -> int | None: ...

    @property
    def value(self) -> float | None: ...


@dataclass(frozen=True)
class Figure:
    """A count or a value for one target, on a day."""

    date: dt.date
    count: int | None = None
    value: float | None = None


def resolve(
    targets: Sequence[TargetModel], wanted: str | None, kind: FigureKind
) -> TargetModel | None:
    """The target a count or value is for: the one named, else the only one that takes it."""
    if wanted is not None:
        named = [t for t in targets if t.id == wanted]
        return named[0] if named and kind in takes(named[0]) else None
    candidates = [t for t in targets if kind in takes(t)]
    return candidates[0] if len(candidates) == 1 else None


def resolution_problem(
    measure_id: str, targets: Sequence[TargetModel], wanted: str | None, kind: FigureKind
) -> str | None:
    """Why a count or value cannot be assigned to a target of the measure, or None."""
    from avp.checks import suggest

    ids = [t.id for t in targets]
    listed = ", ".join(f"{t.id} ({t.kind})" for t in targets)
    if wanted is not None:
        named = [t for t in targets if t.id == wanted]
        if not named:
            if not targets:
                return f"measure {measure_id} has no targets, so it has no target {wanted!r}"
            return (
                f"measure {measure_id} has no target {wanted!r}{suggest(wanted, ids)}; "
                f"its targets: {listed}"
            )
        target = named[0]
        if kind not in takes(target):
            took = " and a ".join(sorted(takes(target)))
            return (
                f"target {wanted!r} of measure {measure_id} is a {target.kind} target: "
                f"it takes a {took}, not a {kind}"
            )
        return None
    candidates = [t for t in targets if kind in takes(t)]
    if len(candidates) == 1:
        return None
    if not targets:
        return (
            f"measure {measure_id} has no targets, so a {kind} has nothing to count towards; "
            f"leave the {kind} out or add targets to the measure in the programme"
        )
    if not candidates:
        return f"no target of measure {measure_id} takes a {kind} (its targets: {listed})"
    names = ", ".join(t.id for t in candidates)
    return (
        f"measure {measure_id} has {len(candidates)} targets that take a {kind} ({names}); "
        "say which one with 'target'"
    )


def assign(targets: Sequence[TargetModel], entries: Iterable[EntryLike]) -> dict[str, list[Figure]]:
    """Each target's figures from the entries of its measure, by date (same day: log order).

    Figures that cannot be assigned (``avp validate`` reports them) are left out.
    """
    figures: dict[str, list[Figure]] = {t.id: [] for t in targets}
    for entry in sorted(entries, key=lambda e: e.date):
        count, value = entry.count, entry.value
        if count is not None and (found := resolve(targets, entry.target, "count")):
            figures[found.id].append(Figure(entry.date, count=count))
        if value is not None and (found := resolve(targets, entry.target, "value")):
            figures[found.id].append(Figure(entry.date, value=value))
    return figures


def _counts(figures: Iterable[Figure], start: dt.date, end: dt.date) -> int:
    return sum(f.count for f in figures if f.count is not None and start <= f.date <= end)


def _values(figures: Iterable[Figure], start: dt.date, end: dt.date) -> list[Figure]:
    return [f for f in figures if f.value is not None and start <= f.date <= end]


def _latest(figures: Iterable[Figure], start: dt.date, end: dt.date) -> Figure | None:
    values = _values(figures, start, end)
    return values[-1] if values else None  # figures are sorted by date, log order per day


# --- results ---------------------------------------------------------------------------------


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


def _frequency(
    target: FrequencyTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    results = []
    for judged in judged_periods(target, programme):
        if judged.start > as_of:
            break
        required = judged.required or 0
        achieved = _counts(figures, judged.start, judged.end)
        pace = _pace(required, achieved, judged.start, judged.end, as_of)
        label = _period_labels(judged.period)
        head = Words(
            f"{achieved} van {required} in {label.nl}", f"{achieved} of {required} in {label.en}"
        )
        results.append(_count_result(judged, as_of, required, achieved, pace, head))
    return results


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


def _threshold(
    target: ThresholdTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    goal = target.target
    baseline = target.baseline
    first = baseline.date if baseline is not None else programme.start
    first = min(first, goal.date)
    if first > as_of:
        return []
    unit = target.unit
    values = _values(figures, first, goal.date)
    latest = values[-1] if values else None
    ended = as_of >= goal.date
    days_left = 0 if ended else (goal.date - as_of).days
    labels = Words(f"t/m {_date(goal.date, 'nl')}", f"by {_date(goal.date, 'en')}")

    def good(value: float, than: float) -> bool:
        return value >= than if target.direction == "increase" else value <= than

    def result(verdict: Verdict, texts: Words, projected: float | None = None) -> PeriodResult:
        return PeriodResult(
            key=goal.date.isoformat(),
            start=first,
            end=goal.date,
            year=goal.date.year,
            required=goal.value,
            achieved=latest.value if latest else None,
            verdict=verdict,
            ended=ended,
            days_left=days_left,
            projected=projected,
            labels=labels,
            texts=texts,
        )

    goal_text = Words(
        f"doel {_num(goal.value, unit, 'nl')} op {_date(goal.date, 'nl')}",
        f"target {_num(goal.value, unit, 'en')} by {_date(goal.date, 'en')}",
    )
    if latest is None or latest.value is None:
        if baseline is not None:
            base = Words(
                f"nulmeting {_num(baseline.value, unit, 'nl')} op {_date(baseline.date, 'nl')}, ",
                f"baseline {_num(baseline.value, unit, 'en')} on {_date(baseline.date, 'en')}, ",
            )
        else:
            base = Words("", "")
        return [
            result(
                Verdict.no_data,
                Words(
                    f"nog geen meting ({base.nl}{goal_text.nl})",
                    f"no measurement yet ({base.en}{goal_text.en})",
                ),
            )
        ]
    value = latest.value
    measured = Words(
        f"{_num(value, unit, 'nl')} op {_date(latest.date, 'nl')}",
        f"{_num(value, unit, 'en')} on {_date(latest.date, 'en')}",
    )
    if good(value, goal.value):
        return [result(Verdict.met, _join(measured, goal_text, Verdict.met))]
    if ended:
        return [result(Verdict.missed, _join(measured, goal_text, Verdict.missed))]
    # The straight line from the baseline (or, without one, the first measurement) to the goal.
    if baseline is not None:
        origin_date, origin_value = baseline.date, baseline.value
    else:
        origin_date, origin_value = values[0].date, values[0].value or 0.0
        if origin_date >= latest.date:
            texts = Words(
                f"{measured.nl}, {goal_text.nl}: één meting en geen nulmeting, dus nog geen lijn",
                f"{measured.en}, {goal_text.en}: one measurement and no baseline, so no line yet",
            )
            return [result(Verdict.no_data, texts)]
    span = (goal.date - origin_date).days
    elapsed = (latest.date - origin_date).days
    line = goal.value if span <= 0 else origin_value + (goal.value - origin_value) * elapsed / span
    verdict = Verdict.on_course if good(value, line) else Verdict.at_risk
    projected = None
    if elapsed > 0:
        projected = value + (value - origin_value) / elapsed * (goal.date - latest.date).days
    nl = f"{measured.nl}, lijn {_num(line, unit, 'nl')}, {goal_text.nl}: {verdict.label('nl')}"
    en = f"{measured.en}, line {_num(line, unit, 'en')}, {goal_text.en}: {verdict.label('en')}"
    if baseline is not None and not good(value, baseline.value) and value != baseline.value:
        side = ("onder", "below") if target.direction == "increase" else ("boven", "above")
        nl += f" ({side[0]} de nulmeting {_num(baseline.value, unit, 'nl')})"
        en += f" ({side[1]} the baseline {_num(baseline.value, unit, 'en')})"
    if projected is not None and verdict is Verdict.at_risk:
        nl += f"; in dit tempo {_num(projected, unit, 'nl')} op {_date(goal.date, 'nl')}"
        en += f"; at this pace {_num(projected, unit, 'en')} by {_date(goal.date, 'en')}"
    rounded = None if projected is None else round(projected, 4)
    return [result(verdict, Words(nl, en), rounded)]


def _join(first: Words, second: Words, verdict: Verdict) -> Words:
    return Words(
        f"{first.nl}, {second.nl}: {verdict.label('nl')}",
        f"{first.en}, {second.en}: {verdict.label('en')}",
    )


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


def _deliverable(
    target: DeliverableTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    due = target.due
    start = min(programme.start, due)
    if start > as_of:
        return []
    delivered = [
        f
        for f in figures
        if f.count is not None and f.count > 0 and programme.start <= f.date <= programme.end
    ]
    on = delivered[0].date if delivered else None
    ended = as_of >= due or on is not None
    days_left = max(0, (due - as_of).days)
    due_text = Words(f"uiterlijk {_date(due, 'nl')}", f"due {_date(due, 'en')}")
    if on is not None and on <= due:
        verdict = Verdict.met
        texts = Words(f"opgeleverd op {_date(on, 'nl')}", f"delivered on {_date(on, 'en')}")
    elif on is not None:
        verdict = Verdict.missed
        late = (on - due).days
        texts = Words(
            f"opgeleverd op {_date(on, 'nl')}, {late} {'dag' if late == 1 else 'dagen'} te laat",
            f"delivered on {_date(on, 'en')}, {late} {'day' if late == 1 else 'days'} late",
        )
    elif as_of >= due:
        verdict = Verdict.missed
        texts = Words("niet opgeleverd", "not delivered")
    else:
        verdict = Verdict.at_risk if days_left <= DELIVERABLE_WARNING_DAYS else Verdict.on_course
        left = _left(days_left)
        texts = Words(f"nog niet opgeleverd, {left.nl}", f"not delivered yet, {left.en}")
    return [
        PeriodResult(
            key=due.isoformat(),
            start=start,
            end=due,
            year=due.year,
            required=1,
            achieved=1 if on is not None else 0,
            verdict=verdict,
            ended=ended,
            days_left=days_left,
            projected=None,
            labels=due_text,
            texts=_join(texts, due_text, verdict),
        )
    ]


# --- a target and a measure on a day ---------------------------------------------------------


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


#: Manual statuses (avp.status keys) that say "going well" and "going badly".
_GOOD_STATUSES = frozenset({"on_track", "done"})
_BAD_STATUSES = frozenset({"at_risk", "off_track"})
_GOOD_VERDICTS = frozenset({Verdict.met, Verdict.on_course})
_BAD_VERDICTS = frozenset({Verdict.at_risk, Verdict.missed})


def disagrees(status: str, verdict: Verdict | None) -> bool:
    """Whether the manual status and the computed verdict tell different stories.

    One says it goes well (on_track or done; met or on_course), the other that it does not
    (at_risk or off_track; at_risk or missed). Not started, dropped and no data never
    disagree.
    """
    if verdict is None:
        return False
    return (status in _GOOD_STATUSES and verdict in _BAD_VERDICTS) or (
        status in _BAD_STATUSES and verdict in _GOOD_VERDICTS
    )


# --- words -----------------------------------------------------------------------------------


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


def _num(value: float, unit: str, lang: str) -> str:
    """``9,4%`` in Dutch, ``9.4%`` in English; whole numbers without decimals."""
    rounded = round(value, 2)
    text = str(int(rounded)) if rounded == int(rounded) else f"{rounded:.2f}".rstrip("0")
    if lang == "nl":
        text = text.replace(".", ",")
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _date(day: dt.date, lang: str) -> str:
    from avp.report.labels import format_date

    return format_date(day, lang)


def _month_year(day: dt.date, lang: str) -> str:
    return _date(day, lang).split(" ", 1)[1]
