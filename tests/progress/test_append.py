"""avp.progress.append: appending under a lock, checked, atomic, safe with many writers."""

from __future__ import annotations

import datetime as dt
import errno
import multiprocessing
import os
import stat
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avp.base.problems import AvpError, DataError
from avp.base.text import bad_characters
from avp.programme.load import load_programme
from avp.programme.models import Programme
from avp.programme.status import Status
from avp.progress.append import append_entry
from avp.progress.checks import entry_problems
from avp.progress.models import Entry, new_entry_id
from avp.progress.read import load_log
from avp.progress.state import progress_state
from avp.progress.write import SCHEMA_HEADER, AppendError, entry_data, entry_yaml, layout
from avp.storage.atomic import WriteError
from avp.storage.lock import LockTimeoutError
from tests.progress.helpers import (
    POSIX,
    PROGRAMME_PATH,
    PROGRESS,
    TODAY,
    debris,
    entry,
    golden_text,
)
from tests.progress.test_write import ANY_TEXT


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
        '  - {measure: 2.1.1, date: 2022-05-02, status: on_track, note: "Buurtbemiddeling '
        'loopt.", author: "J. de Vries"}\n'
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
        '  - {measure: 1.1.1, date: 2022-03-14, status: on_track, note: "Buurtbemiddeling '
        'loopt.", author: "J. de Vries"}\n'
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
    assert text.startswith(after + "  - {measure: 1.1.1, ")
    assert len(load_log(path, programme).entries) == 1


def test_missing_final_newline_is_added_first(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    old = golden_text("\r\n").rstrip("\r\n")
    path.write_bytes(old.encode("utf-8"))
    append_entry(path, entry(), programme)
    assert path.read_bytes().startswith(old.encode("utf-8") + b"\r\n  - {measure: 1.1.1, ")


@pytest.mark.parametrize(
    ("first_item", "expected"),
    [
        ("- measure: 1.1.1\n  date: 2022-01-01\n", "- {measure: 1.1.2, date: 2022-03-14, "),
        ("    -   measure: 1.1.1\n        date: 2022-01-01\n", "    - {measure: 1.1.2, "),
        ("  -\n    measure: 1.1.1\n    date: 2022-01-01\n", "  - {measure: 1.1.2, date: "),
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


# Blank text (only white space) is refused as a note or author: not drawn.
ALLOWED_TEXT = ANY_TEXT.filter(lambda t: not bad_characters(t) and t.strip() != "")


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
        made = entry(id=new_entry_id(), note=note, author=note)  # as progress add makes it
        append_entry(path, made, programme, today=TODAY)
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
        "the progress log is locked by another avp (voortgang.yaml.lock); try again in a "
        "moment, or wait longer with --wait SECONDS"
    )
    assert not path.exists()


def test_a_leftover_lock_file_does_not_block(tmp_path: Path, programme: Programme) -> None:
    path = tmp_path / "voortgang.yaml"
    (tmp_path / "voortgang.yaml.lock").write_text("4242\n", encoding="utf-8")
    append_entry(path, entry(), programme, timeout=0.5)
    assert len(load_log(path, programme).entries) == 1


def _append_in_a_process(log: str, number: int) -> None:
    from avp.programme.status import Status
    from avp.progress.append import append_entry

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
    assert ", target: controle, count: 3, value: 9.4, " in text
    # The test programme has no targets: validation says so, and nothing is written.
    with pytest.raises(DataError) as info:
        append_entry(log, made, programme, today=TODAY)
    assert "measure 1.1.1 has no targets" in info.value.problems[0].message
    assert not log.exists()
