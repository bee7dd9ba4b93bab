"""A table read from a file: its rows (dimension keys and labels, measure values)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from avp.base.problems import DataError


class OpenDataError(DataError):
    """A file that cannot be read as an open data table; the message says where."""


@dataclass(frozen=True)
class Member:
    """One value of a dimension: its key (``GM0614``) and label (``Westvoorne``)."""

    key: str
    label: str

    def matches(self, wanted: str) -> bool:
        """Whether ``wanted`` is this member's key or label (case and padding ignored)."""
        text = wanted.strip().casefold()
        return text in (self.key.strip().casefold(), self.label.strip().casefold())


@dataclass(frozen=True)
class Column:
    """A measure (topic) column: its key, title and unit as the table describes them."""

    key: str
    title: str = ""
    unit: str = ""

    def matches(self, wanted: str) -> bool:
        text = wanted.strip().casefold()
        return text in (self.key.casefold(), self.title.strip().casefold())

    @property
    def is_rate(self) -> bool:
        """A column that is already a rate or a share: 'per 1 000 inwoners', '%'."""
        unit = self.unit.casefold()
        return "per " in unit or "%" in unit or "procent" in unit

    @property
    def is_count(self) -> bool:
        """A column of counts, which may be summed over months."""
        return self.unit.strip().casefold() in ("", "aantal", "number", "count")


#: A cell's value: a number, or None for a suppressed or missing figure.
Cell = float | None


@dataclass(frozen=True)
class Row:
    """One record: a member of every dimension and a value (or None) per measure column."""

    members: Mapping[str, Member]
    values: Mapping[str, Cell]
    #: Where the record is: ``file.csv:4`` or ``file.json, record 3``.
    where: str
    #: The text of each suppressed or missing cell ('.', 'x', '' or null), by column key.
    symbols: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Dataset:
    """A table as read from one file (or folder, or zip)."""

    table: str
    path: Path
    rows: tuple[Row, ...]
    columns: Mapping[str, Column]
    #: Dimension keys: all, the region's and the period's.
    dimensions: tuple[str, ...]
    region: str
    period: str
    #: The day the file was downloaded: its modification date unless told otherwise.
    retrieved: dt.date
    #: The reader that read it (a key of :data:`avp.indicators.readers.READERS`).
    format: str = ""

    def column(self, wanted: str) -> Column | None:
        return next((c for c in self.columns.values() if c.matches(wanted)), None)

    def dimension(self, wanted: str) -> str | None:
        """The dimension ``wanted`` names: its key (SoortMisdrijf) or, in a StatLine CSV
        with labels, its header (Soort misdrijf); case, spaces and quotes ignored."""
        name = _plain(wanted)
        return next((d for d in self.dimensions if _plain(d) == name), None)


def _plain(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())
