"""Git as a workflow: two branches each run the real ``avp progress add``, and a real
``git merge`` with the .gitattributes ``avp init`` writes keeps every entry whole."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Invoke

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

LOG = "voortgang-2025-2026.yaml"
PROGRAMME = "programma-2025-2026.yaml"
INIT = [
    "--municipality",
    "Voorbeeld",
    "--start",
    "2025",
    "--end",
    "2026",
    "--adopted",
    "2025-02-11",
]
Git = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def repo(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Git:
    """A git repository made by ``avp init`` (its .gitattributes included), holding the
    targets fixture's programme (measure 1.1.1: a count of 2 a year) and an empty log;
    committed on the branch ``base``. Returns a function that runs git in it."""
    assert invoke(["init", "repo", *INIT]).exit_code == 0
    folder = tmp_path / "repo"
    text = (FIXTURES / "targets" / "programma.yaml").read_text(encoding="utf-8")
    text = text.replace("progress_log: voortgang.yaml", f"progress_log: {LOG}")
    (folder / PROGRAMME).write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    for role in ("AUTHOR", "COMMITTER"):
        env |= {f"GIT_{role}_NAME": "t", f"GIT_{role}_EMAIL": "t@example.org"}

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=False
        )

    monkeypatch.chdir(folder)
    assert git("init", "-q").returncode == 0
    git("add", "-A")
    assert git("commit", "-qm", "init").returncode == 0
    git("branch", "-q", "base")
    return git


def merge(invoke: Invoke, git: Git, ours: list[list[str]], theirs: list[list[str]]) -> str:
    """Each branch (from ``base``) runs ``avp progress add`` with each list of arguments and
    commits; 'mine' merges 'other'. Returns the merged log's text."""
    for branch, adds in (("other", theirs), ("mine", ours)):
        assert git("checkout", "-q", "-b", branch, "base").returncode == 0
        for args in adds:
            added = invoke(["progress", "add", *args])
            assert added.exit_code == 0, added.output
        assert git("commit", "-qam", branch).returncode == 0
    merged = git("merge", "--no-edit", "other")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    return Path(LOG).read_text(encoding="utf-8")


def validate(invoke: Invoke, *options: str) -> tuple[int, list[dict[str, Any]]]:
    result = invoke(["validate", *options, "--format", "json", LOG])
    return result.exit_code, json.loads(result.stdout)


def achieved(invoke: Invoke) -> Any:
    """What avp targets counts for measure 1.1.1's target in 2022."""
    result = invoke(["targets", "--as-of", "2022-12-31", "--format", "json"])
    assert result.exit_code == 0, result.output
    (row,) = [r for r in json.loads(result.stdout) if r["measure"] == "1.1.1"]
    return row["achieved"], row["verdict"]


SAME = [
    "1.1.1", "--count", "1", "--date", "2022-05-20", "--author", "J. de Vries",
    "--note", "Integrale bedrijvencontrole Oostvoorne.",
]  # fmt: skip


def test_the_same_entry_added_on_two_branches_is_kept_twice(invoke: Invoke, repo: Git) -> None:
    """Issue 14: Data lost (c): two officers add the same entry on two git branches: the
    merge keeps one, a count is lost. Now both are kept, a count target counts both, and
    validate warns that they may record the same thing twice."""
    log = merge(invoke, repo, [SAME], [SAME])
    assert "<<<<<<<" not in log
    lines = [line for line in log.splitlines() if line.startswith("  - ")]
    assert len(lines) == 2
    assert len({re.match(r"  - \{id: ([a-z0-9]+),", line).group(1) for line in lines}) == 2  # type: ignore[union-attr]
    code, problems = validate(invoke)
    assert code == 0
    assert [(p["rule"], p["level"]) for p in problems] == [("duplicate-entry", "warning")]
    assert "except for its id" in problems[0]["message"]
    assert "two git branches" in problems[0]["message"]
    assert validate(invoke, "--strict")[0] == 1  # a warning: --strict makes it count
    assert achieved(invoke) == (2, "met")


def test_two_same_day_entries_by_one_author_merge_whole(invoke: Invoke, repo: Git) -> None:
    """The case the issue names: same day, same author, other notes. A multi-line entry
    lost its author line in the merge; one-line entries come through whole."""
    day = ["1.1.1", "--count", "1", "--date", "2022-05-20", "--author", "J. de Vries"]
    log = merge(invoke, repo, [[*day, "--note", "Een."]], [[*day, "--note", "Twee."]])
    assert validate(invoke, "--strict") == (0, [])
    notes = [re.search(r'note: "([^"]*)"', line) for line in log.splitlines()]
    assert sorted(n.group(1) for n in notes if n) == ["Een.", "Twee."]
    assert achieved(invoke) == (2, "met")


def test_several_entries_per_side(invoke: Invoke, repo: Git) -> None:
    """Three adds on each branch, alike in measure, date and author: all six survive."""

    def adds(side: str) -> list[list[str]]:
        return [
            ["1.1.1", "--status", "on_track", "--date", "2022-06-01", "--author", "A. Bakker",
             "--note", f"{side} {n}: overleg\nmet de wijkagent."]
            for n in range(3)
        ]  # fmt: skip

    log = merge(invoke, repo, adds("mijn"), adds("ander"))
    assert validate(invoke, "--strict") == (0, [])
    result = invoke(["progress", "list", "1.1.1", "--format", "json"])
    notes = sorted(e["note"] for e in json.loads(result.stdout))
    expected = sorted(
        f"{side} {n}: overleg\nmet de wijkagent." for side in ("mijn", "ander") for n in range(3)
    )
    assert notes == expected
    assert log.count("\n  - {id: ") == 6


def test_conflict_markers_say_what_happened_and_what_to_do(invoke: Invoke, repo: Git) -> None:
    """Without merge=union git leaves conflict markers in the log: every command names
    the line, says a merge left them and what to do, and exits non-zero."""
    attributes = Path(".gitattributes")
    attributes.write_text(
        attributes.read_text(encoding="utf-8").replace(" merge=union", ""), encoding="utf-8"
    )
    assert repo("commit", "-qam", "no union").returncode == 0
    repo("branch", "-qf", "base")
    for branch, note in (("other", "Een."), ("mine", "Twee.")):
        assert repo("checkout", "-q", "-b", branch, "base").returncode == 0
        assert invoke(["progress", "add", *SAME[:-1], note]).exit_code == 0
        assert repo("commit", "-qam", branch).returncode == 0
    assert repo("merge", "--no-edit", "other").returncode != 0
    text = Path(LOG).read_text(encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("<<<<<<<")))
    for args in (["validate", LOG], ["list"], ["progress", "add", *SAME]):
        result = invoke(args)
        assert result.exit_code == 1, args
        assert f"{LOG}:{line + 1}:1" in result.output
        assert "a git merge left a conflict here" in result.output
        assert "keep both sides' entries" in result.output
        assert "merge=union" in result.output
        assert "Traceback" not in result.output
    assert Path(LOG).read_text(encoding="utf-8") == text  # nothing written


def test_the_lock_file_is_ignored_by_git(invoke: Invoke, repo: Git) -> None:
    """`avp init`'s .gitignore names the log's lock file, which `progress add` leaves: a
    `git add -A` after an add stages the log, never the lock file."""
    args = ["1.1.1", "--count", "1", "--date", "2022-05-20", "--note", "x", "--author", "J"]
    added = invoke(["progress", "add", *args])
    assert added.exit_code == 0, added.output
    assert Path(f"{LOG}.lock").exists()
    status = repo("status", "--porcelain", "--untracked-files=all").stdout
    assert status.splitlines() == [f" M {LOG}"]
