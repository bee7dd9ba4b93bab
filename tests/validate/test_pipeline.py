"""`avp validate` on progress logs: each problem located, checked against the programme."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from avp.validate.pipeline import Validator, file_kind, programme_naming
from tests.conftest import BUNDLED, FIXTURES, MINIMAL, Invoke

PROGRESS = FIXTURES / "progress"
BAD_LOGS = PROGRESS / "bad"
PROGRAMME = PROGRESS / "programma.yaml"
GOLDEN = PROGRESS / "golden.yaml"
# How avp shows the files of _project() (relative to the working directory, OS separators).
LOG = str(Path("data", "voortgang.yaml"))
PROG = str(Path("data", "programma.yaml"))

# fixture -> the exact problem lines after "PATH:"
CASES = {
    "unknown-measure.yaml": [
        "7:14: error: entries[1].measure: unknown measure '1.2.1' (did you mean '1.1.1'?); "
        "the programme has no field, theme or measure with this id (unknown-measure)"
    ],
    "impossible-date.yaml": [
        "3:11: error: entries[0].date: not a real date: February 2022 has no 30th; write "
        "YYYY-MM-DD (schema)"
    ],
    "unknown-status.yaml": [
        "4:13: error: entries[0].status: unknown status 'ontrack' (did you mean 'on_track'?); "
        "choose from not_started (niet gestart), on_track (op koers), at_risk (aandacht), "
        "off_track (achter), done (afgerond), dropped (vervallen) (unknown-status)"
    ],
    "supersedes.yaml": [
        "9:17: error: entries[1].supersedes: no entry of this log has the id 'k3f9x2m7qb'; "
        "give the id of the entry to correct (avp progress list shows the ids) (supersedes)"
    ],
    "correction-missing.yaml": [
        "2:5: error: entries[0]: status 'at_risk' (aandacht) needs a 'correction': say what is "
        "done to get back on track (correction-required)"
    ],
    "control-character.yaml": [
        "5:11: error: entries[0].note: text holds control characters (U+001B); remove them "
        "(control-character)"
    ],
    "bell.yaml": [
        "6:13: error: entries[0].author: text holds control characters (U+0007); remove them "
        "(control-character)"
    ],
    "bidi.yaml": [  # written as the character itself, not as an escape
        "5:11: error: entries[0].note: text holds control characters (U+202E); remove them "
        "(control-character)"
    ],
    "future-date.yaml": [
        "3:11: error: entries[0].date: date 2999-01-01 is in the future; record progress once "
        "it happened (future-date)"
    ],
    "unknown-key.yaml": [
        "2:5: error: entries[0]: missing required key 'note' (missing-key)",
        "5:5: error: entries[0].notitie: unknown key 'notitie' (did you mean 'note'?) "
        "(unknown-key)",
    ],
    "empty-note.yaml": [
        "5:11: error: entries[0].note: the text is empty; write what it should say (schema)"
    ],
    "bad-measure-id.yaml": [
        "2:14: error: entries[0].measure: expected text, got a number (1.1); "
        "put it in quotes to make it text, as YAML reads 1.10 as 1.1 (schema)"
    ],
}


def test_every_bad_log_has_a_case() -> None:
    assert {p.name for p in BAD_LOGS.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_log_is_located(invoke: Invoke, name: str) -> None:
    path = BAD_LOGS / name
    result = invoke(["validate", "--file", PROGRAMME, path, "--format", "text"])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [f"{path}:{line}" for line in CASES[name]]
    errors = len(CASES[name])
    assert result.stderr == (
        f"1 file checked: {errors} error(s), 0 warning(s); {path} against {PROGRAMME} (--file)\n"
    )
    assert "Traceback" not in result.output


def test_dates_outside_the_period_are_warnings_with_grace(invoke: Invoke) -> None:
    path = PROGRESS / "period.yaml"
    result = invoke(["validate", "--file", PROGRAMME, path])
    assert result.exit_code == 0  # warnings do not fail
    assert result.stdout.splitlines() == [
        f"{path}:4:11: warning: entries[0].date: date 2020-12-31 is before the programme "
        "period (2021-01-01 to 2022-12-31) (outside-period)",
        # 2021-01-01 (first day) and 2023-03-31 (last day of grace) are fine
        f"{path}:19:11: warning: entries[3].date: date 2023-04-01 is after the programme "
        "period (2021-01-01 to 2022-12-31, with 90 days for late figures: until 2023-03-31) "
        "(outside-period)",
    ]
    assert result.stderr == (
        f"1 file checked: 0 error(s), 2 warning(s); {path} against {PROGRAMME} (--file)\n"
    )


def test_golden_log_is_valid(invoke: Invoke) -> None:
    result = invoke(["validate", "--file", PROGRAMME, GOLDEN])
    assert (result.exit_code, result.stdout) == (0, "")


def test_json_format_has_yaml_path(invoke: Invoke) -> None:
    import json

    path = BAD_LOGS / "unknown-measure.yaml"
    result = invoke(["validate", "-f", PROGRAMME, path, "--format", "json"])
    (problem,) = json.loads(result.stdout)
    assert problem["rule"] == "unknown-measure"
    assert problem["yaml_path"] == "entries[1].measure"
    assert (problem["line"], problem["column"]) == (7, 14)


def _project(tmp_path: Path, log_text: str, *, log_name: str = "voortgang.yaml") -> Path:
    """A programme naming ``log_name`` in tmp_path, an avp.toml pointing at it, the log."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(PROGRAMME, data / "programma.yaml")
    (data / log_name).write_text(log_text, encoding="utf-8")
    (tmp_path / "avp.toml").write_text('programme = "data/programma.yaml"\n', encoding="utf-8")
    return data


def test_no_path_validates_the_programme_and_its_log(invoke: Invoke, tmp_path: Path) -> None:
    data = _project(tmp_path, (BAD_LOGS / "unknown-measure.yaml").read_text(encoding="utf-8"))
    result = invoke(["validate"])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{LOG}:7:14: error: entries[1].measure:")
    assert result.stderr == (
        f"2 files checked: 1 error(s), 0 warning(s); {LOG} against {PROG} (named by avp.toml)\n"
    )
    (data / "voortgang.yaml").unlink()  # a missing log is no entries yet, not an error
    result = invoke(["validate"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"1 file checked: 0 error(s), 0 warning(s); programme {PROG} (named by avp.toml)\n"
    )


def test_no_path_with_file_option(invoke: Invoke, tmp_path: Path) -> None:
    data = _project(tmp_path, GOLDEN.read_text(encoding="utf-8"))
    result = invoke(["validate", "--file", data / "programma.yaml"])
    assert (result.exit_code, result.stderr) == (
        0,
        f"2 files checked: 0 error(s), 0 warning(s); {LOG} against {PROG} (--file)\n",
    )


def test_a_log_alone_is_checked_against_the_sibling_that_names_it(
    invoke: Invoke, tmp_path: Path
) -> None:
    # 1.1.2 exists in the sibling programme; the bundled programme (the fallback here, as
    # there is no avp.toml in the working directory) would accept it too, but its period
    # starts in 2021 where the sibling's starts in 2015: no warning proves the sibling won.
    log = (
        "entries:\n  - measure: 1.1.2\n    date: 2016-05-01\n    status: done\n"
        "    note: Klaar.\n    author: J. de Vries\n"
    )
    data = tmp_path / "elders"
    data.mkdir()
    text = PROGRAMME.read_text(encoding="utf-8").replace(
        "period: {start: 2021-01-01, end: 2022-12-31}",
        "period: {start: 2015-01-01, end: 2016-12-31}",
    )
    (data / "programma.yaml").write_text(text, encoding="utf-8")
    (data / "voortgang.yaml").write_text(log, encoding="utf-8")
    result = invoke(["validate", data / "voortgang.yaml"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert programme_naming(data / "voortgang.yaml") == data / "programma.yaml"
    shown_log, shown_programme = Path("elders", "voortgang.yaml"), Path("elders", "programma.yaml")
    assert result.stderr == (
        f"1 file checked: 0 error(s), 0 warning(s); {shown_log} against {shown_programme} "
        "(beside it)\n"
    )
    # Without the sibling: the schema only, and a warning that says so; never the bundled
    # programme (its period would warn about 2016).
    (data / "programma.yaml").unlink()
    result = invoke(["validate", data / "voortgang.yaml"])
    assert result.exit_code == 0
    assert result.stdout == (f"{shown_log}: warning: {NO_PROGRAMME_MESSAGE} (no-programme)\n")
    assert result.stderr == (
        f"1 file checked: 0 error(s), 1 warning(s); {shown_log} against no programme "
        "(schema only)\n"
    )
    assert invoke(["validate", "--strict", data / "voortgang.yaml"]).exit_code == 1


NO_PROGRAMME_MESSAGE = (
    "no programme names this log, so only its schema was checked, not its measure ids and "
    'dates; name the programme with --file, or in an avp.toml (programme = "...") or a '
    "programme file beside the log whose progress_log names it"
)

_ENTRY_1_1_2 = (
    "entries:\n  - measure: 1.1.2\n    date: 2022-05-01\n    status: done\n"
    "    note: Klaar.\n    author: J. de Vries\n"
)


def _split_project(root: Path, *, log: str = _ENTRY_1_1_2) -> tuple[Path, Path]:
    """root/avp.toml -> root/programma/programma.yaml, which names root/logs/voortgang.yaml:
    no programme beside the log, so only the avp.toml can tell which programme it has."""
    (root / "programma").mkdir(parents=True)
    (root / "logs").mkdir()
    text = PROGRAMME.read_text(encoding="utf-8").replace(
        "progress_log: voortgang.yaml", "progress_log: ../logs/voortgang.yaml"
    )
    assert "../logs/voortgang.yaml" in text
    programme = root / "programma" / "programma.yaml"
    programme.write_text(text, encoding="utf-8")
    (root / "logs" / "voortgang.yaml").write_text(log, encoding="utf-8")
    (root / "avp.toml").write_text('programme = "programma/programma.yaml"\n', encoding="utf-8")
    return programme, root / "logs" / "voortgang.yaml"


def test_a_log_is_checked_against_the_avp_toml_above_it_that_names_it(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The working directory (tmp_path) has no avp.toml; the log's folder's parent has."""
    bad = (BAD_LOGS / "unknown-measure.yaml").read_text(encoding="utf-8")
    _, log = _split_project(tmp_path / "project", log=bad)
    result = invoke(["validate", log])
    assert result.exit_code == 1
    shown = Path("project", "logs", "voortgang.yaml")
    assert result.stdout.startswith(f"{shown}:7:14: error: entries[1].measure: unknown measure")
    config = Path("project", "avp.toml")
    assert result.stderr.endswith(
        f"; {shown} against {Path('project', 'programma', 'programma.yaml')} (named by {config})\n"
    )
    # The same from inside the project (its avp.toml is the working directory's now).
    monkeypatch.chdir(tmp_path / "project" / "logs")
    result = invoke(["validate", log])
    assert result.exit_code == 1
    assert result.stderr.endswith(f"(named by {(tmp_path / 'project' / 'avp.toml').resolve()})\n")


def test_an_avp_toml_whose_programme_names_another_log_is_not_used(
    invoke: Invoke, tmp_path: Path
) -> None:
    """The hazard: an old log checked against this year's programme. Compared resolved."""
    _, log = _split_project(tmp_path)
    old = log.with_name("voortgang-oud.yaml")
    old.write_text(_ENTRY_1_1_2.replace("1.1.2", "9.9.9"), encoding="utf-8")
    result = invoke(["validate", old, log])
    assert result.exit_code == 0, result.output  # 9.9.9 is not judged by the wrong programme
    assert result.stdout == (
        f"{Path('logs', 'voortgang-oud.yaml')}: warning: {NO_PROGRAMME_MESSAGE} (no-programme)\n"
    )
    assert f"{Path('logs', 'voortgang-oud.yaml')} against no programme (schema only)" in (
        result.stderr
    )
    # A programme named through a link or with ./ and .. in its path is still the same file.
    (tmp_path / "avp.toml").write_text(
        'programme = "./logs/../programma/programma.yaml"\n', encoding="utf-8"
    )
    result = invoke(["validate", log])
    assert (result.exit_code, result.stdout) == (0, "")


def test_the_programme_of_avp_file_is_used_only_when_it_names_the_log(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programme, log = _split_project(tmp_path / "project")
    (tmp_path / "project" / "avp.toml").unlink()
    monkeypatch.setenv("AVP_FILE", str(programme))
    result = invoke(["validate", log])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.endswith("(AVP_FILE)\n")
    other = log.with_name("ander.yaml")
    other.write_text(_ENTRY_1_1_2, encoding="utf-8")
    result = invoke(["validate", other])
    assert "(no-programme)" in result.stdout


def test_file_option_is_used_for_every_log_even_the_bundled_programme(
    invoke: Invoke, tmp_path: Path
) -> None:
    (tmp_path / "v.yaml").write_text(_ENTRY_1_1_2.replace("2022", "2016"), encoding="utf-8")
    result = invoke(["validate", "--file", BUNDLED, "v.yaml"])
    assert result.exit_code == 0
    assert "before the programme period (2021-01-01 to 2022-12-31) (outside-period)" in (
        result.stdout
    )
    assert result.stderr.endswith(f"; v.yaml against {BUNDLED} (--file)\n")


def test_a_broken_avp_toml_above_a_log_is_a_located_error(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, log = _split_project(tmp_path / "project")
    (tmp_path / "project" / "avp.toml").write_text("programme = programma.yaml\n", "utf-8")
    result = invoke(["validate", log])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{Path('project', 'avp.toml')}:1:13: error: not valid TOML: invalid value; it should "
        'hold the line programme = "path/to/programme.yaml" (the path in double quotes) '
        "(config)\n"
    )
    assert "against no programme (schema only)" in result.stderr
    result = invoke(["validate", log, "--format", "json"])
    (problem,) = json.loads(result.stdout)
    assert (problem["rule"], problem["line"], problem["column"]) == ("config", 1, 13)
    # In the working directory it is an error before anything is checked, as for every command.
    monkeypatch.chdir(tmp_path / "project")
    result = invoke(["validate"])
    assert result.exit_code == 2
    assert result.stderr.startswith("avp: error: avp.toml:1:13: not valid TOML")


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_the_summary_names_each_logs_programme_and_stdout_stays_parsable(
    invoke: Invoke, tmp_path: Path, fmt: str
) -> None:
    data = _project(tmp_path, (BAD_LOGS / "unknown-measure.yaml").read_text(encoding="utf-8"))
    (data / "los.yaml").write_text(_ENTRY_1_1_2, encoding="utf-8")
    result = invoke(["validate", data / "voortgang.yaml", data / "los.yaml", "--format", fmt])
    assert result.exit_code == 1
    los = Path("data", "los.yaml")
    assert result.stderr == (
        f"2 files checked: 1 error(s), 1 warning(s); {LOG} against {PROG} (named by avp.toml); "
        f"{los} against no programme (schema only)\n"
    )
    if fmt == "json":
        assert {p["rule"] for p in json.loads(result.stdout)} == {"unknown-measure", "no-programme"}
    elif fmt == "github":
        assert all(line.startswith("::") for line in result.stdout.splitlines())
    else:
        assert all(
            re.match(r"^\S+: (error|warning): .* \([a-z-]+\)$", line)
            for line in result.stdout.splitlines()
        )


def test_programme_and_log_given_together(invoke: Invoke, tmp_path: Path) -> None:
    data = _project(tmp_path, (BAD_LOGS / "future-date.yaml").read_text(encoding="utf-8"))
    result = invoke(["validate", data / "voortgang.yaml", data / "programma.yaml"])
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{LOG}:3:11: error: entries[0].date: date 2999")
    assert result.stderr == (
        f"2 files checked: 1 error(s), 0 warning(s); {LOG} against {PROG} (named by avp.toml)\n"
    )


def test_log_of_an_invalid_programme_says_it_was_not_checked(
    invoke: Invoke, tmp_path: Path
) -> None:
    log = GOLDEN.read_text(encoding="utf-8")
    data = _project(tmp_path, log)
    programme = data / "programma.yaml"
    programme.write_text(
        programme.read_text(encoding="utf-8").replace("id: politie", "id: polite"), "utf-8"
    )
    result = invoke(["validate", LOG])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{LOG}: error: measure ids and dates not checked: the programme "
        f"{PROG} is invalid (avp validate {PROG} lists why) (programme)\n"
    )
    # Given together, the programme's own problems say it; no second message.
    result = invoke(["validate", LOG, PROG])
    assert all(line.startswith(f"{PROG}:") for line in result.stdout.splitlines())


def test_crlf_log_is_located_like_lf(invoke: Invoke, tmp_path: Path) -> None:
    text = (BAD_LOGS / "unknown-status.yaml").read_text(encoding="utf-8")
    (tmp_path / "crlf.yaml").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    result = invoke(["validate", "-f", PROGRAMME, "crlf.yaml"])
    assert result.stdout.startswith("crlf.yaml:4:13: error: entries[0].status: unknown status")


def test_yaml_errors_in_a_log_are_reported_like_in_a_programme(
    invoke: Invoke, tmp_path: Path
) -> None:
    (tmp_path / "v.yaml").write_text("entries:\n  - measure: [1\n", encoding="utf-8")
    result = invoke(["validate", "-f", PROGRAMME, "v.yaml"])
    assert result.exit_code == 1
    assert result.stdout.startswith("v.yaml:3:1: error:")
    assert result.stdout.endswith("(syntax)\n")


def test_empty_and_null_entries_are_valid(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("entries: []\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("entries:  # nog niets\n", encoding="utf-8")
    result = invoke(["validate", "-f", PROGRAMME, "a.yaml", "b.yaml"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_kind_is_detected_from_content() -> None:
    assert file_kind(GOLDEN.read_text(encoding="utf-8"), "g") == "progress"
    assert file_kind(MINIMAL.read_text(encoding="utf-8"), "m") == "programme"
    assert file_kind("entries: [\n", "broken") == "progress"
    assert file_kind("programme: {\n", "broken") == "programme"
    assert file_kind("- a\n", "list") == "programme"


def test_validator_without_programme_checks_the_schema_only() -> None:
    """Inside this repository too: its avp.toml names the Westvoorne programme, whose log is
    not this one."""
    problems = Validator().validate(BAD_LOGS / "unknown-measure.yaml")
    assert [p.rule for p in problems] == ["no-programme"]
    problems = Validator().validate(BAD_LOGS / "future-date.yaml")
    assert sorted(p.rule for p in problems) == ["future-date", "no-programme"]


def test_bundled_programme_still_valid_with_progress_schema(invoke: Invoke) -> None:
    result = invoke(["validate", BUNDLED])
    assert (result.exit_code, result.stdout) == (0, "")


def test_schema_command_prints_the_progress_schema(invoke: Invoke) -> None:
    import json

    result = invoke(["schema", "progress"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "avp progress log"
    assert schema["properties"]["entries"]["type"] == ["array", "null"]
    entry = schema["$defs"]["Entry"]
    assert entry["additionalProperties"] is False
    assert entry["then"] == {
        "required": ["correction"],
        "properties": {"correction": {"type": "string"}},
    }


@pytest.mark.parametrize(
    "line",
    ["    note: a\u2028b\n", "    <<: {note: a}\n"],
    ids=["line-separator", "merge-key"],
)
def test_validate_refuses_what_the_other_commands_cannot_read(
    invoke: Invoke, tmp_path: Path, line: str
) -> None:
    """The round-trip loader takes these; the fast one that every command reads with
    does not, so validate must not pass them."""
    shutil.copy(PROGRAMME, tmp_path / "programma.yaml")
    log = tmp_path / "voortgang.yaml"
    head = "entries:\n  - measure: 1.1.1\n    date: 2022-02-28\n    status: on_track\n"
    log.write_text(head + line + "    author: J. de Vries\n", encoding="utf-8")
    checked = invoke(["validate", "--file", tmp_path / "programma.yaml", "--format", "text"])
    listed = invoke(["list", "--file", tmp_path / "programma.yaml"])
    assert checked.exit_code == 1 and listed.exit_code == 1
    (problem,) = checked.stdout.splitlines()
    assert problem in listed.stderr
