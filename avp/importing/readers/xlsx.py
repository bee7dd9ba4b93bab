"""The Excel reader: every visible sheet of an ``.xlsx`` as headings and tables.

A sheet is either one row per measure (a header row, then data rows: one table, perhaps
with a title or a note above or below it) or the document's layout, where a row with a
short text in its first cell only ("2.1 Jeugd", "Jeugd") is a heading and the rows between
headings are tables. A row with text in its first cell only is never a table row: outside
the document's layout it is a paragraph (a heading when it starts with a number), and so is
an unnumbered line in a sheet whose headings are numbered (a title, a remark).

Values are given as Excel shows them: whole numbers without ``.0``, percentages with ``%``,
dates as ``YYYY-MM-DD``; a formula gives its saved result, never the formula. A merged cell
gives its text once, in its top-left cell.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from avp.base.problems import UsageError
from avp.importing.blocks import Block, Heading, Paragraph, Table
from avp.importing.readers import files
from avp.importing.readers.docx import heading_number

#: A heading row has one line of at most this many characters.
HEADING_LENGTH = 150


def read(path: Path) -> list[Block]:
    """The blocks of the workbook at ``path``, sheet by sheet, in reading order."""
    data = files.read_bytes(path)
    files.check_package(path, data, kind="Excel workbook", suffix=".xlsx", member="xl/workbook.xml")
    import openpyxl  # type: ignore[import-untyped]  # lazy: only avp import needs openpyxl

    try:
        # data_only: a formula cell gives the result Excel saved with it, never '=...'.
        book = openpyxl.load_workbook(path, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise files.corrupt(path, ".xlsx", f"{type(exc).__name__}: {exc}") from None
    sheets = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    unsaved = _formulas_without_result(path, openpyxl, book)
    several = len(sheets) > 1
    blocks: list[Block] = []
    for sheet in sheets:
        found = _sheet(sheet, unsaved.get(sheet.title, []))
        if found and several:
            blocks.append(Heading(text=sheet.title, level=1, where=f"sheet {sheet.title}"))
        blocks.extend(found)
    if not blocks:
        raise UsageError(
            f"{path} has no text in any visible sheet; give the workbook with the "
            f"programme's table (one row per measure)."
        )
    return blocks


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell's value as Excel shows it, as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        if "%" in number_format:
            return f"{_number(value * 100)}%"
        return _number(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


def _grid(sheet: Any) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """The sheet's non-empty rows (with their row numbers) and the notes on reading them."""
    notes: list[str] = []
    values: dict[int, dict[int, str]] = {}
    # Only the cells the file holds (a sheet formatted to row 1,048,576 stays fast).
    for (row, column), cell in sheet._cells.items():
        text = cell_text(cell.value, cell.number_format or "General")
        if text:
            values.setdefault(row, {})[column] = text
    if not values:
        return [], notes
    width = max(max(columns) for columns in values.values())
    rows = [
        (number, [values[number].get(column, "") for column in range(1, width + 1)])
        for number in sorted(values)
    ]
    first, last = rows[0][0], rows[-1][0]
    empty = [n for n in range(first, last + 1) if n not in values]
    if empty:
        notes.append(files.rows_dropped(f"sheet {sheet.title}", empty))
    down = [str(r) for r in sheet.merged_cells.ranges if r.max_row > r.min_row]
    if down:
        notes.append(
            f"sheet {sheet.title}: cells merged down give their text in the first row only "
            f"({', '.join(sorted(down))})"
        )
    return rows, notes


def _lone(row: list[str]) -> bool:
    """Words in the first cell only, in a sheet wider than one column: not a table row (a
    number alone, "1.1", is a row whose other cells are empty)."""
    return len(row) > 1 and any(c.isalpha() for c in row[0]) and not any(row[1:])


def _heading_like(row: list[str]) -> bool:
    """A lone short line that is not a sentence ("Bron: ...", "Doel: ... .")."""
    text = row[0]
    return (
        _lone(row)
        and "\n" not in text
        and len(text) <= HEADING_LENGTH
        and ":" not in text
        and not text.endswith((".", "!", "?"))
    )


def _document_layout(rows: list[tuple[int, list[str]]]) -> bool:
    """Whether a heading row lies between table rows (the document's layout), rather than
    only above or below one table (one row per measure, with a title or a note)."""
    places = [i for i, (_, row) in enumerate(rows) if not _lone(row)]
    return bool(places) and any(_heading_like(row) for _, row in rows[places[0] : places[-1] + 1])


def _formulas_without_result(path: Path, openpyxl: Any, values: Any) -> dict[str, list[str]]:
    """Per sheet, the cells with a formula but no saved result (a workbook written by a
    program that does not calculate): they read as empty, and the review says so."""
    try:
        book = openpyxl.load_workbook(path, data_only=False, keep_links=False)
    except Exception:  # read once already; a second failure changes nothing
        return {}
    found: dict[str, list[str]] = {}
    for sheet in book.worksheets:
        shown = values[sheet.title]
        for (row, column), cell in sheet._cells.items():
            saved = shown._cells.get((row, column))
            if cell.data_type == "f" and (saved is None or saved.value is None):
                found.setdefault(sheet.title, []).append(cell.coordinate)
    return found


def _sheet(sheet: Any, unsaved: list[str]) -> list[Block]:
    rows, notes = _grid(sheet)
    if unsaved:
        notes.append(
            f"sheet {sheet.title}: formulas without a saved result read as empty "
            f"({', '.join(unsaved)}); open the workbook in Excel, save it and import again"
        )
    blocks: list[Block] = []
    header: list[str] | None = None
    part: list[list[str]] = []
    start = 0

    def flush() -> None:
        nonlocal header, part
        if not part:
            return
        extra: list[str] = []
        if header is None:
            header = part[0]
        elif part[0] != header and _looks_like_header(header):
            part = [header, *part]
            extra.append(f"sheet {sheet.title}: the header row repeated above row {start}")
        blocks.append(
            Table(
                rows=part,
                where=f"sheet {sheet.title}, row {start}",
                notes=(notes if not any(isinstance(b, Table) for b in blocks) else []) + extra,
            )
        )
        part = []

    document = _document_layout(rows)
    # When the sheet numbers its headings, an unnumbered line is a title or a remark.
    numbered = any(_heading_like(row) and heading_number(row[0])[0] for _, row in rows)
    for number, row in rows:
        where = f"sheet {sheet.title}, row {number}"
        if _lone(row):
            flush()
            found, text = heading_number(row[0])
            if _heading_like(row) and (found or (document and not numbered)):
                level = found.count(".") + 1 if found else 1
                blocks.append(Heading(text=text, level=level, number=found, where=where))
            else:
                blocks.append(Paragraph(text=row[0], where=where))
            continue
        if not part:
            start = number
        part.append(row)
    flush()
    return blocks


def _looks_like_header(row: list[str]) -> bool:
    """Short labels, none a number: a row a table repeats on each page."""
    filled = [cell for cell in row if cell]
    return len(filled) >= 2 and all(
        len(cell) <= 40 and not cell[:1].isdigit() and "\n" not in cell for cell in filled
    )
