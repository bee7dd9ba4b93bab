"""A lock that serialises the writers of a file; the OS drops it when its holder dies."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from avp.base.problems import AvpError
from avp.storage.atomic import WriteError, explain_os_error
from avp.storage.files import display_path


class LockTimeoutError(AvpError):
    """Another process held the lock for longer than the timeout."""

    exit_code = 1


def lock_path_for(path: Path) -> Path:
    """The sibling lock file of ``path``: ``<name>.lock``."""
    return path.with_name(path.name + ".lock")


@contextmanager
def file_lock(
    lock_path: Path, *, timeout: float, busy_message: str | None = None
) -> Iterator[None]:
    """Hold an operating-system lock on ``lock_path`` (created if needed) for the block.

    Waits at most ``timeout`` seconds, then raises :class:`LockTimeoutError` with
    ``busy_message`` (or a generic one).
    """
    from filelock import FileLock, Timeout  # lazy

    lock = FileLock(lock_path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        shown = display_path(lock_path)
        raise LockTimeoutError(
            busy_message or f"{shown} is held by another process; try again in a moment"
        ) from None
    except OSError as exc:
        raise WriteError(explain_os_error(exc, lock_path, "create the lock file")) from exc
    try:
        yield
    finally:
        lock.release()
