"""An entry as YAML lines, and where in an existing log they go (its layout)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from avp.base.problems import AvpError
from avp.progress.models import Entry

SCHEMA_HEADER = "# yaml-language-server: $schema=../schemas/progress.schema.json"


def entry_data(entry: Entry) -> dict[str, Any]:
    """The entry as plain YAML data, in field order, without unset optional keys."""
    data = entry.model_dump(exclude_none=True)
    if entry.status is not None:
        data["status"] = entry.status.value
    value = data.get("value")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        data["value"] = int(value)  # 'value: 6', not 'value: 6.0'
    return data


_UNICODE_BREAKS = frozenset("\x85\u2028\u2029")


def _styled(value: Any) -> Any:
    """``value`` with a scalar style that reads back as exactly the same string."""
    from ruamel.yaml.scalarstring import (  # lazy
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if not isinstance(value, str):
        return value
    if any(c in _UNICODE_BREAKS or not (c.isprintable() or c in "\n\t") for c in value):
        # Escapes (\N, \L, \u200b ...) keep what a plain or quoted scalar might fold or lose.
        return DoubleQuotedScalarString(value)
    if "\n" in value:
        # A literal block (|-) reads best, but only plain lines survive it unchanged.
        plain_lines = all(line == line.strip(" \t") for line in value.split("\n"))
        if plain_lines and value.strip("\n") == value and value.strip():
            return LiteralScalarString(value)
        return DoubleQuotedScalarString(value)
    if _resolves_to_non_string(value):
        # 'on', 'yes', '012', '1:20': text for avp (YAML 1.2), not for every YAML 1.1 tool.
        return SingleQuotedScalarString(value)
    return value


@cache
def _resolvers() -> tuple[Any, ...]:
    from ruamel.yaml.resolver import VersionedResolver  # lazy

    return VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2))


def _resolves_to_non_string(value: str) -> bool:
    from ruamel.yaml.nodes import ScalarNode  # lazy

    return any(
        resolver.resolve(ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"
        for resolver in _resolvers()
    )


#: The entry's keys of free text: always written in double quotes (escapes, one line).
_TEXT_KEYS = frozenset({"note", "author", "source", "correction"})


def entry_yaml(entry: Entry, *, dash: int = 2) -> str:
    """The entry as a block-sequence item on ONE line: ``-`` at column ``dash``, then a
    flow mapping (``- {id: k3f9x2m7qa, measure: 1.1.1, ..., author: "J. de Vries"}``).

    One line per entry is what survives git's union merge: a merge keeps a line both sides
    added once, and a multi-line entry shares lines (date, author) with its neighbour; a
    line that starts with the entry's own id shares nothing. The line ends with ``\\n``;
    text is double-quoted (a line break as ``\\n``) and never folded, and every string reads
    back identically.
    """
    data = entry_data(entry)
    written = _flow_line(data)
    if written is not None:  # what ruamel writes, without its dumper (tests compare them)
        return " " * dash + "- " + written + "\n"
    from ruamel.yaml.comments import CommentedMap  # lazy
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString  # lazy

    mapping = CommentedMap(
        (
            key,
            DoubleQuotedScalarString(value)
            if key in _TEXT_KEYS and isinstance(value, str)
            else _flow_styled(value),
        )
        for key, value in data.items()
    )
    mapping.fa.set_flow_style()
    line = list_item_yaml(mapping, dash=dash, content=dash + 2)
    if line.count("\n") != 1:  # pragma: no cover - the dumper wrote a line break
        raise AppendError("avp could not write the entry on one line; this is a bug in avp")
    return line


_FLOW_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")

#: Text that ruamel writes in double quotes with no escapes but these (:data:`_ESCAPES`):
#: printable characters but U+2028, U+2029 and the byte order mark; tabs, line breaks.
_QUOTED_AS_IT_IS = re.compile(
    "[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_ESCAPES = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"})

_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")


def _flow_line(data: dict[str, Any]) -> str | None:
    """The flow mapping of :func:`entry_yaml` as ruamel writes it, when every value is of
    the plain kinds an entry has (text without escapes, ids, dates, whole numbers,
    decimals written without an exponent, true or false); None otherwise."""
    import datetime as dt  # lazy

    pairs = []
    for key, value in data.items():
        kind = type(value)
        if kind is str:
            if key not in _TEXT_KEYS and _FLOW_PLAIN.fullmatch(value):
                written = f'"{value}"' if _resolves_to_non_string(value) else value
            elif _QUOTED_AS_IT_IS.fullmatch(value):
                written = '"' + value.translate(_ESCAPES) + '"'
            else:
                return None
        elif kind is bool:
            written = "true" if value else "false"
        elif kind is int:
            written = str(value)
        elif kind is float and _DECIMAL.fullmatch(repr(value)):
            written = repr(value)
        elif kind is dt.date:
            written = value.isoformat()
        else:
            return None
        pairs.append(f"{key}: {written}")
    return "{" + ", ".join(pairs) + "}"


def _flow_styled(value: Any) -> Any:
    """An id, a status or a number as it reads back in a flow mapping: a string that is
    not a plain word (or reads as something else in YAML 1.1 or 1.2) in double quotes."""
    from ruamel.yaml.comments import CommentedMap  # lazy
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString  # lazy

    if isinstance(value, dict):  # a structured source (avp indicators import): one line too
        nested = CommentedMap((k, _flow_styled(v)) for k, v in value.items())
        nested.fa.set_flow_style()
        return nested
    if not isinstance(value, str):
        return value
    if _FLOW_PLAIN.fullmatch(value) and not _resolves_to_non_string(value):
        return value
    return DoubleQuotedScalarString(value)


def list_item_yaml(mapping: Any, *, dash: int = 2, content: int = 4) -> str:
    """A ruamel mapping as a block-sequence item: ``-`` at column ``dash``, keys at
    ``content``; lines end with ``\\n``, and no line is folded."""
    from ruamel.yaml import YAML  # lazy

    yaml = YAML(typ="rt")
    yaml.width = 1 << 30  # never fold a line: folding is where round trips go wrong
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(mapping, stream)
    body = stream.getvalue()
    if body.endswith("\n...\n"):  # a document end marker: not wanted inside a list
        body = body[: -len("...\n")]
    lines = body.split("\n")  # not splitlines(): it also splits at U+2028 and friends
    if lines and lines[-1] == "":
        lines.pop()
    content = max(content, dash + 2)
    first = " " * dash + "-" + " " * (content - dash - 1) + lines[0]
    rest = [" " * content + line if line else line for line in lines[1:]]
    return "".join(line + "\n" for line in [first, *rest])


@dataclass(frozen=True)
class Layout:
    """How an existing log is written, as far as appending needs to know."""

    newline: str = "\n"
    dash: int = 2
    content: int = 4
    # (start, end, replacement) of an 'entries: []' line to rewrite as 'entries:'
    rewrite: tuple[int, int, str] | None = None


_ENTRIES_KEY = re.compile(r"^entries[ \t]*:(?P<rest>[^\r\n]*)", re.MULTILINE)


_REST = re.compile(r"^[ \t]*(?P<value>[^#]*?)[ \t]*(?P<comment>#.*)?$")


_ITEM = re.compile(r"^(?P<dash> *)-(?:(?P<pad> +)\S| *$)")


class AppendError(AvpError):
    """The log cannot take an entry by appending lines (an unusual layout)."""


def layout(text: str, shown: str = "the progress log") -> Layout:
    """Line endings, item indentation and the ``entries:`` line of a valid log's text."""
    newline_match = re.search(r"\r?\n", text)
    newline = newline_match.group() if newline_match else "\n"
    key = _ENTRIES_KEY.search(text)
    rest = _REST.match(key.group("rest")) if key else None
    if key is None or rest is None:
        raise AppendError(
            f"cannot add to {shown}: no line starts with 'entries:'; "
            "start a line with 'entries:' and put the entries below it"
        )
    rewrite = None
    value = rest.group("value")
    if re.sub(r"\s", "", value) in ("[]", "null", "Null", "NULL", "~"):
        comment = rest.group("comment")
        replacement = "entries:" + (f"  {comment}" if comment else "")
        rewrite = (key.start(), key.end(), replacement)
    elif value:
        raise AppendError(
            f"cannot add to {shown}: its entries are written on one line ({value[:20]}...); "
            "write them as a block list, one '- measure: ...' item per entry"
        )
    dash, content = 2, 4
    lines = _first_meaningful_lines(text, key.end(), 2)
    if lines and (item := _ITEM.match(lines[0])):
        dash = len(item.group("dash"))
        if item.group("pad") is not None:
            content = dash + 1 + len(item.group("pad"))
        elif len(lines) > 1:
            content = max(len(lines[1]) - len(lines[1].lstrip(" ")), dash + 2)
        else:
            content = dash + 2
    return Layout(newline=newline, dash=dash, content=content, rewrite=rewrite)


def _first_meaningful_lines(text: str, start: int, wanted: int) -> list[str]:
    """The first ``wanted`` lines after ``start`` that are neither blank nor comments.

    Reads only as far as it needs: a large log is not split into all its lines. Lines end
    at \n or \r\n only (not splitlines(): see entry_yaml).
    """
    found: list[str] = []
    for match in _LINE.finditer(text, start):
        line = match.group().rstrip("\r")
        if line.strip() and not line.lstrip().startswith("#"):
            found.append(line)
            if len(found) == wanted:
                break
    return found


_LINE = re.compile(r"[^\n]*")


def appended_text(old: str | None, entry: Entry, shown: str = "the progress log") -> str:
    """The log's text with ``entry`` added at the end; a new log when ``old`` is None.

    Apart from an ``entries: []`` line, ``old`` (with a final line break added if it
    lacked one) is a prefix of the result.
    """
    if old is None:
        return f"{SCHEMA_HEADER}\nentries:\n{entry_yaml(entry)}"
    shape = layout(old, shown)
    text = old
    if shape.rewrite is not None:
        start, end, replacement = shape.rewrite
        text = text[:start] + replacement + text[end:]
    return text + appended_lines(entry, shape, after_break=not text or text.endswith(("\n", "\r")))


def appended_lines(entry: Entry, shape: Layout, *, after_break: bool) -> str:
    """What :func:`appended_text` adds after a text laid out as ``shape`` (without an
    ``entries: []`` to rewrite): a line break when the text does not end with one
    (``after_break`` False), then the entry's line."""
    lead = "" if after_break else shape.newline
    return lead + entry_yaml(entry, dash=shape.dash).replace("\n", shape.newline)
