"""check_log(modelled=True): what it leaves out once the models took the log is what the
models check, so a log the models accept gets the same findings either way. (This also
shows that Entry's validator, which asks each rule only when a cheap test says it could
fire, still refuses every entry such a rule finds wrong.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from avp.programme.models import Programme
from avp.progress.checks import check_log
from avp.progress.models import (
    RULES_ASKED,
    Entry,
    _checked_entry_list,
    _entry_list,
    log_from_data,
)

TODAY = dt.date(2022, 12, 31)

_maybe = st.none().__or__
_status = _maybe(
    st.sampled_from(["on_track", "op koers", "aandacht", "at_risk", "achter", "Afgerond", "x"])
)
_text = _maybe(st.sampled_from(["Gedaan.", "bijsturing", " ", "tab\there", "bel\x07"]))
_entry = st.fixed_dictionaries(
    {
        "measure": st.sampled_from(["1.1.1", "2.2.3", "1.3.5", "1.3", "1", "9.9.9"]),
        "date": st.sampled_from(["2021-03-01", "2022-06-30", "2020-12-31", "2023-06-01"]),
        "note": st.sampled_from(["Gedaan.", "9,4%", "\u202eevil"]),
        "author": st.just("J. de Vries"),
    },
    optional={
        "id": st.sampled_from(["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc"]),
        "status": _status,
        "correction": _text,
        "count": _maybe(st.integers(0, 3)),
        "value": _maybe(st.sampled_from([9.4, 10.0])),
        "target": _maybe(st.sampled_from(["controle", "aanmeldingen", "x"])),
        "period": _maybe(st.sampled_from(["2022-Q1", "2021", "2022-W05"])),
        "supersedes": st.sampled_from(["aaaaaaaaaa", "bbbbbbbbbb"]),
        "retracts": st.sampled_from(["aaaaaaaaaa", "cccccccccc"]),
        "evaluation": st.booleans(),
    },
)


def _without_nulls(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if value is not None}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_entry.map(_without_nulls), min_size=1, max_size=4))
def test_a_log_the_models_take_gets_the_same_findings(
    programme: Programme, entries: list[dict[str, Any]]
) -> None:
    data = {"entries": entries}
    try:
        log_from_data(data)
    except ValidationError:
        return  # not modelled: check_log asks everything
    full = check_log(data, programme, today=TODAY)
    assert check_log(data, programme, today=TODAY, modelled=True) == full


def test_the_models_take_enough_logs_for_the_test_to_mean_something(
    programme: Programme,
) -> None:
    """The strategy above makes logs the models take, with findings left to find."""
    data = {
        "entries": [
            {"measure": "9.9.9", "date": "2023-06-01", "status": "op koers", "note": "x"},
            {"measure": "1.1.1", "date": "2020-12-31", "status": "aandacht", "note": "x"},
        ]
    }
    for entry in data["entries"]:
        entry.update(author="J. de Vries", correction="bijsturing")
    log_from_data(data)
    rules = {f.rule for f in check_log(data, programme, today=TODAY, modelled=True)}
    assert {"unknown-measure", "outside-period", "future-date"} <= {str(rule) for rule in rules}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_entry.map(_without_nulls), min_size=1, max_size=4))
def test_a_log_check_log_passes_is_what_the_models_take_without_their_rules(
    programme: Programme, entries: list[dict[str, Any]]
) -> None:
    """The reading commands ask check_log of the plain entries first and, when it finds no
    error, validate them without the entries' rules (log_from_data(asked=True)): then the
    models with their rules must take the log too, and build the same entries."""
    data = {"entries": entries}
    if any(f.level == "error" for f in check_log(data, programme, today=TODAY)):
        return
    try:
        asked = log_from_data(data, asked=True)
    except ValidationError:
        asked = None  # a type or pattern the schema refuses: the rules are not the reason
    try:
        full = log_from_data(data)
    except ValidationError:
        full = None
    assert (asked is None) == (full is None)
    assert asked is None or full is None or asked.entries == full.entries


def test_the_checked_validator_leaves_out_what_check_log_asked() -> None:
    """log_from_data(asked=True) validates with Entry's own schema without its Python
    functions; if pydantic built the schema differently, it would quietly use the full
    validator: this says so instead."""
    assert _checked_entry_list() is not None


_odd_entry = st.fixed_dictionaries(
    {
        "measure": st.sampled_from(["1.1.1", "2.2.3", 3, 1, "1", 1.5, True]),
        "date": st.sampled_from(
            [
                "2021-03-01",
                "2022-02-29",
                "2021-3-1",
                "2021-03-01T00:00:00",
                "1614556800",
                "２０２１-03-01",
                dt.date(2021, 3, 1),
                dt.datetime(2021, 3, 1),
                20210301,
            ]
        ),
        "note": st.just("Gedaan."),
        "author": st.just("J. de Vries"),
    },
    optional={
        "status": st.sampled_from(["on_track", "op koers", "ON_TRACK", "done", "x", 1]),
        "correction": st.just("bijsturing"),
        "count": st.sampled_from([0, 2, True, 2.0]),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_odd_entry, min_size=1, max_size=3))
def test_the_checked_validator_takes_less_and_makes_the_same_entries(
    entries: list[dict[str, Any]],
) -> None:
    """What the checked validator takes, the full one (told the rules were asked) takes
    too, and makes the same entries of; so a part it refuses is only validated again."""
    context = {RULES_ASKED: True}
    try:
        checked = _checked_entry_list().validate_python(entries)
    except ValidationError:
        return
    full = _entry_list().validate_python(entries, context=context)
    assert checked == full
    assert [type(entry) for entry in checked] == [Entry] * len(entries)
    assert [e.__pydantic_fields_set__ for e in checked] == [e.__pydantic_fields_set__ for e in full]


def test_a_log_in_the_usual_form_is_made_by_the_checked_validator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entries = [
        {"measure": "1.1.1", "date": "2021-03-01", "status": "on_track", "note": "Gedaan.",
         "author": "J. de Vries"},
        {"measure": "2.2.3", "date": "2022-06-30", "status": "off_track", "note": "Niet.",
         "author": "J. de Vries", "correction": "Meer inzet.", "source": "politie"},
    ] * 3  # fmt: skip
    full = log_from_data({"entries": [dict(e) for e in entries]})

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the full validator was asked")

    monkeypatch.setattr(_entry_list(), "validate_python", refused)
    assert log_from_data({"entries": entries}, asked=True).entries == full.entries


def test_a_part_the_checked_validator_refuses_is_validated_in_full() -> None:
    entries = [
        {"measure": 3, "date": "2021-03-01", "status": "op koers", "note": "Gedaan.",
         "author": "J. de Vries"},
    ]  # fmt: skip
    log = log_from_data({"entries": entries}, asked=True)
    assert log.entries[0].measure == "3"
    assert log.entries[0].status == "on_track"
