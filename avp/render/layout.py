"""How a terminal table is laid out at a width: which columns it shows, folds or leaves
out, and how wide each is, so that no word is broken while it fits (issue 15: tables at
80 columns). Pure arithmetic on the cells' texts; avp.render.output draws the tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import filterfalse
from typing import Generic, Protocol, TypeVar


class Fittable(Protocol):
    """What the layout reads of a column (avp.render.output.Column)."""

    @property
    def key(self) -> str: ...
    @property
    def header(self) -> str: ...
    @property
    def ratio(self) -> int | None: ...
    @property
    def min_width(self) -> int | None: ...
    @property
    def max_width(self) -> int | None: ...
    @property
    def no_wrap(self) -> bool: ...
    @property
    def narrow(self) -> int: ...
    @property
    def fold_into(self) -> str | None: ...


C = TypeVar("C", bound=Fittable)


#: The columns of a terminal table: at least this wide when their text wraps (ratio).
TEXT_MIN_WIDTH = 24
#: The least a column that wraps is given on a terminal too narrow for its words.
MIN_WIDTH = 8
#: A word longer than this may be cut in a table cell (a web address, a long id).
LONGEST_WORD = 30


def _text_width(text: str) -> tuple[int, int]:
    """The longest line and the longest word of ``text``, in terminal cells."""
    return _widths([text])


def _widths(texts: Iterable[str]) -> tuple[int, int]:
    """The longest line and the longest word of any of ``texts``, in terminal cells
    (fast for the tens of thousands of cells of a workspace: one text split at once)."""
    joined = "\n".join(texts)
    return _longest(joined.splitlines()), _longest(joined.split())


def _longest(parts: list[str]) -> int:
    """The widest of ``parts`` in terminal cells: ASCII ones by their length (a character
    a cell, counted in C), only the others through rich (wide characters, combining marks;
    a text with one curly quote no longer sends every word of a column through it)."""
    longest = max(map(len, filter(str.isascii, parts)), default=0)
    others = list(filterfalse(str.isascii, parts))
    if others:
        from rich.cells import cell_len  # lazy

        longest = max(longest, *map(cell_len, others))
    return longest


@dataclass
class _Fitted(Generic[C]):
    """A column of a terminal table as laid out: its width and the folded columns in it."""

    column: C
    natural: int = 0  # the longest line of its header and cells
    word: int = 0  # the longest word
    cells: int = 0  # the longest line of its cells
    header_word: int = 0  # the longest word of its header
    folded: list[C] | None = None

    @property
    def need(self) -> int:
        """The least width it takes without breaking a word (or a no_wrap cell: its
        header may wrap between words)."""
        c = self.column
        if c.no_wrap:
            least = max(self.cells, self.header_word)
            return min(least, c.max_width) if c.max_width else least
        word = min(self.word, LONGEST_WORD)
        if c.ratio:
            word = max(word, min(self.natural, c.min_width or TEXT_MIN_WIDTH))
        return max(word, min(self.natural, c.min_width or 0))

    @property
    def least(self) -> int:
        """The least width of a text column that breaks no word (its longest word)."""
        return max(min(self.word, LONGEST_WORD), self.column.min_width or 0)

    @property
    def comfortable(self) -> int:
        """The width it takes when there is room (a ratio column: its need, then more)."""
        c = self.column
        if c.ratio:
            return self.need
        return max(self.need, min(self.natural, c.max_width or self.natural))


def rich_overhead(n: int) -> int:
    """Cells a rich table of n columns takes besides them (box.SIMPLE_HEAD, padding 1)."""
    return 3 * n + 1


def plain_overhead(n: int) -> int:
    """Cells a plain table (avp.render.plain.to_plain_table) takes besides its columns."""
    return 2 * n - 1


def fit(
    columns: Sequence[C],
    texts: Mapping[str, list[str]],
    width: int,
    overhead: Callable[[int], int] = rich_overhead,
) -> tuple[list[C], dict[str, list[C]], list[int]]:
    """Which columns a terminal table of ``width`` cells shows, which it folds into which
    (key -> the columns folded into it, each a line of its cells), and their widths.

    No word is broken while it fits its column: a column is at least as wide as its
    longest word (up to :data:`LONGEST_WORD`), a wrapping text column at least
    :data:`TEXT_MIN_WIDTH`. When they do not fit, the columns with the highest ``narrow``
    are folded into another (``fold_into``) or left out, until they fit or none is left.
    The columns that wrap by ``ratio`` share what the others leave.

    ``texts``: the cells of every column a table shows (key -> its rows' texts, as the
    terminal shows them); a column empty in every row is left out. ``overhead``: the
    cells a table of n columns takes besides them.
    """
    shown: list[_Fitted[C]] = [_Fitted(c) for c in columns if c.key in texts and any(texts[c.key])]

    def measure(fitted: _Fitted[C], more: Iterable[str] = ()) -> None:
        """Its widths from its cells, or, given ``more`` (the lines folded into it), from
        those too."""
        if not more:
            fitted.natural, fitted.header_word = _text_width(fitted.column.header)
            fitted.cells, fitted.word = _widths(texts[fitted.column.key])
        else:
            line, word = _widths(more)
            fitted.cells, fitted.word = max(fitted.cells, line), max(fitted.word, word)
        fitted.natural = max(fitted.natural, fitted.cells)
        fitted.word = max(fitted.word, fitted.header_word)

    for fitted in shown:
        measure(fitted)
    candidates = sorted((f for f in shown if f.column.narrow), key=lambda f: -f.column.narrow)
    for candidate in candidates:
        if sum(f.need for f in shown) + overhead(len(shown)) <= width:
            break
        shown.remove(candidate)
        into = next((f for f in shown if f.column.key == candidate.column.fold_into), None)
        if into is not None:
            into.folded = [*(into.folded or []), candidate.column]
            header = candidate.column.header
            measure(into, [f"{header}: {text}" for text in texts[candidate.column.key] if text])
    widths = [f.comfortable for f in shown]
    free = width - overhead(len(shown)) - sum(widths)
    # Too wide: the columns that wrap give back what they take beyond their need, then
    # the text columns what they take beyond their longest word.
    for text_too in (False, True):
        for i, fitted in enumerate(shown):
            if free >= 0:
                break
            least = fitted.least if text_too and fitted.column.ratio else fitted.need
            give = max(0, min(widths[i] - least, -free))
            widths[i] -= give
            free += give
    # Still too wide (a very narrow terminal): the widest columns that wrap break their
    # longest words, rather than rich cutting the short ones.
    wrapping = sorted(
        (i for i, f in enumerate(shown) if not f.column.no_wrap), key=lambda i: -widths[i]
    )
    for i in wrapping:
        if free >= 0:
            break
        give = max(0, min(widths[i] - MIN_WIDTH, -free))
        widths[i] -= give
        free += give
    # Room left: the ratio columns grow by their ratio, up to their longest line.
    growing = [i for i, f in enumerate(shown) if f.column.ratio and widths[i] < f.natural]
    while free > 0 and growing:
        ratios = sum(shown[i].column.ratio or 0 for i in growing)
        share = free
        for i in growing:
            extra = max(1, share * (shown[i].column.ratio or 0) // ratios)
            extra = min(extra, shown[i].natural - widths[i], free)
            widths[i] += extra
            free -= extra
        growing = [i for i in growing if widths[i] < shown[i].natural]
    folded = {f.column.key: f.folded for f in shown if f.folded}
    return [f.column for f in shown], folded, widths
