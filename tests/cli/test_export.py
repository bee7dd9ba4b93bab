"""``avp export sqlite`` through the CLI: the file, its messages and its exit codes."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from avp.project import Project
from tests.conftest import BUNDLED, Invoke
from tests.export.generated import programme_with_log

AS_OF = "2022-06-30"


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return programme_with_log(BUNDLED, tmp_path_factory.mktemp("programme"))


def statuses(db: Path) -> dict[str, tuple[str, str]]:
    with closing(sqlite3.connect(db)) as c:
        rows = c.execute("SELECT measure_id, status, status_label FROM current_status")
        return {m: (s, label) for m, s, label in rows}


def test_export_writes_avps_statuses_on_the_day(
    invoke: Invoke, programme: Path, tmp_path: Path
) -> None:
    result = invoke(["export", "sqlite", "avp.db", "--file", programme, "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("wrote avp.db: 1 programme(s), 104 measures, ")
    assert result.stderr.rstrip().endswith("as of 2022-06-30")
    expected = Project.open(programme).statuses(dt.date(2022, 6, 30))
    assert statuses(tmp_path / "avp.db") == {
        m: (s.value, s.label("nl")) for m, s in expected.items()
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["avp.db", "avp.db.lock"]


def test_as_of_lang_and_log_options(invoke: Invoke, programme: Path, tmp_path: Path) -> None:
    other_log = tmp_path / "elders.yaml"
    other_log.write_bytes((programme.parent / "voortgang-2021-2022.yaml").read_bytes())
    args = ["export", "sqlite", "a.db", "-f", programme, "--log", other_log, "--lang", "en"]
    early = invoke([*args, "--as-of", "2021-02-01"])
    assert early.exit_code == 0, early.output
    first = statuses(tmp_path / "a.db")
    late = invoke([*args, "--as-of", "2022-12-31"])
    assert late.exit_code == 0, late.output
    second = statuses(tmp_path / "a.db")
    assert first != second  # re-run: the file is replaced
    assert first["1.1.1"] == ("not_started", "not started")  # dropped only from 2021-09-01
    assert second["1.1.1"] == ("dropped", "dropped")
    with closing(sqlite3.connect(tmp_path / "a.db")) as c:
        assert c.execute("SELECT log_file FROM programmes").fetchone() == (str(other_log),)


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (".", "it is a folder; give the path of a file"),
        ("missing/avp.db", "does not exist; create the folder or choose another path"),
        ("PROGRAMME", "a file this command reads; write to another file (nothing was written)"),
        ("LOG", "a file this command reads; write to another file (nothing was written)"),
        ("avp.toml", "is avp's configuration (avp.toml), not a file for output"),
    ],
)
def test_bad_outputs_exit_2_and_write_nothing(
    invoke: Invoke, programme: Path, tmp_path: Path, out: str, message: str
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    for name in (programme.name, "voortgang-2021-2022.yaml"):
        (folder / name).write_bytes((programme.parent / name).read_bytes())
    path = {"PROGRAMME": folder / programme.name, "LOG": folder / "voortgang-2021-2022.yaml"}
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = invoke(["export", "sqlite", path.get(out, out), "-f", folder / programme.name])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.startswith("avp: error: ")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_bad_date_is_a_usage_error(invoke: Invoke, programme: Path) -> None:
    result = invoke(["export", "sqlite", "a.db", "-f", programme, "--as-of", "2022-02-30"])
    assert result.exit_code == 2
    assert "--as-of '2022-02-30' is not a date; write it as YYYY-MM-DD" in result.stderr
    assert not Path("a.db").exists()


def test_an_invalid_log_is_a_data_error_and_writes_nothing(
    invoke: Invoke, programme: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - {measure: 9.9.9, date: 2021-01-01}\n", encoding="utf-8")
    result = invoke(["export", "sqlite", "a.db", "-f", programme, "--log", bad])
    assert result.exit_code == 1
    assert "bad.yaml" in result.stderr and "is not a valid progress log" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_export_without_a_format_shows_the_formats(invoke: Invoke) -> None:
    result = invoke(["export"])
    assert "sqlite" in result.output and "Usage: " in result.output
    help_text = invoke(["export", "sqlite", "--help"]).stdout
    for word in ("current_status", "--as-of", "OUT.db", "datasette avp.db"):
        assert word in help_text


@pytest.mark.skipif(os.name == "nt", reason="the installed avp script, POSIX paths")
def test_the_installed_command_runs(programme: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "avp", "export", "sqlite", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "AVP_FILE": str(programme)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x.db").read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="Linux: /sys takes no new files")
def test_a_folder_where_no_file_can_be_made_says_so(invoke: Invoke, programme: Path) -> None:
    """Even for root, who passes every permission check, /sys takes no new file."""
    result = invoke(["export", "sqlite", "/sys/avp.db", "-f", programme])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("avp: error: cannot write /sys/avp.db: permission denied")
    assert "Traceback" not in result.output
    assert not Path("/sys/avp.db").exists() and not Path("/sys/avp.db.lock").exists()


def test_an_existing_file_that_is_no_sqlite_is_never_replaced(
    invoke: Invoke, programme: Path, tmp_path: Path
) -> None:
    """A typo (`avp export sqlite rapport.html`) must not destroy the file; an earlier
    export and an empty file are replaced (review of issue 16)."""
    report = tmp_path / "rapport.html"
    report.write_text("<p>de rapportage</p>\n", encoding="utf-8")
    result = invoke(["export", "sqlite", report, "-f", programme])
    assert result.exit_code == 2, result.output
    assert "exists and is not an SQLite file" in result.stderr
    assert report.read_text(encoding="utf-8") == "<p>de rapportage</p>\n"
    db = tmp_path / "avp.db"
    db.write_bytes(b"")
    assert invoke(["export", "sqlite", db, "-f", programme]).exit_code == 0
    assert invoke(["export", "sqlite", db, "-f", programme]).exit_code == 0  # an export again
    assert db.read_bytes().startswith(b"SQLite format 3\x00")
