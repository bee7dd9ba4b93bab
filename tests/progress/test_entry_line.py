"""Issue 18: an entry's line is written without ruamel's dumper when its values are plain,
byte for byte what the dumper writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from avp.programme.status import Status
from avp.progress import write
from avp.progress.models import Entry
from avp.progress.write import entry_yaml


def by_ruamel(entry: Entry, dash: int, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patched:
        patched.setattr(write, "_flow_line", lambda data: None)
        return entry_yaml(entry, dash=dash)


texts = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]) | st.sampled_from("\n\t\\\"'"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")
ids = st.from_regex(r"[a-z0-9]{6,20}", fullmatch=True)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    values: dict[str, Any] = {
        "id": draw(st.none() | ids),
        "measure": draw(st.sampled_from(["1.1.1", "2.1.1", "1", "10", "1.2", "3a", "1.1.1a"])),
        "date": draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))),
        "note": draw(texts),
        "author": draw(texts),
        "source": draw(st.none() | texts),
    }
    figure = draw(st.sampled_from(["status", "count", "value", "evaluation"]))
    if figure == "status":
        values["status"] = draw(st.sampled_from([s for s in Status if not s.needs_correction]))
    elif figure == "count":
        values["count"] = draw(st.integers(0, 10**9))
    elif figure == "value":
        values["value"] = draw(
            st.floats(-1e12, 1e12, allow_nan=False) | st.integers(-(10**6), 10**6)
        )
    else:
        values["evaluation"] = True
    if draw(st.booleans()) and figure in ("count", "value"):
        values["target"] = draw(st.sampled_from(["voorlichting", "t1", "on", "2021"]))
    if draw(st.booleans()):
        values["supersedes"] = draw(ids)
    try:
        return Entry(**{k: v for k, v in values.items() if v is not None})
    except ValueError:
        assume(False)
        raise


@settings(max_examples=400, deadline=None)
@given(entries(), st.integers(0, 6))
def test_the_line_is_what_ruamel_writes(entry: Entry, dash: int) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert entry_yaml(entry, dash=dash) == by_ruamel(entry, dash, monkeypatch)


@pytest.mark.parametrize(
    "note",
    ['say "hi"', "back\\slash", "line\nbreak", "tab\there", "a\u2028b", "a\ufeffb", "caf\u00e9",
     "\U0001f600 emoji", "yes", "~", "- dash", "# hash", "a: b", "'quoted'", "a\u2029b"],
)  # fmt: skip
def test_notes_with_escapes_and_indicators(note: str, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = Entry(
        id="abcdef12",
        measure="1.1.1",
        date=dt.date(2022, 5, 1),
        status=Status.on_track,
        note=note,
        author="J. de Vries",
        value=6.0,
    )
    assert entry_yaml(entry) == by_ruamel(entry, 2, monkeypatch)


def test_plain_entries_need_no_dumper(monkeypatch: pytest.MonkeyPatch) -> None:
    """The usual entry is written without building ruamel's dumper."""

    def refused(*args: object, **kwargs: object) -> str:
        raise AssertionError("ruamel's dumper was used")

    monkeypatch.setattr(write, "list_item_yaml", refused)
    entry = Entry(
        id="abcdef12",
        measure="1.3.5",
        date=dt.date(2022, 5, 1),
        value=9.4,
        note='Burgernet "Q2": 9,4% – é',
        author="É. Ünal",
        source="politie kwartaalrapportage Q2",
    )
    assert entry_yaml(entry) == (
        '  - {id: abcdef12, measure: 1.3.5, date: 2022-05-01, value: 9.4, note: "Burgernet '
        '\\"Q2\\": 9,4% – é", author: "É. Ünal", source: "politie kwartaalrapportage Q2"}\n'
    )
