"""avp.storage.files: every file avp reads is UTF-8, a regular file, not a loop, not huge."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from avp.base.problems import DataError, UsageError
from avp.storage import files
from tests.conftest import MINIMAL, Invoke

ENCODED = {
    "utf-16": ("\ufeffprogramme:\n".encode("utf-16-le"), "UTF-16 (little-endian, with a"),
    "utf-16-be": ("\ufeffprogramme:\n".encode("utf-16-be"), "UTF-16 (big-endian, with a"),
    "utf-16-no-bom": ("programme:\n".encode("utf-16-le"), "UTF-16 (little-endian, no byte"),
    "utf-32": ("\ufeffprogramme:\n".encode("utf-32-le"), "UTF-32 (little-endian, with a"),
    "utf-32-be-no-bom": ("programme:\n".encode("utf-32-be"), "UTF-32 (big-endian, no byte"),
    "cp1252": ("programme: Zeeuwse\xeb\n".encode("cp1252"), "Windows-1252 or Latin-1"),
}


@pytest.mark.parametrize("case", sorted(ENCODED))
def test_decode_names_the_encoding_and_says_save_as_utf8(case: str) -> None:
    raw, looks = ENCODED[case]
    with pytest.raises(DataError) as caught:
        files.decode(raw, "p.yaml")
    (problem,) = caught.value.problems
    assert looks in problem.message
    assert "save the file as UTF-8" in problem.message
    assert problem.rule == "encoding"


def test_utf8_with_or_without_bom_is_read() -> None:
    assert files.decode("\ufeffa: ë\n".encode(), "p.yaml") == "a: ë\n"
    assert files.sniff_encoding("a: ë\n".encode()) is None


def test_sizes_as_people_read_them() -> None:
    assert files.size_text(2 << 30) == "2.0 GiB"
    assert files.size_text(256 << 20) == "256 MiB"
    assert files.size_text(1536) == "1.5 KiB"
    assert files.size_text(12) == "12 bytes"


def test_a_file_over_the_cap_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: a 2 GiB log crashes (here: a sparse 2 GiB file, read by nothing)."""
    big = tmp_path / "voortgang.yaml"
    with big.open("wb") as handle:
        handle.truncate(2 << 30)  # sparse: no disk used
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        files.read_bytes(big)
    assert caught.value.message.startswith(
        "voortgang.yaml: is 2.0 GiB; avp reads files up to 256 MiB"
    )


def test_the_cap_is_a_constant_tests_can_lower(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    path = tmp_path / "p.yaml"
    path.write_bytes(b"x" * 10)
    assert files.read_bytes(path) == b"x" * 10
    path.write_bytes(b"x" * 11)
    with pytest.raises(UsageError, match="is 11 bytes; avp reads files up to 10 bytes"):
        files.read_bytes(path)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_symlink_loop_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    with pytest.raises(UsageError, match="is a symbolic link that loops"):
        files.read_bytes(tmp_path / "a.yaml")
    assert files.display_path(tmp_path / "a.yaml")  # no RuntimeError from resolve()
    assert files.resolved(tmp_path / "a.yaml") == tmp_path / "a.yaml"
    assert files.lexists(tmp_path / "a.yaml") and not files.exists(tmp_path / "a.yaml")


def test_a_name_too_long_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"too long|no such file"):
        files.read_bytes(tmp_path / ("x" * 5000))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "p.yaml"
    os.mkfifo(pipe)
    with pytest.raises(UsageError, match="not a regular file"):
        files.read_bytes(pipe)  # no writer: a blocking open would wait for ever


def test_a_folder_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a directory, not a YAML file"):
        files.read_bytes(tmp_path)


def test_inside(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    assert files.inside(tmp_path, tmp_path / "sub" / "log.yaml")
    assert not files.inside(tmp_path / "sub", tmp_path / "sub" / ".." / "log.yaml")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize(
    "command", [["list"], ["validate"], ["info"], ["report"], ["progress", "list"]]
)
def test_symlink_loop_as_log_is_a_message(
    invoke: Invoke, tmp_path: Path, command: list[str]
) -> None:
    """Issue 14: a log or programme that is a symlink loop crashes."""
    text = MINIMAL.read_text(encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        text.replace("  language: nl\n", "  language: nl\n  progress_log: v.yaml\n"),
        encoding="utf-8",
    )
    (tmp_path / "v.yaml").symlink_to("w.yaml")
    (tmp_path / "w.yaml").symlink_to("v.yaml")
    result = invoke([*command, "-f", "p.yaml"])
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "v.yaml" in result.output and "symbolic link that loops" in result.output
    assert result.exit_code == (0 if command == ["info"] else 2)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("command", [["list", "-f"], ["validate"], ["diff", "MINIMAL"]])
def test_symlink_loop_as_programme_is_a_message(
    invoke: Invoke, tmp_path: Path, command: list[str]
) -> None:
    """Issue 14: a log or programme that is a symlink loop crashes."""
    shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
    (tmp_path / "p.yaml").symlink_to("q.yaml")
    (tmp_path / "q.yaml").symlink_to("p.yaml")
    args = [("minimal.yaml" if a == "MINIMAL" else a) for a in command]
    result = invoke([*args, "p.yaml"])
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "symbolic link that loops" in result.output
    assert result.exit_code == 2


def test_a_2_gib_log_is_a_message(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: a 2 GiB log crashes (a sparse file; every command says how big it is)."""
    text = MINIMAL.read_text(encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        text.replace("  language: nl\n", "  language: nl\n  progress_log: v.yaml\n"),
        encoding="utf-8",
    )
    with (tmp_path / "v.yaml").open("wb") as handle:
        handle.truncate(2 << 30)
    for command in (
        ["list"],
        ["validate"],
        ["progress", "add", "1.1.1", "--status", "done", "--date", "2022-01-03"],
    ):
        result = invoke([*command, "-f", "p.yaml", *(["--note", "x"] if "add" in command else [])])
        assert result.exit_code == 2, result.output
        assert "v.yaml" in result.output
        assert "is 2.0 GiB; avp reads files up to 256 MiB" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".txt"])
def test_an_imported_table_in_utf16_names_its_encoding(
    invoke: Invoke, tmp_path: Path, suffix: str
) -> None:
    (tmp_path / f"tabel{suffix}").write_bytes(
        "\ufeffNr;Maatregel\n1.1.1;Iets\n".encode("utf-16-le")
    )
    result = invoke(["import", f"tabel{suffix}"])
    assert result.exit_code != 0
    assert "UTF-16 (little-endian, with a byte-order mark)" in result.stderr
    assert "save it as UTF-8" in result.stderr or "save the file as UTF-8" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_imported_table_that_is_a_fifo_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "tabel.csv")
    result = invoke(["import", "tabel.csv"])  # never waits for a writer
    assert result.exit_code == 2
    assert "tabel.csv: not a file" in result.stderr
