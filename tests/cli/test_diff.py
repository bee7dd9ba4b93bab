"""`avp diff`: two files or a git revision, in every output format, and what goes wrong."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from avp.render.formats import OutputFormat
from tests.conftest import BUNDLED, Invoke
from tests.programme.test_diff import MEASURE, TEXT, block, edit, shift_theme_3_2

KEYS = ["kind", "change", "id", "old_id", "new_id", "where", "attribute", "old", "new"]

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def amended() -> str:
    """The bundled programme with one change of each kind on a measure."""
    text = shift_theme_3_2(TEXT, "Een nieuwe maatregel voor jongeren.")  # added, renumbered
    text = edit(text, "text: Buurtbemiddeling voortzetten.", "text: Buurtbemiddeling uitbreiden.")
    dropped = "            dropped: {date: 2021-10-12, decision: collegebesluit}\n"
    text = edit(text, block(TEXT, "1.1.3"), block(TEXT, "1.1.3") + dropped)
    return edit(text, block(TEXT, "2.2.4"), "")  # removed


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path / "oud.yaml", TEXT), write(tmp_path / "nieuw.yaml", amended())


def as_json(invoke: Invoke, *args: Any) -> list[dict[str, Any]]:
    result = invoke(["diff", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


def test_every_change_of_a_measure(invoke: Invoke, files: tuple[Path, Path]) -> None:
    records = as_json(invoke, *files)
    found = [(r["change"], r["id"], r["new_id"]) for r in records]
    assert found == [
        ("reworded", "1.1.1", "1.1.1"),
        ("dropped", "1.1.3", "1.1.3"),
        ("added", "3.2.1", "3.2.1"),
        ("renumbered", "3.2.1", "3.2.2"),
        ("renumbered", "3.2.2", "3.2.3"),
        ("renumbered", "3.2.3", "3.2.4"),
        ("renumbered", "3.2.4", "3.2.5"),
        ("renumbered", "3.2.5", "3.2.6"),
        ("removed", "2.2.4", None),
    ]
    assert all(list(r) == KEYS for r in records)
    assert records[0]["old"] == "Buurtbemiddeling voortzetten."
    assert records[0]["new"] == "Buurtbemiddeling uitbreiden."
    assert records[1]["new"] == "2021-10-12, collegebesluit"


def test_the_table_shows_renumbering_and_old_and_new_text(
    invoke: Invoke, files: tuple[Path, Path]
) -> None:
    result = invoke(["diff", *files, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "oud.yaml → nieuw.yaml" in result.stdout
    assert "3.2.1 → 3.2.2" in result.stdout
    assert "reworded text" in result.stdout
    assert " dropped " in result.stdout and "dropped dropped" not in result.stdout
    assert "Buurtbemiddeling voortzetten." in result.stdout
    assert "Buurtbemiddeling uitbreiden." in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", [f for f in OutputFormat if f is not OutputFormat.xlsx])
def test_every_format_parses(invoke: Invoke, files: tuple[Path, Path], fmt: OutputFormat) -> None:
    result = invoke(["diff", *files, "--format", fmt.value])
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt is OutputFormat.json:
        assert len(json.loads(out)) == 9
    elif fmt is OutputFormat.csv:
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 9 and list(rows[0]) == KEYS
        assert rows[2]["change"] == "added" and rows[2]["old_id"] == ""
    elif fmt is OutputFormat.markdown:
        lines = out.splitlines()
        assert lines[0] == "**oud.yaml → nieuw.yaml**"
        assert lines[2] == "| Soort | Wijziging | Nr. | Waar | Was | Wordt |"
        assert len([line for line in lines if line.startswith("| maatregel |")]) == 9
    else:
        assert "hernummerd" in out


@pytest.mark.parametrize("fmt", [f for f in OutputFormat if f is not OutputFormat.xlsx])
def test_no_differences(invoke: Invoke, tmp_path: Path, fmt: OutputFormat) -> None:
    copy = write(tmp_path / "kopie.yaml", TEXT)
    result = invoke(["diff", BUNDLED, copy, "--format", fmt.value])
    assert result.exit_code == 0
    assert result.stderr == "no differences\n"
    if fmt is OutputFormat.json:
        assert json.loads(result.stdout) == []
    elif fmt is OutputFormat.csv:
        assert list(csv.reader(io.StringIO(result.stdout))) == [KEYS]
    else:
        assert result.stdout == ""


def test_text_from_the_data_stays_text(invoke: Invoke, tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://example.org","klik")'
    markup = "[bold red]Buurtbemiddeling[/bold red] <b>voortzetten</b>"
    new = edit(TEXT, "text: Buurtbemiddeling voortzetten.", f"text: '{formula}'")
    new = edit(new, "text: Opstellen beleid/plan nazorg ex-gedetineerden", f"text: '{markup}'")
    old, new_path = write(tmp_path / "a.yaml", TEXT), write(tmp_path / "b.yaml", new)
    rows = list(
        csv.DictReader(io.StringIO(invoke(["diff", old, new_path, "--format", "csv"]).stdout))
    )
    assert rows[0]["new"] == "'" + formula
    table = invoke(["diff", old, new_path]).stdout
    assert "[bold red]Buurtbemiddeling[/bold red]" in table
    markdown = invoke(["diff", old, new_path, "--format", "markdown"]).stdout
    assert "<b>" not in markdown and "&lt;b&gt;" in markdown


# --- --rev --------------------------------------------------------------------------------------


def git(repository: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repository, check=True, capture_output=True, timeout=60)


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository in tmp_path (the working directory of ``invoke``) with the bundled
    programme committed and an avp.toml that names it."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "commit.gpgsign", "false")
    (tmp_path / "data").mkdir()
    write(tmp_path / "data" / "programma.yaml", TEXT)
    write(tmp_path / "avp.toml", 'programme = "data/programma.yaml"\n')
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "programme as adopted")
    return tmp_path


@needs_git
def test_rev_compares_the_working_file_with_a_commit(invoke: Invoke, repository: Path) -> None:
    programme = repository / "data" / "programma.yaml"
    write(programme, amended())
    records = as_json(invoke, "--rev", "HEAD")  # the programme from avp.toml
    assert [r["change"] for r in records][:2] == ["reworded", "dropped"]
    assert len(records) == 9
    assert as_json(invoke, "--rev", "HEAD", programme) == records
    assert as_json(invoke, "--rev", "HEAD", "-f", programme) == records
    git(repository, "commit", "-q", "-a", "-m", "amended")
    assert as_json(invoke, "--rev", "HEAD~1") == records
    result = invoke(["diff", "--rev", "HEAD"])
    assert result.exit_code == 0 and result.stderr == "no differences\n"


@needs_git
def test_rev_from_a_subdirectory_names_the_file_in_the_repository(
    invoke: Invoke, repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programme = repository / "data" / "programma.yaml"
    write(programme, amended())
    monkeypatch.chdir(repository / "data")
    result = invoke(["diff", "--rev", "HEAD", "programma.yaml", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("**HEAD:data/programma.yaml → programma.yaml**")


@needs_git
def test_rev_an_invalid_programme_at_the_revision(invoke: Invoke, repository: Path) -> None:
    programme = repository / "data" / "programma.yaml"
    write(programme, edit(TEXT, f"{MEASURE}1.1.1\n", f"{MEASURE}1.1.1\n            colour: red\n"))
    git(repository, "commit", "-q", "-a", "-m", "broken")
    write(programme, TEXT)
    result = invoke(["diff", "--rev", "HEAD"])
    assert result.exit_code == 1
    assert "HEAD:data/programma.yaml:" in result.stderr
    assert "colour" in result.stderr
    assert "avp: error: HEAD:data/programma.yaml is not a valid programme" in result.stderr


@needs_git
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rev", "HEAD~1"], "unknown revision 'HEAD~1'"),
        (["--rev", "nergens"], "unknown revision 'nergens'"),
        (["--rev", "--all"], "--rev '--all' is not a revision"),
        (["--rev", "HEAD", "data/nieuw.yaml"], "data/nieuw.yaml is not a file in revision HEAD"),
        (["--rev", "HEAD", "data"], "data: is a directory"),
        (["--rev", "HEAD", "a.yaml", "b.yaml"], "with --rev, name at most one file"),
        (["--rev", "HEAD", "a.yaml", "-f", "b.yaml"], "with --rev, name at most one file"),
    ],
)
def test_rev_problems(invoke: Invoke, repository: Path, args: list[str], message: str) -> None:
    write(repository / "data" / "nieuw.yaml", TEXT)  # not committed
    result = invoke(["diff", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


@needs_git
def test_rev_outside_a_git_repository(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    programme = write(tmp_path / "programma.yaml", TEXT)
    result = invoke(["diff", "--rev", "HEAD", programme])
    assert result.exit_code == 2
    assert result.stderr == (
        "avp: error: programma.yaml is not in a git repository; "
        "--rev reads the file from git's history\n"
    )


def test_rev_without_git(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    programme = write(tmp_path / "programma.yaml", TEXT)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = invoke(["diff", "--rev", "HEAD", programme])
    assert result.exit_code == 2
    assert "git is not installed" in result.stderr


# --- two files: what goes wrong -------------------------------------------------------------------


def test_a_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["diff", BUNDLED, tmp_path / "weg.yaml"])
    assert result.exit_code == 2
    assert result.stderr == "avp: error: weg.yaml: no such file\n"


def test_invalid_yaml(invoke: Invoke, tmp_path: Path) -> None:
    broken = write(tmp_path / "kapot.yaml", TEXT.replace("fields:\n", "fields: [\n", 1))
    result = invoke(["diff", broken, BUNDLED])
    assert result.exit_code == 1
    assert result.stderr.startswith("kapot.yaml:")
    assert result.stderr.endswith("avp: error: kapot.yaml: invalid YAML\n")
    assert result.stdout == ""


def test_an_invalid_programme_shows_its_problems(invoke: Invoke, tmp_path: Path) -> None:
    text = edit(TEXT, f"{MEASURE}1.1.1\n", f"{MEASURE}1.1.1\n            colour: red\n")
    broken = write(tmp_path / "kapot.yaml", text)
    result = invoke(["diff", BUNDLED, broken])
    assert result.exit_code == 1
    assert result.stderr.startswith("kapot.yaml:")
    assert "colour" in result.stderr
    assert "avp: error: kapot.yaml is not a valid programme" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "avp diff needs two programme files, OLD and NEW"),
        (["a.yaml"], "avp diff needs two programme files, OLD and NEW"),
        (["a.yaml", "b.yaml", "-f", "c.yaml"], "--file names the working file of --rev"),
    ],
)
def test_usage(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(["diff", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_help_examples_name_no_programme_of_their_own(invoke: Invoke) -> None:
    result = invoke(["diff", "--help"])
    assert result.exit_code == 0
    assert "avp diff --rev HEAD" in result.stdout
    assert "Exit code 0 whether or not the programmes differ" in result.stdout


def test_the_table_is_in_the_programmes_language(invoke: Invoke, files: tuple[Path, Path]) -> None:
    """Issue 15, "the programme's language everywhere data is shown": the kinds, changes
    and headers of a diff are Dutch for a Dutch programme (--lang en: English); csv and json
    keep the keys."""
    out = " ".join(invoke(["diff", *files], env={"COLUMNS": "200"}).stdout.split())
    assert "Soort Wijziging Nr. Waar Was Wordt" in out
    assert "hernummerd" in out and "anders verwoord tekst" in out
    assert "renumbered" not in out and "reworded" not in out
    rows = list(csv.DictReader(io.StringIO(invoke(["diff", *files, "--format", "csv"]).stdout)))
    assert {r["change"] for r in rows} >= {"renumbered", "reworded"}
