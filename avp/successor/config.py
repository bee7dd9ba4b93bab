"""The avp.toml entry of a successor: ``programme`` and ``programmes``, comments kept.

The avp.toml is the one in the new file's folder, else the nearest in a parent
(:func:`avp.programme.discovery.find_config`) if it names an earlier programme, else a new
one in that folder. Its
``programme`` becomes the new file (the default of single-programme commands and of
writes); ``programmes`` (every programme of the workspace) gains the earlier files and the
new one, after the programme it named before when the list is new. Paths are relative to
the avp.toml, with ``/``. Every other line and comment stays (tomlkit, a style-preserving
TOML library, imported only here).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avp.programme.discovery import CONFIG_NAME, ConfigError, find_config
from avp.storage.files import display_path, resolved

NEW_CONFIG_HEAD = (
    "# Which programme avp uses in this folder and below (programme), and every programme\n"
    "# of this workspace (programmes); paths relative to this file.\n"
)


@dataclass(frozen=True)
class ConfigChange:
    """The avp.toml to write: its path, old bytes (None: new), new text, what changed."""

    path: Path
    old: bytes | None
    text: str
    changes: list[str]


def config_for(folder: Path, olds: list[Path] | None = None) -> Path:
    """The avp.toml that applies to ``folder``, or the one to create in it.

    An avp.toml of a parent folder is used only when it names one of the earlier
    programmes ``olds`` (its ``programme`` or a ``programmes`` entry): a successor made in
    a scratch folder below must not become the default programme of the whole tree."""
    here = resolved(folder)
    found = find_config(here)
    if found is None:
        return here / CONFIG_NAME
    if found.parent == here or olds is None or _names_any(found, olds):
        return found
    return here / CONFIG_NAME


def _names_any(config: Path, olds: list[Path]) -> bool:
    """Whether ``config`` names one of ``olds``; read leniently (a broken one: True, so
    that the write reports it rather than passing it over)."""
    import tomllib  # lazy

    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    entries = [data.get("programme")]
    listed = data.get("programmes")
    entries += listed if isinstance(listed, list) else []
    return any(
        isinstance(entry, str) and entry and _covers(entry, old, config)
        for entry in entries
        for old in olds
    )


def _relative(path: Path, config: Path) -> str:
    try:
        return Path(os.path.relpath(resolved(path), config.parent)).as_posix()
    except ValueError:  # Windows: another drive
        return resolved(path).as_posix()


def _covers(entry: str, path: Path, config: Path) -> bool:
    """Whether a ``programmes`` entry (a path or a glob) names ``path``."""
    base = config.parent
    try:
        if any(c in entry for c in "*?["):
            return any(resolved(p) == resolved(path) for p in base.glob(entry))
        return resolved(base / entry) == resolved(path)
    except (OSError, ValueError, NotImplementedError):
        return False


def _parse(config: Path, raw: bytes) -> Any:
    import tomlkit  # lazy
    from tomlkit.exceptions import ParseError  # lazy

    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ConfigError(config, "is not UTF-8; save it as UTF-8") from None
    try:
        return tomlkit.parse(text)
    except ParseError as exc:
        raise ConfigError(
            config, f"not valid TOML: {exc}; fix it first (nothing was written)", exc.line, exc.col
        ) from None


def planned_config(config: Path, new: Path, olds: list[Path]) -> ConfigChange:
    """``config`` with ``programme`` set to ``new`` and ``programmes`` naming ``olds`` and
    ``new`` (nothing written)."""
    import tomlkit  # lazy

    old_bytes = config.read_bytes() if config.exists() else None
    doc = _parse(config, old_bytes) if old_bytes is not None else tomlkit.parse(NEW_CONFIG_HEAD)
    changes: list[str] = []
    new_entry = _relative(new, config)
    before = doc.get("programme")
    listed: Any = doc.get("programmes")
    if listed is not None and not (
        isinstance(listed, list) and all(isinstance(e, str) for e in listed)
    ):
        raise ConfigError(
            config,
            "'programmes' is not a list of paths; write programmes = [\"a.yaml\", ...] "
            "(nothing was written)",
        )
    if listed is None:
        listed = tomlkit.array()
        wanted = [Path(config.parent, before)] if isinstance(before, str) and before else []
    else:
        wanted = []
    wanted += [*olds, new]
    added = []
    for path in wanted:
        if not any(_covers(str(entry), path, config) for entry in listed):
            entry = _relative(path, config)
            listed.append(entry)
            added.append(entry)
    if len(listed) > 2:
        listed.multiline(True)
    doc["programme"] = new_entry
    if "programmes" not in doc:
        doc["programmes"] = listed
    changes.append(
        f"programme = {new_entry!r}" + (f" (was {before!r})" if isinstance(before, str) else "")
    )
    if added:
        changes.append("programmes: added " + ", ".join(repr(a) for a in added))
    return ConfigChange(config, old_bytes, tomlkit.dumps(doc), changes)


def describe(change: ConfigChange) -> str:
    what = "wrote" if change.old is None else "updated"
    return f"{what} {display_path(change.path)}: " + "; ".join(change.changes)
