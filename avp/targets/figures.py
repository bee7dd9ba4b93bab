"""Figures: the counts and values of progress entries, assigned to the target they are for."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter
from typing import TYPE_CHECKING, Protocol

from avp.base.dates import period_span
from avp.targets.facts import FigureKind, takes

if TYPE_CHECKING:
    from avp.targets.models import TargetModel
    from avp.targets.periods import Judged


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

    # and, when it has one, ``period``: the period its figure describes (canonical text,
    # :func:`avp.base.dates.parse_period`); read with getattr, as older objects lack it.


@dataclass(frozen=True)
class Figure:
    """A count or a value for one target: recorded on ``date``, and describing the days
    ``start`` to ``end`` (an entry's ``period``), or without them the day ``date`` alone.

    The recorded date says when the figure is known (``as_of`` reads the figures recorded
    by then); the days it describes say which periods it counts for (:attr:`first`,
    :attr:`last`).
    """

    date: dt.date
    count: int | None = None
    value: float | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def first(self) -> dt.date:
        """The first day the figure describes."""
        return self.date if self.start is None else self.start

    @property
    def last(self) -> dt.date:
        """The last day the figure describes: the day a value is *for* (the value of 2021
        recorded in January 2022 is a value of 31 December 2021)."""
        return self.date if self.end is None else self.end


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
    from avp.base.text import suggest  # lazy: difflib, only for a message

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


_BY_DATE = attrgetter("date")


def assign(targets: Sequence[TargetModel], entries: Iterable[EntryLike]) -> dict[str, list[Figure]]:
    """Each target's figures from the entries of its measure, by date (same day: log order).

    Figures that cannot be assigned (``avp validate`` reports them) are left out.
    """
    figures: dict[str, list[Figure]] = {t.id: [] for t in targets}
    # Most entries have a status alone: only those with a figure are sorted and read.
    with_figures = [e for e in entries if e.count is not None or e.value is not None]
    for entry in sorted(with_figures, key=_BY_DATE):
        count, value = entry.count, entry.value
        start = end = None
        if (period := getattr(entry, "period", None)) is not None:
            start, end = period_span(period)
        if count is not None and (found := resolve(targets, entry.target, "count")):
            figures[found.id].append(Figure(entry.date, count=count, start=start, end=end))
        if value is not None and (found := resolve(targets, entry.target, "value")):
            figures[found.id].append(Figure(entry.date, value=value, start=start, end=end))
    return figures


def spread(figures: Iterable[Figure], periods: Sequence[Judged]) -> list[Figure]:
    """The counts of ``figures`` as counts on single days of ``periods`` (judged periods,
    in order), for :class:`Counts`: a count on a day, or one that describes days of a
    single period, stays as it is; a count that describes days of several periods is
    credited to them in proportion to the days of each it describes, as whole numbers
    that add up to it (largest remainder; on a tie the earlier period). Days described
    outside every period take their share too, which counts nowhere.

    So 13 controls in 2022-Q1 (1 January to 31 March) give one to each of the weeks
    2022-W01 to W13 and none to 2021-W52, of which the quarter holds two days; 26 give two
    to each.
    """
    found: list[Figure] = []
    starts = [j.start for j in periods]
    for figure in figures:
        count = figure.count
        if count is None:
            continue
        if figure.start is None or figure.end is None:
            found.append(figure)
            continue
        first, last = figure.start, figure.end
        low = max(0, bisect_right(starts, first) - 1)
        high = bisect_right(starts, last)
        parts = [
            (j, (min(j.end, last) - max(j.start, first)).days + 1)
            for j in periods[low:high]
            if j.start <= last and first <= j.end
        ]
        if len(parts) == 1 and parts[0][0].start <= first and last <= parts[0][0].end:
            found.append(Figure(first, count=count))  # within one period
            continue
        total = (last - first).days + 1
        outside = total - sum(days for _, days in parts)
        shares = [count * days / total for _, days in parts] + [count * outside / total]
        credit = [int(share + 1e-9) for share in shares]
        order = sorted(range(len(shares)), key=lambda k: (-(shares[k] - credit[k]), k))
        for k in order[: count - sum(credit)]:
            credit[k] += 1
        found += [
            Figure(max(j.start, first), count=credit[k])
            for k, (j, _) in enumerate(parts)
            if credit[k]
        ]
    return found


def _counts(figures: Iterable[Figure], start: dt.date, end: dt.date) -> int:
    return sum(f.count for f in figures if f.count is not None and start <= f.date <= end)


class Counts:
    """The counts of figures, summed between two days by bisection: what :func:`_counts`
    gives, without a pass over every figure for every period."""

    def __init__(self, figures: Iterable[Figure]) -> None:
        counted = [(f.date, f.count) for f in figures if f.count is not None]
        if any(a[0] > b[0] for a, b in pairwise(counted)):
            counted.sort(key=lambda pair: pair[0])  # figures come sorted; a sum is a sum
        self.dates: list[dt.date] = [day for day, _ in counted]
        #: totals[k]: the sum of the first k counts
        self.totals: list[int] = [0]
        total = 0
        for _, count in counted:
            total += count
            self.totals.append(total)

    def between(self, start: dt.date, end: dt.date) -> int:
        """The sum of the counts dated ``start`` to ``end`` (both included)."""
        if end < start:
            return 0
        dates = self.dates
        return self.totals[bisect_right(dates, end)] - self.totals[bisect_left(dates, start)]


def _values(figures: Iterable[Figure], start: dt.date, end: dt.date) -> list[Figure]:
    """The values for days ``start`` to ``end`` (by :attr:`Figure.last`), in the order of
    those days (recorded order on the same day)."""
    found = [f for f in figures if f.value is not None and start <= f.last <= end]
    if any(f.end is not None for f in found):
        found.sort(key=_LAST)  # stable: figures come by recorded date
    return found


_LAST = attrgetter("last")


def _latest(figures: Iterable[Figure], start: dt.date, end: dt.date) -> Figure | None:
    values = _values(figures, start, end)
    return values[-1] if values else None


def _size(figures: Iterable[Figure], day: dt.date) -> Figure | None:
    """The latest value that holds on ``day``: a coverage's population size, recorded on
    or describing a period that began by then, however long before (before the target's
    ``start`` too); the one for the latest first day, then the last recorded."""
    found = [f for f in figures if f.value is not None and f.first <= day]
    return max(reversed(found), key=_FIRST, default=None)


_FIRST = attrgetter("first")
