"""Records as an Excel workbook (``--format xlsx``), written with openpyxl.

One sheet per table: a bold header row that stays in view (frozen) with a filter, columns
as wide as their text (up to a limit, longer text wraps), statuses and verdicts coloured
as the HTML report colours them. The data stays data: numbers are numbers, dates (a
``date`` or text ``YYYY-MM-DD``) are dates, booleans are booleans, and text is always text:
a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is stored as a string, never as a
formula (openpyxl would store ``=1+1`` as one). Imported only by this format (openpyxl
takes ~100 ms to import).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

from avp.i18n import LANGUAGES
from avp.programme.status import Status
from avp.render.style import status_hex, verdict_hex
from avp.targets.verdicts import Verdict


class Column(Protocol):
    """What a sheet needs of a column (:class:`avp.render.output.Column`, which imports
    this module: not the other way round)."""

    @property
    def key(self) -> str: ...

    @property
    def header(self) -> str: ...


#: A sheet: its title, its rows and their columns.
Sheet = tuple[str, Sequence[dict[str, Any]], Sequence[Column]]

# What avp.render.output.clean removes (a test keeps the two equal): C0 controls but newline
# and tab, DEL, C1 controls, bidi overrides. XML cannot hold most of them at all.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    return _UNSAFE.sub("", text).replace("\t", " ")


#: The columns whose cells get a status's colour, and those that get a verdict's. A
#: ``*_label`` column takes the colour of its key column's value in the same row.
STATUS_KEYS = ("status", "status_label")
VERDICT_KEYS = ("verdict", "verdict_label")

#: Column widths (in characters): at least, at most (longer text wraps within the cell).
MIN_WIDTH, MAX_WIDTH = 6, 60

#: Excel's limit of characters in a cell.
CELL_LIMIT = 32_767

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHEET_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\]")

HEADER_FILL = "DDDDDD"


@cache
def _colours() -> dict[str, dict[str, str]]:
    """Hex colours (without #) by the text of a status or verdict: its key or its label in
    any language avp speaks."""
    statuses: dict[str, str] = {}
    for status in Status:
        hexed = status_hex(status).lstrip("#").upper()
        statuses[status.value] = hexed
        statuses.update({status.label(lang): hexed for lang in LANGUAGES})
    verdicts: dict[str, str] = {}
    for verdict in Verdict:
        hexed = verdict_hex(verdict).lstrip("#").upper()
        verdicts[verdict.value] = hexed
        verdicts.update({verdict.label(lang): hexed for lang in LANGUAGES})
    return {"status": statuses, "verdict": verdicts}


def _colour(record: dict[str, Any], key: str) -> str | None:
    """The fill of the cell ``key`` of ``record``: its status's or verdict's colour."""
    kind = "status" if key in STATUS_KEYS else "verdict" if key in VERDICT_KEYS else None
    if kind is None:
        return None
    value = record.get(key)
    colours = _colours()[kind]
    if isinstance(value, str) and value in colours:
        return colours[value]
    base = record.get(kind)  # a label column: the key beside it
    return colours.get(base) if isinstance(base, str) else None


def cell_value(value: Any) -> Any:
    """What a cell holds: numbers, booleans and dates as they are, text cleaned of control
    characters (a list: one item a line)."""
    if value is None or isinstance(value, bool | int | float | dt.datetime | dt.date):
        return value
    if isinstance(value, list | tuple):
        text = "\n".join(" — ".join(clean(str(v)).splitlines()) for v in value)
    else:
        text = clean(str(value))
        if _ISO_DATE.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass  # not a real day (2022-02-30): text
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    return text


def sheet_title(title: str, taken: Sequence[str] = ()) -> str:
    """A valid, unique sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    base = _SHEET_TITLE_UNSAFE.sub(" ", clean(title)).strip().strip("'")[:31] or "avp"
    name, number = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    return name


def _width(value: Any) -> int:
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:g}")
    if value is None:
        return 0
    return max((len(line) for line in str(value).splitlines()), default=0)


def fill_sheet(sheet: Any, records: Sequence[dict[str, Any]], columns: Sequence[Column]) -> None:
    """Write the header and the rows of ``records`` into ``sheet``."""
    from openpyxl.styles import (  # type: ignore[import-untyped]  # lazy
        Alignment,
        Font,
        PatternFill,
    )
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # lazy

    bold = Font(bold=True)
    header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    widths = [len(c.header) for c in columns]
    for j, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=j, value=cell_value(column.header))
        cell.data_type = "s"
        cell.font = bold
        cell.fill = header_fill
    fills: dict[str, Any] = {}
    for i, record in enumerate(records, start=2):
        for j, column in enumerate(columns, start=1):
            value = cell_value(record.get(column.key))
            cell = sheet.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula (openpyxl makes "=..." one)
                cell.alignment = wrap if ("\n" in value or len(value) > MAX_WIDTH) else top
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
                cell.alignment = top
            else:
                cell.alignment = top
            if (colour := _colour(record, column.key)) is not None:
                if colour not in fills:
                    fills[colour] = PatternFill("solid", start_color=colour, end_color=colour)
                cell.fill = fills[colour]
                cell.font = Font(bold=True, color="FFFFFF")
            widths[j - 1] = max(widths[j - 1], _width(value))
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = (
            max(MIN_WIDTH, min(width, MAX_WIDTH)) + 2
        )
    sheet.freeze_panes = "A2"
    if columns:
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A1:{last}{max(1, len(records) + 1)}"


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The workbook of ``sheets`` as the bytes of an .xlsx file."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # lazy

    book = Workbook()
    default = book.active
    taken: list[str] = []
    for title, records, columns in sheets:
        name = sheet_title(title, taken)
        taken.append(name)
        fill_sheet(book.create_sheet(name), records, columns)
    if default is not None and sheets:
        book.remove(default)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
