"""The file lock: one per real file, writers queue with a notice, shared folders, stale locks."""

from __future__ import annotations

import errno
import io
import multiprocessing
import os
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from avp.base.problems import UsageError
from avp.storage import lock as lock_module
from avp.storage.atomic import WriteError
from avp.storage.lock import (
    LockTimeoutError,
    StaleLockError,
    file_lock,
    lock_mode,
    lock_path_for,
    real_path,
)

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits and symlinks")


def test_lock_path_is_a_sibling(tmp_path: Path) -> None:
    assert lock_path_for(tmp_path / "v.yaml") == Path(os.path.realpath(tmp_path)) / "v.yaml.lock"


@POSIX
def test_every_name_of_a_file_shares_one_lock(tmp_path: Path) -> None:
    real = tmp_path / "data" / "voortgang.yaml"
    real.parent.mkdir()
    real.write_text("entries:\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(real)
    (tmp_path / "data-link").symlink_to(real.parent)
    names = [real, tmp_path / "link.yaml", tmp_path / "data-link" / "voortgang.yaml"]
    assert {lock_path_for(n) for n in names} == {real.resolve().with_name("voortgang.yaml.lock")}
    # A link to a log that does not exist yet: the lock of the file it will create.
    (tmp_path / "new-link.yaml").symlink_to(tmp_path / "data" / "nieuw.yaml")
    assert lock_path_for(tmp_path / "new-link.yaml").name == "nieuw.yaml.lock"


@POSIX
@pytest.mark.parametrize("kind", ["self", "pair", "folder"])
def test_a_symlink_loop_is_a_message(tmp_path: Path, kind: str) -> None:
    if kind == "self":
        path = tmp_path / "loop.yaml"
        path.symlink_to(path)
    elif kind == "pair":
        (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
        (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
        path = tmp_path / "a.yaml"
    else:
        (tmp_path / "d").symlink_to(tmp_path / "d")
        path = tmp_path / "d" / "voortgang.yaml"
    with pytest.raises(UsageError, match=r"back to itself \(a loop\); point it at the real file"):
        real_path(path)
    with pytest.raises(UsageError, match="a loop"):
        lock_path_for(path)


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


class _Stderr(io.StringIO):
    """A stderr that tells when something was written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.written = threading.Event()

    def write(self, text: str) -> int:
        self.written.set()
        return super().write(text)


def test_a_waiting_writer_says_so_and_gets_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: writers queue instead of failing, and the wait shows a message."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lock_module, "WAIT_NOTICE", 0.1)
    stderr = _Stderr()
    monkeypatch.setattr("sys.stderr", stderr)
    lock = Path("voortgang.yaml.lock")
    held = threading.Event()

    def hold() -> None:
        with file_lock(lock, timeout=5):
            held.set()
            stderr.written.wait(30)  # until the waiting writer has said it waits

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10)
        with file_lock(lock, timeout=60):
            pass
    finally:
        thread.join()
    assert stderr.getvalue() == (
        "avp: waiting for another avp writing voortgang.yaml (up to 60 s) ...\n"
    )


def test_no_notice_without_a_wait(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with file_lock(tmp_path / "v.yaml.lock", timeout=60):
        pass
    assert capsys.readouterr().err == ""


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


@POSIX
@pytest.mark.parametrize(("folder_mode", "expected"), [(0o2775, 0o664), (0o755, 0o644)])
def test_a_new_lock_file_follows_its_folder_whatever_the_umask(
    tmp_path: Path, folder_mode: int, expected: int
) -> None:
    """Issue 14: in a shared folder (umask 022) the lock file left by the first user
    blocks every other user: a group-writable folder gets a group-writable lock file."""
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    folder.chmod(folder_mode)
    assert lock_mode(folder) == expected
    old_umask = os.umask(0o022)
    try:
        with file_lock(folder / "voortgang.yaml.lock", timeout=1):
            pass
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((folder / "voortgang.yaml.lock").stat().st_mode) == expected


@POSIX
def test_our_own_narrow_lock_file_is_widened_for_the_group(tmp_path: Path) -> None:
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    folder.chmod(0o2775)
    lock = folder / "voortgang.yaml.lock"
    lock.write_text("", encoding="utf-8")
    lock.chmod(0o644)  # left by an avp of before, under umask 022
    with file_lock(lock, timeout=1):
        pass
    assert stat.S_IMODE(lock.stat().st_mode) == 0o664


def _deny_writing(monkeypatch: pytest.MonkeyPatch, *, reading: bool) -> list[int]:
    """os.open as another user's 0644 (``reading``) or 0600 lock file would answer us."""
    real_open = os.open
    flags_seen: list[int] = []

    def as_another_user(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(".lock") and os.path.lexists(path) and not flags & os.O_EXCL:
            flags_seen.append(flags)
            if flags & (os.O_WRONLY | os.O_RDWR) or not reading:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", as_another_user)
    return flags_seen


@POSIX
def test_another_users_read_only_lock_file_is_locked_through_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: a lock file left by the first user in a shared folder with umask 022
    blocks others for good, and the message blames permissions."""
    lock = tmp_path / "voortgang.yaml.lock"
    lock.write_text("", encoding="utf-8")
    lock.chmod(0o444)  # as another user's lock file looks to us (root would write anyway)
    flags_seen = _deny_writing(monkeypatch, reading=True)
    with file_lock(lock, timeout=1):
        assert flags_seen[-1] & (os.O_WRONLY | os.O_RDWR) == 0  # opened for reading
        with pytest.raises(LockTimeoutError), file_lock(lock, timeout=0.2):  # excludes as well
            pass
    with file_lock(lock, timeout=1):
        pass


@POSIX
def test_a_read_only_lock_file_of_our_own_works(tmp_path: Path) -> None:
    lock = tmp_path / "voortgang.yaml.lock"
    lock.write_text("", encoding="utf-8")
    lock.chmod(0o444)
    with file_lock(lock, timeout=1):
        pass


@POSIX
def test_a_lock_file_no_one_may_open_names_its_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = tmp_path / "voortgang.yaml.lock"
    lock.write_text("", encoding="utf-8")
    _deny_writing(monkeypatch, reading=False)
    monkeypatch.setattr(lock_module, "lock_owner", lambda path: "pjansen")
    with pytest.raises(StaleLockError) as info, file_lock(lock, timeout=1):
        pass
    assert "left by pjansen" in info.value.message
    assert "safe to delete when no avp is running" in info.value.message
    assert "folder" not in info.value.message


@POSIX
def test_the_owner_of_a_lock_file_by_name(tmp_path: Path) -> None:
    import pwd

    lock = tmp_path / "v.yaml.lock"
    lock.write_text("", encoding="utf-8")
    assert lock_module.lock_owner(lock) == pwd.getpwuid(os.getuid()).pw_name
    assert lock_module.lock_owner(tmp_path / "gone.lock") == "another user"


def test_unwritable_folder_for_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    monkeypatch.setattr(lock_module._FileLock, "try_acquire", denied)
    with (
        pytest.raises(WriteError, match=r"cannot create the lock file .*permission denied"),
        file_lock(tmp_path / "v.yaml.lock", timeout=0.5),
    ):
        pass


@pytest.mark.skipif(not lock_module.has_flock(), reason="flock is POSIX")
def test_a_file_system_without_flock_uses_filelock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[str] = []

    def no_flock(self: Any) -> bool:
        used.append("flock")
        raise OSError(errno.ENOSYS, "Function not implemented")

    monkeypatch.setattr(lock_module._Flock, "try_acquire", no_flock)
    real = lock_module._FileLock.try_acquire

    def filelock_try(self: Any) -> bool:
        used.append("filelock")
        return real(self)

    monkeypatch.setattr(lock_module._FileLock, "try_acquire", filelock_try)
    with file_lock(tmp_path / "v.yaml.lock", timeout=1):
        pass
    assert used == ["flock", "filelock"]
