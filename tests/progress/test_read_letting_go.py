"""A reader that keeps no plain data (avp list, targets, report) lets each plain entry go
once its model is built, and still fills the cache with the plain data and refuses what
the models refuse, with its place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from avp.base.problems import DataError
from avp.programme.models import Programme
from avp.progress.read import load_log, programme_fingerprint
from avp.storage import cache
from avp.yamlio.loader import load_items
from tests.progress.helpers import GOLDEN, TODAY


def test_a_reader_lets_go_of_the_plain_entries_and_caches_them(
    tmp_path: Path, programme: Programme, validations: list[tuple[bool, bool]]
) -> None:
    path = tmp_path / "voortgang.yaml"
    shutil.copy(GOLDEN, path)
    raw = path.read_bytes()
    depends = programme_fingerprint(programme)
    assert cache.load("progress", path, raw, depends) is None
    log = load_log(path, programme, today=TODAY)
    assert [e.measure for e in log.entries] == ["1.1.1", "1.1.2", "2.1.1"]
    assert validations == [(True, True)]  # one validation, letting go of each plain entry
    plain = load_items(raw.decode("utf-8"), "voortgang.yaml")
    assert cache.load("progress", path, raw, depends) == plain


def test_a_reader_refuses_what_only_the_models_refuse(
    tmp_path: Path, programme: Programme, validations: list[tuple[bool, bool]]
) -> None:
    """A key the models do not know passes the log's checks: the models refuse it, the
    problem is located, and nothing is cached."""
    path = tmp_path / "voortgang.yaml"
    text = GOLDEN.read_text(encoding="utf-8")
    marker = "    date: 2021-06-30\n"
    assert marker in text
    path.write_text(text.replace(marker, marker + "    colour: rood\n"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_log(path, programme, today=TODAY)
    (problem,) = raised.value.problems
    assert "colour" in problem.message and problem.line == 15
    assert (True, True) in validations
    raw = path.read_bytes()
    assert cache.load("progress", path, raw, programme_fingerprint(programme)) is None
