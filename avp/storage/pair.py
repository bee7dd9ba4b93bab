"""Replacing two files together: both new, or (after any failure) both as they were.

No file system renames two files in one step. :func:`replace_pair` comes as close as a
program can:

1. it writes both new contents to temporary files beside their targets and syncs them
   (:mod:`avp.storage.atomic`); a failure here changes nothing;
2. it keeps the first file as it is now under a backup name (a hard link, else a synced
   copy): restoring it is one rename, which needs no disk space;
3. it renames the first temporary file over the first file, syncs that rename to disk,
   then renames the second over the second: after a crash the second is never new while
   the first is old. Should the second rename fail, or anything else happen after the
   first (an exception, a KeyboardInterrupt), the backup is renamed back: both files are
   as they were. Ctrl-C (SIGINT) and SIGTERM in the main thread are held back during the
   two renames and delivered after them, so that they cannot land between them.

What a program cannot prevent is the machine stopping (a power cut, ``kill -9``) between
the two renames: then the first file is new and the second old. The backup stays beside
the first file (``.<name>.<random>.backup``) and the caller can make a second run complete
the change (``avp renumber`` does: see :mod:`avp.progress.renumber`).

Callers hold the locks of both files: this module does not lock.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from avp.base.problems import AvpError
from avp.storage.atomic import (
    WriteError,
    _open_temp,
    _replace,
    check_replaceable,
    explain_os_error,
    fsync_directory,
)
from avp.storage.files import display_path
from avp.storage.interrupt import interrupts_held as interrupts_held

BACKUP_SUFFIX = ".backup"


class HalfWrittenError(AvpError):
    """The first file was replaced, the second was not, and the first could not be put
    back: the message names the backup to put back by hand."""

    exit_code = 2


def _target(path: Path) -> Path:
    target = Path(os.path.realpath(path))  # the file a symlink points at, as write_atomic
    if target.exists() and not target.is_file():
        raise WriteError(
            f"cannot write {display_path(path)}: it is not a regular file; nothing was written"
        )
    check_replaceable(path, target)  # read-only, or hard-linked: refused as write_atomic does
    return target


def _write_temp(target: Path, data: bytes) -> Path:
    """``data`` in a synced temporary file beside ``target``, with its permission bits."""
    fd, temp = _open_temp(target.parent, target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            shutil.copymode(target, temp)
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise
    return temp


def _backup(target: Path) -> Path | None:
    """``target`` as it is now under another name beside it; None if it does not exist."""
    if not target.exists():
        return None
    for _ in range(100):
        backup = target.parent / f".{target.name}.{secrets.token_hex(4)}{BACKUP_SUFFIX}"
        try:
            os.link(target, backup)  # the same file under a second name: nothing to copy
            return backup
        except FileExistsError:
            continue
        except OSError:
            break  # no hard links here (FAT, some network shares): copy it
    temp = _write_temp(target, target.read_bytes())
    backup = temp.with_name(temp.name.removesuffix(".tmp") + BACKUP_SUFFIX)
    os.replace(temp, backup)  # noqa: PTH105 - tests patch os.replace
    return backup


def replace_pair(
    first: Path,
    first_data: bytes,
    second: Path,
    second_data: bytes,
    *,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Replace the content of ``first`` and ``second`` together (or create them).

    ``before_replace`` runs after both temporary files are written, before anything is
    replaced; it may raise to abort. On any failure both files are as they were and no
    temporary file is left; an :class:`OSError` becomes a :class:`WriteError` that says
    what to do. Should even putting the first file back fail, :class:`HalfWrittenError`
    says where its backup is.
    """
    targets = (_target(first), _target(second))
    temps: list[Path] = []
    backup: Path | None = None
    doing = first
    try:
        temps.append(_write_temp(targets[0], first_data))
        doing = second
        temps.append(_write_temp(targets[1], second_data))
        if before_replace is not None:
            before_replace()
        doing = first
        backup = _backup(targets[0])
        with interrupts_held():
            try:
                _replace(temps[0], targets[0])
                fsync_directory(targets[0].parent)  # on disk before the second, in this order
                doing = second
                _replace(temps[1], targets[1])
            except BaseException as exc:
                if not os.path.lexists(temps[0]):  # renamed: the first file is new
                    doing = second
                    kept, backup = backup, None  # renamed back, or kept for a person
                    _put_back(kept, targets[0], first, second, exc)
                raise
        temps.clear()
    except BaseException as exc:
        for temp in temps:
            with suppress(OSError):
                temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteError(
                explain_os_error(exc, doing).replace(
                    "the file was not changed", "neither file was changed"
                )
            ) from exc
        raise
    finally:
        if backup is not None:
            with suppress(OSError):
                backup.unlink()
    for directory in {targets[0].parent, targets[1].parent}:
        fsync_directory(directory)


def _put_back(
    backup: Path | None, target: Path, first: Path, second: Path, cause: BaseException
) -> None:
    """Undo the replace of ``target`` (the first file) with its backup."""
    try:
        if backup is None:
            target.unlink()
        else:
            os.replace(backup, target)  # noqa: PTH105 - tests patch os.replace
    except BaseException as exc:
        undo = (
            f"its old content is in {display_path(backup)}: rename that to "
            f"{display_path(first)} by hand"
            if backup is not None
            else "it was new: delete it by hand"
        )
        raise HalfWrittenError(
            f"{display_path(first)} was changed but {display_path(second)} could not be "
            f"({cause!s}), and putting {display_path(first)} back failed ({exc!s}); {undo}"
        ) from exc
