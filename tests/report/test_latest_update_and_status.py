"""The report reads a measure's latest update and latest entry with a status in one pass:
what ProgressState.latest_update and latest_status give, and so 'unreported' too."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from avp.programme.status import Status
from avp.progress.state import ProgressState

ENTRIES = st.lists(
    st.builds(
        lambda status, lesson: SimpleNamespace(
            status=status, only_lesson=lesson and status is None
        ),
        st.one_of(st.none(), st.sampled_from(list(Status))),
        st.booleans(),
    ),
    max_size=8,
)


@given(ENTRIES)
def test_one_pass_gives_both(entries: list[SimpleNamespace]) -> None:
    state = ProgressState(histories={"1.1.1": tuple(entries)})  # type: ignore[arg-type]
    latest, with_status = state.latest_update_and_status("1.1.1")
    assert latest is state.latest_update("1.1.1")
    assert with_status is state.latest_status("1.1.1")
    assert state.latest_update_and_status("9.9.9") == (None, None)
