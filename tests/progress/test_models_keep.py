"""log_from_data(keep=False): avp validate asks whether the models take a log without
keeping the models of its entries (100,000 entries: some 60 MiB it never uses)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from avp.programme.models import Programme
from avp.progress import models
from avp.progress.read import validate_log_text
from tests.progress.helpers import GOLDEN, TODAY


def _entries(count: int) -> list[dict[str, Any]]:
    return [
        {
            "measure": "1.1.1",
            "date": f"2022-01-{day:02d}",
            "status": "on_track",
            "note": "x",
            "author": "y",
        }
        for day in range(1, count + 1)
    ]


def test_keep_false_validates_every_part_and_keeps_no_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(models, "VALIDATE_ITEMS", 2)
    data = {"entries": _entries(5)}
    assert models.log_from_data(data, keep=False).entries == []
    assert len(models.log_from_data(data).entries) == 5
    data["entries"][4]["status"] = "at_risk"  # in the last part: needs a correction
    with pytest.raises(ValidationError):
        models.log_from_data(data, keep=False)


def test_validate_asks_the_models_without_keeping_them(
    programme: Programme, validations: list[tuple[bool, bool]]
) -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    assert validate_log_text(text, "voortgang.yaml", programme, today=TODAY) == []
    assert validations == [(False, False)]
