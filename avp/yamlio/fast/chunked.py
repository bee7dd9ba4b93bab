"""Reading a long block list a few thousand items at a time."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

from avp.base.problems import DataError
from avp.yamlio.fast.lines import simple_items, simple_text

_FIRST_ITEM = re.compile(r"^( *)-(?: |$)", re.MULTILINE)


CHUNK_ITEMS = 2000


def _body(text: str, key: str) -> str | None:
    """What follows the line ``key:`` when only comments and blank lines come before it."""
    alone = re.compile(rf"^{re.escape(key)}[ \t]*:[ \t]*(?:#[^\r\n]*)?$", re.MULTILINE)
    found = alone.search(text)
    if found is None:
        return None
    for line in text[: found.start()].splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return None
    return text[found.end() :]


class Unsplit(Exception):
    """The text is not a plain list of simple items: read it whole."""


def simple_pieces(text: str, key: str = "entries", size: int = CHUNK_ITEMS) -> Iterator[list[Any]]:
    """The items of :func:`load_chunked`'s text, some ``size`` at a time, without holding
    them all (a reader that hands them on: :mod:`avp.storage.ahead`). Only for a text that
    :func:`avp.yamlio.fast.lines.simple_items` reads; :class:`Unsplit` otherwise, at any
    point, and the items given so far are of no use. The pieces together are
    what :func:`load_chunked` gives (a test checks it).

    The text is cut before lines that start an item (a dash at the first item's
    indentation, then a space); each piece is read line by line on its own.
    """
    body = _body(text, key)
    if body is None or not simple_text(body):
        raise Unsplit
    first = _FIRST_ITEM.search(body)
    if first is None:
        raise Unsplit
    cut = re.compile(rf"^{first.group(1)}- ", re.MULTILINE)  # the indentation: spaces
    starts = [found.start() for found in cut.finditer(body, first.start())]
    # Lines before the first item are in the first piece: simple_items decides about them.
    bounds = [0, *starts[size::size], len(body)]
    seen: dict[str, Any] = {}
    for start, end in itertools.pairwise(bounds):
        part = simple_items(body[start:end], seen)
        if part is None:
            raise Unsplit
        yield part


def load_chunked(
    text: str, shown: str, load: Callable[[str, str], Any], key: str = "entries"
) -> Any | None:
    """The plain data of a block list under ``key`` (a log), read a few thousand items at a time.

    Entries written the way ``avp progress add`` writes them (a ``key: value`` per line)
    are read line by line (:func:`avp.yamlio.fast.lines.simple_items`), several times faster than
    any YAML loader; a chunk with anything else goes to ``load`` (:func:`avp.yamlio.loader.load`).
    Composing the node tree of a log of 100,000 entries at once would take some 600 MiB;
    a chunk at a time keeps the peak near the size of the data itself.

    Returns None (and the caller parses the whole text) unless the text has the simple
    shape that makes the split safe: comments, an 'entries:' line, then items that start
    at one indentation with nothing but deeper lines between them; a chunk that fails to
    parse, or reads as another number of items than it has item lines, also gives None.
    """
    body = _body(text, key)
    if body is None:
        return None
    simple = simple_text(body)
    if simple:
        every = simple_items(body)
        if every:
            return {key: every}
    first_item = _FIRST_ITEM.search(body)
    if first_item is None:
        return None
    dash = len(first_item.group(1))
    lines = body.splitlines(keepends=True)
    starts: list[int] = []
    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if indent < dash:
            return None
        if indent == dash:
            if not (stripped.startswith("- ") or stripped.rstrip("\r\n") == "-"):
                return None
            starts.append(number)
    if not starts:
        return None
    items: list[Any] = []
    for first in range(0, len(starts), CHUNK_ITEMS):
        group = starts[first : first + CHUNK_ITEMS]
        following = first + CHUNK_ITEMS
        end = starts[following] if following < len(starts) else len(lines)
        expected = len(group)
        part: Any = simple_items("".join(lines[group[0] : end])) if simple else None
        if part is None:
            chunk = f"{key}:\n" + "".join(lines[group[0] : end])
            try:
                data = load(chunk, shown)
            except DataError:
                return None
            part = data.get(key) if isinstance(data, dict) else None
        if not isinstance(part, list) or len(part) != expected:
            return None
        items.extend(part)
    return {key: items}
