"""Deliverable targets: something delivered by a due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from avp.i18n import Message
from avp.targets.figures import Figure
from avp.targets.kind import Kind
from avp.targets.periods import DateRange, Span
from avp.targets.results import PeriodResult, _left, verdict_word
from avp.targets.verdicts import DELIVERABLE_WARNING_DAYS, Verdict

if TYPE_CHECKING:
    from avp.targets.models import DeliverableTarget


def _deliverable(
    target: DeliverableTarget, figures: Sequence[Figure], programme: Span, as_of: dt.date
) -> list[PeriodResult]:
    due = target.due
    start = min(programme.start, due)
    if start > as_of:
        return []
    # Delivered on the last day its figure describes: the day of the entry, or the last
    # day of its period ("delivered in June 2021": period 2021-06).
    delivered = sorted(
        f.last
        for f in figures
        if f.count is not None and f.count > 0 and programme.start <= f.last <= programme.end
    )
    on = delivered[0] if delivered else None
    ended = as_of >= due or on is not None
    days_left = max(0, (due - as_of).days)
    due_text = Message.of("deliverable.due", day=due)
    if on is not None and on <= due:
        verdict = Verdict.met
        reason = Message.of("deliverable.delivered", day=on)
    elif on is not None:
        verdict = Verdict.missed
        reason = Message.of("deliverable.late", day=on, count=(on - due).days)
    elif as_of >= due:
        verdict = Verdict.missed
        reason = Message.of("deliverable.missing")
    else:
        verdict = Verdict.at_risk if days_left <= DELIVERABLE_WARNING_DAYS else Verdict.on_course
        reason = Message.of("deliverable.pending", left=_left(days_left))
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
            caption=due_text,
            reason=Message.of(
                "deliverable.judged", state=reason, due=due_text, verdict=verdict_word(verdict)
            ),
        )
    ]


def _begins(target: DeliverableTarget, window: DateRange, programme: Span) -> dt.date:
    """The programme's first day, or the due date when that comes first."""
    return min(programme.start, target.due)


KIND: Kind[DeliverableTarget] = Kind("deliverable", _deliverable, _begins)
