"""The fastest reader: one-line ``key: value`` items, line by line, without a parser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from avp.base.text import line_pieces
from avp.yamlio.fast.events import MISSING, Unusual, _always_text, plain_scalar

# Characters that may appear in a line read by :func:`simple_items`: printable, no tab, no
# line break of YAML 1.1 (U+0085, U+2028, U+2029) and no byte order mark. Text with any
# other character is left to the YAML loaders.
_SIMPLE_CHARACTERS = (
    "[\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)


_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")


_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')


_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`]|-[0-9.]")


def simple_text(text: str) -> bool:
    """Whether ``text`` has only characters that :func:`simple_items` can read."""
    return re.fullmatch(_SIMPLE_CHARACTERS, text) is not None  # compiled once, when needed


def simple_value(text: str | None) -> Any:
    """The value after ``key:`` on one line (without the space after the colon), as the
    YAML loaders read it, or :data:`MISSING` when it needs a loader."""
    if not text:
        return None
    first = text[0]
    if first == "'":
        quoted = _SINGLE_QUOTED.fullmatch(text)
        return MISSING if quoted is None else quoted.group(1).replace("''", "'")
    if first == '"':
        quoted = _DOUBLE_QUOTED.fullmatch(text)
        return MISSING if quoted is None else quoted.group(1)
    if not _PLAIN_START.match(text) or ": " in text or " #" in text or text[-1] == ":":
        return MISSING
    try:
        return plain_scalar(text)
    except Unusual:
        return MISSING


#: A key of an item's line.
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: How much text :func:`_lines` splits at a time.
_PIECE = 1 << 16


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (without their ``\\n``; blank lines may come in addition,
    one after each piece), split a piece of some 64 KiB at a time: all the lines of a
    large log at once took 40 MiB, and splitting it in pieces is faster too."""
    for piece in line_pieces(text, _PIECE):
        yield from piece.split("\n")


def simple_items(text: str, seen: dict[str, Any] | None = None) -> list[dict[str, Any]] | None:
    """The items of a block sequence of flat mappings, read line by line; None unless
    every line has the simplest form.

    ``text`` holds the items of a sequence (the first one starting with its dash), maybe
    after blank and comment lines; the caller has checked :func:`simple_text`. Each item
    is a mapping whose lines are ``- key: value`` and then ``key: value`` under the first
    key, with a value on one line: a plain scalar without ``: `` or `` #``, a
    single-quoted one, a double-quoted one without escapes, or nothing (null); or a whole
    item as a one-line flow mapping ``- {key: value, ...}`` (what ``avp progress add``
    writes). Blank and comment lines are skipped. For such lines this gives exactly what
    the YAML loaders give (a test checks it on generated text); anything else (a nested or
    multi-line value, another flow collection, a tag, a duplicate key, an odd
    indentation, a lone CR) gives None, and the caller uses a loader, which reads it or
    says what is wrong.

    Each line is taken apart with string methods (a regular expression per line took
    twice as long for 100,000 entries). ``seen``: the values of short scalars read so far,
    shared by the calls for the pieces of one text (:func:`avp.yamlio.fast.chunked.simple_pieces`:
    the ids and dates of one piece mostly come back in the next).
    """
    crlf = "\r" in text
    if crlf and text.count("\r") != text.count("\r\n"):
        return None  # a lone CR: a line break of its own to YAML
    items: list[dict[str, Any]] = []
    item: dict[str, Any] | None = None
    dash = column = -1
    keys: dict[str, str] = {}
    if seen is None:
        seen = {}
    text_start = _always_text() - _INDICATORS
    for line in _lines(text):
        if crlf:
            line = line.removesuffix("\r")
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue  # a blank or comment line
        indent = len(line) - len(stripped)
        if stripped[0] == "-":  # an item starts: '- key: value' or '- {key: value, ...}'
            after_dash = stripped[1:]
            keyed = after_dash.lstrip(" ")
            gap = len(after_dash) - len(keyed)
            if not gap:
                return None  # '-' alone, or '-x'
            if dash < 0:
                dash = indent
            elif indent != dash:
                return None
            if keyed[:1] == "{":
                keyed = keyed.rstrip(" ")
                flow_item = flow_mapping(keyed[1:-1], keys, seen) if keyed[-1] == "}" else None
                if flow_item is None:
                    return None
                items.append(flow_item)
                item = None  # the item is complete: no 'key: value' line may follow
                continue
            column = dash + 1 + gap
            item = {}
            items.append(item)
        elif item is None or indent != column:
            return None
        else:
            keyed = stripped
        key, colon, after = keyed.partition(":")
        if not colon:
            return None
        if not after:
            value_text = None
        elif after[0] == " ":
            value_text = after.lstrip(" ")
        else:
            return None  # 'key:value' is a plain scalar, not a key
        if key not in keys:
            if _KEY.fullmatch(key) is None or plain_scalar(key) != key:
                return None
            keys[key] = key  # one copy of each key for all items
        if key in item:
            return None
        if value_text and value_text[-1] == " ":
            value_text = value_text.rstrip(" ")
        if (
            value_text
            and value_text[0] in text_start
            and value_text[-1] != ":"
            and ": " not in value_text
            and " #" not in value_text
        ):
            value: Any = value_text  # the usual note or name, as simple_value would find
        elif not value_text:
            value = None
        else:
            value = seen.get(value_text, MISSING)
            if value is MISSING:
                value = simple_value(value_text)
                if value is MISSING:
                    return None
                if len(value_text) <= 40:
                    seen[value_text] = value  # ids, dates and numbers come back often
        item[keys[key]] = value
    return items


# One key and value of a one-line flow mapping: a double-quoted value (escapes allowed) or
# a plain one up to the next comma; then ", " or the end.
_FLOW_PAIR = re.compile(
    r'([A-Za-z_][A-Za-z0-9_]*): (?:(")([^"\\]*(?:\\.[^"\\]*)*)"|([^,{}\[\]"]*))(, |$)'
)


# A plain value in a flow mapping with a colon, a "#", a "?" (libyaml refuses "a?}"), or a
# space or tab at its start or end: left to the loaders.
_UNSURE = re.compile(r"[:#?]|^[ \t]|[ \t]$")


_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}
_ESCAPE = re.compile(r"\\(?:([xuU])([0-9A-Fa-f]*)|(.))")


def _unescaped(text: str) -> Any:
    """A double-quoted scalar's text without its escapes, or :data:`MISSING` for an escape
    this reader does not take (the loaders decide about it)."""
    if "\\" not in text:
        return text
    parts: list[str] = []
    end = 0
    for found in _ESCAPE.finditer(text):
        parts.append(text[end : found.start()])
        kind, digits, single = found.groups()
        if kind is not None:
            length = _HEX_LENGTHS[kind]
            if len(digits) < length:
                return MISSING
            code = int(digits[:length], 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                return MISSING
            parts.append(chr(code) + digits[length:])
        elif single in _ESCAPES:
            parts.append(_ESCAPES[single])
        else:
            return MISSING
        end = found.end()
    parts.append(text[end:])
    return "".join(parts)


def flow_mapping(body: str, keys: dict[str, str], seen: dict[str, Any]) -> dict[str, Any] | None:
    """The mapping of a one-line flow mapping's ``body`` (between its braces), or None
    unless each of its items is ``key: value`` as :func:`simple_items` takes them, or a
    value in double quotes (with YAML's escapes), separated by ``", "``. ``keys`` and
    ``seen``: one copy of each key, the values of short plain scalars read so far."""
    item: dict[str, Any] = {}
    covered = 0
    pairs = _FLOW_PAIR.findall(body)
    last = len(pairs) - 1
    for number, (key, quote, quoted, plain, separator) in enumerate(pairs):
        if key in item or (separator == "") != (number == last):
            return None
        if key not in keys:
            if plain_scalar(key) != key:
                return None
            keys[key] = key
        if quote:
            value = _unescaped(quoted)
            covered += len(key) + len(quoted) + 4 + len(separator)
        else:
            value = seen.get(plain, MISSING)
            if value is MISSING:
                if not plain or _UNSURE.search(plain):
                    return None
                value = simple_value(plain)
                if len(plain) <= 40:
                    seen[plain] = value
            covered += len(key) + len(plain) + 2 + len(separator)
        if value is MISSING:
            return None
        item[keys[key]] = value
    return item if item and covered == len(body) else None
