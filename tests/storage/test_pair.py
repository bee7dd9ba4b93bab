"""avp.storage.pair: two files replaced together, or both as they were after any failure."""

from __future__ import annotations

import errno
import os
import signal
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from avp.base.problems import AvpError
from avp.storage import pair
from avp.storage.atomic import WriteError
from avp.storage.pair import HalfWrittenError, interrupts_held, replace_pair

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits and signals")
FIRST, SECOND = b"entries:\r\n  - old\r\n", b"fields:\n  - old\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "log.yaml", tmp_path / "programme.yaml"
    first.write_bytes(FIRST)
    second.write_bytes(SECOND)
    return first, second


def debris(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def unchanged(first: Path, second: Path) -> None:
    assert (first.read_bytes(), second.read_bytes()) == (FIRST, SECOND)
    assert debris(first.parent) == []


def failing_replace(monkeypatch: pytest.MonkeyPatch, fail_on: int, exc: BaseException) -> None:
    """os.replace that raises ``exc`` on its ``fail_on``-th call (1-based)."""
    real = os.replace
    calls = []

    def replace(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == fail_on:
            raise exc
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_both_are_replaced(files: tuple[Path, Path]) -> None:
    first, second = files
    replace_pair(first, b"new log\n", second, b"new programme\n")
    assert (first.read_bytes(), second.read_bytes()) == (b"new log\n", b"new programme\n")
    assert debris(first.parent) == []


@POSIX
def test_permissions_and_symlinks(files: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = files
    first.chmod(0o640)
    second.chmod(0o604)
    link = tmp_path / "link.yaml"
    link.symlink_to(second)
    replace_pair(first, b"a\n", link, b"b\n")
    assert link.is_symlink() and second.read_bytes() == b"b\n"
    assert stat.S_IMODE(first.stat().st_mode) == 0o640
    assert stat.S_IMODE(second.stat().st_mode) == 0o604


@pytest.mark.parametrize(
    "exc", [OSError(errno.EIO, "Input/output error"), KeyboardInterrupt(), RuntimeError("x")]
)
def test_a_failing_second_replace_puts_the_first_back(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    first, second = files
    failing_replace(monkeypatch, 2, exc)
    with pytest.raises(WriteError if isinstance(exc, OSError) else type(exc)) as info:
        replace_pair(first, b"new log\n", second, b"new programme\n")
    unchanged(first, second)
    if isinstance(exc, OSError):
        assert "neither file was changed" in str(info.value)


def test_an_interrupt_between_the_two_replaces(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = files
    real = pair._replace
    done: list[Path] = []

    def replace_then_interrupted(source: Path, target: Path) -> None:
        real(source, target)
        done.append(target)
        if len(done) == 1:
            assert first.read_bytes() == b"new log\n"  # the first is replaced ...
            raise KeyboardInterrupt  # ... and then Ctrl-C

    monkeypatch.setattr(pair, "_replace", replace_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_pair(first, b"new log\n", second, b"new programme\n")
    unchanged(first, second)


def test_without_hard_links_the_backup_is_a_copy(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = files

    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    failing_replace(monkeypatch, 3, OSError(errno.EIO, "Input/output error"))  # 1: the copy
    with pytest.raises(WriteError):
        replace_pair(first, b"new log\n", second, b"new programme\n")
    unchanged(first, second)


@pytest.mark.parametrize("fail_on", [1, 2])
def test_a_failure_before_any_replace_changes_nothing(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, fail_on: int
) -> None:
    first, second = files
    real = os.fsync
    calls = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == fail_on:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError, match="disk full"):
        replace_pair(first, b"new log\n", second, b"new programme\n")
    unchanged(first, second)


def test_before_replace_can_abort(files: tuple[Path, Path]) -> None:
    first, second = files

    def refuse() -> None:
        raise AvpError("changed meanwhile")

    with pytest.raises(AvpError, match="changed meanwhile"):
        replace_pair(first, b"new log\n", second, b"new programme\n", before_replace=refuse)
    unchanged(first, second)


def test_when_even_putting_back_fails_the_backup_is_kept_and_named(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = files
    real = os.replace
    calls: list[object] = []

    def replace(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) >= 2:  # the second file, and then putting the first back
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(HalfWrittenError) as info:
        replace_pair(first, b"new log\n", second, b"new programme\n")
    (backup,) = [p for p in first.parent.iterdir() if p.name.endswith(pair.BACKUP_SUFFIX)]
    assert backup.read_bytes() == FIRST
    assert backup.name in info.value.message and "by hand" in info.value.message
    assert (first.read_bytes(), second.read_bytes()) == (b"new log\n", SECOND)
    assert not [p for p in first.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_directory_is_refused(files: tuple[Path, Path], tmp_path: Path) -> None:
    first, _ = files
    with pytest.raises(WriteError, match="not a regular file"):
        replace_pair(first, b"x", tmp_path, b"y")
    assert first.read_bytes() == FIRST


@POSIX
def test_ctrl_c_is_held_back_until_after_the_block() -> None:
    reached: list[str] = []
    with pytest.raises(KeyboardInterrupt), interrupts_held():
        os.kill(os.getpid(), signal.SIGINT)
        reached.append("after the signal")
    assert reached == ["after the signal"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@POSIX
def test_ctrl_c_during_replace_pair_comes_after_both(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = files
    real: Callable[[Path, Path], None] = pair._replace

    def replace_and_press_ctrl_c(source: Path, target: Path) -> None:
        real(source, target)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(pair, "_replace", replace_and_press_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        replace_pair(first, b"new log\n", second, b"new programme\n")
    assert (first.read_bytes(), second.read_bytes()) == (b"new log\n", b"new programme\n")
    assert debris(first.parent) == []


def test_a_hard_linked_file_is_refused_and_neither_changes(files: tuple[Path, Path]) -> None:
    first, second = files
    os.link(second, second.with_name("tweeling.yaml"))
    with pytest.raises(WriteError, match="other name"):
        replace_pair(first, b"x", second, b"y")
    assert first.read_bytes() == FIRST
