"""Pydantic's errors in plain English (issue 15, point 12)."""

from __future__ import annotations

from typing import Any

import pytest

from avp.base.problems import PATTERN_TEXTS, plain_message
from avp.validate.schema import SCHEMA_NAMES, schema


def _patterns(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                found.add(value)
            found |= _patterns(value)
    elif isinstance(node, list):
        for value in node:
            found |= _patterns(value)
    return found


def test_every_pattern_of_the_models_is_said_in_words() -> None:
    patterns = set().union(*(_patterns(schema(name)) for name in SCHEMA_NAMES))
    assert patterns  # the walk found them
    assert patterns <= set(PATTERN_TEXTS), patterns - set(PATTERN_TEXTS)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ({"type": "string_too_short", "ctx": {"min_length": 1}, "input": ""},
         "the text is empty; write what it should say"),
        ({"type": "string_too_long", "ctx": {"max_length": 40}, "input": "x" * 41},
         "too long: at most 40 characters (this one has 41)"),
        ({"type": "string_pattern_mismatch", "ctx": {"pattern": r"^GM[0-9]{4}$"}},
         "not allowed here: a CBS municipality code is GM and 4 digits, e.g. 'GM0614'"),
        ({"type": "string_pattern_mismatch", "ctx": {"pattern": r"^x+$"}},
         "does not have the form this value needs (the pattern ^x+$)"),
        ({"type": "model_type", "ctx": {"class_name": "Point"}, "msg": "...instance of Point"},
         "expected a mapping (lines of 'key: value')"),
        ({"type": "greater_than", "ctx": {"gt": 0.0}}, "must be more than 0"),
        ({"type": "less_than_equal", "ctx": {"le": 1_000_000_000}},
         "must be 1,000,000,000 or less"),
        ({"type": "literal_error", "ctx": {"expected": "'warn' or 'strict'"}},
         "must be 'warn' or 'strict'"),
        ({"type": "too_short", "ctx": {"min_length": 1, "actual_length": 0}},
         "the list is empty; give at least one item"),
        ({"type": "value_error", "msg": "Value error, end lies before start"},
         "end lies before start"),
        ({"type": "date_from_datetime_parsing", "input": "2022-13-01",
          "msg": "Input should be a valid date or datetime, month value is outside ..."},
         "not a real date: there is no month 13; write YYYY-MM-DD"),
        ({"type": "datetime_from_date_parsing", "input": "05-01-2022", "msg": "Input should"},
         "not a date: got '05-01-2022'; write the date as YYYY-MM-DD, e.g. 2022-01-05"),
        ({"type": "date_from_datetime_inexact", "input": "2022-06-30T10:00", "msg": "Dates"},
         "a day without a time: got '2022-06-30T10:00'; write the date as YYYY-MM-DD, "
         "e.g. 2022-06-30"),
        ({"type": "date_type", "input": 5, "msg": "Input should be a valid date"},
         "not a date: got a number (5); write the date as YYYY-MM-DD, e.g. 2022-01-05"),
        (
            {"type": "iso_date", "msg": "Input should be a valid date", "input": "2022-02-30"},
            "not a real date: February 2022 has no 30th; write YYYY-MM-DD",
        ),
    ],
)  # fmt: skip
def test_plain_message(error: dict[str, Any], message: str) -> None:
    assert plain_message(error) == message
