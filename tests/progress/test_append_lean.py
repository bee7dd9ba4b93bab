"""progress add on a large log with no cache to keep a snapshot in reads the old log's
plain data without keeping its models (100,000 entries: 60 MiB less at the peak)."""

from __future__ import annotations

from pathlib import Path

import pytest

from avp.programme.models import Programme
from avp.progress.append import append_entry
from avp.progress.read import load_log
from tests.progress.test_append_index import ENTRIES, big, entry

__all__ = ["big"]  # the fixture


def test_a_large_log_without_a_cache_is_appended_to_without_its_models(
    big: tuple[Path, Programme],
    monkeypatch: pytest.MonkeyPatch,
    validations: list[tuple[bool, bool]],
) -> None:
    log_path, programme = big
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    new = entry()
    assert append_entry(log_path, new, programme) == new
    assert validations[0][1] is False  # the old log: its plain data only
    log = load_log(log_path, programme)
    assert len(log.entries) == ENTRIES + 1
    assert log.entries[-1] == new
