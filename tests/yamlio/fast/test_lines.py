"""The line-by-line reader of log entries gives what the YAML loaders give, or nothing."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from avp.programme.status import Status
from avp.progress.models import Entry
from avp.progress.read import parse_log
from avp.progress.write import entry_yaml
from avp.yamlio.fast.chunked import load_chunked
from avp.yamlio.fast.lines import simple_items, simple_text
from tests.yamlio.fast.test_events import node_loader


def typed(data: Any) -> Any:
    """``data`` with every scalar tagged by its type: True, 1 and 1.0 differ."""
    if isinstance(data, dict):
        return {typed(k): typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [typed(v) for v in data]
    if isinstance(data, float):
        return ("float", "nan" if math.isnan(data) else repr(data))
    return (type(data).__name__, data)


def read(body: str) -> list[dict[str, Any]] | None:
    return simple_items(body) if simple_text(body) else None


def same_as_loader(body: str) -> None:
    got = read(body)
    if got is None:
        return  # the caller hands the text to a loader
    expected = node_loader("entries:\n" + body)  # raises if the reader took broken text
    assert typed({"entries": got}) == typed(expected)


# Pieces that YAML treats specially somewhere in a line.
PIECES = [
    ": ", ":", " #", "#", "'", "''", '"', "\\", "- ", "-", "?", "? ", "[", "]", "{", "}",
    ",", "&a", "*a", "!", "!!str ", "|", ">", "%", "@", "`", "~", " ", "  ", "é", "€",
    "\u2028", "\x85", "\t", "\ufeff", "\u202e", "\x1b", "\r", "---", "...", "0", "1", "-1",
    ".5", "1e3", "0x1F", "0o7", "0o12", "012", "1_000", "1_000.5", ".inf", ".nan", "true",
    "False", "on", "null", "NULL", "2021-02-30", "2022-06-01", "12:30", "a", "Tinte", "x y",
]  # fmt: skip
WORD = st.sampled_from(["Tinte", "de", "BOA's", "12", "x", "€5", "2022", "ok", "é"])
# Mostly text that could be read line by line, with one or two pieces that may spoil it.
VALUE = st.one_of(
    st.lists(WORD | st.just(" "), max_size=4).map("".join),
    st.tuples(
        st.lists(WORD, max_size=2).map(" ".join),
        st.sampled_from(PIECES),
        st.lists(WORD, max_size=2).map(" ".join),
    ).map("".join),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=5).map("".join),
)
KEY = st.sampled_from(
    ["measure", "date", "note", "author", "true", "null", "on", "y", "a_b", "x1", "Note", "1a"]
)
QUOTE = st.sampled_from(["", "", "", "'", '"'])


@st.composite
def item_lines(draw: st.DrawFn) -> list[str]:
    dash = draw(st.sampled_from([0, 2, 4]))
    gap = draw(st.sampled_from([" ", " ", "  "]))
    column = dash + 1 + len(gap)
    lines = []
    for number in range(draw(st.integers(1, 3))):
        quote = draw(QUOTE)
        value = draw(VALUE)
        text = f"{quote}{value}{quote}" if value or quote else ""
        separator = draw(st.sampled_from([" "] * 8 + ["  ", ""]))
        head = " " * dash + "-" + gap if number == 0 else " " * column
        if draw(st.integers(0, 19)) == 0:
            head = " " * draw(st.integers(0, 6)) + draw(st.sampled_from(["", "- ", "-"]))
        lines.append(f"{head}{draw(KEY)}:{separator}{text}")
        extra = draw(st.integers(0, 30))
        if extra == 0:
            lines.append("")
        elif extra == 1:
            lines.append(" " * draw(st.integers(0, 6)) + "# " + draw(VALUE))
        elif extra == 2:
            lines.append(" " * draw(st.integers(0, 8)) + draw(VALUE))  # continuation or junk
    return lines


@settings(max_examples=400, deadline=None)
@given(st.lists(item_lines(), min_size=1, max_size=3), st.sampled_from(["\n", "\r\n"]))
@example([["  - measure: 1.1.1", "    note: a: b"]], "\n")
@example([["  - measure: 1.1.1", "    note: 'it''s'  "]], "\n")
@example([["  - measure: 1.1.1", "    note: x", "      y"]], "\n")
@example([["  - measure: 1.1.1", "    true: x"]], "\n")
@example([["- measure: -1", "  note: [a, b]"]], "\r\n")
def test_generated_lines(items: list[list[str]], newline: str) -> None:
    same_as_loader("".join(line + newline for lines in items for line in lines))


@st.composite
def flow_lines(draw: st.DrawFn) -> str:
    """A one-line flow mapping item, mostly as avp writes it, sometimes spoilt."""
    dash = draw(st.sampled_from([0, 2, 4]))
    pairs = []
    for _ in range(draw(st.integers(1, 4))):
        quote = draw(st.sampled_from(["", "", '"', '"', "'"]))
        value = draw(VALUE | st.sampled_from(["\\n", "\\t", '\\"', "\\x41", "\\u00e9", "\\q"]))
        if quote == '"':
            value = value.replace('"', '\\"')
        pairs.append(f"{draw(KEY)}: {quote}{value}{quote}")
    separator = draw(st.sampled_from([", "] * 8 + [",", " , "]))
    end = draw(st.sampled_from(["}"] * 8 + ["} ", "}  # x", ", }"]))
    return " " * dash + "- {" + separator.join(pairs) + end


@settings(max_examples=120, deadline=None)
@given(st.lists(flow_lines(), min_size=1, max_size=3), st.sampled_from(["\n", "\r\n"]))
@example(['  - {note: "a, b", n: 1}'], "\n")
@example(['  - {note: "a\\nb\\"c", date: 2022-01-01}'], "\n")
@example(["  - {note: a:b}"], "\n")
@example(["  - {note: x, note: y}"], "\n")
def test_generated_flow_lines(lines: list[str], newline: str) -> None:
    """One-line flow mappings (what progress add writes): read as the loaders read them."""
    same_as_loader("".join(line + newline for line in lines))


def test_flow_lines_are_read_without_a_loader() -> None:
    body = (
        '  - {id: k3f9x2m7qa, measure: 1.1.1, date: 2022-01-15, count: 2, note: "a\\nb \\"c\\"", '
        'author: "J. de Vries"}\n  - measure: 1.1.2\n    date: 2022-01-16\n'
    )
    assert read(body) == [
        {
            "id": "k3f9x2m7qa",
            "measure": "1.1.1",
            "date": "2022-01-15",
            "count": 2,
            "note": 'a\nb "c"',
            "author": "J. de Vries",
        },
        {"measure": "1.1.2", "date": "2022-01-16"},
    ]
    same_as_loader(body)
    for spoilt in ["  - {a: b}\n    c: d\n", "  - {a: b}\n - {a: c}\n", "  - {a: b, }\n"]:
        assert read(spoilt) is None


STRINGS = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list("\n-:#'\" \\")),
    min_size=1,
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(STRINGS, STRINGS), min_size=1, max_size=5))
def test_what_progress_add_writes(notes: list[tuple[str, str]]) -> None:
    """Entries as ``progress add`` writes them: read line by line when the note is on
    one line, and always the same data as the loader."""
    body = ""
    for note, author in notes:
        entry = Entry.model_construct(
            measure="1.1.1",
            date=__import__("datetime").date(2022, 1, 1),
            status=Status.on_track,
            note=note,
            author=author,
        )
        body += entry_yaml(entry)
    same_as_loader(body)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("note: Extra surveillance ingezet.", "Extra surveillance ingezet."),
        ("note: 'it''s: here'", "it's: here"),
        ('note: "a # b"', "a # b"),
        ("note:", None),
        ("note: ~", None),
        ("note: 12", 12),
        ("note: 1.50", 1.5),
        ("note: true", True),
        ("note: 2022-06-01", "2022-06-01"),  # dates stay text: pydantic decides
        ("note: 1_000", "1_000"),  # numbers with underscores are text: the models refuse them
        ("note: 1_000.5", "1_000.5"),
        ("note: 0x1F", "0x1F"),  # hexadecimal and octal too (Issue 14)
        ("note: 012", 12),
        ("note: 0o12", "0o12"),
        ("note: a:b, [c] {d}", "a:b, [c] {d}"),
    ],
)
def test_values(line: str, value: Any) -> None:
    got = read(f"- measure: 1.1.1\n  {line}\n")
    assert got is not None
    assert typed(got[0]["note"]) == typed(value)


@pytest.mark.parametrize(
    "body",
    [
        "- measure: 1.1.1\n  note: a #b\n",  # a comment: left to the loader
        "- measure: 1.1.1\n  note: |\n    text\n",
        "- measure: 1.1.1\n  note: >-\n    text\n",
        "- measure: 1.1.1\n  note: x\n    more\n",
        "- measure: 1.1.1\n  note: &a x\n",
        "- measure: 1.1.1\n  note: !!str 1\n",
        "- measure: 1.1.1\n  note: x\n  note: y\n",
        "- measure: 1.1.1\n   note: x\n",
        '- measure: 1.1.1\n  note: "a\\tb"\n',
        "- measure: 1.1.1\n  note:\ta\n",
        "- measure: 1.1.1\n  note: a\u2028b\n",
        "- measure: 1.1.1\n  tags:\n    - a\n",
        "- measure: 1.1.1\n  null: x\n",
        "- measure: 1.1.1\n  note: Tinte:\n",
        "- measure: 1.1.1\n  note: Tinte: x\n",
    ],
)
def test_left_to_the_loader(body: str) -> None:
    assert read(body) is None


def test_a_written_log_is_read_without_a_yaml_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is really taken for what avp writes (the YAML loader was the slow
    part of reading a large log)."""
    entries = [
        Entry.model_validate(data)
        for data in [
            {"measure": "1.1.1", "date": "2021-03-31", "status": "on_track", "note": "Loopt.",
             "author": "J. de Vries", "source": "jaarverslag"},
            {"measure": "1.3.5", "date": "2021-06-30", "status": "at_risk", "value": 9.4,
             "note": "Burgernet: 9,4% van de inwoners; doel 10%.", "author": "P. Jansen",
             "correction": "Wervingsactie in 'de Ruyter'."},
            {"measure": "2.3.1", "date": "2021-07-03", "count": 2, "target": "controles",
             "note": "#2 controles; - geen bijzonderheden", "author": "A. Bakker"},
        ]
    ]  # fmt: skip
    text = "entries:\n" + "".join(entry_yaml(entry) for entry in entries)
    expected = node_loader(text)

    def no_loader(*args: object) -> None:
        raise AssertionError("the YAML loader was used")

    assert typed(load_chunked(text, "v", no_loader)) == typed(expected)
    assert [Entry.model_validate(e) for e in expected["entries"]] == entries


@pytest.mark.parametrize(
    "note", ["Loopt \u202emaar niet.", '"Loopt \\u202emaar niet."', '"Scherm \\e[2J"']
)
def test_control_characters_are_found_whether_written_or_escaped(note: str) -> None:
    from avp.base.problems import DataError

    text = (
        "entries:\n  - measure: 1.1.1\n    date: 2022-02-28\n    status: on_track\n"
        f"    note: {note}\n    author: J. de Vries\n"
    )
    with pytest.raises(DataError) as info:
        parse_log(text, "v")
    assert [p.rule for p in info.value.problems] == ["control-character"]


@settings(max_examples=150, deadline=None)
@given(st.lists(item_lines(), min_size=1, max_size=4), st.sampled_from(["\n", "\r\n"]))
def test_lines_split_in_small_pieces_read_the_same(items: list[list[str]], newline: str) -> None:
    """The reader splits a large text a piece at a time (64 KiB); with pieces of a few
    characters, every line and CRLF falls on a piece's edge somewhere: the same data."""
    from avp.yamlio.fast import lines

    body = "".join(line + newline for lines_ in items for line in lines_)
    whole = read(body)
    saved = lines._PIECE
    lines._PIECE = 3
    try:
        assert read(body) == whole
        same_as_loader(body)
    finally:
        lines._PIECE = saved
