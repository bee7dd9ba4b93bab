"""Which cache folder avp trusts, how it says it does not, and how entries are read and written."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from avp.programme.load import load_programme
from avp.storage import cache, trust
from tests.conftest import MINIMAL, Invoke

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes and owners")


@pytest.fixture
def programme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "p.yaml"
    shutil.copy(MINIMAL, target)
    return target


def test_avp_makes_its_folder_private(programme: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert cache.trusted_dir() is None  # not there yet
    load_programme(programme)
    assert cache.trusted_dir() == folder
    entries = list(folder.iterdir())
    assert {e.suffix for e in entries} == {".json", ".pickle"}  # the data and the snapshot
    if os.name != "nt":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert {stat.S_IMODE(entry.stat().st_mode) for entry in entries} == {0o600}


def test_parents_of_the_folder_are_made_too(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = programme.parent / "a" / "b" / "avp"
    monkeypatch.setenv("AVP_CACHE_DIR", str(folder))
    load_programme(programme)
    assert cache.trusted_dir() == folder and list(folder.iterdir())


def test_no_cache_no_folder_no_warning(
    programme: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    load_programme(programme)
    assert cache.trusted_dir() is None
    assert capsys.readouterr().err == ""


@POSIX_ONLY
@pytest.mark.parametrize(
    ("make", "why", "advice"),
    [
        (lambda f: f.chmod(0o777), "may be written by others (mode 777)", "chmod 700"),
        (lambda f: f.chmod(0o720), "may be written by others (mode 720)", "chmod 700"),
        (lambda f: (f.rmdir(), f.symlink_to(f.parent)), "is a symbolic link", "delete the link"),
        (lambda f: (f.rmdir(), f.write_text("")), "is not a folder", "delete it"),
    ],
    ids=["world-writable", "group-writable", "symlink", "file"],
)
def test_an_untrusted_folder_is_not_used_and_said_once(
    invoke: Invoke, programme: Path, make: object, why: str, advice: str
) -> None:
    folder = programme.parent / "cache"
    folder.mkdir(mode=0o700)
    make(folder)  # type: ignore[operator]
    before = sorted(p.name for p in programme.parent.iterdir())
    result = invoke(["list", "--file", programme])
    assert result.exit_code == 0, result.output
    assert result.stdout  # the command works all the same
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines  # once, though the command reads and stores several times
    assert lines[0].startswith(f"avp: warning: not using the cache folder: {folder} {why}")
    assert advice in lines[0] and "AVP_CACHE_DIR" in lines[0] and "AVP_NO_CACHE" in lines[0]
    assert sorted(p.name for p in programme.parent.iterdir()) == before  # nothing written
    if folder.is_dir() and not folder.is_symlink():
        assert list(folder.iterdir()) == []


@POSIX_ONLY
def test_a_folder_of_another_user_is_not_used(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_programme(programme)
    me = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    result = invoke(["list", "--file", programme])
    assert result.exit_code == 0, result.output
    assert f"belongs to another user (uid {me})" in result.stderr
    assert cache.load("programme", programme, programme.read_bytes()) is None


def test_a_missing_folder_is_made_quietly(invoke: Invoke, programme: Path) -> None:
    result = invoke(["list", "--file", programme])
    assert result.exit_code == 0 and result.stderr == ""
    assert cache.trusted_dir() == programme.parent / "cache"


@POSIX_ONLY
@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory", "hard link of another user"])
def test_entries_that_are_not_regular_files_of_the_user_are_not_read(
    programme: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    raw = programme.read_bytes()
    cache.store("programme", programme, raw, {"x": 1})
    folder = programme.parent / "cache"
    (entry,) = folder.iterdir()
    if kind == "hard link of another user":
        assert cache.load("programme", programme, raw) == {"x": 1}
        real_fstat = os.fstat

        def other_owner(fd: int) -> os.stat_result:
            st = real_fstat(fd)
            if stat.S_ISREG(st.st_mode):
                return os.stat_result((st[0], st[1], st[2], st[3], st[4] + 1, *st[5:]))
            return st

        monkeypatch.setattr(os, "fstat", other_owner)
    else:
        moved = programme.parent / "real-entry.json"
        entry.rename(moved)
        if kind == "symlink":
            entry.symlink_to(moved)
        elif kind == "fifo":
            os.mkfifo(entry)
        else:
            entry.mkdir()
    assert cache.load("programme", programme, raw) is None
    assert cache.entry_count("programme", programme, raw) is None


def test_an_entry_over_the_size_cap_is_neither_written_nor_read(programme: Path) -> None:
    raw = b"small"
    big = {"entries": ["x" * cache.size_cap(raw)]}
    cache.store("progress", programme, raw, big)
    assert not (programme.parent / "cache").exists() or not list(
        (programme.parent / "cache").iterdir()
    )
    cache.store("progress", programme, raw, {"entries": []})
    (entry,) = (programme.parent / "cache").iterdir()
    assert cache.load("progress", programme, raw) == {"entries": []}
    head = entry.read_bytes().split(b"\n", 1)[0]
    entry.write_bytes(head + b"\n" + b" " * cache.size_cap(raw))  # grown past the cap
    assert cache.load("progress", programme, raw) is None
    assert cache.entry_count("progress", programme, raw) is None
    assert not cache.append_entry("progress", programme, raw, b"more", {"x": 1})


def test_append_says_false_when_the_entry_would_pass_the_cap(programme: Path) -> None:
    raw = b"v0"
    cache.store("progress", programme, raw, {"entries": []})
    item = {"note": "x" * cache.size_cap(b"v1")}
    assert not cache.append_entry("progress", programme, raw, b"v1", item)
    assert cache.load("progress", programme, b"v1") is None


def test_a_write_leaves_no_temporary_file_when_it_fails(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_programme(programme)
    folder = programme.parent / "cache"
    before = sorted(p.name for p in folder.iterdir())

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no")

    monkeypatch.setattr(os, "replace", refuse)
    cache.store("clean-programme", programme, programme.read_bytes(), True)
    assert sorted(p.name for p in folder.iterdir()) == before


def test_stale_temporary_files_are_removed_once_per_process(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = programme.parent / "cache"
    load_programme(programme)  # cleans (nothing) and stores
    stale = folder / ".programme-x.json.0123abcd.tmp"
    stale.write_bytes(b"{")
    os.utime(stale, (0, 0))
    cache.store("clean-programme", programme, programme.read_bytes(), True)
    assert stale.exists()  # this process cleaned the folder already
    monkeypatch.setattr(trust, "_cleaned", set())  # the next command
    cache.store("clean-programme", programme, programme.read_bytes(), True)
    assert not stale.exists()
