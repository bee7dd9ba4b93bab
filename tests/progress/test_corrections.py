"""Corrections without editing YAML: avp progress amend and retract (issue 15, point 5)."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from avp.base import rules
from avp.programme.status import Status
from avp.progress.corrections import correction_findings, effective
from avp.progress.models import Entry
from avp.progress.state import progress_state
from avp.project import Project
from avp.storage.lock import file_lock, lock_path_for
from tests.conftest import FIXTURES, Invoke

TARGETS = FIXTURES / "targets"

#: An entry of 1.1.1 with an id, appended to the fixture's log: its count (1) makes the
#: 2022 target of two controls met (with the count of 2022-03-03).
COUNTED = (
    "  - {id: aaaaaaaaaa, measure: 1.1.1, date: 2022-09-01, count: 1, "
    'note: "Controle Zwartewaal.", author: "J. de Vries"}\n'
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(TARGETS / name, tmp_path / name)
    log = tmp_path / "voortgang.yaml"
    log.write_text(log.read_text(encoding="utf-8") + COUNTED, encoding="utf-8")
    return tmp_path


def target_1_1_1(invoke: Invoke) -> tuple[Any, Any]:
    result = invoke(
        ["targets", "-f", "programma.yaml", "1.1.1", "--as-of", "2022-12-31", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    return row["achieved"], row["verdict"]


def listed(invoke: Invoke, *args: str) -> list[dict[str, Any]]:
    result = invoke(["progress", "list", "-f", "programma.yaml", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def status_of(invoke: Invoke, measure: str) -> str:
    result = invoke(["show", "-f", "programma.yaml", measure, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["status"]  # type: ignore[no-any-return]


def test_amend_then_retract_end_to_end(invoke: Invoke, folder: Path) -> None:
    """Issue 15, point 5: no way to correct an entry but editing YAML. amend appends an
    entry that supersedes the old one, retract one that withdraws it; the log stays
    append-only, the targets count only what stands, and the list shows both, marked."""
    log = folder / "voortgang.yaml"
    assert target_1_1_1(invoke) == (2, "met")
    before = log.read_bytes()
    result = invoke(
        [
            "progress",
            "amend",
            "aaaaaaaaaa",
            "-f",
            "programma.yaml",
            "--count",
            "3",
            "--author",
            "A. Jansen",
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.output
    amended = json.loads(result.stdout)
    assert amended["supersedes"] == "aaaaaaaaaa"
    assert (amended["count"], amended["date"], amended["note"]) == (
        3,
        "2022-09-01",
        "Controle Zwartewaal.",
    )
    assert amended["author"] == "A. Jansen"
    assert log.read_bytes().startswith(before)  # appended, nothing rewritten
    assert target_1_1_1(invoke) == (4, "met")  # 1 + 3, not 1 + 1 + 3
    assert invoke(["validate", "-f", "programma.yaml"]).exit_code == 0

    # A status, amended: the measure's status is the corrected one.
    added = invoke(
        [
            "progress",
            "add",
            "1.1.2",
            "-f",
            "programma.yaml",
            "--status",
            "achter",
            "--correction",
            "Extra inzet.",
            "--note",
            "Te weinig.",
            "--date",
            "2022-07-01",
            "--format",
            "json",
        ]
    )
    assert added.exit_code == 0, added.output
    status_id = json.loads(added.stdout)["id"]
    assert status_of(invoke, "1.1.2") == "off_track"
    fixed = invoke(["progress", "amend", status_id, "-f", "programma.yaml", "--status", "op koers"])
    assert fixed.exit_code == 0, fixed.output
    assert status_of(invoke, "1.1.2") == "on_track"

    # Retract the amendment: neither count stands; the target is missed again.
    result = invoke(
        [
            "progress",
            "retract",
            amended["id"],
            "-f",
            "programma.yaml",
            "--reason",
            "Dubbel ingevoerd.",
            "--date",
            "2022-10-01",
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.output
    retraction = json.loads(result.stdout)
    assert (retraction["retracts"], retraction["note"]) == (amended["id"], "Dubbel ingevoerd.")
    assert target_1_1_1(invoke) == (1, "missed")
    assert invoke(["validate", "-f", "programma.yaml"]).exit_code == 0

    # The history shows all three, each marked with what corrects it or what it corrects.
    rows = {r["id"]: r for r in listed(invoke, "1.1.1") if r["id"]}
    assert rows["aaaaaaaaaa"]["superseded_by"] == amended["id"]
    assert rows[amended["id"]]["supersedes"] == "aaaaaaaaaa"
    assert rows[amended["id"]]["retracted_by"] == retraction["id"]
    assert rows[retraction["id"]]["retracts"] == amended["id"]
    table = invoke(["progress", "list", "1.1.1", "-f", "programma.yaml"], env={"COLUMNS": "250"})
    assert f"vervangen door {amended['id']}" in table.stdout
    assert f"ingetrokken door {retraction['id']}" in table.stdout
    assert f"trekt {amended['id']} in" in table.stdout


def test_what_cannot_be_corrected_is_refused(invoke: Invoke, folder: Path) -> None:
    """Issue 15, point 5: an unknown id, nothing to change, an entry corrected already,
    a retraction: a message, exit non-zero, nothing written."""
    log = folder / "voortgang.yaml"
    before = log.read_bytes()
    amend = ["progress", "amend", "-f", "programma.yaml"]
    unknown = invoke([*amend, "zzzzzzzzzz", "--count", "2"])
    assert unknown.exit_code == 2  # a usage error, as an unknown measure (point 12)
    assert "no entry with the id 'zzzzzzzzzz'" in unknown.stderr
    nothing = invoke([*amend, "aaaaaaaaaa"])
    assert nothing.exit_code == 2 and "nothing to amend" in nothing.stderr
    same = invoke([*amend, "aaaaaaaaaa", "--count", "1"])
    assert same.exit_code == 2 and "nothing to amend" in same.stderr
    # exit 2, as add without --correction
    needs = invoke([*amend, "aaaaaaaaaa", "--status", "achter"])
    assert needs.exit_code == 2 and "needs a 'correction'" in needs.stderr
    assert log.read_bytes() == before
    first = invoke([*amend, "aaaaaaaaaa", "--count", "2", "--format", "json"])
    assert first.exit_code == 0, first.output
    again = invoke([*amend, "aaaaaaaaaa", "--count", "4"])
    assert again.exit_code == 1
    new_id = json.loads(first.stdout)["id"]
    assert f"already superseded by entry {new_id!r}" in again.stderr
    assert f"avp progress amend {new_id}" in again.stderr
    gone = invoke(["progress", "retract", new_id, "-f", "programma.yaml", "--reason", "Fout."])
    assert gone.exit_code == 0, gone.output
    assert "warning" not in gone.stderr  # dated today, after the period: no matter
    retraction = listed(invoke, "1.1.1")[-1]["id"]
    for args in (["amend", retraction, "--note", "x"], ["retract", retraction, "--reason", "x"]):
        refused = invoke(["progress", args[0], "-f", "programma.yaml", *args[1:]])
        assert refused.exit_code == 1 and "is a retraction" in refused.stderr


def _cli(folder: str, args: list[str]) -> None:
    """One forked `avp` command in ``folder``; its exit code is the process's."""
    os.chdir(folder)
    sys.stderr = Path(folder, f"err-{os.getpid()}.txt").open("w", encoding="utf-8")  # noqa: SIM115
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115
    import typer  # lazy: in the child

    from avp.cli import app  # lazy: in the child

    code: Any = 0
    try:
        typer.main.get_command(app).main(args, prog_name="avp")
    except SystemExit as exc:
        code = exc.code
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)


def _hold(lock: str, held: Any, release: Any) -> None:
    with file_lock(Path(lock), timeout=5):
        held.set()
        release.wait(120)


def test_two_simultaneous_amends_of_one_entry(folder: Path) -> None:
    """Issue 15, point 5: two people amend the same entry at once. Both read the log
    before either writes; the append path checks under the log's lock, so the second
    finds the entry superseded and is refused: one correction, never two that count."""
    log = folder / "voortgang.yaml"
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(lock_path_for(log)), held, release))
    holder.start()
    assert held.wait(60)
    writers = [
        context.Process(
            target=_cli,
            args=(
                str(folder),
                [
                    "progress",
                    "amend",
                    "aaaaaaaaaa",
                    "-f",
                    "programma.yaml",
                    "--count",
                    str(n),
                    "--wait",
                    "60",
                ],
            ),
        )
        for n in (2, 3)
    ]
    for writer in writers:
        writer.start()
    time.sleep(1.5)  # both have read the log and wait for the lock
    release.set()
    holder.join(60)
    for writer in writers:
        writer.join(120)
    assert sorted(w.exitcode for w in writers) == [0, 1]
    errors = "".join(p.read_text(encoding="utf-8") for p in folder.glob("err-*.txt"))
    assert "already superseded" in errors
    project = Project.open(folder / "programma.yaml")
    amendments = [e for e in project.log.entries if e.supersedes == "aaaaaaaaaa"]
    assert len(amendments) == 1


def bad(entries: list[dict[str, Any]]) -> list[tuple[tuple[Any, ...], str]]:
    return [(f.loc, f.message) for f in correction_findings(entries)]


def item(entry_id: str, **changes: Any) -> dict[str, Any]:
    return {"id": entry_id, "measure": "1.1.1", "date": "2022-03-03", "note": "x", **changes}


def test_bad_supersedes_are_errors() -> None:
    """Issue 15, point 5: supersedes/retracts name an entry of the log, once, in no cycle."""
    assert bad([item("aaaaaa"), item("bbbbbb", supersedes="aaaaaa")]) == []
    unknown = bad([item("aaaaaa", supersedes="cccccc")])
    assert unknown[0][0] == ("entries", 0, "supersedes")
    assert "no entry of this log has the id 'cccccc'" in unknown[0][1]
    cycle = bad([item("aaaaaa", supersedes="bbbbbb"), item("bbbbbb", supersedes="aaaaaa")])
    assert [loc for loc, _ in cycle] == [("entries", 0, "supersedes"), ("entries", 1, "supersedes")]
    assert all("cycle ('aaaaaa' -> 'bbbbbb' -> 'aaaaaa')" in m for _, m in cycle)
    longer = [
        item("aaaaaa", supersedes="cccccc"),
        item("bbbbbb", supersedes="aaaaaa"),
        item("cccccc", supersedes="bbbbbb"),
    ]
    assert len(bad(longer)) == 3
    twice = bad(
        [item("aaaaaa"), item("bbbbbb", supersedes="aaaaaa"), item("cccccc", retracts="aaaaaa")]
    )
    assert twice == [
        (
            ("entries", 2, "retracts"),
            "entry 'aaaaaa' is already superseded by entry 'bbbbbb' (entries[1]); correct "
            "that entry instead",
        )
    ]
    other = bad([item("aaaaaa"), item("bbbbbb", retracts="aaaaaa", measure="1.1.2")])
    assert "a retraction names the same measure" in other[0][1]
    of_retraction = bad(
        [item("aaaaaa"), item("bbbbbb", retracts="aaaaaa"), item("cccccc", supersedes="bbbbbb")]
    )
    assert "is itself a retraction" in of_retraction[0][1]


def test_bad_supersedes_in_a_file_are_located(invoke: Invoke, folder: Path) -> None:
    """Issue 15, point 5: avp validate says file:line:col of a bad supersedes/retracts."""
    log = folder / "voortgang.yaml"
    lines = len(log.read_text(encoding="utf-8").splitlines())
    log.write_text(
        log.read_text(encoding="utf-8")
        + "  - {id: bbbbbbbbbb, supersedes: bbbbbbbbbb, measure: 1.1.1, date: 2022-09-02, "
        'count: 1, note: "x", author: "a"}\n'
        "  - measure: 1.1.1\n"
        "    retracts: nietbestaand\n"
        "    date: 2022-09-03\n"
        "    note: Fout.\n"
        "    author: a\n"
        "  - {id: cccccccccc, retracts: aaaaaaaaaa, status: done, measure: 1.1.1, "
        'date: 2022-09-04, note: "y", author: "a"}\n',
        encoding="utf-8",
    )
    result = invoke(["validate", "-f", "programma.yaml", "--format", "json", str(log)])
    assert result.exit_code == 1
    found = [
        (p["line"], p["column"], p["message"])
        for p in json.loads(result.stdout)
        if p["rule"] == rules.SUPERSEDES
    ]
    assert found == [
        (lines + 1, 5, "the entry 'bbbbbbbbbb' supersedes itself; name the id of an earlier entry"),
        (
            lines + 3,
            15,
            "no entry of this log has the id 'nietbestaand'; give the id of the entry to "
            "correct (avp progress list shows the ids)",
        ),
        (
            lines + 7,
            5,
            "an entry that retracts another has no 'status': it only withdraws 'aaaaaaaaaa' "
            "(its note says why); to replace that entry, use 'supersedes'",
        ),
    ]


def test_one_bad_entry_does_not_stop_the_commands(invoke: Invoke, folder: Path) -> None:
    """Issue 15, point 5: one bad entry stopped every command. Now the commands that read
    run on the valid entries, name the bad one at file:line:col on stderr and exit 1;
    avp validate and every write still refuse the log."""
    log = folder / "voortgang.yaml"
    lines = len(log.read_text(encoding="utf-8").splitlines())
    log.write_text(
        log.read_text(encoding="utf-8")
        + "  - measure: 1.1.1\n    date: 2022-09-05\n    status: achtr\n"
        "    count: 5\n    note: Typfout.\n    author: a\n",
        encoding="utf-8",
    )
    where = f"voortgang.yaml:{lines + 3}:13: error: entries["
    for args in (
        ["progress", "list", "1.1.1"],
        ["targets", "1.1.1", "--as-of", "2022-12-31"],
        ["list"],
        ["show", "1.1.1"],
        ["report", "--as-of", "2022-12-31"],
    ):
        result = invoke([*args, "-f", "programma.yaml"])
        assert result.exit_code == 1, (args, result.output)
        assert result.stdout.strip(), args  # the output, of the valid entries
        assert where in result.stderr and "unknown status 'achtr'" in result.stderr
        assert "1 invalid entry of voortgang.yaml skipped" in result.stderr
    # The bad entry's count (5) is not counted.
    targets = invoke(
        ["targets", "-f", "programma.yaml", "1.1.1", "--as-of", "2022-12-31", "--format", "json"]
    )
    assert json.loads(targets.stdout)[0]["achieved"] == 2
    assert invoke(["validate", "-f", "programma.yaml"]).exit_code == 1
    before = log.read_bytes()
    add = invoke(
        [
            "progress",
            "add",
            "1.1.1",
            "-f",
            "programma.yaml",
            "--status",
            "done",
            "--note",
            "x",
            "--date",
            "2022-10-01",
        ]
    )
    assert add.exit_code == 1 and "not a valid progress log" in add.stderr
    assert log.read_bytes() == before
    # A file that is wrong elsewhere than in its entries still stops the command.
    log.write_text("entries: [\n", encoding="utf-8")
    assert invoke(["progress", "list", "-f", "programma.yaml"]).exit_code == 1


def test_status_labels_in_the_file(invoke: Invoke, folder: Path) -> None:
    """Issue 15, point 5: in the file `status: achter` was refused though `--status
    achter` works. Now a label in any language avp speaks is read as its status."""
    log = folder / "voortgang.yaml"
    log.write_text(
        log.read_text(encoding="utf-8")
        + "  - measure: 1.1.2\n    date: 2022-09-05\n    status: achter\n"
        "    correction: Extra controles.\n    note: Te weinig controles.\n    author: a\n"
        "  - measure: 1.1.4\n    date: 2022-09-05\n    status: Op Koers\n"
        "    note: Loopt.\n    author: a\n"
        "  - measure: 1.1.3\n    date: 2022-09-05\n    status: aandacht\n"
        "    note: Zonder bijsturing.\n    author: a\n",
        encoding="utf-8",
    )
    result = invoke(["validate", "-f", "programma.yaml", "--format", "json", str(log)])
    problems = json.loads(result.stdout)
    # The label of at_risk needs a correction as the key does; nothing else is wrong.
    assert [(p["rule"], p["line"]) for p in problems] == [
        (rules.CORRECTION_REQUIRED, len(log.read_text(encoding="utf-8").splitlines()) - 4)
    ]
    kept = log.read_text(encoding="utf-8").splitlines()[:-5]
    log.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert invoke(["validate", "-f", "programma.yaml"]).exit_code == 0
    assert status_of(invoke, "1.1.2") == "off_track"
    assert status_of(invoke, "1.1.4") == "on_track"


def test_the_schema_takes_the_labels() -> None:
    """Issue 15, point 5: the JSON Schema (editors) takes the labels as the models do."""
    schema = json.loads(
        (Path(__file__).parents[2] / "schemas" / "progress.schema.json").read_text("utf-8")
    )
    text = json.dumps(schema)
    for word in ("achter", "op koers", "aandacht", "off_track", "supersedes", "retracts"):
        assert f'"{word}"' in text


def entry(entry_id: str, **changes: Any) -> Entry:
    values: dict[str, Any] = {"measure": "1.1.1", "date": "2022-03-03", "note": "x"}
    return Entry(id=entry_id, author="a", **{**values, **changes})


def test_effective_entries_and_state() -> None:
    """The one place that decides what counts: the state's histories and statuses."""
    first = entry("aaaaaa", status=Status.off_track, correction="c")
    amended = entry("bbbbbb", supersedes="aaaaaa", status=Status.on_track)
    counted = entry("cccccc", count=1)
    withdrawn = entry("dddddd", retracts="cccccc", date="2022-12-01")
    log = [first, amended, counted, withdrawn]
    assert effective(log) == [amended]
    plain = [first, counted]
    assert effective(plain) is plain  # no corrections: the same list
    # A correction corrects the record: on a day before the retraction too.
    state = progress_state(log, as_of=dt_date(2022, 6, 1))
    assert state.history("1.1.1") == (amended,)
    assert state.status("1.1.1") is Status.on_track
    assert state.full_history("1.1.1") == (first, amended, counted)
    assert state.corrected(first) == amended and state.corrected(counted) == withdrawn


def dt_date(*args: int) -> Any:
    import datetime as dt

    return dt.date(*args)


def test_twins_know_the_corrections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new fields travel in snapshots: a log read as twins (avp list) counts the
    same entries as the models."""
    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(TARGETS / name, tmp_path / name)
    log = tmp_path / "voortgang.yaml"
    log.write_text(
        log.read_text(encoding="utf-8")
        + COUNTED
        + "  - {id: bbbbbbbbbb, supersedes: aaaaaaaaaa, measure: 1.1.1, date: 2022-09-01, "
        'status: afgerond, note: "Klaar.", author: "a"}\n',
        encoding="utf-8",
    )
    models = Project.open(tmp_path / "programma.yaml")
    assert models.statuses()["1.1.1"] is Status.done
    twins = Project.open(tmp_path / "programma.yaml", twins=True)
    assert type(twins.log.entries[-1]).__name__ == "Entry"
    assert not isinstance(twins.log.entries[-1], Entry)  # a twin, from the snapshot
    assert twins.log.entries[-1].supersedes == "aaaaaaaaaa"
    assert twins.statuses() == models.statuses()
    assert [e.id for e in twins.state().history("1.1.1")] == [
        e.id for e in models.state().history("1.1.1")
    ]
    assert "aaaaaaaaaa" not in [e.id for e in twins.state().history("1.1.1")]


def test_show_history_shows_the_corrected_entry_and_its_correction(
    invoke: Invoke, folder: Path
) -> None:
    """Issue 15, point 5: "history shows both": ``avp show`` lists the superseded entry
    and the one that supersedes it, each marked, in the table and in json."""
    amend = ["progress", "amend", "aaaaaaaaaa", "-f", "programma.yaml", "--count", "3"]
    result = invoke([*amend, "--format", "json"])
    assert result.exit_code == 0, result.output
    new_id = json.loads(result.stdout)["id"]
    shown = invoke(["show", "1.1.1", "-f", "programma.yaml", "--format", "json"])
    history = json.loads(shown.stdout)["history"]
    old = next(e for e in history if e["id"] == "aaaaaaaaaa")
    new = next(e for e in history if e["id"] == new_id)
    assert (old["superseded_by"], new["supersedes"]) == (new_id, "aaaaaaaaaa")
    card = invoke(["show", "1.1.1", "-f", "programma.yaml"], env={"COLUMNS": "200"}).stdout
    card = " ".join(card.split())
    assert f"[vervangen door {new_id}]" in card
    assert "[vervangt aaaaaaaaaa]" in card
    retract = ["progress", "retract", new_id, "-f", "programma.yaml", "--reason", "Dubbel."]
    assert invoke(retract).exit_code == 0
    card = " ".join(invoke(["show", "1.1.1", "-f", "programma.yaml"]).stdout.split())
    assert "[ingetrokken door" in card and f"trekt {new_id} in" in card


def test_amend_corrects_the_period_of_a_figure(invoke: Invoke, folder: Path) -> None:
    """``avp progress amend --period`` (README, Correcting an entry): the corrected entry
    describes the period given; a period that is none is a usage error (exit 2)."""
    args = ["progress", "amend", "aaaaaaaaaa", "-f", "programma.yaml"]
    bad = invoke([*args, "--period", "2022-Q5"])
    assert bad.exit_code == 2 and "--period" in bad.stderr
    result = invoke([*args, "--period", "2022-Q3", "--format", "json"])
    assert result.exit_code == 0, result.output
    amended = json.loads(result.stdout)
    assert (amended["period"], amended["supersedes"], amended["count"]) == (
        "2022-Q3",
        "aaaaaaaaaa",
        1,
    )
    assert invoke(["validate", "-f", "programma.yaml"]).exit_code == 0
