"""What ``avp progress add`` keeps of a large log it appended to, to append the next entry
without reading the log's entries again.

An index is stored in the trusted cache under the key of the log's bytes (and of its
programme, avp's version and code: :mod:`avp.storage.cache`), only for bytes that
validated without errors. It holds the number of entries, how the log is laid out (line
break, the column of the items' dash) and what the checks across entries need to know
of each entry (:mod:`avp.progress.duplicates`, :mod:`avp.progress.corrections`): its id,
its measure, a hash of its measure, date and note, and, for the few that supersede or
retract another, which. :meth:`LogIndex.clear_for` says whether a new entry appended to
such a log certainly has no problem with any entry before it (no shared id, no entry
with the same measure, date and note, a correction of an entry that may be corrected);
when it cannot say so, the caller checks the whole log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avp.progress.corrections import pointer
from avp.storage import cache

KIND = "progress-index"
_VERSION = 1

#: The length of the hash of an entry's measure, date and note.
_CHEAP = 8


def _text(value: Any) -> bytes:
    """An id or a measure as the index writes it: JSON of a string (ASCII, no line
    break), ``#`` for anything else (which no string equals), nothing for None."""
    if value is None:
        return b""
    if not isinstance(value, str):
        return b"#"
    if value.isascii() and value.replace(".", "").isalnum():  # JSON of it, without json
        return b'"' + value.encode() + b'"'
    return json.dumps(str(value)).encode()


def cheap_key(entry: dict[str, Any]) -> bytes:
    """A hash of the entry's measure, date and note, the values by which
    :func:`avp.progress.duplicates._suspects` finds possible duplicates: equal for equal
    strings (the values of a new entry are strings; any other value hashes apart)."""
    m, d, n = entry.get("measure"), entry.get("date"), entry.get("note")
    if isinstance(m, str) and isinstance(d, str) and isinstance(n, str):
        text = f"{len(m)}:{m}{len(d)}:{d}{n}"  # one text for each three strings
    else:
        text = "other:" + repr([(type(v).__name__, v) for v in (m, d, n)])
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_CHEAP).digest()


def _corrects(entry: dict[str, Any]) -> bool:
    """Whether the entry supersedes or retracts another (:func:`pointer`, for a mapping)."""
    return entry.get("supersedes") is not None or entry.get("retracts") is not None


@dataclass
class LogIndex:
    """The index of a valid log (see the module)."""

    count: int
    newline: str
    dash: int
    #: ``\\n`` + each entry's id (:func:`_text`) + ``\\n``, in log order.
    ids: bytes = b"\n"
    #: The same for the entries' measures.
    measures: bytes = b"\n"
    #: :func:`cheap_key` of each entry, in log order.
    cheap: bytes = b""
    #: (index, supersedes, retracts) of the entries that correct another.
    pointers: list[tuple[int, Any, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, entries: Sequence[Any], newline: str, dash: int) -> LogIndex | None:
        """The index of a valid log's entries (plain data); None if one is no mapping."""
        if not all(isinstance(entry, dict) for entry in entries):
            return None
        known: dict[Any, bytes] = {}  # measures repeat: each written once
        try:
            measures = [
                known.get(m) or known.setdefault(m, _text(m))
                for m in [entry.get("measure") for entry in entries]
            ]
        except TypeError:  # a measure that is no scalar: not a valid log
            return None
        return cls(
            len(entries),
            newline,
            dash,
            b"\n" + b"".join([_text(entry.get("id")) + b"\n" for entry in entries]),
            b"\n" + b"".join([m + b"\n" for m in measures]),
            b"".join([cheap_key(entry) for entry in entries]),
            [
                (i, entry.get("supersedes"), entry.get("retracts"))
                for i, entry in enumerate(entries)
                if _corrects(entry)
            ],
        )

    def with_entry(self, entry: dict[str, Any]) -> LogIndex:
        """The index of the log with ``entry`` (plain data) appended."""
        pointers = list(self.pointers)
        if _corrects(entry):
            pointers.append((self.count, entry.get("supersedes"), entry.get("retracts")))
        return LogIndex(
            self.count + 1,
            self.newline,
            self.dash,
            self.ids + _text(entry.get("id")) + b"\n",
            self.measures + _text(entry.get("measure")) + b"\n",
            self.cheap + cheap_key(entry),
            pointers,
        )

    def position(self, entry_id: str) -> int | None:
        """The index of the first entry with this id, or None."""
        found = self.ids.find(b"\n" + _text(entry_id) + b"\n")
        return None if found < 0 else self.ids.count(b"\n", 0, found)

    def measure(self, index: int) -> bytes:
        """The measure of the entry at ``index``, as :func:`_text` writes it."""
        return self.measures.split(b"\n")[index + 1]

    def same_cheap_key(self, entry: dict[str, Any]) -> bool:
        """Whether an entry may have the measure, date and note of ``entry``."""
        wanted = cheap_key(entry)
        at = self.cheap.find(wanted)
        while at >= 0:
            if at % _CHEAP == 0:
                return True
            at = self.cheap.find(wanted, at + 1)
        return False

    def clear_for(self, entry: dict[str, Any]) -> bool:
        """Whether ``entry`` (plain data, as read back from the lines appended for it)
        certainly has no error with the entries of this log before it: the checks across
        entries of the whole log (duplicates, corrections) would find no error at its
        index. False means only that they might: the caller checks the whole log. (Their
        one warning, an entry alike but for its id, does not stop an append, which does
        not say warnings of the whole log.)

        The log was valid, so those checks found no error before it; an entry appended at
        the end adds no problem to an earlier entry (each is judged against the ones
        before it, and none may name an id that was not there).
        """
        own = entry.get("id")
        if own is not None and (not isinstance(own, str) or self.position(own) is not None):
            return False  # the same id as an earlier entry (or not an id at all)
        if own is None and self.same_cheap_key(entry):
            return False  # maybe the same entry twice (with an id of its own, at most alike)
        corrected = {p for _, sup, ret in self.pointers for p in (sup, ret) if p is not None}
        if own is not None and own in corrected:
            return False  # an earlier entry names this id: it was not there before
        points = pointer(entry)
        if points is None:
            return True
        key, pointed = points
        if not isinstance(pointed, str) or pointed == own or pointed in corrected:
            return False  # its own rule says so, or the entry was corrected already
        found = self.position(pointed)
        if found is None:
            return False  # no entry has that id
        if any(i == found and ret is not None for i, _, ret in self.pointers):
            return False  # a retraction is not corrected
        return key != "retracts" or self.measure(found) == _text(entry.get("measure"))

    def body(self) -> list[bytes]:
        """The index as the parts of a cache entry's body."""
        head = {
            "version": _VERSION,
            "count": self.count,
            "newline": self.newline,
            "dash": self.dash,
            "pointers": self.pointers,
            "sizes": [len(self.ids), len(self.measures), len(self.cheap)],
        }
        return [json.dumps(head).encode() + b"\n", self.ids, self.measures, self.cheap]

    @classmethod
    def from_body(cls, body: bytes) -> LogIndex | None:
        """The index of a body made by :meth:`body`; None for anything else."""
        end = body.find(b"\n")
        head = json.loads(body[:end])
        sizes = head.get("sizes") if isinstance(head, dict) else None
        if head.get("version") != _VERSION or not isinstance(sizes, list) or len(sizes) != 3:
            return None
        start = end + 1
        parts = []
        for size in sizes:
            parts.append(body[start : start + size])
            start += size
        ids, measures, cheap = parts
        count = head["count"]
        if (
            start != len(body)
            or not isinstance(count, int)
            or len(cheap) != _CHEAP * count
            or ids.count(b"\n") != count + 1
            or measures.count(b"\n") != count + 1
            or head["newline"] not in ("\n", "\r\n")
            or not isinstance(head["dash"], int)
        ):
            return None
        pointers = [(int(i), sup, ret) for i, sup, ret in head["pointers"]]
        return cls(count, head["newline"], head["dash"], ids, measures, cheap, pointers)


class PlainIndex(LogIndex):
    """:class:`LogIndex` over a valid log's plain entries themselves, for a command that
    keeps no index (no cache): the same rules (:meth:`LogIndex.clear_for`), answered by a
    pass over the entries instead of built blobs (a fifth of the time at 100,000)."""

    def __init__(self, entries: Sequence[dict[str, Any]], newline: str, dash: int) -> None:
        corrections = [
            (i, e.get("supersedes"), e.get("retracts"))
            for i, e in enumerate(entries)
            if _corrects(e)
        ]
        super().__init__(len(entries), newline, dash, pointers=corrections)
        self._entries = entries

    def position(self, entry_id: str) -> int | None:
        wanted = _text(entry_id)
        for i, entry in enumerate(self._entries):
            found = entry.get("id")
            if found is not None and _text(found) == wanted:
                return i
        return None

    def measure(self, index: int) -> bytes:
        return _text(self._entries[index].get("measure"))

    def same_cheap_key(self, entry: dict[str, Any]) -> bool:
        m, d, n = entry.get("measure"), entry.get("date"), entry.get("note")
        return any(
            e.get("note") == n and e.get("date") == d and e.get("measure") == m
            for e in self._entries
        )


def load(path: Path, raw: bytes, digest: cache.RawDigest, depends_on: str) -> LogIndex | None:
    """The index of the log ``path`` whose bytes are ``raw`` (hashed as ``digest``), if
    the cache holds one for exactly these bytes and this programme."""
    found = cache.read_entry(KIND, path, raw, depends_on, key=digest.key(depends_on))
    if found is None:
        return None
    try:
        index = LogIndex.from_body(found[1])
    except Exception:  # written by avp and hashed, but the cache must never break a command
        return None
    return index if index is not None and index.count == found[0].get("entries") else None


def store(path: Path, size: int, digest: cache.RawDigest, depends_on: str, index: LogIndex) -> None:
    """Keep ``index`` for the log ``path`` of ``size`` bytes hashed as ``digest``; any
    failure is ignored (the cache is a shortcut)."""
    try:
        parts = index.body()
        key = digest.key(depends_on)
        head = cache.entry_head(b"", depends_on, index.count, parts, key=key)
        cache.write_entry(KIND, path, size, [head, *parts])
    except Exception:  # the cache must never break a command
        return
