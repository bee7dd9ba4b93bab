"""Appending an entry to a log: under a lock, checked before and after, swapped in atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import (
    ValidationError,
)

from avp.base import rules
from avp.base.problems import AvpError, DataError
from avp.programme.load import fingerprint, load_programme
from avp.programme.models import Programme
from avp.progress.checks import entry_problems
from avp.progress.models import Entry, ProgressLog
from avp.progress.read import _load_log_data, parse_log, programme_fingerprint
from avp.progress.write import AppendError, appended_text
from avp.storage import cache
from avp.storage.atomic import TEMP_SUFFIX, write_atomic
from avp.storage.files import decode, display_path, read_bytes_if_exists
from avp.storage.interrupt import exit_code, terminate_raises
from avp.storage.lock import LOCK_TIMEOUT as LOCK_TIMEOUT
from avp.storage.lock import file_lock, lock_path_for, real_path
from avp.yamlio.loader import load


class AppendInterrupted(AvpError):
    """Ctrl-C or SIGTERM during :func:`append_entry`; the message says whether the entry
    was written (``added``; None when the log changed otherwise). Exit 130 or 143."""

    def __init__(self, message: str, *, added: bool | None, exit_code: int) -> None:
        super().__init__(message)
        self.added = added
        self.exit_code = exit_code


def append_entry(
    log_path: Path,
    entry: Entry,
    programme: Programme,
    *,
    timeout: float = LOCK_TIMEOUT,
    today: dt.date | None = None,
    programme_path: Path | None = None,
) -> Entry:
    """Add ``entry`` at the end of the log, safely; returns the entry as read back.

    Under a lock on ``<log>.lock`` (beside the real file, whatever name leads to it;
    waiting at most ``timeout`` seconds for other writers): the log must be valid
    (DataError with its problems otherwise; nothing is written), the entry must be valid
    for the programme (DataError), the new text is checked before it atomically replaces
    the file. A missing log is created. Raises LockTimeoutError when another avp holds
    the lock for ``timeout`` seconds and WriteError when the file cannot be written
    (read-only, hard-linked, ...); the log is then unchanged. Ctrl-C and SIGTERM raise
    :class:`AppendInterrupted`, which says whether the entry was written.

    ``programme_path``: the file ``programme`` was read from. It is read again under the
    lock and the entry is checked against it as it is then: ``avp renumber`` changes ids
    under this lock, and an entry for an id it changed meanwhile gets the new id.
    """

    shown = display_path(log_path)
    real = real_path(log_path)  # one lock per file, whatever name leads to it
    lock = lock_path_for(real)
    busy = (
        f"the progress log is locked by another avp ({display_path(lock)}); try again in a "
        "moment, or wait longer with --wait SECONDS"
    )
    _warm_up(log_path, real, programme, today)
    pending: list[bytes | None] = []  # the log before and after, once they are known
    with (
        terminate_raises(),
        _interruption(real, shown, pending),  # while waiting for the lock or releasing it
        file_lock(lock, timeout=timeout, busy_message=busy),
        _interruption(real, shown, pending),  # decided under the lock
    ):
        if programme_path is not None:
            current = load_programme(programme_path)
            # Compared by their fingerprints (known for both when they come from their
            # snapshots), not model by model: 10,000 measures take a while to compare.
            if current is not programme and fingerprint(current) != fingerprint(programme):
                entry = renumbered_since(entry, programme, current)
                programme = current
        remove_stale_temporaries(real)
        old_raw = read_bytes_if_exists(log_path)
        old_log = ProgressLog(entries=[])
        old_data: Any = None
        old_text: str | None = None
        large = False
        depends = programme_fingerprint(programme)
        count: int | None = 0
        if old_raw is not None:
            old_text = decode(old_raw, shown)
            large = len(old_text) > FULL_CHECK_LIMIT and not has_document_end(old_text)
            # A large log that validated as it is now (the cache says so, and how many
            # entries it has) is not read again: only the new lines are checked.
            count = cache.entry_count("progress", log_path, old_raw, depends) if large else None
            if count is None:
                old_log, old_data = _load_log_data(log_path, old_raw, programme, today=today)
                count = len(old_data.get("entries") or [])
        errors = [
            p
            for p in entry_problems(
                entry,
                programme,
                log_path=log_path,
                index=count,
                today=today,
            )
            if p.level == "error"
        ]
        if errors:
            raise DataError(f"the entry was not added to {shown}; fix the problems above", errors)
        new_text = appended_text(old_text, entry, shown)
        if old_text is not None and large:
            written, item = _check_appended_item(old_text, new_text, shown, entry)
        else:
            written = _check_appended(new_text, shown, programme, old_log, entry, today).entries[-1]
            item = None
        bom = (
            b"\xef\xbb\xbf" if old_raw is not None and old_raw.startswith(b"\xef\xbb\xbf") else b""
        )

        def unchanged() -> None:
            if read_bytes_if_exists(log_path) != old_raw:
                raise AvpError(
                    f"{shown} changed while avp was adding the entry (is it open in an "
                    "editor?); save or close it and run the command again"
                )

        new_raw = bom + new_text.encode("utf-8")
        pending[:] = [old_raw, new_raw]
        write_atomic(real, new_raw, before_replace=unchanged)
        if item is not None and old_raw is not None:
            appended = cache.append_entry("progress", log_path, old_raw, new_raw, item, depends)
            if not appended and isinstance(old_data, dict):
                new_data = {**old_data, "entries": [*(old_data.get("entries") or []), item]}
                cache.store("progress", log_path, new_raw, new_data, depends)
    return written


@contextlib.contextmanager
def _interruption(real: Path, shown: str, pending: list[bytes | None]) -> Iterator[None]:
    """Ctrl-C or SIGTERM in the block becomes :class:`AppendInterrupted`, which says
    whether the entry is in the log: the file is compared with the bytes that were to be
    written (``pending``: old and new), not told by a flag a signal could race."""
    try:
        yield
    except KeyboardInterrupt as exc:  # Terminated (SIGTERM) is one too
        try:
            now = read_bytes_if_exists(real)
        except AvpError:
            now = None
        if len(pending) == 2 and now == pending[1]:
            added: bool | None = True
            message = f"interrupted; the entry WAS added to {shown}"
        elif not pending or now == pending[0]:
            added = False
            message = f"interrupted; the entry was not added: {shown} is unchanged"
        else:
            added = None
            message = f"interrupted; {shown} changed meanwhile: check whether the entry is in it"
        raise AppendInterrupted(message, added=added, exit_code=exit_code(exc)) from None


def _warm_up(log_path: Path, real: Path, programme: Programme, today: dt.date | None) -> None:
    """Read the log once before taking the lock: the parsers are imported and the cache
    filled outside it, so that writers wait for each other less. Whatever is wrong is
    found (and reported) again under the lock."""
    try:
        if real.stat().st_size > FULL_CHECK_LIMIT:
            return  # not parsed under the lock either: nothing to warm up (or read twice)
    except OSError:
        pass  # a missing log (it is created), or one read_bytes says why it cannot be read
    try:
        raw = read_bytes_if_exists(real)
        if raw is not None and len(raw) <= FULL_CHECK_LIMIT:
            _load_log_data(log_path, raw, programme, today=today)
    except (AvpError, OSError, ValidationError):
        pass


def renumbered_since(entry: Entry, before: Programme, now: Programme) -> Entry:
    """``entry`` (made for the programme ``before``) with the id ``now`` gives its measure,
    field or theme: the amendments ``avp renumber`` added since ``before`` say so."""
    measure = entry.measure
    if measure in now.owners:
        return entry
    for amendment in now.amendments[len(before.amendments) :]:
        if amendment.renumbered is not None and amendment.renumbered.old == measure:
            measure = amendment.renumbered.new
    return entry.model_copy(update={"measure": measure}) if measure != entry.measure else entry


# Up to this size the whole new text is parsed and compared after appending; above it,
# the appended lines are parsed on their own (their cost does not grow with the log).
FULL_CHECK_LIMIT = 256 * 1024


_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*(?:#.*)?$", re.MULTILINE)


def has_document_end(text: str) -> bool:
    """Whether a line of ``text`` is a document end marker (``...``).

    The pattern runs only if some line starts with ``...``: a search of a multi-line
    ``^`` tries every position of a large log, the substring search does not.
    """
    if not text.startswith("...") and "\n..." not in text:
        return False
    return _DOCUMENT_END.search(text) is not None


def remove_stale_temporaries(log_path: Path) -> None:
    """Temporary files of a writer that was killed before it could clean up.

    Only the holder of the log's lock writes them, so under the lock any that exist are
    left over.
    """

    for leftover in log_path.parent.glob(f".{glob.escape(log_path.name)}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _check_appended_item(
    old_text: str, new_text: str, shown: str, entry: Entry
) -> tuple[Entry, Any]:
    """For a large log: the appended lines on their own must read as exactly the entry.

    The old log is valid, so its only key is ``entries`` with a block list whose items
    start at the indentation :func:`layout` found; lines added after its end at that
    indentation can only add one more item to that list.
    """
    tail = new_text[len(old_text) :] if new_text.startswith(old_text) else None
    problem = "the appended lines do not follow the old text"
    if tail is not None:
        probe = "entries:\n" + tail.lstrip("\r\n").replace("\r\n", "\n")
        try:
            data = load(probe, shown)
            items = data.get("entries") if isinstance(data, dict) else None
            if isinstance(items, list) and len(items) == 1:
                read_back = Entry.model_validate(items[0])
                if read_back == entry:
                    return read_back, items[0]
            problem = "the appended lines read differently"
        except (DataError, ValidationError):
            problem = "the appended lines do not parse"
    raise AppendError(
        f"avp could not add the entry to {shown} safely ({problem}); "
        "the log was not changed: add it by hand"
    )


def _check_appended(
    text: str,
    shown: str,
    programme: Programme,
    old: ProgressLog,
    entry: Entry,
    today: dt.date | None,
) -> ProgressLog:
    """The appended text must parse to the old entries plus exactly the new one."""
    try:
        new = parse_log(text, shown, programme, today=today)
    except DataError as exc:
        twice = [p for p in exc.problems if p.rule == rules.DUPLICATE_ENTRY]
        if twice:  # an entry without an id, alike in every key to one in the log
            raise DataError(
                f"the entry was not added to {shown}: the log has it already", twice
            ) from None
        problem = exc.problems[0].message if exc.problems else exc.message
        raise AppendError(
            f"avp could not add the entry to {shown} safely ({problem}); "
            "the log was not changed: add it by hand"
        ) from None
    if new.entries[:-1] != old.entries or new.entries[-1:] != [entry]:
        raise AppendError(
            f"avp could not add the entry to {shown} safely (the log reads differently "
            "after appending); the log was not changed: add it by hand"
        )
    return new
