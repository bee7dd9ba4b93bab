"""avp.progress.write: an entry as YAML lines that read back the same, and a log's layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.base import rules
from avp.base.model import MAX_COUNT
from avp.base.problems import DataError
from avp.base.text import bad_characters
from avp.programme.models import NODE_ID_PATTERN, Programme
from avp.programme.status import Status
from avp.progress.append import append_entry
from avp.progress.models import ENTRY_ID_PATTERN, Entry, new_entry_id
from avp.progress.read import load_log
from avp.progress.write import entry_yaml
from avp.targets.models import TARGET_ID
from avp.yamlio.loader import load, load_items, load_located
from tests.progress.helpers import entry

TRICKY = [
    "on",
    "off",
    "yes",
    "no",
    "y",
    "null",
    "~",
    "012",
    "0x1F",
    "1:20",
    "1_000",
    ".5",
    "2022-03-14",
    "1.1.1",
    "true",
    ": ",
    "a: b",
    "#",
    "a #b",
    "- x",
    "-",
    "? x",
    "!tag",
    "&anchor",
    "*alias",
    "|",
    ">",
    "%YAML",
    "@",
    "`",
    "=SUM(A1:A9)",
    "=1+1",
    "+31 10 123",
    "<script>alert(1)</script>",
    "[bold]x[/bold]",
    "[red]",
    "{a}",
    "'single'",
    '"double"',
    "it's",
    'say "hi"',
    "\\",
    "back\\slash\\n",
    " leading",
    "trailing ",
    "  ",
    "a  b",
    "tab\tinside",
    "\tleading tab",
    "line one\nline two",
    "\nleading newline",
    "trailing newline\n",
    "blank\n\nlines",
    "  indented\nfirst",
    "spaces \nat end",
    "---",
    "...",
    "--- x\n...",
    "x\n---\ny",
    "\u2028",
    "a\u2028b",
    "a\u2029b",
    "zero\u200bwidth",
    "nbsp\u00a0here",
    "\ufeffbom",
    "emoji \U0001f600 \u200d",
    "é ë ĳ",
    "\ufffe",
    "x" * 300,
    "word " * 60,
]


ANY_TEXT = st.one_of(
    st.text(min_size=1),
    st.sampled_from(TRICKY),
    st.lists(st.sampled_from([*TRICKY, "\n", " ", "\x85", "\r", "\x00"]), min_size=1).map("".join),
)


@given(note=ANY_TEXT)
@settings(max_examples=400, deadline=None)
def test_entry_yaml_round_trips_any_string(note: str) -> None:
    # model_construct skips validation: even text the model refuses must be quoted safely.
    made = Entry.model_construct(
        measure="1.1.1",
        date=dt.date(2022, 3, 14),
        status=Status.on_track,
        note=note,
        author=note,
        source=None,
        correction=None,
    )
    for dash in (2, 0, 4):
        text = "entries:\n" + entry_yaml(made, dash=dash)
        loaded = load(text, "t.yaml")["entries"][0]
        assert loaded["note"] == note
        assert loaded["author"] == note
        assert loaded["date"] == "2022-03-14"


def test_entry_yaml_layout() -> None:
    """One line per entry: its id first, text in double quotes, a line break as \\n."""
    made = entry(
        id="k3f9x2m7qa", status=Status.at_risk, correction="Meer inzet.", note="a\nb", source="Q1"
    )
    assert entry_yaml(made) == (
        '  - {id: k3f9x2m7qa, measure: 1.1.1, date: 2022-03-14, status: at_risk, note: "a\\nb", '
        'author: "J. de Vries", source: "Q1", correction: "Meer inzet."}\n'
    )
    assert entry_yaml(entry(note="on", measure="1"), dash=0) == (
        '- {measure: "1", date: 2022-03-14, status: on_track, note: "on", author: "J. de Vries"}\n'
    )


ENTRY_IDS = st.from_regex(ENTRY_ID_PATTERN, fullmatch=True)
NODE_IDS = st.from_regex(NODE_ID_PATTERN, fullmatch=True)
ALLOWED = ANY_TEXT.filter(lambda t: not bad_characters(t) and t.strip() != "")


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    """Any valid entry: every key, with text of any kind."""
    status = draw(st.none() | st.sampled_from(list(Status)))
    count = draw(st.none() | st.integers(min_value=0, max_value=MAX_COUNT))
    value = draw(st.none() | st.floats(allow_nan=False, allow_infinity=False))
    if status is None and count is None and value is None:
        count = 1
    figure = count is not None or value is not None
    return Entry(
        id=draw(st.none() | ENTRY_IDS),
        measure=draw(NODE_IDS),
        date=draw(st.dates(min_value=dt.date(1900, 1, 1))),
        status=status,
        target=draw(st.from_regex(TARGET_ID, fullmatch=True))
        if figure and draw(st.booleans())
        else None,
        count=count,
        value=value,
        note=draw(ALLOWED),
        author=draw(ALLOWED),
        source=draw(st.none() | ALLOWED),
        correction=draw(ALLOWED) if status is not None and status.needs_correction else None,
    )


@given(made=entries(), dash=st.sampled_from([0, 2, 4]))
@settings(max_examples=80, deadline=None)
def test_any_entry_is_one_line_that_reads_back_equal(made: Entry, dash: int) -> None:
    """What entry_yaml writes is one line (so that git's union merge keeps it whole), and
    it reads back as the same entry, with the fast reader and the located one."""
    line = entry_yaml(made, dash=dash)
    assert line.endswith("\n") and line.count("\n") == 1
    assert line.startswith(" " * dash + "- {" + ("id: " if made.id else "measure: "))
    text = "entries:\n" + line
    for read in (load_items, load_located):
        (data,) = read(text, "t.yaml")["entries"]
        assert Entry.model_validate(dict(data)) == made


def test_an_entry_without_an_id_is_not_added_twice(tmp_path: Path, programme: Programme) -> None:
    """Through the library (which may leave the id out): the log has it already."""
    path = tmp_path / "voortgang.yaml"
    append_entry(path, entry(), programme)
    before = path.read_bytes()
    with pytest.raises(DataError, match="the log has it already") as info:
        append_entry(path, entry(), programme)
    assert [p.rule for p in info.value.problems] == [rules.DUPLICATE_ENTRY]
    assert path.read_bytes() == before
    append_entry(path, entry(id=new_entry_id()), programme)  # with an id: a warning only
    assert len(load_log(path, programme).entries) == 2
