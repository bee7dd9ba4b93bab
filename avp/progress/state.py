"""The state of every measure on a day: its history and its current status."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter

from avp.programme.models import Programme
from avp.programme.status import Status
from avp.progress.models import Entry, ProgressLog


@dataclass(frozen=True)
class ProgressState:
    """The state of every measure on a day: its history and its current status."""

    histories: Mapping[str, tuple[Entry, ...]]
    as_of: dt.date | None = None
    measure_ids: tuple[str, ...] = ()

    @property
    def statuses(self) -> dict[str, Status]:
        """Current status per measure: every id in ``measure_ids`` and every logged one."""
        ids = dict.fromkeys([*self.measure_ids, *self.histories])
        return {measure_id: self.status(measure_id) for measure_id in ids}

    def history(self, measure_id: str) -> tuple[Entry, ...]:
        """The measure's entries sorted by date; same-day entries in log order."""
        return self.histories.get(measure_id, ())

    def latest(self, measure_id: str) -> Entry | None:
        """The latest entry of any kind (a status, a count, a value)."""
        history = self.history(measure_id)
        return history[-1] if history else None

    def latest_status(self, measure_id: str) -> Entry | None:
        """The latest entry that has a status."""
        return next((e for e in reversed(self.history(measure_id)) if e.status is not None), None)

    def status(self, measure_id: str) -> Status:
        """The status of the latest entry with one, :attr:`Status.not_started` without."""
        latest = self.latest_status(measure_id)
        return latest.status if latest and latest.status else Status.not_started


def progress_state(
    log: ProgressLog | Iterable[Entry],
    *,
    as_of: dt.date | None = None,
    programme: Programme | None = None,
) -> ProgressState:
    """Histories and statuses from the log, ignoring entries dated after ``as_of``.

    With ``programme``, :attr:`ProgressState.statuses` also lists the measures without
    entries (as not started), in programme order.
    """
    entries = log.entries if isinstance(log, ProgressLog) else list(log)
    grouped: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if as_of is None or entry.date <= as_of:
            grouped[entry.measure].append(entry)
    by_date = attrgetter("date")
    histories = {
        measure_id: tuple(sorted(items, key=by_date))  # stable: log order per day
        for measure_id, items in grouped.items()
    }
    ids = tuple(m.id for _, _, m in programme.measures()) if programme else ()
    return ProgressState(histories=histories, as_of=as_of, measure_ids=ids)


def current_status(
    log: ProgressLog | Iterable[Entry],
    *,
    as_of: dt.date | None = None,
    programme: Programme | None = None,
) -> dict[str, Status]:
    """Measure id -> status of its latest entry on ``as_of`` (default: all entries).

    The same as ``progress_state(...).statuses``, in one pass and without sorting each
    history: ``avp list`` needs only this.
    """
    entries = log.entries if isinstance(log, ProgressLog) else log
    ids = (m.id for _, _, m in programme.measures()) if programme else ()
    statuses: dict[str, Status] = dict.fromkeys(ids, Status.not_started)
    days: dict[str, dt.date] = {}
    for entry in entries:
        day = entry.date
        if as_of is not None and day > as_of:
            continue
        measure = entry.measure
        if measure not in statuses:
            statuses[measure] = Status.not_started
        if entry.status is not None:
            latest = days.get(measure)
            if latest is None or day >= latest:  # on the same day, the later entry
                days[measure] = day
                statuses[measure] = entry.status
    return statuses
