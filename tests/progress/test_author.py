"""Where the log is (avp.progress.read.log_path_for) and who writes (avp.progress.author)."""

from __future__ import annotations

import errno
import subprocess
from typing import Any

import pytest

from avp.programme.models import Programme
from avp.progress import author
from avp.progress.author import default_author
from avp.progress.read import log_path_for
from tests.progress.helpers import PROGRAMME_PATH, PROGRESS


def test_log_path_is_relative_to_the_programme(programme: Programme) -> None:
    assert log_path_for(PROGRAMME_PATH, programme) == PROGRESS / "voortgang.yaml"
    unnamed = programme.model_copy(
        update={"programme": programme.programme.model_copy(update={"progress_log": None})}
    )
    assert log_path_for(PROGRAMME_PATH, unnamed) is None


def _run_result(stdout: str, returncode: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(["git"], returncode, stdout=stdout, stderr="")


def test_default_author_is_git_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        seen.update(args=args, **kwargs)
        return _run_result("Jan de Vries\n")

    monkeypatch.setattr(subprocess, "run", run)
    assert default_author() == "Jan de Vries"
    assert seen["args"] == ["git", "config", "user.name"]
    assert seen["timeout"] <= 5
    assert "shell" not in seen


@pytest.mark.parametrize(
    "failure",
    [
        FileNotFoundError(errno.ENOENT, "git"),
        subprocess.TimeoutExpired("git", 3),
        _run_result("", returncode=1),
        _run_result("   \n"),
    ],
)
def test_default_author_falls_back_to_the_login(
    monkeypatch: pytest.MonkeyPatch, failure: Any
) -> None:
    def run(*args: Any, **kwargs: Any) -> Any:
        if isinstance(failure, BaseException):
            raise failure
        return failure

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(author.getpass, "getuser", lambda: "jdevries")
    assert default_author() == "jdevries"


def test_default_author_last_resort(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError("no git")

    def no_user() -> str:
        raise KeyError("no user")

    monkeypatch.setattr(subprocess, "run", fail)
    monkeypatch.setattr(author.getpass, "getuser", no_user)
    assert default_author() == "onbekend"
