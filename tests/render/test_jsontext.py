"""The indented JSON writer writes what ``json.dumps(..., indent=2)`` writes: byte for byte
without orjson; with it, the same but for the form of a float and NaN or infinity."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.render import jsontext
from avp.render.jsontext import dumps_indented, python_dumps_indented
from avp.render.output import to_json


def reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


class Colour(enum.StrEnum):
    red = "rood"


class Level(enum.IntEnum):
    high = 3


KEYS = st.text(max_size=5) | st.integers() | st.floats() | st.booleans() | st.none()
LEAVES = (
    st.text(max_size=8)
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
    | st.sampled_from(
        [dt.date(2022, 6, 1), Colour.red, Level.high, "\x00\x1b[31m\u202e\x7f", 'é\n\t"\\']
    )
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=500, deadline=None)
@given(VALUES)
def test_the_same_bytes_as_json_dumps_with_indent(value: Any) -> None:
    """Issue 18: every type json writes, in every place (keys too), and what ``default``
    (str) turns into text."""
    assert python_dumps_indented(value) == reference(value)


def holds_a_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(map(holds_a_float, value)) or any(map(holds_a_float, value.values()))
    if isinstance(value, list | tuple):
        return any(map(holds_a_float, value))
    return False


def parsed(text: str) -> Any:
    """JSON read back, NaN and infinity (json's) as null (orjson's)."""
    return json.loads(text, parse_constant=lambda _: None)


@settings(max_examples=500, deadline=None)
@given(VALUES)
def test_orjson_writes_the_same(value: Any) -> None:
    """With orjson (a dependency): the same text where no float is written, the same
    JSON value where one is (``1e-05`` may be ``1e-5``; NaN is null). A key that is not
    a string sends the whole value to the Python writer: the same text."""
    pytest.importorskip("orjson")
    written = dumps_indented(value)
    if written == reference(value):
        return
    assert holds_a_float(value)
    assert parsed(written) == parsed(reference(value))


def test_what_orjson_refuses_is_written_in_python() -> None:
    deep: list[Any] = []
    for _ in range(300):  # orjson stops at 255 levels
        deep = [deep]
    for value in ({"a": 10**40}, ["\ud800"], {1e-05: 1}, {"deep": deep}):
        assert dumps_indented(value) == reference(value)


def test_special_numbers_and_keys() -> None:
    value = {
        1.5: [math.nan, math.inf, -math.inf, 0.1, -0.0, 10**40],
        True: {False: None, None: [], 2: {}},
        "date": dt.date(2022, 1, 2),
        "nested": [[[]], [{}], [[1, [2, {"a": ()}]]]],
    }
    assert python_dumps_indented(value) == reference(value)
    assert dumps_indented([]) == "[]" and dumps_indented("x") == '"x"'


def test_a_key_json_refuses_is_refused() -> None:
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None"):
        dumps_indented({(1, 2): 3})


def test_to_json_is_what_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """The output of every json command is the same text as before, escapes included;
    and it is not written by json's pure-Python encoder (the slow one)."""
    value = {"a": ["x\u202ey", {"b": "\x9b", "c": 1.0}], "d": Colour.red}
    expected = (
        '{\n  "a": [\n    "x\\u202ey",\n    {\n      "b": "\\u009b",\n      "c": 1.0\n'
        '    }\n  ],\n  "d": "rood"\n}\n'
    )
    monkeypatch.setattr(json.encoder, "_make_iterencode", None)  # would fail if used
    assert to_json(value) == expected
    assert jsontext.dumps_indented is dumps_indented


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_written_a_piece_at_a_time_the_same(value: Any) -> None:
    """write_indented writes the upper levels itself and each item below by orjson (or,
    where orjson refuses one, by the Python writer): the text of dumps_indented but for
    the form of a float."""
    pieces: list[str] = []
    jsontext.write_indented(value, pieces.append)
    written = "".join(pieces)
    if not holds_a_float(value):
        assert written == dumps_indented(value) == reference(value)
    else:
        assert parsed(written) == parsed(reference(value))


def test_a_large_value_is_never_whole_in_memory_as_text() -> None:
    value = {
        "fields": [{"id": i, "text": "é" * 1000, "items": list(range(50))} for i in range(3000)]
    }
    pieces: list[str] = []
    jsontext.write_indented(value, pieces.append)
    assert "".join(pieces) == dumps_indented(value)
    assert len(pieces) > 3 and max(map(len, pieces)) < 2 * jsontext._PIECE
