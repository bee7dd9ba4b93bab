"""Issue 14: the YAML version and the non-specific tag, refused by every reader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from avp.base.problems import DataError
from avp.yamlio.loader import load, load_items, load_located
from avp.yamlio.strict import number_hint, version_directive
from tests.conftest import FIXTURES, Invoke

READERS = [load, load_located, load_items]


@pytest.mark.parametrize(
    ("text", "line", "version"),
    [
        ("%YAML 1.1\n---\nentries: []\n", 1, "1.1"),
        ("# kop\n\n%YAML 1.1 # oud\n---\nentries: []\n", 3, "1.1"),
        ("%TAG ! tag:example.com,2000:\n%YAML 1.1\n---\nentries: []\n", 2, "1.1"),
        ("%YAML 1.3\n---\nentries: []\n", 1, "1.3"),  # ruamel fails on an assertion
        ("%YAML 2.0\n---\nentries: []\n", 1, "2.0"),
        ("%YAML\n---\nentries: []\n", 1, ""),
        ("\ufeff%YAML 1.1\r\n---\r\nentries: []\r\n", 1, "1.1"),
    ],
)
@pytest.mark.parametrize("reader", READERS)
def test_issue14_a_yaml_version_other_than_1_2_is_refused(
    reader: object, text: str, line: int, version: str
) -> None:
    """Issue 14: `%YAML 1.1` is ignored (the file was read as 1.2, silently)."""
    assert version_directive(text) == (line, version)
    with pytest.raises(DataError) as info:
        reader(text, "f.yaml")  # type: ignore[operator]
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.rule) == (line, 1, "syntax")
    assert problem.message.startswith(f"%YAML {version} directive: avp reads YAML 1.2 only")
    assert problem.message.endswith("remove the line, or write %YAML 1.2")


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.2\n---\nentries: []\n",
        "%YAML 1.2   # ok\n---\nentries: []\n",
        "entries: []\n# %YAML 1.1\n",
        "entries:\n- note: |\n    %YAML 1.1\n",
        "note: '50%YAML 1.1'\n",
    ],
)
@pytest.mark.parametrize("reader", READERS)
def test_yaml_1_2_and_text_that_mentions_a_directive(reader: object, text: str) -> None:
    assert version_directive(text) is None
    assert reader(text, "f.yaml")  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("note: ! x\n", (1, 7)),
        ("entries:\n- note: ! 12\n", (2, 9)),
        ("a: [! x]\n", (1, 5)),
        ("a: ! [1]\n", (1, 4)),
        ("a: !\n", (1, 4)),
    ],
)
@pytest.mark.parametrize("reader", [load, load_located])
def test_issue14_the_non_specific_tag_is_refused(
    reader: object, text: str, where: tuple[int, int]
) -> None:
    """Issue 14: a `! x` tag is accepted."""
    with pytest.raises(DataError) as info:
        reader(text, "f.yaml")  # type: ignore[operator]
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.rule) == (*where, "tag")
    assert problem.message == "tag '!' is not allowed; remove it (quote a value to keep it text)"


@pytest.mark.parametrize("text", ["note: Let op! Nu\n", "note: Let op ! nu\n", "note: '! x'\n"])
def test_an_exclamation_mark_in_text_is_text(text: str) -> None:
    assert load(text, "f.yaml") == load_located(text, "f.yaml") == {"note": text[6:-1].strip("'")}


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("1_000", "write the number without separators"),
        ("0x1F", "write the number in decimal digits"),
        ("0o17", "write the number in decimal digits"),
        ("1e-400", "it is too close to 0 to be stored as a number; write 0 or a larger number"),
        ("1" + "0" * 400 + ".0", "it is too large to be stored as a number"),
        ("1e400", "it is too large to be stored as a number"),
        ("12", ""),
        ("0.0e-400", ""),
        (".inf", ""),
        ("x", ""),
        (12, ""),
    ],
)
def test_number_hint(value: object, hint: str) -> None:
    assert number_hint(value) == hint


def test_issue14_a_log_with_a_directive_is_refused_by_validate(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Issue 14: `%YAML 1.1` is ignored; `! x` is accepted (through `avp validate`)."""
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "targets" / name, tmp_path / name)
    log = tmp_path / "voortgang.yaml"
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("entries:", "%YAML 1.1\n---\nentries:", 1), encoding="utf-8")
    result = invoke(["validate", tmp_path / "programma.yaml", log, "--format", "text"])
    assert result.exit_code == 1
    assert "voortgang.yaml:2:1: error: %YAML 1.1 directive" in result.stdout
    log.write_text(text.replace("note: Eerste", "note: ! Eerste", 1), encoding="utf-8")
    result = invoke(["validate", tmp_path / "programma.yaml", log, "--format", "text"])
    assert result.exit_code == 1
    assert "voortgang.yaml:6:11: error: tag '!' is not allowed" in result.stdout
