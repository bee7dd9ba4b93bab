"""An append that cannot or may not happen says so: interrupted, read-only, hard-linked."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from avp.programme.models import Programme
from avp.progress.append import AppendInterrupted, append_entry
from avp.storage.atomic import WriteError
from avp.storage.interrupt import Terminated
from avp.storage.lock import file_lock, lock_path_for
from tests.conftest import Invoke
from tests.progress.helpers import GOLDEN, PROGRAMME_PATH, debris, entry

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX signals and permission bits")

ADD = (
    "progress",
    "add",
    "1.1.1",
    "--status",
    "on_track",
    "--note",
    "Onderbroken of niet.",
    "--date",
    "2022-03-14",
    "--author",
    "T. Tester",
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A programme and its log in a folder of their own; the log."""
    shutil.copy(PROGRAMME_PATH, tmp_path / "programma.yaml")
    shutil.copy(GOLDEN, tmp_path / "voortgang.yaml")
    return tmp_path / "voortgang.yaml"


def _interrupt_replace(
    monkeypatch: pytest.MonkeyPatch, log: Path, raised: Callable[[], BaseException], *, after: bool
) -> None:
    """os.replace of the log raises ``raised()``, before or after it replaced the file."""
    real_replace = os.replace

    def interrupted(source: Any, target: Any) -> None:
        if Path(target).name != log.name:
            real_replace(source, target)
            return
        if after:
            real_replace(source, target)
        raise raised()

    monkeypatch.setattr(os, "replace", interrupted)


@pytest.mark.parametrize(
    ("raised", "code"), [(KeyboardInterrupt, 130), (Terminated, 128 + int(signal.SIGTERM))]
)
@pytest.mark.parametrize("after", [False, True], ids=["before-replace", "after-replace"])
def test_an_interrupted_add_says_whether_the_entry_was_written(
    invoke: Invoke,
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    raised: Callable[[], BaseException],
    code: int,
    after: bool,
) -> None:
    """Issue 14: an interrupted add says nothing, though 4 of 120 had written the entry."""
    before = project.read_bytes()
    _interrupt_replace(monkeypatch, project, raised, after=after)
    result = invoke([*ADD, "-f", project.parent / "programma.yaml"])
    assert result.exit_code == code
    if after:
        assert "avp: interrupted; the entry WAS added to " in result.stderr
        assert project.read_bytes().startswith(before)
        assert project.read_text(encoding="utf-8").count("Onderbroken of niet.") == 1
    else:
        assert "avp: interrupted; the entry was not added: " in result.stderr
        assert result.stderr.rstrip().endswith("voortgang.yaml is unchanged")
        assert project.read_bytes() == before
    assert "Traceback" not in result.output
    assert debris(project.parent) == []


def test_the_library_raises_append_interrupted(
    project: Path, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt_replace(monkeypatch, project, KeyboardInterrupt, after=True)
    with pytest.raises(AppendInterrupted) as info:
        append_entry(project, entry(note="Onderbroken."), programme)
    assert (info.value.added, info.value.exit_code) == (True, 130)


@POSIX
def test_sigterm_while_waiting_for_the_lock_says_nothing_was_added(project: Path) -> None:
    """Issue 14: an interrupted add says nothing (a real process, a real SIGTERM; Ctrl-C
    takes the same way, tested above)."""
    signum, code = signal.SIGTERM, 128 + int(signal.SIGTERM)
    before = project.read_bytes()
    env = {**os.environ, "AVP_FILE": str(project.parent / "programma.yaml")}
    env.pop("AVP_LOCK_TIMEOUT", None)
    errors = project.parent / "stderr.txt"
    with file_lock(lock_path_for(project), timeout=5), errors.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "avp", *ADD],
            cwd=project.parent,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + 120
            while "waiting for another avp" not in errors.read_text(encoding="utf-8"):
                if process.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            process.send_signal(signum)
            process.wait(60)
        finally:
            if process.poll() is None:  # pragma: no cover - only when the test fails
                process.kill()
                process.wait()
    text = errors.read_text(encoding="utf-8")
    assert process.returncode == code, text
    assert "interrupted; the entry was not added: voortgang.yaml is unchanged" in text
    assert project.read_bytes() == before


@POSIX
def test_a_read_only_log_is_not_replaced(invoke: Invoke, project: Path) -> None:
    """Issue 14: a read-only log is replaced anyway."""
    before = project.read_bytes()
    project.chmod(0o444)
    result = invoke([*ADD, "-f", project.parent / "programma.yaml"])
    assert result.exit_code == WriteError.exit_code
    assert "voortgang.yaml: the file is read-only for you; nothing was written" in result.stderr
    assert project.read_bytes() == before
    assert project.stat().st_mode & 0o777 == 0o444


def test_a_hard_linked_log_is_not_split_from_its_twin(invoke: Invoke, project: Path) -> None:
    """Issue 14: a hard-linked log is silently split from its twin."""
    twin = project.with_name("voortgang-kopie.yaml")
    os.link(project, twin)
    before = project.read_bytes()
    result = invoke([*ADD, "-f", project.parent / "programma.yaml"])
    assert result.exit_code == WriteError.exit_code
    assert "(here: voortgang-kopie.yaml) (a hard link)" in result.stderr
    assert project.read_bytes() == twin.read_bytes() == before
    assert project.samefile(twin)


@POSIX
def test_a_log_that_is_a_symlink_loop_is_a_message(invoke: Invoke, project: Path) -> None:
    project.unlink()
    project.symlink_to(project)
    result = invoke([*ADD, "-f", project.parent / "programma.yaml"])
    assert result.exit_code != 0
    assert "leads back to itself (a loop)" in result.stderr
    assert "Traceback" not in result.output


def test_wait_is_an_option_and_a_setting(
    invoke: Invoke, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[float] = []
    real = append_entry

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["timeout"])
        return real(*args, **kwargs)

    monkeypatch.setattr("avp.progress.append.append_entry", spy)
    programme = project.parent / "programma.yaml"
    assert invoke([*ADD, "-f", programme]).exit_code == 0
    assert invoke([*ADD, "-f", programme, "--wait", "2.5"]).exit_code == 0
    monkeypatch.setenv("AVP_LOCK_TIMEOUT", "7")
    assert invoke([*ADD, "-f", programme]).exit_code == 0
    assert seen == [60.0, 2.5, 7.0]
    result = invoke([*ADD, "-f", programme, "--wait", "-1"])
    assert result.exit_code == 2


def test_ctrl_c_while_the_added_entry_is_shown_says_it_was_added(
    invoke: Invoke, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C after the log was replaced, while `progress add` prints the entry: the
    message says the entry WAS added (it is in the log), exit 130, no traceback."""
    import avp.render.output

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(avp.render.output, "emit", interrupted)
    result = invoke([*ADD, "-f", project.parent / "programma.yaml"])
    assert result.exit_code == 130
    assert result.stderr.rstrip().endswith(f"avp: interrupted; the entry WAS added to {project}")
    assert project.read_text(encoding="utf-8").count("Onderbroken of niet.") == 1
    assert "Traceback" not in result.output
