"""Reading a file as it was at a git revision, with plain reasons when that cannot be done."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from avp.base.problems import UsageError
from avp.storage import files
from avp.storage.files import display_path

#: Seconds any one git command may take.
TIMEOUT = 30


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in ``cwd``; UsageError when git cannot be run at all."""
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=TIMEOUT,
            # No pager, no prompt for credentials, and git's own messages in English.
            env={**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise UsageError(
            "git is not installed (or not on PATH); --rev needs git: install it, or compare "
            "two files: avp diff OLD NEW"
        ) from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git did not answer within {TIMEOUT} seconds") from None
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc.strerror or exc}") from None


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    """git's last line on stderr, without its ``fatal:`` prefix."""
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].removeprefix("fatal: ").strip() if lines else f"exit code {done.returncode}"


def read_at_revision(path: Path, revision: str) -> tuple[bytes, str]:
    """The bytes of ``path`` as committed at ``revision`` (a commit, branch, tag,
    ``HEAD~3``), and the name to show for them, ``REV:path/in/repository``.

    UsageError (exit 2) when git is missing, the file is not in a git repository, the
    revision does not exist, or the file is not in it.
    """
    shown = display_path(path)
    if not revision.strip() or revision.startswith("-"):
        raise UsageError(
            f"--rev {revision!r} is not a revision; give e.g. HEAD~1, a tag or a commit"
        )
    directory = files.resolved(path).parent
    if not directory.is_dir():
        raise UsageError(f"{shown}: no such directory")
    done = _git(["rev-parse", "--show-prefix"], directory)
    if done.returncode != 0:
        reason = _said(done)
        if "not a git repository" in reason.lower():
            raise UsageError(
                f"{shown} is not in a git repository; --rev reads the file from git's history"
            )
        raise UsageError(f"git cannot read the repository of {shown}: {reason}")
    prefix = os.fsdecode(done.stdout).strip()
    in_repository = f"{prefix}{files.resolved(path).name}"
    done = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], directory)
    if done.returncode != 0:
        raise UsageError(
            f"unknown revision {revision!r} in the repository of {shown}; "
            "give a commit, branch or tag (git log lists them)"
        )
    commit = os.fsdecode(done.stdout).strip()
    done = _git(["cat-file", "-s", f"{commit}:{in_repository}"], directory)
    size = os.fsdecode(done.stdout).strip()
    if done.returncode == 0 and size.isdigit() and int(size) > files.MAX_BYTES:
        raise files.Unreadable(f"{revision}:{in_repository}", files.too_big(int(size)))
    done = _git(["cat-file", "blob", f"{commit}:{in_repository}"], directory)
    if done.returncode != 0:
        raise UsageError(
            f"{in_repository} is not a file in revision {revision} (it did not exist then)"
        )
    return done.stdout, f"{revision}:{in_repository}"
