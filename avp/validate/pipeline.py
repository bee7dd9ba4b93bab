"""Validating files: programmes and logs told apart, each log against its programme."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from avp.base import rules
from avp.base.problems import AvpError, DataError, Problem, UsageError, sort_problems
from avp.programme.load import load_programme, validate_text
from avp.programme.models import Programme
from avp.progress.checks import is_log_data
from avp.progress.read import programme_fingerprint, validate_log_text
from avp.storage import cache
from avp.storage.files import decode, display_path, read_bytes
from avp.validate.privacy import scan
from avp.yamlio.loader import load

Kind = Literal["programme", "progress"]


_ENTRIES_LINE = re.compile(r"^entries[ \t]*:", re.MULTILINE)


_PROGRAMME_LINE = re.compile(r"^programme[ \t]*:", re.MULTILINE)


_PROGRESS_LOG_LINE = re.compile(
    r"^[ \t]+progress_log[ \t]*:[ \t]*(?P<value>[^\r\n#]*?)[ \t]*(?:#[^\r\n]*)?$", re.MULTILINE
)


def file_kind(text: str, shown: str) -> Kind:
    """``progress`` for a mapping with top-level ``entries`` (and no ``programme``)."""

    # Block style, the usual case: the top-level keys tell, without parsing a large file.
    entries, programme = _ENTRIES_LINE.search(text), _PROGRAMME_LINE.search(text)
    if entries or programme:
        return "progress" if entries and not programme else "programme"
    try:
        data = load(text, shown)
    except DataError:
        # Broken YAML: guess from the lines; either way the same YAML problem is reported.
        looks_like_log = _ENTRIES_LINE.search(text) and not _PROGRAMME_LINE.search(text)
        return "progress" if looks_like_log else "programme"
    return "progress" if is_log_data(data) else "programme"


def programme_naming(log_path: Path) -> Path | None:
    """A *.yaml or *.yml file beside the log whose ``progress_log`` names it.

    Cheap: a regular expression over each sibling's text, no YAML parsing.
    """
    target = _resolved(log_path)
    siblings = sorted({*log_path.parent.glob("*.yaml"), *log_path.parent.glob("*.yml")})
    for sibling in siblings:
        if _resolved(sibling) == target or not sibling.is_file():
            continue
        try:
            text = sibling.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in _PROGRESS_LOG_LINE.finditer(text):
            value = _unquote(match.group("value"))
            if value and _resolved(sibling.parent / value) == target:
                return sibling
    return None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


class Validator:
    """Validates programme files and progress logs; each log against its programme.

    The programme of a log: the one registered with :meth:`pair`, else a sibling file
    whose ``programme.progress_log`` names the log, else ``fallback()`` (the discovered
    programme). Programmes are loaded once.
    """

    def __init__(
        self,
        targets: Sequence[Path] = (),
        *,
        fallback: Callable[[], Path] | None = None,
        today: dt.date | None = None,
    ) -> None:
        self._targets = {_resolved(p) for p in targets}
        self._fallback = fallback
        self._today = today
        self._owners: dict[Path, Path] = {}
        self._programmes: dict[Path, tuple[Programme | None, str]] = {}

    def pair(self, log_path: Path, programme_path: Path) -> None:
        self._owners[_resolved(log_path)] = programme_path

    def validate(self, path: Path) -> list[Problem]:
        """Every problem of the file. Raises UsageError when it cannot be read."""

        shown = display_path(path)
        raw = read_bytes(path)
        try:
            text = decode(raw, shown)
        except DataError as exc:
            return sort_problems(exc.problems)
        if file_kind(text, shown) == "progress":
            problems = self._validate_log(path, raw, text, shown)
        elif cache.load("clean-programme", path, raw) is True:
            problems = []  # these very bytes had no problem at all with this avp
        else:
            problems = validate_text(text, shown)
            if not problems:
                cache.store("clean-programme", path, raw, True)
        # The privacy scan is not cached: it is a quick pass over the text.
        return sort_problems([*problems, *scan(text, shown)])

    def _validate_log(self, path: Path, raw: bytes, text: str, shown: str) -> list[Problem]:

        programme: Programme | None = None
        extra: list[Problem] = []
        try:
            owner = self.programme_of(path)
        except UsageError as exc:
            owner = None
            extra.append(self._unchecked(shown, exc.message))
        if owner is not None:
            programme, reason = self._programme(owner)
            if programme is None and _resolved(owner) not in self._targets:
                extra.append(self._unchecked(shown, reason))
        if extra:
            return sort_problems([*validate_log_text(text, shown, None, today=self._today), *extra])
        depends = programme_fingerprint(programme) + (f"@{self._today}" if self._today else "")
        if cache.load("clean-progress", path, raw, depends) is True:
            return []  # these very bytes had no problem against this programme
        problems = validate_log_text(text, shown, programme, today=self._today)
        if not problems:
            cache.store("clean-progress", path, raw, True, depends)
        return problems

    @staticmethod
    def _unchecked(shown: str, reason: str) -> Problem:
        return Problem(
            shown,
            message=f"measure ids and dates not checked: {reason}",
            rule=rules.PROGRAMME,
        )

    def programme_of(self, log_path: Path) -> Path | None:
        known = self._owners.get(_resolved(log_path))
        if known is not None:
            return known
        found = programme_naming(log_path)
        if found is not None:
            return found
        return self._fallback() if self._fallback else None

    def _programme(self, path: Path) -> tuple[Programme | None, str]:
        key = _resolved(path)
        if key not in self._programmes:
            shown = display_path(path)
            try:
                self._programmes[key] = (load_programme(path), "")
            except DataError:
                reason = f"the programme {shown} is invalid (avp validate {shown} lists why)"
                self._programmes[key] = (None, reason)
            except AvpError as exc:
                self._programmes[key] = (None, exc.message)
        return self._programmes[key]
