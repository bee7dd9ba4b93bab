"""Validating files: programmes and logs told apart, each log against its programme."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from avp.base import rules
from avp.base.problems import AvpError, DataError, Problem, UsageError, sort_problems
from avp.programme.discovery import (
    CONFIG_NAME,
    ConfigError,
    ProgrammeSource,
    config_files,
    read_workspace,
)
from avp.programme.load import (
    forget_plain,
    load_programme,
    outside_problems,
    programme_data,
    progress_log_of,
    read_log_ahead,
    validate_text,
)
from avp.progress.read import programme_fingerprint, validate_log_text
from avp.storage import ahead, cache
from avp.storage.files import decode, display_path, read_bytes, resolved
from avp.validate.privacy import scan

if TYPE_CHECKING:
    from avp.programme.models import Programme

Kind = Literal["programme", "progress"]


_ENTRIES_LINE = re.compile(r"^entries[ \t]*:", re.MULTILINE)


_PROGRAMME_LINE = re.compile(r"^programme[ \t]*:", re.MULTILINE)


_PROGRESS_LOG_LINE = re.compile(
    r"^[ \t]+progress_log[ \t]*:[ \t]*(?P<value>[^\r\n#]*?)[ \t]*(?:#[^\r\n]*)?$", re.MULTILINE
)


def file_kind(text: str, shown: str) -> Kind:
    """``progress`` for a mapping with top-level ``entries`` (and no ``programme``)."""

    # Block style, the usual case: the top-level keys tell, without parsing a large file.
    entries = _line_starting(text, "entries", _ENTRIES_LINE)
    programme = _line_starting(text, "programme", _PROGRAMME_LINE)
    if entries or programme:
        return "progress" if entries and not programme else "programme"
    from avp.yamlio.loader import load  # lazy: the top-level keys mostly tell

    try:
        data = load(text, shown)
    except DataError:
        # Broken YAML: guess from the lines; either way the same YAML problem is reported.
        looks_like_log = _ENTRIES_LINE.search(text) and not _PROGRAMME_LINE.search(text)
        return "progress" if looks_like_log else "programme"
    from avp.progress.checks import is_log_data  # lazy: it needs the models

    return "progress" if is_log_data(data) else "programme"


def _line_starting(text: str, word: str, line: re.Pattern[str]) -> bool:
    """Whether ``line`` (a multi-line pattern of a line that starts with ``word``) is in
    ``text``; it runs only where a line starts with ``word`` (its ``^`` would be tried at
    every position of a large file)."""
    if text.startswith(word):
        return line.search(text) is not None
    at = text.find("\n" + word)
    return at >= 0 and line.search(text, at) is not None


def programme_naming(log_path: Path) -> Path | None:
    """A *.yaml or *.yml file beside the log whose ``progress_log`` names it.

    Cheap: a regular expression over each sibling's text, no YAML parsing.
    """
    target = resolved(log_path)
    siblings = sorted({*log_path.parent.glob("*.yaml"), *log_path.parent.glob("*.yml")})
    for sibling in siblings:
        if resolved(sibling) == target or not sibling.is_file():
            continue
        try:
            text = sibling.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in _PROGRESS_LOG_LINE.finditer(text):
            value = _unquote(match.group("value"))
            if value and resolved(sibling.parent / value) == target:
                return sibling
    return None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


@dataclass(frozen=True)
class Owner:
    """The programme a log is checked against, and how it was found: ``--file``,
    ``AVP_FILE``, ``avp.toml`` (``config`` is its path), ``beside it`` (a programme in the
    log's folder that names it), or how ``avp validate`` without PATH found the programme."""

    path: Path
    how: str
    config: Path | None = None


class Validator:
    """Validates programme files and progress logs; each log against its programme.

    The programme of a log (:meth:`programme_of`): the one registered with :meth:`pair`,
    else ``programme`` (``--file``), else the programme ``discover()`` finds
    (``AVP_FILE`` or an avp.toml in the working directory) if it names the log, else the
    programme of an avp.toml in the log's folder or a parent that names it, else a
    programme beside the log that names it. Never the bundled programme unless it is
    ``programme``. Without one, only the log's schema is checked and a ``no-programme``
    warning says so. :attr:`checked` remembers, per log, the programme it was checked
    against. Programmes are loaded once.
    """

    def __init__(
        self,
        targets: Sequence[Path] = (),
        *,
        programme: Path | None = None,
        discover: Callable[[], ProgrammeSource | None] | None = None,
        today: dt.date | None = None,
    ) -> None:
        self._targets = {resolved(p) for p in targets}
        self._explicit = programme
        self._discover = discover
        self._today = today
        self._owners: dict[Path, Owner] = {}
        self._programmes: dict[tuple[Path, bool], tuple[Programme | None, str]] = {}
        #: The logs checked (as shown) and the programme each was checked against.
        self.checked: dict[str, Owner | None] = {}
        self._seen: set[Path] = set()  # the files validate() was given (resolved)

    def pair(
        self, log_path: Path, programme_path: Path, how: str, config: Path | None = None
    ) -> None:
        """Check ``log_path`` against ``programme_path``, found ``how``."""
        self._owners[resolved(log_path)] = Owner(programme_path, how, config)

    def validate(self, path: Path) -> list[Problem]:
        """Every problem of the file. Raises UsageError when it cannot be read."""

        shown = display_path(path)
        self._seen.add(resolved(path))
        raw = read_bytes(path)
        try:
            text = decode(raw, shown)
        except DataError as exc:
            return sort_problems(exc.problems)
        kind = file_kind(text, shown)
        if kind == "progress":
            problems = self._validate_log(path, raw, text, shown)
        elif cache.load("clean-programme", path, raw) is True:
            problems = []  # these very bytes had no problem at all with this avp
        else:
            if kind == "programme":  # its log, if validated too, meanwhile (a large one)
                read_log_ahead(path, text, shown, among=self._targets)
            problems = validate_text(text, shown)
            if not problems:
                cache.store("clean-programme", path, raw, True)
        if kind == "programme":  # where its log lies is not in its bytes
            problems = [*problems, *outside_problems(path, text, shown)]
        # These very bytes had no personal data with this avp: not scanned again (a file
        # whose values are read as YAML to be scanned, a large programme, takes a second).
        if cache.load("clean-privacy", path, raw) is True:
            personal = []
        else:
            # A programme's text is read by programme_data already (cold): read it once.
            personal = scan(text, shown, read=programme_data if kind == "programme" else None)
            if not personal:
                cache.store("clean-privacy", path, raw, True)
        if not personal and kind == "progress":
            return problems  # sorted already (a million problems: a sort saved)
        if personal and self._privacy_strict(path, kind, problems):
            personal = [replace(p, level="error") for p in personal]
        return sort_problems([*problems, *personal])

    def _privacy_strict(self, path: Path, kind: str, problems: list[Problem]) -> bool:
        """Whether the programme of ``path`` (or ``path`` itself) says ``privacy: strict``:
        then what looks like personal data is an error, as it is for progress add."""
        if kind == "progress":
            owner = self.checked.get(display_path(path))
            programme = None if owner is None else self._programme(owner.path, twins=True)[0]
        elif kind == "programme" and not any(p.level == "error" for p in problems):
            programme = self._programme(path, twins=True)[0]
        else:
            programme = None
        return programme is not None and programme.programme.privacy == "strict"

    def _validate_log(self, path: Path, raw: bytes, text: str, shown: str) -> list[Problem]:

        programme: Programme | None = None
        extra: list[Problem] = []
        try:
            owner = self.programme_of(path)
        except ConfigError as exc:
            owner = None
            extra.append(config_problem(exc))
        except UsageError as exc:
            owner = None
            extra.append(self._unchecked(shown, exc.message))
        self.checked[shown] = owner
        if owner is not None:
            # Without its models first: a log checked before needs only the programme's
            # fingerprint (a large programme's models take a tenth of a second to load).
            programme, reason = self._programme(owner.path, twins=True)
            if programme is None and resolved(owner.path) not in self._targets:
                extra.append(self._unchecked(shown, reason))
        elif not extra:
            extra.append(
                Problem(
                    shown,
                    level="warning",
                    message="no programme names this log, so only its schema was checked, "
                    "not its measure ids and dates; name the programme with --file, or in an "
                    'avp.toml (programme = "...") or a programme file beside the log whose '
                    "progress_log names it",
                    rule=rules.NO_PROGRAMME,
                )
            )
        depends = programme_fingerprint(programme) + (f"@{self._today}" if self._today else "")
        if cache.load("clean-progress", path, raw, depends) is True:
            return sort_problems(extra)  # these very bytes had no problem against this programme
        if programme is not None and owner is not None:
            programme = self._programme(owner.path)[0]  # the checks need its models
            if resolved(owner.path) in self._seen or resolved(owner.path) not in self._targets:
                forget_plain()  # not read again: its text and data (20 MiB for 10,000 measures)
        taken = ahead.take(path, raw)  # read while the programme was (None: not)
        problems = validate_log_text(text, shown, programme, today=self._today, read=taken)
        if not problems:
            cache.store("clean-progress", path, raw, True, depends)
        # located_problems sorts its problems: only extra ones need another sort.
        return sort_problems([*problems, *extra]) if extra else problems

    @staticmethod
    def _unchecked(shown: str, reason: str) -> Problem:
        return Problem(
            shown,
            message=f"measure ids and dates not checked: {reason}",
            rule=rules.PROGRAMME,
        )

    def programme_of(self, log_path: Path) -> Owner | None:
        """The programme to check the log against (see the class), or None.

        ConfigError for an avp.toml on the way that cannot be used.
        """
        known = self._owners.get(resolved(log_path))
        if known is not None:
            return known
        if self._explicit is not None:
            return Owner(self._explicit, "--file")
        target = resolved(log_path)
        if self._discover is not None:
            source = self._discover()
            if source is not None and _names(source.path, target):
                return Owner(source.path, source.kind, source.config)
        for config in config_files(resolved(log_path.parent)):
            for programme in read_workspace(config).programmes:  # a workspace: any of them
                if _names(programme, target):
                    return Owner(programme, CONFIG_NAME, config)
        found = programme_naming(log_path)
        if found is not None:
            return Owner(found, "beside it")
        return None

    def _programme(self, path: Path, *, twins: bool = False) -> tuple[Programme | None, str]:
        """The programme of ``path`` (``twins``: without its models, for what only reads
        it), or None and why it cannot be used."""
        key = (resolved(path), twins)
        if key not in self._programmes:
            shown = display_path(path)
            try:
                loaded = load_programme(path, twins=twins, keep_plain=True)
                self._programmes[key] = (loaded, "")
            except DataError:
                reason = f"the programme {shown} is invalid (avp validate {shown} lists why)"
                self._programmes[key] = (None, reason)
            except AvpError as exc:
                self._programmes[key] = (None, exc.message)
        return self._programmes[key]


def _names(programme: Path, log: Path) -> bool:
    """Whether the programme file names ``log`` (resolved) as its progress log."""
    named = progress_log_of(programme)
    return named is not None and resolved(named) == log


def config_problem(error: ConfigError) -> Problem:
    """An avp.toml that cannot be used, as a problem located in it."""
    return Problem(
        display_path(error.config),
        error.line,
        error.column,
        message=error.what,
        rule=rules.CONFIG,
    )
