"""Appending an entry to a log: under a lock, checked before and after, swapped in atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import (
    ValidationError,
)

from avp.base import rules
from avp.base.problems import AvpError, DataError
from avp.programme.load import fingerprint, load_programme
from avp.progress import log_index
from avp.progress.checks import entry_problems
from avp.progress.log_index import LogIndex, PlainIndex
from avp.progress.models import Entry, ProgressLog
from avp.progress.read import _load_log_data, parse_log, programme_fingerprint
from avp.progress.write import AppendError, Layout, appended_lines, appended_text, layout
from avp.storage import cache, snapshot
from avp.storage.atomic import TEMP_SUFFIX, write_atomic
from avp.storage.files import decode, display_path, read_bytes_if_exists
from avp.storage.interrupt import exit_code, terminate_raises
from avp.storage.lock import LOCK_TIMEOUT as LOCK_TIMEOUT
from avp.storage.lock import file_lock, lock_path_for, real_path
from avp.yamlio.loader import load

if TYPE_CHECKING:
    from avp.programme.models import Programme


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
    pending: list[Any] = []  # the log before and its new parts, once they are known
    with (
        terminate_raises(),
        _interruption(real, shown, pending),  # while waiting for the lock or releasing it
        file_lock(lock, timeout=timeout, busy_message=busy),
        _interruption(real, shown, pending),  # decided under the lock
    ):
        if programme_path is not None:
            current = load_programme(programme_path, twins=isinstance(programme, snapshot.Twin))
            # Compared by their fingerprints (known for both when they come from their
            # snapshots), not model by model: 10,000 measures take a while to compare.
            if current is not programme and fingerprint(current) != fingerprint(programme):
                entry = renumbered_since(entry, programme, current)
                programme = current
        remove_stale_temporaries(real)
        written = _append_locked(log_path, real, shown, entry, programme, today, pending)
    return written


def _append_locked(
    log_path: Path,
    real: Path,
    shown: str,
    entry: Entry,
    programme: Programme,
    today: dt.date | None,
    pending: list[Any],
) -> Entry:
    """:func:`append_entry` under the lock: read, check, write, keep the cache current.

    A large log is not read whole again when the cache holds the index of exactly its
    bytes (:mod:`avp.progress.log_index`: they validated, against this programme): the
    appended lines are parsed on their own and must read as exactly the entry, which the
    index then checks against the entries before it (a shared id, an id-less entry that
    may repeat one, a correction of what may not be corrected); only when it cannot rule
    out an error is the whole new text validated. The log's bytes are hashed once: the
    keys of the new bytes continue that hash (:class:`avp.storage.cache.RawDigest`). A
    large log read whole (no index yet, or no cache) is checked the same way, by its
    entries themselves when no index is kept (:class:`PlainIndex`).
    """
    old_raw = read_bytes_if_exists(log_path)
    depends = programme_fingerprint(programme)
    digest = index = None
    if old_raw is not None and len(old_raw) > FULL_CHECK_LIMIT and cache.cache_dir() is not None:
        digest = cache.RawDigest(old_raw)
        index = log_index.load(log_path, old_raw, digest, depends)
    old_log = ProgressLog(entries=[])
    old_data: Any = None
    old_text: str | None = None
    large = False
    count = 0
    if index is not None:
        count = index.count
    elif old_raw is not None:
        old_text = decode(old_raw, shown)
        large = len(old_text) > FULL_CHECK_LIMIT and not has_document_end(old_text)
        cached = _cached_data(log_path, old_raw, digest, depends) if large else None
        if cached is not None:  # the data of these very bytes, which validated
            old_data = cached
        else:
            # Without a cache to keep a snapshot in, a large log appended to in place needs
            # only its plain data: its models are not kept (100,000 entries: 60 MiB).
            lean = large and cache.trusted_dir() is None and _in_place(old_text, shown)
            old_log, old_data = _load_log_data(
                log_path, old_raw, programme, today=today, models=not lean
            )
        count = len(old_data.get("entries") or [])
    errors = [
        p
        for p in entry_problems(entry, programme, log_path=log_path, index=count, today=today)
        if p.level == "error"
    ]
    if errors:
        raise DataError(f"the entry was not added to {shown}; fix the problems above", errors)
    item: Any = None
    if index is not None and old_raw is not None:  # the index proves the old bytes valid
        shape = Layout(newline=index.newline, dash=index.dash)
        tail = appended_lines(entry, shape, after_break=old_raw.endswith((b"\n", b"\r")))
        written, item = _check_tail(tail, shown, entry)
        if not index.clear_for(item):
            _check_whole(decode(old_raw, shown) + tail, shown, programme, entry, today, count)
        parts = [old_raw, tail.encode("utf-8")]
    else:
        laid = layout(old_text, shown) if old_text is not None and large else None
        if old_text is not None and old_raw is not None and laid and laid.rewrite is None:
            # A large log: only the lines of the entry are made, parsed and checked; the
            # old bytes are written as they are (no copy of the whole text is made).
            after_break = not old_text or old_text.endswith(("\n", "\r"))
            tail = appended_lines(entry, laid, after_break=after_break)
            written, item = _check_tail(tail, shown, entry)
            entries = old_data.get("entries") or []
            if cache.trusted_dir() is not None:  # an index to keep for the next add
                index = LogIndex.of(entries, laid.newline, laid.dash)
            elif all(isinstance(e, dict) for e in entries):  # none kept: none built
                index = PlainIndex(entries, laid.newline, laid.dash)
                old_log = ProgressLog(entries=[])  # no snapshot to write: less memory
            clear = index is not None and index.clear_for(item)
            if isinstance(index, PlainIndex):
                index = None  # nothing to keep: let go of the entries before writing
            old_data = entries = None
            if not clear:
                _check_whole(old_text + tail, shown, programme, entry, today, count)
            old_text = None  # nor the old text: its bytes are written as they are (15 MiB)
            parts = [old_raw, tail.encode("utf-8")]
        else:
            new_text = appended_text(old_text, entry, shown)
            written = _check_appended(new_text, shown, programme, old_log, entry, today).entries[-1]
            bom = _BOM if old_raw is not None and old_raw.startswith(_BOM) else b""
            parts = [bom + new_text.encode("utf-8")]

    def unchanged() -> None:
        if read_bytes_if_exists(log_path) != old_raw:
            raise AvpError(
                f"{shown} changed while avp was adding the entry (is it open in an "
                "editor?); save or close it and run the command again"
            )

    pending[:] = [old_raw, parts]
    write_atomic(real, parts, before_replace=unchanged)
    if item is not None and index is not None and old_raw is not None and len(parts) == 2:
        _keep_cache(log_path, old_raw, digest, parts[1], index, item, written, old_log, depends)
    return written


def _in_place(text: str, shown: str) -> bool:
    """Whether an entry is appended to ``text`` without rewriting its ``entries:`` line."""
    try:
        return layout(text, shown).rewrite is None
    except AppendError:
        return False  # said when the entry is appended


def _cached_data(
    log_path: Path, raw: bytes, digest: cache.RawDigest | None, depends: str
) -> dict[str, Any] | None:
    """The plain data the cache keeps of the log's bytes ``raw`` (``{"entries": [...]}``),
    if it is current: the cache keeps only the data of a log that validated, as it was
    read (a reader such as avp list left it; an add builds its index from it)."""
    if digest is None:
        return None
    data = cache.load("progress", log_path, raw, depends, key=digest.key(depends))
    if isinstance(data, dict) and list(data) == ["entries"] and isinstance(data["entries"], list):
        return data
    return None


def _keep_cache(
    log_path: Path,
    old_raw: bytes,
    digest: cache.RawDigest | None,
    added: bytes,
    index: LogIndex,
    item: Any,
    written: Entry,
    old_log: ProgressLog,
    depends: str,
) -> None:
    """After appending ``added`` to a large log: the index and the snapshot of the new
    bytes, from those of the old ones and the new entry (its plain ``item`` and its model
    ``written``), without reading the log or its entries again. ``old_log``: the old
    entries when they were read (a snapshot is then written whole if there was none)."""
    if isinstance(index, PlainIndex) or cache.trusted_dir() is None:
        return
    digest = digest or cache.RawDigest(old_raw)
    new = digest.extended(added)
    size = len(old_raw) + len(added)
    log_index.store(log_path, size, new, depends, index.with_entry(item))
    if (
        snapshot.append_entries(
            "progress", log_path, old_raw, digest, new, size, [written], depends
        )
        or not old_log.entries
    ):
        return
    whole = ProgressLog.model_construct(entries=[*old_log.entries, written])
    with contextlib.suppress(Exception):  # the cache must never break a command
        body = snapshot.dumps(whole)
        snapshot.store_keyed("progress", log_path, size, new, body, depends)


@contextlib.contextmanager
def _interruption(real: Path, shown: str, pending: list[Any]) -> Iterator[None]:
    """Ctrl-C or SIGTERM in the block becomes :class:`AppendInterrupted`, which says
    whether the entry is in the log: the file is compared with the bytes that were to be
    written (``pending``: the old bytes and the parts of the new ones), not told by a flag
    a signal could race."""
    try:
        yield
    except KeyboardInterrupt as exc:  # Terminated (SIGTERM) is one too
        try:
            now = read_bytes_if_exists(real)
        except AvpError:
            now = None
        if len(pending) == 2 and now == b"".join(pending[1]):
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


_BOM = b"\xef\xbb\xbf"

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
    if not new_text.startswith(old_text):
        _cannot_append(shown, "the appended lines do not follow the old text")
    return _check_tail(new_text[len(old_text) :], shown, entry)


def _check_tail(tail: str, shown: str, entry: Entry) -> tuple[Entry, Any]:
    """The lines appended to a valid log (see :func:`_check_appended_item`), parsed on
    their own, must read as exactly ``entry``: the entry read back, and its plain data."""
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
    _cannot_append(shown, problem)


def _cannot_append(shown: str, problem: str) -> NoReturn:
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
    new = _parsed(text, shown, programme, today)
    if new.entries[:-1] != old.entries or new.entries[-1:] != [entry]:
        _cannot_append(shown, "the log reads differently after appending")
    return new


def _check_whole(
    text: str, shown: str, programme: Programme, entry: Entry, today: dt.date | None, count: int
) -> None:
    """The whole new text of a large log (whose appended lines read as ``entry``) must be
    valid, with ``count`` entries before the new one: the checks across entries, when
    the index of the old log cannot rule out a problem of the new entry."""
    new = _parsed(text, shown, programme, today)
    if len(new.entries) != count + 1 or new.entries[-1] != entry:
        _cannot_append(shown, "the log reads differently after appending")


def _parsed(text: str, shown: str, programme: Programme, today: dt.date | None) -> ProgressLog:
    """The log of the new text; DataError for an entry the log has already, AppendError
    for any other problem (the first one's message)."""
    try:
        return parse_log(text, shown, programme, today=today)
    except DataError as exc:
        twice = [p for p in exc.problems if p.rule == rules.DUPLICATE_ENTRY]
        if twice:  # an entry without an id, alike in every key to one in the log
            raise DataError(
                f"the entry was not added to {shown}: the log has it already", twice
            ) from None
        _cannot_append(shown, exc.problems[0].message if exc.problems else exc.message)
