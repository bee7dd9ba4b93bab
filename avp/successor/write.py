"""Write a successor: the new programme, its empty log and the avp.toml, all or nothing.

Each file is written atomically (:func:`avp.storage.atomic.write_atomic`). The new
programme and log must not exist: each name is first created empty and exclusively, so a
file made meanwhile is never replaced. The avp.toml is written last, and only when it still
holds the bytes it was planned from (another writer meanwhile: an error), so no lock file
is left beside it. When a write fails, the files this call created are removed and the
avp.toml is as it was. The earlier programmes and their logs are never opened for writing.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from avp.base.problems import UsageError
from avp.storage.atomic import WriteError, write_atomic
from avp.storage.files import display_path
from avp.successor.build import Successor
from avp.successor.config import ConfigChange, config_for, planned_config


@dataclass(frozen=True)
class Written:
    """What :func:`write_successor` wrote."""

    files: list[Path]
    config: ConfigChange


def _unchanged(config: ConfigChange) -> None:
    now = config.path.read_bytes() if config.path.exists() else None
    if now != config.old:
        raise WriteError(
            f"{display_path(config.path)} changed while avp successor ran; nothing was "
            "written: run it again"
        )


def _make_folder(folder: Path) -> None:
    """The new file's folder, created when missing; a clear error when it cannot be."""
    for existing in (folder, *folder.parents):
        if existing.exists():
            if not existing.is_dir():
                raise UsageError(
                    f"{display_path(existing)} is a file, not a folder; choose another place "
                    "for the new programme (nothing was written)"
                )
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            f"cannot create the folder {display_path(folder)}: "
            f"{exc.strerror or exc}; nothing was written"
        ) from None


def _reserve(path: Path) -> None:
    """Create ``path`` empty, or a UsageError when it exists: the name is ours from here on,
    so that a file made meanwhile by someone else is never replaced."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except FileExistsError:
        raise UsageError(f"{display_path(path)} exists already; nothing was written") from None
    except OSError as exc:
        raise WriteError(
            f"cannot create {display_path(path)}: {exc.strerror or exc}; nothing was written"
        ) from None


def write_successor(successor: Successor) -> Written:
    """Write ``successor`` and its avp.toml entry; the earlier files stay as they are."""
    config = planned_config(
        config_for(successor.path.parent, successor.sources), successor.path, successor.sources
    )
    _make_folder(successor.path.parent)
    written: list[Path] = []
    try:
        for path, text in ((successor.path, successor.text), (successor.log, successor.log_text)):
            _reserve(path)
            written.append(path)
            write_atomic(path, text.encode("utf-8"))
        write_atomic(
            config.path, config.text.encode("utf-8"), before_replace=lambda: _unchanged(config)
        )
    except BaseException:
        for path in written:
            with suppress(OSError):
                path.unlink()
        raise
    return Written([*written, config.path], config)
