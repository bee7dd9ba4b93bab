"""Commands that read a large log ahead (in a second process, avp.storage.ahead) say
exactly what they say without it."""

from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from avp.storage import ahead
from benchmarks.generate import load_bundled, measure_ids, progress_log
from tests.conftest import BUNDLED, Invoke

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="read ahead on Linux only")

TAKE = ahead.take

COMMANDS = [
    ["report", "--format", "json"],
    ["list", "--partner", "politie", "--format", "json"],
    ["targets", "--format", "json"],
    ["validate"],
]


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """The bundled programme with a generated log of 400 entries beside it."""
    folder = tmp_path / "prog"
    folder.mkdir()
    path = folder / "programma.yaml"
    shutil.copyfile(BUNDLED, path)
    _, data = load_bundled()
    log = progress_log(measure_ids(data), 400, random.Random(7))
    (folder / "voortgang-2021-2022.yaml").write_text(log, encoding="utf-8")
    return path


def run(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, argv: list[str], *, read_ahead: bool
) -> tuple[Any, list[bool]]:
    """The command's exit code and output, and what ahead.take gave (True: the items)."""
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    monkeypatch.setattr(ahead, "MIN_BYTES", 0 if read_ahead else 1 << 40)
    monkeypatch.setattr(ahead, "PIECE_ITEMS", 50)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    taken: list[bool] = []

    def recorded(path: Path, raw: bytes) -> Any:
        found = TAKE(path, raw)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(ahead, "take", recorded)
    try:
        result = invoke(argv)
    finally:
        ahead.cancel()
    return (result.exit_code, result.stdout, result.stderr), taken


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
def test_same_output_with_and_without(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, programme: Path, argv: list[str]
) -> None:
    argv = [*argv, "--file", str(programme)]
    ahead_out, taken = run(invoke, monkeypatch, argv, read_ahead=True)
    alone_out, not_taken = run(invoke, monkeypatch, argv, read_ahead=False)
    assert taken == [True]  # read by the second process, and used
    assert not_taken == [False]
    assert ahead_out == alone_out
    assert ahead_out[0] == 0


def test_an_invalid_log_says_the_same(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, programme: Path
) -> None:
    log = programme.parent / "voortgang-2021-2022.yaml"
    log.write_text(log.read_text(encoding="utf-8") + "  - measure: 9.9.9\n", encoding="utf-8")
    for argv in (["validate"], ["report", "--format", "json"]):
        argv = [*argv, "--file", str(programme)]
        ahead_out, taken = run(invoke, monkeypatch, argv, read_ahead=True)
        alone_out, _ = run(invoke, monkeypatch, argv, read_ahead=False)
        assert ahead_out == alone_out
        assert ahead_out[0] != 0
        assert taken in ([True], [False], [])  # the child may read it; the checks are ours


def test_another_log_is_not_read_ahead(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, programme: Path
) -> None:
    other = programme.parent / "ander.yaml"
    shutil.copyfile(programme.parent / "voortgang-2021-2022.yaml", other)
    argv = ["report", "--format", "json", "--file", str(programme), "--log", str(other)]
    _, taken = run(invoke, monkeypatch, argv, read_ahead=True)
    assert taken == [False]


def test_progress_add_appends_the_same(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, programme: Path, tmp_path: Path
) -> None:
    """progress add takes the items read ahead too (under its lock, for the bytes it read
    there): the log it writes is the one it writes without (but for the new entry's id)."""
    import re

    # As for a large log (over 256 KiB): no read before the lock, its lines appended.
    monkeypatch.setattr("avp.progress.append.FULL_CHECK_LIMIT", 1024)
    log = programme.parent / "voortgang-2021-2022.yaml"
    before = log.read_bytes()
    argv = ["progress", "add", "1.1.1", "--status", "on_track", "--note", "Gedaan."]
    argv += ["--author", "t", "--date", "2022-06-01", "--file", str(programme)]
    written = []
    for read_ahead in (True, False):
        log.write_bytes(before)
        (code, _, stderr), taken = run(invoke, monkeypatch, argv, read_ahead=read_ahead)
        assert code == 0, stderr
        assert taken == [read_ahead]
        written.append(re.sub(rb"id: [a-z0-9]+", b"id: ?", log.read_bytes()))
    assert written[0] == written[1]
    assert written[0].startswith(before) and len(written[0]) > len(before)
