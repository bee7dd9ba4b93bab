"""Which measures of an earlier programme a successor carries over.

``unfinished`` (the default) is :meth:`avp.progress.state.ProgressState.unfinished`, the
one rule for what is not finished (neither done nor dropped), on the earlier programme's
last day or on ``as_of``; ``all`` is every measure (the dropped ones named in the review);
``none`` carries only the structure.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from avp.programme.status import Status

if TYPE_CHECKING:
    from avp.project import Project


class Carry(StrEnum):
    """Which measures a successor carries over."""

    unfinished = "unfinished"  # neither done nor dropped (ProgressState.unfinished)
    all = "all"  # every measure, dropped ones too (listed in the review)
    none = "none"  # the structure (fields, themes, partners) without measures


def carried_ids(project: Project, carry: Carry, as_of: dt.date | None) -> tuple[str, ...]:
    """The ids of the measures of ``project`` to carry over, in programme order."""
    programme = project.programme
    if carry is Carry.none:
        return ()
    if carry is Carry.all:
        return tuple(m.id for _, _, m in programme.measures())
    day = as_of or programme.programme.period.end
    return tuple(project.state(day).unfinished(programme))


def dropped_review(project: Project, as_of: dt.date | None, shown: str) -> list[str]:
    """Review lines for the dropped measures that --carry all carries too."""
    programme = project.programme
    state = project.state(as_of or programme.programme.period.end)
    return [
        f"measure {m.id} of {shown} was dropped there; carried because of --carry all: "
        "remove it, or drop it again"
        for _, _, m in programme.measures()
        if state.status(m.id) is Status.dropped
    ]
