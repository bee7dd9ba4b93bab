"""Telling a programme from a log by its top-level keys, without a search at every position."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from avp.validate.pipeline import _ENTRIES_LINE, _PROGRAMME_LINE, _line_starting, file_kind

PIECES = st.sampled_from(
    ["\n", "\r\n", " ", "\t", ":", "#", "entries", "programme", "programmes", "x", "- ", "a: 1"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES | st.text(max_size=2), max_size=20).map("".join))
def test_a_line_that_starts_with_a_key_is_found_as_the_pattern_finds_it(text: str) -> None:
    """Issue 18: the same answer as the multi-line pattern over the whole text."""
    for word, line in (("entries", _ENTRIES_LINE), ("programme", _PROGRAMME_LINE)):
        assert _line_starting(text, word, line) == (line.search(text) is not None)


def test_a_log_is_told_from_a_programme() -> None:
    log = "# a log\nentries:\n  - measure: 1.1.1\n" + "  - note: programme: x\n" * 3
    assert file_kind(log, "v.yaml") == "progress"
    assert file_kind("programme:\n  title: x\nentries: []\n", "p.yaml") == "programme"
    assert file_kind("x: 1\r\nentries :\r\n", "v.yaml") == "progress"


def test_the_pattern_runs_only_from_the_line_with_the_key() -> None:
    """A large log without a ``programme:`` line is not searched by the pattern at all."""
    searched: list[int] = []

    class Counted:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
            searched.append(pos)
            return self.pattern.search(text, pos)

    text = "entries:\n" + "  - measure: 1.1.1\n" * 1000
    assert not _line_starting(text, "programme", Counted(_PROGRAMME_LINE))  # type: ignore[arg-type]
    assert _line_starting(text, "entries", Counted(_ENTRIES_LINE))  # type: ignore[arg-type]
    assert searched == [0]
    assert _line_starting("x: 1\nentries:\n", "entries", Counted(_ENTRIES_LINE))  # type: ignore[arg-type]
    assert searched == [0, 4]
