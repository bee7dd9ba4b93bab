"""avp.progress.models: entries and the log as models."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from avp.base.problems import DataError
from avp.base.text import holds_no_bad_characters
from avp.programme.status import Status
from avp.progress.models import VALIDATE_ITEMS, Entry, ProgressLog, log_from_data
from avp.progress.read import load_log
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


def _entries(count: int, **last: Any) -> dict[str, Any]:
    items = [
        {"measure": "1.1.1", "date": dt.date(2022, 1, 3), "status": "on_track", "note": f"n{i}"}
        | {"author": "a"}
        for i in range(count)
    ]
    items[-1] |= last
    return {"entries": items}


@pytest.mark.parametrize("count", [3, VALIDATE_ITEMS + 1])
def test_a_clean_text_spares_the_search_for_control_characters(count: int) -> None:
    """``clean``: the caller searched the text the data came from (one search of the file,
    :func:`holds_no_bad_characters`); the entries' texts are not searched again, for a
    small log and one validated in parts alike. Without it they are."""
    data = _entries(count, note="bel\x07")
    with pytest.raises(ValidationError, match="control"):
        log_from_data(data)
    assert log_from_data(_entries(count, note="bel\x07"), clean=True).entries[-1].note == "bel\x07"


@pytest.mark.parametrize(
    ("note", "refused"),
    [('"bel\\a"', True), ('"\\u202eevil"', True), ("gewoon", False), ('"tab\\t"', False)],
)
def test_a_large_log_with_an_escaped_control_character_is_refused(
    tmp_path: Path, note: str, refused: bool
) -> None:
    """A double-quoted escape can make a control character that the text itself does not
    hold: such a text is not clean (a log read in parts, without a cache)."""
    lines = ["entries:"]
    for i in range(VALIDATE_ITEMS + 1):
        lines += ["  - measure: 1.1.1", "    date: 2022-01-03", "    status: on_track"]
        lines += [f"    note: {note if i == VALIDATE_ITEMS else f'n{i}'}", "    author: a"]
    log = tmp_path / "voortgang.yaml"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert holds_no_bad_characters(log.read_text(encoding="utf-8")) is ("\\" not in note)
    if refused:
        with pytest.raises(DataError) as raised:
            load_log(log, today=dt.date(2022, 6, 1))
        assert any(p.rule == "control-character" for p in raised.value.problems)
    else:
        assert len(load_log(log, today=dt.date(2022, 6, 1)).entries) == VALIDATE_ITEMS + 1


def test_holds_no_bad_characters() -> None:
    assert holds_no_bad_characters("note: gewoon\n")
    assert not holds_no_bad_characters("note: bel\x07\n")
    assert not holds_no_bad_characters('note: "bel\\a"\n')  # an escape could make one
    assert not holds_no_bad_characters("note: \u202eevil\n")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"status": "at_risk"}, "correction_required"),
        ({"status": "achter"}, "correction_required"),  # a label
        ({"note": "\x1b[2J"}, "control_character"),
        ({"correction": "bel\x07", "status": "on_track"}, "control_character"),
        ({"status": None}, "empty_entry"),
        ({"target": "controle"}, "target_without_figure"),
        ({"period": "2022-Q1"}, "period_without_figure"),
        ({"period": "2022-Q3", "count": 2, "date": "2022-03-01"}, "period_without_figure"),
        ({"retracts": "abcdef1234"}, "retraction"),
        ({"supersedes": "abcdef1234", "retracts": "abcdef9876"}, "retraction"),
        ({"id": "abcdef1234", "supersedes": "abcdef1234"}, "retraction"),
    ],
)
def test_what_the_models_rules_refuse_the_logs_checks_refuse_first(
    changes: dict[str, Any], error: str
) -> None:
    """A command that reads a log asks check_log of the plain entries first and, when it
    finds no error, tells the models not to ask the entry's rules again (RULES_ASKED): so
    every entry those rules refuse must be refused by check_log already."""
    from avp.progress.checks import check_log

    data = _entries(3)
    data["entries"][-1] |= changes
    data["entries"][-1] = {k: v for k, v in data["entries"][-1].items() if v is not None}
    with pytest.raises(ValidationError) as info:
        log_from_data(data)
    assert error in {e["type"] for e in info.value.errors()}
    found = check_log(data, clean=holds_no_bad_characters(str(data)))
    assert any(f.level == "error" and f.loc[:2] == ("entries", 2) for f in found), found


def test_rules_asked_are_not_asked_again() -> None:
    data = _entries(3, status="at_risk")  # no correction: the rules refuse it
    with pytest.raises(ValidationError):
        log_from_data(data)
    assert len(log_from_data(data, asked=True).entries) == 3  # the caller said it asked
