"""Issue 18: ``avp progress add`` finds the measure by its id without building the index
of every measure; an id it does not know gets the index's message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from avp.programme import query
from tests.conftest import FIXTURES, Invoke


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        if (FIXTURES / "report" / name).exists():
            shutil.copy(FIXTURES / "report" / name, tmp_path / name)
    return tmp_path / "programma.yaml"


def add(invoke: Invoke, programme: Path, measure: str) -> object:
    return invoke(
        ["progress", "add", measure, "-f", programme, "--status", "op_koers", "--note", "x",
         "--date", "2022-05-01", "--author", "T"]
    )  # fmt: skip


def test_a_known_id_needs_no_index(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: object, programme: object) -> None:
        raise AssertionError("the index of every measure was built")

    monkeypatch.setattr(query.ProgrammeIndex, "__init__", refused)
    result = add(invoke, programme, " 1.1.1 ")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


def test_an_unknown_id_gets_the_index_message(invoke: Invoke, programme: Path) -> None:
    result = add(invoke, programme, "1.1.9")
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert "no field, theme or measure '1.1.9'" in result.output  # type: ignore[attr-defined]
