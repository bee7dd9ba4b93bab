"""Which programme a command uses: --file, AVP_FILE, avp.toml, bundled."""

from __future__ import annotations

from pathlib import Path

import pytest

from avp.base.problems import UsageError
from avp.programme.discovery import bundled_programme, find_programme
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
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    found = find_programme(cwd=sub, environ={})
    assert found.path == tmp_path.resolve() / "data" / "p.yaml"


def test_bundled_when_nothing_else(tmp_path: Path) -> None:
    found = find_programme(cwd=tmp_path, environ={})
    assert found.how == "bundled"
    assert found.path.read_bytes() == BUNDLED.read_bytes()
    assert bundled_programme().is_file()


@pytest.mark.parametrize(
    ("content", "message"),
    [("programme = ", "invalid TOML"), ("other = 1\n", 'expected a line programme = "')],
)
def test_bad_config_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "avp.toml").write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        find_programme(cwd=tmp_path, environ={})


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
