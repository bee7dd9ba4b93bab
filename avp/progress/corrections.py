"""Corrections in an append-only log: an entry that supersedes or retracts an earlier one.

``avp progress amend ID`` appends an entry with ``supersedes: ID`` (the whole corrected
entry), ``avp progress retract ID`` one with ``retracts: ID`` (only why, in its note). The
earlier entry stays in the file, and git's history with it; from then on it no longer
counts. :func:`effective` is the one place that decides what counts: the state of the
measures (:func:`avp.progress.state.progress_state`) asks it, and so everything built on
that state (statuses, histories, the targets' counts and values, reports).

The rules (checked by :func:`correction_findings`, rule ``supersedes``): an entry names an
entry of the log by its id; not itself, and not in a cycle; an entry is superseded or
retracted once (correct the correction instead); a retraction is not itself superseded or
retracted; a retraction is about the same measure as what it retracts.

A correction corrects the record: a report for any day, made after the correction, uses
the corrected entry (a retraction dated today also withdraws an entry of last year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from avp.base import rules
from avp.base.findings import Finding

if TYPE_CHECKING:
    from avp.progress.models import Entry

E = TypeVar("E")

#: The keys by which an entry points at an earlier one.
KEYS = ("supersedes", "retracts")


def pointer(entry: Any) -> tuple[str, str] | None:
    """(key, id) of what the entry (a model, its twin, or plain data) supersedes or
    retracts, or None."""
    plain = isinstance(entry, Mapping)
    for key in KEYS:
        pointed = entry.get(key) if plain else getattr(entry, key, None)
        if pointed is not None:
            return key, pointed
    return None


def has_corrections(entries: Sequence[Any]) -> bool:
    """Whether any entry supersedes or retracts another (most logs: none)."""
    return any(e.supersedes is not None or e.retracts is not None for e in entries)


def effective(entries: Sequence[E]) -> Sequence[E]:
    """The entries that count, in log order: without the entries that were superseded or
    retracted and without the retractions themselves. ``entries`` as it is when no entry
    corrects another."""
    if not has_corrections(entries):
        return entries
    replaced = {
        pointed: True
        for entry in entries
        if (pointed := getattr(entry, "supersedes", None) or getattr(entry, "retracts", None))
    }
    return [
        e
        for e in entries
        if getattr(e, "retracts", None) is None and (e.id is None or e.id not in replaced)  # type: ignore[attr-defined]
    ]


def corrected_by(entries: Iterable[Entry]) -> dict[str, Entry]:
    """Entry id -> the entry that supersedes or retracts it."""
    found: dict[str, Entry] = {}
    for entry in entries:
        points = pointer(entry)
        if points is not None:
            found.setdefault(points[1], entry)
    return found


def correction_findings(entries: Sequence[Any]) -> list[Finding]:
    """The errors of the entries (plain data) that supersede or retract another."""
    pointing = [
        (index, points)
        for index, entry in enumerate(entries)
        if isinstance(entry, dict)
        and ("supersedes" in entry or "retracts" in entry)  # most entries: neither
        and (points := pointer(entry)) is not None
    ]
    if not pointing:
        return []
    where: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where.setdefault(entry["id"], index)
    findings: list[Finding] = []
    target_of: dict[int, int] = {}  # index of the entry -> index of the one it points at
    first_by: dict[int, int] = {}  # index of a corrected entry -> the first correcting it
    for index, (key, pointed) in pointing:
        loc = ("entries", index, key)
        if not isinstance(pointed, str):
            continue  # the schema says what is wrong with it
        if pointed == entries[index].get("id"):
            continue  # the entry's own rule (retraction_problem) says it
        found = where.get(pointed)
        if found is None:
            findings.append(
                Finding(
                    loc,
                    f"no entry of this log has the id {pointed!r}; give the id of the entry "
                    "to correct (avp progress list shows the ids)",
                    rules.SUPERSEDES,
                )
            )
            continue
        problem = _problem(entries, index, key, found, first_by)
        if problem is not None:
            findings.append(Finding(loc, problem, rules.SUPERSEDES))
            continue
        first_by.setdefault(found, index)
        target_of[index] = found
    findings += _cycles(target_of, entries)
    return findings


def _problem(
    entries: Sequence[Any], index: int, key: str, found: int, first_by: Mapping[int, int]
) -> str | None:
    target = entries[found]
    pointed = target.get("id")
    if target.get("retracts") is not None:
        return (
            f"entry {pointed!r} is itself a retraction; it cannot be {_done(key)}. To "
            "record the withdrawn entry again, add it anew"
        )
    earlier = first_by.get(found)
    if earlier is not None:
        by = entries[earlier].get("id")
        named = f"entry {by!r}" if by else f"entries[{earlier}]"
        return (
            f"entry {pointed!r} is already {_done(pointer(entries[earlier])[0])} by {named} "  # type: ignore[index]
            f"(entries[{earlier}]); correct that entry instead"
        )
    if key == "retracts" and entries[index].get("measure") != target.get("measure"):
        return (
            f"entry {pointed!r} is about measure {target.get('measure')!r}; a retraction "
            "names the same measure as the entry it withdraws"
        )
    return None


def _done(key: str) -> str:
    return "superseded" if key == "supersedes" else "retracted"


def _cycles(target_of: Mapping[int, int], entries: Sequence[Any]) -> list[Finding]:
    """An error for each entry in a cycle of entries that supersede one another."""
    findings: list[Finding] = []
    done: set[int] = set()
    for start in target_of:
        path: list[int] = []
        seen: set[int] = set()
        index: int | None = start
        while index is not None and index not in done and index not in seen:
            seen.add(index)
            path.append(index)
            index = target_of.get(index)
        if index is not None and index in seen:  # a cycle: from index round to it
            cycle = path[path.index(index) :]
            ids = " -> ".join(repr(entries[i].get("id")) for i in [*cycle, cycle[0]])
            for i in cycle:
                key = pointer(entries[i])[0]  # type: ignore[index]
                findings.append(
                    Finding(
                        ("entries", i, key),
                        f"entries supersede one another in a cycle ({ids}); so none of them "
                        "would count: remove the 'supersedes' of the one that came first",
                        rules.SUPERSEDES,
                    )
                )
        done.update(path)
    return findings


def find_entry(entries: Iterable[Entry], entry_id: str, shown: str) -> Entry:
    """The entry with this id; NotFoundError (a usage error, exit 2, as a measure that is
    not in the programme) saying how to find ids otherwise."""
    from avp.base.problems import NotFoundError  # lazy

    wanted = entry_id.strip()
    for entry in entries:
        if entry.id == wanted:
            return entry
    raise NotFoundError(
        f"{shown} has no entry with the id {entry_id!r}; avp progress list shows the ids "
        "(an entry written by hand without an id cannot be named: give it one, 6 to 20 "
        "lowercase letters and digits)"
    )


def check_correctable(entries: Iterable[Entry], original: Entry, shown: str) -> None:
    """AvpError when ``original`` cannot be corrected (again): it is a retraction, or
    another entry supersedes or retracts it already. ``append_entry`` checks it too,
    under the log's lock; this says it before anything is asked."""
    from avp.base.problems import AvpError  # lazy

    if original.retracts is not None:
        raise AvpError(
            f"entry {original.id!r} in {shown} is a retraction (of {original.retracts!r}); "
            "it cannot be amended or retracted: add the withdrawn report anew instead"
        )
    later = corrected_by(entries).get(original.id or "")
    if later is not None:
        if later.retracts is not None:
            raise AvpError(
                f"entry {original.id!r} in {shown} is already retracted by entry "
                f"{later.id!r}; to record it again, add it anew (avp progress add)"
            )
        raise AvpError(
            f"entry {original.id!r} in {shown} is already superseded by entry "
            f"{later.id!r}; correct that one instead (avp progress amend {later.id})"
        )


#: The fields an amendment may change (``avp progress amend``).
AMENDABLE = (
    "measure",
    "date",
    "status",
    "target",
    "count",
    "value",
    "period",
    "note",
    "source",
    "correction",
)


def amendment(original: Entry, changes: Mapping[str, Any], author: str) -> Entry:
    """A new entry that supersedes ``original``: its fields with ``changes`` (only the
    keys of :data:`AMENDABLE`; None for "as it was"), by ``author``. ValidationError as
    :class:`Entry` raises; ValueError when nothing changes."""
    from avp.progress.models import Entry  # lazy

    given = {key: value for key, value in changes.items() if value is not None}
    unknown = set(given) - set(AMENDABLE)
    if unknown:
        raise ValueError(f"cannot amend {', '.join(sorted(unknown))}")
    data = {
        name: getattr(original, name)
        for name in Entry.model_fields
        if name not in ("id", "supersedes", "retracts", "author")
    }
    if all(data.get(key) == value for key, value in given.items()):
        raise ValueError("nothing to amend: every value given is what the entry says already")
    data.update(given)
    return Entry.model_validate(
        {
            **{k: v for k, v in data.items() if v is not None},
            "supersedes": original.id,
            "author": author,
        }
    )


def retraction(original: Entry, reason: str, day: Any, author: str) -> Entry:
    """A new entry that retracts ``original``: why (``reason``, its note), on ``day``."""
    from avp.progress.models import Entry  # lazy

    return Entry(
        retracts=original.id,
        measure=original.measure,
        date=day,
        note=reason,
        author=author,
    )
