"""A control character in a programme is found whether it is written as an escape or
raw, now that a clean text spares gathering every string (check_programme's ``text``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from avp.base.problems import DataError
from avp.programme import checks
from avp.programme.load import load_programme_text

MINIMAL = (Path(__file__).parents[1] / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
GOOD = "text: Buurtbemiddeling voortzetten."


@pytest.mark.parametrize(
    "written",
    ['text: "Buurtbemiddeling\\e voortzetten."', "text: Buurtbemiddeling\x07 voortzetten."],
    ids=["escape", "raw"],
)
def test_a_control_character_in_a_programme_is_found(written: str) -> None:
    assert GOOD in MINIMAL
    with pytest.raises(DataError) as raised:
        load_programme_text(MINIMAL.replace(GOOD, written), "programma.yaml")
    assert any(p.rule == "control-character" for p in raised.value.problems)


def test_a_clean_text_is_not_searched_string_by_string(monkeypatch: pytest.MonkeyPatch) -> None:
    gathered: list[Any] = []
    original = checks.joined_strings

    def counted(data: Any) -> str:
        gathered.append(data)
        return original(data)

    monkeypatch.setattr(checks, "joined_strings", counted)
    load_programme_text(MINIMAL, "programma-clean.yaml")
    assert gathered == []
    checks.check_programme({"fields": []})  # without its text: searched as before
    assert len(gathered) == 1
