"""Reading text extracted from a PDF: tab-separated table rows between headings and text.

The extraction (``pdftotext``-like, one line per table row, cells separated by tabs) leaves
artefacts this reader repairs, and records in :attr:`Table.notes`:

* the header row (``Doel\\tMaatregel\\tPartners\\tResultaat 2022``) repeated on each page:
  kept once;
* a row split at a page break: its rest is a later line whose first non-empty cell starts
  in lower case; each non-empty cell of it is joined (with one space) to the same column
  of the row above;
* cells holding ``<p>...</p>`` paragraphs: the tags are removed and the paragraphs are
  separated by a blank line; any other stray tag (``<br>``) is removed.

Headings: ``Veiligheidsveld 2 Bedrijvigheid en veiligheid`` (a keyword and a number) is a
level-1 heading with number ``"2"``; ``2.3 Name`` a heading of level 2 with number
``"2.3"``; a short line alone just above a table (``Sociale kwaliteit``, trailing tabs
allowed) a level-2 heading without number. Table-of-contents lines (``Name.....\\t5``) and
every other line are paragraphs.
"""

from __future__ import annotations

import re
from pathlib import Path

from avp.importing.blocks import Block, Heading, Paragraph, Table

KEYWORD_HEADING = re.compile(
    r"^(?:Veiligheidsveld|Hoofdstuk|Veld|Domein|Pijler|Programmalijn)\s+"
    r"(?P<number>[0-9]+|[A-Z])[:.]?\s+(?P<text>\S.*)$",
    re.IGNORECASE,
)
NUMBERED_HEADING = re.compile(r"^(?P<number>[0-9]+(?:\.[0-9]+)+)\.?\s+(?P<text>\S.*)$")
CONTENTS_LINE = re.compile(r"^.+?\.{3,}\s*\t\s*[0-9]+\s*$")
PARAGRAPHS = re.compile(r"<p>(.*?)</p>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"</?(?:p|br|b|i|u|em|strong|span)\b[^>]*/?>", re.IGNORECASE)
MAX_HEADING = 100


def read(path: Path) -> list[Block]:
    """The blocks of a UTF-8 text file (a BOM is allowed)."""
    from avp.storage.files import read_text  # lazy

    return read_text_blocks(read_text(path))


def read_text_blocks(text: str) -> list[Block]:
    """The blocks of the text of a file."""
    return _Reader(text.splitlines()).blocks()


def repair_cell(cell: str) -> tuple[str, bool]:
    """A cell without markup; True when markup was removed."""
    paragraphs = PARAGRAPHS.findall(cell)
    if paragraphs and not PARAGRAPHS.sub("", cell).strip():
        text = "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
        return text, True
    cleaned = TAG.sub(" ", cell)
    if cleaned != cell:
        return " ".join(cleaned.split()), True
    return cell, False


def _cells(line: str) -> list[str]:
    return [" ".join(cell.split()) for cell in line.split("\t")]


def _is_row(line: str, in_table: bool = False) -> bool:
    """A table row: cells separated by tabs (trailing empty cells alone do not make one,
    except for the rest of a row in a table: a lower-case first cell)."""
    if CONTENTS_LINE.match(line.strip()):
        return False
    stripped = line.strip()
    return "\t" in line.rstrip("\t ") or (in_table and "\t" in line and stripped[:1].islower())


def _same(a: list[str], b: list[str]) -> bool:
    return [c.casefold() for c in a if c] == [c.casefold() for c in b if c]


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.out: list[Block] = []
        self.rows: list[list[str]] = []
        self.notes: list[str] = []
        self.start = 0

    def blocks(self) -> list[Block]:
        for index, line in enumerate(self.lines):
            if not line.strip():
                continue
            if _is_row(line, bool(self.rows)):
                self._row(index, _cells(line))
            else:
                self._close()
                self._text(index, " ".join(line.split()))
        self._close()
        return self.out

    def _close(self) -> None:
        if self.rows:
            where = f"line {self.start + 1}"
            rows = []
            for number, row in enumerate(self.rows, start=1):
                repaired = []
                for cell in row:
                    text, changed = repair_cell(cell)
                    if changed:
                        self.notes.append(f"{where}, row {number}: markup removed from a cell")
                    repaired.append(text)
                rows.append(repaired)
            self.out.append(Table(rows, where, self.notes))
        self.rows, self.notes = [], []

    def _row(self, index: int, cells: list[str]) -> None:
        if not self.rows:
            self.start = index
            self.rows.append(cells)
            return
        if _same(cells, self.rows[0]):
            self.notes.append(f"line {index + 1}: the repeated header row was dropped")
            return
        first = next((cell for cell in cells if cell), "")
        if len(self.rows) > 1 and first[:1].islower():
            previous = self.rows[-1]
            previous.extend([""] * (len(cells) - len(previous)))
            for column, cell in enumerate(cells):
                if cell:
                    previous[column] = f"{previous[column]} {cell}".strip()
            self.notes.append(
                f"line {index + 1}: continues the row above (split at a page break); merged"
            )
            return
        self.rows.append(cells)

    def _text(self, index: int, text: str) -> None:
        where = f"line {index + 1}"
        if CONTENTS_LINE.match(self.lines[index].strip()):
            self.out.append(Paragraph(text, where))
            return
        match = KEYWORD_HEADING.match(text)
        if match is not None and len(text) <= MAX_HEADING:
            self.out.append(Heading(match["text"], 1, match["number"], where))
            return
        match = NUMBERED_HEADING.match(text)
        if match is not None and len(text) <= MAX_HEADING and not text.endswith((".", ";")):
            level = match["number"].count(".") + 1
            self.out.append(Heading(match["text"], level, match["number"], where))
            return
        if self._before_table(index) and self._heading_like(text):
            self.out.append(Heading(text, 2, None, where))
            return
        self.out.append(Paragraph(text, where))

    def _before_table(self, index: int) -> bool:
        for line in self.lines[index + 1 :]:
            if line.strip():
                return _is_row(line)
        return False

    @staticmethod
    def _heading_like(text: str) -> bool:
        return (
            len(text) <= MAX_HEADING
            and not text.endswith((".", ":", ";", ","))
            and not re.match(r"^\w+\s*:", text)
        )
