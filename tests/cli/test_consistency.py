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


# --- The reviewer's findings on issue 15, point 12 (branch i15-fix-b) -----------------------

TWICE = [
    (["targets", "--year", "2021", "--year", "2022"], "--year", "2021, 2022"),
    (["targets", "list", "--as-of", "2022-01-01", "--as-of=2022-06-30"], "--as-of", None),
    (["list", "--format", "json", "--format", "csv"], "--format", "json, csv"),
    (["list", "-o", "a.csv", "-o", "b.json"], "-o", "a.csv, b.json"),
    (["report", "--as-of", "2022-01-01", "--as-of", "2022-06-30"], "--as-of", None),
    (["report", "--lang", "nl", "--lang", "en"], "--lang", "nl, en"),
    (["show", "1.1.1", "--format", "json", "--format", "markdown"], "--format", None),
    (["progress", "list", "--since", "2022-01-01", "--since", "2022-02-01"], "--since", None),
    (["progress", "list", "--until", "2022-01-01", "--until", "2022-02-01"], "--until", None),
]


@pytest.mark.parametrize(("args", "option", "values"), TWICE)
def test_a_single_value_option_given_twice_is_refused(
    invoke: Invoke, programme: Path, args: list[str], option: str, values: str | None
) -> None:
    """Issue 15, point 12: `targets --year 2021 --year 2022` reported 2022 only (click keeps
    the last value); an option that takes one value, given twice with different values,
    is a usage error (exit 2), on every command, as `report --field 1 --field 2` is."""
    result = invoke([*args, "-f", programme])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"avp: error: {option} was given 2 times (")
    assert result.stderr.endswith(f"it takes one value: give {option} once\n")
    if values is not None:
        assert f"({values})" in result.stderr


def test_a_single_value_option_given_twice_alike_is_fine(invoke: Invoke, programme: Path) -> None:
    """Issue 15, point 12: the same value twice (a script that adds a default) is no
    mistake; nor is an option's name as the value of another (--note --year)."""
    once = invoke(["targets", "-f", programme, "--year", "2022", "--as-of", "2022-12-31"])
    assert once.exit_code == 0, once.output
    twice = invoke(
        ["targets", "-f", programme, "--year", "2022", "--year=2022", "--as-of", "2022-12-31"]
    )
    assert (twice.exit_code, twice.stdout) == (0, once.stdout)
    same = invoke(["list", "-f", programme, "--format", "json", "--format", "JSON"])
    assert same.exit_code == 0, same.output
    added = invoke(
        ["progress", "add", "-f", programme, "1.1.1", "--status", "on_track", "--note",
         "--year", "--date", "2022-08-01", "--author", "T"]
    )  # fmt: skip
    assert added.exit_code == 0, added.output


def test_a_year_that_is_no_year_says_what_it_takes(invoke: Invoke, programme: Path) -> None:
    """Issue 15, point 12: `--year 2021/2022` said click's "'2021/2022' is not a valid int."."""
    result = invoke(["targets", "-f", programme, "--year", "2021/2022"])
    assert result.exit_code == 2
    assert "'2021/2022' is not a year; --year takes a year, e.g. 2022" in result.stderr
    assert "valid int" not in result.stderr


def test_a_date_that_is_wrong_in_the_log_is_said_plainly(invoke: Invoke, programme: Path) -> None:
    """Issue 15, point 12: `date: 2022-02-30` said pydantic's "Input should be a valid date,
    day is out of range for month"; `date: 05-01-2022` "Input should be a valid date"."""
    log = programme.parent / "voortgang.yaml"
    text = log.read_text(encoding="utf-8")
    text = text.replace("date: 2021-10-01", "date: 2022-02-30", 1)
    text = text.replace("date: 2022-03-31", "date: 05-01-2022", 1)
    log.write_text(text, encoding="utf-8")
    result = invoke(["validate", "-f", programme])
    assert result.exit_code == 1
    assert (
        "voortgang.yaml:4:11: error: entries[0].date: not a real date: February 2022 has no "
        "30th; write YYYY-MM-DD (schema)"
    ) in result.stdout
    assert (
        "voortgang.yaml:9:11: error: entries[1].date: not a date: got '05-01-2022'; write the "
        "date as YYYY-MM-DD, e.g. 2022-01-05 (schema)"
    ) in result.stdout
    assert "Input should" not in result.stdout and "out of range" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["progress", "amend", "zzzzzzzzzz", "--status", "afgerond"],
        ["progress", "retract", "zzzzzzzzzz", "--reason", "dubbel"],
        ["progress", "add", "1.1.1", "--status", "op koers", "--note", "", "--date", "2022-08-01"],
        ["progress", "add", "1.1.1", "--status", "op koers", "--note", "x", "--author", " ",
         "--date", "2022-08-01"],
    ],
)  # fmt: skip
def test_a_wrong_id_or_option_value_of_a_correction_exits_2(
    invoke: Invoke, programme: Path, args: list[str]
) -> None:
    """Issue 15, point 12: an entry id that is not in the log exited 1 (a measure that is
    not in the programme: 2), an empty --note 1 (a missing --correction: 2)."""
    log = programme.parent / "voortgang.yaml"
    before = log.read_bytes()
    result = invoke([*args, "-f", programme])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("avp: error: ")
    assert log.read_bytes() == before


def test_options_of_amend_and_retract_that_are_wrong_exit_2(
    invoke: Invoke, programme: Path
) -> None:
    """Issue 15, point 12: amend and retract refuse a bad option value with exit 2 too; a
    correction the log's checks refuse (of an entry corrected already) stays 1."""
    log = programme.parent / "voortgang.yaml"
    with log.open("a", encoding="utf-8") as file:
        file.write(
            "  - {id: aaaaaaaaaa, measure: 1.1.1, date: 2022-09-01, status: on_track, "
            "note: Loopt., author: T}\n"
        )
    before = log.read_bytes()
    f = ["-f", programme]
    assert invoke(["progress", "amend", "aaaaaaaaaa", "--note", " ", *f]).exit_code == 2
    assert invoke(["progress", "retract", "aaaaaaaaaa", "--reason", "", *f]).exit_code == 2
    assert log.read_bytes() == before
    done = invoke(["progress", "retract", "aaaaaaaaaa", "--reason", "Dubbel", *f])
    assert done.exit_code == 0, done.output
    again = invoke(["progress", "amend", "aaaaaaaaaa", "--note", "Anders", *f])
    assert again.exit_code == 1 and "already retracted" in again.stderr


def test_a_status_far_from_any_gets_no_guess(invoke: Invoke, programme: Path) -> None:
    """Issue 15, point 12: `status: lopend` got "did you mean 'dropped'?"; a guess only for
    a near miss (afgrond: afgerond), and the choices with their Dutch labels always."""
    log = programme.parent / "voortgang.yaml"
    text = original = log.read_text(encoding="utf-8")
    text = text.replace("status: on_track", "status: lopend", 1)
    text = text.replace("status: at_risk", "status: afgrond", 1)
    log.write_text(text, encoding="utf-8")
    result = invoke(["validate", "-f", programme])
    assert result.exit_code == 1
    choices = (
        "choose from not_started (niet gestart), on_track (op koers), at_risk (aandacht), "
        "off_track (achter), done (afgerond), dropped (vervallen)"
    )
    assert f"entries[0].status: unknown status 'lopend'; {choices}" in result.stdout
    assert (
        f"entries[1].status: unknown status 'afgrond' (did you mean 'afgerond'?); {choices}"
    ) in result.stdout
    log.write_text(original, encoding="utf-8")
    option = invoke(["list", "-f", programme, "--status", "lopend"])
    assert option.exit_code == 2
    assert option.stderr == f"avp: error: unknown status 'lopend'; {choices}\n"


@pytest.mark.parametrize(
    ("command", "html"),
    [(["list"], False), (["targets", "list"], False), (["progress", "list"], False),
     (["report"], True)],
)  # fmt: skip
def test_the_help_of_o_lists_the_suffixes_the_command_takes(
    invoke: Invoke, command: list[str], html: bool
) -> None:
    """Issue 15, point 12: the -o help of list, targets and progress list offered .html,
    which they refuse."""
    text = " ".join(invoke([*command, "--help"], env={"COLUMNS": "200"}).stdout.split())
    help_o = text.split("-o, --output FILE", 1)[1].split(" --", 1)[0]
    assert ".json" in help_o and ".csv" in help_o and ".xlsx" in help_o
    assert (".html" in help_o) is html


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--csv-dialect", "excel-nl", "--format", "json"],
        ["list", "--csv-dialect", "excel-nl", "-o", "lijst.xlsx"],
        ["targets", "--csv-dialect", "excel-nl", "--format", "markdown"],
        ["progress", "list", "--csv-dialect", "excel", "-o", "lijst.md"],
        ["report", "--csv-dialect", "excel-nl"],
    ],
)
def test_a_csv_dialect_without_csv_is_refused(
    invoke: Invoke, programme: Path, args: list[str]
) -> None:
    """Issue 15, point 12: --csv-dialect excel-nl was silently ignored with --format json or
    -o x.xlsx; it is a usage error (exit 2), nothing written."""
    result = invoke([*args, "-f", programme])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("avp: error: --csv-dialect is for csv output, not ")
    assert result.stdout == ""
    assert not any(programme.parent.glob("lijst.*"))
    csv = invoke(["list", "-f", programme, "--csv-dialect", "excel-nl", "--format", "csv"])
    assert csv.exit_code == 0 and ";" in csv.stdout


def test_a_file_without_suffix_is_said_plainly(invoke: Invoke, programme: Path) -> None:
    """Issue 15, point 12: `report -o noext` said "has no suffix that says no format of this
    command"."""
    result = invoke(["report", "-f", programme, "-o", "rapport"])
    assert result.exit_code == 2
    assert result.stderr == (
        "avp: error: -o rapport has no suffix to say its format; add one (.txt, .json, .csv, "
        ".md, .markdown, .html, .htm, .xlsx) or give --format (table, markdown, html, csv, "
        "json, xlsx)\n"
    )


def test_the_repeat_check_changes_only_avps_commands(invoke: Invoke) -> None:
    """The check of repeated options is set on avp's own command objects, not on typer's
    class: another Typer app in the same process keeps click's behaviour."""
    import typer
    from typer.core import TyperCommand
    from typer.testing import CliRunner

    assert invoke(["targets", "--year", "2021", "--year", "2022"]).exit_code == 2
    assert "parse_args" not in vars(TyperCommand) or not hasattr(
        TyperCommand.parse_args, "avp_checked"
    )
    other = typer.Typer()

    @other.command()
    def main(year: int = 0) -> None:
        print(year)

    result = CliRunner().invoke(other, ["--year", "2021", "--year", "2022"])
    assert (result.exit_code, result.stdout.strip()) == (0, "2022")
