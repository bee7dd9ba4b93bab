"""`avp renumber` through the CLI: the id changes everywhere, or nothing changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from avp.base.problems import UsageError
from avp.project import Project
from tests.conftest import BUNDLED, Invoke

PROGRAMME = "programma-2021-2022.yaml"
LOG = "voortgang-2021-2022.yaml"

LOG_TEXT = """\
entries:
  - measure: 1.3.2
    date: 2021-03-31
    status: on_track
    note: Melding via de BOA-app.
    author: J. de Vries
  - measure: 1.1.1
    date: 2021-04-01
    status: done
    note: Afgerond.
    author: J. de Vries
  - measure: 1.3.2
    date: 2021-06-30
    status: done
    note: Onderdeel van het werk.
    author: P. Bakker
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The bundled programme copied into the working directory, with a log and an avp.toml."""
    shutil.copy(BUNDLED, tmp_path / PROGRAMME)
    (tmp_path / LOG).write_text(LOG_TEXT, encoding="utf-8")
    (tmp_path / "avp.toml").write_text(f'programme = "{PROGRAMME}"\n', encoding="utf-8")
    return tmp_path


def files(folder: Path) -> tuple[bytes, bytes]:
    return (folder / PROGRAMME).read_bytes(), (folder / LOG).read_bytes()


def test_renumber_a_measure(invoke: Invoke, folder: Path) -> None:
    shown = invoke(["show", "1.3.2", "--format", "json"])  # the old programme in the cache
    assert shown.exit_code == 0
    result = invoke(
        ["renumber", "1.3.2", "1.3.2a", "--date", "2021-10-12", "--decision", "collegebesluit"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"renumbered measure 1.3.2 to 1.3.2a in {PROGRAMME} and in 2 entries of {LOG}; "
        "amendment: Nummer 1.3.2 gewijzigd in 1.3.2a"
    )
    assert "warning: fields[0].themes[2].measures[1].id: measure id '1.3.2a'" in result.stderr
    programme, log = (b.decode() for b in files(folder))
    assert programme.endswith(
        "\namendments:\n"
        "  - date: 2021-10-12\n"
        "    decision: collegebesluit\n"
        "    description: Nummer 1.3.2 gewijzigd in 1.3.2a\n"
        "    renumbered: {old: 1.3.2, new: 1.3.2a}\n"
    )
    assert log == LOG_TEXT.replace("measure: 1.3.2\n", "measure: 1.3.2a\n")
    # Right after: the new id works, the old one is gone, and everything validates.
    after = invoke(["show", "1.3.2a", "--format", "json"])
    assert after.exit_code == 0, after.output
    record = json.loads(after.stdout)
    assert record["text"] == json.loads(shown.stdout)["text"]
    assert record["status"] == "done" and len(record["history"]) == 2
    gone = invoke(["show", "1.3.2"])
    assert gone.exit_code == 2 and "did you mean '1.3.2a'" in gone.stderr
    validated = invoke(["validate", PROGRAMME, LOG])
    assert validated.exit_code == 0, validated.output
    assert "0 error(s), 1 warning(s)" in validated.stderr  # id-position, which the file enables
    listed = invoke(["progress", "list", "1.3.2a", "--format", "json"])
    assert [e["note"] for e in json.loads(listed.stdout)] == [
        "Melding via de BOA-app.",
        "Onderdeel van het werk.",
    ]


def test_renumber_a_theme_with_file(invoke: Invoke, folder: Path, tmp_path: Path) -> None:
    (folder / "avp.toml").unlink()
    result = invoke(["renumber", "5.5", "5.5a", "--file", str(folder / PROGRAMME)])
    assert result.exit_code == 0, result.output
    assert "renumbered theme 5.5 to 5.5a" in result.stderr
    assert "and in 0 entries of" in result.stderr
    programme = (folder / PROGRAMME).read_text(encoding="utf-8")
    assert (
        '      - id: "5.5a"\n' in programme and "renumbered: {old: '5.5', new: 5.5a}" in programme
    )
    assert invoke(["list", "--theme", "5.5a", "-f", folder / PROGRAMME]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["1.3.99", "1.3.2a"], 2, "no field, theme or measure '1.3.99' in"),
        (["1.3.2", "1.3.3"], 1, "'1.3.3' is the id of measure 1.3.3 already"),
        (["1.3.2", "1.3.2 a"], 2, "'1.3.2 a' is not a valid id"),
        (["1.3.2", "1.3.2a", "--date", "2021-02-30"], 2, "--date '2021-02-30' is not a date"),
    ],
)
def test_errors_write_nothing(
    invoke: Invoke, folder: Path, args: list[str], code: int, message: str
) -> None:
    before = files(folder)
    result = invoke(["renumber", *args])
    assert result.exit_code == code, result.output
    assert f"avp: error: {message}" in result.stderr
    assert "Traceback" not in result.output
    assert files(folder) == before
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_an_invalid_programme_is_reported_and_not_written(invoke: Invoke, folder: Path) -> None:
    path = folder / PROGRAMME
    text = path.read_text(encoding="utf-8").replace(
        "partners: [gemeente, politie]", "partners: [polite]", 1
    )
    path.write_text(text, encoding="utf-8")
    before = files(folder)
    result = invoke(["renumber", "1.3.2", "1.3.2a"])
    assert result.exit_code == 1
    assert f"{PROGRAMME}:" in result.stderr and "unknown partner 'polite'" in result.stderr
    assert "is not a valid programme" in result.stderr
    assert files(folder) == before


def test_a_programme_without_a_log_or_one_avp_may_not_write(
    invoke: Invoke, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / PROGRAMME
    path.write_text(
        path.read_text(encoding="utf-8").replace("  progress_log: voortgang-2021-2022.yaml\n", ""),
        encoding="utf-8",
    )
    before = files(folder)
    result = invoke(["renumber", "1.3.2", "1.3.2a"])
    assert result.exit_code == 2 and "names no progress log" in result.stderr
    assert files(folder) == before

    def read_only(self: Project) -> Path:
        raise UsageError("the bundled programme is read-only")

    monkeypatch.setattr(Project, "writable_log", read_only)
    result = invoke(["renumber", "1.3.2", "1.3.2a"])
    assert result.exit_code == 2 and "read-only" in result.stderr
    assert files(folder) == before


def test_help(invoke: Invoke) -> None:
    result = invoke(["renumber", "--help"])
    assert result.exit_code == 0
    for text in ("OLD-ID", "NEW-ID", "--date", "--decision", "--file", "Example"):
        assert text in result.stdout
    assert "renumber" in invoke(["--help"]).stdout


def test_the_bundled_programme_is_not_renumbered(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No programme chosen (no --file, AVP_FILE or avp.toml): the bundled one is read-only."""

    def must_not_write(*args: object, **kwargs: object) -> None:  # pragma: no cover
        raise AssertionError("renumber would have written to the bundled programme")

    monkeypatch.setattr("avp.progress.renumber.renumber", must_not_write)
    before = BUNDLED.read_bytes()
    result = invoke(["renumber", "1.3.2", "1.3.2a"])
    assert result.exit_code == 2, result.output
    assert "avp: error: no programme was chosen" in result.stderr
    assert BUNDLED.read_bytes() == before
