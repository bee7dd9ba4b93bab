"""The table format as plain text columns, for the thousands of rows of a workspace."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from itertools import zip_longest
from typing import Any

from avp.render.layout import fit, plain_overhead
from avp.render.output import Column, _texts


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words (a word
    too long for a line is cut)."""
    if len(text) <= width and _one_line(text):
        return [text]  # most cells: one line as it is (the words as the loop joins them)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        if len(paragraph) <= width and _one_line(paragraph):
            lines.append(paragraph)  # a short paragraph (a folded line: "Partners: ...")
            continue
        words = paragraph.split()
        if words and max(map(len, words)) <= width:  # no word to cut
            lines += _lines(width).findall(" ".join(words))
            continue
        line = ""
        for word in words:
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


@cache
def _lines(width: int) -> re.Pattern[str]:
    """The lines the loop of :func:`_wrapped` makes of words between single spaces, none
    longer than ``width``: each the longest run of whole words that fits, from a word's
    first character to a space or the end (the regular expression backtracks to it)."""
    return re.compile(rf"(\S.{{0,{width - 1}}})(?: |$)")


def _one_line(text: str) -> bool:
    """``" ".join(text.split()) == text``: words between single spaces (of the whitespace
    split() splits on, only the space is printable), read without splitting."""
    if text.isprintable():
        return "  " not in text and text[:1] != " " and text[-1:] != " "
    return " ".join(text.split()) == text


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
    texts = _texts(records, columns)
    shown, folded, widths = fit(columns, texts, width, plain_overhead)
    for key, others in folded.items():
        for other in others:
            lines = [f"{other.header}: {text}" if text else "" for text in texts[other.key]]
            texts[key] = [f"{a}\n{b}" if b else a for a, b in zip(texts[key], lines, strict=True)]
    cells = list(zip(*(texts[c.key] for c in shown), strict=True)) if shown else []

    # Each line of a row: its cells, each padded to its column's width as str.ljust pads.
    form = "  ".join(f"{{:<{w}}}" for w in widths).format

    def line(parts: list[list[str]]) -> list[str]:
        return [" " + form(*cells).rstrip() for cells in zip_longest(*parts, fillvalue="")]

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
