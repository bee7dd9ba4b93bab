"""A table with one row per measure and columns naming its field and theme, as headings.

A spreadsheet often holds the whole programme in one table: ``Thema | Onderwerp | Actie |
Trekker | Beoogd resultaat``. :func:`ungroup` turns such a table into the blocks a document
would have: a level-1 heading when the field column changes, a level-2 heading when the
theme column changes, and the rows under them without those two columns. With only one
such column, its values are level-1 headings (the builder then gives each field one theme
of the same name). ``Thema`` names the field when an ``Onderwerp`` (or another theme)
column is there too, else the theme.
"""

from __future__ import annotations

import re

from avp.importing.blocks import Block, Heading, Table
from avp.importing.columns import header_key

FIELD_HEADERS = ("veiligheidsveld", "veiligheidsvelden", "veld", "hoofdthema", "domein")
THEME_HEADERS = ("onderwerp", "subthema", "speerpunt", "thema", "prioriteit")
NUMBERED = re.compile(r"^(?P<number>[0-9]{1,3}(?:\.[0-9]{1,3})*)\.?\s+(?P<text>\S.*)$")


def group_columns(header: list[str]) -> tuple[int | None, int | None]:
    """The index of the field column and of the theme column in a header row (or None)."""
    keys = [header_key(h) for h in header]
    field = next((i for i, k in enumerate(keys) if k in FIELD_HEADERS), None)
    themes = [i for i, k in enumerate(keys) if k in THEME_HEADERS]
    if field is None and "thema" in keys and len(themes) >= 2:
        field = keys.index("thema")
        themes = [i for i in themes if i != field]
    return field, (themes[0] if themes else None)


def _heading(text: str, level: int, where: str) -> Heading:
    match = NUMBERED.match(text.strip())
    if match:
        return Heading(match["text"], level, match["number"], where)
    return Heading(text.strip(), level, None, where)


def ungroup(blocks: list[Block]) -> list[Block]:
    """The blocks with every grouped table split under headings (others unchanged)."""
    out: list[Block] = []
    for block in blocks:
        out += _split(block) if isinstance(block, Table) and len(block.rows) >= 2 else [block]
    return out


def _split(table: Table) -> list[Block]:
    field, theme = group_columns(table.rows[0])
    if field is None and theme is None:
        return [table]
    levels = [(field, 1), (theme, 2 if field is not None else 1)]
    dropped = {i for i, _ in levels if i is not None}
    header = [h for i, h in enumerate(table.rows[0]) if i not in dropped]
    out: list[Block] = []
    current: list[str | None] = [None, None]
    rows: list[list[str]] = []
    for number, row in enumerate(table.rows[1:], start=2):
        for slot, (index, level) in enumerate(levels):
            if index is None or index >= len(row) or not row[index].strip():
                continue  # an empty cell continues the group above
            if row[index].strip() != current[slot]:
                if rows:
                    out.append(Table([header, *rows], table.where, list(table.notes)))
                    rows = []
                current[slot] = row[index].strip()
                if slot == 0:
                    current[1] = None  # a new field starts its themes anew
                out.append(_heading(row[index], level, f"{table.where}, row {number}"))
        rows.append([cell for i, cell in enumerate(row) if i not in dropped])
    if rows:
        out.append(Table([header, *rows], table.where, list(table.notes)))
    return out
