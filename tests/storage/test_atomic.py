"""Atomic writes and the file lock: the old file survives every failure, no debris."""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from avp.base.problems import AvpError
from avp.storage import atomic
from avp.storage.atomic import WriteError, write_atomic
from avp.storage.lock import LockTimeoutError, file_lock, lock_path_for

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
ORIGINAL = b"entries:\r\n  - old\r\n"


def _debris(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(atomic.TEMP_SUFFIX))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "log.yaml"
    path.write_bytes(ORIGINAL)
    return path


def test_replaces_content(target: Path) -> None:
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert _debris(target.parent) == []


def test_creates_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    write_atomic(path, b"x\n")
    assert path.read_bytes() == b"x\n"


@POSIX
def test_keeps_permission_bits(target: Path) -> None:
    target.chmod(0o640)
    write_atomic(target, b"new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@POSIX
def test_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.yaml", b"x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640


@POSIX
def test_writes_through_a_symlink_to_its_target(target: Path) -> None:
    link = target.parent / "link.yaml"
    link.symlink_to(target.name)
    write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"new\n"


def test_failure_to_replace_leaves_the_original(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError) as info:
        write_atomic(target, b"new\n")
    assert target.read_bytes() == ORIGINAL
    assert _debris(target.parent) == []
    assert "the file was not changed" in info.value.message


def test_disk_full_during_write_says_what_to_do(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError) as info:
        write_atomic(target, b"new\n")
    assert isinstance(info.value, AvpError)
    assert "disk full: free space and try again" in info.value.message
    assert target.read_bytes() == ORIGINAL
    assert _debris(target.parent) == []


def test_interrupt_removes_the_temporary_file(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == ORIGINAL
    assert _debris(target.parent) == []


def test_before_replace_can_abort(target: Path) -> None:
    def changed() -> None:
        raise AvpError("changed meanwhile")

    with pytest.raises(AvpError, match="changed meanwhile"):
        write_atomic(target, b"new\n", before_replace=changed)
    assert target.read_bytes() == ORIGINAL
    assert _debris(target.parent) == []


def test_replace_is_retried_while_another_program_holds_the_file(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace
    calls: list[int] = []

    def busy_twice(src: str, dst: str) -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise PermissionError(errno.EACCES, "used by another process")
        real_replace(src, dst)

    monkeypatch.setattr(atomic, "REPLACE_ATTEMPTS", 3)
    monkeypatch.setattr(atomic, "REPLACE_DELAY", 0.001)
    monkeypatch.setattr(os, "replace", busy_twice)
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert len(calls) == 3


def test_replace_gives_up_with_advice(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "used by another process")

    monkeypatch.setattr(atomic, "REPLACE_ATTEMPTS", 2)
    monkeypatch.setattr(atomic, "REPLACE_DELAY", 0.001)
    monkeypatch.setattr(os, "replace", busy)
    with pytest.raises(WriteError, match="open in another program: close it"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == ORIGINAL
    assert _debris(target.parent) == []


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="the folder does not exist"):
        write_atomic(tmp_path / "nope" / "log.yaml", b"x\n")


# --- the lock ------------------------------------------------------------------------------


def test_lock_path_is_a_sibling(tmp_path: Path) -> None:
    assert lock_path_for(tmp_path / "v.yaml") == tmp_path / "v.yaml.lock"


def test_lock_held_by_another_thread_times_out(tmp_path: Path) -> None:
    lock = tmp_path / "v.yaml.lock"
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with file_lock(lock, timeout=5):
            held.set()
            done.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10)
        started = time.monotonic()
        with (
            pytest.raises(LockTimeoutError, match="busy; come back"),
            file_lock(lock, timeout=0.2, busy_message="busy; come back"),
        ):
            pass
        assert time.monotonic() - started < 5
    finally:
        done.set()
        thread.join()
    with file_lock(lock, timeout=1):  # free again
        pass


def _hold_lock(lock: str, held: Any, done: Any) -> None:
    from avp.storage.lock import file_lock

    with file_lock(Path(lock), timeout=5):
        held.set()
        done.wait(30)


def test_lock_held_by_another_process_times_out(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    lock = tmp_path / "v.yaml.lock"
    held, done = context.Event(), context.Event()
    process = context.Process(target=_hold_lock, args=(str(lock), held, done))
    process.start()
    try:
        assert held.wait(60), "the helper process did not take the lock"
        with pytest.raises(LockTimeoutError), file_lock(lock, timeout=0.3):
            pass
    finally:
        done.set()
        process.join(60)
    assert process.exitcode == 0
    with file_lock(lock, timeout=1):
        pass


def test_a_leftover_lock_file_does_not_block(tmp_path: Path) -> None:
    # A process killed while holding the lock leaves the file; the OS lock died with it.
    lock = tmp_path / "v.yaml.lock"
    lock.write_text("12345\n", encoding="utf-8")
    with file_lock(lock, timeout=0.5):
        pass


def test_unwritable_folder_for_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import filelock

    def denied(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(filelock.FileLock, "acquire", denied)
    with (
        pytest.raises(WriteError, match=r"cannot create the lock file .*permission denied"),
        file_lock(tmp_path / "v.yaml.lock", timeout=0.5),
    ):
        pass


def test_replace_is_retried_on_windows_only() -> None:
    attempts = atomic.REPLACE_ATTEMPTS
    assert attempts == (8 if os.name == "nt" else 1)


def test_writes_data_given_in_parts(target: Path) -> None:
    write_atomic(target, [b"eerste ", b"", b"tweede\n"])
    assert target.read_bytes() == b"eerste tweede\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_is_not_replaced_by_a_file(tmp_path: Path) -> None:
    pipe = tmp_path / "pijp"
    os.mkfifo(pipe)
    with pytest.raises(WriteError, match="it is not a regular file; give the path of a file"):
        write_atomic(pipe, b"x")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert _debris(tmp_path) == []
