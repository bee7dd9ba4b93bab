"""Issue 18: a large report's lines are joined without extra copies; the text is what it was."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from avp.render.output import joined_lines


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "\n", "a", "b\n", "\n\n", "| x |", "é🟢"]), max_size=8))
def test_joined_lines_is_join_strip_and_one_line_break(lines: list[str]) -> None:
    assert joined_lines(lines) == "\n".join(lines).rstrip("\n") + "\n"
