"""The state of every measure on a day: its history and its current status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter, le
from typing import TYPE_CHECKING

from avp.programme.status import Status
from avp.progress.corrections import corrected_by, effective, has_corrections

if TYPE_CHECKING:
    from avp.programme.models import Programme
    from avp.progress.models import Entry, ProgressLog
    from avp.targets.periods import Span

#: Statuses of a measure that needs no more updates: it is never stale.
FINISHED = (Status.done, Status.dropped)
#: Days without an entry after which an unfinished measure is stale, at most, by default:
#: half a year, about a quarter of a two-year programme (:func:`default_stale_days`).
DEFAULT_STALE_DAYS = 180


def default_stale_days(period: Span) -> int:
    """Days without an entry after which a measure is stale when nobody says otherwise.

    Half a year (:data:`DEFAULT_STALE_DAYS`, 180 days: a quarter of a two-year programme)
    for a programme of two years or more; a quarter of the programme's period when that is
    shorter (91 days for one year, 45 for half a year), so that a short programme does not
    wait half its length before calling a measure stale. At least one day.
    """
    length = (period.end - period.start).days + 1
    return max(1, min(DEFAULT_STALE_DAYS, length // 4))


def is_stale(
    status: Status, latest: Entry | None, period: Span, as_of: dt.date | None, days: int
) -> bool:
    """:meth:`ProgressState.stale` for a measure whose status and latest update (or None)
    the caller has already."""
    if status in FINISHED:
        return False
    reference = latest.date if latest else period.start
    judged = period.end if as_of is None else min(as_of, period.end)
    return (judged - reference).days > days


@dataclass(frozen=True)
class ProgressState:
    """The state of every measure on a day: its history and its current status."""

    histories: Mapping[str, tuple[Entry, ...]]
    as_of: dt.date | None = None
    measure_ids: tuple[str, ...] = ()
    current: Mapping[str, Status] = field(default_factory=dict)
    #: Every entry per measure, those superseded or retracted and the retractions too
    #: (empty when no entry corrects another: then ``histories`` has them all).
    records: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)
    #: Entry id -> the entry that supersedes or retracts it.
    corrections: Mapping[str, Entry] = field(default_factory=dict)

    @property
    def statuses(self) -> dict[str, Status]:
        """Current status per measure: every id in ``measure_ids`` and every logged one."""
        ids = dict.fromkeys([*self.measure_ids, *self.histories])
        return {measure_id: self.status(measure_id) for measure_id in ids}

    def history(self, measure_id: str) -> tuple[Entry, ...]:
        """The measure's entries that count (:mod:`avp.progress.corrections`) sorted by
        date; same-day entries in log order."""
        return self.histories.get(measure_id, ())

    def full_history(self, measure_id: str) -> tuple[Entry, ...]:
        """All the measure's entries, also those superseded or retracted and the
        retractions (:meth:`corrected` says which), sorted as :meth:`history`."""
        if not self.corrections:
            return self.history(measure_id)
        return self.records.get(measure_id, ())

    def corrected(self, entry: Entry) -> Entry | None:
        """The entry that supersedes or retracts ``entry``, or None."""
        return self.corrections.get(entry.id) if entry.id is not None else None

    def latest(self, measure_id: str) -> Entry | None:
        """The latest entry of any kind (a status, a count, a value)."""
        history = self.history(measure_id)
        return history[-1] if history else None

    def latest_update(self, measure_id: str) -> Entry | None:
        """The latest entry that updates the measure: a status, a count or a value (not a
        lesson alone, :attr:`Entry.only_lesson`)."""
        return next((e for e in reversed(self.history(measure_id)) if not e.only_lesson), None)

    def latest_status(self, measure_id: str) -> Entry | None:
        """The latest entry that has a status."""
        return next((e for e in reversed(self.history(measure_id)) if e.status is not None), None)

    def latest_update_and_status(self, measure_id: str) -> tuple[Entry | None, Entry | None]:
        """(:meth:`latest_update`, :meth:`latest_status`) in one pass back from the end."""
        latest = with_status = None
        for entry in reversed(self.history(measure_id)):
            if latest is None and not entry.only_lesson:
                latest = entry
            if entry.status is not None:  # an entry with a status is an update too
                with_status = entry
                break
        return latest, with_status

    def unreported(self, measure_id: str) -> bool:
        """Activity (a count or a value) but never a status: not "niet gestart" after all
        (the report and ``avp show`` say "geen status gemeld")."""
        return (
            self.latest_status(measure_id) is None
            and self.latest_update(measure_id) is not None
            and self.status(measure_id) is Status.not_started
        )

    def status(self, measure_id: str) -> Status:
        """The status of the latest entry with one (:func:`current_status`)."""
        return self.current.get(measure_id, Status.not_started)

    def stale(self, measure_id: str, period: Span, days: int) -> bool:
        """Whether the measure, not finished, has had no entry for more than ``days`` days.

        Counted from its last update (:meth:`latest_update`; without one, the start of the
        programme)
        to ``as_of``, or to the programme's last day for a state after it has ended.
        """
        return is_stale(
            self.status(measure_id), self.latest_update(measure_id), period, self.as_of, days
        )

    def unfinished(self, programme: Programme) -> list[str]:
        """The ids of the programme's measures that are neither done nor dropped in this
        state, in programme order: what an end evaluation lists as not finished and what
        ``avp successor --carry unfinished`` carries into the next programme."""
        return [m.id for _, _, m in programme.measures() if self.status(m.id) not in FINISHED]


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
    every = log.entries if hasattr(log, "entries") else list(log)
    # The one place where corrections count: what is superseded or retracted is out, on
    # any day (a correction corrects the record), before the days after as_of are.
    corrections = corrected_by(every) if has_corrections(every) else {}
    histories = _histories(effective(every) if corrections else every, as_of)
    records = _histories(every, as_of) if corrections else {}
    ids = tuple(m.id for _, _, m in programme.measures()) if programme else ()
    current = _statuses(histories, ids, as_of, programme)
    return ProgressState(
        histories=histories,
        as_of=as_of,
        measure_ids=ids,
        current=current,
        records=records,
        corrections=corrections,
    )


def _histories(entries: Sequence[Entry], as_of: dt.date | None) -> dict[str, tuple[Entry, ...]]:
    """Each measure's entries up to ``as_of``, sorted by date (log order per day)."""
    if as_of is not None:
        entries = [entry for entry in entries if entry.date <= as_of]
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        items = grouped.get(entry.measure)
        if items is None:
            grouped[entry.measure] = [entry]
        else:
            items.append(entry)
    dates = [entry.date for entry in entries]
    if all(map(le, dates, islice(dates, 1, None))):  # a log written day by day: in order
        return {measure_id: tuple(items) for measure_id, items in grouped.items()}
    by_date = attrgetter("date")
    return {
        measure_id: tuple(sorted(items, key=by_date))  # stable: log order per day
        for measure_id, items in grouped.items()
    }


def _statuses(
    histories: Mapping[str, tuple[Entry, ...]],
    ids: tuple[str, ...],
    as_of: dt.date | None,
    programme: Programme | None,
) -> dict[str, Status]:
    """What :func:`current_status` gives, from the histories (sorted by date, log order per
    day): the status of the last entry with one in each history is the latest by date, of
    two on the same day the later in the log. In the same order: the programme's measures,
    then the logged ones as they first appear in the log."""
    statuses: dict[str, Status] = dict.fromkeys(ids, Status.not_started)
    for measure, history in histories.items():
        status = next((e.status for e in reversed(history) if e.status is not None), None)
        if status is not None:
            statuses[measure] = status
        elif measure not in statuses:
            statuses[measure] = Status.not_started
    if programme is not None:
        _drop(statuses, programme, as_of)
    return statuses


def _drop(statuses: dict[str, Status], programme: Programme, as_of: dt.date | None) -> None:
    """A measure the programme marks ``dropped`` is dropped from that day on."""
    for _, _, m in programme.measures():
        if m.dropped is not None and (as_of is None or m.dropped.date <= as_of):
            statuses[m.id] = Status.dropped


def current_status(
    log: ProgressLog | Iterable[Entry],
    *,
    as_of: dt.date | None = None,
    programme: Programme | None = None,
) -> dict[str, Status]:
    """Measure id -> status of its latest entry on ``as_of`` (default: all entries).

    The one rule for a measure's current status: the status of its latest entry with a
    status, by date; of two on the same day, the later one in the log. Measures without
    one are not started. :class:`ProgressState` asks this function too.

    With ``programme``, a measure the programme marks ``dropped`` is dropped from that day
    on, whatever the log says: the college's decision is the status.
    """
    entries = log.entries if hasattr(log, "entries") else list(log)
    entries = effective(entries)  # what counts (avp.progress.corrections)
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
    if programme is not None:
        _drop(statuses, programme, as_of)
    return statuses
