"""What a table's columns mean, from their header under the names documents commonly use."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Column role -> header names (compared case- and accent-insensitively, a trailing year,
#: colon or period ignored). The first that matches a header wins.
ROLES: dict[str, tuple[str, ...]] = {
    "id": ("nr", "nr.", "nummer", "#", "no", "no.", "id", "code"),
    "goal": ("doel", "doelen", "doelstelling", "doelstellingen", "doel (wat willen we bereiken)"),
    "measure": (
        "maatregel",
        "maatregelen",
        "actie",
        "acties",
        "activiteit",
        "activiteiten",
        "interventie",
        "interventies",
        "wat gaan we doen",
        "wat gaan we daarvoor doen",
    ),
    "partners": (
        "partners",
        "partner",
        "betrokken partners",
        "samenwerkingspartners",
        "trekker",
        "trekkers",
        "wie",
        "betrokkenen",
        "uitvoerders",
    ),
    "result": (
        "resultaat",
        "resultaten",
        "beoogd resultaat",
        "beoogde resultaten",
        "prestatie",
        "prestaties",
        "effect",
        "beoogd effect",
        "wanneer tevreden",
        "wanneer zijn we tevreden",
    ),
}

YEAR = re.compile(r"\s*(?:[0-9]{4}(?:\s*[-–]\s*[0-9]{4})?)$")


def fold(text: str) -> str:
    """Lower case without accents, one space between words, ’ as '."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def header_key(header: str) -> str:
    """A header without a trailing year, colon or ``?``: ``Resultaat 2022`` -> ``resultaat``."""
    return YEAR.sub("", fold(header).rstrip(":?")).strip()


def extra_key(header: str) -> str:
    """A short key for ``extra``: lower case, letters/digits and hyphens, from the header."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(header)).strip("-")
    key = words[:40].strip("-") or "kolom"
    return key if key[0].isalpha() else f"k-{key}"[:40]


@dataclass
class Columns:
    """Column index per role; ``extra`` maps other columns to their key."""

    headers: list[str]
    roles: dict[str, int] = field(default_factory=dict)
    extra: dict[int, str] = field(default_factory=dict)

    def header(self, role: str) -> str | None:
        index = self.roles.get(role)
        return None if index is None else self.headers[index]


def recognise(headers: list[str]) -> Columns:
    """The roles of a header row's columns."""
    columns = Columns(list(headers))
    for index, header in enumerate(headers):
        key = header_key(header)
        role = next((r for r, names in ROLES.items() if key in names), None)
        if role is not None and role not in columns.roles:
            columns.roles[role] = index
        elif header.strip():
            name = extra_key(header)
            taken = set(columns.extra.values())
            while name in taken:
                name = f"{name[:37]}-{index}"
            columns.extra[index] = name
    return columns
