"""avp.progress.models: entries and the log as models."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from avp.programme.status import Status
from avp.progress.models import Entry, ProgressLog
from tests.progress.helpers import entry


def test_entry_from_yaml_values() -> None:
    made = Entry.model_validate(
        {
            "measure": "2.2.3",
            "date": "2022-03-14",
            "status": "on_track",
            "note": "Integrale bedrijvencontrole Oostvoorne gehouden.",
            "author": "J. de Vries",
            "source": "politie kwartaalrapportage Q1",
        }
    )
    assert made.date == dt.date(2022, 3, 14)
    assert made.status is Status.on_track
    assert made.correction is None


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"status": Status.at_risk}, "correction_required"),
        ({"status": Status.off_track}, "correction_required"),
        ({"note": "\x1b[2J"}, "control_character"),
        ({"note": "bel\x07"}, "control_character"),
        ({"author": "\u202eevil"}, "control_character"),
        ({"note": ""}, "string_too_short"),
        ({"measure": "1.1 "}, "string_pattern_mismatch"),
        ({"date": "2021-02-30"}, "iso_date"),
        ({"status": "achtr"}, "enum"),
        ({"counted": 3}, "extra_forbidden"),
        ({"count": -1}, "greater_than_equal"),
        ({"count": True}, "int_type"),
        ({"count": 1.5}, "int_type"),
        ({"value": float("nan")}, "finite_number"),
        ({"target": "Controle", "count": 1}, "string_pattern_mismatch"),
        ({"status": None}, "empty_entry"),
        ({"target": "controle"}, "target_without_figure"),
    ],
)
def test_entry_rejects(changes: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError) as info:
        entry(**changes)
    assert error in {e["type"] for e in info.value.errors()}


def test_correction_satisfies_at_risk_and_newlines_and_tabs_are_text() -> None:
    made = entry(status=Status.at_risk, correction="Extra inzet.", note="a\n\tb")
    assert made.note == "a\n\tb"


def test_null_entries_is_an_empty_log() -> None:
    assert ProgressLog.model_validate({"entries": None}).entries == []
