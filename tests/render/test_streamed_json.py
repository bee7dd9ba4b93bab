"""JSON written a piece at a time is the text of ``to_json``; lists and dicts of plain values
are written by json's C encoder, nested ones by the writer, with the same indentation."""

from __future__ import annotations

import datetime as dt
import enum
import json
from pathlib import Path
from typing import Any

import pytest

from avp.render import jsontext
from avp.render.destination import Destination
from avp.render.jsonout import deliver_json
from avp.render.jsontext import dumps_indented, python_dumps_indented, write_indented
from avp.render.output import to_json


class Colour(enum.StrEnum):
    red = "rood"


def sample(size: int = 3000) -> dict[str, Any]:
    """Deep and wide: flat lists and dicts at every level, enumerations, dates, escapes."""
    return {
        "title": "Rapportage \u202e \x9b – ë",
        "fields": [
            {
                "id": str(k),
                "counts": {"done": k, "share": k / 7, "none": None, "flag": k % 2 == 0},
                "partners": ["politie", "gemeente"] if k % 3 else [],
                "colour": Colour.red,
                "day": dt.date(2022, 1, 1 + k % 28),
                "themes": [{"goal": "x\ny", "targets": [{"verdict": "met", "n": k}]}, {}],
                "extra": {},
                "nested": [[1, [2, {"a": ()}]], [Colour.red, 1.5]],
            }
            for k in range(size)
        ],
    }


def test_pieces_make_the_text_of_json_dumps() -> None:
    value = sample()
    pieces: list[str] = []
    write_indented(value, pieces.append)
    assert len(pieces) > 1  # written a piece at a time
    assert "".join(pieces) == json.dumps(value, ensure_ascii=False, indent=2, default=str)
    assert dumps_indented(value, end="\n") == "".join(pieces) + "\n"


def test_deliver_json_to_stdout_and_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    value = sample(500)
    deliver_json(value)
    assert capsys.readouterr().out == to_json(value)
    target = tmp_path / "report.json"
    deliver_json(value, Destination(target))
    assert target.read_bytes() == to_json(value).encode("utf-8")
    assert "\\u202e" in to_json(value) and "\\u009b" in to_json(value)  # escaped


def test_flat_lists_and_dicts_go_to_the_c_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each level's C encoder is made once; a list or dict holding a list, a dict or an
    enumeration member is written by the writer itself."""
    made: list[int] = []
    real = jsontext._flat_writer
    monkeypatch.setattr(
        jsontext,
        "_flat_writer",
        lambda level: made.append(level) or real(level),  # type: ignore[func-returns-value]
    )
    value = {"a": [{"b": [1, 2], "c": {"d": None}}] * 50, "e": [Colour.red, "x"]}
    assert python_dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert sorted(made) == [0, 1, 2, 3]
