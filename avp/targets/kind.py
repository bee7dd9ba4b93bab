"""A kind of target as the computations see it: how it is judged, and from which day."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from avp.targets.figures import Figure
from avp.targets.periods import DateRange, Span, judged_periods
from avp.targets.results import PeriodResult, Standing, standing

if TYPE_CHECKING:
    from avp.targets.models import TargetModel

T = TypeVar("T", bound="TargetModel")


@dataclass(frozen=True)
class Kind(Generic[T]):
    """One kind of target (``frequency``, ``threshold``, ...): each kind module has one.

    :data:`avp.targets.registry.KINDS` holds them by name, and what depends on the kind
    goes through it: ``KINDS[target.kind].evaluate(...)``. What figures a kind reads
    (``count``, ``value``) is declared on its model (``target.takes()``): the models and
    the figures sit below the kind modules, which import them.
    """

    name: str
    #: Every period of the target that has started on ``as_of``, judged on that day, from
    #: the target's own figures dated up to ``as_of``.
    evaluate: Callable[[T, Sequence[Figure], Span, dt.date], list[PeriodResult]]
    #: The first day the target is judged on, given its window and the programme (for
    #: "starts on ..." before then); None: the window's first day.
    begins: Callable[[T, DateRange, Span], dt.date] | None = None
    #: What ``evaluate`` gives of the last period and the tally of its year
    #: (:func:`avp.targets.results.standing`), without judging every period; None: from
    #: ``evaluate``. A target's every period is judged only when asked for then
    #: (:attr:`avp.targets.evaluate.TargetStatus.results`).
    standing: Callable[[T, Sequence[Figure], Span, dt.date], Standing | None] | None = None

    def first_day(self, target: T, window: DateRange, programme: Span) -> dt.date:
        return window.start if self.begins is None else self.begins(target, window, programme)


#: A kind's judging of the periods from one on (by its index among the target's judged
#: periods), each period judged on its own: from the figures, not from other periods'
#: results.
JudgeFrom = Callable[[T, Sequence[Figure], Span, dt.date, int], list[PeriodResult]]


def by_year(judge: JudgeFrom[T]) -> Callable[[T, Sequence[Figure], Span, dt.date], Standing | None]:
    """The standing (:attr:`Kind.standing`) of a kind whose periods are judged each on its
    own: the standing of judging every period is that of the current period's year alone
    (its last period started and the tally of its ended ones), so only the periods of that
    year from its first are judged (a yearly target after the programme: its last year;
    not every week since the programme's start)."""

    def found(
        target: T, figures: Sequence[Figure], programme: Span, as_of: dt.date
    ) -> Standing | None:
        periods = judged_periods(target, programme)
        started = bisect_right(periods.starts, as_of)
        if not started:
            return None
        first, _ = periods.years[periods[started - 1].period.year]
        return standing(judge(target, figures, programme, as_of, first))

    return found
