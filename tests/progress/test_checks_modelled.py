"""check_log(modelled=True): what it leaves out once the models took the log is what the
models check, so a log the models accept gets the same findings either way. (This also
shows that Entry's validator, which asks each rule only when a cheap test says it could
fire, still refuses every entry such a rule finds wrong.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from avp.programme.models import Programme
from avp.progress.checks import check_log
from avp.progress.models import log_from_data

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
