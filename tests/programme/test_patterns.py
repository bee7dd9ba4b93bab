"""The programmes a pattern of an avp.toml's programmes list matches."""

from __future__ import annotations

from pathlib import Path

from avp.programme.patterns import is_log, is_pattern, programme_matches
from tests.conftest import MINIMAL


def test_patterns_match_programmes_not_logs_or_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "programma.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "a" / "voortgang.yaml").write_text("# log\nentries: []\n", encoding="utf-8")
    (tmp_path / "b.yaml").mkdir()  # a folder with a programme's name
    assert is_pattern("*/x.yaml") and is_pattern("x[12].yaml") and not is_pattern("a/x.yaml")
    assert is_log(tmp_path / "a" / "voortgang.yaml") and not is_log(MINIMAL)
    assert programme_matches(tmp_path, "*/*.yaml") == [tmp_path / "a" / "programma.yaml"]
    assert programme_matches(tmp_path, "**/*.yaml") == [tmp_path / "a" / "programma.yaml"]
    assert programme_matches(tmp_path, "*.yaml") == []


def test_a_pattern_takes_only_yaml_files(tmp_path: Path) -> None:
    """`programmes = ["**/*"]` must not take the avp.toml, a README or a workbook for a
    programme (review of the workspace)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "programma.yml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "avp.toml").write_text('programmes = ["**/*"]\n', encoding="utf-8")
    (tmp_path / "a" / "README.md").write_text("# uitleg\n", encoding="utf-8")
    (tmp_path / "a" / "cijfers.xlsx").write_bytes(b"PK")
    assert programme_matches(tmp_path, "**/*") == [tmp_path / "a" / "programma.yml"]
