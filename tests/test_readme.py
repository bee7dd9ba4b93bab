"""The README's terminal examples are what avp prints at 80 columns, today.

A block in README.md that follows the line ``<!-- output at 80 columns -->`` starts with
``$ avp ...``; the rest of the block is that command's output, run from the repository's
folder with ``COLUMNS=80`` and no colour. The test runs each command and compares (trailing
spaces ignored). When the output changes on purpose, rewrite the blocks with::

    AVP_UPDATE_README=1 python -m pytest tests/test_readme.py -p no:randomly
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKER = "<!-- output at 80 columns -->"
BLOCK = re.compile(re.escape(MARKER) + r"\n```\n(?P<body>.*?)```\n", re.DOTALL)


@dataclass(frozen=True)
class Example:
    command: str
    shown: str


def examples(text: str) -> list[Example]:
    found = []
    for match in BLOCK.finditer(text):
        first, _, rest = match["body"].partition("\n")
        found.append(Example(first.removeprefix("$ ").strip(), rest))
    return found


def _tidy(text: str) -> str:
    """The text without trailing spaces and without blank lines at its start and end."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def run(command: str, cache: Path) -> str:
    argv = shlex.split(command)
    assert argv[0] == "avp", f"a README example runs avp, not {argv[0]!r}"
    env = {
        **os.environ,
        "COLUMNS": "80",
        "LINES": "50",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "AVP_CACHE_DIR": str(cache),
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("AVP_FILE", None)
    done = subprocess.run(
        [sys.executable, "-m", "avp", *argv[1:]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, f"{command} exited {done.returncode}: {done.stderr}"
    return _tidy(done.stdout)


EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_shows_the_main_commands_at_80_columns() -> None:
    """Issue 15: the report, list, targets and show outputs are in the README at 80 columns."""
    shown = {shlex.split(e.command)[1] for e in EXAMPLES}
    assert {"report", "list", "targets", "show"} <= shown, shown


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command for e in EXAMPLES])
def test_a_readme_example_is_what_avp_prints(example: Example, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    printed = run(example.command, cache)
    if os.environ.get("AVP_UPDATE_README"):
        text = README.read_text(encoding="utf-8")
        old = f"{MARKER}\n```\n$ {example.command}\n{example.shown}```\n"
        new = f"{MARKER}\n```\n$ {example.command}\n{printed}```\n"
        README.write_text(text.replace(old, new), encoding="utf-8", newline="\n")
        return
    assert printed == _tidy(example.shown), f"README example changed: {example.command}"
    assert all(len(line) <= 80 for line in printed.splitlines()), "wider than 80 columns"
