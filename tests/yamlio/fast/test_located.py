"""The places :func:`build_from_events` gives (``located=True``) are the round-trip loader's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.base.problems import DataError
from avp.yamlio.fast.events import Unusual, build_from_events
from avp.yamlio.loader import load_located
from avp.yamlio.positions import key_position, position

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted(
    [
        *ROOT.joinpath("tests", "fixtures").rglob("*.yaml"),
        *ROOT.joinpath("data").glob("*.yaml"),
    ]
)


def _paths(data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield loc
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*loc, index))


def _value(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


def _same_places(text: str) -> int:
    """Compare every place; the number of places compared (0: not comparable)."""
    try:
        fast = build_from_events(text, located=True)
        slow = load_located(text, "x.yaml")
    except (Unusual, DataError):
        return 0
    except Exception:  # libyaml refuses it: the caller uses the round-trip loader
        return 0
    compared = 0
    for loc in _paths(fast):
        if _value(fast, loc) is None:
            # An empty value: libyaml places it where its key ends, the round-trip loader
            # at the next token (often the next line); the key's place is the same.
            assert key_position(fast, loc) == key_position(slow, loc) or not loc, loc
            continue
        assert position(fast, loc) == position(slow, loc), loc
        assert key_position(fast, loc) == key_position(slow, loc), loc
        compared += 1
    return compared


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_place_in_the_fixtures_is_the_round_trip_loaders(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8")
    _same_places(text)


def test_a_log_of_flow_and_block_entries() -> None:
    text = (
        "# a log\nentries:\n"
        '  - {id: aaaaaaaaaa, measure: 1.1.1, date: 2022-01-15, count: 1, note: "x"}\n'
        "  - measure: '1.1.2'\n    date: 2022-01-16\n    note: >-\n      folded\n"
        "      text\n    author: J\n"
        "  - {}\n  -\n  - []\n"
    )
    assert _same_places(text) > 10


_SCALARS = st.sampled_from(["a", "'b'", '"c"', "1", "2022-01-01", "", "null", "x y", "|-\n  z"])


@st.composite
def _documents(draw: st.DrawFn) -> str:
    lines = ["entries:"]
    for index in range(draw(st.integers(0, 6))):
        keys = draw(st.lists(st.sampled_from(["measure", "date", "note", "k"]), unique=True))
        values = [draw(_SCALARS) for _ in keys]
        if draw(st.booleans()):
            pairs = zip(keys, values, strict=True)
            body = ", ".join(f"{k}: {v}" for k, v in pairs if "\n" not in v)
            lines.append(f"{' ' * draw(st.integers(0, 2))}- {{{body}}}")
        elif keys:
            pad = " " * draw(st.integers(0, 2))
            lines.append(f"{pad}- {keys[0]}: {values[0]}".replace("\n", f"\n{pad}  "))
            for key, value in zip(keys[1:], values[1:], strict=True):
                lines.append(f"{pad}  {key}: {value}".replace("\n", f"\n{pad}  "))
        else:
            lines.append(f"- {index}")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(_documents())
def test_generated_logs_have_the_same_places(text: str) -> None:
    _same_places(text)
