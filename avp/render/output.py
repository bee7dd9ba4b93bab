"""Output formats shared by every command that prints data: table, json, csv, markdown, xlsx.

A command builds *records* (dicts of plain values: str, int, None, lists of str) and a list
of :class:`Column`; :func:`emit` renders them, to stdout or to a file (:class:`Destination`).
Text from the data is always text: it never reaches rich as markup, control and bidi
characters are stripped before a terminal sees them, CSV and xlsx cells cannot start a
formula, and markdown cells cannot carry HTML or links.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from avp.render.destination import (
    STDOUT,
    Destination,
    current_csv_dialect,
    deliver,
    refuse_binary_terminal,
)
from avp.render.formats import CsvDialect, OutputFormat

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
    """``text`` without the characters that could act on a terminal (each of them is
    unprintable: a printable text is as it is)."""
    return text if text.isprintable() else _UNSAFE.sub("", text).replace("\t", " ")


def flat(value: Any, sep: str = ", ") -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return sep.join(flat(v, sep) for v in value)
    return str(value)


def csv_cell(value: Any, dialect: CsvDialect = "excel") -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a quote.

    The items of a list (the targets of a measure, its partners) are one a line within the
    cell: a target's text holds ``;`` and ``,`` itself; a line break within an item (the
    source under an imported figure) becomes `` — ``, so each line is one item. With
    ``excel-nl`` a number that is not whole has a decimal comma (9,4)."""
    if isinstance(value, list | tuple):
        text = "\n".join(" — ".join(flat(v).splitlines()) for v in value)
    elif dialect == "excel-nl" and isinstance(value, float):
        text = repr(value).replace(".", ",")
    else:
        text = flat(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def to_csv(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    dialect: CsvDialect | None = None,
) -> str:
    """The records as CSV (without a BOM: :meth:`Destination.csv` adds one for a file)."""
    dialect = dialect or current_csv_dialect()
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, lineterminator="\r\n", delimiter=";" if dialect == "excel-nl" else ","
    )
    writer.writerow([c.key for c in columns])
    for record in records:
        writer.writerow([csv_cell(record.get(c.key), dialect) for c in columns])
    return buffer.getvalue()


def to_json(value: Any) -> str:
    """JSON that keeps Dutch text readable but escapes what could act on a terminal.

    ``json.dumps(value, ensure_ascii=False, indent=2, default=str)``, written by
    :func:`avp.render.jsontext.dumps_indented` (orjson: the same text but for the form of
    a float, in a tenth of the time)."""
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
    # The pieces joined once: each join or concatenation copies the whole text (tens of MB).
    return "".join(json_rows(items, head, key))


def json_rows(
    items: Iterable[Any], head: dict[str, Any] | None = None, key: str = ""
) -> Iterator[str]:
    """The text of :func:`to_json_rows` a piece at a time, an item made (``items`` may be
    made as they are asked for) and written at a time."""

    def dump(value: Any) -> str:
        # Escaped piece by piece (what joins them is safe): a piece of JSON without line
        # breaks that is all printable has nothing to escape, and str.isprintable reads
        # it in half the time of the search (every character _UNSAFE finds is a control
        # or format character, none printable).
        text = json.dumps(value, ensure_ascii=False, default=str)
        return text if text.isprintable() else _UNSAFE.sub(_escaped, text)

    if head is not None:
        yield "{\n"
        for name, value in head.items():
            yield from (dump(name), ": ", dump(value), ",\n")
        yield dump(key) + ": "
    number = 0
    for number, item in enumerate(items, 1):
        yield "[\n" if number == 1 else ",\n"
        yield dump(item)
    yield "\n]" if number else "[]"
    yield "\n}\n" if head is not None else "\n"


def _escaped(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


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


def _cell_text(record: dict[str, Any], column: Column) -> str:
    value = record.get(column.key)
    return clean(value if type(value) is str else flat(value))


def _folded_line(record: dict[str, Any], column: Column) -> str:
    text = _cell_text(record, column)
    return f"{column.header}: {text}" if text else ""


def _texts(records: Sequence[dict[str, Any]], columns: Sequence[Column]) -> dict[str, list[str]]:
    """The cells of each column a table shows, as a terminal shows them."""
    return {c.key: [_cell_text(r, c) for r in records] for c in columns if c.table}


def fit_columns(
    records: Sequence[dict[str, Any]], columns: Sequence[Column], width: int
) -> tuple[list[Column], dict[str, list[Column]], list[int]]:
    """Which columns a terminal table of ``width`` cells shows, which it folds into which
    (key -> the columns folded into it, each a line of its cells), and their widths: see
    :func:`avp.render.layout.fit`."""
    from avp.render.layout import fit  # lazy

    return fit(columns, _texts(records, columns), width)


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


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


#: The width of the table format in a file (-o FILE.txt): no terminal to fit.
FILE_WIDTH = 100


@dataclass(frozen=True)
class Output:
    """What a command prints: records, their columns, and how the table shows them."""

    records: Sequence[dict[str, Any]]
    columns: Sequence[Column]
    title: str | None = None
    section_key: str | None = None
    json_value: Any = None  # replaces the records in json
    to: Destination = STDOUT


def _write_table(out: Output) -> str | None:
    if not out.to.to_file:
        console = make_console()
        table = to_table(
            out.records,
            out.columns,
            title=out.title,
            section_key=out.section_key,
            width=console.width,
        )
        console.print(table)
        return None
    from rich.console import Console  # lazy

    table = to_table(
        out.records, out.columns, title=out.title, section_key=out.section_key, width=FILE_WIDTH
    )
    buffer = io.StringIO()
    Console(
        file=buffer, width=FILE_WIDTH, no_color=True, highlight=False, emoji=False, markup=False
    ).print(table)
    return buffer.getvalue()


def _write_json(out: Output) -> str:
    return to_json(out.records if out.json_value is None else out.json_value)


def _write_csv(out: Output) -> str:
    return out.to.csv(to_csv(out.records, out.columns, out.to.csv_dialect))


def _write_markdown(out: Output) -> str:
    heading = f"**{md_cell(out.title)}**\n\n" if out.title else ""
    return heading + to_markdown(out.records, out.columns)


def _write_xlsx(out: Output) -> bytes:
    from avp.render.xlsx import workbook_bytes  # lazy: openpyxl

    if not out.to.to_file:
        refuse_binary_terminal()  # before the workbook is made
    return workbook_bytes([(out.title or "avp", out.records, out.columns)])


#: How each record format is made: a text or bytes to write, or None when it has printed
#: itself (the table on a terminal).
WRITERS: dict[OutputFormat, Callable[[Output], str | bytes | None]] = {
    OutputFormat.table: _write_table,
    OutputFormat.json: _write_json,
    OutputFormat.csv: _write_csv,
    OutputFormat.markdown: _write_markdown,
    OutputFormat.xlsx: _write_xlsx,
}


def emit(
    records: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: OutputFormat,
    *,
    title: str | None = None,
    section_key: str | None = None,
    json_value: Any = None,
    to: Destination = STDOUT,
) -> None:
    """Print records in the chosen format, or write them to ``to.path``. ``json_value``
    replaces the records for json."""
    deliver(WRITERS[fmt](Output(records, columns, title, section_key, json_value, to)), to)
