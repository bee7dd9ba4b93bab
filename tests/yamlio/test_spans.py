"""avp.yamlio.spans: where each node is, to the character; scalars that read back."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.programme.models import NODE_ID_PATTERN
from avp.yamlio.loader import load, load_located
from avp.yamlio.positions import position
from avp.yamlio.spans import Span, node_spans, reads_as_text, scalar_text

TEXT = (
    "# a comment\n"
    "top:\n"
    "  - id: 1.1.1   # plain, then a comment\n"
    "    name: 'quoted ''x'''\n"
    '  - {id: "1.2", name: flow}\n'
    "  -\n"
    "    id: 3\n"
    "    note: |\n"
    "      a literal\n"
    "      block\n"
    "\n"
    "  # a comment after the list\n"
    "? [complex, key]\n"
    ": {id: hidden}\n"
    "empty: []\n"
    "café: ☕ 😀\n"
)


def everything(text: str) -> dict[tuple[int | str, ...], Span]:
    return node_spans(text, lambda loc: True)


def test_scalars_from_their_first_to_their_last_character() -> None:
    spans = everything(TEXT)
    cut = {loc: TEXT[s.start : s.end] for loc, s in spans.items() if s.kind == "scalar"}
    assert cut[("top", 0, "id")] == "1.1.1"
    assert cut[("top", 0, "name")] == "'quoted ''x'''"
    assert cut[("top", 1, "id")] == '"1.2"'
    assert cut[("top", 2, "id")] == "3"
    assert cut[("top", 2, "note")] == "|\n      a literal\n      block\n\n"
    assert cut[("café",)] == "☕ 😀"
    styles = {loc: s.style for loc, s in spans.items() if s.kind == "scalar"}
    assert (styles[("top", 0, "id")], styles[("top", 0, "name")]) == ("", "'")
    assert (styles[("top", 1, "id")], styles[("top", 2, "note")]) == ('"', "|")
    assert spans[("top", 0, "name")].value == "quoted 'x'"
    assert spans[("top", 2, "id")].value == "3"  # before it is resolved to a number


def test_collections_end_at_their_last_content() -> None:
    spans = everything(TEXT)
    top = spans[("top",)]
    assert (top.kind, top.style, top.line, top.column) == ("sequence", "block", 2, 2)
    # the end of its last value (a literal block takes the blank line); not the comment
    assert TEXT[top.end - 7 : top.end] == "block\n\n" and TEXT[top.end :].startswith("  # a")
    flow = spans[("top", 1)]
    assert (flow.style, TEXT[flow.start : flow.end]) == ("flow", '{id: "1.2", name: flow}')
    assert TEXT[spans[("empty",)].start : spans[("empty",)].end] == "[]"
    assert spans[("top", 2)].line == 6  # an item that starts on the line after its dash
    assert spans[()].kind == "mapping"


def test_content_under_a_complex_key_is_skipped() -> None:
    spans = everything(TEXT)
    assert not [loc for loc in spans if "hidden" in str(loc) or "complex" in str(loc)]
    assert ("empty",) in spans  # the keys after it still count


def test_lines_and_columns_agree_with_the_located_loader() -> None:
    spans = everything(TEXT)
    located = load_located(TEXT, "t.yaml")
    for loc in [("top", 0, "id"), ("top", 1, "id"), ("top", 2, "id"), ("empty",), ("café",)]:
        assert (spans[loc].line + 1, spans[loc].column + 1) == position(located, loc), loc


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "x: \ufeff\n"])  # the C parser skips a BOM
def test_offsets_are_characters_of_the_text(newline: str, bom: str) -> None:
    text = (bom + "a: ĳ😀\nb:\n  - 'é'\n  - c: d\n").replace("\n", newline)
    spans = node_spans(text, lambda loc: True)
    assert text[spans[("a",)].start : spans[("a",)].end] == "ĳ😀"
    assert text[spans[("b", 0)].start : spans[("b", 0)].end] == "'é'"
    assert text[spans[("b", 1, "c")].start : spans[("b", 1, "c")].end] == "d"


def test_only_the_wanted_paths() -> None:
    spans = node_spans(TEXT, lambda loc: loc[-1:] == ("id",))
    assert sorted(spans) == [("top", 0, "id"), ("top", 1, "id"), ("top", 2, "id")]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("1.3.2a", "1.3.2a"),
        ("B4", "B4"),
        ("1.1.1", "1.1.1"),
        ("NaN", "NaN"),
        ("1.10", "'1.10'"),  # a float
        ("2", "'2'"),  # a number
        ("yes", "'yes'"),  # a boolean in YAML 1.1
        ("on", "'on'"),
        ("n", "'n'"),
        ("null", "'null'"),
        ("2021-01-01", "'2021-01-01'"),  # a date
        ("0x1f", "'0x1f'"),
        ("1_0", "'1_0'"),  # a number for YAML 1.1, text for avp
        ("1e3", "'1e3'"),
        ("it's", "'it''s'"),
    ],
)
def test_scalar_text_quotes_what_would_not_read_back(value: str, written: str) -> None:
    assert scalar_text(value) == written
    assert reads_as_text(value) == (written == value)
    assert load(f"x: {written}\n", "t")["x"] == value


def test_scalar_text_keeps_the_quotes_of_what_it_replaces() -> None:
    double = Span("scalar", 0, 5, 0, 0, '"', "1.1")
    single = Span("scalar", 0, 5, 0, 0, "'", "1.1")
    plain = Span("scalar", 0, 3, 0, 0, "", "1.1")
    assert scalar_text("1.1a", double) == '"1.1a"'
    assert scalar_text("1.1a", single) == "'1.1a'"
    assert scalar_text("1.1a", plain) == "1.1a"
    assert scalar_text("1.10", plain) == "'1.10'"
    assert scalar_text('a"b\\', double) == '"a\\"b\\\\"'
    with pytest.raises(ValueError, match="printable"):
        scalar_text("a\nb")


@given(st.from_regex(re.compile(NODE_ID_PATTERN), fullmatch=True))
@settings(max_examples=300, deadline=None)
def test_every_id_reads_back_as_itself(value: str) -> None:
    for style in ("", "'", '"'):
        like = Span("scalar", 0, 0, 0, 0, style, "")
        for text in (
            f"id: {scalar_text(value, like)}\n",
            f"- {{id: {scalar_text(value, like)}}}\n",
        ):
            data = load(text, "t")
            assert (data["id"] if isinstance(data, dict) else data[0]["id"]) == value, text
