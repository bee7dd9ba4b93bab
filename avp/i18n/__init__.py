"""Every word a person reads, in the programme's language: one file per language.

A language is a TOML file beside this one, named by its ISO 639-1 code (``nl.toml``,
``en.toml``), with ``months``, ``decimal_separator`` and ``[messages]`` (key -> text with
``{name}`` fields): text a translator edits, no code. Adding a language is adding such a
file: :data:`LANGUAGES` lists the files found here. Code asks for a text by key with
numbers and dates as arguments; arithmetic never builds a sentence.

:func:`phrase` fills in a message. Its values are typed, and each type is formatted in the
language asked for: a :class:`datetime.date` as ``30 juni 2022``, an :class:`Amount` (a
number with its unit) as ``9,4%``, a :class:`PeriodRef` as ``week 23 van 2022``, a nested
:class:`Message` as its own phrase, ``None`` as nothing; other values (whole numbers,
names) as they are. A key with ``.one`` and ``.other`` variants is chosen by the value
``count`` (else ``total``): ``"{count} day late"``, ``"{count} days late"``; a nested
message without values of its own takes that number as its ``count``, so that ``"{met} van
{periods}"`` with ``"{count} halfjaar"`` / ``"{count} halfjaren"`` reads "0 van 1 halfjaar"
and "0 van 2 halfjaren". Without a number, the key itself (when present) is the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeAlias

#: The language avp falls back to: for a language it does not know, or a missing message.
DEFAULT = "en"

#: The language of the programmes avp was made for; it is listed first.
FIRST = "nl"


@dataclass(frozen=True)
class Language:
    """The words of one language, from its file ``<code>.toml`` beside this module."""

    code: str
    MONTHS: tuple[str, ...]
    DECIMAL_SEPARATOR: str
    MESSAGES: dict[str, str]
    #: The template found for a key (with its variant: None, one, other), by
    #: :func:`_template`: a report asks for the same few dozen keys thousands of times.
    TEMPLATES: dict[tuple[str, bool | None], str] = field(
        default_factory=dict, compare=False, repr=False
    )


#: Where the language files are; a test adds a folder with a third one.
FOLDERS: list[Path] = [Path(__file__).resolve().parent]


def _discover() -> tuple[str, ...]:
    """The codes of the language files (``nl.toml``, ``en.toml``): ``FIRST``, then alphabetical."""
    codes = {
        found.stem
        for folder in FOLDERS
        for found in folder.glob("*.toml")
        if re.fullmatch(r"[a-z]{2}", found.stem)
    }
    return tuple(sorted(codes, key=lambda code: (code != FIRST, code)))


#: The languages avp speaks: every language file present (``nl``, ``en``, ...).
LANGUAGES: tuple[str, ...] = _discover()


@cache
def language(lang: str) -> Language:
    """The words of ``lang``; English for a language avp does not know."""
    import tomllib  # lazy: only when words are needed

    code = lang if lang in LANGUAGES else DEFAULT
    path = next(f / f"{code}.toml" for f in FOLDERS if (f / f"{code}.toml").is_file())
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Language(
        code,
        tuple(data["months"]),
        str(data["decimal_separator"]),
        {str(key): str(text) for key, text in data["messages"].items()},
    )


# --- typed values of a message ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Amount:
    """A number with its unit (``%``, ``deelnemers``; ``""`` for a bare number)."""

    value: float
    unit: str = ""


@dataclass(frozen=True, slots=True)
class PeriodRef:
    """A calendar period: its unit (week, month, ...), first day, year and key (``2022-W23``)."""

    unit: str
    start: dt.date
    year: int
    key: str


Value: TypeAlias = "str | int | float | dt.date | Amount | PeriodRef | Message | None"


@dataclass(frozen=True, slots=True)
class Message:
    """A message key with its typed values: a sentence not yet phrased in any language."""

    key: str
    values: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def of(cls, key: str, /, **values: Value) -> Message:
        return cls(key, tuple(values.items()))

    def text(self, lang: str) -> str:
        return _phrase(lang, self.key, dict(self.values))


# --- phrasing ---------------------------------------------------------------------------------


def _chosen(lang: str, key: str, count: int | None) -> str:
    """The text of ``key``, of its ``.one`` or ``.other`` variant when ``count`` is a
    number and the key has them; English if it is missing; remembered per language."""
    variant = None if count is None else count == 1
    found = language(lang).TEMPLATES
    text = found.get((key, variant))
    if text is None:
        text = found[key, variant] = _lookup(lang, key, count)
    return text


def _lookup(lang: str, key: str, count: int | None) -> str:
    for module in (language(lang), language(DEFAULT)):
        messages: dict[str, str] = module.MESSAGES
        if count is not None and f"{key}.one" in messages:
            return messages[f"{key}.one" if count == 1 else f"{key}.other"]
        if key in messages:
            return messages[key]
    raise KeyError(key)


def _count(values: dict[str, Value]) -> int | None:
    """The number that chooses between a message's ``.one`` and ``.other`` variants."""
    for name in ("count", "total"):
        found = values.get(name)
        if isinstance(found, int) and not isinstance(found, bool):
            return found
    return None


def format_value(value: Value, lang: str) -> str:
    """One value of a message as a person reads it in ``lang`` (see the module's rules)."""
    if isinstance(value, str | int):
        return str(value)
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, Amount):
        return format_number(value.value, value.unit, lang)
    if isinstance(value, PeriodRef):
        return _period_ref(value, lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return "" if value is None else str(value)


def phrase(lang: str, key: str, **values: Value) -> str:
    """The message ``key`` in ``lang``, with ``values`` formatted and filled in."""
    return _phrase(lang, key, values)


def _phrase(lang: str, key: str, values: dict[str, Value]) -> str:
    if not values:
        return _chosen(lang, key, None)
    count = _count(values)
    template = _chosen(lang, key, count)
    return template.format_map(
        {
            name: (
                _chosen(lang, value.key, count).format_map({"count": str(count)})
                if count is not None and isinstance(value, Message) and not value.values
                else format_value(value, lang)
            )
            for name, value in values.items()
        }
    )


def status_label(status: str, lang: str) -> str:
    """``op koers``, ``on track``: the label of a status key (``on_track``)."""
    return phrase(lang, f"status.{status}")


def verdict_label(verdict: str, lang: str) -> str:
    """``op schema``, ``on course``: the label of a verdict key (``on_course``)."""
    return phrase(lang, f"verdict.{verdict}")


# --- dates and numbers ------------------------------------------------------------------------


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


@lru_cache(maxsize=4096)
def _period_ref(period: PeriodRef, lang: str) -> str:
    """Remembered: the targets of a programme name the same weeks, months and years."""
    return period_label(period.unit, period.start, period.year, period.key, lang)


def period_label(unit: str, start: dt.date, year: int, key: str, lang: str) -> str:
    """A calendar period as people say it: ``week 23 van 2022``, ``juni 2022``, ``2022``."""
    if unit == "week":
        return phrase(lang, "period.week", week=start.isocalendar()[1], year=year)
    if unit == "month":
        return month_year(start, lang)
    if unit == "quarter":
        return phrase(lang, "period.quarter", quarter=(start.month - 1) // 3 + 1, year=start.year)
    if unit == "half_year":
        half = 1 if start.month <= 6 else 2
        return phrase(lang, f"period.half_year.{half}", year=start.year)
    return key
