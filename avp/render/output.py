"""Output formats shared by every command that prints data: table, json, csv, markdown.

A command builds *records* (dicts of plain values: str, int, None, lists of str) and a list
of :class:`Column`; :func:`emit` renders them. Text from the data is always text: it never
reaches rich as markup, control and bidi characters are stripped before a terminal sees
them, CSV cells cannot start a formula, and markdown cells cannot carry HTML or links.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from avp.render.formats import OutputFormat

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    table: bool = True  # shown in the table and markdown formats (csv and json show all)
    ratio: int | None = None
    min_width: int | None = None
    max_width: int | None = None
    no_wrap: bool = False
    style: Callable[[Any], str] | None = None  # rich style for a table cell, from its value
    # At a width too narrow for every column (see fit_columns): the columns with the highest
    # ``narrow`` go first (0: never); one with ``fold_into`` (a key) becomes a line of
    # that column's cell ("Partners: gemeente, politie"), one without is left out (what it
    # says is in another column, as the theme's name is in the measure's id).
    narrow: int = 0
    fold_into: str | None = None


# C0 controls except newline and tab, DEL, C1 controls, and the bidi embedding/override/
# isolate characters that can make a terminal show text in another order than it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def clean(text: str) -> str:
    """``text`` without the characters that could act on a terminal."""
    return _UNSAFE.sub("", text).replace("\t", " ")


def flat(value: Any, sep: str = ", ") -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return sep.join(flat(v, sep) for v in value)
    return str(value)


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a quote."""
    text = flat(value, ";")
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def to_csv(records: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.key for c in columns])
    for record in records:
        writer.writerow([csv_cell(record.get(c.key)) for c in columns])
    return buffer.getvalue()


def to_json(value: Any) -> str:
    """JSON that keeps Dutch text readable but escapes what could act on a terminal.

    ``json.dumps(value, ensure_ascii=False, indent=2, default=str)``, written by
    :func:`avp.render.jsontext.dumps_indented` (the same bytes, a third of the time)."""
    from avp.render.jsontext import dumps_indented  # lazy

    # The final line break written with the text: not a copy of a large text to add it
    # (and sub() returns the text itself when it finds nothing to escape).
    text = dumps_indented(value, end="\n")
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def joined_lines(lines: Sequence[str]) -> str:
    """``"\\n".join(lines).rstrip("\\n") + "\\n"`` without the two copies of a large text
    that stripping and adding its last line break would make (a report of 10,000
    measures is tens of MiB as text)."""
    end = len(lines)
    while end:
        last = lines[end - 1].rstrip("\n")
        if last:
            return "\n".join([*lines[: end - 1], last, ""])
        end -= 1
    return "\n"


def to_json_rows(items: Sequence[Any], head: dict[str, Any] | None = None, key: str = "") -> str:
    """JSON with one compact item per line, for the thousands of rows of a workspace (the
    indented form of :func:`to_json` is written by Python's slow encoder): a list of
    ``items``, or, with ``head``, an object of ``head``'s keys (one a line) and ``key``
    holding the items. Escaped as :func:`to_json` escapes."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, default=str)

    rows = ",\n".join(dump(item) for item in items)
    listed = f"[\n{rows}\n]" if items else "[]"
    if head is not None:
        lines = [f"{dump(name)}: {dump(value)}" for name, value in head.items()]
        listed = "{\n" + ",\n".join([*lines, f"{dump(key)}: {listed}"]) + "\n}"
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", listed) + "\n"


# Escaped wherever they stand: emphasis, links and images, table pipes, code, strikethrough.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_cell(value: Any) -> str:
    """Markdown cell text: HTML escaped, markdown punctuation escaped, newlines as <br>."""
    text = clean(flat(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return "<br>".join(part.strip() for part in text.splitlines()) or " "


def to_markdown(records: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    shown = [c for c in columns if c.table]
    lines = [
        "| " + " | ".join(md_cell(c.header) for c in shown) + " |",
        "| " + " | ".join("---" for _ in shown) + " |",
    ]
    lines += [
        "| " + " | ".join(md_cell(record.get(c.key)) for c in shown) + " |" for record in records
    ]
    return "\n".join(lines) + "\n"


def make_console(stderr: bool = False) -> Console:
    """A rich console: colour only on a terminal and without NO_COLOR, no markup guessing."""
    from rich.console import Console  # lazy

    return Console(
        stderr=stderr,
        highlight=False,
        emoji=False,
        markup=False,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
        soft_wrap=False,
    )


#: The columns of a terminal table: at least this wide when their text wraps (ratio).
TEXT_MIN_WIDTH = 24
#: The least a column that wraps is given on a terminal too narrow for its words.
MIN_WIDTH = 8
#: A word longer than this may be cut in a table cell (a web address, a long id).
LONGEST_WORD = 30


def _text_width(text: str) -> tuple[int, int]:
    """The longest line and the longest word of ``text``, in terminal cells."""
    return _widths([text])


def _widths(texts: Iterable[str]) -> tuple[int, int]:
    """The longest line and the longest word of any of ``texts``, in terminal cells
    (fast for the tens of thousands of cells of a workspace: one text split at once)."""
    joined = "\n".join(texts)
    if joined.isascii():  # a character a cell
        return (
            max(map(len, joined.splitlines()), default=0),
            max(map(len, joined.split()), default=0),
        )
    from rich.cells import cell_len  # lazy

    return (
        max(map(cell_len, joined.splitlines()), default=0),
        max(map(cell_len, joined.split()), default=0),
    )


@dataclass
class _Fitted:
    """A column of a terminal table as laid out: its width and the folded columns in it."""

    column: Column
    natural: int = 0  # the longest line of its header and cells
    word: int = 0  # the longest word
    cells: int = 0  # the longest line of its cells
    header_word: int = 0  # the longest word of its header
    folded: list[Column] | None = None

    @property
    def need(self) -> int:
        """The least width it takes without breaking a word (or a no_wrap cell: its
        header may wrap between words)."""
        c = self.column
        if c.no_wrap:
            least = max(self.cells, self.header_word)
            return min(least, c.max_width) if c.max_width else least
        word = min(self.word, LONGEST_WORD)
        if c.ratio:
            word = max(word, min(self.natural, c.min_width or TEXT_MIN_WIDTH))
        return max(word, min(self.natural, c.min_width or 0))

    @property
    def least(self) -> int:
        """The least width of a text column that breaks no word (its longest word)."""
        return max(min(self.word, LONGEST_WORD), self.column.min_width or 0)

    @property
    def comfortable(self) -> int:
        """The width it takes when there is room (a ratio column: its need, then more)."""
        c = self.column
        if c.ratio:
            return self.need
        return max(self.need, min(self.natural, c.max_width or self.natural))


#: Terminal cells a table of n columns takes besides its columns (box.SIMPLE_HEAD, padding 1).
def _rich_overhead(n: int) -> int:
    return 3 * n + 1


def _plain_overhead(n: int) -> int:
    """Cells a plain table (:func:`to_plain_table`) takes besides its columns."""
    return 2 * n - 1


def _cell_text(record: dict[str, Any], column: Column) -> str:
    return clean(flat(record.get(column.key)))


def _folded_line(record: dict[str, Any], column: Column) -> str:
    text = _cell_text(record, column)
    return f"{column.header}: {text}" if text else ""


def fit_columns(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    width: int,
    *,
    overhead: Callable[[int], int] | None = None,
) -> tuple[list[Column], dict[str, list[Column]], list[int]]:
    """Which columns a terminal table of ``width`` cells shows, which it folds into which
    (key -> the columns folded into it, each a line of its cells), and their widths: see
    :func:`_fit`."""
    shown, folded, widths, _ = _fit(records, columns, width, overhead or _rich_overhead)
    return shown, folded, widths


def _fit(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    width: int,
    _overhead: Callable[[int], int],
) -> tuple[list[Column], dict[str, list[Column]], list[int], dict[str, list[str]]]:
    """Which columns a terminal table of ``width`` cells shows, which it folds into which
    (key -> the columns folded into it, each a line of its cells), and their widths.

    No word is broken while it fits its column: a column is at least as wide as its
    longest word (up to :data:`LONGEST_WORD`), a wrapping text column at least
    :data:`TEXT_MIN_WIDTH`. When they do not fit, the columns with the highest ``narrow``
    are folded into another (``fold_into``) or left out, until they fit or none is left.
    The columns that wrap by ``ratio`` share what the others leave. ``overhead``: the
    cells a table of n columns takes besides them. Also returned: the cells' texts, by
    column key, cleaned (:func:`clean`).
    """
    shown = [
        _Fitted(c)
        for c in columns
        if c.table and any(r.get(c.key) not in (None, "", []) for r in records)
    ]

    texts = {f.column.key: [_cell_text(r, f.column) for r in records] for f in shown}

    def measure(fitted: _Fitted, more: Iterable[str] = ()) -> None:
        """Its widths from its cells, or, given ``more`` (the lines folded into it), from
        those too."""
        if not more:
            fitted.natural, fitted.header_word = _text_width(fitted.column.header)
            fitted.cells, fitted.word = _widths(texts[fitted.column.key])
        else:
            line, word = _widths(more)
            fitted.cells, fitted.word = max(fitted.cells, line), max(fitted.word, word)
        fitted.natural = max(fitted.natural, fitted.cells)
        fitted.word = max(fitted.word, fitted.header_word)

    for fitted in shown:
        measure(fitted)
    candidates = sorted((f for f in shown if f.column.narrow), key=lambda f: -f.column.narrow)
    for candidate in candidates:
        if sum(f.need for f in shown) + _overhead(len(shown)) <= width:
            break
        shown.remove(candidate)
        into = next((f for f in shown if f.column.key == candidate.column.fold_into), None)
        if into is not None:
            into.folded = [*(into.folded or []), candidate.column]
            header = candidate.column.header
            measure(into, [f"{header}: {text}" for text in texts[candidate.column.key] if text])
    widths = [f.comfortable for f in shown]
    free = width - _overhead(len(shown)) - sum(widths)
    # Too wide: the columns that wrap give back what they take beyond their need, then
    # the text columns what they take beyond their longest word.
    for text_too in (False, True):
        for i, fitted in enumerate(shown):
            if free >= 0:
                break
            least = fitted.least if text_too and fitted.column.ratio else fitted.need
            give = max(0, min(widths[i] - least, -free))
            widths[i] -= give
            free += give
    # Still too wide (a very narrow terminal): the widest columns that wrap break their
    # longest words, rather than rich cutting the short ones.
    wrapping = sorted(
        (i for i, f in enumerate(shown) if not f.column.no_wrap), key=lambda i: -widths[i]
    )
    for i in wrapping:
        if free >= 0:
            break
        give = max(0, min(widths[i] - MIN_WIDTH, -free))
        widths[i] -= give
        free += give
    # Room left: the ratio columns grow by their ratio, up to their longest line.
    growing = [i for i, f in enumerate(shown) if f.column.ratio and widths[i] < f.natural]
    while free > 0 and growing:
        ratios = sum(shown[i].column.ratio or 0 for i in growing)
        share = free
        for i in growing:
            extra = max(1, share * (shown[i].column.ratio or 0) // ratios)
            extra = min(extra, shown[i].natural - widths[i], free)
            widths[i] += extra
            free -= extra
        growing = [i for i in growing if widths[i] < shown[i].natural]
    folded = {f.column.key: f.folded for f in shown if f.folded}
    return [f.column for f in shown], folded, widths, texts


def to_table(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    section_key: str | None = None,
    width: int | None = None,
) -> Any:
    """A rich table of the records; ``width``: the terminal's (see :func:`fit_columns`)."""
    from rich import box  # lazy
    from rich.cells import cell_len  # lazy
    from rich.table import Table  # lazy
    from rich.text import Text  # lazy

    if width is None:
        width = make_console().width
    shown, folded, widths = fit_columns(records, columns, width)
    table = Table(
        title=Text(clean(title)) if title else None,
        box=box.SIMPLE_HEAD,
        show_lines=False,
        expand=False,
        title_justify="left",
    )
    for column, column_width in zip(shown, widths, strict=True):
        # A no_wrap column narrower than its header: the header wraps (the cells fit).
        no_wrap = column.no_wrap and cell_len(column.header) <= column_width
        table.add_column(Text(column.header), width=column_width, no_wrap=no_wrap, overflow="fold")
    previous = None
    for record in records:
        section = record.get(section_key) if section_key else None
        if section_key and previous is not None and section != previous:
            table.add_section()
        previous = section
        cells = []
        for column in shown:
            value = record.get(column.key)
            style = column.style(value) if column.style else ""
            cell = Text(clean(flat(value)), style=style)
            for other in folded.get(column.key, []):
                line = _folded_line(record, other)
                if line:
                    cell.append("\n" + line, style="dim")
            cells.append(cell)
        table.add_row(*cells)
    return table


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words (a word
    too long for a line is cut)."""
    if len(text) <= width and " ".join(text.split()) == text:
        return [text]  # most cells: one line as it is (the words as the loop joins them)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            while len(word) > width:
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:width])
                word = word[width:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def to_plain_table(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    width: int,
    *,
    section_key: str | None = None,
) -> str:
    """The table format as plain text columns, for more rows than rich lays out in
    reasonable time (a few milliseconds a row: a minute for a workspace's 20,000). The
    columns are laid out as :func:`to_table` lays them out (:func:`fit_columns`)."""
    shown, folded, widths, texts = _fit(records, columns, width, _plain_overhead)
    for key, others in folded.items():
        for other in others:
            lines = [f"{other.header}: {text}" if text else "" for text in texts[other.key]]
            texts[key] = [f"{a}\n{b}" if b else a for a, b in zip(texts[key], lines, strict=True)]
    cells = list(zip(*(texts[c.key] for c in shown), strict=True)) if shown else []

    def line(parts: list[list[str]]) -> list[str]:
        height = max(len(part) for part in parts)
        if height == 1:
            pairs = zip(parts, widths, strict=True)
            return [" " + "  ".join(part[0].ljust(w) for part, w in pairs).rstrip()]
        return [
            " "
            + "  ".join(
                (part[k] if k < len(part) else "").ljust(w)
                for part, w in zip(parts, widths, strict=True)
            ).rstrip()
            for k in range(height)
        ]

    out = line([_wrapped(c.header, w) for c, w in zip(shown, widths, strict=True)])
    out.append(" " + "─" * (sum(widths) + 2 * (len(widths) - 1)))
    previous = None
    for record, row in zip(records, cells, strict=True):
        section = record.get(section_key) if section_key else None
        if section_key and previous is not None and section != previous:
            out.append("")
        previous = section
        out += line([_wrapped(text, w) for text, w in zip(row, widths, strict=True)])
    return "\n".join(out) + "\n"


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


@dataclass(frozen=True)
class Output:
    """What a command prints: records, their columns, and how the table shows them."""

    records: Sequence[dict[str, Any]]
    columns: Sequence[Column]
    title: str | None = None
    section_key: str | None = None
    json_value: Any = None  # replaces the records in json


def _write_table(out: Output) -> None:
    console = make_console()
    table = to_table(
        out.records, out.columns, title=out.title, section_key=out.section_key, width=console.width
    )
    console.print(table)


def _write_json(out: Output) -> None:
    write(to_json(out.records if out.json_value is None else out.json_value))


def _write_csv(out: Output) -> None:
    write(to_csv(out.records, out.columns))


def _write_markdown(out: Output) -> None:
    heading = f"**{md_cell(out.title)}**\n\n" if out.title else ""
    write(heading + to_markdown(out.records, out.columns))


#: How each record format is written.
WRITERS: dict[OutputFormat, Callable[[Output], None]] = {
    OutputFormat.table: _write_table,
    OutputFormat.json: _write_json,
    OutputFormat.csv: _write_csv,
    OutputFormat.markdown: _write_markdown,
}


def emit(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: OutputFormat,
    *,
    title: str | None = None,
    section_key: str | None = None,
    json_value: Any = None,
) -> None:
    """Print records in the chosen format. ``json_value`` replaces the records for json."""
    WRITERS[fmt](Output(records, columns, title, section_key, json_value))
