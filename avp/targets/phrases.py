"""Dutch phrases of norms as patterns: numbers (digits, decimal commas, words), periods, dates.

Used by :mod:`avp.targets.suggest`. Every pattern works on :func:`folded` text: lower case
without accents, of the same length as the original, so that a match's span is also the
span of the original words ("Eén keer per week" and "een keer per week" match alike).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from avp.targets.models import PeriodUnit


def folded(text: str) -> str:
    """``text`` in lower case without accents, character for character (same length)."""
    out = []
    for char in text:
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char.lower()) if not unicodedata.combining(c)
        )
        out.append(plain if len(plain) == 1 else char.lower()[:1] or char)
    return "".join(out)


#: Numbers written as words, as Dutch programmes write counts.
NUMBER_WORDS: dict[str, int] = {
    "een": 1,
    "eenmaal": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "vijftien": 15,
    "twintig": 20,
    "vijftig": 50,
    "honderd": 100,
}

_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

#: A number: digits with an optional decimal comma (or point), thousands with points.
DECIMAL = r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?:[,.]\d+)?"

#: A number in digits (with a decimal comma) or words: "9,2", "tien".
NUMBER = rf"(?:{DECIMAL}|\b(?:{_WORDS})\b)"

#: A whole number in digits or words.
COUNT = rf"(?:\d+|{_WORDS})\b"


def number(text: str) -> float:
    """``9,2`` → 9.2, ``10.000`` → 10000, ``tien`` → 10."""
    text = text.strip()
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))


def count(text: str) -> int:
    return int(number(text))


#: Period nouns after "per", "elk", "eens per": the unit they name.
_PERIOD_NOUNS: tuple[tuple[str, PeriodUnit], ...] = (
    (r"(?:twee|2) jaar", "two_years"),
    (r"half ?jaar|halve jaar|halfjaar", "half_year"),
    (r"kwartaal", "quarter"),
    (r"maand", "month"),
    (r"weekend|week", "week"),
    (r"jaar", "year"),
)

PERIOD_NOUN = "|".join(f"(?:{p})" for p, _ in _PERIOD_NOUNS)


def period_unit(noun: str) -> PeriodUnit:
    """The unit a period noun names: ``half jaar`` → ``half_year``."""
    for pattern, unit in _PERIOD_NOUNS:
        if re.fullmatch(pattern, noun.strip()):
            return unit
    raise ValueError(f"not a period: {noun!r}")


#: Adverbs that state one activity per period.
ADVERBS: dict[str, PeriodUnit] = {
    "wekelijks": "week",
    "maandelijks": "month",
    "driemaandelijks": "quarter",
    "kwartaallijks": "quarter",
    "halfjaarlijks": "half_year",
    "tweejaarlijks": "two_years",
    "jaarlijks": "year",
}

_QUALIFIER = r"(?:(?:minimaal|minstens|ten minste|tenminste|zeker|ruim|circa|ongeveer)\s+)"
_EVERY = r"(?:per|in het|in de|elk|elke|ieder|iedere)"

#: Frequency phrases, most specific first: (pattern, how the count is read).
#: Groups: ``n`` the count (absent: one or several), ``p`` the period noun.
FREQUENCY_PATTERNS: tuple[tuple[str, int | None], ...] = (
    # "twee keer per jaar", "minimaal 4 keer per jaar", "één maal per maand", "tweemaal
    # per jaar", "2x per jaar"
    (
        rf"{_QUALIFIER}?\b(?P<n>\d+|{_WORDS})\s*(?:keer|maal|x)\s+{_EVERY}\s+(?P<p>{PERIOD_NOUN})\b",
        None,
    ),
    # "eens per twee jaar", "eenmaal per jaar", "eens in de maand"
    (rf"{_QUALIFIER}?(?:eens|eenmaal)\s+{_EVERY}\s+(?P<p>{PERIOD_NOUN})\b", 1),
    # "om de twee jaar", "om het jaar" (every other year)
    (r"\bom de (?P<p>(?:twee|2) jaar|week|maand)\b", 1),
    (r"\bom het jaar\b(?P<p>)", 1),
    # "meerdere keren per jaar", "meermaals per jaar": at least two
    (
        rf"\b(?:meerdere|enkele|verschillende) (?:keren|malen)\s+{_EVERY}\s+(?P<p>{PERIOD_NOUN})\b",
        2,
    ),
    (rf"\b(?:meermaals|meermalen)\s+{_EVERY}\s+(?P<p>{PERIOD_NOUN})\b", 2),
    # "minimaal één bestuurlijke oefening per jaar", "drie controles per maand"
    (
        rf"{_QUALIFIER}(?P<n>{COUNT})\s+(?:[\w'-]+\s+){{1,3}}?per\s+(?P<p>{PERIOD_NOUN})\b",
        None,
    ),
    (
        rf"\b(?P<n>(?!een\b){COUNT})\s+(?:[\w'-]+\s+){{1,3}}?per\s+(?P<p>{PERIOD_NOUN})\b",
        None,
    ),
    # "elk half jaar", "ieder weekend", "elke maand", "per kwartaal"
    (rf"\b(?:elk|elke|ieder|iedere)\s+(?P<p>{PERIOD_NOUN})\b", 1),
    (r"\bper (?P<p>kwartaal|maand|week)\b", 1),
    # "wekelijks", "jaarlijks"
    (rf"\b(?P<a>{'|'.join(ADVERBS)})\b(?P<p>)", 1),
)

#: Words that quantify a whole population: "alle opkopers", "elke horecaonderneming".
QUANTIFIER = r"\b(?:alle|elke|elk|iedere|ieder)\s+"

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

_MONTH = "|".join(MONTHS)
_YEAR = r"(?P<y>(?:19|20|21)\d\d)\b"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


#: Date phrases and how they give a day; ``w`` is the word before (in, voor, eind, ...).
_DATE = re.compile(
    rf"\b(?P<w>in|voor|vóór|uiterlijk|eind|einde|ultimo|medio|per|op|na)?\s*"
    rf"(?:(?:het |de )?(?P<q>eerste|tweede|derde|vierde) (?P<qk>kwartaal|helft) (?:van )?"
    rf"|(?P<d>\d{{1,2}} )?(?P<m>{_MONTH}) |(?:het jaar ))?{_YEAR}"
)


def dates(text: str) -> list[tuple[dt.date, str, int, int]]:
    """Every date phrase in folded ``text``: (the day it means, its leading word, span)."""
    found = []
    for match in _DATE.finditer(text):
        year = int(match["y"])
        word = match["w"] or ""
        if match["m"]:
            month = MONTHS.index(match["m"]) + 1
            if match["d"]:
                try:
                    day = dt.date(year, month, int(match["d"]))
                except ValueError:
                    continue
                if word in ("voor", "vóór"):
                    day -= dt.timedelta(days=1)
            elif word in ("voor", "vóór"):
                day = dt.date(year, month, 1) - dt.timedelta(days=1)
            else:
                day = _month_end(year, month)
        elif match["q"]:
            index = ("eerste", "tweede", "derde", "vierde").index(match["q"]) + 1
            months = 3 if match["qk"] == "kwartaal" else 6
            if months * index > 12:
                continue
            day = _month_end(year, months * index)
        elif word == "medio":
            day = dt.date(year, 6, 30)
        elif word in ("voor", "vóór"):
            day = dt.date(year - 1, 12, 31)
        else:
            day = dt.date(year, 12, 31)
        found.append((day, word, match.start(), match.end()))
    return found
