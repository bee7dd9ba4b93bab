"""Many writers on one log: every name of the file shares one lock, and writers queue."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import multiprocessing
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from avp.programme.models import Programme
from avp.progress.append import append_entry
from avp.progress.read import load_log
from avp.storage import atomic
from avp.storage.lock import file_lock, lock_path_for
from tests.progress.helpers import GOLDEN, PROGRAMME_PATH, entry

WRITERS = 50

#: What `avp progress add` imports, for the forked writers to find imported.
WARM = (
    "avp.cli",
    "avp.cli.progress",
    "avp.project",
    "avp.progress.author",
    "avp.render.output",
    "avp.validate.reporters",
    "avp.yamlio.loader",
)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_one_log_under_two_names_loses_no_entry(
    tmp_path: Path, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: one log reached under two names (a symlink and the real path): the lock
    follows the name, the write follows the file; both writers print "added" and one
    entry is gone."""
    real = tmp_path / "voortgang.yaml"
    shutil.copy(GOLDEN, real)
    link = tmp_path / "ook-voortgang.yaml"
    link.symlink_to(real)
    # Both writers pause just before their replace until the other is there too: with one
    # lock per name both get there and the second replace drops the first entry. With one
    # lock per file the second waits for the lock, so the first gives up the pause.
    both_there = threading.Barrier(2, timeout=1.5)
    real_replace = atomic._replace

    def paused_replace(source: Path, target: Path) -> None:
        if target.name == "voortgang.yaml":
            with contextlib.suppress(threading.BrokenBarrierError):
                both_there.wait()
        real_replace(source, target)

    monkeypatch.setattr(atomic, "_replace", paused_replace)
    failures: list[BaseException] = []

    def add(path: Path, note: str) -> None:
        try:
            append_entry(path, entry(note=note), programme)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    writers = [
        threading.Thread(target=add, args=(real, "Via de echte naam.")),
        threading.Thread(target=add, args=(link, "Via de symbolische link.")),
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
    assert failures == []
    notes = [e.note for e in load_log(real, programme).entries]
    assert notes.count("Via de echte naam.") == 1
    assert notes.count("Via de symbolische link.") == 1
    assert link.is_symlink()


#: The click command of `avp`, built once in the test's process for the forked writers.
_COMMAND: dict[str, Any] = {}


def _cli_add(folder: str, number: int) -> None:
    """One `avp progress add` in a process of its own, its stderr in err-<number>.txt."""
    os.chdir(folder)
    sys.stderr = Path(f"err-{number:02d}.txt").open("w", encoding="utf-8")  # noqa: SIM115
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115
    command = _COMMAND.get("avp")
    if command is None:  # spawned, not forked: build it here
        import typer  # lazy: in the child

        from avp.cli import app  # lazy: in the child

        command = typer.main.get_command(app)
    code: Any = 0
    try:
        command.main(
            [
                "progress",
                "add",
                "1.1.1",
                "--status",
                "on_track",
                "--note",
                f"Gelijktijdig {number:02d}.",
                "--date",
                "2022-03-14",
                "--author",
                "T. Tester",
            ],
            prog_name="avp",
        )
    except SystemExit as exc:
        code = exc.code
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)


def _hold(lock: str, held: Any, release: Any) -> None:
    """Another avp holding the log's lock until told to let go."""
    with file_lock(Path(lock), timeout=5):
        held.set()
        release.wait(120)


def test_fifty_simultaneous_adds_all_land_once(
    tmp_path: Path, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: refused writers: 50 simultaneous `progress add`s, only 19-33 got in; the
    rest gave up after the fixed 5 s lock timeout."""
    monkeypatch.delenv("AVP_LOCK_TIMEOUT", raising=False)
    shutil.copy(PROGRAMME_PATH, tmp_path / "programma.yaml")
    log = tmp_path / "voortgang.yaml"
    shutil.copy(GOLDEN, log)
    monkeypatch.setenv("AVP_FILE", str(tmp_path / "programma.yaml"))
    # Fork where there is fork: fifty interpreters starting from scratch would take far
    # longer than the adds themselves (Windows spawns them all the same).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    errors = [tmp_path / f"err-{n:02d}.txt" for n in range(WRITERS)]
    before = len(load_log(log, programme, today=dt.date(2022, 6, 1)).entries)
    for module in WARM:  # imported once here rather than in each forked writer
        importlib.import_module(module)
    import typer  # lazy

    from avp.cli import app  # lazy

    _COMMAND["avp"] = typer.main.get_command(app)  # built once, for the forked writers
    started = time.monotonic()
    # The lock is held first (by another process: a forked writer would inherit our
    # descriptor, and with it the lock), so that every writer finds it held and queues.
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(lock_path_for(log)), held, release))
    holder.start()
    assert held.wait(60), "the holder did not take the lock"
    writers = [context.Process(target=_cli_add, args=(str(tmp_path), n)) for n in range(WRITERS)]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until every writer waits (or gave up)
        waiting = [
            e.exists() and "waiting for another avp" in e.read_text(encoding="utf-8")
            for e in errors
        ]
        if all(w or not p.is_alive() for w, p in zip(waiting, writers, strict=True)):
            break
        time.sleep(0.05)
    release.set()
    holder.join(60)
    for writer in writers:
        writer.join(120)
    elapsed = time.monotonic() - started
    codes = [w.exitcode for w in writers]
    messages = {e.read_text(encoding="utf-8").strip().splitlines()[-1] for e in errors}
    assert codes == [0] * WRITERS, messages
    notes = [e.note for e in load_log(log, programme, today=dt.date(2022, 6, 1)).entries]
    for number in range(WRITERS):
        assert notes.count(f"Gelijktijdig {number:02d}.") == 1
    assert len(notes) == before + WRITERS
    assert elapsed < 240  # bounded: each waited its turn, none gave up


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_renumber_takes_the_lock_of_the_real_files(tmp_path: Path) -> None:
    """The programme's and the log's locks follow the files, for renumber too."""
    from avp.progress.renumber import renumber  # lazy
    from avp.storage.lock import LockTimeoutError  # lazy

    shutil.copy(PROGRAMME_PATH, tmp_path / "programma.yaml")
    shutil.copy(GOLDEN, tmp_path / "voortgang.yaml")
    (tmp_path / "p-link.yaml").symlink_to(tmp_path / "programma.yaml")
    (tmp_path / "v-link.yaml").symlink_to(tmp_path / "voortgang.yaml")
    before = (tmp_path / "programma.yaml").read_bytes()
    for held in ("programma.yaml", "voortgang.yaml"):
        with (
            file_lock(lock_path_for(tmp_path / held), timeout=5),
            pytest.raises(LockTimeoutError),
        ):
            renumber(
                tmp_path / "p-link.yaml",
                tmp_path / "v-link.yaml",
                "1.1.1",
                "1.1.1a",
                date=dt.date(2022, 3, 1),
                timeout=0.2,
            )
    assert (tmp_path / "programma.yaml").read_bytes() == before
