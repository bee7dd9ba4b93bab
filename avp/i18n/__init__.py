"""Every word a person reads, in the programme's language: one module per language.

A language is a module beside this one (``nl.py``, ``en.py``) with ``MONTHS``,
``DECIMAL_SEPARATOR`` and ``MESSAGES`` (key -> text with ``{name}`` fields). Adding a
language is adding such a file. Code asks for a text by key with numbers and dates as
arguments; arithmetic never builds a sentence.
"""

from __future__ import annotations

import datetime as dt
import importlib
from functools import cache
from types import ModuleType

#: The languages avp speaks; the first is the default for content.
LANGUAGES = ("nl", "en")
DEFAULT = "en"


@cache
def language(lang: str) -> ModuleType:
    """The module of ``lang``; English for a language avp does not know."""
    return importlib.import_module(f"avp.i18n.{lang if lang in LANGUAGES else DEFAULT}")


def text(lang: str, key: str, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in."""
    template: str = language(lang).MESSAGES[key]
    return template.format(**values) if values else template


def format_date(day: dt.date | None, lang: str) -> str:
    """``30 juni 2022`` in Dutch, ``30 June 2022`` in English."""
    if day is None:
        return ""
    return f"{day.day} {language(lang).MONTHS[day.month - 1]} {day.year}"


def month_year(day: dt.date, lang: str) -> str:
    """``juni 2022``, ``June 2022``."""
    return f"{language(lang).MONTHS[day.month - 1]} {day.year}"


def format_number(value: float, unit: str, lang: str) -> str:
    """``9,4%`` in Dutch, ``9.4%`` in English; whole numbers without decimals."""
    rounded = round(value, 2)
    shown = str(int(rounded)) if rounded == int(rounded) else f"{rounded:.2f}".rstrip("0")
    shown = shown.replace(".", language(lang).DECIMAL_SEPARATOR)
    if not unit:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


def period_label(unit: str, start: dt.date, year: int, key: str, lang: str) -> str:
    """A calendar period as people say it: ``week 23 van 2022``, ``juni 2022``, ``2022``."""
    if unit == "week":
        return text(lang, "period.week", week=start.isocalendar()[1], year=year)
    if unit == "month":
        return month_year(start, lang)
    if unit == "quarter":
        return text(lang, "period.quarter", quarter=(start.month - 1) // 3 + 1, year=start.year)
    if unit == "half_year":
        half = 1 if start.month <= 6 else 2
        return text(lang, f"period.half_year.{half}", year=start.year)
    return key
