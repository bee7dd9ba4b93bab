"""What every reader of an adopted document gives: the document as a sequence of blocks.

A reader (``avp.importing.readers.<format>``) turns a file into blocks in reading order;
:mod:`avp.importing.build` turns blocks into a programme. Readers keep cell text as the
source has it (only decoding and the artefacts of the format repaired: a page-break row
that continues the previous cell is merged, stray markup like ``<p>`` removed); they never
guess what a heading or a column means.

``where`` says where a block comes from, for messages and the review: ``"line 112"``,
``"table 3, row 4"``, ``"sheet Acties, row 7"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading: ``level`` 1 for a chapter/field, 2 for a section/theme, ... as the source
    marks it (a Word heading style, a numbered line); ``number`` the source's own number
    when it has one (``"2.1"``), else ``None``."""

    text: str
    level: int
    number: str | None = None
    where: str = ""


@dataclass(frozen=True)
class Paragraph:
    """Running text between headings and tables (e.g. ``Doel: ...``)."""

    text: str
    where: str = ""


@dataclass(frozen=True)
class Table:
    """A table: its rows of cell texts, the header row first when the source has one.

    ``notes`` are what the reader repaired (merged continuation rows, removed markup,
    a repeated header dropped), for the review.
    """

    rows: list[list[str]]
    where: str = ""
    notes: list[str] = field(default_factory=list)


Block = Heading | Paragraph | Table
