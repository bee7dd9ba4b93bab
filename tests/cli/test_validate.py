"""`avp validate`: one fixture per kind of bad input, each located, none a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import BAD, BUNDLED, FIXTURES, MINIMAL, Invoke

# fixture -> (exit code, the exact problem line after "PATH:")
CASES = {
    "syntax.yaml": "41:19: error: expected ',' or ']', but got ':' (syntax)",
    "tab.yaml": "11:1: error: tab character: YAML indents with spaces only; "
    "replace the tab by spaces (tab)",
    "duplicate-key.yaml": '19:5: error: found duplicate key "name"; remove or rename one of '
    "them (the mapping starts at line 17) (duplicate-key)",
    "alias.yaml": "36:15: error: anchors (&doel) are not allowed; write the value out (anchor)",
    "unknown-key.yaml": "46:13: error: fields[0].themes[0].measures[1].resultaat: unknown key "
    "'resultaat' (did you mean 'result'?) (unknown-key)",
    "wrong-type.yaml": "46:9: error: fields[1].id: expected text, "
    "got a number (2.1); put it in quotes to make it text, as YAML reads 1.10 as 1.1 (schema)",
    "missing-value.yaml": "42:13: error: fields[0].themes[0].measures[1]: missing required key "
    "'text' (missing-key)",
    "empty.yaml": "1:1: error: the file is empty; it must hold a mapping (empty)",
    "several-documents.yaml": "9:1: error: the file holds more than one YAML document (---); "
    "keep one (documents)",
    "not-utf8.yaml": "32:21: error: not UTF-8: byte 0xeb cannot be decoded (it looks like "
    "Windows-1252 or Latin-1, what older Windows programs write); save the file as UTF-8 "
    "(encoding)",
    "impossible-date.yaml": "6:19: error: programme.adopted.date: not a real date: February "
    "2021 has no 30th; write YYYY-MM-DD (schema)",
    "deep-nesting.yaml": "8:72: error: nested more than 64 levels deep (depth)",
    "python-tag.yaml": "7:11: error: tag 'tag:yaml.org,2002:python/object/apply:os.system' is "
    "not allowed; remove it (quote a value to keep it text) (tag)",
    "unknown-partner.yaml": "40:34: error: fields[0].themes[0].measures[0].partners[1]: unknown "
    "partner 'polite' (did you mean 'politie'?); add it to 'partners' or fix the id "
    "(partner-ref)",
    "parent-cycle.yaml": "12:13: error: partners[0].parent: partner parents form a cycle: "
    "gemeente -> boa -> gemeente (parent-cycle)",
    "unknown-parent.yaml": "24:13: error: partners[4].parent: unknown parent partner 'vr' "
    "(did you mean 'vrr'?) (partner-ref)",
    "duplicate-term.yaml": "28:11: error: glossary[1].term: duplicate glossary term 'boa' "
    "(first at glossary[0]) (duplicate-term)",
    "unquoted-theme-id.yaml": "34:13: error: fields[0].themes[0].id: expected text, "
    "got a number (1.1); put it in quotes to make it text, as YAML reads 1.10 as 1.1 "
    "(schema)",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_located(invoke: Invoke, name: str) -> None:
    path = BAD / name
    result = invoke(["validate", path, "--format", "text"])
    assert result.exit_code == 1, result.output
    assert result.stdout == f"{path}:{CASES[name]}\n"
    assert "Traceback" not in result.output
    assert result.stderr == "1 file checked: 1 error(s), 0 warning(s)\n"


def test_every_bad_fixture_has_a_case() -> None:
    assert {p.name for p in BAD.glob("*.yaml")} == {*CASES, "duplicate-id.yaml", "id-position.yaml"}


def test_duplicate_id_reports_all_problems_sorted(invoke: Invoke) -> None:
    path = BAD / "duplicate-id.yaml"
    result = invoke(["validate", path])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:42:17: error: fields[0].themes[0].measures[1].id: duplicate id '1.1.1': "
        "measure 1.1.1 at fields[0].themes[0].measures[0] has it too; every field, theme and "
        "measure needs its own id (duplicate-id)",
    ]


def test_ids_need_not_follow_positions_unless_the_programme_opts_in(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Ids are the document's numbers; `enable: [id-position]` asks for the positional lint."""
    path = BAD / "id-position.yaml"
    text = path.read_text(encoding="utf-8")
    assert "enable: [id-position]" in text
    result = invoke(["validate", path])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{path}:50:13: warning: fields[1].themes[0].id: theme id '2.2' does not follow its "
        "place: expected '2.1' (the programme enables id-position) (id-position)",
    ]
    quiet = tmp_path / "programma.yaml"
    quiet.write_text(text.replace("  enable: [id-position]\n", ""), encoding="utf-8")
    result = invoke(["validate", quiet])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text.replace("[id-position]", "[id-positon]"), encoding="utf-8")
    result = invoke(["validate", wrong])
    assert result.exit_code == 1
    assert "'id-positon' is not an opt-in check (did you mean 'id-position'?)" in result.stdout


def test_several_files_collect_all_problems(invoke: Invoke) -> None:
    files = [BAD / "tab.yaml", MINIMAL, BAD / "alias.yaml"]
    result = invoke(["validate", *files])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        str(BAD / "alias.yaml"),
        str(BAD / "tab.yaml"),
    ]
    assert result.stderr == "3 files checked: 2 error(s), 0 warning(s)\n"


def test_valid_file_exits_zero(invoke: Invoke) -> None:
    result = invoke(["validate", MINIMAL])
    assert result.exit_code == 0
    assert result.stdout == ""


def test_bundled_programme_is_valid(invoke: Invoke) -> None:
    result = invoke(["validate", BUNDLED])
    assert (result.exit_code, result.stdout) == (0, "")


def test_no_path_validates_the_current_programme(invoke: Invoke) -> None:
    """Without --file, AVP_FILE or avp.toml: the bundled programme, and the summary says so."""
    result = invoke(["validate"])
    assert result.exit_code == 0
    assert result.stderr.startswith("1 file checked: 0 error(s), 0 warning(s); programme ")
    assert result.stderr.endswith(f"{BUNDLED.name} (bundled with avp: nothing chose a programme)\n")


def test_missing_file_is_exit_2(invoke: Invoke) -> None:
    result = invoke(["validate", "nope.yaml"])
    assert result.exit_code == 2
    assert result.stdout == "nope.yaml: error: no such file (io)\n"


def test_directory_is_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    result = invoke(["validate", "dir.yaml"])
    assert result.exit_code == 2
    assert result.stdout == "dir.yaml: error: is a directory, not a YAML file (io)\n"


def test_unreadable_beats_invalid(invoke: Invoke) -> None:
    result = invoke(["validate", BAD / "tab.yaml", "nope.yaml"])
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 2


def test_json_format(invoke: Invoke) -> None:
    result = invoke(["validate", BAD / "unknown-partner.yaml", "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr == "1 file checked: 1 error(s), 0 warning(s)\n"  # stdout is JSON only
    (problem,) = json.loads(result.stdout)
    assert problem == {
        "path": str(BAD / "unknown-partner.yaml"),
        "line": 40,
        "column": 34,
        "level": "error",
        "message": "unknown partner 'polite' (did you mean 'politie'?); "
        "add it to 'partners' or fix the id",
        "rule": "partner-ref",
        "yaml_path": "fields[0].themes[0].measures[0].partners[1]",
    }


def test_json_format_valid_is_empty_list(invoke: Invoke) -> None:
    result = invoke(["validate", MINIMAL, "--format", "json"])
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_github_format(invoke: Invoke) -> None:
    result = invoke(["validate", BAD / "tab.yaml", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"::error file={BAD / 'tab.yaml'},line=11,col=1,title=avp tab::tab character: YAML "
        "indents with spaces only; replace the tab by spaces\n"
    )


def test_auto_format_is_github_under_actions(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = invoke(["validate", BAD / "tab.yaml"])
    assert result.stdout.startswith("::error file=")


def test_relative_paths_are_shown_as_given(invoke: Invoke, tmp_path: Path) -> None:
    shutil.copy(BAD / "tab.yaml", tmp_path / "mine.yaml")
    result = invoke(["validate", "mine.yaml"])
    assert result.stdout.startswith("mine.yaml:11:1: error: tab character")


def test_crlf_file_is_located_like_lf(invoke: Invoke, tmp_path: Path) -> None:
    text = (BAD / "unknown-partner.yaml").read_text(encoding="utf-8")
    (tmp_path / "crlf.yaml").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    result = invoke(["validate", "crlf.yaml"])
    assert result.stdout.startswith("crlf.yaml:40:34: error:")


def test_bom_is_accepted(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + MINIMAL.read_bytes())
    assert invoke(["validate", "bom.yaml"]).exit_code == 0


def test_validate_parses_a_programme_once(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log it names, its check and its loading for the log share one parse."""
    from avp.programme import load as validate
    from avp.yamlio import loader

    progress = FIXTURES / "progress"
    shutil.copy(progress / "programma.yaml", tmp_path / "programma.yaml")
    shutil.copy(progress / "golden.yaml", tmp_path / "voortgang.yaml")
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    validate.programme_data.cache_clear()
    calls: list[str] = []
    real = loader.load

    def counting(text: str, shown: str) -> object:
        calls.append(shown)
        return real(text, shown)

    monkeypatch.setattr(loader, "load", counting)
    result = invoke(["validate", "--file", tmp_path / "programma.yaml"])
    assert result.exit_code == 0, result.output
    assert "2 files checked" in result.stderr
    assert [Path(c).name for c in calls if c.endswith("programma.yaml")] == ["programma.yaml"]


def test_validate_builds_a_programme_s_models_once(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a cache, the check of a programme and its loading for its log share one
    validation by the models (a programme of 10,000 measures: a quarter of a second each),
    and the programme's plain data is let go before its log is read (unless the
    programme is still to be checked)."""
    from avp.programme import load
    from avp.programme.models import Programme
    from avp.validate import pipeline

    progress = FIXTURES / "progress"
    shutil.copy(progress / "programma.yaml", tmp_path / "programma.yaml")
    shutil.copy(progress / "golden.yaml", tmp_path / "voortgang.yaml")
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    load.forget_plain()
    load._loaded.clear()
    validations: list[int] = []
    plain_while_logs_are_read: list[int] = []
    real = Programme.model_validate.__func__  # type: ignore[attr-defined]
    real_log = pipeline.validate_log_text

    def counting(cls: type[Programme], data: object, **kwargs: object) -> Programme:
        validations.append(1)
        return real(cls, data, **kwargs)  # type: ignore[no-any-return]

    def log_text(*args: object, **kwargs: object) -> object:
        plain_while_logs_are_read.append(load.programme_data.cache_info().currsize)
        return real_log(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Programme, "model_validate", classmethod(counting))
    monkeypatch.setattr(pipeline, "validate_log_text", log_text)
    result = invoke(["validate", "--file", tmp_path / "programma.yaml"])
    assert result.exit_code == 0, result.output
    assert "2 files checked" in result.stderr
    assert len(validations) == 1
    assert plain_while_logs_are_read == [0]
    # The log first: the programme's plain data is kept for its own check after.
    load._loaded.clear()
    validations.clear()
    plain_while_logs_are_read.clear()
    files = [tmp_path / "voortgang.yaml", tmp_path / "programma.yaml"]
    result = invoke(["validate", "--file", tmp_path / "programma.yaml", *files])
    assert result.exit_code == 0, result.output
    assert plain_while_logs_are_read == [1]


def _many_bad_entries(tmp_path: Path, count: int) -> Path:
    """A programme and a log of ``count`` empty entries (five problems each)."""
    shutil.copy(MINIMAL, tmp_path / "p.yaml")
    log = tmp_path / "v.yaml"
    log.write_text("entries:\n" + "- {}\n" * count, encoding="utf-8")
    return log


def test_a_file_with_many_problems_lists_the_first_100(invoke: Invoke, tmp_path: Path) -> None:
    """Issue 14: a 1.2 MB bad file prints 1,000,000 error lines (72 s); here 300 entries
    with 1,500 problems: the first 100, then how many more, and true counts."""
    _many_bad_entries(tmp_path, 300)
    result = invoke(["validate", "-f", "p.yaml", "v.yaml"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 100
    assert lines[0].startswith("v.yaml:2:")
    assert "... and 1400 more (use --all to see them)" in result.stderr
    assert "1 file checked: 1500 error(s), 0 warning(s)" in result.stderr
    everything = invoke(["validate", "-f", "p.yaml", "v.yaml", "--all"])
    assert everything.exit_code == 1
    assert everything.stdout.splitlines()[:100] == lines
    assert len(everything.stdout.splitlines()) == 1500
    assert "more" not in everything.stderr
    strict = invoke(["validate", "-f", "p.yaml", "v.yaml", "--strict"])
    assert strict.exit_code == 1 and len(strict.stdout.splitlines()) == 100
    as_json = invoke(["validate", "-f", "p.yaml", "v.yaml", "--format", "json"])
    assert len(json.loads(as_json.stdout)) == 1500  # json lists every problem
    github = invoke(["validate", "-f", "p.yaml", "v.yaml", "--format", "github"])
    assert len(github.stdout.splitlines()) == 100


def test_other_commands_list_the_first_100_problems_too(invoke: Invoke, tmp_path: Path) -> None:
    _many_bad_entries(tmp_path, 300)
    text = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        text.replace("  language: nl\n", "  language: nl\n  progress_log: v.yaml\n"),
        encoding="utf-8",
    )
    result = invoke(["list", "-f", "p.yaml"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len([line for line in lines if line.startswith("v.yaml:")]) == 100
    assert "... and 1400 more (avp validate --all lists them)" in result.stderr
