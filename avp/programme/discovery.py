"""Which programme a command works on.

In order: ``--file/-f``, the ``AVP_FILE`` environment variable, an ``avp.toml`` in the
working directory or one of its parents (``programme = "path"``, relative to that file),
and finally the programme bundled with avp.

The bundled programme is for reading only: :attr:`ProgrammeSource.bundled` says that it
was the last resort, and whatever writes refuses it (``Project.writable_log``). An
``avp.toml`` that cannot be used (not UTF-8 TOML, no ``programme`` text, a file that does
not exist, a folder named ``avp.toml``) is a :class:`ConfigError` naming its line and
column: it is never skipped in favour of the next candidate.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avp.base.problems import UsageError
from avp.programme.patterns import is_pattern, programme_matches
from avp.storage.files import (
    Unreadable,
    checked_bytes,
    display_path,
    os_reason,
    resolved,
    sniff_encoding,
    utf8_error,
)

ENV_VAR = "AVP_FILE"


CONFIG_NAME = "avp.toml"


BUNDLED_NAME = "programma-2021-2022.yaml"


#: What an avp.toml holds, as the messages about a broken one show it.
CONFIG_LINE = 'programme = "path/to/programme.yaml"'


#: The ways a command can choose a programme, as the messages about writing name them.
CHOICES = (
    f"--file PATH, the environment variable {ENV_VAR}, or an {CONFIG_NAME} in this folder "
    f"(or a parent) with the line {CONFIG_LINE}"
)


@dataclass(frozen=True)
class ProgrammeSource:
    """A programme file and how it was found.

    ``how`` is ``"--file"``, ``"AVP_FILE"``, the path of the avp.toml (then ``config`` is
    that path too) or ``"bundled"``.
    """

    path: Path
    how: str
    config: Path | None = None

    @property
    def bundled(self) -> bool:
        """Whether nothing chose a programme and the bundled one is used: read-only."""
        return self.how == "bundled"

    @property
    def kind(self) -> str:
        """``--file``, ``AVP_FILE``, ``avp.toml`` or ``bundled``."""
        return CONFIG_NAME if self.config is not None else self.how


class ConfigError(UsageError):
    """An avp.toml that cannot be used: its path, the line and column (0: unknown), what.

    The message is ``PATH:LINE:COL: what; what to do``; ``avp validate`` reports it as a
    problem of the ``config`` rule.
    """

    def __init__(self, config: Path, what: str, line: int = 0, column: int = 0) -> None:
        self.config = config
        self.what = what
        self.line = line
        self.column = column
        where = display_path(config)
        if line:
            where += f":{line}:{column or 1}"
        super().__init__(f"{where}: {what}")


def bundled_programme() -> Path:
    here = Path(__file__).resolve().parents[1]  # the avp package
    for candidate in (here / "_data" / BUNDLED_NAME, here.parent / "data" / BUNDLED_NAME):
        if candidate.is_file():
            return candidate
    raise UsageError(
        "the bundled programme is missing from this installation; reinstall avp "
        "or name a programme with --file"
    )


def installed_data() -> Path:
    """The folder of the data installed with the avp package (in a wheel: ``avp/_data``)."""
    return Path(__file__).resolve().parents[1] / "_data"


def is_installed_data(path: Path) -> bool:
    """Whether ``path`` is one of the files installed with avp (read-only)."""
    return resolved(path).is_relative_to(installed_data())


def config_files(start: Path) -> Iterator[Path]:
    """Every avp.toml in ``start`` and its parents, nearest first.

    ConfigError for a name ``avp.toml`` that is no file (a folder, a link to nothing, a
    pipe): it would otherwise be passed over for one further up.
    """
    for directory in (start, *start.parents):
        candidate = directory / CONFIG_NAME
        try:
            if candidate.is_file():
                yield candidate
            elif candidate.is_symlink():
                raise ConfigError(candidate, _link_reason(candidate))
            elif candidate.exists():
                kind = "a folder" if candidate.is_dir() else "not a regular file"
                raise ConfigError(
                    candidate,
                    f"is {kind}, not a file; remove it, or make it a file with the line "
                    f"{CONFIG_LINE}",
                )
        except PermissionError:
            raise ConfigError(candidate, "cannot be looked at: permission denied") from None
        except OSError:
            continue  # a name this file system cannot look up: no avp.toml there


def _link_reason(link: Path) -> str:
    """Why a symbolic link named avp.toml leads to no file: a loop, or nothing."""
    try:
        link.stat()
    except OSError as exc:
        return os_reason(link, exc, "a file")
    return "is a link to nothing; remove it or fix the link"


def find_config(start: Path) -> Path | None:
    """The nearest avp.toml in ``start`` or a parent (ConfigError for one that is no file)."""
    return next(config_files(start), None)


_TOML_POSITION = re.compile(r"^(?P<what>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


_KEY_LINE = re.compile(r"^[ \t]*(?:programme|\"programme\"|'programme')[ \t]*=[ \t]*", re.MULTILINE)


def _position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _config_text(config: Path) -> str:
    """The text of an avp.toml: UTF-8, a BOM allowed (Windows editors write one)."""
    try:
        raw = checked_bytes(config, f"a file with the line {CONFIG_LINE}")
    except Unreadable as exc:
        raise ConfigError(config, exc.reason) from None
    found = utf8_error(raw)
    if found is not None:
        what, line, column = found
        if sniff_encoding(raw) is not None:
            what += (
                " (Windows PowerShell 5 writes UTF-16 with '>' and Out-File: write it with "
                "Out-File -Encoding utf8 or Set-Content -Encoding utf8, or save it as UTF-8 "
                "in an editor)"
            )
            line = column = 0
        raise ConfigError(config, f"is {what}" if what.startswith("saved") else what, line, column)
    return raw.decode("utf-8").removeprefix("\ufeff")


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{value} (a {type(value).__name__})"


def _settings(config: Path) -> tuple[str, dict[str, Any]]:
    """The text of an avp.toml and its settings; ConfigError when it is not TOML."""
    text = _config_text(config)
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.match(message)
        if match:
            what, line, column = match["what"], int(match["line"]), int(match["column"])
        else:
            what = message.removesuffix(" (at end of document)")
            line, column = _position(text, len(text.rstrip()))
        if what.startswith("Cannot overwrite a value"):
            what = "a key is there twice; keep one"
            second = list(_KEY_LINE.finditer(text))[1:2]
            if second:
                line, column = _position(text, second[0].start())
        hint = (
            f"{PROGRAMMES_LINE} (the paths in double quotes, in [ ])"
            if _PROGRAMMES_KEY.search(text)
            else f"{CONFIG_LINE} (the path in double quotes)"
        )
        raise ConfigError(
            config,
            f"not valid TOML: {what[:1].lower()}{what[1:]}; it should hold the line {hint}",
            line,
            column,
        ) from None


def _programme_file(config: Path, value: str, line: int, column: int, key: str) -> Path:
    """The file ``value`` (relative to the avp.toml) names; ConfigError when it is none."""
    path = config.parent / value
    try:
        path.stat()
        is_file, is_dir = path.is_file(), path.is_dir()
        problem = "is a folder, not a programme file" if is_dir else "is not a regular file"
    except OSError as exc:  # a loop, a name too long for the file system, ...
        is_file = False
        reason = os_reason(path, exc, "a programme file")
        problem = "does not exist" if reason == "no such file" else reason
    if not is_file:
        shown = display_path(path)
        named = f"{value!r}" if shown == value else f"{value!r} ({shown})"
        raise ConfigError(
            config,
            f"{key} {named} {problem}; fix the path (relative to the folder of this avp.toml)",
            line,
            column,
        )
    return path


def _default_programme(config: Path, text: str, settings: dict[str, Any]) -> Path | None:
    """The file of the ``programme`` line (None without one)."""
    if "programme" not in settings:
        return None
    key = _KEY_LINE.search(text)
    line, column = _position(text, key.end()) if key else (0, 0)
    value = settings["programme"]
    if not isinstance(value, str):
        raise ConfigError(
            config,
            f"'programme' is {_describe(value)}, not a path; write {CONFIG_LINE}",
            line,
            column,
        )
    if not value.strip():
        raise ConfigError(
            config, f"'programme' is empty; name the programme file: {CONFIG_LINE}", line, column
        )
    return _programme_file(config, value, line, column, "programme")


#: What the ``programmes`` line of an avp.toml holds, as the messages show it.
PROGRAMMES_LINE = 'programmes = ["a.yaml", "regio/*.yaml"]'


#: A line that starts a ``programmes`` list (a broken one gets that line as its hint).
_PROGRAMMES_KEY = re.compile(
    r"^[ \t]*(?:programmes|\"programmes\"|'programmes')[ \t]*=[ \t]*", re.MULTILINE
)


def _item_position(text: str, start: int, value: str) -> tuple[int, int]:
    """Where the item ``value`` of the ``programmes`` list is written (after ``start``)."""
    for quoted in (f'"{value}"', f"'{value}'"):
        found = text.find(quoted, start)
        if found >= 0:
            return _position(text, found)
    return _position(text, start)


def _listed_programmes(config: Path, text: str, settings: dict[str, Any]) -> list[Path]:
    """The files the ``programmes`` list names, patterns expanded (in the order written)."""
    key = _PROGRAMMES_KEY.search(text)
    start = key.end() if key else 0
    line, column = _position(text, start) if key else (0, 0)
    value = settings["programmes"]
    if not isinstance(value, list):
        raise ConfigError(
            config,
            f"'programmes' is {_describe(value)}, not a list; write {PROGRAMMES_LINE}",
            line,
            column,
        )
    found: list[Path] = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, str):
            raise ConfigError(
                config,
                f"'programmes' item {number} is {_describe(item)}, not a path; write "
                f"{PROGRAMMES_LINE} (each path in double quotes)",
                line,
                column,
            )
        at_line, at_column = _item_position(text, start, item)
        if not item.strip():
            raise ConfigError(
                config,
                f"'programmes' item {number} is empty; name a programme file or a pattern",
                at_line,
                at_column,
            )
        if not is_pattern(item):
            found.append(_programme_file(config, item, at_line, at_column, "programmes item"))
            continue
        matches = programme_matches(config.parent, item)
        if not matches:
            raise ConfigError(
                config,
                f"the pattern {item!r} in 'programmes' matches no programme file (relative "
                "to the folder of this avp.toml; progress logs are left out); fix it or "
                "remove it",
                at_line,
                at_column,
            )
        found += matches
    return found


@dataclass(frozen=True)
class WorkspaceConfig:
    """What an avp.toml names: its default ``programme`` (or None) and every programme of
    the workspace (``programmes``, patterns expanded, and the default): sorted by path,
    each file once (by its real path)."""

    config: Path
    programme: Path | None
    programmes: tuple[Path, ...]

    @property
    def default(self) -> Path | None:
        """The programme of single-programme commands: ``programme``, else the only one."""
        if self.programme is not None:
            return self.programme
        return self.programmes[0] if len(self.programmes) == 1 else None


def read_workspace(config: Path) -> WorkspaceConfig:
    """The programmes an avp.toml names; ConfigError when it cannot be used."""
    text, settings = _settings(config)
    if "programme" not in settings and "programmes" not in settings:
        others = ", ".join(sorted(settings))
        found = f" (it has {others}; a typo?)" if others else ""
        raise ConfigError(
            config,
            f"no 'programme' key{found}; add the line {CONFIG_LINE} "
            f"(or {PROGRAMMES_LINE} for several)",
        )
    default = _default_programme(config, text, settings)
    listed = _listed_programmes(config, text, settings) if "programmes" in settings else []
    if default is None and not listed:
        key = _PROGRAMMES_KEY.search(text)
        line, column = _position(text, key.end()) if key else (0, 0)
        raise ConfigError(
            config,
            f"'programmes' is empty; name the programme files: {PROGRAMMES_LINE}",
            line,
            column,
        )
    members: dict[Path, Path] = {}
    for path in ([default] if default is not None else []) + listed:
        members.setdefault(resolved(path), path)
    root = resolved(config.parent)
    ordered = sorted(members, key=lambda real: _sort_key(root, real))
    return WorkspaceConfig(config, default, tuple(members[real] for real in ordered))


def _sort_key(root: Path, real: Path) -> str:
    """A programme's place in the workspace: its path from the avp.toml's folder."""
    try:
        return real.relative_to(root).as_posix().casefold()
    except ValueError:
        return real.as_posix().casefold()


class NoDefaultProgramme(ConfigError):
    """An avp.toml of several programmes without a ``programme`` line, for a command that
    works on one programme."""


def read_config(config: Path) -> Path:
    """The programme an avp.toml names for single-programme commands (relative to it):
    its ``programme``, else the only one of ``programmes``. ConfigError when it cannot be
    used; :class:`NoDefaultProgramme` when it lists several and names no default."""
    workspace = read_workspace(config)
    if workspace.default is None:
        names = ", ".join(display_path(p) for p in workspace.programmes[:5])
        more = ", ..." if len(workspace.programmes) > 5 else ""
        raise NoDefaultProgramme(
            config,
            f"lists {len(workspace.programmes)} programmes ({names}{more}) and names no "
            "default one for this command; choose one with --file PATH (or the environment "
            f"variable {ENV_VAR}), or add the line {CONFIG_LINE} to it. (avp list, report, "
            "targets and validate work on all of them and take --programme NAME to narrow.)",
        )
    return workspace.default


def chosen_programme(
    *, cwd: Path | None = None, environ: Mapping[str, str] | None = None
) -> ProgrammeSource | None:
    """The programme ``AVP_FILE`` or an avp.toml chooses; None when neither does."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_VAR):
        return ProgrammeSource(Path(environ[ENV_VAR]), ENV_VAR)
    config = find_config(resolved(cwd or Path.cwd()))
    if config is not None:
        return ProgrammeSource(read_config(config), str(config), config)
    return None


def find_programme(
    explicit: Path | None = None,
    *,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> ProgrammeSource:
    """``explicit`` (``--file``), else :func:`chosen_programme`, else the bundled one."""
    if explicit is not None:
        return ProgrammeSource(explicit, "--file")
    chosen = chosen_programme(cwd=cwd, environ=environ)
    return chosen or ProgrammeSource(bundled_programme(), "bundled")
