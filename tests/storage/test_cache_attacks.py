"""Issue 14: attacks on the cache folder, each stopped.

Whoever can write the cache folder, or plant a file where an entry should be, must not be
able to make avp overwrite another file, show results that are not in the files, hang or
eat memory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from avp.storage import cache
from tests.conftest import FIXTURES, ROOT, Invoke

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes, symlinks, FIFOs")
KINDS = ("programme", "clean-programme", "progress", "clean-progress")


def entry_path(folder: Path, kind: str, path: Path) -> Path:
    """Where avp keeps the entry of ``kind`` for ``path`` (what an attacker can compute)."""
    return folder / f"{kind}-{cache.digest(str(path.resolve()))}.json"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """A programme and its log in a project folder."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "report" / name, project / name)
    return project / "programma.yaml", project / "voortgang.yaml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the user's own, private: one avp trusts."""
    where = tmp_path / "cache"
    where.mkdir(mode=0o700)
    where.chmod(0o700)
    monkeypatch.setenv("AVP_CACHE_DIR", str(where))
    return where


@POSIX_ONLY
def test_a_symlinked_entry_never_overwrites_its_target(
    invoke: Invoke, files: tuple[Path, Path], folder: Path, tmp_path: Path
) -> None:
    """Issue 14, data lost (b): another user's symlink in a shared cache folder makes a
    plain `avp list` overwrite the file it points to with cache JSON."""
    programme, log = files
    for mode in (0o700, 0o1777):  # avp's own folder, and a shared one like /tmp
        folder.chmod(mode)
        victims = []
        for kind in KINDS:
            victim = tmp_path / f"victim-{kind}-{mode:o}.txt"
            victim.write_text("precious\n", encoding="utf-8")
            entry = entry_path(folder, kind, programme if "programme" in kind else log)
            entry.unlink(missing_ok=True)
            entry.symlink_to(victim)
            victims.append(victim)
        result = invoke(["list", "--file", programme, "--format", "json"])
        assert result.exit_code == 0, result.output
        for victim in victims:
            assert victim.read_text(encoding="utf-8") == "precious\n", victim.name


def _forge(folder: Path, programme: Path, log: Path) -> None:
    """Entries as an attacker who can write the folder writes them, hashes recomputed: the
    log has only 'done' measures, and its broken bytes validated clean."""
    from avp.programme.load import load_programme
    from avp.progress.read import programme_fingerprint
    from avp.yamlio.loader import load_items

    raw = log.read_bytes()
    depends = programme_fingerprint(load_programme(programme))
    data = load_items(log.read_text(encoding="utf-8"), "voortgang.yaml")
    for item in data["entries"]:
        item["status"] = "done"
    cache.store("progress", log, raw, data, depends)
    cache.store("clean-progress", log, raw, True, depends)
    assert cache.load("progress", log, raw, depends) == data  # forged, as avp would read it


def _broken(log: Path) -> None:
    """Seven errors in the log: statuses that do not exist."""
    text = log.read_text(encoding="utf-8")
    text += "".join(
        f"  - measure: 1.1.1\n    date: 2022-01-0{day}\n    status: gelogen\n"
        f"    note: Vervalst.\n    author: X\n"
        for day in range(1, 8)
    )
    log.write_text(text, encoding="utf-8")


def _report(invoke: Invoke, programme: Path) -> object:
    result = invoke(["report", "--file", programme, "--format", "json", "--as-of", "2022-12-31"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


#: Ways a cache folder is open to others: group- or world-writable (also with the sticky bit
#: of /tmp, which does not stop anyone from adding an entry), or owned by someone else.
UNTRUSTED = ["group-writable", "world-writable", "sticky-shared", "another-owner"]


def _open_to_others(folder: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if how == "another-owner":
        me = os.geteuid()
        monkeypatch.setattr(os, "geteuid", lambda: me + 1)  # the folder is not ours any more
    else:
        modes = {"group-writable": 0o770, "world-writable": 0o707, "sticky-shared": 0o1777}
        folder.chmod(modes[how])


@POSIX_ONLY
@pytest.mark.parametrize("how", UNTRUSTED)
def test_a_forged_entry_does_not_change_a_report(
    invoke: Invoke,
    files: tuple[Path, Path],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    """Issue 14, faked results: the cache is protected only by a hash anyone can
    recompute: whoever can write the cache folder makes `avp report` show statuses that
    are not in the log."""
    programme, log = files
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    honest = _report(invoke, programme)
    monkeypatch.delenv("AVP_NO_CACHE")
    _forge(folder, programme, log)
    _open_to_others(folder, how, monkeypatch)
    assert _report(invoke, programme) == honest  # only the statuses of the log


@POSIX_ONLY
@pytest.mark.parametrize("how", UNTRUSTED)
def test_a_forged_entry_does_not_make_an_invalid_log_pass(
    invoke: Invoke,
    files: tuple[Path, Path],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    """Issue 14, faked results: whoever can write the cache folder makes
    `avp validate --strict` exit 0 on a log with 7 errors, while the log and git stay
    clean."""
    programme, log = files
    _broken(log)
    _forge(folder, programme, log)
    _open_to_others(folder, how, monkeypatch)
    result = invoke(["validate", programme, log, "--strict", "--format", "text"])
    assert result.exit_code == 1, result.output
    assert result.stdout.count("gelogen") == 7


#: Runs the avp commands of its JSON argument one after the other (one start-up for all);
#: exits with the first non-zero exit code.
COMMANDS = """import json, sys
from avp.cli import app
for args in json.loads(sys.argv[1]):
    try:
        app(args, prog_name="avp")
    except SystemExit as exc:
        if exc.code:
            raise
"""


def _run(
    commands: list[list[str]], cwd: Path, folder: Path, limit: int | None = None
) -> tuple[int, int]:
    """Run avp's ``commands`` in a new process with a generous bound on its time; the exit
    code and the peak memory in MiB. ``limit``: its address space, in MiB."""
    env = {**os.environ, "AVP_CACHE_DIR": str(folder), "PYTHONPATH": str(ROOT)}
    env.pop("AVP_NO_CACHE", None)

    def bounded() -> None:
        if limit is not None:
            import resource  # lazy: POSIX only

            resource.setrlimit(resource.RLIMIT_AS, (limit << 20, limit << 20))

    child = subprocess.Popen(
        [sys.executable, "-c", COMMANDS, json.dumps(commands)],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=bounded,  # only sets a limit
    )
    deadline = time.monotonic() + 60
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() > deadline:
            child.kill()
            child.wait()
            pytest.fail(f"avp {commands} still ran after 60 s")
        time.sleep(0.02)
    peak = usage.ru_maxrss // (1 << 20 if sys.platform == "darwin" else 1 << 10)
    return child.returncode, peak


ADD = ["progress", "add", "2.1.1", "--status", "on_track", "--note", "x"]
ADD += ["--date", "2022-10-01", "--author", "T", "--file", "programma.yaml"]


@POSIX_ONLY
def test_a_fifo_entry_does_not_hang(files: tuple[Path, Path], folder: Path) -> None:
    """Issue 14: a FIFO where a cache entry should be hangs `validate` and `progress add`
    (and so a pre-commit hook) forever."""
    programme, log = files
    for kind in KINDS:
        os.mkfifo(entry_path(folder, kind, programme if "programme" in kind else log))
    validate = ["validate", "programma.yaml", "voortgang.yaml"]
    assert _run([validate, ADD], programme.parent, folder)[0] == 0
    assert "2022-10-01" in log.read_text(encoding="utf-8")


@POSIX_ONLY
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_entry_linked_to_dev_zero_does_not_eat_memory(
    files: tuple[Path, Path], folder: Path
) -> None:
    """Issue 14: a cache entry linked to `/dev/zero` eats memory."""
    programme, log = files
    for kind in KINDS:
        entry_path(folder, kind, programme if "programme" in kind else log).symlink_to("/dev/zero")
    commands = [
        ["list", "--file", "programma.yaml"],
        ["validate", "programma.yaml", "voortgang.yaml"],
    ]
    code, peak = _run(commands, programme.parent, folder, limit=2048)
    assert code == 0
    assert peak < 400, f"avp list and validate peaked at {peak} MiB"  # they need < 100


def test_a_killed_writers_temporary_file_is_removed_by_the_next_store(
    invoke: Invoke, files: tuple[Path, Path], folder: Path
) -> None:
    """Issue 14: a kill during a cache write leaves a 7.7 MB temp file for good."""
    programme, _ = files
    entry = entry_path(folder, "programme", programme)
    old = folder / f".{entry.name}.0badc0de.tmp"
    old.write_bytes(b"{" * 100_000)
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    busy = folder / f".{entry.name}.5eedbeef.tmp"  # another avp writing it now
    busy.write_bytes(b"{")
    other = folder / ".not-a-cache-temp-file"
    other.write_bytes(b"x")
    os.utime(other, (hour_ago, hour_ago))
    result = invoke(["list", "--file", programme])
    assert result.exit_code == 0, result.output
    assert entry.exists()  # it stored
    assert not old.exists()
    assert busy.exists() and other.exists()
