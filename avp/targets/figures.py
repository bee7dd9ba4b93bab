"""Figures: the counts and values of progress entries, assigned to the target they are for."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter
from typing import TYPE_CHECKING, Protocol

from avp.targets.facts import FigureKind, takes

if TYPE_CHECKING:
    from avp.targets.models import TargetModel


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
    for entry in sorted(entries, key=_BY_DATE):
        count, value = entry.count, entry.value
        if count is not None and (found := resolve(targets, entry.target, "count")):
            figures[found.id].append(Figure(entry.date, count=count))
        if value is not None and (found := resolve(targets, entry.target, "value")):
            figures[found.id].append(Figure(entry.date, value=value))
    return figures


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
    return [f for f in figures if f.value is not None and start <= f.date <= end]


def _latest(figures: Iterable[Figure], start: dt.date, end: dt.date) -> Figure | None:
    values = _values(figures, start, end)
    return values[-1] if values else None  # figures are sorted by date, log order per day
