"""avp.progress.write: an entry as YAML lines that read back the same, and a log's layout."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from avp.programme.status import Status
from avp.progress.models import Entry
from avp.progress.write import entry_yaml
from avp.yamlio.loader import load
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
    for dash, content in [(2, 4), (0, 2), (4, 8)]:
        text = "entries:\n" + entry_yaml(made, dash=dash, content=content)
        loaded = load(text, "t.yaml")["entries"][0]
        assert loaded["note"] == note
        assert loaded["author"] == note
        assert loaded["date"] == "2022-03-14"


def test_entry_yaml_layout() -> None:
    made = entry(status=Status.at_risk, correction="Meer inzet.", note="a\nb", source="Q1")
    assert entry_yaml(made) == (
        "  - measure: 1.1.1\n"
        "    date: 2022-03-14\n"
        "    status: at_risk\n"
        "    note: |-\n"
        "      a\n"
        "      b\n"
        "    author: J. de Vries\n"
        "    source: Q1\n"
        "    correction: Meer inzet.\n"
    )
    assert entry_yaml(entry(note="on"), dash=0, content=2).splitlines()[:4] == [
        "- measure: 1.1.1",
        "  date: 2022-03-14",
        "  status: on_track",
        "  note: 'on'",
    ]
