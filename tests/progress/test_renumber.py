"""avp.progress.renumber: an id changed in the programme and its log together, or not at all."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import multiprocessing
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from avp.base.problems import AvpError, DataError, NotFoundError, UsageError
from avp.programme.models import Amendment, Renumbering
from avp.programme.status import Status
from avp.progress.append import append_entry
from avp.progress.edit import amendment_yaml, renumbered_log
from avp.progress.models import Entry
from avp.progress.read import load_log
from avp.progress.renumber import renumber
from avp.project import Project
from avp.storage import pair
from avp.storage.atomic import WriteError
from avp.yamlio.loader import load
from tests.conftest import BUNDLED, FIXTURES

PROGRAMME = "programma-2021-2022.yaml"
LOG = "voortgang-2021-2022.yaml"
DAY = dt.date(2021, 10, 12)

# A log of the bundled programme with entries for 1.3.2 in every style a person may write.
LOG_TEXT = """\
# yaml-language-server: $schema=../schemas/progress.schema.json
# Voortgang Westvoorne
entries:
  - measure: 1.3.2
    date: 2021-03-31
    status: on_track
    note: Melding via de BOA-app.
    author: J. de Vries
  - measure: 1.1.1   # buurtbemiddeling
    date: 2021-04-01
    status: on_track
    note: "Loopt; zie ook 1.3.2."
    author: J. de Vries
  - measure: '1.3.2'
    date: 2021-06-30
    status: at_risk
    note: |
      Minder meldingen.
      measure: 1.3.2 blijft zo staan.
    correction: Extra uitleg aan de buitendienst.
    author: P. Bakker
  - {measure: "1.3.2", date: 2021-09-30, status: done, note: Af., author: P. Bakker}
  - measure: 2.2.3
    date: 2021-10-01
    count: 1
    note: Integrale bedrijvencontrole Rockanje.
    author: J. de Vries
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(BUNDLED, tmp_path / PROGRAMME)
    (tmp_path / LOG).write_text(LOG_TEXT, encoding="utf-8")
    (tmp_path / "avp.toml").write_text(f'programme = "{PROGRAMME}"\n', encoding="utf-8")
    return tmp_path


def files(folder: Path) -> tuple[bytes, bytes]:
    return (folder / PROGRAMME).read_bytes(), (folder / LOG).read_bytes()


def debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def changes(before: str, after: str) -> list[str]:
    """The lines a diff removes (-) and adds (+)."""
    return [
        line
        for line in difflib.ndiff(before.splitlines(True), after.splitlines(True))
        if line[:1] in "+-"
    ]


def test_a_measure_is_renumbered_in_the_programme_and_the_log(folder: Path) -> None:
    programme_before, log_before = (b.decode() for b in files(folder))
    project = Project.open(folder / PROGRAMME)
    history = [e.note for e in project.state().history("1.3.2")]
    assert project.statuses()["1.3.2"] is Status.done and len(history) == 3

    done = project.renumber("1.3.2", "1.3.2a", date=DAY, decision="collegebesluit 12 oktober")

    programme_after, log_after = (b.decode() for b in files(folder))
    assert changes(programme_before, programme_after) == [
        "-           - id: 1.3.2\n",
        "+           - id: 1.3.2a\n",
        "+ \n",
        "+ amendments:\n",
        "+   - date: 2021-10-12\n",
        "+     decision: collegebesluit 12 oktober\n",
        "+     description: Nummer 1.3.2 gewijzigd in 1.3.2a\n",
        "+     renumbered: {old: 1.3.2, new: 1.3.2a}\n",
    ]
    assert programme_after.startswith(programme_before.replace("id: 1.3.2\n", "id: 1.3.2a\n"))
    assert changes(log_before, log_after) == [
        "-   - measure: 1.3.2\n",
        "+   - measure: 1.3.2a\n",
        "-   - measure: '1.3.2'\n",
        "+   - measure: '1.3.2a'\n",
        '-   - {measure: "1.3.2", date: 2021-09-30, status: done, note: Af., author: P. Bakker}\n',
        '+   - {measure: "1.3.2a", date: 2021-09-30, status: done, note: Af., author: P. Bakker}\n',
    ]
    assert (done.level, done.entries) == ("measure", (0, 2, 3))
    assert done.amendment.description == "Nummer 1.3.2 gewijzigd in 1.3.2a"
    assert [w.rule for w in done.warnings] == ["id-position"]  # the bundled programme's lint
    assert done.warnings[0].line == programme_after.splitlines().index("          - id: 1.3.2a") + 1
    # The same entries belong to the same measure, under its new id.
    assert project.programme.measure_index["1.3.2a"].text.startswith("Onveilige plaatsen")
    assert project.statuses()["1.3.2a"] is Status.done
    assert [e.note for e in project.state().history("1.3.2a")] == history
    fresh = Project.open(folder / PROGRAMME)
    assert "1.3.2" not in fresh.programme.owners and fresh.statuses()["1.3.2a"] is Status.done
    assert fresh.programme.amendments[-1].renumbered == Renumbering(old="1.3.2", new="1.3.2a")
    assert debris(folder) == []


def test_a_theme_is_renumbered_in_its_quotes_and_its_measures_keep_their_ids(
    folder: Path,
) -> None:
    programme_before, log_before = (b.decode() for b in files(folder))
    done = Project.open(folder / PROGRAMME).renumber("1.3", "1.30", date=DAY)
    programme_after, log_after = (b.decode() for b in files(folder))
    assert changes(programme_before, programme_after)[:2] == [
        '-       - id: "1.3"\n',
        '+       - id: "1.30"\n',  # it was quoted; 1.30 must be anyway (YAML reads 1.3)
    ]
    assert "renumbered: {old: '1.3', new: '1.30'}\n" in programme_after
    assert "decision" not in programme_after  # none given: none written
    assert (done.level, done.entries, log_after) == ("theme", (), log_before)
    project = Project.open(folder / PROGRAMME)
    assert project.index.owner("1.30")[1].name == "Objectieve veiligheid"
    assert project.index.measure("1.3.2").theme.id == "1.30"


def test_a_field_and_a_theme_with_targets_and_entries_in_another_programme(
    tmp_path: Path,
) -> None:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "generic" / name, tmp_path / name)
    before_programme = (tmp_path / "programma.yaml").read_text(encoding="utf-8")
    before_log = (tmp_path / "voortgang.yaml").read_text(encoding="utf-8")
    project = Project.open(tmp_path / "programma.yaml")
    project.renumber("2", "3", date=dt.date(2024, 9, 1), decision="collegebesluit")
    done = project.renumber("2.1", "2.1-HIC", date=dt.date(2024, 9, 2))
    assert done.warnings == ()  # this programme does not enable id-position
    after_programme = (tmp_path / "programma.yaml").read_text(encoding="utf-8")
    after_log = (tmp_path / "voortgang.yaml").read_text(encoding="utf-8")
    assert changes(before_programme, after_programme) == [
        '-   - id: "2"\n',
        '+   - id: "3"\n',
        '-       - id: "2.1"\n',
        '+       - id: "2.1-HIC"\n',
        # added to the end of the list that was there, in its indentation
        "+   - date: 2024-09-01\n",
        "+     decision: collegebesluit\n",
        "+     description: Nummer 2 gewijzigd in 3\n",
        "+     renumbered: {old: '2', new: '3'}\n",
        "+   - date: 2024-09-02\n",
        "+     description: Nummer 2.1 gewijzigd in 2.1-HIC\n",
        "+     renumbered: {old: '2.1', new: 2.1-HIC}\n",
    ]
    assert changes(before_log, after_log) == [
        '-   - measure: "2.1"\n',
        '+   - measure: "2.1-HIC"\n',
        '-   - measure: "2"\n',
        '+   - measure: "3"\n',
    ]
    fresh = Project.open(tmp_path / "programma.yaml")
    assert [t.measure_id for t in fresh.targets(dt.date(2024, 12, 31))][:2] == ["3", "2.1-HIC"]
    assert [a.description for a in fresh.programme.amendments][1:] == [
        "Nummer 2 gewijzigd in 3",
        "Nummer 2.1 gewijzigd in 2.1-HIC",
    ]


@pytest.mark.parametrize(
    ("programme_text", "expected_tail"),
    [
        # amendments: [] becomes a block list, its comment kept
        (
            "amendments: []  # nog geen\nfields:\n",
            "amendments:  # nog geen\n  - date: 2021-10-12\n",
        ),
        # a file without a final line break gets one first
        ("fields:\n", "\n  - date: 2021-10-12\n"),
    ],
)
def test_where_the_amendment_goes(folder: Path, programme_text: str, expected_tail: str) -> None:
    path = folder / PROGRAMME
    text = path.read_text(encoding="utf-8")
    if programme_text.startswith("amendments"):
        text = text.replace("fields:\n", programme_text, 1)
    else:
        text = text.rstrip("\n")
    path.write_text(text, encoding="utf-8")
    renumber(path, folder / LOG, "1.3.2", "1.3.2a", date=DAY)
    after = path.read_text(encoding="utf-8")
    assert expected_tail in after
    if programme_text.startswith("amendments"):
        assert after.count("amendments") == 1 and "  - date: 2021-10-12\n" in after
    else:
        renumbered = text.replace("id: 1.3.2\n", "id: 1.3.2a\n")
        assert after.startswith(renumbered + "\n\namendments:\n")


def test_crlf_line_endings_and_a_byte_order_mark_stay(folder: Path) -> None:
    for name in (PROGRAMME, LOG):
        path = folder / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY)
    for name in (PROGRAMME, LOG):
        raw = (folder / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\n") == raw.count(b"\r\n")
    assert b"\r\n  - date: 2021-10-12\r\n" in (folder / PROGRAMME).read_bytes()
    assert Project.open(folder / PROGRAMME).statuses()["1.3.2a"] is Status.done


def test_a_missing_log_is_not_created(folder: Path) -> None:
    (folder / LOG).unlink()
    done = renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY)
    assert done.entries == () and not (folder / LOG).exists()
    assert "id: 1.3.2a\n" in (folder / PROGRAMME).read_text(encoding="utf-8")


def test_the_amendment_as_yaml() -> None:
    amendment = Amendment(
        date=DAY,
        decision="besluit: 'ja'\nen nee",
        description="Nummer 1 gewijzigd in 1.10",
        renumbered=Renumbering(old="1", new="1.10"),
    )
    text = amendment_yaml(amendment, 4, 8)
    assert text == (
        "    -   date: 2021-10-12\n"
        "        decision: |-\n"
        "          besluit: 'ja'\n"
        "          en nee\n"
        "        description: Nummer 1 gewijzigd in 1.10\n"
        "        renumbered: {old: '1', new: '1.10'}\n"
    )
    (read,) = load("amendments:\n" + text, "t")["amendments"]
    assert Amendment.model_validate(read) == amendment


def test_renumbered_log_changes_only_the_measure_values() -> None:
    text, changed = renumbered_log(LOG_TEXT, "1.3.2", "1.10")
    assert changed == (0, 2, 3)
    assert text.count("'1.10'") == 2 and '"1.10"' in text
    assert "measure: 1.3.2 blijft zo staan" in text and "zie ook 1.3.2" in text
    numbers = "entries:\n  - measure: 7\n  - measure: '7'\n  - measure: 77\n"
    assert renumbered_log(numbers, "7", "7a") == (
        "entries:\n  - measure: 7a\n  - measure: '7a'\n  - measure: 77\n",
        (0, 1),
    )


# --- what is refused, and then nothing is written ----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "error", "message"),
    [
        ("1.3.99", "1.3.2a", NotFoundError, "no field, theme or measure '1.3.99' in"),
        ("1.3.2", "1.3.3", AvpError, "'1.3.3' is the id of measure 1.3.3 already"),
        ("1.3.2", "1.3", AvpError, "'1.3' is the id of theme 1.3 already"),
        ("1.3.2", "1.3.2 a", UsageError, "'1.3.2 a' is not a valid id"),
        ("1.3.2", "", UsageError, "'' is not a valid id"),
        ("1.3.2", "1.3.2.", UsageError, "is not a valid id"),
        ("1.3.2", "x" * 41, UsageError, "is not a valid id"),
        ("1.3.2", "1.3.2", UsageError, "the id is '1.3.2' already"),
    ],
)
def test_bad_ids_change_nothing(
    folder: Path, old: str, new: str, error: type[AvpError], message: str
) -> None:
    before = files(folder)
    with pytest.raises(error) as info:
        renumber(folder / PROGRAMME, folder / LOG, old, new, date=DAY)
    assert type(info.value) is error
    assert message in info.value.message
    assert files(folder) == before and debris(folder) == []


def test_an_unknown_id_gets_a_suggestion(folder: Path) -> None:
    with pytest.raises(NotFoundError, match=r"did you mean '1\.3\.2'\?"):
        renumber(folder / PROGRAMME, folder / LOG, "1.3.22", "1.3.2a", date=DAY)


def test_an_invalid_programme_is_not_written(folder: Path) -> None:
    path = folder / PROGRAMME
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "partners: [gemeente, politie]", "partners: [polite]", 1
        ),
        encoding="utf-8",
    )
    before = files(folder)
    with pytest.raises(DataError) as info:
        renumber(path, folder / LOG, "1.3.2", "1.3.2a", date=DAY)
    assert "is not a valid programme; nothing was changed" in info.value.message
    assert [p.rule for p in info.value.problems] == ["partner-ref"]
    assert files(folder) == before and debris(folder) == []


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (("status: done, note: Af.", "status: klaar, note: Af."), "unknown-status"),
        (("date: 2021-10-01", "date: 2021-02-30"), "schema"),
        (("entries:\n", "entries:\n  - [\n"), "syntax"),
    ],
)
def test_an_invalid_log_is_not_written(folder: Path, change: tuple[str, str], rule: str) -> None:
    log = folder / LOG
    log.write_text(LOG_TEXT.replace(*change), encoding="utf-8")
    before = files(folder)
    with pytest.raises(DataError) as info:
        renumber(folder / PROGRAMME, log, "1.3.2", "1.3.2a", date=DAY)
    assert "not a valid progress log" in info.value.message
    assert rule in [p.rule for p in info.value.problems]
    assert files(folder) == before and debris(folder) == []


@pytest.mark.parametrize(
    ("decision", "message"),
    [("a\x1b[2J", "control characters .U\\+001B"), ("", "the decision is empty"), (" ", "empty")],
)
def test_a_bad_decision_is_refused(folder: Path, decision: str, message: str) -> None:
    before = files(folder)
    with pytest.raises(UsageError, match=message):
        renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY, decision=decision)
    assert files(folder) == before


def test_the_bundled_programme_is_refused_where_add_is(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """renumber writes only where Project.writable_log allows: its rule, whatever it is."""

    def read_only(self: Project) -> Path:
        raise UsageError("the bundled programme is read-only")

    monkeypatch.setattr(Project, "writable_log", read_only)
    before = files(folder)
    with pytest.raises(UsageError, match="read-only"):
        Project.open(folder / PROGRAMME).renumber("1.3.2", "1.3.2a")
    assert files(folder) == before


def test_a_change_by_an_editor_meanwhile_is_not_overwritten(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.fsync
    edited = LOG_TEXT + "# bewerkt in een editor\n"

    def editor_saves(fd: int) -> None:
        (folder / LOG).write_text(edited, encoding="utf-8")
        real(fd)

    monkeypatch.setattr(os, "fsync", editor_saves)
    programme = (folder / PROGRAMME).read_bytes()
    with pytest.raises(AvpError, match="changed while avp was renumbering"):
        renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY)
    assert (folder / LOG).read_text(encoding="utf-8") == edited
    assert (folder / PROGRAMME).read_bytes() == programme and debris(folder) == []


# --- interrupted half-way ---------------------------------------------------------------------


def test_a_failing_second_replace_leaves_both_files_as_they_were(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files(folder)
    real = os.replace
    replaced: list[str] = []

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == PROGRAMME:  # the second: the log was replaced just before
            assert (folder / LOG).read_bytes() != before[1]
            raise OSError(errno.EIO, "Input/output error")
        replaced.append(Path(dst).name)
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(WriteError, match="neither file was changed"):
        renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY)
    assert replaced == [LOG, LOG]  # replaced, then put back
    assert files(folder) == before and debris(folder) == []


def test_a_keyboard_interrupt_between_the_two_replaces_leaves_both_as_they_were(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files(folder)
    real = pair._replace

    def replace(source: Path, target: Path) -> None:
        real(source, target)
        if target.name == LOG:
            raise KeyboardInterrupt

    monkeypatch.setattr(pair, "_replace", replace)
    with pytest.raises(KeyboardInterrupt):
        renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY)
    assert files(folder) == before and debris(folder) == []
    monkeypatch.undo()
    renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY)  # now it works


def test_a_run_cut_off_between_the_replaces_is_completed_by_running_it_again(
    folder: Path,
) -> None:
    """A power cut after the log was replaced: the same command again completes it."""
    renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY)
    done_programme, done_log = files(folder)
    shutil.copy(BUNDLED, folder / PROGRAMME)  # the programme as it was: its replace was lost
    with pytest.raises(DataError):  # the log names an id the programme does not have yet
        load_log(folder / LOG, Project.open(folder / PROGRAMME).programme)
    again = renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY)
    assert again.entries == ()
    assert files(folder) == (done_programme, done_log)


# --- the cache and concurrent writers ---------------------------------------------------------


def test_the_cache_does_not_serve_the_old_programme(folder: Path) -> None:
    Project.open(folder / PROGRAMME).statuses()  # fills the cache with the old files
    Project.open(folder / PROGRAMME).renumber("1.3.2", "1.3.2a", date=DAY)
    project = Project.open(folder / PROGRAMME)
    assert "1.3.2a" in project.programme.owners and "1.3.2" not in project.programme.owners
    assert project.statuses()["1.3.2a"] is Status.done


def entry(measure: str, note: str) -> Entry:
    return Entry(
        measure=measure,
        date=dt.date(2021, 11, 1),
        status=Status.on_track,
        note=note,
        author="T. Est",
    )


def test_an_entry_made_before_a_renumbering_gets_the_new_id(folder: Path) -> None:
    """Opened before the id changed, added after: the entry follows the amendment."""
    slow = Project.open(folder / PROGRAMME)
    Project.open(folder / PROGRAMME).renumber("1.3.2", "1.3.2a", date=DAY)
    written = slow.add(entry("1.3.2", "net te laat"))
    assert written.measure == "1.3.2a"
    assert slow.statuses()["1.3.2a"] is Status.on_track  # the project read both again
    log = load_log(folder / LOG, Project.open(folder / PROGRAMME).programme)
    assert (log.entries[-1].measure, log.entries[-1].note) == ("1.3.2a", "net te laat")


def _add_in_a_process(folder: str, number: int, start: object) -> None:
    """What avp progress add does: the programme read first, the entry added later."""
    path = Path(folder) / PROGRAMME
    project = Project.open(path)
    made = entry("1.3.2" if number % 2 else "1.1.1", f"proces {number}")
    start.wait(60)  # type: ignore[attr-defined]
    append_entry(path.parent / LOG, made, project.programme, timeout=120, programme_path=path)


def _renumber_in_a_process(folder: str, start: object) -> None:
    path = Path(folder) / PROGRAMME
    start.wait(60)  # type: ignore[attr-defined]
    renumber(path, path.parent / LOG, "1.3.2", "1.3.2a", date=DAY, timeout=120)


def test_progress_add_racing_with_renumber_loses_nothing(folder: Path) -> None:
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    start = context.Event()
    adders = [
        context.Process(target=_add_in_a_process, args=(str(folder), n, start)) for n in range(12)
    ]
    renumberer = context.Process(target=_renumber_in_a_process, args=(str(folder), start))
    processes = [*adders[:6], renumberer, *adders[6:]]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(180)
    assert [p.exitcode for p in processes] == [0] * len(processes)
    project = Project.open(folder / PROGRAMME)
    entries = project.log.entries  # valid against the renumbered programme
    assert "1.3.2" not in project.programme.owners
    assert all(e.measure in project.programme.owners for e in entries)
    added = {e.note: e.measure for e in entries[5:]}
    assert added == {f"proces {n}": "1.3.2a" if n % 2 else "1.1.1" for n in range(12)}
    assert [e.measure for e in entries[:5]] == ["1.3.2a", "1.1.1", "1.3.2a", "1.3.2a", "2.2.3"]
    assert debris(folder) == []


def test_threads_adding_while_one_renumbers(folder: Path) -> None:
    errors: list[BaseException] = []
    projects = [Project.open(folder / PROGRAMME) for _ in range(9)]
    barrier = threading.Barrier(len(projects))

    def run(number: int) -> None:
        try:
            barrier.wait(30)
            if number == 4:
                renumber(folder / PROGRAMME, folder / LOG, "1.3.2", "1.3.2a", date=DAY, timeout=60)
            else:
                made = entry("1.3.2", f"draad {number}")
                programme = projects[number].programme
                path = folder / PROGRAMME
                append_entry(folder / LOG, made, programme, timeout=60, programme_path=path)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(projects))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    project = Project.open(folder / PROGRAMME)
    notes = sorted(e.note for e in project.log.entries if e.measure == "1.3.2a")
    assert [n for n in notes if n.startswith("draad")] == [f"draad {n}" for n in range(9) if n != 4]
