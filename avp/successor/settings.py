"""The new programme's municipality, title and period: given, or from the earlier ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from avp.base.problems import UsageError
from avp.successor.carry import Carry

if TYPE_CHECKING:
    from avp.project import Project


@dataclass(frozen=True)
class Settings:
    """What the new programme is: the options of ``avp successor``.

    Left out (None): ``municipality`` is the earlier programmes' when they share one;
    ``start`` the day after the last earlier programme ends; ``end`` as long after as the
    first earlier programme lasted; ``title`` the one ``avp init`` gives (see
    :func:`resolved_settings`).
    """

    municipality: str | None = None
    title: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    carry: Carry = Carry.unfinished
    as_of: dt.date | None = None
    adopted: dt.date | None = None
    adopted_by: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Resolved:
    """The new programme's municipality, title and period, given or by default."""

    municipality: str
    title: str
    start: dt.date
    end: dt.date


def _as_long(first: dt.date, last: dt.date, start: dt.date) -> dt.date:
    """The last day of a period from ``start`` as long as ``first``-``last``: whole months
    when that period is whole months (2021-01-01 to 2022-12-31: 24), else days."""
    next_day = last + dt.timedelta(days=1)
    if first.day == 1 and next_day.day == 1 and start.day == 1:
        months = (next_day.year - first.year) * 12 + next_day.month - first.month
        index = start.year * 12 + start.month - 1 + months
        return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)
    return start + (last - first)


def resolved_settings(settings: Settings, projects: list[Project]) -> Resolved:
    """The municipality, title and period of the new programme, given or by default."""
    from avp.importing.scaffold import default_title  # lazy

    if not projects:
        raise UsageError("no earlier programme given; name one with --from")
    metas = [p.programme.programme for p in projects]
    municipality = (settings.municipality or "").strip()
    if settings.municipality is not None and not municipality:
        raise UsageError("--municipality is empty; give the new programme's municipality")
    if not municipality:
        names = list(dict.fromkeys(m.municipality for m in metas))
        if len(names) > 1:
            raise UsageError(
                f"the earlier programmes are of {', '.join(names)}: give the new "
                "programme's municipality with --municipality"
            )
        municipality = names[0]
    start = settings.start or max(m.period.end for m in metas) + dt.timedelta(days=1)
    end = settings.end or _as_long(metas[0].period.start, metas[0].period.end, start)
    if end < start:
        if settings.start is None:
            raise UsageError(
                f"--end {end} lies before the new programme's first day {start} (the day after "
                "the earlier programme ends); give --start too"
            )
        raise UsageError(f"--end {end} lies before --start {start}; give the period in order")
    for option, given in (("--adopted-by", settings.adopted_by), ("--source", settings.source)):
        if given is not None and not given.strip():
            raise UsageError(
                f"{option} is empty; give it, or leave {option} out for a placeholder to review"
            )
    title = (settings.title or "").strip()
    if settings.title is not None and not title:
        raise UsageError("--title is empty; give the new programme's title")
    title = title or default_title(municipality, start, end, metas[0].language)
    return Resolved(municipality, title, start, end)
