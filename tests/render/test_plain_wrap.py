"""The plain table's wrapping of long paragraphs (several lines, words of every length) is
the wrapping word by word, and its padding is str.ljust's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from avp.render.output import Column, clean
from avp.render.plain import _one_line, _wrapped, to_plain_table
from tests.render.test_output import _wrapped_word_by_word

ALPHABET = st.sampled_from(list("ab é\t\n\r\x85\u2028\x1c  xyzwvutsrq.-\u200e"))


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=150), width=st.integers(1, 40))
def test_long_paragraphs_wrap_as_word_by_word(text: str, width: int) -> None:
    assert _wrapped(text, width) == _wrapped_word_by_word(text, width)


@given(st.text(alphabet=ALPHABET, max_size=30))
def test_one_line_and_clean_read_what_splitting_and_the_regex_give(text: str) -> None:
    import re

    assert _one_line(text) == (" ".join(text.split()) == text)
    unsafe = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
    assert clean(text) == re.sub(unsafe, "", text).replace("\t", " ")


def test_rows_are_padded_as_ljust_pads() -> None:
    columns = [Column("id", "id"), Column("text", "text", ratio=1), Column("s", "s")]
    records = [
        {"id": "1.1.1", "text": "een twee drie vier vijf zes zeven acht", "s": "é"},
        {"id": "2", "text": "{0} {x} %s", "s": ""},
    ]
    lines = to_plain_table(records, columns, 24).splitlines()
    assert lines[0].rstrip() == lines[0]
    assert " 2      {0} {x} %s" in lines
    assert all(len(line) <= 24 for line in lines)
