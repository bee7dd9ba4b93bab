"""Reading a progress log: the fast readers, the cache, and located problems when it is invalid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import (
    ValidationError,
)

from avp.base.findings import Finding
from avp.base.problems import DataError, Problem
from avp.programme.models import Programme
from avp.progress.checks import _findings, check_log
from avp.progress.models import ProgressLog, log_from_data
from avp.storage import cache
from avp.storage.cache import digest
from avp.storage.files import decode, display_path, read_bytes_if_exists
from avp.yamlio.loader import gc_paused, load_items
from avp.yamlio.locate import located_problems


def log_path_for(programme_path: Path, programme: Programme) -> Path | None:
    """The log the programme names (relative to the programme file), or None."""
    name = programme.programme.progress_log
    return programme_path.parent / name if name else None


def validate_log_text(
    text: str, shown: str, programme: Programme | None = None, *, today: dt.date | None = None
) -> list[Problem]:
    """Every problem of a progress log's text, located; ``programme`` for ids and dates."""

    def findings(data: Any) -> list[Finding]:
        return _findings(data, programme, today, text)

    return located_problems(text, shown, load_items, findings)


def parse_log(
    text: str, shown: str, programme: Programme | None = None, *, today: dt.date | None = None
) -> ProgressLog:
    """A valid log from its text; DataError with the located errors otherwise.

    Warnings (dates outside the programme period) do not make a log invalid.
    """
    return _parse_log_data(text, shown, programme, today=today)[0]


def _parse_log_data(
    text: str, shown: str, programme: Programme | None, *, today: dt.date | None
) -> tuple[ProgressLog, Any]:
    """The valid log and the plain data it was read from."""
    data = load_items(text, shown)
    log = None
    if isinstance(data, dict):
        try:
            log = log_from_data(data)
        except ValidationError:
            log = None
    if log is None or any(
        f.level == "error" for f in check_log(data, programme, today=today, text=text)
    ):
        problems = validate_log_text(text, shown, programme, today=today)
        raise DataError(
            f"{shown} is not a valid progress log; fix the problems above "
            f"(avp validate {shown} lists them)",
            [p for p in problems if p.level == "error"],
        )
    return log, data


def programme_fingerprint(programme: Programme | None) -> str:
    """What a log's validity depends on in its programme: all of it (a hash of its
    canonical data), since any part may add a problem (a target's dates, a coverage's
    form, a comparison's reference...). Half a millisecond for the bundled programme."""
    if programme is None:
        return "-"

    return digest(programme.model_dump_json())


@gc_paused
def _load_log_data(
    path: Path,
    raw: bytes,
    programme: Programme | None,
    *,
    today: dt.date | None,
    keep_data: bool = True,
) -> tuple[ProgressLog, Any]:
    """The valid log of ``raw`` (the bytes of ``path``), from the cache when it can be,
    and its plain data (None if not ``keep_data``: that saves memory)."""

    depends = programme_fingerprint(programme)
    cached = cache.load("progress", path, raw, depends)
    if isinstance(cached, dict):
        try:
            log = log_from_data(cached, spend=not keep_data)
            return log, cached if keep_data else None
        except ValidationError:
            pass  # not what we cached: read the file itself
    shown = display_path(path)
    log, data = _parse_log_data(decode(raw, shown), shown, programme, today=today)
    cache.store("progress", path, raw, data, depends)
    return log, data


def load_log(
    path: Path, programme: Programme | None = None, *, today: dt.date | None = None
) -> ProgressLog:
    """Read and validate a log; a missing file is an empty log. DataError when invalid.

    A log that validated before, byte for byte and against the same programme, comes from
    the cache (:mod:`avp.cache`); the models validate it again.
    """
    raw = read_bytes_if_exists(path)
    if raw is None:
        return ProgressLog(entries=[])
    return _load_log_data(path, raw, programme, today=today, keep_data=False)[0]
