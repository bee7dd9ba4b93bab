"""A large log's items read by a second process while the programme is read."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from avp.base.text import holds_no_bad_characters
from avp.storage import ahead
from avp.yamlio.loader import load_items

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="read ahead on Linux only")


@pytest.fixture(autouse=True)
def _any_size(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(ahead, "MIN_BYTES", 0)
    monkeypatch.setattr(ahead, "PIECE_ITEMS", 7)  # several pieces
    # A machine of one core reads nothing ahead: the tests have two wherever they run.
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    yield
    ahead.cancel()


def log_text(entries: int, note: str = "controle gedaan") -> str:
    lines = ["# voortgang\n", "entries:\n"]
    for n in range(entries):
        lines += [
            f"  - id: e{n:07d}\n",
            f"    measure: 1.1.{n % 9 + 1}\n",
            f"    date: 2022-0{n % 9 + 1}-1{n % 9}\n",
            "    status: on_track\n",
            f"    note: {note} {n}\n",
            "    author: Jan\n",
        ]
    return "".join(lines)


def write(tmp_path: Path, text: str) -> tuple[Path, bytes]:
    path = tmp_path / "voortgang.yaml"
    path.write_text(text, encoding="utf-8")
    return path, path.read_bytes()


def no_child_left(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_items_are_what_the_file_reads_as(tmp_path: Path) -> None:
    path, raw = write(tmp_path, log_text(50))
    ahead.begin(path)
    pending = ahead._pending
    assert pending is not None and pending.pid != os.getpid()
    taken = ahead.take(path, raw)
    assert taken is not None
    text = raw.decode("utf-8")
    assert taken == (load_items(text, "v"), holds_no_bad_characters(text))
    assert no_child_left(pending.pid)
    assert ahead.take(path, raw) is None  # taken once


def test_a_log_not_written_as_avp_writes_it_is_read_whole(tmp_path: Path) -> None:
    text = log_text(20) + '  - measure: 1.1.1\n    date: 2022-01-01\n    note: "een\n      twee"\n'
    path, raw = write(tmp_path, text)
    ahead.begin(path)
    assert ahead.take(path, raw) == (load_items(text, "v"), True)


def test_an_escape_makes_the_text_unclean(tmp_path: Path) -> None:
    text = log_text(5) + '  - measure: 1.1.1\n    date: 2022-01-01\n    note: "a\\x07"\n'
    path, raw = write(tmp_path, text)
    ahead.begin(path)
    taken = ahead.take(path, raw)
    assert taken is not None and taken[1] is False


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path, raw = write(tmp_path, log_text(30))
    ahead.begin(path)
    changed = raw.replace(b"Jan", b"Els", 1)
    assert ahead.take(path, changed) is None


@pytest.mark.parametrize(
    "text",
    [
        "entries:\n  - measure: [1.1.1\n",  # not YAML
        "<<<<<<< HEAD\nentries:\n  - measure: 1.1.1\n=======\n>>>>>>> x\n",  # a conflict
        "entries: 3\n",  # no list
        "entries:\n  - measure: 1.1.1\nother: x\n",  # more than entries
    ],
)
def test_what_the_child_cannot_read_is_left_to_the_command(tmp_path: Path, text: str) -> None:
    path, raw = write(tmp_path, text)
    ahead.begin(path)
    pid = ahead._pending.pid  # type: ignore[union-attr]
    assert ahead.take(path, raw) is None
    assert no_child_left(pid)


def test_not_utf8_is_left_to_the_command(tmp_path: Path) -> None:
    path = tmp_path / "voortgang.yaml"
    path.write_bytes(log_text(3).encode("utf-16"))
    ahead.begin(path)
    assert ahead.take(path, path.read_bytes()) is None


def test_another_log_stops_the_first(tmp_path: Path) -> None:
    first, _ = write(tmp_path, log_text(10))
    second = tmp_path / "andere.yaml"
    second.write_text(log_text(10), encoding="utf-8")
    ahead.begin(first)
    pid = ahead._pending.pid  # type: ignore[union-attr]
    ahead.begin(first)  # the same one: kept
    assert ahead._pending is not None and ahead._pending.pid == pid
    ahead.begin(second)
    assert no_child_left(pid)
    assert ahead.take(first, first.read_bytes()) is None
    assert ahead.take(second, second.read_bytes()) is not None


def test_cancel_stops_and_reaps_the_child(tmp_path: Path) -> None:
    path, _ = write(tmp_path, log_text(10))
    ahead.begin(path)
    pid = ahead._pending.pid  # type: ignore[union-attr]
    ahead.cancel()
    assert ahead._pending is None
    assert no_child_left(pid)


@pytest.mark.parametrize("why", ["small", "windows", "thread", "off", "missing"])
def test_no_child_when_it_does_not_pay_or_is_not_safe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    path, raw = write(tmp_path, log_text(10))
    stop = threading.Event()
    if why == "small":
        monkeypatch.setattr(ahead, "MIN_BYTES", len(raw) + 1)
    elif why == "windows":
        monkeypatch.setattr(sys, "platform", "win32")
    elif why == "thread":
        threading.Thread(target=stop.wait, daemon=True).start()
    elif why == "missing":
        path = tmp_path / "nergens.yaml"
    try:
        if why == "off":
            with ahead.off():
                ahead.begin(path)
        else:
            ahead.begin(path)
        assert ahead._pending is None
    finally:
        stop.set()


def test_one_core_reads_nothing_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = write(tmp_path, log_text(10))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    ahead.begin(path)
    assert ahead._pending is None


def test_a_child_reaped_by_someone_else_is_left_to_the_command(tmp_path: Path) -> None:
    """A program that ignores SIGCHLD has its children reaped for it: nothing to wait for,
    nothing known about how the child ended, so nothing it read is used."""
    path, raw = write(tmp_path, log_text(10))
    ahead.begin(path)
    os.waitpid(ahead._pending.pid, 0)  # type: ignore[union-attr]
    assert ahead.take(path, raw) is None


def test_work_meanwhile_is_done_before_the_wait_for_a_child(tmp_path: Path) -> None:
    path, raw = write(tmp_path, log_text(30))
    done: list[str] = []
    ahead.begin(path)
    pending = ahead._pending
    assert pending is not None
    ahead.meanwhile(lambda: done.append("imported" if not no_child_left(pending.pid) else ""))
    assert ahead.take(path, raw) is not None
    assert done == ["imported"]  # once, while the child was not yet reaped


def test_work_meanwhile_is_dropped_without_a_child(tmp_path: Path) -> None:
    """Without a child the command does that work where it needs it: the task is not
    kept for a later log either."""
    path, raw = write(tmp_path, log_text(30))
    done: list[int] = []
    task = lambda: done.append(1)  # noqa: E731
    ahead.meanwhile(task)
    ahead.meanwhile(task)
    assert ahead._meanwhile == [task]  # once
    assert ahead.take(path, raw) is None
    ahead.begin(path)
    assert ahead.take(path, raw) is not None
    assert done == []
