"""A cache of validated data, so that large files are not parsed again on every command.

An entry holds the plain data (what the YAML loader returned) of a file that validated
without errors, keyed by the file's path and checked against a hash of its content (and of
whatever else its validity depends on), avp's version and the cache format. It is only a
shortcut: a stale, corrupt or unreadable entry is ignored, a failing write is silent, and
the data is validated by the models again when it is used.

Where: ``$AVP_CACHE_DIR``, else the platform's cache directory (``%LOCALAPPDATA%\\avp`` on
Windows, ``~/Library/Caches/avp`` on macOS, ``$XDG_CACHE_HOME/avp`` or ``~/.cache/avp``
elsewhere); never inside the repository. ``AVP_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from avp import __version__

FORMAT = 1


def cache_dir() -> Path | None:
    if os.environ.get("AVP_NO_CACHE"):
        return None
    if os.environ.get("AVP_CACHE_DIR"):
        return Path(os.environ["AVP_CACHE_DIR"])
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "avp" / "Cache" if base else None
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "avp"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else home / ".cache") / "avp"


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _entry(kind: str, path: Path) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        where = str(path.resolve())
    except OSError:
        where = str(path.absolute())
    return directory / f"{kind}-{digest(where)}.json"


def _key(raw: bytes, depends_on: str) -> str:
    return digest(raw, depends_on, __version__, str(FORMAT))


def load(kind: str, path: Path, raw: bytes, depends_on: str = "") -> Any | None:
    """The cached data of ``path`` if ``raw`` (and ``depends_on``) are what was cached."""
    entry = _entry(kind, path)
    if entry is None:
        return None
    try:
        with entry.open("rb") as handle:
            head = handle.readline()
            if json.loads(head) != _key(raw, depends_on):
                return None
            return json.loads(handle.read())
    except (OSError, ValueError):
        return None


def store(kind: str, path: Path, raw: bytes, data: Any, depends_on: str = "") -> None:
    """Remember ``data`` for ``path``; any failure is ignored (the cache is a shortcut)."""
    entry = _entry(kind, path)
    if entry is None:
        return
    try:
        head = (json.dumps(_key(raw, depends_on)) + "\n").encode("utf-8")
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        entry.parent.mkdir(parents=True, exist_ok=True)
        from avp.atomic import write_atomic

        write_atomic(entry, [head, body], durable=False)
    except Exception:  # the cache must never break a command
        return
