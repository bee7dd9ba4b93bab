"""The rules of one entry, written once: the model, the log's checks and the CLI ask them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from avp.base.text import bad_characters
from avp.programme.status import Status, status_from_file

#: The entry's fields of free text.
TEXT_FIELDS = ("note", "author", "source", "correction")
#: The statuses that need a correction (:func:`missing_correction` says why); a key as
#: text is found in it too (a status is its key: ``"at_risk" in NEED_CORRECTION``).
NEED_CORRECTION: frozenset[Status] = frozenset(s for s in Status if s.needs_correction)


def control_characters(text: str) -> str | None:
    """Text with control or bidi characters, which have no place in a public document."""
    found = bad_characters(text)
    if not found:
        return None
    shown = ", ".join(f"U+{ord(c):04X}" for c in found)
    return f"text holds control characters ({shown}); remove them"


def missing_correction(status: Any, correction: Any) -> str | None:
    """Oranje and rood (at_risk, off_track) must say what is done about it (bijsturing)."""
    found = status_from_file(status)
    if not isinstance(found, Status) or found not in NEED_CORRECTION or correction is not None:
        return None
    return (
        f"status {found.value!r} ({found.label_nl}) needs a 'correction': "
        "say what is done to get back on track"
    )


def empty(status: Any, count: Any, value: Any, evaluation: Any = None) -> str | None:
    """An entry says something: a status, a count or a value, or a lesson learned (an
    ``evaluation: true`` entry needs nothing else)."""
    if status is None and count is None and value is None and evaluation is not True:
        return "an entry needs a 'status', a 'count' or a 'value'"
    return None


#: What a retracting entry does not carry: it says only which entry is withdrawn and why.
_NOT_IN_RETRACTION = ("status", "count", "value", "target", "correction", "evaluation")


def retraction_problem(entry: Mapping[str, Any]) -> str | None:
    """An entry that retracts another carries only its note (why) besides the usual keys;
    it supersedes nothing, and no entry supersedes or retracts itself."""
    retracts, supersedes, own = entry.get("retracts"), entry.get("supersedes"), entry.get("id")
    if retracts is not None and supersedes is not None:
        return (
            "an entry either 'retracts' or 'supersedes' another, not both; to replace an "
            "entry, supersede it only"
        )
    pointed = retracts if retracts is not None else supersedes
    if pointed is not None and own is not None and pointed == own:
        key = "retracts" if retracts is not None else "supersedes"
        return f"the entry {own!r} {key} itself; name the id of an earlier entry"
    if retracts is not None:
        extra = [key for key in _NOT_IN_RETRACTION if entry.get(key) is not None]
        if extra:
            names = ", ".join(f"'{key}'" for key in extra)
            return (
                f"an entry that retracts another has no {names}: it only withdraws "
                f"{retracts!r} (its note says why); to replace that entry, use 'supersedes'"
            )
    return None


def target_without_figure(target: Any, count: Any, value: Any) -> str | None:
    """'target' names what a count or value is for, so it needs one of them."""
    if target is not None and count is None and value is None:
        return (
            "'target' says which target a count or value is for, but this entry has neither; "
            "add a 'count' or a 'value', or leave 'target' out"
        )
    return None
