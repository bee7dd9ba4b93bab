"""One CLI: one name per format, one exit code per kind of mistake, messages in plain
English (issue 15, point 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.test_help import COMMANDS
from tests.conftest import FIXTURES, MINIMAL, Invoke

REPORT = FIXTURES / "report"
GENERIC = FIXTURES / "generic" / "programma.yaml"


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(REPORT / name, tmp_path / name)
    return tmp_path / "programma.yaml"


def test_the_terminal_format_is_called_table_everywhere(invoke: Invoke, programme: Path) -> None:
    """Issue 15, point 12: `--format table` on every command with a terminal format, the
    report too; the report's old name `terminal` still works (hidden)."""
    args = ["report", "-f", programme, "--as-of", "2022-06-30"]
    table = invoke([*args, "--format", "table"])
    assert table.exit_code == 0, table.output
    assert "Samenvatting" in table.stdout
    assert invoke([*args, "--format", "terminal"]).stdout == table.stdout
    assert invoke([*args, "--format", "TERMINAL"]).stdout == table.stdout
    for words in COMMANDS:
        text = invoke([*words, "--help"]).stdout
        if "--format <" in text and ("markdown" in text or "csv" in text):
            choices = text.split("--format <", 1)[1].split(">", 1)[0].split("|")
            assert "terminal" not in choices, words
            assert "table" in choices or "text" in choices, words  # validate: text


def test_a_report_takes_one_field(invoke: Invoke, programme: Path) -> None:
    """Issue 15, point 12: `report --field 1 --field 2` reported field 2 only; now it says
    it takes one (exit 2)."""
    for option, values in (("--field", ["1", "2"]), ("--theme", ["1.1", "2.1"])):
        result = invoke(["report", "-f", programme, option, values[0], option, values[1]])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"avp: error: {option} was given 2 times ({values[0]}, {values[1]}); a report "
            f"covers one {option[2:]}: run avp report once for each, or leave out {option} "
            "for all\n"
        )


# The same kind of mistake on the command line: every one exits 2.
USAGE_MISTAKES = [
    # a value that is not a date
    ["progress", "add", "1.1.1", "--status", "on_track", "--note", "x", "--date", "30-06-2022"],
    ["progress", "list", "--since", "30-06-2022"],
    ["report", "--as-of", "30-06-2022"],
    ["targets", "--as-of", "30-06-2022"],
    # a status that is none
    ["list", "--status", "groen"],
    ["progress", "add", "1.1.1", "--status", "groen", "--note", "x", "--date", "2022-06-01"],
    # a choice that is none
    ["list", "--format", "pdf"],
    # a name that is not in the programme
    ["list", "--partner", "kustwacht"],
    ["list", "--field", "9"],
    ["show", "9.9.9"],
    ["targets", "9.9.9"],
    ["progress", "list", "9.9.9"],
    ["progress", "add", "9.9.9", "--status", "on_track", "--note", "x", "--date", "2022-06-01"],
    ["report", "--partner", "kustwacht"],
    ["glossary", "XYZ"],
    # a value that is needed and missing (no terminal to ask on)
    ["progress", "add", "1.1.2", "--status", "at_risk", "--note", "x", "--date", "2022-06-01"],
    # options that cannot be combined
    ["report", "--field", "1", "--theme", "1.1"],
]


@pytest.mark.parametrize("args", USAGE_MISTAKES, ids=" ".join)
def test_a_mistake_on_the_command_line_exits_2(
    invoke: Invoke, programme: Path, args: list[str]
) -> None:
    """Issue 15, point 12: the same kind of mistake, the same exit code: 2 for the command
    line (on main a bad --date, an unknown status, an unknown partner exited 1 while a bad
    --as-of, an unknown --programme exited 2), 1 for problems in the data."""
    log = programme.parent / "voortgang.yaml"
    before = log.read_bytes()
    result = invoke([*args, "-f", programme])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert log.read_bytes() == before


def test_problems_in_the_data_exit_1(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "programma.yaml"
    bad.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("  - id: politie\n", "  - id: Politie\n"),
        encoding="utf-8",
    )
    assert invoke(["validate", bad]).exit_code == 1
    assert invoke(["list", "-f", bad]).exit_code == 1


def _problems(invoke: Invoke, path: Path) -> str:
    result = invoke(["validate", path])
    assert result.exit_code == 1, result.output
    return result.stdout


def test_validation_errors_speak_plain_english(invoke: Invoke, tmp_path: Path) -> None:
    """Issue 15, point 12: no pydantic wording ("String should have at least 1 character",
    "String should match pattern '^[a-z0-9][a-z0-9-]*$'", "instance of Point")."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("  - id: vrr\n", "  - id: Veiligheids Regio\n")
    text = text.replace("text: Toezicht door BOA's.", 'text: ""')
    bad = tmp_path / "programma.yaml"
    bad.write_text(text, encoding="utf-8")
    out = _problems(invoke, bad)
    assert (
        "partners[3].id: not allowed here: an id is lower-case letters (a-z), digits and "
        "hyphens, starting with a letter or digit, e.g. 'politie' or 'team-noord' (schema)"
    ) in out
    assert "measures[1].text: the text is empty; write what it should say (schema)" in out
    point = tmp_path / "generiek.yaml"
    point.write_text(
        GENERIC.read_text(encoding="utf-8").replace(
            "target: {value: 2.0, date: 2024-12-31}", "target: 2.0"
        ),
        encoding="utf-8",
    )
    out += _problems(invoke, point)
    assert (
        "fields[0].targets[0].target: expected a mapping (lines of 'key: value'), got a "
        "number (2.0) (schema)"
    ) in out
    for leak in ("String should", "Input should", "instance of", "[a-z0-9]"):
        assert leak not in out, leak


def test_progress_add_speaks_plain_english(invoke: Invoke, programme: Path) -> None:
    add = ["progress", "add", "-f", programme, "1.1.1", "--status", "on_track"]
    result = invoke([*add, "--note", "", "--date", "2022-06-01"])
    assert result.exit_code != 0
    assert result.stderr == "avp: error: note: the text is empty; write what it should say\n"


def test_a_colon_in_a_note_is_explained(invoke: Invoke, programme: Path) -> None:
    """Issue 15, point 12: "mapping values are not allowed here" for `note: a: b` says what
    it means and how to write it, at the file's line and column."""
    log = programme.parent / "voortgang.yaml"
    with log.open("a", encoding="utf-8") as file:
        file.write("  - measure: 1.1.1\n    date: 2022-10-01\n    status: done\n")
        file.write("    note: Overleg gehad: alles goed\n")
    line = log.read_text(encoding="utf-8").count("\n")
    expected = (
        f"voortgang.yaml:{line}:24: error: a colon followed by a space inside a value that is "
        "not in quotes: YAML reads it as the start of a new key; put the whole text in "
        'quotes, e.g. note: "Overleg gehad: alles goed" (syntax)'
    )
    for args in (["validate", "-f", programme], ["list", "-f", programme]):
        result = invoke(args)
        assert result.exit_code == 1
        assert expected in result.output
        assert "mapping values" not in result.output
