"""The Word reader: a ``.docx`` as headings, paragraphs and tables in reading order.

Headings are the paragraphs with a Word heading style (``Heading 2``, ``Kop 2``, or a style
based on one) or an outline level; a number in front of the text ("2.1 Jeugd") becomes the
heading's ``number``, and so does Word's own numbering of heading styles, counted per level.
Tables keep their rows in document order: a cell spanning columns gives its text once and
empty cells after it, a cell merged down gives its text in the first row only (and a note),
so that no text is doubled. Line breaks and paragraphs inside a cell become ``\\n``.
Deleted tracked changes, field codes, the fallback copies of text boxes and the table of
contents are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avp.base.problems import UsageError
from avp.importing.blocks import Block, Heading, Paragraph, Table
from avp.importing.readers import files

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

#: "Heading 2", "heading 2", "Kop 2", "Kop2": the built-in heading styles in English and Dutch.
_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*([1-9])$", re.IGNORECASE)
#: The table of contents: its entries ("TOC 2", Dutch "Inhopg 2") and its title.
_CONTENTS_STYLE = re.compile(
    r"^(?:toc|inhopg|inhoudsopgave)\s*[1-9]$|^toc heading$|^kop van inhoudsopgave$",
    re.IGNORECASE,
)
#: A number in front of a heading: "2", "2.1", "2.1.3", with or without a dot after it.
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s+(\S.*)$", re.DOTALL)
#: Elements whose text is not shown: deleted or moved-away revisions, fallback copies.
_SKIPPED = {f"{W}del", f"{W}moveFrom", f"{MC}Fallback", f"{W}instrText", f"{W}delText"}


def read(path: Path) -> list[Block]:
    """The blocks of the Word document at ``path``, in reading order."""
    data = files.read_bytes(path)
    files.check_package(
        path, data, kind="Word document", suffix=".docx", member="word/document.xml"
    )
    import docx  # lazy: python-docx is only needed by avp import

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise files.corrupt(path, ".docx", f"{type(exc).__name__}: {exc}") from None
    blocks = _Reader(_Styles(document)).body(document.element.body)
    if not blocks:
        raise UsageError(
            f"{path} has no text (headers, footers and the table of contents are not read); "
            f"give the adopted document with its tables."
        )
    return blocks


def heading_number(text: str) -> tuple[str | None, str]:
    """``("2.1", "Jeugd")`` for "2.1 Jeugd", ``(None, text)`` for a heading without one."""
    match = _NUMBERED.match(text)
    if match is None:
        return None, text
    return match.group(1), match.group(2).strip()


def text_of(element: Any) -> str:
    """The visible text of a paragraph or cell: tabs as ``\\t``, line breaks as ``\\n``."""
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{W}p":
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            _collect(child, parts)
            parts.append("\n")
        else:
            _collect(child, parts)


def _clean(text: str) -> str:
    """Lines stripped at their ends, empty lines and ends dropped, no-break spaces as spaces."""
    text = text.replace("\u00a0", " ").replace("\t", " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _Styles:
    """The heading level and numbering of each paragraph style."""

    def __init__(self, document: Any) -> None:
        self.by_id: dict[str, Any] = {}
        for style in document.styles:
            if style.style_id:
                self.by_id[style.style_id] = style

    def chain(self, style_id: str | None) -> list[Any]:
        seen: list[Any] = []
        style = self.by_id.get(style_id or "")
        while style is not None and style not in seen and len(seen) < 20:
            seen.append(style)
            style = style.base_style
        return seen

    def level(self, paragraph: Any, style_id: str | None) -> int | None:
        outline = _outline(paragraph.find(f"{W}pPr"))
        if outline is not None:
            return outline
        for style in self.chain(style_id):
            for name in (style.name or "", style.style_id or ""):
                match = _HEADING_STYLE.match(name.strip())
                if match:
                    return int(match.group(1))
            outline = _outline(style.element.find(f"{W}pPr"))
            if outline is not None:
                return outline
        return None

    def contents(self, style_id: str | None) -> bool:
        """Whether the style is one of the table of contents (its entries repeat the
        headings with page numbers)."""
        return any(
            _CONTENTS_STYLE.match(name.strip())
            for style in self.chain(style_id)
            for name in (style.name or "", style.style_id or "")
        )

    def numbered(self, paragraph: Any, style_id: str | None) -> bool:
        found = _num_id(paragraph.find(f"{W}pPr"))
        if found is None:
            for style in self.chain(style_id):
                found = _num_id(style.element.find(f"{W}pPr"))
                if found is not None:
                    break
        return found not in (None, "0")


def _is_contents(sdt: Any) -> bool:
    """A content control that holds Word's table of contents."""
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and gallery.get(f"{W}val", "") == "Table of Contents"


def _outline(ppr: Any) -> int | None:
    element = None if ppr is None else ppr.find(f"{W}outlineLvl")
    if element is None:
        return None
    value = element.get(f"{W}val", "")
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


def _num_id(ppr: Any) -> str | None:
    element = None if ppr is None else ppr.find(f"{W}numPr/{W}numId")
    return None if element is None else element.get(f"{W}val")


@dataclass
class _Reader:
    styles: _Styles
    blocks: list[Block] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0
    counters: list[int] = field(default_factory=lambda: [0] * 10)

    def body(self, body: Any) -> list[Block]:
        self._children(body)
        return self.blocks

    def _children(self, parent: Any) -> None:
        for child in parent:
            if child.tag == f"{W}p":
                self._paragraph(child)
            elif child.tag == f"{W}tbl":
                self._table(child)
            elif child.tag == f"{W}sdt" and _is_contents(child):
                continue
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                self._children(child)

    def _paragraph(self, p: Any) -> None:
        self.paragraphs += 1
        where = f"paragraph {self.paragraphs}"
        text = _clean(text_of(p))
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = None if style is None else style.get(f"{W}val")
        if self.styles.contents(style_id):
            return
        level = self.styles.level(p, style_id)
        if level is None:
            if text:
                self.blocks.append(Paragraph(text=text, where=where))
            return
        auto = self._count(level) if self.styles.numbered(p, style_id) else None
        if not text:
            return
        number, title = heading_number(" ".join(text.split("\n")))
        self.blocks.append(Heading(text=title, level=level, number=number or auto, where=where))

    def _count(self, level: int) -> str:
        self.counters[level] += 1
        for deeper in range(level + 1, len(self.counters)):
            self.counters[deeper] = 0
        return ".".join(str(max(n, 1)) for n in self.counters[1 : level + 1])

    def _table(self, tbl: Any) -> None:
        self.tables += 1
        where = f"table {self.tables}"
        rows: list[list[str]] = []
        notes: list[str] = []
        merged: list[str] = []
        empty: list[int] = []
        for number, tr in enumerate(_inside(tbl, f"{W}tr"), start=1):
            row = self._row(tr, number, merged)
            if any(row):
                rows.append(row)
            else:
                empty.append(number)
        if empty:
            notes.append(files.rows_dropped(where, empty))
        if merged:
            notes.append(
                f"{where}: cells merged down give their text in the first row only "
                f"({'; '.join(merged)})"
            )
        width = max((len(row) for row in rows), default=0)
        rows = [row + [""] * (width - len(row)) for row in rows]
        if rows:
            self.blocks.append(Table(rows=rows, where=where, notes=notes))

    def _row(self, tr: Any, number: int, merged: list[str]) -> list[str]:
        # Grid columns the row skips before its first cell keep the columns in place.
        row: list[str] = [""] * _count_of(tr.find(f"{W}trPr/{W}gridBefore"), 0)
        for tc in _inside(tr, f"{W}tc"):
            tcpr = tc.find(f"{W}tcPr")
            width = _count_of(None if tcpr is None else tcpr.find(f"{W}gridSpan"), 1)
            vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue"
            text = "" if continued else _clean(text_of(tc))
            if continued:
                merged.append(f"row {number}, column {len(row) + 1}")
            row.append(text)
            row.extend([""] * (width - 1))
        return row


def _count_of(element: Any, default: int) -> int:
    """A ``w:val`` count (a span, columns skipped), within reason; ``default`` without one."""
    value = "" if element is None else element.get(f"{W}val", "")
    return min(int(value), 64) if value.isdigit() else default


def _inside(parent: Any, tag: str) -> list[Any]:
    """The ``tag`` children of ``parent`` (rows of a table, cells of a row), also those
    wrapped in content controls, but not those of a table nested in a cell."""
    found: list[Any] = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            found.extend(_inside(child, tag))
    return found
