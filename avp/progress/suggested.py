"""Suggested targets written into a programme, and accepted, by editing its text in place.

``avp targets suggest --write`` adds proposals (:mod:`avp.targets.suggest`) to the
measures' ``targets:`` lists; ``avp targets accept`` removes ``suggested: true`` from them.
Both work like ``avp renumber`` (:mod:`avp.progress.renumber`): under the programme's lock
the file is read and validated, the text is edited at the offsets the parser gives
(:mod:`avp.yamlio.spans`), every other byte stays, and the result must read back as the
old data with exactly that change and be valid before it replaces the file atomically.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from avp.base.problems import AvpError, DataError, NotFoundError, UsageError
from avp.programme.load import load_programme_text, programme_data
from avp.programme.models import Programme
from avp.progress.edit import after_line, newline_of, node_loc, reads_as
from avp.progress.write import _styled, list_item_yaml
from avp.storage.atomic import write_atomic
from avp.storage.files import decode, display_path, read_bytes
from avp.storage.lock import file_lock, lock_path_for
from avp.targets.models import TargetModel
from avp.yamlio.spans import Loc, Span, node_spans

_BOM = b"\xef\xbb\xbf"

#: A programme's text and data, and what to do with them: the new text and what changed.
Edit = Callable[[str, Any, Programme, str], tuple[str, Any, list[str]]]


class TargetEditError(AvpError):
    """avp could not make the change safely by editing the text; nothing was written."""


def target_yaml(target: TargetModel, *, dash: int, content: int) -> str:
    """A target as a block-sequence item, keys in the README's order, points on one line."""
    from ruamel.yaml.comments import CommentedMap  # lazy

    data = target.model_dump(exclude_defaults=True)
    data["kind"] = target.kind
    order = ["id", "kind", "description"]
    keys = order + [k for k in data if k not in (*order, "suggested", "basis")]
    keys += [k for k in ("suggested", "basis") if k in data]
    mapping = CommentedMap()
    for key in keys:
        value = data[key]
        if isinstance(value, dict):
            point = CommentedMap((k, _styled(v)) for k, v in value.items())
            point.fa.set_flow_style()
            value = point
        mapping[key] = _styled(value)
    return list_item_yaml(mapping, dash=dash, content=content)


def added_text(
    text: str, data: Any, additions: dict[str, Sequence[TargetModel]], shown: str
) -> str:
    """``text`` with the targets of ``additions`` (by measure id) after each measure's own."""
    locs = {measure: node_loc(data, measure) for measure in additions}
    wanted = set(locs.values())
    spans = node_spans(
        text,
        lambda loc: (
            loc in wanted
            or (len(loc) > 1 and loc[:-1] in wanted and loc[-1] == "targets")
            or (len(loc) > 2 and loc[:-2] in wanted and loc[-2] == "targets" and loc[-1] == 0)
        ),
    )
    newline = newline_of(text)
    edits: list[tuple[int, str]] = []
    for measure, targets in additions.items():
        loc = locs[measure]
        node, listed = spans.get(loc), spans.get((*loc, "targets"))
        if node is None or node.style != "block":
            raise TargetEditError(
                f"avp cannot add targets to measure {measure} in {shown}: it is written on one "
                "line ({...}); write it as a block mapping and run the command again "
                "(nothing was changed)"
            )
        if listed is not None and (listed.style != "block" or (*loc, "targets", 0) not in spans):
            raise TargetEditError(
                f"avp cannot add targets to measure {measure} in {shown}: its targets are "
                "written on one line ([...]); write them as a block list, one '- id: ...' item "
                "per target, and run the command again (nothing was changed)"
            )
        if listed is not None:
            first: Span = spans[(*loc, "targets", 0)]
            at, head = after_line(text, listed.end), ""
            dash, content = listed.column, first.column
        else:
            at = after_line(text, node.end)
            head = " " * node.column + "targets:" + newline
            dash, content = node.column + 2, node.column + 4
        lead = "" if at == 0 or text[at - 1] == "\n" else newline
        items = "".join(target_yaml(t, dash=dash, content=content) for t in targets)
        edits.append((at, lead + head + items.replace("\n", newline)))
    for at, insert in sorted(edits, reverse=True):
        text = text[:at] + insert + text[at:]
    return text


def accepted_text(
    text: str, data: Any, measure: str, target: str | None, shown: str
) -> tuple[str, list[str], set[str]]:
    """``text`` without ``suggested: true`` on the measure's suggested targets (or on
    ``target`` only); the ids accepted, and those whose ``suggested`` shares its line with
    other keys and was set to ``false`` instead."""
    loc = node_loc(data, measure)
    items = _mapping(data, loc).get("targets") or []
    chosen = [
        i
        for i, t in enumerate(items)
        if isinstance(t, dict) and t.get("suggested") is True and target in (None, t.get("id"))
    ]
    if not chosen:
        ids = [t.get("id") for t in items if isinstance(t, dict)]
        if target is not None and target not in ids:
            raise NotFoundError(
                f"measure {measure} has no target {target!r} (its targets: "
                f"{', '.join(map(str, ids)) or 'none'}); nothing was changed"
            )
        what = f"target {target!r} of measure {measure} is" if target else f"measure {measure} has"
        raise UsageError(f"{what} no suggested target to accept; nothing was changed")
    wanted = {(*loc, "targets", i, "suggested") for i in chosen}
    spans = node_spans(text, lambda loc: loc in wanted)
    edits: list[tuple[int, int, str]] = []
    inline: set[str] = set()
    for key in wanted:
        value = spans[key]
        line_start = text.rfind("\n", 0, value.start) + 1
        line_end = after_line(text, value.end)
        own_line = re.fullmatch(r"[ \t]*suggested[ \t]*:[ \t]*", text[line_start : value.start])
        rest = text[value.end : line_end].strip()
        if own_line and (not rest or rest.startswith("#")):
            edits.append((line_start, line_end, ""))
        else:  # '- suggested: true' or a flow mapping: the value becomes false
            edits.append((value.start, value.end, "false"))
            inline.add(items[int(key[-2])]["id"])
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text, [items[i]["id"] for i in chosen], inline


def _mapping(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def edit_programme(path: Path, edit: Edit, *, timeout: float = 10.0) -> tuple[Programme, list[str]]:
    """Apply ``edit`` to the programme file under its lock; checked, atomic. ``edit`` gets
    the text, its data (a copy, to change into what the new text must read as), the
    programme and the file's name, and gives the new text, the expected data and what it
    changed."""
    shown = display_path(path)
    lock = display_path(lock_path_for(path))
    busy = f"the programme is locked by another avp ({lock}); try again in a moment"
    with file_lock(lock_path_for(path), timeout=timeout, busy_message=busy):
        raw = read_bytes(path)
        text = decode(raw, shown)
        hint = f"nothing was changed: fix the problems above (avp validate {shown} lists them)"
        programme = load_programme_text(text, shown, hint=hint)
        data = copy.deepcopy(programme_data(text, shown))
        new_text, expected, changed = edit(text, data, programme, shown)
        if not reads_as(new_text, expected, shown):
            raise TargetEditError(
                f"avp could not change {shown} safely (it reads differently after the "
                "change); nothing was changed: edit the targets by hand"
            )
        try:
            new_programme = load_programme_text(new_text, shown, hint=hint)
        except DataError as exc:
            raise DataError(
                f"{shown} would not be valid after the change; nothing was changed", exc.problems
            ) from None

        def unchanged() -> None:
            if read_bytes(path) != raw:
                raise AvpError(
                    f"{shown} changed while avp was writing (is it open in an editor?); "
                    "nothing was changed: save or close it and run the command again"
                )

        new_raw = (_BOM if raw.startswith(_BOM) else b"") + new_text.encode("utf-8")
        write_atomic(path, new_raw, before_replace=unchanged)
    return new_programme, changed


def add_targets(path: Path, additions: dict[str, Sequence[TargetModel]]) -> Programme:
    """Add the targets to the measures of the programme file (``avp targets suggest --write``)."""

    def edit(text: str, data: Any, programme: Programme, shown: str) -> tuple[str, Any, list[str]]:
        new_text = added_text(text, data, additions, shown)
        for measure, targets in additions.items():
            mapping = _mapping(data, node_loc(data, measure))
            listed = mapping.get("targets") or []
            for target in targets:
                listed.append(programme_data(target_yaml(target, dash=0, content=2), shown)[0])
            mapping["targets"] = listed
        return new_text, data, list(additions)

    return edit_programme(path, edit)[0]


def accept_targets(path: Path, measure: str, target: str | None) -> tuple[Programme, list[str]]:
    """Remove ``suggested`` from a measure's suggested targets (``avp targets accept``)."""

    def edit(text: str, data: Any, programme: Programme, shown: str) -> tuple[str, Any, list[str]]:
        if measure not in programme.owners or programme.owners[measure][0] != "measure":
            raise NotFoundError(f"no measure {measure!r} in {shown}; nothing was changed")
        new_text, ids, inline = accepted_text(text, data, measure, target, shown)
        for item in _mapping(data, node_loc(data, measure))["targets"]:
            if isinstance(item, dict) and item.get("id") in ids:
                del item["suggested"]
                if item["id"] in inline:  # '- suggested: true' or '{...}': now false
                    item["suggested"] = False
        return new_text, data, ids

    return edit_programme(path, edit)
