"""Text helpers every layer uses: folding for comparisons, suggestions, unsafe characters."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word``, if any is close enough."""
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or ``''``."""
    match = closest(word, choices)
    return f" (did you mean {match!r}?)" if match else ""


# Control characters (Unicode category Cc) other than newline and tab, and the bidi
# embedding, override and isolate marks.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def bad_characters(text: str) -> str:
    """The control and bidi characters in ``text`` that have no place in programme text."""
    if _BAD_CHARACTER.search(text) is None:
        return ""
    return "".join(sorted(set(_BAD_CHARACTER.findall(text))))


def holds_no_bad_characters(text: str) -> bool:
    """Whether no string read from the YAML ``text`` can hold a control or bidi character
    (:func:`bad_characters`): there is none in it, and no ``\\`` (an escape could make
    one). One search of a file instead of one of each of its strings."""
    return "\\" not in text and _BAD_CHARACTER.search(text) is None


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` for comparisons."""
    if text.isascii():  # nothing to decompose (a workspace folds many thousands of names)
        return text.lower().strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def line_pieces(text: str, size: int) -> Iterator[str]:
    """``text`` in pieces of ``size`` characters or a little more, each up to and with a
    line break (the last: to the end), so that no line is cut: a large file's text worked
    on a piece at a time, not copied whole (split into lines, encoded)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start + size)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop
