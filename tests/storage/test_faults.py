"""Faults while writing, end to end: the log stays intact, no temporary file is left, and
the message says what to do."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Invoke

ADD = ["2.1.1", "--status", "on_track", "--note", "x", "--date", "2022-10-01", "--author", "T"]


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "report" / name, tmp_path / name)
    return tmp_path / "programma.yaml"


def leftovers(directory: Path) -> list[str]:
    return sorted(
        p.name
        for p in directory.iterdir()
        if p.name not in {"programma.yaml", "voortgang.yaml", "voortgang.yaml.lock"}
    )


def add(invoke: Invoke, programme: Path):  # type: ignore[no-untyped-def]
    return invoke(["progress", "add", "-f", str(programme), *ADD])


def test_read_only_directory(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = programme.parent / "voortgang.yaml"
    before = log.read_bytes()
    real_open = os.open

    def read_only(path: object, flags: int, *args: object) -> int:
        if flags & os.O_CREAT and str(path).endswith(".tmp"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    result = add(invoke, programme)
    assert result.exit_code == 2
    assert "read-only" in result.stderr and "Traceback" not in result.output
    assert log.read_bytes() == before
    assert leftovers(programme.parent) == []


def test_permission_denied(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = programme.parent / "voortgang.yaml"
    before = log.read_bytes()
    real_open = os.open

    def denied(path: object, flags: int, *args: object) -> int:
        if flags & os.O_CREAT and str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    result = add(invoke, programme)
    assert result.exit_code == 2
    assert "permission" in result.stderr.lower()
    assert log.read_bytes() == before
    assert leftovers(programme.parent) == []


def test_disk_full(invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = programme.parent / "voortgang.yaml"
    before = log.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = add(invoke, programme)
    assert result.exit_code == 2
    assert "disk full: free space and try again" in result.stderr
    assert log.read_bytes() == before
    assert leftovers(programme.parent) == []


def test_crash_between_writing_and_replacing(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = programme.parent / "voortgang.yaml"
    before = log.read_bytes()

    def crash(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    result = add(invoke, programme)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert log.read_bytes() == before
    assert leftovers(programme.parent) == []


def test_killed_process_leaves_no_half_written_log(programme: Path) -> None:
    """A real process killed right after writing the temporary file, before the replace."""
    log = programme.parent / "voortgang.yaml"
    before = log.read_bytes()
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        import avp.storage.atomic
        def die(*args):
            os._exit(9)  # as if killed: no cleanup, no finally blocks
        avp.storage.atomic._replace = die
        from avp.cli import main
        sys.argv = ["avp", "progress", "add", "-f", {str(programme)!r}, *{ADD!r}]
        main()
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 9
    assert log.read_bytes() == before  # the original is intact
    # the killed process could not clean up its temporary file; the next add works anyway
    retry = subprocess.run(
        [sys.executable, "-m", "avp", "progress", "add", "-f", str(programme), *ADD],
        capture_output=True,
        timeout=60,
    )
    assert retry.returncode == 0, retry.stderr
    assert log.read_bytes().startswith(before)
    assert leftovers(programme.parent) == []  # the next writer removed the leftover


def test_stale_lock_of_a_killed_process(programme: Path) -> None:
    log = programme.parent / "voortgang.yaml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time, filelock, sys; "
            f"l = filelock.FileLock({str(log) + '.lock'!r}); l.acquire(); "
            "print('locked', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
    holder.kill()
    holder.wait()
    assert (programme.parent / "voortgang.yaml.lock").exists()
    done = subprocess.run(
        [sys.executable, "-m", "avp", "progress", "add", "-f", str(programme), *ADD],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO (POSIX)")
@pytest.mark.parametrize("command", [["list"], ["validate"], ["progress", "add", *ADD]])
def test_a_log_that_is_not_a_regular_file(
    invoke: Invoke, programme: Path, command: list[str]
) -> None:
    """A log named '../x' that is a pipe (or a device) would be read without end."""
    log = programme.parent / "voortgang.yaml"
    log.unlink()
    os.mkfifo(log)
    result = invoke([*command, "-f", str(programme)])
    assert result.exit_code == 2
    assert "not a regular file" in result.output


def test_a_programme_that_is_a_device(invoke: Invoke) -> None:
    device = Path(os.devnull)
    if not device.exists() or os.name == "nt":
        pytest.skip("no device file to point at")
    result = invoke(["list", "-f", str(device)])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
