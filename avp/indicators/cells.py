"""Cell text as CBS writes it: Dutch decimal commas, symbols for missing figures."""

from __future__ import annotations

import math
import re

#: StatLine's symbols for a figure that is not there: '.' unknown or unreliable, 'x'
#: secret (suppressed), '?' unreliable, '' (empty) cannot occur. '-' is nil: 0.
MISSING_SYMBOLS = frozenset({".", "x", "X", "?", ""})
NIL = frozenset({"-"})

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")


class CellError(ValueError):
    """Cell text that is neither a number nor a CBS symbol."""


def number(text: str) -> float | None:
    """The number in a cell (``12``, ``12,5``, ``12.5``, ``-``: 0), or None for a
    missing or suppressed figure ('.', 'x', '?', empty). CellError for other text."""
    cleaned = text.strip()
    if cleaned in MISSING_SYMBOLS:
        return None
    if cleaned in NIL:
        return 0.0
    if not _NUMBER.fullmatch(cleaned):
        raise CellError(
            f"{text!r} is not a number (CBS writes 12, 12,5 or 12.5) nor a symbol for a "
            "missing figure ('.', 'x')"
        )
    value = float(cleaned.replace(",", "."))
    if not math.isfinite(value):  # pragma: no cover - the pattern has no inf or nan
        raise CellError(f"{text!r} is not a finite number")
    return value
