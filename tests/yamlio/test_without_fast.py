"""Deleting avp/yamlio/fast/ leaves a slower but correct avp: the same output, error for error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def without_fast(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the avp package without its speed-only readers."""
    home = tmp_path_factory.mktemp("slow")
    shutil.copytree(ROOT / "avp", home / "avp", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(home / "avp" / "yamlio" / "fast")
    return home


def run(args: list[str], cwd: Path, pythonpath: Path | None) -> tuple[int, str, str]:
    env = {**os.environ, "AVP_NO_CACHE": "1", "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("AVP_FILE", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    code = "import sys, avp.cli; print(avp.cli.__file__, file=sys.stderr); avp.cli.main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    first, _, rest = done.stderr.partition("\n")
    return done.returncode, done.stdout, rest + f"[{first}]"


CASES = {
    "targets": ["targets", "-f", "programma.yaml", "--as-of", "2022-06-30", "--format", "json"],
    "progress": ["progress", "list", "-f", "programma.yaml", "--format", "json"],
    "validate": ["validate", "programma.yaml", "voortgang.yaml", "--format", "json"],
    "broken": ["validate", "broken.yaml", "-f", "programma.yaml", "--format", "json"],
}


@pytest.mark.parametrize("case", CASES)
def test_the_same_results_without_the_fast_readers(
    case: str, without_fast: Path, tmp_path: Path
) -> None:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "targets" / name, tmp_path / name)
    text = (tmp_path / "voortgang.yaml").read_text(encoding="utf-8")
    # a log that needs the loaders (a flow mapping, a duplicate key) beside plain lines
    (tmp_path / "broken.yaml").write_text(
        text + "  - {measure: 1.1.1, date: 2022-01-01, count: 1, count: 2}\n", encoding="utf-8"
    )
    fast = run(CASES[case], tmp_path, None)
    slow = run(CASES[case], tmp_path, without_fast)
    assert str(without_fast) in slow[2] and str(without_fast) not in fast[2]
    assert slow[0] == fast[0] and slow[1] == fast[1]
    assert fast[1].strip()
