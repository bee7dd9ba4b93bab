"""The cache folder avp may trust, and its entries read and written without being fooled.

A cached result is only as honest as the folder it comes from: its hashes can be computed
by anyone, so whoever may write the folder decides what avp believes. A folder is trusted
only if it is a real directory (not a symbolic link) that belongs to the user running avp
and that neither group nor others may write (``mode & 0o022 == 0``); avp makes its own
with mode 0700. Any other folder is not read nor written, and avp says so once on stderr.
On Windows, which has no owner ids nor mode bits to check here, the per-user default
(``%LOCALAPPDATA%``) and an ``AVP_CACHE_DIR`` the user set are trusted if they are real
directories (not a link nor a junction).

Inside a trusted folder, entries are opened relative to the folder's own open handle
(so a folder swapped after the check is not used), without following a symbolic link,
without blocking (a FIFO is never waited on), and only if they are regular files of the
user within a size cap. A write goes to a new private temporary file that then replaces
the entry's name (a link there is replaced itself, its target untouched). Temporary files
left by killed writers are removed when they are older than :data:`STALE_TEMP_SECONDS`.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

#: A temporary file older than this (in seconds) is a killed writer's: no cache write
#: takes that long.
STALE_TEMP_SECONDS = 600

_TEMP = re.compile(r"\..+\.[0-9a-f]{8}\.tmp")

# Entries and the folder are opened relative to the folder's handle where the system can.
_AT = os.name != "nt" and os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_READ |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | _NOFOLLOW
_WRITE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_WRITE |= getattr(os, "O_CLOEXEC", 0) | _NOFOLLOW

#: What avp already said in this process about folders it does not use.
_warned: set[str] = set()
#: The folders whose stale temporary files were removed in this process.
_cleaned: set[str] = set()


class Untrusted(Exception):
    """The folder is not one avp may trust; the message says why and what to do."""


def _owned_by_user(st: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def check(st: os.stat_result, path: Path) -> None:
    """Raise :class:`Untrusted` unless ``st`` (not following a link) is of a folder that
    is the user's own and that nobody else may write."""
    shown = str(path)
    link = stat.S_ISLNK(st.st_mode) or (
        getattr(st, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_REPARSE_POINT
    )
    if link:
        raise Untrusted(
            f"{shown} is a symbolic link (or junction), which anyone who may change it can "
            f"point elsewhere; delete the link (avp then makes a private folder there)"
        )
    if not stat.S_ISDIR(st.st_mode):
        raise Untrusted(f"{shown} is not a folder; delete it or move it away")
    if not _owned_by_user(st):
        raise Untrusted(
            f"{shown} belongs to another user (uid {st.st_uid}), who could plant entries "
            "in it; use a folder of your own"
        )
    if os.name != "nt" and st.st_mode & 0o022:
        raise Untrusted(
            f"{shown} may be written by others (mode {stat.S_IMODE(st.st_mode):o}), who "
            f"could plant entries in it; run `chmod 700 {shown}` (or delete it: avp makes "
            "a private one)"
        )


def warn(reason: str) -> None:
    """Say once per process (so once per command) that a folder is not used, and why."""
    if reason in _warned:
        return
    _warned.add(reason)
    with suppress(Exception):  # a closed stderr must not break a command
        sys.stderr.write(
            f"avp: warning: not using the cache folder: {reason}, or set AVP_CACHE_DIR to "
            "a private folder, or AVP_NO_CACHE=1 to turn the cache off (avp works without "
            "it, only slower)\n"
        )
        sys.stderr.flush()


def _make(path: Path) -> None:
    """Create ``path`` private to the user (its parents as the system makes them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):  # another avp made it meanwhile: it is checked below
        path.mkdir(mode=0o700)


class Folder:
    """A trusted cache folder, open: its entries are reached through it."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self.fd = fd  # the folder's handle where entries can be opened relative to it

    def _where(self, name: str) -> str:
        return name if self.fd is not None else str(self.path / name)

    def open_entry(self, name: str, cap: int) -> tuple[BinaryIO, int] | None:
        """The entry ``name`` open for reading and its size, if it is a regular file of the
        user of at most ``cap`` bytes; None otherwise (missing, a link, a FIFO, a device,
        too big). Read no more than its size: it cannot grow past the cap meanwhile."""
        where = self._where(name)
        try:
            if not _NOFOLLOW:  # no O_NOFOLLOW (Windows): look before opening
                before = os.lstat(where)
                if not stat.S_ISREG(before.st_mode):
                    return None
            fd = os.open(where, _READ, dir_fd=self.fd)
        except OSError:  # missing, a link (ELOOP), unreadable
            return None
        try:
            st = os.fstat(fd)
            if (
                not stat.S_ISREG(st.st_mode)
                or st.st_size > cap
                or not _owned_by_user(st)
                or (not _NOFOLLOW and (st.st_ino, st.st_dev) != (before.st_ino, before.st_dev))
            ):
                os.close(fd)
                return None
            return os.fdopen(fd, "rb"), st.st_size
        except BaseException:
            os.close(fd)
            raise

    def write_entry(self, name: str, parts: Iterable[bytes | memoryview]) -> None:
        """Replace the entry ``name`` with ``parts``, atomically and never through a link.
        Raises OSError (nothing changed, no temporary file left)."""
        temp = f".{name}.{os.urandom(4).hex()}.tmp"
        fd = os.open(self._where(temp), _WRITE, 0o600, dir_fd=self.fd)
        try:
            with os.fdopen(fd, "wb") as handle:
                for part in parts:
                    handle.write(part)
            os.replace(self._where(temp), self._where(name), src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except BaseException:
            with suppress(OSError):
                os.unlink(self._where(temp), dir_fd=self.fd)
            raise

    def clean(self) -> None:
        """Remove the temporary files of killed writers (once per process and folder)."""
        if str(self.path) in _cleaned:
            return
        _cleaned.add(str(self.path))
        limit = time.time() - STALE_TEMP_SECONDS
        with suppress(OSError), os.scandir(self.fd if self.fd is not None else self.path) as it:
            for item in it:
                if not _TEMP.fullmatch(item.name):
                    continue
                with suppress(OSError):
                    if item.stat(follow_symlinks=False).st_mtime < limit:
                        os.unlink(self._where(item.name), dir_fd=self.fd)


def _open(path: Path) -> Folder:
    """``path`` open as a folder, checked; OSError when missing or unreadable."""
    if not _AT:
        check(os.lstat(path), path)
        return Folder(path, None)
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        check(os.lstat(path), path)  # a link, not a folder: why it cannot be used
        raise
    try:
        check(os.fstat(fd), path)
    except BaseException:
        os.close(fd)
        raise
    return Folder(path, fd)


@contextmanager
def opened(path: Path, *, create: bool) -> Iterator[Folder | None]:
    """The trusted folder at ``path`` (made, private, if missing and ``create``), or None:
    missing, unusable (silently: the cache is a shortcut) or untrusted (said once)."""
    folder = None
    try:
        try:
            folder = _open(path)
        except FileNotFoundError:
            if not create:
                raise
            _make(path)
            folder = _open(path)
    except Untrusted as exc:
        warn(str(exc))
    except OSError:
        pass
    try:
        yield folder
    finally:
        if folder is not None and folder.fd is not None:
            os.close(folder.fd)


def trusted(path: Path) -> bool:
    """Whether ``path`` is an existing folder avp may trust (says once why not)."""
    with opened(path, create=False) as folder:
        return folder is not None
