"""avp.render.layout: the widths of cells in terminal cells."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from avp.render.layout import _widths

#: Text as a table shows it: control characters are cleaned before (avp.base.text.clean).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")))


@given(st.lists(TEXT, max_size=8))
def test_widths_are_terminal_cells(texts: list[str]) -> None:
    """The longest line and word in terminal cells, as rich counts them, whether the text
    takes the fast path (ASCII and Latin letters: ë, ï, é) or not (wide characters such as
    中, combining marks)."""
    joined = "\n".join(texts)
    expected = (
        max(map(cell_len, joined.splitlines()), default=0),
        max(map(cell_len, joined.split()), default=0),
    )
    assert _widths(texts) == expected


def test_dutch_and_wide_text() -> None:
    assert _widths(["Geïntegreerde café-aanpak"]) == (25, 13)
    assert _widths(["中文 ab"]) == (7, 4)
