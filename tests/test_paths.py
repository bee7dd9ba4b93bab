"""Paths stay inside: a programme's progress_log lies in its folder, and no command writes
its output onto avp.toml, the programme or the log."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from avp.base.problems import UsageError
from avp.project import Project
from tests.conftest import FIXTURES, Invoke

REPORT = FIXTURES / "report"
ADD = ["progress", "add", "1.1.1", "--status", "on_track", "--note", "x", "--date", "2021-06-01"]


def _project(root: Path, log: str) -> Path:
    """``root/repo/programma.yaml`` naming ``log``; a secret file at ``root/secret``."""
    repo = root / "repo"
    repo.mkdir()
    text = (REPORT / "programma.yaml").read_text(encoding="utf-8")
    old = "progress_log: voortgang.yaml"
    assert old in text
    (repo / "programma.yaml").write_text(text.replace(old, f"progress_log: {log}"), "utf-8")
    (repo / "avp.toml").write_text('programme = "programma.yaml"\n', encoding="utf-8")
    (root / "secret").write_text("entries:\n  - wachtwoord: hunter2\n", encoding="utf-8")
    return repo


def test_validate_reports_a_log_outside_and_does_not_read_it(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: `progress_log: ../../somewhere/secret` lets validate print a file outside
    the project."""
    repo = _project(tmp_path, "../secret")
    monkeypatch.chdir(repo)
    result = invoke(["validate"])
    assert result.exit_code == 1, result.output
    assert "hunter2" not in result.output and "wachtwoord" not in result.output
    lines = (repo / "programma.yaml").read_text(encoding="utf-8").splitlines()
    line, text = next((n, t) for n, t in enumerate(lines, 1) if "progress_log" in t)
    column = text.index("../secret") + 1
    assert result.stdout.startswith(
        f"programma.yaml:{line}:{column}: error: programme.progress_log: progress_log "
        "'../secret' lies outside the programme's folder"
    ), result.stdout
    assert result.stdout.rstrip().endswith("(path-outside)")


@pytest.mark.parametrize("log", ["../somewhere/deeper/log.yaml", "../secret"])
def test_progress_add_creates_nothing_outside(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, log: str
) -> None:
    """Issue 14: `progress_log: ../../somewhere/secret` lets progress add create folders and
    a log outside the repository."""
    repo = _project(tmp_path, log)
    monkeypatch.chdir(repo)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    secret = (tmp_path / "secret").read_bytes()
    result = invoke(ADD)
    assert result.exit_code == 2, result.output
    assert "lies outside the programme's folder" in result.stderr
    assert "--log" in result.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "secret").read_bytes() == secret


@pytest.mark.parametrize("command", [["list"], ["report"], ["progress", "list"], ["show", "1.1.1"]])
def test_reading_commands_refuse_a_log_outside(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    repo = _project(tmp_path, "../secret")
    monkeypatch.chdir(repo)
    result = invoke(command)
    assert result.exit_code == 2, result.output
    assert "lies outside the programme's folder" in result.stderr
    assert "hunter2" not in result.output


def test_a_log_named_with_log_may_lie_outside(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _project(tmp_path, "../shared/voortgang.yaml")
    (tmp_path / "shared").mkdir()
    shutil.copy(REPORT / "voortgang.yaml", tmp_path / "shared" / "voortgang.yaml")
    monkeypatch.chdir(repo)
    log = tmp_path / "shared" / "voortgang.yaml"
    result = invoke([*ADD, "--log", log])
    assert result.exit_code == 0, result.output
    assert "1.1.1" in log.read_text(encoding="utf-8")
    listed = invoke(["progress", "list", "--log", log, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert '"1.1.1"' in listed.stdout


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_log_linked_to_outside_is_outside(tmp_path: Path) -> None:
    """After resolving links: a log inside that is a link to a file outside is refused."""
    repo = _project(tmp_path, "voortgang.yaml")
    (repo / "voortgang.yaml").symlink_to(tmp_path / "secret")
    project = Project.open(repo / "programma.yaml")
    with pytest.raises(UsageError, match="outside the programme's folder"):
        _ = project.log


def test_a_log_in_a_subfolder_is_inside(tmp_path: Path) -> None:
    repo = _project(tmp_path, "logs/../voortgang.yaml")
    project = Project.open(repo / "programma.yaml")
    assert project.log_path == repo / "logs/../voortgang.yaml"


@pytest.mark.parametrize("target", ["avp.toml", "sub/avp.toml", "programma.yaml", "voortgang.yaml"])
def test_report_never_writes_onto_avps_own_files(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """`avp report -o avp.toml` and other writes onto avp's own configuration are refused."""
    repo = _project(tmp_path, "voortgang.yaml")
    shutil.copy(REPORT / "voortgang.yaml", repo / "voortgang.yaml")
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo)
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    result = invoke(["report", "--format", "csv", "-o", target])
    assert result.exit_code == 2, result.output
    assert "nothing was written" in result.stderr
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before


def test_import_never_writes_onto_avp_toml(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "avp.toml").write_text('programme = "p.yaml"\n', encoding="utf-8")
    (tmp_path / "tabel.csv").write_text("Nr;Maatregel\n1.1.1;Iets doen\n", encoding="utf-8")
    result = invoke(["import", "tabel.csv", "-o", "avp.toml", "--force"])
    assert result.exit_code == 2, result.output
    assert "avp's configuration" in result.stderr
    assert (tmp_path / "avp.toml").read_text(encoding="utf-8") == 'programme = "p.yaml"\n'


def test_progress_log_in_a_block_text_is_not_the_key() -> None:
    """Only the progress_log key under `programme:` counts: the same words in a text
    (here a description before it) are no path, so no false path-outside."""
    from avp.programme.load import outside_problems

    text = (
        "description: |\n  progress_log: ../../elders.yaml\n"
        "programme:\n  municipality: X\n  progress_log: voortgang.yaml\n"
    )
    programme = FIXTURES / "minimal.yaml"
    assert outside_problems(programme, text, "p.yaml") == []
    outside = text.replace("progress_log: voortgang.yaml", "progress_log: ../v.yaml")
    [problem] = outside_problems(programme, outside, "p.yaml")
    assert (problem.line, problem.column) == (5, 17)


@pytest.mark.parametrize(
    "line",
    [
        "progress_log: voortgang.yaml",
        "progress_log: 'voortgang 2022.yaml'  # quoted",
        'progress_log: "logs/v.yaml"',
        "progress_log: 'it''s.yaml'",
        'progress_log: "tab\\there.yaml"',  # an escape: the parser decides
        "progress_log: null",
        "progress_log: ~",
        "progress_log: True",
        "progress_log: 2022",
        "progress_log: 1.5",
        "progress_log: yes",
        "progress_log: [a.yaml]",
        "progress_log: a: b",
        "progress_log: v.yaml # comment",
        "other:\n    progress_log: deeper.yaml",  # a key of a mapping inside programme
    ],
)
def test_the_named_log_read_from_its_line_is_what_yaml_reads(tmp_path: Path, line: str) -> None:
    """``progress_log_of`` reads the log's name from its line without parsing the
    programme (the parse can then go on while a second process reads the log); what it
    finds is what the parsed data says, for every way of writing the value."""
    from avp.base.problems import DataError
    from avp.programme import load as programme_load
    from avp.yamlio.loader import load

    text = f"programme:\n  municipality: X\n  {line}\nfields: []\n"
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        meta = load(text, "p.yaml")["programme"]
    except DataError:  # not YAML: no log either way
        meta = {}
    named = meta.get("progress_log")
    expected = tmp_path / named if isinstance(named, str) and named else None
    programme_load.forget_plain()
    assert programme_load.progress_log_of(path) == expected
    assert programme_load._named_log(text, "p.yaml")[0] == (named if expected else None)
