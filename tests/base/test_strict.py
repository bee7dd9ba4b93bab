"""Values are not coerced: dates only as YYYY-MM-DD, numbers and booleans only as such."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from avp.base.dates import DateError, as_date, parse_date
from avp.base.problems import UsageError
from avp.progress.models import Entry
from avp.targets.models import ComparisonTarget
from tests.conftest import FIXTURES, MINIMAL, ROOT, Invoke

TARGETS = FIXTURES / "targets"


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2022-06-30", dt.date(2022, 6, 30)),
        ("0001-01-01", dt.date(1, 1, 1)),
        (dt.date(2022, 6, 30), dt.date(2022, 6, 30)),
    ],
)
def test_what_is_a_date(value: Any, day: dt.date) -> None:
    assert parse_date(value) == day
    assert as_date(value) == day


@pytest.mark.parametrize(
    "value",
    [
        "2022-W26-4",  # what date.fromisoformat also takes
        "20220630",
        "2022-06-30T00:00",
        "2022-06-30 10:00:00",
        "2022-6-30",
        " 2022-06-30",
        "2022-06-30\n",
        "２０２２-06-30",  # digits of another script
        "2021-02-30",
        "2022-13-01",
        "0000-01-01",
        "",
        1656547200,
        20220630,
        2022.5,
        True,
        None,
        dt.datetime(2022, 6, 30),
        ["2022-06-30"],
    ],
)
def test_what_is_not_a_date(value: Any) -> None:
    with pytest.raises(DateError, match=r"write dates as YYYY-MM-DD, e\.g\. 2022-06-30"):
        parse_date(value)
    assert as_date(value) is None


def entry(**changes: Any) -> dict[str, Any]:
    data = {
        "measure": "1.1.1",
        "date": "2022-03-14",
        "status": "on_track",
        "note": "Gedaan.",
        "author": "J. de Vries",
    }
    return {**data, **changes}


def test_a_status_is_given_as_its_text() -> None:
    assert Entry.model_validate(entry()).status == "on_track"


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"date": 1656547200}, "iso_date"),
        ({"date": dt.datetime(2022, 3, 14, 10)}, "iso_date"),
        ({"date": "2022-W11-1"}, "iso_date"),
        ({"count": True}, "int_type"),
        ({"count": "3"}, "int_type"),
        ({"count": 3.0}, "int_type"),
        ({"value": True}, "float_type"),
        ({"value": "9.4"}, "float_type"),
        ({"note": 12}, "string_type"),
        ({"status": 1}, "enum"),
    ],
)
def test_an_entry_takes_no_coerced_value(changes: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError) as info:
        Entry.model_validate(entry(**changes))
    assert error in {e["type"] for e in info.value.errors()}


def comparison(**changes: Any) -> dict[str, Any]:
    data = {"id": "c", "kind": "comparison", "description": "d", "indicator": "i"}
    return {**data, "relation": "at_least", **changes}


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"accumulates": "yes"}, "bool_type"),
        ({"accumulates": "true"}, "bool_type"),
        ({"accumulates": 1}, "bool_type"),
        ({"reference": True}, "int_type"),
        ({"reference": "2020"}, "int_type"),
        ({"start": 1656547200}, "iso_date"),
    ],
)
def test_a_target_takes_no_coerced_value(changes: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError) as info:
        ComparisonTarget.model_validate(comparison(**changes))
    assert error in {e["type"] for e in info.value.errors()}


# --- located, through `avp validate` --------------------------------------------------------


def validate(invoke: Invoke, *paths: Path) -> tuple[int, list[str]]:
    result = invoke(["validate", *paths, "--format", "text"])
    lines = [line.split(":", 1)[1] for line in result.stdout.splitlines() if ": error: " in line]
    return result.exit_code, lines


def test_a_number_for_a_date_in_a_programme(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2021-03-17", "date: 1656547200"), encoding="utf-8")
    assert validate(invoke, path) == (
        1,
        [
            "6:19: error: programme.adopted.date: not a date: got a number "
            "(1656547200); write the date as YYYY-MM-DD, e.g. 2022-01-05 (schema)"
        ],
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(TARGETS / name, tmp_path / name)
    return tmp_path


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_number_for_a_date_in_a_log(invoke: Invoke, project: Path) -> None:
    log = project / "voortgang.yaml"
    replace_in(log, "date: 2021-04-01", "date: 1656547200")
    code, errors = validate(invoke, project / "programma.yaml", log)
    assert code == 1
    assert len(errors) == 1
    assert errors[0].endswith(
        ".date: not a date: got a number (1656547200); "
        "write the date as YYYY-MM-DD, e.g. 2022-01-05 (schema)"
    )


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("count: 3\n", "count: true\n", "count: expected a whole number, got a boolean"),
        ("count: 3\n", "count: '3'\n", "count: expected a whole number, got '3'"),
        ("value: 8\n", "value: true\n", "value: expected a number, got a boolean"),
        (
            "count: 3\n",
            "count: 1_000\n",
            "count: expected a whole number, got '1_000'; "
            "write the number without separators (schema)",
        ),
        (
            "value: 8\n",
            "value: 1_000.5\n",
            "value: expected a number, got '1_000.5'; write the number without separators (schema)",
        ),
    ],
)
def test_no_coerced_figure_in_a_log(
    invoke: Invoke, project: Path, old: str, new: str, error: str
) -> None:
    log = project / "voortgang.yaml"
    replace_in(log, old, new)
    code, errors = validate(invoke, project / "programma.yaml", log)
    assert code == 1
    assert len(errors) == 1
    assert error in errors[0]


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "relation: at_least\n",
            "relation: at_least\n                accumulates: yes\n",
            ".accumulates: expected true or false, got 'yes' (schema)",
        ),
        ("percent: 100\n", "percent: true\n", ".percent: expected a number"),
        (
            "count: 2\n",
            "count: 2_0\n",
            ".count: expected a whole number, got '2_0'; write the number without "
            "separators (schema)",
        ),
        (
            "per: week\n",
            "per: week\n                start: 2022-W01-1\n",
            ".start: not a date: got '2022-W01-1'; write the date as YYYY-MM-DD",
        ),
    ],
)
def test_no_coerced_value_in_a_programme(
    invoke: Invoke, project: Path, old: str, new: str, error: str
) -> None:
    """One error each: the checks read dates as the models do (an ISO week date is no
    start, so there is no 'ends before it starts' either)."""
    programme = project / "programma.yaml"
    replace_in(programme, old, new)
    code, errors = validate(invoke, programme)
    assert code == 1
    assert len(errors) == 1, errors
    assert error in errors[0]


def test_text_with_underscores_is_still_text(invoke: Invoke, project: Path) -> None:
    log = project / "voortgang.yaml"
    replace_in(log, "note: Drie schouwen.", "note: 1_000")
    assert validate(invoke, project / "programma.yaml", log) == (0, [])


def test_everything_bundled_still_validates(invoke: Invoke) -> None:
    data = sorted((ROOT / "data").glob("*.yaml"))
    assert data
    result = invoke(["validate", *data])
    assert result.exit_code == 0, result.output


# --- options ------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["2022-W26-4", "20220630", "2022-6-30", "2022-06-30T10:00"])
@pytest.mark.parametrize("command", [["report"], ["targets"]])
def test_as_of_takes_only_yyyy_mm_dd(
    invoke: Invoke, project: Path, command: list[str], day: str
) -> None:
    result = invoke([*command, "-f", project / "programma.yaml", "--as-of", day])
    assert result.exit_code == 2
    assert result.stderr == (
        f"avp: error: --as-of {day!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-06-30\n"
    )


@pytest.mark.parametrize("day", ["2022-W26-4", "20220630"])
def test_progress_options_take_only_yyyy_mm_dd(invoke: Invoke, project: Path, day: str) -> None:
    programme = project / "programma.yaml"
    before = (project / "voortgang.yaml").read_bytes()
    add = ["progress", "add", "-f", programme, "1.1.1", "--status", "on_track", "--note", "x"]
    result = invoke([*add, "--date", day])
    assert result.exit_code == 2  # a usage error, as --since's (issue 15, point 12)
    assert f"avp: error: --date {day!r} is not a date" in result.stderr
    assert (project / "voortgang.yaml").read_bytes() == before
    result = invoke(["progress", "list", "-f", programme, "--since", day])
    assert result.exit_code == 2
    assert f"avp: error: --since {day!r} is not a date" in result.stderr


# --- Issue 14: lenient parsing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        ("1656547200", "a number (1656547200)"),
        ("2022-06-30T10:00:00+02:00", "'2022-06-30T10:00:00+02:00'"),
        ("2022-06-30 10:00", "'2022-06-30 10:00'"),
        ("2022-W26-4", "'2022-W26-4'"),
        ("2022-181", "'2022-181'"),
    ],
)
def test_issue14_a_date_in_a_log_is_yyyy_mm_dd_only(
    invoke: Invoke, project: Path, day: str, shown: str
) -> None:
    """Issue 14: epoch integers and time-zone datetimes pass as dates (lenient parsing).

    Already refused on main (b81035e) for every form; kept as a regression test."""
    log = project / "voortgang.yaml"
    replace_in(log, "date: 2021-04-12", f"date: {day}")
    what, example = (
        ("a day without a time", "2022-06-30") if ":" in day else ("not a date", "2022-01-05")
    )
    assert validate(invoke, project / "programma.yaml", log) == (
        1,
        [
            f"4:11: error: entries[0].date: {what}: got {shown}; "
            f"write the date as YYYY-MM-DD, e.g. {example} (schema)"
        ],
    )


@pytest.mark.parametrize(
    "day", ["1656547200", "2022-06-30T10:00:00+02:00", "2022-06-30 10:00", "2022-181"]
)
def test_issue14_a_date_option_is_yyyy_mm_dd_only(invoke: Invoke, project: Path, day: str) -> None:
    """Issue 14: epoch integers and time-zone datetimes pass as dates (options)."""
    programme = project / "programma.yaml"
    before = (project / "voortgang.yaml").read_bytes()
    add = ["progress", "add", "-f", programme, "1.1.1", "--status", "on_track", "--note", "x"]
    result = invoke([*add, "--date", day])
    assert result.exit_code == 2
    assert f"avp: error: --date {day!r} is not a date" in result.stderr
    assert (project / "voortgang.yaml").read_bytes() == before
    result = invoke(["targets", "-f", programme, "--as-of", day])
    assert result.exit_code == 2
    assert f"avp: error: --as-of {day!r} is not a date" in result.stderr


FIRST_COUNT = "count: 1\n    note: Integrale bedrijvencontrole Oostvoorne."


@pytest.mark.parametrize(
    ("count", "error"),
    [
        ("1_000", "got '1_000'; write the number without separators"),
        ("1_0", "got '1_0'; write the number without separators"),
        ("0x1F", "got '0x1F'; write the number in decimal digits"),
        ("0o17", "got '0o17'; write the number in decimal digits"),
        ("1000000001", "must be 1,000,000,000 or less"),
        (str(10**30), "must be 1,000,000,000 or less"),
    ],
)
def test_issue14_a_count_in_a_log_is_plain_and_sane(
    invoke: Invoke, project: Path, count: str, error: str
) -> None:
    """Issue 14: `1_000` and `1_0` as counts, a count of 10^30 is accepted."""
    log = project / "voortgang.yaml"
    replace_in(log, FIRST_COUNT, f"count: {count}\n    note: x")
    code, errors = validate(invoke, project / "programma.yaml", log)
    assert code == 1
    assert len(errors) == 1
    assert errors[0].startswith("10:12: error: entries[1].count: ")
    assert error in errors[0]


def test_issue14_the_largest_count_is_taken(invoke: Invoke, project: Path) -> None:
    log = project / "voortgang.yaml"
    replace_in(log, FIRST_COUNT, "count: 1000000000\n    note: x")
    assert validate(invoke, project / "programma.yaml", log) == (0, [])


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("1e-400", "got '1e-400'; it is too close to 0 to be stored as a number"),
        ("-1e-400", "got '-1e-400'; it is too close to 0 to be stored as a number"),
        ("1e400", "got '1e400'; it is too large to be stored as a number"),
    ],
)
def test_issue14_a_value_in_a_log_is_stored_as_written(
    invoke: Invoke, project: Path, value: str, error: str
) -> None:
    """Issue 14: `1e-400` becomes 0."""
    log = project / "voortgang.yaml"
    replace_in(log, "value: 9.4\n", f"value: {value}\n")
    code, errors = validate(invoke, project / "programma.yaml", log)
    assert code == 1
    assert len(errors) == 1
    assert errors[0].startswith("33:12: error: entries[5].value: expected a number")
    assert error in errors[0]


@pytest.mark.parametrize("value", ["0.0e-400", "0", "1e-300"])
def test_small_values_are_values(invoke: Invoke, project: Path, value: str) -> None:
    log = project / "voortgang.yaml"
    replace_in(log, "value: 9.4\n", f"value: {value}\n")
    assert validate(invoke, project / "programma.yaml", log) == (0, [])


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("author: J. de Vries", "author: '   '", "7:13: error: entries[0].author"),
        ("note: Eerste controle gepland.", 'note: "\\t "', "6:11: error: entries[0].note"),
        ("    author: J. de Vries\n", "    author: J. de Vries\n    source: ' '\n", "8:13"),
    ],
)
def test_issue14_a_text_in_a_log_is_not_blank(
    invoke: Invoke, project: Path, old: str, new: str, where: str
) -> None:
    """Issue 14: an author of only spaces is accepted."""
    log = project / "voortgang.yaml"
    replace_in(log, old, new)
    code, errors = validate(invoke, project / "programma.yaml", log)
    assert code == 1
    assert len(errors) == 1
    assert errors[0].startswith(where)
    assert errors[0].endswith(
        "the text is blank (only white space); write what it should say (schema)"
    )


def test_a_blank_text_in_a_programme(invoke: Invoke, project: Path) -> None:
    programme = project / "programma.yaml"
    text = programme.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("municipality:"))
    replace_in(programme, old, old.split(":")[0] + ": ' '")
    code, errors = validate(invoke, programme)
    assert code == 1
    assert [e.split(": error: ")[1] for e in errors] == [
        "programme.municipality: the text is blank (only white space); write what it should "
        "say (schema)"
    ]


def add_figure(invoke: Invoke, project: Path, *args: str) -> Any:
    programme = project / "programma.yaml"
    command = ["progress", "add", "-f", programme, "--author", "T", "--date", "2022-06-01"]
    return invoke([*command, *args, "--note", "x", "--format", "json"])


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("1_000", "--count '1_000' is not a count; write a whole number of 0 or more in plain "
         "digits, e.g. 3"),
        (" 12 ", "--count ' 12 ' is not a count"),
        ("١٢", "--count '١٢' is not a count"),
        ("１２", "--count '１２' is not a count"),
        ("+3", "--count '+3' is not a count"),
        ("-1", "--count '-1' is not a count"),
        ("1e3", "--count '1e3' is not a count"),
        ("", "--count '' is not a count"),
        ("1000000001", "--count 1000000001 is too large; a count is at most 1,000,000,000"),
        (str(10**30), f"--count {10**30} is too large; a count is at most 1,000,000,000"),
    ],
)  # fmt: skip
def test_issue14_a_count_option_is_plain_and_sane(count: str, message: str) -> None:
    """Issue 14: `1_000` and `1_0` as counts, a count of 10^30 is accepted (--count)."""
    from avp.cli.common import count_option

    with pytest.raises(UsageError) as info:
        count_option(count, "--count")
    assert info.value.message.startswith(message)
    assert info.value.message.endswith(("plain digits, e.g. 3", "at most 1,000,000,000"))


@pytest.mark.parametrize("count", ["0", "7", "1000000000"])
def test_a_count_option(count: str) -> None:
    from avp.cli.common import count_option

    assert count_option(count, "--count") == int(count)
    assert count_option(None, "--count") is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1,000", "is ambiguous: is ',' a thousands separator or a decimal one? "
         "Write 1000 or 1,0"),
        ("1.000", "is ambiguous: is '.' a thousands separator or a decimal one? "
         "Write 1000 or 1,0"),
        ("-12,500", "is ambiguous: is ',' a thousands separator or a decimal one? "
         "Write -12500 or -12,5"),
        ("12,345", "is ambiguous: is ',' a thousands separator or a decimal one? "
         "Write 12345 or 12,3450"),
        ("1e-400", "is too close to 0 to be stored as a number; write 0 or a larger number"),
        ("1e400", "is too large to be stored as a number"),
        ("inf", "is not a number; write it like 9.4 or 9,4 (digits, no thousands separators)"),
        ("nan", "is not a number; write it like 9.4 or 9,4 (digits, no thousands separators)"),
        ("1_000", "is not a number; write it like 9.4 or 9,4 (digits, no thousands separators)"),
        ("1.000.000", "is not a number; write it like 9.4 or 9,4 (digits, no thousands "
         "separators)"),
        ("1.000,5", "is not a number; write it like 9.4 or 9,4 (digits, no thousands separators)"),
        ("٩,٤", "is not a number; write it like 9.4 or 9,4 (digits, no thousands separators)"),
        (",", "is not a number; write it like 9.4 or 9,4 (digits, no thousands separators)"),
    ],
)  # fmt: skip
def test_issue14_a_value_option_is_not_ambiguous(value: str, message: str) -> None:
    """Issue 14: `--value 1,000` becomes 1, `1e-400` becomes 0."""
    from avp.cli.common import number_option

    with pytest.raises(UsageError) as info:
        number_option(value, "--value")
    assert info.value.message == f"--value {value!r} {message}"


@pytest.mark.parametrize(
    ("value", "number"),
    [("9,4", 9.4), ("9.4", 9.4), ("-2,5", -2.5), ("0,125", 0.125), ("1,0", 1.0), ("1000", 1000),
     ("1,0000", 1.0), (",5", 0.5), ("1e3", 1000.0), (" 9,4 ", 9.4), ("0.0e-400", 0.0)],
)  # fmt: skip
def test_a_value_option(value: str, number: float) -> None:
    from avp.cli.common import number_option

    assert number_option(value, "--value") == number


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1.1.1", "--count", "1_000"], "avp: error: --count '1_000' is not a count"),
        (["1.1.1", "--count", str(10**30)], f"avp: error: --count {10**30} is too large"),
        (["1.1.3", "--value", "1,000"], "avp: error: --value '1,000' is ambiguous"),
        (["1.1.3", "--value", "1e-400"], "avp: error: --value '1e-400' is too close to 0"),
    ],
)
def test_issue14_progress_add_refuses_a_lenient_figure(
    invoke: Invoke, project: Path, args: list[str], message: str
) -> None:
    """Issue 14: `1_000` as a count, `--value 1,000` becomes 1, `1e-400` becomes 0, a count
    of 10^30 is accepted (through `avp progress add`: exit 2, nothing written)."""
    before = (project / "voortgang.yaml").read_bytes()
    result = add_figure(invoke, project, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert (project / "voortgang.yaml").read_bytes() == before


def test_progress_add_takes_plain_figures(invoke: Invoke, project: Path) -> None:
    result = add_figure(invoke, project, "1.1.1", "--count", "1000000000")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["count"] == 1000000000
    result = add_figure(invoke, project, "1.1.3", "--value", "-2,5")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["value"] == -2.5


@pytest.mark.parametrize("option", ["--author", "--note", "--source", "--correction"])
def test_issue14_a_text_option_is_not_blank(invoke: Invoke, project: Path, option: str) -> None:
    """Issue 14: an author of only spaces is accepted (options)."""
    programme = project / "programma.yaml"
    before = (project / "voortgang.yaml").read_bytes()
    args = {"--author": "T", "--note": "x", "--source": "s", "--correction": "c", option: " \t "}
    command = ["progress", "add", "-f", programme, "1.1.1", "--status", "at_risk"]
    result = invoke([*command, "--date", "2022-06-01", *(a for kv in args.items() for a in kv)])
    assert result.exit_code == 2  # a bad option value (issue 15, point 12)
    name = option.removeprefix("--")
    assert result.stderr == (
        f"avp: error: {name}: the text is blank (only white space); write what it should say\n"
    )
    assert (project / "voortgang.yaml").read_bytes() == before
