"""Editing a programme and its log as text: an id replaced where it is, an amendment added.

Every other byte stays: the id's scalar is cut out at the offsets the parser gives
(:mod:`avp.yamlio.spans`) and the new id put in, in the style of the old one; the amendment
goes after the last item of the ``amendments:`` list, in its indentation, or in a new
``amendments:`` block at the end of the file, indented as the file's ``fields:``. The caller
checks the result by reading it again (:mod:`avp.progress.renumber`).
"""

from __future__ import annotations

import re
from typing import Any

from avp.base.problems import AvpError, DataError
from avp.programme.checks import nodes
from avp.programme.models import Amendment
from avp.progress.write import _styled, list_item_yaml
from avp.yamlio.spans import Loc, Span, node_spans, scalar_text


class RenumberError(AvpError):
    """avp could not make the change safely by editing the text; nothing was written."""


def node_loc(data: Any, wanted: str) -> Loc:
    """Where the field, theme or measure with the id ``wanted`` is in a programme's data."""
    for _, loc, item in nodes(data):
        value = item.get("id")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value == wanted:
            return loc
    raise AssertionError(f"no node {wanted!r}")  # pragma: no cover - the caller checked


def _programme_spans(text: str) -> dict[Loc, Span]:
    """The ids, the root, and the ``fields`` and ``amendments`` lists with their first items."""

    def wanted(loc: Loc) -> bool:
        return loc[-1:] == ("id",) or (
            len(loc) <= 2 and loc[:1] in ((), ("fields",), ("amendments",))
        )

    return node_spans(text, wanted)


def renumbered_programme(
    text: str, data: Any, old: str, new: str, amendment: Amendment, shown: str
) -> str:
    """``text`` (of a valid programme whose plain data is ``data``) with the id ``old``
    replaced by ``new`` and ``amendment`` added; nothing else changes."""
    spans = _programme_spans(text)
    at = spans.get((*node_loc(data, old), "id"))
    if at is None or at.kind != "scalar":  # pragma: no cover - the data has it
        raise RenumberError(f"avp could not find the id {old!r} in {shown}; nothing was changed")
    edits = [(at.start, at.end, scalar_text(new, at))]
    edits.append(_amendment_edit(text, spans, amendment, shown))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


_BLANK_BEFORE_KEY = re.compile(r"\n[ \t]*\r?\n[^\s#-]")


def newline_of(text: str) -> str:
    found = re.search(r"\r?\n", text)
    return found.group() if found else "\n"


def after_line(text: str, offset: int) -> int:
    """The offset of the line after the one ``offset`` ends on (``len(text)`` at the end)."""
    if offset > 0 and text[offset - 1] == "\n":
        return offset
    found = text.find("\n", offset)
    return len(text) if found < 0 else found + 1


def _amendment_edit(
    text: str, spans: dict[Loc, Span], amendment: Amendment, shown: str
) -> tuple[int, int, str]:
    """Where and what to insert (or replace) in ``text`` to add ``amendment``."""
    newline = newline_of(text)
    existing = spans.get(("amendments",))
    if existing is not None and existing.kind == "sequence" and existing.style == "block":
        first = spans[("amendments", 0)]
        at = after_line(text, existing.end)
        lead = "" if at > 0 and text[at - 1] == "\n" else newline
        item = amendment_yaml(amendment, dash=existing.column, content=first.column)
        return at, at, lead + item.replace("\n", newline)
    if existing is not None and existing.kind == "sequence" and ("amendments", 0) not in spans:
        # 'amendments: []': that line becomes 'amendments:' (with its comment, if any)
        # and the item follows it.
        line_start = text.rfind("\n", 0, existing.start) + 1
        after = after_line(text, existing.end)
        ending = re.search(r"\r?\n$", text[line_start:after])
        before = text[line_start : existing.start].rstrip(" \t")
        rest = text[existing.end : after].rstrip("\r\n").strip(" \t")
        line = before + (f"  {rest}" if rest else "") + (ending.group() if ending else newline)
        key_column = len(before) - len(before.lstrip(" "))
        dash, content = _list_layout(spans, key_column)
        item = amendment_yaml(amendment, dash, content).replace("\n", newline)
        return line_start, after, line + item
    if existing is not None:
        raise RenumberError(
            f"avp cannot add the amendment to {shown}: its amendments are written on one "
            "line ([...]); write them as a block list, one '- date: ...' item per "
            "amendment, and run the command again (nothing was changed)"
        )
    root = spans[()]
    if root.style != "block":
        raise RenumberError(
            f"avp cannot add the amendment to {shown}: the file is one flow mapping "
            "({...}); nothing was changed"
        )
    dash, content = _list_layout(spans, key_column=root.column)
    lead = "" if not text or text.endswith("\n") else newline
    if _BLANK_BEFORE_KEY.search(text):  # the file sets its top-level keys apart: this too
        lead += newline
    block = " " * root.column + "amendments:\n" + amendment_yaml(amendment, dash, content)
    return len(text), len(text), lead + block.replace("\n", newline)


def _list_layout(spans: dict[Loc, Span], key_column: int) -> tuple[int, int]:
    """The dash and content columns of a new list under a key at ``key_column``: as the
    programme writes its ``fields:`` list."""
    fields, first = spans.get(("fields",)), spans.get(("fields", 0))
    if fields is not None and first is not None and fields.style == "block":
        dash = key_column + max(fields.column - spans[()].column, 0)
        return dash, dash + max(first.column - fields.column, 2)
    return key_column + 2, key_column + 4


def amendment_yaml(amendment: Amendment, dash: int = 2, content: int = 4) -> str:
    """The amendment as a block-list item: ``-`` at column ``dash``, keys at ``content``;
    ``renumbered`` as a flow mapping. Lines end with ``\\n``; every string reads back."""
    from ruamel.yaml.comments import CommentedMap  # lazy

    values = amendment.model_dump(exclude_none=True)
    if amendment.renumbered is not None:
        pair = CommentedMap((k, _styled(v)) for k, v in values["renumbered"].items())
        pair.fa.set_flow_style()
        values["renumbered"] = pair
    mapping = CommentedMap((k, _styled(v)) for k, v in values.items())
    return list_item_yaml(mapping, dash=dash, content=content)


def _names(span: Span, old: str) -> bool:
    """Whether a ``measure:`` scalar names ``old``: as text, or as the whole number."""
    if span.kind != "scalar" or span.value is None:
        return False
    if span.value == old:
        return True
    value = span.value.removeprefix("+")
    return not span.style and old.isdigit() and value.isdigit() and str(int(value)) == old


def renumbered_log(text: str, old: str, new: str) -> tuple[str, tuple[int, ...]]:
    """``text`` of a log with each entry's ``measure: old`` made ``measure: new``, and the
    indexes of those entries. Raises ruamel's YAMLError for text that does not parse."""
    if old not in text:  # every way of writing it holds its text (an escape aside)
        return text, ()
    spans = node_spans(text, lambda loc: len(loc) == 3 and loc[2] == "measure")
    found = sorted(
        (loc[1], span)
        for loc, span in spans.items()
        if loc[0] == "entries" and isinstance(loc[1], int) and _names(span, old)
    )
    parts: list[str] = []
    done = 0
    for _, span in found:
        parts += [text[done : span.start], scalar_text(new, span)]
        done = span.end
    parts.append(text[done:])
    return "".join(parts), tuple(index for index, _ in found)


def reads_as(new_text: str, expected: Any, shown: str) -> bool:
    """Whether an edited programme text reads back as exactly ``expected``: the edit
    changed what it meant to and nothing else (renumber, suggested targets)."""
    from avp.programme.load import programme_data  # lazy

    try:
        return bool(programme_data(new_text, shown) == expected)
    except DataError:
        return False
