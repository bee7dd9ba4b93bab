"""The imported figures of the sourced targets: the latest per target, and per year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from avp.indicators.apply import series_key
from avp.indicators.periods import CbsPeriod, parse_period
from avp.indicators.plan import Sourced, sourced_targets
from avp.programme.models import Programme
from avp.progress.models import Entry, Imported


@dataclass(frozen=True)
class Latest:
    """A sourced target with its latest imported figure (None: nothing imported yet)."""

    sourced: Sourced
    entry: Entry | None

    @property
    def imported(self) -> Imported | None:
        entry = self.entry
        return entry.source if entry is not None and isinstance(entry.source, Imported) else None


def _matches(sourced: Sourced, entry: Entry) -> bool:
    """Whether ``entry`` is a figure of the target's series (:func:`series_key`): after
    its filter or column changed, the figures imported before are not its figures."""
    source = entry.source
    return isinstance(source, Imported) and series_key(
        entry.measure, entry.target, source
    ) == series_key(sourced.owner, sourced.target.id, sourced.source)


def imported_by_period(sourced: Sourced, entries: Iterable[Entry]) -> dict[CbsPeriod, Entry]:
    """The newest imported entry (log order) of the target for each period."""
    found: dict[CbsPeriod, Entry] = {}
    for entry in entries:
        if _matches(sourced, entry) and isinstance(entry.source, Imported):
            period = parse_period(entry.source.period)
            if period is not None:
                found[period] = entry
    return found


def latest(programme: Programme, entries: Iterable[Entry]) -> list[Latest]:
    """Every sourced target with the figure of its latest period imported."""
    listed = list(entries)
    result = []
    for sourced in sourced_targets(programme):
        by_period = imported_by_period(sourced, listed)
        last = max(by_period, key=lambda p: (p.end, -p.months), default=None)
        result.append(Latest(sourced, by_period[last] if last is not None else None))
    return result
