"""avp.progress.state: every measure's history and current status on a day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.programme.models import Programme
from avp.programme.status import Status
from avp.progress.models import Entry, ProgressLog
from avp.progress.state import (
    DEFAULT_STALE_DAYS,
    current_status,
    default_stale_days,
    progress_state,
)
from avp.targets.periods import DateRange
from tests.progress.helpers import entry


def test_current_status_is_the_latest_by_date_then_log_order() -> None:
    log = ProgressLog(
        entries=[
            entry(date=dt.date(2022, 5, 1), status=Status.done),
            entry(date=dt.date(2022, 3, 1), status=Status.at_risk, correction="x"),
            entry(date=dt.date(2022, 5, 1), status=Status.on_track),  # same day, later in log
            entry(measure="1.1.2", date=dt.date(2021, 1, 5), status=Status.dropped),
        ]
    )
    assert current_status(log) == {"1.1.1": Status.on_track, "1.1.2": Status.dropped}
    state = progress_state(log)
    assert [(e.date.month, e.status) for e in state.history("1.1.1")] == [
        (3, Status.at_risk),
        (5, Status.done),
        (5, Status.on_track),
    ]
    assert state.status("9.9.9") is Status.not_started
    assert state.history("9.9.9") == ()
    assert state.latest("1.1.2") == log.entries[3]


def test_as_of_ignores_later_entries() -> None:
    log = [
        entry(date=dt.date(2021, 3, 1), status=Status.on_track),
        entry(date=dt.date(2021, 9, 1), status=Status.at_risk, correction="x"),
        entry(measure="1.1.2", date=dt.date(2021, 12, 1), status=Status.done),
    ]
    assert current_status(log, as_of=dt.date(2021, 2, 28)) == {}
    assert current_status(log, as_of=dt.date(2021, 3, 1)) == {"1.1.1": Status.on_track}
    assert current_status(log, as_of=dt.date(2021, 10, 1)) == {"1.1.1": Status.at_risk}
    state = progress_state(log, as_of=dt.date(2021, 10, 1))
    assert state.as_of == dt.date(2021, 10, 1)
    assert len(state.history("1.1.1")) == 2


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1.1.1", "1.1.2", "2.1.1"]),
            st.integers(0, 5),
            st.sampled_from([*Status, None]),
        ),
        max_size=12,
    ),
    st.none() | st.integers(0, 5),
)
def test_current_status_is_the_status_of_the_sorted_histories(
    rows: list[tuple[str, int, Status | None]], as_of: int | None
) -> None:
    day = dt.date(2022, 1, 1)
    entries = [
        Entry.model_construct(
            measure=m, date=day + dt.timedelta(days=d), status=s, count=None if s else 1
        )
        for m, d, s in rows
    ]
    cut = None if as_of is None else day + dt.timedelta(days=as_of)
    state = progress_state(entries, as_of=cut)
    expected = state.statuses
    got = current_status(entries, as_of=cut)
    assert got == expected and list(got) == list(expected)
    # progress_state takes its statuses from the sorted histories: the same, in the same order
    assert dict(state.current) == got and list(state.current) == list(got)
    # each history sorted by date, log order per day; a log in date order (not sorted again)
    in_order = sorted(entries, key=lambda e: e.date)
    ordered = progress_state(in_order, as_of=cut)
    for measure in {m for m, _, _ in rows}:
        kept = [e for e in entries if e.measure == measure and (cut is None or e.date <= cut)]
        by_date = sorted(kept, key=lambda e: e.date)
        assert [id(e) for e in state.history(measure)] == [id(e) for e in by_date]
        assert [id(e) for e in ordered.history(measure)] == [id(e) for e in in_order if e in kept]


def test_with_the_programme_every_measure_has_a_status(programme: Programme) -> None:
    log = [entry(measure="1.1.2", status=Status.done), entry(measure="9.9.9")]
    statuses = current_status(log, programme=programme)
    assert statuses == {
        "1.1.1": Status.not_started,
        "1.1.2": Status.done,
        "2.1.1": Status.not_started,
        "9.9.9": Status.on_track,  # logged, not in the programme: after its measures
    }
    current = progress_state(log, programme=programme).current
    assert current == statuses and list(current) == list(statuses)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        ("2021-01-01", "2022-12-31", 180),  # two years: half a year, a quarter of it
        ("2023-01-01", "2024-12-31", 180),  # with a leap day
        ("2019-01-01", "2022-12-31", 180),  # four years: still half a year, not one
        ("2022-01-01", "2022-12-31", 91),  # one year: a quarter
        ("2022-01-01", "2022-06-30", 45),  # half a year: a quarter of it
        ("2022-01-01", "2022-01-07", 1),  # a week: at least a day
        ("2022-01-01", "2022-01-01", 1),
    ],
)
def test_default_stale_days_follow_the_period(start: str, end: str, days: int) -> None:
    period = DateRange(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert default_stale_days(period) == days
    assert default_stale_days(period) <= DEFAULT_STALE_DAYS


def test_unfinished_lists_what_is_neither_done_nor_dropped_in_programme_order() -> None:
    from avp.project import Project

    programme = Project.open("data/programma-2021-2022.yaml").programme
    ids = [m.id for _, _, m in programme.measures()]
    log = ProgressLog(
        entries=[
            entry(measure=ids[0], date=dt.date(2022, 5, 1), status=Status.done),
            entry(measure=ids[1], date=dt.date(2022, 5, 1), status=Status.dropped),
            entry(measure=ids[2], date=dt.date(2022, 5, 1), status=Status.at_risk, correction="x"),
            entry(measure=ids[3], date=dt.date(2023, 5, 1), status=Status.done),  # after as_of
        ]
    )
    state = progress_state(log, as_of=dt.date(2022, 12, 31), programme=programme)
    assert state.unfinished(programme) == ids[2:]
