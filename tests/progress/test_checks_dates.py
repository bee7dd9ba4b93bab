"""check_log's rules of an entry's date: in the future, outside the programme's period (with
90 days for late figures), a status after the day its measure was dropped."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from avp.programme.load import load_programme
from avp.programme.models import Programme
from avp.progress.checks import check_log, entry_findings
from tests.conftest import FIXTURES

TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def generic() -> Programme:
    """Period 2024-01-01 to 2024-12-31; measure 2.1.2 dropped on 2024-06-01."""
    return load_programme(FIXTURES / "generic" / "programma.yaml")


def entry(day: str, status: str | None = "on_track", measure: str = "2.1.1") -> dict[str, Any]:
    made = {"measure": measure, "date": dt.date.fromisoformat(day), "note": "x", "author": "a"}
    return made | ({"status": status} if status else {"count": 1})


@pytest.mark.parametrize(
    ("day", "found"),
    [
        ("2024-06-30", []),
        ("2024-01-01", []),
        ("2023-12-31", [("outside-period", "warning", "is before the programme period")]),
        ("2025-03-31", []),  # within the 90 days for late figures
        ("2025-04-01", [("outside-period", "warning", "is after the programme period")]),
        ("2025-06-02", [("future-date", "error", "is in the future")]),
    ],
)
def test_dates_outside_the_period_or_in_the_future(
    generic: Programme, day: str, found: list[tuple[str, str, str]]
) -> None:
    findings = check_log({"entries": [entry(day)]}, generic, today=TODAY, clean=True)
    assert [(str(f.rule), f.level) for f in findings] == [(r, level) for r, level, _ in found]
    assert all(text in f.message for f, (_, _, text) in zip(findings, found, strict=True))
    alone = entry_findings(entry(day), ("entries", 0), generic, today=TODAY)  # no window given
    assert [f.message for f in alone] == [f.message for f in findings]


@pytest.mark.parametrize(
    ("day", "status", "warned"),
    [
        ("2024-05-31", "on_track", False),
        ("2024-06-01", "on_track", False),  # on the day: still counts
        ("2024-06-02", "on_track", True),
        ("2024-06-02", "dropped", False),  # the programme's decision, recorded
        ("2024-06-02", None, False),  # a count, not a status
    ],
)
def test_a_status_after_the_measure_was_dropped(
    generic: Programme, day: str, status: str | None, warned: bool
) -> None:
    findings = check_log({"entries": [entry(day, status, "2.1.2")]}, generic, today=TODAY)
    dropped = [f for f in findings if str(f.rule) == "dropped"]
    assert bool(dropped) is warned
    if warned:
        assert dropped[0].level == "warning"
        assert dropped[0].loc == ("entries", 0, "date")
        assert "measure 2.1.2 was dropped on 2024-06-01" in dropped[0].message


def test_a_status_that_needs_a_correction_and_a_retraction_of_itself(generic: Programme) -> None:
    at_risk = entry("2024-06-30", "aandacht")
    assert [str(f.rule) for f in check_log({"entries": [at_risk]}, generic, today=TODAY)] == [
        "correction-required"
    ]
    fixed = at_risk | {"correction": "Extra inzet"}
    assert check_log({"entries": [fixed]}, generic, today=TODAY) == []
    own = {"id": "aaaaaaaaaa", "retracts": "aaaaaaaaaa", "measure": "2.1.1"}
    own |= {"date": dt.date(2024, 6, 30), "note": "x", "author": "a"}
    rules = [str(f.rule) for f in check_log({"entries": [own]}, generic, today=TODAY)]
    assert "supersedes" in rules
