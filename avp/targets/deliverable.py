"""Deliverable targets: something delivered by a due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from avp.i18n import format_date as _date
from avp.targets.figures import Figure
from avp.targets.models import DeliverableTarget
from avp.targets.periods import Span
from avp.targets.results import PeriodResult, _join, _left
from avp.targets.verdicts import DELIVERABLE_WARNING_DAYS, Verdict, Words


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
