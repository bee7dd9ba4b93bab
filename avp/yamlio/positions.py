"""Where a value is in round-trip data, and every string of plain data with its place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def position(data: Any, loc: tuple[int | str, ...]) -> tuple[int, int]:
    """1-based (line, column) of the value at ``loc`` in round-trip data; (0, 0) if unknown.

    For a key that is missing, the position of the mapping that should hold it.
    """
    node = data
    best = (0, 0)
    lc = getattr(node, "lc", None)
    if lc is not None:
        best = (lc.line + 1, lc.col + 1)
    for part in loc:
        lc = getattr(node, "lc", None)
        if isinstance(node, dict) and part in node:
            if lc is not None:
                line, col = lc.value(part)
                best = (line + 1, col + 1)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            if lc is not None:
                line, col = lc.item(part)
                best = (line + 1, col + 1)
            node = node[part]
        else:
            break
    return best


def key_position(data: Any, loc: tuple[int | str, ...]) -> tuple[int, int]:
    """Position of the key at the end of ``loc`` (for unknown keys), else of the value."""
    if not loc:
        return position(data, loc)
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return position(data, loc)
    lc = getattr(parent, "lc", None)
    if isinstance(parent, dict) and loc[-1] in parent and lc is not None:
        line, col = lc.key(loc[-1])
        return line + 1, col + 1
    return position(data, loc)


def joined_strings(data: Any) -> str:
    """Every string value and key in plain data, joined by newlines: one text to search
    when a search of each string (:func:`iter_strings`) would mostly find nothing."""
    parts: list[str] = []
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if isinstance(key, str):
                    parts.append(key)
                if isinstance(value, str):
                    parts.append(value)
                elif isinstance(value, dict | list):
                    pending.append(value)
        elif isinstance(item, list):
            pending.extend(item)
    return "\n".join(parts)


def iter_strings(
    data: Any, loc: tuple[int | str, ...] = ()
) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Every string value (and key) in plain data, with its location."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*loc, key), key
            yield from iter_strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_strings(value, (*loc, index))
