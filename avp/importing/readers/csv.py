"""The CSV reader: a ``.csv`` export as one table.

UTF-8 with or without a byte order mark; a file that is not UTF-8 is read as Windows-1252
(what Excel in Dutch saves as "CSV") and says so in a note. The delimiter is found from the
file: ``;`` (Dutch Excel), ``,``, tab or ``|``. A cell is text as it stands: ``=SUM(A1)`` is
the text ``=SUM(A1)``, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from avp.base.problems import UsageError
from avp.importing.blocks import Block, Table
from avp.importing.readers import files

DELIMITERS = (";", ",", "\t", "|")
#: How many lines the delimiter is guessed from.
SAMPLE_LINES = 50


def read(path: Path) -> list[Block]:
    """The table of the CSV file at ``path``."""
    data = files.read_bytes(path)
    notes: list[str] = []
    text = _decode(path, data, notes)
    delimiter = sniff(text)
    try:
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UsageError(
            f"{path} cannot be read as CSV ({exc}); check its quotes, or save it again from "
            f"Excel as CSV UTF-8."
        ) from None
    rows: list[list[str]] = []
    empty: list[int] = []
    for number, row in enumerate(parsed, start=1):
        cells = [_clean(cell) for cell in row]
        if any(cells):
            rows.append(cells)
        else:
            empty.append(number)
    if not rows:
        raise UsageError(f"{path} holds no text; give the exported table with its rows.")
    if empty and len(empty) < len(parsed):
        notes.append(files.rows_dropped(path.name, empty))
    width = max(len(row) for row in rows)
    while width > 1 and not any(len(row) >= width and row[width - 1] for row in rows):
        width -= 1
    rows = [(row + [""] * width)[:width] for row in rows]
    return [Table(rows=rows, where=f"{path.name}, row 1", notes=notes)]


def sniff(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one width (> 1)."""
    sample = "\n".join(text.splitlines()[:SAMPLE_LINES])
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [
                len(row)
                for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                if row
            ]
        except csv.Error:
            continue
        counts = Counter(width for width in widths if width > 1)
        if not counts:
            continue
        width, rows = counts.most_common(1)[0]
        score = (rows, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _decode(path: Path, data: bytes, notes: list[str]) -> str:
    from avp.storage.files import sniff_encoding  # lazy

    sniffed = sniff_encoding(data)
    if sniffed is not None:
        raise UsageError(
            f"{path} is saved as {sniffed}, not UTF-8; save it as UTF-8 (in Excel: "
            "Save As, CSV UTF-8)."
        )
    if data.startswith(b"PK") or data.startswith(files.OLE_MAGIC) or b"\x00" in data[:4096]:
        raise UsageError(
            f"{path} is not a CSV text file (it looks like a Word or Excel file); give it "
            f"its own suffix (.docx, .xlsx) or save it from Excel as CSV UTF-8."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notes.append(f"{path.name}: not UTF-8; read as Windows-1252 (Excel's CSV)")
        return data.decode("cp1252", errors="replace")


def _clean(cell: str) -> str:
    text = cell.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
