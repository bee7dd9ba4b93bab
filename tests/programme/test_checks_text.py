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


def test_a_loaded_programme_lets_go_of_its_plain_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the models hold a programme read from its file, the text and the plain data
    read from it are not kept for the rest of the command (20 MiB for 10,000 measures);
    avp validate, which reads the same text again, keeps them."""
    from avp.programme import load

    monkeypatch.setenv("AVP_NO_CACHE", "1")
    path = tmp_path / "programma.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    load.programme_data.cache_clear()
    assert load.load_programme(path).programme.municipality == "Voorbeeld"
    assert load.programme_data.cache_info().currsize == 0
    path.write_text(MINIMAL.replace("Voorbeeld", "Ander"), encoding="utf-8")
    assert load.load_programme(path, keep_plain=True).programme.municipality == "Ander"
    assert load.programme_data.cache_info().currsize == 1
    load.programme_data.cache_clear()
