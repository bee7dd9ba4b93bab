"""avp.base.text.line_pieces: a large text a piece at a time, no line cut."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from avp.base.text import line_pieces


@given(st.text(alphabet="ab\n\r", max_size=60), st.integers(0, 12))
def test_pieces_are_the_text_cut_after_line_breaks(text: str, size: int) -> None:
    pieces = list(line_pieces(text, size))
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)
    for piece in pieces[:-1]:
        assert piece.endswith("\n") and len(piece) > size
        assert "\n" not in piece[size:-1]  # cut at the first line break after size


def test_a_text_without_line_breaks_is_one_piece() -> None:
    assert list(line_pieces("abc", 1)) == ["abc"]
    assert list(line_pieces("", 4)) == []
