"""Writing a file so that it is either wholly old or wholly new, and locking it.

:func:`write_atomic` writes the new content to a temporary file in the same directory,
flushes it to disk, gives it the permission bits of the file it replaces and then swaps it
in with :func:`os.replace`, which is atomic on POSIX and on Windows (NTFS, SMB shares).
A crash, a full disk or a program holding the file at any point leaves the old file as it
was, and the temporary file is removed.

:func:`file_lock` serialises writers with the ``filelock`` library: an operating-system
lock (``flock``, ``msvcrt.locking``) on a sibling lock file. The operating system drops
the lock when its holder dies, so a lock file left behind by a killed process does not
block anyone.

Ownership (uid/gid), ACLs and extended attributes of the original file are not copied;
only its permission bits are (:func:`shutil.copymode`).

Replacing a file is not always what its owner wants, so :func:`check_replaceable` refuses
two cases before anything is written: a read-only file (the folder being writable would
let ``os.replace`` swap it all the same) and a file with several names (hard links):
the new file would get only this name and the others would keep the old content.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from avp.base.problems import AvpError
from avp.storage.files import display_path

# Another program (an editor, a virus scanner, a sync client) may hold the file for a moment
# on Windows; os.replace then fails with PermissionError. Elsewhere that error is final.
REPLACE_ATTEMPTS = 8 if os.name == "nt" else 1


REPLACE_DELAY = 0.05  # seconds; the n-th retry waits n times this


TEMP_SUFFIX = ".tmp"


class WriteError(AvpError):
    """A file could not be written; the message says what to do. The file is unchanged."""

    exit_code = 2


def temp_name(path: Path) -> str:
    """A hidden, random name next to ``path`` for its temporary file."""
    return f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"


def explain_os_error(exc: OSError, path: Path, doing: str = "write") -> str:
    """A message that says what went wrong and what to do about it."""
    shown = display_path(path)
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        advice = "disk full: free space and try again"
    elif code == errno.EROFS:
        advice = "the file system is read-only: use a writable copy"
    elif isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        advice = (
            "permission denied, or the file is open in another program: close it, "
            "check that you may write to the folder, and try again"
        )
    elif isinstance(exc, FileNotFoundError):
        advice = "the folder does not exist (any more): check the path"
    else:
        advice = f"{exc.strerror or exc}; try again"
    return f"cannot {doing} {shown}: {advice}; the file was not changed"


def _other_names(target: Path, ino: int, dev: int) -> list[str]:
    """The other names of the file ``target`` in its own folder (hard links)."""
    names: list[str] = []
    try:
        with os.scandir(target.parent) as entries:
            for count, item in enumerate(entries):
                if count > 10_000:
                    break
                if item.name != target.name and not item.is_symlink():
                    with suppress(OSError):
                        found = item.stat()
                        if (found.st_ino, found.st_dev) == (ino, dev):
                            names.append(item.name)
    except OSError:
        pass
    return names


def check_replaceable(path: Path, target: Path) -> None:
    """Refuse (WriteError) to replace ``target`` (the real file ``path`` names) when it is
    read-only or has other names (hard links). A missing file is fine."""
    import stat  # lazy

    try:
        info = target.stat()
    except OSError:
        return  # missing (it will be created), or the write itself says why
    shown = display_path(path)
    if not stat.S_ISREG(info.st_mode):
        return  # write_atomic says what it is
    if info.st_nlink > 1:
        others = _other_names(target, info.st_ino, info.st_dev)
        where = f" (here: {', '.join(sorted(others))})" if others else " elsewhere"
        raise WriteError(
            f"cannot write {shown}: the file has {info.st_nlink - 1} other name(s){where} "
            "(a hard link), and avp writes a new file in its place, which would split it from "
            "them; nothing was written: keep one name (delete the others, or make them "
            "symbolic links) and run the command again"
        )
    if not stat.S_IMODE(info.st_mode) & 0o222 or not os.access(target, os.W_OK):
        raise WriteError(
            f"cannot write {shown}: the file is read-only for you; nothing was written: "
            "make it writable (chmod u+w, or clear the read-only attribute) if it should "
            "change, or ask its owner"
        )


def _open_temp(directory: Path, target: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    # A new file gets the usual permissions (0666 less the umask); a replacement starts
    # private and gets the original's permission bits before it is swapped in.
    mode = 0o600 if target.exists() else 0o666
    for _ in range(100):
        candidate = directory / temp_name(target)
        try:
            return os.open(candidate, flags, mode), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(directory))


def _replace(source: Path, target: Path) -> None:
    for attempt in range(1, REPLACE_ATTEMPTS + 1):
        try:
            os.replace(source, target)  # noqa: PTH105 - tests patch os.replace
            return
        except PermissionError:
            if attempt >= REPLACE_ATTEMPTS:
                raise
            time.sleep(REPLACE_DELAY * attempt)


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable. Not possible (nor needed) on Windows."""
    if os.name == "nt":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares) cannot sync a directory
    finally:
        os.close(fd)


def write_atomic(
    path: Path,
    data: bytes | Sequence[bytes | memoryview],
    *,
    before_replace: Callable[[], None] | None = None,
    durable: bool = True,
) -> None:
    """Replace the content of ``path`` with ``data`` atomically (or create the file).

    ``data`` may be given in parts (written one after the other), which saves joining
    them in memory.

    ``before_replace`` runs after the temporary file is written and before it replaces
    ``path``; it may raise to abort (for example when the file changed meanwhile).
    ``durable=False`` skips the syncs to disk, for files that may be lost (the cache): the
    replace is still atomic.
    On any failure the temporary file is removed and ``path`` is unchanged; an
    :class:`OSError` becomes a :class:`WriteError` that says what to do.
    """
    target = Path(os.path.realpath(path))  # replace the file a symlink points at, not the link
    directory = target.parent
    check_replaceable(path, target)
    if target.exists() and not target.is_file():
        # A directory, a pipe or a device is not a file to replace with a regular one.
        kind = "a folder" if target.is_dir() else "not a regular file"
        raise WriteError(
            f"cannot write {display_path(path)}: it is {kind}; give the path of a file "
            "(nothing was written)"
        )
    temp: Path | None = None
    try:
        fd, temp = _open_temp(directory, target)
        with os.fdopen(fd, "wb") as handle:
            for part in [data] if isinstance(data, bytes) else data:
                handle.write(part)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if target.exists():
            shutil.copymode(target, temp)
        if before_replace is not None:
            before_replace()
        _replace(temp, target)
        temp = None
    except BaseException as exc:
        if temp is not None:
            with suppress(OSError):
                temp.unlink()
        if isinstance(exc, OSError):
            raise WriteError(explain_os_error(exc, path)) from exc
        raise
    if durable:
        fsync_directory(directory)
