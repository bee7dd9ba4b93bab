"""CBS periods: ``2022JJ00`` (a year), ``2022KW01`` (a quarter), ``2022MM01`` (a month)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from avp.targets.phrases import MONTHS as _MONTH_NAMES  # Dutch month names, januari first

CbsUnit = Literal["year", "quarter", "month"]

#: Months per period of each unit.
MONTHS: dict[CbsUnit, int] = {"year": 12, "quarter": 3, "month": 1}

_CODES: dict[str, CbsUnit] = {"JJ": "year", "KW": "quarter", "MM": "month"}
_LETTERS: dict[CbsUnit, str] = {v: k for k, v in _CODES.items()}

_KEY = re.compile(r"([0-9]{4})(JJ|KW|MM)([0-9]{2})")
_YEAR_LABEL = re.compile(r"([0-9]{4})")
_QUARTER_LABEL = re.compile(r"([0-9]{4}) ([1-4])e kwartaal")
_MONTH_LABEL = re.compile(r"([0-9]{4}) ([a-z]+)")


@dataclass(frozen=True, order=True)
class CbsPeriod:
    """A year, a quarter or a month of a CBS table."""

    year: int
    months: int  # 12, 3 or 1: the unit, ordered so that a year sorts before its parts
    first: int  # the period's first month, 1-12

    @classmethod
    def of(cls, unit: CbsUnit, year: int, index: int = 1) -> CbsPeriod:
        """The ``index``-th quarter or month of ``year`` (a year: index ignored)."""
        size = MONTHS[unit]
        return cls(year, size, 1 if unit == "year" else (index - 1) * size + 1)

    @property
    def unit(self) -> CbsUnit:
        return {12: "year", 3: "quarter", 1: "month"}[self.months]  # type: ignore[return-value]

    @property
    def index(self) -> int:
        return 0 if self.unit == "year" else (self.first - 1) // self.months + 1

    @property
    def key(self) -> str:
        """The CBS key: 2022JJ00, 2022KW01, 2022MM01."""
        return f"{self.year}{_LETTERS[self.unit]}{self.index:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first, 1)

    @property
    def end(self) -> dt.date:
        last = self.first + self.months - 1
        return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    def within(self, unit: CbsUnit) -> CbsPeriod:
        """The period of ``unit`` this one lies in (``unit`` as long or longer)."""
        size = MONTHS[unit]
        return CbsPeriod(self.year, size, (self.first - 1) // size * size + 1)

    def parts(self, unit: CbsUnit) -> list[CbsPeriod]:
        """The periods of ``unit`` (as short or shorter) that make up this one."""
        size = MONTHS[unit]
        return [
            CbsPeriod(self.year, size, m) for m in range(self.first, self.first + self.months, size)
        ]


def parse_period(text: str) -> CbsPeriod | None:
    """A key (``2022MM01``) or a StatLine label (``2022``, ``2022 1e kwartaal``,
    ``2022 januari``; a trailing ``*`` marks a provisional figure); None otherwise."""
    cleaned = text.strip().rstrip("*").strip()
    if match := _KEY.fullmatch(cleaned):
        year, code, number = int(match.group(1)), _CODES[match.group(2)], int(match.group(3))
        if code == "year" and number == 0:
            return CbsPeriod.of("year", year)
        if (code == "quarter" and 1 <= number <= 4) or (code == "month" and 1 <= number <= 12):
            return CbsPeriod.of(code, year, number)
        return None
    if _YEAR_LABEL.fullmatch(cleaned):
        return CbsPeriod.of("year", int(cleaned))
    lowered = cleaned.lower()
    if match := _QUARTER_LABEL.fullmatch(lowered):
        return CbsPeriod.of("quarter", int(match.group(1)), int(match.group(2)))
    if (match := _MONTH_LABEL.fullmatch(lowered)) and match.group(2) in _MONTH_NAMES:
        return CbsPeriod.of("month", int(match.group(1)), _MONTH_NAMES.index(match.group(2)) + 1)
    return None


def cbs_unit(unit: str) -> CbsUnit | None:
    """A target's period unit as a CBS one; None for week, half_year and two_years."""
    return unit if unit in MONTHS else None


def period_text(period: CbsPeriod, lang: str) -> str:
    """The period as people say it: ``2022``, ``1e kwartaal 2022``, ``januari 2022``."""
    from avp.i18n import period_label  # lazy

    return period_label(period.unit, period.start, period.year, str(period.year), lang)


def key_text(key: str, lang: str) -> str:
    """:func:`period_text` of a CBS key; the key itself when it is not one."""
    period = parse_period(key)
    return key if period is None else period_text(period, lang)
