"""Changing an id in the programme and in its progress log, together: ``avp renumber``.

Ids are the programme's own numbers and entries refer to them, so they stay. When one
must change anyway (a typo, the college renumbers), :func:`renumber` changes it in the
programme and in every entry of the log that names it, and records the change as an
amendment. It is the one change to the log that is not an append.

Under the locks of both files (the programme's ``<programme>.lock``, then the log's
``<log>.lock``, which ``avp progress add`` takes too) both are read again and edited as
text (:mod:`avp.progress.edit`): the id's scalar is replaced where the parser says it is,
in the style it had, and the amendment is added at the end of the ``amendments:`` list
(or in a new ``amendments:`` block at the end of the file); every other byte stays. The
new texts must read back as the old data with exactly these changes, the programme must
be valid and the log valid against it; then the log is replaced, then the programme
(:func:`avp.storage.pair.replace_pair`: a failure in between puts the log back).

A second run of the same command completes one that was cut off between the two
replaces (a power cut): the log names the new id already, and the log is checked only
as it will be, against the renumbered programme.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avp.base.findings import format_loc
from avp.base.problems import AvpError, DataError, NotFoundError, Problem, UsageError, sort_problems
from avp.base.text import bad_characters, suggest
from avp.i18n import phrase
from avp.programme.checks import check_programme
from avp.programme.load import load_programme_text, programme_data
from avp.programme.models import NODE_ID_PATTERN, Amendment, Level, Programme, Renumbering
from avp.progress.append import LOCK_TIMEOUT, remove_stale_temporaries
from avp.progress.edit import (
    RenumberError,
    node_loc,
    reads_as,
    renumbered_log,
    renumbered_programme,
)
from avp.progress.read import _parse_log_data
from avp.storage.atomic import write_atomic
from avp.storage.files import decode, display_path, read_bytes, read_bytes_if_exists
from avp.storage.lock import file_lock, lock_path_for
from avp.storage.pair import replace_pair
from avp.yamlio.loader import load_items
from avp.yamlio.spans import node_spans

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Renumbered:
    """What :func:`renumber` did."""

    old: str
    new: str
    level: Level
    programme_path: Path
    log_path: Path
    #: The indexes of the log's entries that now name ``new``.
    entries: tuple[int, ...]
    amendment: Amendment
    #: The programme as it is now.
    programme: Programme
    #: Warnings about the new programme (an id that no longer follows its place).
    warnings: tuple[Problem, ...]


def renumber(
    programme_path: Path,
    log_path: Path,
    old: str,
    new: str,
    *,
    date: dt.date,
    decision: str | None = None,
    timeout: float = LOCK_TIMEOUT,
    today: dt.date | None = None,
) -> Renumbered:
    """Change the id ``old`` of a field, theme or measure to ``new`` in the programme and
    in every entry of its log (which need not exist yet), and add an amendment of
    ``date`` (by ``decision``) that says so.

    Raises UsageError for a ``new`` that is no id, NotFoundError for an unknown ``old``,
    AvpError for a ``new`` that is taken, DataError when the programme is invalid or the
    log would be, LockTimeoutError, WriteError; nothing is written then.
    """
    if re.fullmatch(NODE_ID_PATTERN, new) is None:
        raise UsageError(
            f"{new!r} is not a valid id: letters and digits, and '.', '_' or '-' between "
            "them (at most 40 characters), e.g. 1.3.2a or B4; nothing was changed"
        )
    if old == new:
        raise UsageError(f"the id is {old!r} already; nothing was changed")
    if decision is not None and not decision.strip():
        raise UsageError("the decision is empty; name it, or leave it out")
    if decision is not None and (found := bad_characters(decision)):
        shown = ", ".join(f"U+{ord(c):04X}" for c in found)
        raise UsageError(f"the decision holds control characters ({shown}); remove them")
    if os.path.realpath(programme_path) == os.path.realpath(log_path):
        raise UsageError(f"{display_path(programme_path)} names itself as its progress log")
    busy = "{} is locked by another avp ({}); try again in a moment"
    with (
        file_lock(
            lock_path_for(programme_path),
            timeout=timeout,
            busy_message=busy.format("the programme", display_path(lock_path_for(programme_path))),
        ),
        file_lock(
            lock_path_for(log_path),  # the lock append_entry takes
            timeout=timeout,
            busy_message=busy.format("the progress log", display_path(lock_path_for(log_path))),
        ),
    ):
        remove_stale_temporaries(programme_path)
        remove_stale_temporaries(log_path)
        return _renumber_locked(
            programme_path, log_path, old, new, date=date, decision=decision, today=today
        )


def _renumber_locked(
    programme_path: Path,
    log_path: Path,
    old: str,
    new: str,
    *,
    date: dt.date,
    decision: str | None,
    today: dt.date | None,
) -> Renumbered:
    shown = display_path(programme_path)
    raw = read_bytes(programme_path)
    text = decode(raw, shown)
    programme, data = _programme(text, shown)
    owner = programme.owners.get(old)
    if owner is None:
        raise NotFoundError(
            f"no field, theme or measure {old!r} in {shown}{suggest(old, programme.owners)}; "
            "nothing was changed"
        )
    if new in programme.owners:
        taken = programme.owners[new][0]
        raise AvpError(
            f"{new!r} is the id of {taken} {new} already; every field, theme and measure "
            "needs its own id: choose another (nothing was changed)"
        )
    level = owner[0]
    amendment = Amendment(
        date=date,
        decision=decision,
        description=phrase(programme.programme.language, "amendment.renumbered", old=old, new=new),
        renumbered=Renumbering(old=old, new=new),
    )
    new_text = renumbered_programme(text, data, old, new, amendment, shown)
    new_programme = _checked_programme(data, new_text, old, new, amendment, shown)
    new_raw = (_BOM if raw.startswith(_BOM) else b"") + new_text.encode("utf-8")

    log_shown = display_path(log_path)
    log_raw = read_bytes_if_exists(log_path)
    changed: tuple[int, ...] = ()
    new_log_raw = log_raw
    if log_raw is not None:
        from ruamel.yaml.error import YAMLError  # lazy

        log_text = decode(log_raw, log_shown)
        log_data = _log_data(log_text, log_shown)
        try:
            new_log_text, changed = renumbered_log(log_text, old, new)
        except YAMLError:  # pragma: no cover - the loaders read it just before
            raise RenumberError(
                f"avp could not find the entries in {log_shown}; nothing was changed"
            ) from None
        _check_log(log_data, new_log_text, changed, new, new_programme, log_shown, today)
        if changed:
            bom = _BOM if log_raw.startswith(_BOM) else b""
            new_log_raw = bom + new_log_text.encode("utf-8")

    def unchanged() -> None:
        for path, before in ((programme_path, raw), (log_path, log_raw)):
            if read_bytes_if_exists(path) != before:
                raise AvpError(
                    f"{display_path(path)} changed while avp was renumbering (is it open in "
                    "an editor?); nothing was changed: save or close it and run the command "
                    "again"
                )

    if changed and new_log_raw is not None:
        # The log first: cut off after it, a second run completes the change.
        replace_pair(log_path, new_log_raw, programme_path, new_raw, before_replace=unchanged)
    else:
        write_atomic(programme_path, new_raw, before_replace=unchanged)
    warnings = _new_warnings(data, new_text, shown)
    return Renumbered(
        old, new, level, programme_path, log_path, changed, amendment, new_programme, warnings
    )


# --- the programme ----------------------------------------------------------------------------


def _hint(shown: str) -> str:
    return f"nothing was changed: fix the problems above (avp validate {shown} lists them)"


def _programme(text: str, shown: str) -> tuple[Programme, Any]:
    """The programme of ``text`` and its plain data (shared: read it, change a copy);
    DataError with the located problems when it is invalid."""
    try:
        return load_programme_text(text, shown, hint=_hint(shown)), programme_data(text, shown)
    except DataError as exc:
        raise DataError(f"{shown} is not a valid programme; {_hint(shown)}", exc.problems) from None


def _amendment_data(amendment: Amendment) -> dict[str, Any]:
    """The amendment as YAML reads it back: dates are text."""
    values = amendment.model_dump(exclude_none=True)
    values["date"] = amendment.date.isoformat()
    return values


def _checked_programme(
    data: Any, new_text: str, old: str, new: str, amendment: Amendment, shown: str
) -> Programme:
    """The programme of ``new_text``, which must read as ``data`` with the id changed and
    the amendment added, and be valid."""
    expected = copy.deepcopy(data)
    target = expected
    for part in node_loc(data, old):
        target = target[part]
    target["id"] = new
    expected.setdefault("amendments", [])
    if expected["amendments"] is None:  # pragma: no cover - not a valid programme
        expected["amendments"] = []
    expected["amendments"].append(_amendment_data(amendment))
    if not reads_as(new_text, expected, shown):
        raise RenumberError(
            f"avp could not change {shown} safely (it reads differently after the change); "
            "nothing was changed: change the id by hand and add the amendment"
        )
    try:
        return load_programme_text(new_text, shown, hint=_hint(shown))
    except DataError as exc:
        raise DataError(
            f"{shown} would not be valid after the change; nothing was changed: "
            "fix the problems above",
            exc.problems,
        ) from None


def _new_warnings(data: Any, new_text: str, shown: str) -> tuple[Problem, ...]:
    """The warnings about the new programme that the old one did not have (an id that no
    longer follows its place), located."""
    before = {(f.rule, f.message) for f in check_programme(data) if f.level == "warning"}
    found = [
        f
        for f in check_programme(programme_data(new_text, shown))
        if f.level == "warning" and (f.rule, f.message) not in before
    ]
    if not found:
        return ()
    wanted = {f.loc[:n] for f in found for n in range(len(f.loc) + 1)}
    spans = node_spans(new_text, wanted.__contains__)
    problems = []
    for finding in found:
        line = column = 0
        at = next(
            (spans[f] for n in range(len(finding.loc), -1, -1) if (f := finding.loc[:n]) in spans),
            None,
        )
        if at is not None:
            line = new_text.count("\n", 0, at.start) + 1
            column = at.start - new_text.rfind("\n", 0, at.start)
        problems.append(
            Problem(
                shown,
                line,
                column,
                level="warning",
                message=finding.message,
                rule=finding.rule,
                yaml_path=format_loc(finding.loc),
            )
        )
    return tuple(sort_problems(problems))


# --- the log ----------------------------------------------------------------------------------


def _log_data(text: str, shown: str) -> Any:
    """The plain data of a log's text; DataError (located) when it does not parse."""
    try:
        return load_items(text, shown)
    except DataError as exc:
        raise DataError(
            f"{shown} is not a valid progress log; nothing was changed: fix the problems "
            f"above (avp validate {shown} lists them)",
            exc.problems,
        ) from None


def _check_log(
    data: Any,
    new_text: str,
    changed: tuple[int, ...],
    new: str,
    programme: Programme,
    shown: str,
    today: dt.date | None,
) -> None:
    """The new log must be valid for the new programme and read as the old one (``data``,
    which this changes) with only the ``measure`` of the ``changed`` entries made ``new``."""
    try:
        _, new_data = _parse_log_data(new_text, shown, programme, today=today)
    except DataError as exc:
        raise DataError(
            f"{shown} is not a valid progress log (checked as it would be after the change); "
            f"nothing was changed: fix the problems above (avp validate {shown} lists them)",
            exc.problems,
        ) from None
    if not changed:
        return
    entries = data.get("entries") if isinstance(data, dict) else None
    if isinstance(entries, list):
        for index in changed:
            entries[index] = {**entries[index], "measure": new}
    if new_data != data:
        raise RenumberError(
            f"avp could not change {shown} safely (it reads differently after the change); "
            "nothing was changed: change the ids by hand"
        )
