"""Atomic writes: the old file survives every failure, no debris; read-only and
hard-linked files are refused."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from avp.base.problems import AvpError
from avp.storage import atomic
from avp.storage.atomic import WriteError, write_atomic

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


# --- files that must not be replaced ---------------------------------------------------------


@POSIX
def test_a_read_only_file_is_not_replaced(target: Path) -> None:
    """Issue 14: a read-only log is replaced anyway (the folder is writable)."""
    target.chmod(0o444)
    with pytest.raises(WriteError, match="read-only for you; nothing was written"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == ORIGINAL
    assert _debris(target.parent) == []


def test_a_file_we_may_not_write_is_not_replaced(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another user's 0644 file, or the read-only attribute on Windows: os.access says no.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real_access(p, mode)
    )
    with pytest.raises(WriteError, match="read-only for you"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == ORIGINAL


def test_a_hard_linked_file_is_not_split_from_its_twin(target: Path) -> None:
    """Issue 14: a hard-linked log is silently split from its twin."""
    twin = target.with_name("kopie.yaml")
    os.link(target, twin)
    with pytest.raises(WriteError) as info:
        write_atomic(target, b"new\n")
    message = info.value.message
    assert "has 1 other name(s) (here: kopie.yaml) (a hard link)" in message
    assert "nothing was written" in message
    assert target.read_bytes() == twin.read_bytes() == ORIGINAL
    assert target.samefile(twin)
    assert _debris(target.parent) == []


def test_a_hard_link_elsewhere_is_refused_too(target: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    os.link(target, elsewhere / "v.yaml")
    with pytest.raises(WriteError, match=r"1 other name\(s\) elsewhere"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == ORIGINAL
