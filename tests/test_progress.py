"""The progress log: models, current status, reading, and appending without losing a byte."""

from __future__ import annotations

import datetime as dt
import errno
import multiprocessing
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from avp.base.problems import AvpError, DataError
from avp.base.text import bad_characters
from avp.programme.load import load_programme
from avp.programme.models import Programme
from avp.programme.status import Status
from avp.progress import author
from avp.progress.append import append_entry
from avp.progress.author import default_author
from avp.progress.checks import entry_problems
from avp.progress.models import Entry, ProgressLog
from avp.progress.read import load_log, log_path_for
from avp.progress.state import current_status, progress_state
from avp.progress.write import SCHEMA_HEADER, AppendError, entry_data, entry_yaml, layout
from avp.storage.atomic import TEMP_SUFFIX, WriteError
from avp.storage.lock import LockTimeoutError
from avp.yamlio.loader import load
from tests.conftest import FIXTURES

PROGRESS = FIXTURES / "progress"
PROGRAMME_PATH = PROGRESS / "programma.yaml"
GOLDEN = PROGRESS / "golden.yaml"
TODAY = dt.date(2022, 6, 1)
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


@pytest.fixture(scope="module")
def programme() -> Programme:
    return load_programme(PROGRAMME_PATH)


def entry(**changes: Any) -> Entry:
    values: dict[str, Any] = {
        "measure": "1.1.1",
        "date": dt.date(2022, 3, 14),
        "status": Status.on_track,
        "note": "Buurtbemiddeling loopt.",
        "author": "J. de Vries",
    }
    return Entry(**{**values, **changes})


def golden_text(newline: str) -> str:
    # From the LF fixture whatever git did to its line endings on checkout.
    text = GOLDEN.read_text(encoding="utf-8").replace("\r\n", "\n")
    return text.replace("\n", newline)


def debris(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(TEMP_SUFFIX))


# --- the models ------------------------------------------------------------------------------


def test_entry_from_yaml_values() -> None:
    made = Entry.model_validate(
        {
            "measure": "2.2.3",
            "date": "2022-03-14",
            "status": "on_track",
            "note": "Integrale bedrijvencontrole Oostvoorne gehouden.",
            "author": "J. de Vries",
            "source": "politie kwartaalrapportage Q1",
        }
    )
    assert made.date == dt.date(2022, 3, 14)
    assert made.status is Status.on_track
    assert made.correction is None


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"status": Status.at_risk}, "correction_required"),
        ({"status": Status.off_track}, "correction_required"),
        ({"note": "\x1b[2J"}, "control_character"),
        ({"note": "bel\x07"}, "control_character"),
        ({"author": "\u202eevil"}, "control_character"),
        ({"note": ""}, "string_too_short"),
        ({"measure": "1.1"}, "string_pattern_mismatch"),
        ({"date": "2021-02-30"}, "iso_date"),
        ({"status": "on-track"}, "enum"),
        ({"counted": 3}, "extra_forbidden"),
        ({"count": -1}, "greater_than_equal"),
        ({"count": True}, "int_type"),
        ({"count": 1.5}, "int_type"),
        ({"value": float("nan")}, "finite_number"),
        ({"target": "Controle", "count": 1}, "string_pattern_mismatch"),
        ({"status": None}, "empty_entry"),
        ({"target": "controle"}, "target_without_figure"),
    ],
)
def test_entry_rejects(changes: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError) as info:
        entry(**changes)
    assert error in {e["type"] for e in info.value.errors()}


def test_correction_satisfies_at_risk_and_newlines_and_tabs_are_text() -> None:
    made = entry(status=Status.at_risk, correction="Extra inzet.", note="a\n\tb")
    assert made.note == "a\n\tb"


def test_null_entries_is_an_empty_log() -> None:
    assert ProgressLog.model_validate({"entries": None}).entries == []


# --- current status ---------------------------------------------------------------------------


def test_current_status_is_the_latest_by_date_then_log_order() -> None:
    log = ProgressLog(
        entries=[
            entry(date=dt.date(2022, 5, 1), status=Status.done),
            entry(date=dt.date(2022, 3, 1), status=Status.at_risk, correction="x"),
            entry(date=dt.date(2022, 5, 1), status=Status.on_track),  # same day, later in log
            entry(measure="1.1.2", date=dt.date(2021, 1, 5), status=Status.dropped),
        ]
    )
    assert current_status(log) == {"1.1.1": Status.on_track, "1.1.2": Status.dropped}
    state = progress_state(log)
    assert [(e.date.month, e.status) for e in state.history("1.1.1")] == [
        (3, Status.at_risk),
        (5, Status.done),
        (5, Status.on_track),
    ]
    assert state.status("9.9.9") is Status.not_started
    assert state.history("9.9.9") == ()
    assert state.latest("1.1.2") == log.entries[3]


def test_as_of_ignores_later_entries() -> None:
    log = [
        entry(date=dt.date(2021, 3, 1), status=Status.on_track),
        entry(date=dt.date(2021, 9, 1), status=Status.at_risk, correction="x"),
        entry(measure="1.1.2", date=dt.date(2021, 12, 1), status=Status.done),
    ]
    assert current_status(log, as_of=dt.date(2021, 2, 28)) == {}
    assert current_status(log, as_of=dt.date(2021, 3, 1)) == {"1.1.1": Status.on_track}
    assert current_status(log, as_of=dt.date(2021, 10, 1)) == {"1.1.1": Status.at_risk}
    state = progress_state(log, as_of=dt.date(2021, 10, 1))
    assert state.as_of == dt.date(2021, 10, 1)
    assert len(state.history("1.1.1")) == 2


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1.1.1", "1.1.2", "2.1.1"]),
            st.integers(0, 5),
            st.sampled_from([*Status, None]),
        ),
        max_size=12,
    ),
    st.none() | st.integers(0, 5),
)
def test_current_status_is_the_status_of_the_sorted_histories(
    rows: list[tuple[str, int, Status | None]], as_of: int | None
) -> None:
    day = dt.date(2022, 1, 1)
    entries = [
        Entry.model_construct(
            measure=m, date=day + dt.timedelta(days=d), status=s, count=None if s else 1
        )
        for m, d, s in rows
    ]
    cut = None if as_of is None else day + dt.timedelta(days=as_of)
    expected = progress_state(entries, as_of=cut).statuses
    got = current_status(entries, as_of=cut)
    assert got == expected and list(got) == list(expected)


def test_with_the_programme_every_measure_has_a_status(programme: Programme) -> None:
    statuses = current_status([entry(measure="1.1.2", status=Status.done)], programme=programme)
    assert statuses == {
        "1.1.1": Status.not_started,
        "1.1.2": Status.done,
        "2.1.1": Status.not_started,
    }


# --- where, who -------------------------------------------------------------------------------


def test_log_path_is_relative_to_the_programme(programme: Programme) -> None:
    assert log_path_for(PROGRAMME_PATH, programme) == PROGRESS / "voortgang.yaml"
    unnamed = programme.model_copy(
        update={"programme": programme.programme.model_copy(update={"progress_log": None})}
    )
    assert log_path_for(PROGRAMME_PATH, unnamed) is None


def _run_result(stdout: str, returncode: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(["git"], returncode, stdout=stdout, stderr="")


def test_default_author_is_git_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        seen.update(args=args, **kwargs)
        return _run_result("Jan de Vries\n")

    monkeypatch.setattr(subprocess, "run", run)
    assert default_author() == "Jan de Vries"
    assert seen["args"] == ["git", "config", "user.name"]
    assert seen["timeout"] <= 5
    assert "shell" not in seen


@pytest.mark.parametrize(
    "failure",
    [
        FileNotFoundError(errno.ENOENT, "git"),
        subprocess.TimeoutExpired("git", 3),
        _run_result("", returncode=1),
        _run_result("   \n"),
    ],
)
def test_default_author_falls_back_to_the_login(
    monkeypatch: pytest.MonkeyPatch, failure: Any
) -> None:
    def run(*args: Any, **kwargs: Any) -> Any:
        if isinstance(failure, BaseException):
            raise failure
        return failure

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(author.getpass, "getuser", lambda: "jdevries")
    assert default_author() == "jdevries"


def test_default_author_last_resort(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError("no git")

    def no_user() -> str:
        raise KeyError("no user")

    monkeypatch.setattr(subprocess, "run", fail)
    monkeypatch.setattr(author.getpass, "getuser", no_user)
    assert default_author() == "onbekend"


# --- reading ------------------------------------------------------------------------------


def test_missing_log_is_empty(tmp_path: Path, programme: Programme) -> None:
    assert load_log(tmp_path / "voortgang.yaml", programme).entries == []


def test_golden_log_loads(programme: Programme) -> None:
    log = load_log(GOLDEN, programme, today=TODAY)
    assert [e.measure for e in log.entries] == ["1.1.1", "1.1.2", "2.1.1"]
    assert log.entries[1].correction == (
        "Extra inzet van een BOA van de buurgemeente tot het einde van het jaar."
    )


def test_valid_log_takes_the_fast_path(
    programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(*args: Any) -> Any:
        raise AssertionError("the located loader is for problems only")

    monkeypatch.setattr("avp.yamlio.locate.load_located", slow)
    assert len(load_log(GOLDEN, programme, today=TODAY).entries) == 3


def test_invalid_log_raises_located_errors_only(programme: Programme) -> None:
    path = PROGRESS / "bad" / "unknown-measure.yaml"
    with pytest.raises(DataError) as info:
        load_log(path, programme)
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.rule) == (7, 14, "unknown-measure")
    assert "avp validate" in info.value.message
    # Warnings alone do not make a log invalid.
    assert len(load_log(PROGRESS / "period.yaml", programme).entries) == 4


# --- writing one entry -----------------------------------------------------------------------

TRICKY = [
    "on",
    "off",
    "yes",
    "no",
    "y",
    "null",
    "~",
    "012",
    "0x1F",
    "1:20",
    "1_000",
    ".5",
    "2022-03-14",
    "1.1.1",
    "true",
    ": ",
    "a: b",
    "#",
    "a #b",
    "- x",
    "-",
    "? x",
    "!tag",
    "&anchor",
    "*alias",
    "|",
    ">",
    "%YAML",
    "@",
    "`",
    "=SUM(A1:A9)",
    "=1+1",
    "+31 10 123",
    "<script>alert(1)</script>",
    "[bold]x[/bold]",
    "[red]",
    "{a}",
    "'single'",
    '"double"',
    "it's",
    'say "hi"',
    "\\",
    "back\\slash\\n",
    " leading",
    "trailing ",
    "  ",
    "a  b",
    "tab\tinside",
    "\tleading tab",
    "line one\nline two",
    "\nleading newline",
    "trailing newline\n",
    "blank\n\nlines",
    "  indented\nfirst",
    "spaces \nat end",
    "---",
    "...",
    "--- x\n...",
    "x\n---\ny",
    "\u2028",
    "a\u2028b",
    "a\u2029b",
    "zero\u200bwidth",
    "nbsp\u00a0here",
    "\ufeffbom",
    "emoji \U0001f600 \u200d",
    "é ë ĳ",
    "\ufffe",
    "x" * 300,
    "word " * 60,
]

ANY_TEXT = st.one_of(
    st.text(min_size=1),
    st.sampled_from(TRICKY),
    st.lists(st.sampled_from([*TRICKY, "\n", " ", "\x85", "\r", "\x00"]), min_size=1).map("".join),
)


@given(note=ANY_TEXT)
@settings(max_examples=400, deadline=None)
def test_entry_yaml_round_trips_any_string(note: str) -> None:
    # model_construct skips validation: even text the model refuses must be quoted safely.
    made = Entry.model_construct(
        measure="1.1.1",
        date=dt.date(2022, 3, 14),
        status=Status.on_track,
        note=note,
        author=note,
        source=None,
        correction=None,
    )
    for dash, content in [(2, 4), (0, 2), (4, 8)]:
        text = "entries:\n" + entry_yaml(made, dash=dash, content=content)
        loaded = load(text, "t.yaml")["entries"][0]
        assert loaded["note"] == note
        assert loaded["author"] == note
        assert loaded["date"] == "2022-03-14"


def test_entry_yaml_layout() -> None:
    made = entry(status=Status.at_risk, correction="Meer inzet.", note="a\nb", source="Q1")
    assert entry_yaml(made) == (
        "  - measure: 1.1.1\n"
        "    date: 2022-03-14\n"
        "    status: at_risk\n"
        "    note: |-\n"
        "      a\n"
        "      b\n"
        "    author: J. de Vries\n"
        "    source: Q1\n"
        "    correction: Meer inzet.\n"
    )
    assert entry_yaml(entry(note="on"), dash=0, content=2).splitlines()[:4] == [
        "- measure: 1.1.1",
        "  date: 2022-03-14",
        "  status: on_track",
        "  note: 'on'",
    ]


# --- appending --------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_append_only_adds_lines(tmp_path: Path, programme: Programme, newline: str) -> None:
    path = tmp_path / "voortgang.yaml"
    old = golden_text(newline).encode("utf-8")
    path.write_bytes(old)
    if os.name != "nt":
        path.chmod(0o640)
    added = append_entry(path, entry(measure="2.1.1", date=dt.date(2022, 5, 2)), programme)
    new = path.read_bytes()
    assert new.startswith(old)  # the diff only adds lines
    tail = new[len(old) :].decode("utf-8")
    assert tail == (
        "  - measure: 2.1.1\n    date: 2022-05-02\n    status: on_track\n"
        "    note: Buurtbemiddeling loopt.\n    author: J. de Vries\n"
    ).replace("\n", newline)
    if newline == "\r\n":
        assert new.count(b"\n") == new.count(b"\r\n")
    else:
        assert b"\r" not in new
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert added == entry(measure="2.1.1", date=dt.date(2022, 5, 2))
    log = load_log(path, programme)
    assert [e.measure for e in log.entries] == ["1.1.1", "1.1.2", "2.1.1", "2.1.1"]
    assert debris(tmp_path) == []


@POSIX
def test_permissions_survive_an_append(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    path.write_text(golden_text("\r\n"), encoding="utf-8", newline="")
    path.chmod(0o640)
    append_entry(path, entry(), programme)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_missing_log_is_created(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    append_entry(path, entry(), programme)
    assert path.read_text(encoding="utf-8") == (
        f"{SCHEMA_HEADER}\n"
        "entries:\n"
        "  - measure: 1.1.1\n"
        "    date: 2022-03-14\n"
        "    status: on_track\n"
        "    note: Buurtbemiddeling loopt.\n"
        "    author: J. de Vries\n"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("entries: []\n", "entries:\n"),
        ("# log\nentries: [ ]   # leeg\n", "# log\nentries:  # leeg\n"),
        ("entries: null\n", "entries:\n"),
        ("entries:\n", "entries:\n"),
        ("entries:  # nog niets\n", "entries:  # nog niets\n"),
    ],
)
def test_empty_logs(tmp_path: Path, programme: Programme, before: str, after: str) -> None:
    path = tmp_path / "voortgang.yaml"
    path.write_text(before, encoding="utf-8")
    append_entry(path, entry(), programme)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(after + "  - measure: 1.1.1\n")
    assert len(load_log(path, programme).entries) == 1


def test_missing_final_newline_is_added_first(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    old = golden_text("\r\n").rstrip("\r\n")
    path.write_bytes(old.encode("utf-8"))
    append_entry(path, entry(), programme)
    assert path.read_bytes().startswith(old.encode("utf-8") + b"\r\n  - measure: 1.1.1\r\n")


@pytest.mark.parametrize(
    ("first_item", "expected"),
    [
        ("- measure: 1.1.1\n  date: 2022-01-01\n", "- measure: 1.1.2\n  date: 2022-03-14\n"),
        (
            "    -   measure: 1.1.1\n        date: 2022-01-01\n",
            "    -   measure: 1.1.2\n        date: 2022-03-14\n",
        ),
        ("  -\n    measure: 1.1.1\n    date: 2022-01-01\n", "  - measure: 1.1.2\n    date: "),
    ],
)
def test_indentation_follows_the_existing_entries(
    tmp_path: Path, programme: Programme, first_item: str, expected: str
) -> None:
    path = tmp_path / "voortgang.yaml"
    indent = first_item.split("measure")[0].replace("-", " ")
    pad = " " * (len(indent) if "\n" not in indent else 4)
    rest = f"{pad}status: done\n{pad}note: Klaar.\n{pad}author: A\n"
    old = "entries:\n" + first_item + rest
    path.write_text(old, encoding="utf-8")
    append_entry(path, entry(measure="1.1.2"), programme)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(old)
    assert text[len(old) :].startswith(expected)
    assert len(load_log(path, programme).entries) == 2


def test_byte_order_mark_is_kept(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    old = b"\xef\xbb\xbf" + golden_text("\n").encode("utf-8")
    path.write_bytes(old)
    append_entry(path, entry(), programme)
    assert path.read_bytes().startswith(old)


def test_text_is_written_as_utf8(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    append_entry(path, entry(note="Geëvalueerd met ĳverige BOA's — €0"), programme)
    assert "Geëvalueerd met ĳverige BOA's — €0".encode() in path.read_bytes()


@pytest.mark.parametrize(
    "note",
    [
        "[bold]x[/bold]",
        "<script>alert(1)</script>",
        '=HYPERLINK("http://x")',
        "on",
        "012",
        "a: b # c",
        "- x",
        "'quoted' and \"double\"",
        "r\u00e9gel\u2028scheiding",
        "twee\nregels\n\nen een lege",
    ],
)
def test_notes_are_stored_verbatim(tmp_path: Path, programme: Programme, note: str) -> None:
    path = tmp_path / "voortgang.yaml"
    append_entry(path, entry(note=note, source=note), programme)
    (stored,) = load_log(path, programme).entries
    assert (stored.note, stored.source) == (note, note)


ALLOWED_TEXT = ANY_TEXT.filter(lambda t: not bad_characters(t))


@given(notes=st.lists(ALLOWED_TEXT, min_size=1, max_size=3))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
def test_any_allowed_note_appended_loads_back_identical(
    tmp_path: Path, programme: Programme, notes: list[str]
) -> None:
    path = tmp_path / "voortgang.yaml"
    path.write_bytes(golden_text("\r\n").encode("utf-8"))
    for note in notes:
        append_entry(path, entry(note=note, author=note), programme, today=TODAY)
    loaded = load_log(path, programme, today=TODAY).entries[3:]
    assert [(e.note, e.author) for e in loaded] == [(n, n) for n in notes]
    path.unlink()


def test_an_invalid_log_is_not_written(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    old = (PROGRESS / "bad" / "unknown-measure.yaml").read_bytes()
    path.write_bytes(old)
    with pytest.raises(DataError) as info:
        append_entry(path, entry(), programme)
    assert path.read_bytes() == old
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.rule) == (7, 14, "unknown-measure")
    assert problem.yaml_path == "entries[1].measure"
    assert debris(tmp_path) == []


def test_a_broken_yaml_log_is_not_written(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    old = b"entries:\n  - measure: [1.1.1\n"
    path.write_bytes(old)
    with pytest.raises(DataError) as info:
        append_entry(path, entry(), programme)
    assert path.read_bytes() == old
    assert info.value.problems[0].rule == "syntax"


@pytest.mark.parametrize(
    ("changes", "rule", "message"),
    [
        ({"measure": "1.1.3"}, "unknown-measure", "unknown measure '1.1.3' (did you mean"),
        ({"date": dt.date(2999, 1, 1)}, "future-date", "date 2999-01-01 is in the future"),
    ],
)
def test_an_invalid_entry_is_not_added(
    tmp_path: Path, programme: Programme, changes: dict[str, Any], rule: str, message: str
) -> None:
    path = tmp_path / "voortgang.yaml"
    old = golden_text("\n").encode("utf-8")
    path.write_bytes(old)
    with pytest.raises(DataError) as info:
        append_entry(path, entry(**changes), programme)
    assert path.read_bytes() == old
    (problem,) = info.value.problems
    assert (problem.rule, problem.yaml_path) == (rule, f"entries[3].{rule.split('-')[1]}")
    assert problem.message.startswith(message)


def test_entry_outside_the_period_is_added_with_a_warning(
    tmp_path: Path, programme: Programme
) -> None:
    late = entry(date=dt.date(2024, 1, 2))
    (warning,) = entry_problems(late, programme, index=0)
    assert (warning.level, warning.rule) == ("warning", "outside-period")
    append_entry(tmp_path / "v.yaml", late, programme)
    assert len(load_log(tmp_path / "v.yaml", programme).entries) == 1


def test_flow_style_entries_cannot_be_appended_to(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    old = b"entries: [{measure: 1.1.1, date: 2022-01-01, status: done, note: x, author: y}]\n"
    path.write_bytes(old)
    with pytest.raises(AppendError, match="block list"):
        append_entry(path, entry(), programme)
    assert path.read_bytes() == old


def test_layout_detection() -> None:
    shape = layout(golden_text("\r\n"))
    assert (shape.newline, shape.dash, shape.content, shape.rewrite) == ("\r\n", 2, 4, None)


def test_failed_replace_leaves_the_log_and_no_temporary_file(
    tmp_path: Path, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "voortgang.yaml"
    old = golden_text("\r\n").encode("utf-8")
    path.write_bytes(old)

    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError) as info:
        append_entry(path, entry(), programme)
    assert path.read_bytes() == old
    assert debris(tmp_path) == []
    assert "the file was not changed" in info.value.message


def test_disk_full_leaves_the_log_and_says_what_to_do(
    tmp_path: Path, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "voortgang.yaml"
    old = golden_text("\r\n").encode("utf-8")
    path.write_bytes(old)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(AvpError) as info:
        append_entry(path, entry(), programme)
    assert info.value.message == (
        f"cannot write {path}: disk full: free space and try again; the file was not changed"
    )
    assert path.read_bytes() == old
    assert debris(tmp_path) == []


def test_a_change_by_another_program_meanwhile_is_not_overwritten(
    tmp_path: Path, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "voortgang.yaml"
    path.write_bytes(golden_text("\n").encode("utf-8"))
    real_fsync = os.fsync
    edited = golden_text("\n") + "# edited in an editor\n"

    def editor_saves(fd: int) -> None:
        path.write_text(edited, encoding="utf-8", newline="")  # while avp writes its copy
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", editor_saves)
    with pytest.raises(AvpError, match="changed while avp was adding the entry"):
        append_entry(path, entry(), programme)
    assert path.read_text(encoding="utf-8") == edited
    assert debris(tmp_path) == []


def test_locked_log_times_out_with_a_clear_message(
    tmp_path: Path, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avp.storage.lock import file_lock

    monkeypatch.chdir(tmp_path)
    path = Path("voortgang.yaml")
    held, done = threading.Event(), threading.Event()

    def other_avp() -> None:
        with file_lock(Path("voortgang.yaml.lock"), timeout=5):
            held.set()
            done.wait(10)

    thread = threading.Thread(target=other_avp)
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(LockTimeoutError) as info:
            append_entry(path, entry(), programme, timeout=0.2)
    finally:
        done.set()
        thread.join()
    assert info.value.message == (
        "the progress log is locked by another avp (voortgang.yaml.lock); try again in a moment"
    )
    assert not path.exists()


def test_a_leftover_lock_file_does_not_block(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    (tmp_path / "voortgang.yaml.lock").write_text("4242\n", encoding="utf-8")
    append_entry(path, entry(), programme, timeout=0.5)
    assert len(load_log(path, programme).entries) == 1


def _append_in_a_process(log: str, number: int) -> None:
    from avp.programme.load import load_programme
    from avp.programme.status import Status
    from avp.progress.append import append_entry
    from avp.progress.models import Entry

    programme = load_programme(PROGRAMME_PATH)
    made = Entry(
        measure="1.1.1",
        date=dt.date(2022, 1, 1) + dt.timedelta(days=number),
        status=Status.on_track,
        note=f"Verslag {number}",
        author=f"proces {number}",
    )
    append_entry(Path(log), made, programme, timeout=120)


def test_twenty_processes_appending_at_once(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    path.write_bytes(golden_text("\r\n").encode("utf-8"))
    # fork is quick where it is safe; spawn (a fresh interpreter each) elsewhere, as Windows.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    processes = [
        context.Process(target=_append_in_a_process, args=(str(path), n)) for n in range(20)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(180)
    assert [p.exitcode for p in processes] == [0] * 20
    entries = load_log(path, programme).entries
    assert len(entries) == 3 + 20
    assert sorted(e.note for e in entries[3:]) == sorted(f"Verslag {n}" for n in range(20))
    assert path.read_bytes().startswith(golden_text("\r\n").encode("utf-8"))
    assert debris(tmp_path) == []


def test_threads_appending_at_once(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    errors: list[BaseException] = []

    def add(number: int) -> None:
        try:
            append_entry(path, entry(note=f"draad {number}"), programme, timeout=60)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(e.note for e in load_log(path, programme).entries) == sorted(
        f"draad {n}" for n in range(10)
    )


def test_the_status_comes_from_the_latest_entry_with_one() -> None:
    entries = [
        entry(date=dt.date(2022, 3, 1), status=Status.on_track),
        entry(date=dt.date(2022, 4, 1), status=None, count=1, note="Controle."),
        entry(date=dt.date(2022, 5, 1), status=None, value=9.4, note="Meting."),
    ]
    state = progress_state(entries)
    assert state.status("1.1.1") is Status.on_track
    latest = state.latest("1.1.1")
    assert latest is not None and latest.note == "Meting."
    with_status = state.latest_status("1.1.1")
    assert with_status is not None and with_status.date == dt.date(2022, 3, 1)
    only_figures = progress_state(entries[1:])
    assert only_figures.status("1.1.1") is Status.not_started
    assert only_figures.latest_status("1.1.1") is None


def test_an_entry_with_figures_appends_and_reads_back(tmp_path: Path, programme: Programme) -> None:
    log = tmp_path / "voortgang.yaml"
    made = entry(status=None, count=3, value=9.4, target="controle", note="Drie controles.")
    assert "status" not in entry_data(made)
    text = entry_yaml(made)
    assert "    target: controle\n    count: 3\n    value: 9.4\n" in text
    # The test programme has no targets: validation says so, and nothing is written.
    with pytest.raises(DataError) as info:
        append_entry(log, made, programme, today=TODAY)
    assert "measure 1.1.1 has no targets" in info.value.problems[0].message
    assert not log.exists()
