"""Which programme a command uses: --file, AVP_FILE, avp.toml, bundled."""

from __future__ import annotations

from pathlib import Path

import pytest

from avp.base.problems import UsageError
from avp.programme.discovery import (
    ConfigError,
    bundled_programme,
    chosen_programme,
    find_programme,
)
from tests.conftest import BUNDLED, MINIMAL, Invoke


def test_explicit_beats_everything(tmp_path: Path) -> None:
    (tmp_path / "avp.toml").write_text('programme = "other.yaml"\n', encoding="utf-8")
    found = find_programme(Path("x.yaml"), cwd=tmp_path, environ={"AVP_FILE": "y.yaml"})
    assert (found.path, found.how) == (Path("x.yaml"), "--file")


def test_environment_beats_config(tmp_path: Path) -> None:
    (tmp_path / "avp.toml").write_text('programme = "other.yaml"\n', encoding="utf-8")
    found = find_programme(cwd=tmp_path, environ={"AVP_FILE": "y.yaml"})
    assert (found.path, found.how) == (Path("y.yaml"), "AVP_FILE")


def test_config_in_a_parent_directory(tmp_path: Path) -> None:
    (tmp_path / "avp.toml").write_text('programme = "data/p.yaml"\n', encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "p.yaml").write_bytes(MINIMAL.read_bytes())
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    found = find_programme(cwd=sub, environ={})
    assert found.path == tmp_path.resolve() / "data" / "p.yaml"
    assert (found.how, found.config, found.kind) == (
        str(tmp_path.resolve() / "avp.toml"),
        tmp_path.resolve() / "avp.toml",
        "avp.toml",
    )
    assert not found.bundled


def test_bundled_when_nothing_else(tmp_path: Path) -> None:
    found = find_programme(cwd=tmp_path, environ={})
    assert found.how == "bundled"
    assert found.path.read_bytes() == BUNDLED.read_bytes()
    assert bundled_programme().is_file()


def test_bundled_is_marked_as_such(tmp_path: Path) -> None:
    found = find_programme(cwd=tmp_path, environ={})
    assert found.bundled and found.kind == "bundled" and found.config is None
    assert chosen_programme(cwd=tmp_path, environ={}) is None
    assert not find_programme(BUNDLED, cwd=tmp_path, environ={}).bundled


# avp.toml content -> (line, column, what the message says after "avp.toml:LINE:COL: ")
BROKEN: dict[str, tuple[int, int, str]] = {
    "unquoted": (
        1,
        13,
        "not valid TOML: invalid value; it should hold the line programme = "
        '"path/to/programme.yaml" (the path in double quotes)',
    ),
    "no-value": (1, 12, "not valid TOML: invalid value;"),
    "twice": (2, 1, "not valid TOML: a key is there twice; keep one;"),
    "empty": (1, 13, "'programme' is empty; name the programme file"),
    "blank": (2, 13, "'programme' is empty"),
    "number": (1, 13, "'programme' is 3 (a number), not a path"),
    "boolean": (1, 13, "'programme' is true (a boolean), not a path"),
    "table": (0, 0, "'programme' is a table, not a path"),
    "list": (1, 13, "'programme' is a list, not a path"),
    "missing-key": (0, 0, "no 'programme' key (it has programe; a typo?); add the line"),
    "nothing": (0, 0, "no 'programme' key; add the line programme = "),
    "missing-file": (1, 13, "programme 'nope.yaml' does not exist; fix the path (relative to"),
    "folder": (1, 13, "programme 'sub' is a folder, not a programme file"),
    "utf-16": (0, 0, "is saved as UTF-16 (little-endian, with a byte-order mark), not UTF-8; "),
    "utf-16-be": (0, 0, "is saved as UTF-16 (big-endian, with a byte-order mark), not UTF-8"),
    "utf-16-no-bom": (0, 0, "is saved as UTF-16 (little-endian, no byte-order mark)"),
    "utf-32": (0, 0, "is saved as UTF-32 (little-endian, with a byte-order mark)"),
    "latin-1": (2, 10, "not UTF-8: byte 0xeb cannot be decoded (it looks like Windows-1252"),
}
CONTENT: dict[str, bytes] = {
    "unquoted": b"programme = data/p.yaml\n",
    "no-value": b"programme =",
    "twice": b'programme = "p.yaml"\nprogramme = "p.yaml"\n',
    "empty": b'programme = ""\n',
    "blank": b'# comment\nprogramme = "  "\n',
    "number": b"programme = 3\n",
    "boolean": b"programme = true\n",
    "table": b'[programme]\npath = "p.yaml"\n',
    "list": b'programme = ["p.yaml"]\n',
    "missing-key": b'programe = "p.yaml"\n',
    "nothing": b"# nothing yet\n",
    "missing-file": b'programme = "nope.yaml"\n',
    "folder": b'programme = "sub"\n',
    "utf-16": 'programme = "p.yaml"\n'.encode("utf-16-le").join([b"\xff\xfe", b""]),
    "utf-16-be": 'programme = "p.yaml"\n'.encode("utf-16-be").join([b"\xfe\xff", b""]),
    "utf-16-no-bom": 'programme = "p.yaml"\r\n'.encode("utf-16-le"),
    "utf-32": 'programme = "p.yaml"\n'.encode("utf-32-le").join([b"\xff\xfe\x00\x00", b""]),
    "latin-1": 'programme = "p.yaml"\n# Zeeuwse\xeb\n'.encode("latin-1"),
}


def test_every_broken_config_has_content() -> None:
    assert set(BROKEN) == set(CONTENT)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_config_is_an_error_with_its_line(invoke: Invoke, tmp_path: Path, case: str) -> None:
    """Never a fallback: a clear message naming the avp.toml (and where TOML knows it, the
    line and column), exit 2, no traceback; the bundled programme is not used."""
    (tmp_path / "p.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "avp.toml").write_bytes(CONTENT[case])
    line, column, what = BROKEN[case]
    where = f"avp.toml:{line}:{column}" if line else "avp.toml"
    for command in (["list"], ["info"], ["validate"], ["progress", "add", "1.1.1"]):
        result = invoke(command)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"avp: error: {where}: {what}"), result.stderr
        assert "Traceback" not in result.output
        assert result.stdout == ""
    # From a folder below, the avp.toml is the same (shown by its full path).
    with pytest.raises(ConfigError) as caught:
        find_programme(cwd=tmp_path / "sub", environ={})
    assert (caught.value.config, caught.value.line, caught.value.column) == (
        tmp_path.resolve() / "avp.toml",
        line,
        column,
    )


def test_utf8_bom_in_config_is_fine(invoke: Invoke, tmp_path: Path) -> None:
    """Windows editors (and PowerShell's Set-Content -Encoding utf8) write one."""
    (tmp_path / "p.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "avp.toml").write_bytes(b'\xef\xbb\xbfprogramme = "p.yaml"\r\n')
    result = invoke(["info", "--format", "json"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("parent", [False, True])
def test_a_folder_named_avp_toml_is_an_error_not_skipped(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parent: bool
) -> None:
    """Not passed over for an avp.toml further up, nor for the bundled programme."""
    (tmp_path / "p.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "avp.toml").write_text('programme = "p.yaml"\n', encoding="utf-8")
    work = tmp_path / "work"
    (work / "avp.toml").mkdir(parents=True)
    cwd = work / "below" if parent else work
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    result = invoke(["list"])
    assert result.exit_code == 2
    shown = "avp.toml" if not parent else str((work / "avp.toml").resolve())
    assert result.stderr.startswith(f"avp: error: {shown}: is a folder, not a file; remove it")


def test_config_errors_name_the_avp_toml_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "avp.toml").write_text("programme = 1\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"^avp\.toml:1:13: 'programme' is 1 \(a number\)"):
        find_programme(environ={})


def test_cli_uses_avp_file(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AVP_FILE", str(Path("missing.yaml")))
    result = invoke(["validate"])
    assert result.exit_code == 2
    assert result.stdout == "missing.yaml: error: no such file (io)\n"


def test_cli_uses_avp_toml(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "avp.toml").write_text(f"programme = {str(MINIMAL)!r}\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("a: [\n", encoding="utf-8")
    assert invoke(["validate"]).exit_code == 0
    (tmp_path / "avp.toml").write_text('programme = "bad.yaml"\n', encoding="utf-8")
    result = invoke(["validate"])
    assert result.exit_code == 1
    assert result.stdout.startswith("bad.yaml:2:1: error:")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_an_avp_toml_in_utf16_is_a_message_for_every_command(
    invoke: Invoke, tmp_path: Path, encoding: str
) -> None:
    """Issue 14: an avp.toml saved as UTF-16 (what Windows PowerShell 5's `>` writes)
    crashes every command: each names the encoding and says "save it as UTF-8"."""
    (tmp_path / "p.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "avp.toml").write_bytes('programme = "p.yaml"\r\n'.encode(encoding))
    name = encoding.upper().replace("-LE", "").replace("-BE", "")
    for command in (["list"], ["info"], ["validate"], ["progress", "add", "1.1.1"]):
        result = invoke(command)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.startswith(f"avp: error: avp.toml: is saved as {name} ")
        assert "save the file as UTF-8" in result.stderr
        assert "PowerShell 5" in result.stderr and "Out-File -Encoding utf8" in result.stderr


def test_a_broken_programmes_line_is_told_how_a_programmes_line_looks(tmp_path: Path) -> None:
    (tmp_path / "avp.toml").write_text('programmes = ["a.yaml"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        find_programme(None, cwd=tmp_path, environ={})
    assert 'it should hold the line programmes = ["a.yaml", "regio/*.yaml"]' in str(caught.value)
