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
        known = _DAYS.get(value)
        return known if known is not None else _from_text(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise DateError(f"Input should be a valid date, got {_shown(value)}; {HOW}")


def as_date(value: Any) -> dt.date | None:
    """:func:`parse_date`, or None when ``value`` is not a date (for checks of plain data)."""
    if value.__class__ is str:  # a text read before: most dates of a large log
        known = _DAYS.get(value)
        if known is not None:
            return known
    try:
        return parse_date(value)
    except DateError:
        return None


#: The date of each text read so far ('2022-03-01'): a large log has the same few hundred
#: dates again and again, and the entries of one day share one date. At most
#: :data:`_MANY_DAYS` of them (ten years have 3,653 days).
_DAYS: dict[str, dt.date] = {}
_MANY_DAYS = 10_000


def _from_text(text: str) -> dt.date:
    if _ISO_DATE.fullmatch(text) is None:
        raise DateError(f"Input should be a valid date, got {_shown(text)}; {HOW}")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:  # 2021-02-30, 2022-13-01
        raise DateError(f"Input should be a valid date, {exc}, got {text!r}; {HOW}") from None
    if len(_DAYS) < _MANY_DAYS:
        _DAYS[text] = day
    return day


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


# --- periods a figure describes ----------------------------------------------------------

#: What every message about a period ends with.
PERIOD_HOW = (
    "write a period as 2022 (a year), 2022-H1 (a half year), 2022-Q1 (a quarter), "
    "2022-03 (a month), 2022-W05 (an ISO week) or 2022-01-03/2022-01-16 (from/to)"
)

_PERIOD = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?:H(?P<half>[0-9]+)|Q(?P<quarter>[0-9]+)|W(?P<week>[0-9]+)|(?P<month>[0-9]{2})))?"
)


class PeriodError(ValueError):
    """A value that is no period as avp reads them; the message says why and what to write."""


def parse_period(value: Any) -> tuple[str, dt.date, dt.date]:
    """The period ``value`` names: its canonical text, its first and its last day.

    ``value``: a year (``2021``, as a number or text), ``2022-H1``, ``2022-Q1``, ``2022-03``,
    ``2022-W05`` (an ISO week: Monday to Sunday, of the year of its Thursday), ``from/to``
    dates (``2022-01-03/2022-01-16``, ISO 8601's interval) or a mapping ``{from: ..., to:
    ...}``. The canonical text is the value as written, or ``from/to`` for a mapping.
    Raises :class:`PeriodError` for anything else.
    """
    if isinstance(value, bool):
        raise PeriodError(f"a period is not {_shown(value)}; {PERIOD_HOW}")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, dict):
        return _span(value)
    if not isinstance(value, str):
        raise PeriodError(f"a period is not {_shown(value)}; {PERIOD_HOW}")
    return _period_from_text(value)


@lru_cache(maxsize=1024)
def _period_from_text(text: str) -> tuple[str, dt.date, dt.date]:
    if "/" in text:
        first, _, last = text.partition("/")
        return _span({"from": first, "to": last})
    match = _PERIOD.fullmatch(text)
    if match is None:
        raise PeriodError(f"{_shown(text)} is no period; {PERIOD_HOW}")
    year = int(match["year"])
    if year < 1900:
        raise PeriodError(f"{text!r}: the year {year} is before 1900; {PERIOD_HOW}")
    if match["half"] is not None:
        return text, *_months(text, year, int(match["half"]), 2, 6)
    if match["quarter"] is not None:
        return text, *_months(text, year, int(match["quarter"]), 4, 3)
    if match["month"] is not None:
        return text, *_months(text, year, int(match["month"]), 12, 1)
    if match["week"] is not None:
        week = int(match["week"])
        weeks = dt.date(year, 12, 28).isocalendar()[1]  # 28 December is in the last week
        if not 1 <= week <= weeks or len(match["week"]) != 2:
            raise PeriodError(
                f"{text!r}: {year} has ISO weeks W01 to W{weeks}; write the week with two "
                f"digits; {PERIOD_HOW}"
            )
        monday = dt.date.fromisocalendar(year, week, 1)
        return text, monday, monday + dt.timedelta(days=6)
    return text, dt.date(year, 1, 1), dt.date(year, 12, 31)


def _months(text: str, year: int, number: int, most: int, months: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the ``number``-th period of ``months`` months in ``year``."""
    if not 1 <= number <= most:
        raise PeriodError(f"{text!r}: the number must be 1 to {most}; {PERIOD_HOW}")
    first = (number - 1) * months + 1
    after = first + months
    end = dt.date(year + (after - 1) // 12, (after - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first, 1), end


def _span(mapping: dict[Any, Any]) -> tuple[str, dt.date, dt.date]:
    if set(mapping) != {"from", "to"}:
        keys = ", ".join(repr(k) for k in mapping) or "none"
        raise PeriodError(
            f"a period as a mapping has the keys 'from' and 'to' (got {keys}); {PERIOD_HOW}"
        )
    try:
        first, last = parse_date(mapping["from"]), parse_date(mapping["to"])
    except DateError as exc:
        raise PeriodError(f"the period's from or to is no date: {exc}") from None
    if last < first:
        raise PeriodError(f"the period ends ({last}) before it starts ({first}); {PERIOD_HOW}")
    return f"{first.isoformat()}/{last.isoformat()}", first, last


def period_span(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period in its canonical text (:func:`parse_period`)."""
    _, first, last = _period_from_text(text)
    return first, last
