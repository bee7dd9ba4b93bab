"""Issue 18: a snapshot with a tail (the entries appended since it was written whole) reads
as the whole object; anything else after the object makes it unusable."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from avp.progress.models import Entry, ProgressLog
from avp.progress.read import TWIN_BASES
from avp.storage import cache, snapshot


def entries(count: int, start: int = 0) -> list[Entry]:
    return [
        Entry.model_validate(
            {"measure": "1.1.1", "date": dt.date(2022, 1, 1), "count": n, "note": f"n{n}",
             "author": "T"}
        )
        for n in range(start, start + count)
    ]  # fmt: skip


def test_a_tail_adds_its_entries_to_the_object() -> None:
    base = snapshot.dumps(ProgressLog(entries=entries(3)))
    tail = snapshot.dumps((snapshot.TAIL, entries(2, 3)))
    whole = snapshot.loads(base + tail)
    assert whole == ProgressLog(entries=entries(5))
    twins = snapshot.loads(base + tail, TWIN_BASES)
    assert [e.note for e in twins.entries] == [f"n{n}" for n in range(5)]


@pytest.mark.parametrize(
    "after",
    [
        pickle.dumps(("something else", [])),
        pickle.dumps((snapshot.TAIL, "not a list")),
        b"garbage",
        snapshot.dumps((snapshot.TAIL, [])) + b"x",
    ],
)
def test_anything_else_after_the_object_is_refused(after: bytes) -> None:
    base = snapshot.dumps(ProgressLog(entries=entries(1)))
    with pytest.raises(Exception):  # noqa: B017 - whatever pickle raises
        snapshot.loads(base + after)


def test_append_entries_needs_the_snapshot_of_the_old_bytes(tmp_path: Path) -> None:
    path = tmp_path / "voortgang.yaml"
    old, new = b"entries:\n  - a\n", b"entries:\n  - a\n  - b\n"
    old_digest = cache.RawDigest(old)
    new_digest = old_digest.extended(new[len(old) :])
    added = entries(1, 1)
    assert not snapshot.append_entries("t", path, old, old_digest, new_digest, len(new), added)
    snapshot.store_body("t", path, old, snapshot.dumps(ProgressLog(entries=entries(1))))
    assert snapshot.append_entries("t", path, old, old_digest, new_digest, len(new), added)
    assert snapshot.load("t", path, new) == ProgressLog(entries=entries(2))
    assert snapshot.load("t", path, old) is None  # the entry is the new bytes' now
