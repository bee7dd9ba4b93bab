"""The one reader of dates in files and options: ``YYYY-MM-DD`` or a date, nothing else."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

#: What every message about a date ends with.
HOW = "write dates as YYYY-MM-DD, e.g. 2022-06-30"


# Not date.fromisoformat alone: it also takes 2022-W26-4, 20220630 and 2022-06-30T00:00.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DateError(ValueError):
    """A value that is not a date as avp reads them; the message says why and what to write."""


def parse_date(value: Any) -> dt.date:
    """The date of ``value``: text ``YYYY-MM-DD`` or a ``date`` (not a ``datetime``).

    Raises :class:`DateError` for anything else: other ISO forms (``2022-W26-4``,
    ``20220630``, ``2022-6-30``), a date with a time, a number, a boolean.
    """
    if isinstance(value, str):
        return _from_text(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise DateError(f"Input should be a valid date, got {_shown(value)}; {HOW}")


def as_date(value: Any) -> dt.date | None:
    """:func:`parse_date`, or None when ``value`` is not a date (for checks of plain data)."""
    try:
        return parse_date(value)
    except DateError:
        return None


@lru_cache(maxsize=4096)  # a large log has the same few hundred dates again and again
def _from_text(text: str) -> dt.date:
    if _ISO_DATE.fullmatch(text) is None:
        raise DateError(f"Input should be a valid date, got {_shown(text)}; {HOW}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:  # 2021-02-30, 2022-13-01
        raise DateError(f"Input should be a valid date, {exc}, got {text!r}; {HOW}") from None


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dt.datetime):
        return f"a date with a time ({value.isoformat()})"
    if value is None:
        return "nothing (null)"
    return f"a {type(value).__name__}"
