"""A lock that serialises the writers of a file; the OS drops it when its holder dies.

One lock per file, not per name: :func:`lock_path_for` resolves symbolic links first, so a
log reached as ``link.yaml`` and as ``data/voortgang.yaml`` has one lock,
``data/voortgang.yaml.lock``. Writers queue: :func:`file_lock` tries again until its
timeout, and after a second says on stderr that it is waiting.

On POSIX the lock is ``flock`` on the lock file, taken by the small class below rather than
by ``filelock``: in a shared folder a lock file left by another user may not be writable
for us, and ``flock`` works just as well on a descriptor opened for reading, which
``filelock`` does not try. A new lock file gets the group and other write bits of its
folder whatever the umask, so that everyone who may write the file may take its lock; the
file stays after use, as it must for ``flock`` (waiters share its inode). On Windows (and on
a file system without ``flock``) ``filelock`` locks.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from avp.base.problems import AvpError, UsageError
from avp.storage.atomic import WriteError, explain_os_error
from avp.storage.files import display_path

#: Seconds a writer waits for another to finish, unless told otherwise (``--wait``).
LOCK_TIMEOUT = 60.0

#: After this many seconds of waiting, the user is told what avp waits for.
WAIT_NOTICE = 1.0

POLL_INTERVAL = 0.05  # seconds between two tries

LOCK_SUFFIX = ".lock"


class LockTimeoutError(AvpError):
    """Another process held the lock for longer than the timeout."""

    exit_code = 1


class StaleLockError(WriteError):
    """A lock file that we may not even open for reading (another user's)."""


def real_path(path: Path) -> Path:
    """The file ``path`` names, every symbolic link resolved; the file need not exist.

    A symbolic link loop is a UsageError that says so (never a crash).
    """
    loop = False
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        pass  # a log not created yet, or a link to one
    except OSError as exc:
        loop = exc.errno == errno.ELOOP
        if not loop:  # a folder we may not look into: resolve what we can
            return Path(os.path.realpath(path))
    resolved = Path(os.path.realpath(path))
    if loop or resolved.is_symlink():
        raise UsageError(
            f"{path}: a symbolic link that leads back to itself (a loop); point it at the "
            "real file (nothing was written)"
        )
    return resolved


def lock_path_for(path: Path) -> Path:
    """The lock file of the file ``path`` names: ``<real name>.lock`` beside the real file."""
    target = real_path(path)
    return target.with_name(target.name + LOCK_SUFFIX)


def lock_mode(folder: Path) -> int:
    """Readable by all; writable by the group or others when the folder is."""
    try:
        folder_bits = stat.S_IMODE(folder.stat().st_mode)
    except OSError:
        folder_bits = 0
    return 0o644 | (folder_bits & 0o022)


def lock_owner(lock_path: Path) -> str:
    """Who owns the lock file, as a name a person recognises."""
    try:
        uid = lock_path.stat().st_uid
        import pwd  # lazy; POSIX only

        return pwd.getpwuid(uid).pw_name
    except (ImportError, OSError):
        return "another user"
    except KeyError:
        return f"user id {uid}"


class _Flock:
    """``flock`` on a lock file opened for writing, or for reading when that is refused."""

    def __init__(self, path: Path, mode: int) -> None:
        self.path = path
        self.mode = mode
        self.fd: int | None = None

    def _open(self) -> int:
        nofollow = getattr(os, "O_NOFOLLOW", 0)
        for _ in range(10):  # the file may vanish between two opens (someone deleted it)
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | nofollow, self.mode)
            except FileExistsError:
                pass
            else:
                with suppress(OSError, AttributeError):
                    os.fchmod(fd, self.mode)  # the umask must not take the group's write bit
                return fd
            try:
                fd = os.open(self.path, os.O_RDWR | nofollow)
            except FileNotFoundError:
                continue
            except PermissionError:
                pass  # another user's lock file: flock works on a descriptor for reading
            else:
                self._widen(fd)
                return fd
            try:
                return os.open(self.path, os.O_RDONLY | nofollow)
            except FileNotFoundError:
                continue
        raise FileNotFoundError(errno.ENOENT, "the lock file keeps disappearing", str(self.path))

    def _widen(self, fd: int) -> None:
        """Our own lock file from before (or made under a stricter umask) gets the write
        bits its folder gives the group and others, for them to use it too."""
        with suppress(OSError, AttributeError):
            info = os.fstat(fd)
            bits = stat.S_IMODE(info.st_mode)
            if info.st_uid == os.geteuid() and self.mode & 0o022 & ~bits:
                os.fchmod(fd, bits | (self.mode & 0o022))

    def try_acquire(self) -> bool:
        import fcntl  # lazy; POSIX only

        if self.fd is None:
            self.fd = self._open()
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                return False
            self.close()
            raise
        return True

    def close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)  # drops the flock

    def release(self) -> None:
        self.close()


class _FileLock:
    """``filelock``'s lock (Windows; file systems without ``flock``), tried without waiting."""

    def __init__(self, path: Path, mode: int) -> None:
        from filelock import FileLock  # lazy

        self.lock = FileLock(path, mode=mode)

    def try_acquire(self) -> bool:
        from filelock import Timeout  # lazy

        try:
            self.lock.acquire(blocking=False)
        except Timeout:
            return False
        return True

    def release(self) -> None:
        self.lock.release()


_NO_FLOCK = {errno.ENOSYS, errno.ENOLCK, getattr(errno, "EOPNOTSUPP", -1), errno.EINVAL}


def has_flock() -> bool:
    """Whether this system has ``flock`` (POSIX; not Windows)."""
    try:
        import fcntl  # lazy; POSIX only
    except ImportError:
        return False
    return hasattr(fcntl, "flock")


def _make_lock(lock_path: Path) -> _Flock | _FileLock:
    mode = lock_mode(lock_path.parent)
    return _Flock(lock_path, mode) if has_flock() else _FileLock(lock_path, mode)


def _opening_error(exc: OSError, lock_path: Path, target: str) -> WriteError:
    if isinstance(exc, PermissionError) and os.path.lexists(lock_path):
        return StaleLockError(
            f"cannot lock {target}: its lock file {display_path(lock_path)} was left by "
            f"{lock_owner(lock_path)} and you may not open it; it is safe to delete when no "
            "avp is running, then run the command again (nothing was written)"
        )
    return WriteError(explain_os_error(exc, lock_path, "create the lock file"))


def _wait_for(
    try_acquire: Callable[[], bool], timeout: float, target: str, busy_message: str
) -> None:
    started = time.monotonic()
    noticed = False
    while not try_acquire():
        waited = time.monotonic() - started
        if waited >= timeout:
            raise LockTimeoutError(busy_message)
        if not noticed and waited >= WAIT_NOTICE:
            sys.stderr.write(
                f"avp: waiting for another avp writing {target} (up to {timeout:g} s) ...\n"
            )
            sys.stderr.flush()
            noticed = True
        time.sleep(min(POLL_INTERVAL, max(timeout - waited, 0.001)))


@contextmanager
def file_lock(
    lock_path: Path, *, timeout: float = LOCK_TIMEOUT, busy_message: str | None = None
) -> Iterator[None]:
    """Hold an operating-system lock on ``lock_path`` (created if needed) for the block.

    Waits at most ``timeout`` seconds (telling the user on stderr after a second), then
    raises :class:`LockTimeoutError` with ``busy_message`` (or a generic one). A lock file
    that cannot be opened at all is a :class:`StaleLockError` that says whose it is.
    """
    target = display_path(lock_path.with_name(lock_path.name.removesuffix(LOCK_SUFFIX)))
    busy = busy_message or (
        f"{display_path(lock_path)} is held by another process; try again in a moment"
    )
    lock = _make_lock(lock_path)
    try:
        try:
            _wait_for(lock.try_acquire, timeout, target, busy)
        except OSError as exc:
            if exc.errno not in _NO_FLOCK or not isinstance(lock, _Flock):
                raise
            lock = _FileLock(lock_path, lock.mode)  # a file system without flock
            _wait_for(lock.try_acquire, timeout, target, busy)
    except OSError as exc:
        raise _opening_error(exc, lock_path, target) from exc
    except BaseException:  # a timeout, Ctrl-C while waiting: no descriptor left open
        if isinstance(lock, _Flock):
            lock.close()
        raise
    try:
        yield
    finally:
        lock.release()
