"""Entries recorded twice: the same id, the same keys and values, or all but the id alike.

A count or value recorded twice counts twice: a missed target reads as met. ``avp progress
add`` gives each entry its own id, so two adds of the same report (by two people, on two
git branches that a union merge joins) stay two entries that differ only in their ids.
"""

from __future__ import annotations

from typing import Any

from avp.base import rules
from avp.base.findings import Finding


def _key(entry: dict[Any, Any], *, with_id: bool) -> Any:
    """The entry's keys and values, in any order (None when a value is no scalar)."""
    try:
        items = frozenset(
            (key, type(value).__name__, value)
            for key, value in entry.items()
            if with_id or key != "id"
        )
        hash(items)
    except TypeError:  # a list or a mapping as a value: the schema reports it
        return None
    return items


def _suspects(entries: list[Any]) -> list[int]:
    """The indexes of the entries that may be duplicates: those that share a measure, a
    date and a note with another, or an id. Finding them costs a tuple and two dict
    look-ups per entry; only these few get their whole keys compared (100,000 entries)."""
    cheap: dict[Any, int] = {}
    ids: dict[str, int] = {}
    suspects: set[int] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or "measure" not in entry or "date" not in entry:
            continue  # not an entry yet (the schema says so): no duplicate of another
        entry_id = entry.get("id")
        if entry_id.__class__ is str:
            first = ids.setdefault(entry_id, index)
            if first != index:
                suspects.update((first, index))
        try:
            first = cheap.setdefault(
                (entry.get("measure"), entry.get("date"), entry.get("note")), index
            )
        except TypeError:  # a list or a mapping as a value: the schema reports it
            continue
        if first != index:
            suspects.update((first, index))
    return sorted(suspects)


def duplicate_findings(entries: list[Any]) -> list[Finding]:
    """An error for an entry with the id of an earlier one or the same keys and values,
    and a warning for one that differs from an earlier one only in its id."""
    findings: list[Finding] = []
    ids: dict[Any, int] = {}
    whole: dict[Any, int] = {}
    without_id: dict[Any, int] = {}
    for index in _suspects(entries):
        entry = entries[index]
        loc = ("entries", index)
        entry_id = entry.get("id")
        same = _key(entry, with_id=True)
        alike = _key(entry, with_id=False)
        if same is not None and same in whole:
            first = whole[same]
            findings.append(
                Finding(
                    loc,
                    f"this entry repeats entries[{first}] exactly (a count or value in it would "
                    "count twice); delete one of them (if it did happen twice, say so in the "
                    "notes)",
                    rules.DUPLICATE_ENTRY,
                )
            )
        elif isinstance(entry_id, str) and entry_id in ids:
            findings.append(
                Finding(
                    (*loc, "id"),
                    f"entries[{ids[entry_id]}] has the id {entry_id!r} too; ids are unique: "
                    "delete this entry if it is a copy, or else give it another id (or none)",
                    rules.DUPLICATE_ENTRY,
                )
            )
        elif alike is not None and alike in without_id:
            findings.append(
                Finding(
                    loc,
                    f"this entry is the same as entries[{without_id[alike]}] except for its "
                    "id: it may record the same thing twice (two people added it, e.g. on two "
                    "git branches that were merged); delete one of them, or if it did happen "
                    "twice, say so in the notes",
                    rules.DUPLICATE_ENTRY,
                    level="warning",
                )
            )
        if isinstance(entry_id, str):
            ids.setdefault(entry_id, index)
        if same is not None:
            whole.setdefault(same, index)
        if alike is not None:
            without_id.setdefault(alike, index)
    return findings
