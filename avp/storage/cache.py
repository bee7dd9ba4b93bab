"""A cache of validated data, so that large files are not parsed again on every command.

An entry holds the plain data (what the YAML loader returned) of a file that validated
without errors, keyed by the file's path and checked against a hash of its content (and of
whatever else its validity depends on), avp's version, a hash of avp's own code
(:func:`code_digest`: a changed rule makes every entry stale) and the cache format; its
first line also holds a hash of the rest. It is only a shortcut: a stale, corrupt, changed or
unreadable entry is ignored, a failing write is silent, and
the data is validated by the models again when it is used.

Where: ``$AVP_CACHE_DIR``, else the platform's cache directory
(``%LOCALAPPDATA%\\avp\\Cache`` on Windows, ``~/Library/Caches/avp`` on macOS,
``$XDG_CACHE_HOME/avp`` or ``~/.cache/avp`` elsewhere); never inside the repository.
``AVP_NO_CACHE`` (any value) turns it off.

Its hashes only catch accidents: anyone can compute them. So the folder is used only if
nobody but the user can write it, and its entries are read and written without following
a link, never block and are capped in size (:mod:`avp.storage.trust`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from avp import __version__
from avp.storage import trust
from avp.storage.files import resolved

FORMAT = 4


def _hasher() -> hashlib._Hash:
    """The hash of keys and bodies: SHA-256, which processors since about 2017 compute in
    hardware, three times as fast as BLAKE2b here (a key hashes the whole file: 16 MB
    for a log of 100,000 entries, on every command that reads it)."""
    return hashlib.sha256()


def cache_dir() -> Path | None:
    if os.environ.get("AVP_NO_CACHE"):
        return None
    if os.environ.get("AVP_CACHE_DIR"):
        return Path(os.environ["AVP_CACHE_DIR"])
    from platformdirs import user_cache_dir  # lazy: only when the cache is used

    return Path(user_cache_dir("avp", appauthor=False))


def digest(*parts: bytes | str) -> str:
    h = _hasher()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def trusted_dir() -> Path | None:
    """The cache folder, if it exists and avp may trust what it holds: a real folder of the
    user's own that nobody else may write (:mod:`avp.storage.trust`); None if the cache
    is off, the folder is missing or unusable, or not trusted (said once on stderr)."""
    directory = cache_dir()
    if directory is None or not trust.trusted(directory):
        return None
    return directory


def _name(kind: str, path: Path) -> str:
    suffix = ".pickle" if kind.endswith("-snapshot") else ".json"
    return f"{kind}-{_path_digest(path)}{suffix}"


@lru_cache(maxsize=4096)
def _path_digest(path: Path) -> str:
    # Once per file and process: a workspace reads 342 programmes and their logs, each
    # from two entries, and resolving a path asks the file system about every folder.
    return digest(str(resolved(path)))


@contextmanager
def _folder(*, create: bool = False) -> Iterator[trust.Folder | None]:
    """The cache folder, open and trusted, or None."""
    directory = cache_dir()
    if directory is None:
        yield None
        return
    with trust.opened(directory, create=create) as folder:
        yield folder


def size_cap(raw: bytes | int) -> int:
    """The largest entry for a file of these bytes (or this many): its data as JSON is
    about as long as the file (never 4 times as long), plus the first line and room for an
    appended entry."""
    return 4 * (raw if isinstance(raw, int) else len(raw)) + (1 << 20)


#: Folders of the package that are not code: compiled files, and the bundled programme
#: (a file like any other, whose own bytes are part of its key).
_NOT_CODE = frozenset({"__pycache__", "_data"})


def code_digest(root: Path | None = None) -> str:
    """A hash of every file of the package at ``root`` (default: avp itself, as installed):
    the code and the data files beside it (such as translations), not compiled files.

    Entries depend on it, so a change of avp (a new rule, in an editable install too)
    makes them stale. avp's own is computed once per process, when the cache is first
    used (a few milliseconds), never at start-up.
    """
    if root is None:
        return _own_code_digest()
    h = _hasher()
    files: list[tuple[str, Path]] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in _NOT_CODE]
        for name in names:
            if not name.endswith((".pyc", ".pyo")):
                path = Path(folder, name)
                files.append((path.relative_to(root).as_posix(), path))
    for name, path in sorted(files):
        try:
            content = path.read_bytes()
        except OSError as exc:  # changes the hash all the same
            content = f"unreadable: {type(exc).__name__}".encode()
        h.update(f"{name}\0{len(content)}\0".encode())
        h.update(content)
    return h.hexdigest()


@lru_cache(maxsize=1)
def _own_code_digest() -> str:
    return code_digest(Path(__file__).resolve().parents[1])


def _key(raw: bytes, depends_on: str) -> str:
    return _remembered_key(raw, depends_on, code_digest())


class RawDigest:
    """The hash of a file's bytes as the keys of its entries begin, kept open: the keys
    of the file (:meth:`key`) and of the file with lines appended (:meth:`extended`)
    without hashing its bytes again (``avp progress add`` on a log of 15 MB)."""

    __slots__ = ("_hash",)

    def __init__(self, raw: bytes | memoryview = b"") -> None:
        self._hash = _hasher()
        self._hash.update(raw)

    def extended(self, more: bytes) -> RawDigest:
        """The digest of these bytes followed by ``more``."""
        longer = RawDigest()
        longer._hash = self._hash.copy()
        longer._hash.update(more)
        return longer

    def key(self, depends_on: str = "") -> str:
        """The key of the entries of the bytes (as :func:`read_entry` computes it)."""
        h = self._hash.copy()
        h.update(b"\0")
        for part in (depends_on, __version__, code_digest(), str(FORMAT)):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()


@lru_cache(maxsize=4)
def _remembered_key(raw: bytes, depends_on: str, code: str) -> str:
    # Remembered: progress add checks the same old bytes twice (a bytes object keeps its
    # hash, so finding it again does not read it again).
    return digest(raw, depends_on, __version__, code, str(FORMAT))


def _body_digest(parts: Sequence[bytes | memoryview]) -> str:
    h = _hasher()
    for part in parts:
        h.update(part)
    return h.hexdigest()


def entry_head(
    raw: bytes,
    depends_on: str,
    count: int | None,
    body: Sequence[bytes | memoryview],
    *,
    key: str | None = None,
    extra: Mapping[str, int] | None = None,
) -> bytes:
    """The first line of an entry: the key, the number of items of a list of entries, and
    a hash of the body (a body changed by anything but avp is not used). ``key``: the
    key of ``raw`` and ``depends_on``, when it is known (:class:`RawDigest`); ``extra``:
    more about the body (where a snapshot's tail starts)."""
    key = _key(raw, depends_on) if key is None else key
    head: dict[str, Any] = {"key": key, "entries": count, "body": _body_digest(body)}
    head.update(extra or {})
    return (json.dumps(head) + "\n").encode()


def read_entry(
    kind: str,
    path: Path,
    raw: bytes,
    depends_on: str,
    *,
    body: bool = True,
    key: str | None = None,
) -> tuple[dict[str, Any], bytes] | None:
    """The head and the body (or ``b""``) of the entry of ``path``, if it is current.
    ``key``: the key of ``raw`` and ``depends_on``, when it is known (:class:`RawDigest`)."""
    cap = size_cap(raw)
    try:
        with _folder() as folder:
            opened = folder.open_entry(_name(kind, path), cap) if folder else None
            if opened is None:
                return None
            handle, size = opened
            with handle:
                head = json.loads(handle.readline(4096))
                wanted = _key(raw, depends_on) if key is None else key
                if not isinstance(head, dict) or head.get("key") != wanted:
                    return None
                if not body:
                    return head, b""
                # Up to its size, not the cap (a read of the cap would allocate it first);
                # an entry that grew meanwhile is cut short and fails the hash below.
                content = handle.read(max(size - handle.tell(), 0))
        return (head, content) if head.get("body") == _body_digest([content]) else None
    except Exception:  # unreadable, garbage, too deeply nested: not used
        return None


def load(
    kind: str, path: Path, raw: bytes, depends_on: str = "", *, key: str | None = None
) -> Any | None:
    """The cached data of ``path`` if ``raw`` (and ``depends_on``) are what was cached.
    ``key``: their key, when it is known (:class:`RawDigest`)."""
    found = read_entry(kind, path, raw, depends_on, key=key)
    if found is None:
        return None
    try:
        return json.loads(found[1])
    except Exception:  # written by avp and hashed, but the cache must never break a command
        return None


def entry_count(kind: str, path: Path, raw: bytes, depends_on: str = "") -> int | None:
    """How many entries the cached ``{"entries": [...]}`` of ``path`` has, if it is
    current; reads only the first line."""
    found = read_entry(kind, path, raw, depends_on, body=False)
    count = found[0].get("entries") if found else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def write_entry(
    kind: str, path: Path, raw: bytes | int, parts: Sequence[bytes | memoryview]
) -> bool:
    """Write the entry of ``path`` (whose bytes are ``raw``, or this many) if the cache is
    on and trusted and the entry within the cap (True if written), and remove leftovers of
    killed writers; raises on failure."""
    if sum(len(part) for part in parts) > size_cap(raw):
        return False
    with _folder(create=True) as folder:
        if folder is None:
            return False
        folder.clean()
        folder.write_entry(_name(kind, path), parts)
        return True


def store(kind: str, path: Path, raw: bytes, data: Any, depends_on: str = "") -> None:
    """Remember ``data`` for ``path``; any failure is ignored (the cache is a shortcut)."""
    store_encoded(kind, path, raw, encoded(data), depends_on)


def encoded(data: Any) -> tuple[bytes, int | None] | None:
    """``data`` as :func:`store` keeps it (the body, and the number of entries of a log),
    or None when there is no cache or it cannot be kept; for a caller that lets go of
    ``data`` before it knows whether to keep it (:func:`store_encoded`)."""
    if cache_dir() is None:
        return None
    try:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except Exception:  # the cache must never break a command
        return None
    items = data.get("entries") if isinstance(data, dict) else None
    count = len(items) if isinstance(items, list) and list(data) == ["entries"] else None
    return body, count


def store_encoded(
    kind: str,
    path: Path,
    raw: bytes,
    found: tuple[bytes, int | None] | None,
    depends_on: str = "",
) -> None:
    """Remember what :func:`encoded` made for ``path``; any failure is ignored."""
    if found is None:
        return
    body, count = found
    try:
        write_entry(kind, path, raw, [entry_head(raw, depends_on, count, [body]), body])
    except Exception:  # the cache must never break a command
        return


_EMPTY = b'{"entries":[]}'


def append_entry(
    kind: str, path: Path, old_raw: bytes, new_raw: bytes, item: Any, depends_on: str = ""
) -> bool:
    """Turn the current entry of ``{"entries": [...]}`` for ``old_raw`` into the entry of
    ``new_raw``, the same with ``item`` appended, without parsing it: its cost is that of
    reading and writing the file. False (and nothing changed) if the entry is not current
    or not of that shape."""
    found = read_entry(kind, path, old_raw, depends_on)
    if found is None:
        return False
    head, body = found
    try:
        count = head.get("entries")
        if (
            not isinstance(count, int)
            or isinstance(count, bool)
            or not body.startswith(b'{"entries":[')
            or not body.endswith(b"]}")
            or (count == 0) != (body == _EMPTY)
        ):
            return False
        added = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

        new_body: list[bytes | memoryview] = [
            memoryview(body)[:-2],
            b"," if count else b"",
            added,
            b"]}",
        ]
        new_head = entry_head(new_raw, depends_on, count + 1, new_body)
        return write_entry(kind, path, new_raw, [new_head, *new_body])
    except Exception:  # the cache must never break a command
        return False
