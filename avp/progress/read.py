"""Reading a progress log: the fast readers, the cache, and located problems when it is invalid."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avp.base.problems import DataError, Problem
from avp.base.text import holds_no_bad_characters
from avp.programme.load import fingerprint
from avp.progress.lesson import EntryFacts
from avp.storage import ahead, cache, snapshot
from avp.storage.files import decode, display_path, read_bytes_if_exists
from avp.yamlio.pause import gc_paused

if TYPE_CHECKING:
    from avp.base.findings import Finding
    from avp.programme.models import Programme
    from avp.progress.models import ProgressLog

#: The plain classes whose methods a log read without its models keeps.
TWIN_BASES: snapshot.Bases = {("avp.progress.models", "Entry"): EntryFacts}


def log_path_for(programme_path: Path, programme: Programme) -> Path | None:
    """The log the programme names (relative to the programme file), or None."""
    name = programme.programme.progress_log
    return programme_path.parent / name if name else None


def validate_log_text(
    text: str,
    shown: str,
    programme: Programme | None = None,
    *,
    today: dt.date | None = None,
    read: tuple[Any, bool] | None = None,
) -> list[Problem]:
    """Every problem of a progress log's text, located; ``programme`` for ids and dates.
    ``read``: the text's items and whether it is clean, read already
    (:func:`avp.storage.ahead.take`)."""

    from avp.progress.checks import _findings  # lazy
    from avp.yamlio.loader import load_items  # lazy
    from avp.yamlio.locate import located_problems  # lazy

    clean = None if read is None else read[1]

    def findings(data: Any) -> list[Finding]:
        return _findings(data, programme, today, text, clean=clean)

    load = load_items if read is None else (lambda _text, _shown: read[0])
    return located_problems(text, shown, load, findings)


def parse_log(
    text: str, shown: str, programme: Programme | None = None, *, today: dt.date | None = None
) -> ProgressLog:
    """A valid log from its text; DataError with the located errors otherwise.

    Warnings (dates outside the programme period) do not make a log invalid.
    """
    return _parse_log_data(text, shown, programme, today=today)[0]


def _parse_log_data(
    text: str | bytes,
    shown: str,
    programme: Programme | None,
    *,
    today: dt.date | None,
    keep_models: bool = True,
    read: tuple[Any, bool] | None = None,
) -> tuple[ProgressLog, Any]:
    """The valid log and the plain data it was read from (``keep_models=False``: a log
    without entries, for a caller that needs only the plain data of a valid log).
    ``text`` may be the file's bytes, decoded only when needed: not when ``read`` holds
    the text's items and whether it is clean, read already (:func:`avp.storage.ahead.take`),
    and the log is valid."""
    from pydantic import ValidationError  # lazy

    from avp.progress.checks import check_log  # lazy
    from avp.progress.models import log_from_data  # lazy
    from avp.yamlio.loader import load_items  # lazy

    if read is None:
        text = decode(text, shown) if isinstance(text, bytes) else text
        read = load_items(text, shown), holds_no_bad_characters(text)
    data, clean = read
    log = None
    if isinstance(data, dict):
        try:
            log = log_from_data(data, keep=keep_models, clean=clean)
        except ValidationError:
            log = None
    if log is None or any(
        f.level == "error"
        for f in check_log(data, programme, today=today, clean=clean, modelled=True)
    ):
        text = decode(text, shown) if isinstance(text, bytes) else text
        problems = validate_log_text(text, shown, programme, today=today)
        raise DataError(
            f"{shown} is not a valid progress log; fix the problems above "
            f"(avp validate {shown} lists them)",
            [p for p in problems if p.level == "error"],
        )
    return log, data


def programme_fingerprint(programme: Programme | None) -> str:
    """What a log's validity depends on in its programme
    (:func:`avp.programme.load.fingerprint`): a part of the keys of the cache, so
    nothing ("-") when the cache is off (``AVP_NO_CACHE``: a programme of 10,000
    measures takes a tenth of a second to fingerprint)."""
    if programme is None or cache.cache_dir() is None:
        return "-"
    return fingerprint(programme)


@gc_paused
def _load_log_data(
    path: Path,
    raw: bytes,
    programme: Programme | None,
    *,
    today: dt.date | None,
    keep_data: bool = True,
    twins: bool = False,
    checked_by: Callable[[], Programme] | None = None,
    models: bool = True,
) -> tuple[ProgressLog, Any]:
    """The valid log of ``raw`` (the bytes of ``path``), from its snapshot or the cache
    when it can be, and its plain data (None if not ``keep_data``: that saves memory).
    ``models=False`` (with ``keep_data``): the plain data of a valid log and a log
    without entries (``progress add`` on a large log with no cache to keep them in).
    ``twins`` (not with ``keep_data``): the log without its models. ``checked_by``: the
    programme of models to check the entries against when the snapshot cannot be used
    (``programme`` may then be a twin: only its fingerprint is asked)."""

    depends = programme_fingerprint(programme)
    bases = TWIN_BASES if twins else None
    if not keep_data:
        found = snapshot.load("progress", path, raw, depends, twins=bases)
        if found is not None and hasattr(found, "entries"):
            return found, None
    if checked_by is not None:
        programme = checked_by()
    from pydantic import ValidationError  # lazy

    from avp.progress.models import log_from_data  # lazy

    log = data = None
    cached = cache.load("progress", path, raw, depends)
    if isinstance(cached, dict):
        with contextlib.suppress(ValidationError):  # else not what we cached: read the file
            log, data = log_from_data(cached, spend=not keep_data, keep=models), cached
    if log is None and not keep_data:
        log = _read_letting_go(path, raw, programme, depends, today=today)
    elif log is None:
        shown = display_path(path)
        log, data = _parse_log_data(
            raw, shown, programme, today=today, keep_models=models, read=ahead.take(path, raw)
        )
        cache.store("progress", path, raw, data, depends)
    if not keep_data and snapshot.enabled():  # a reader's: the next reader takes it from here
        body = snapshot.dumps(log)
        snapshot.store_body("progress", path, raw, body, depends)
        if twins:  # the same objects as from the snapshot next time, the first time too
            log = snapshot.loads(body, bases)
    return log, data if keep_data else None


def _read_letting_go(
    path: Path, raw: bytes, programme: Programme | None, depends: str, *, today: dt.date | None
) -> ProgressLog:
    """The valid log of ``raw`` for a reader that keeps no plain data: the entries are
    checked first (:func:`check_log`), their plain data encoded for the cache, and each
    plain entry let go once its model is built, so that the plain data and the models of
    a large log are not in memory together (100,000 entries: some 50 MiB). An invalid
    log raises what :func:`_parse_log_data` raises, from the text read again."""
    from pydantic import ValidationError  # lazy

    from avp.progress.checks import check_log  # lazy
    from avp.progress.models import log_from_data, prepare_validators  # lazy
    from avp.yamlio.loader import load_items  # lazy

    shown = display_path(path)
    ahead.meanwhile(prepare_validators)
    taken = ahead.take(path, raw)
    if taken is None:
        text = decode(raw, shown)
        data, clean = load_items(text, shown), holds_no_bad_characters(text)
        del text  # the strings of the data are its own
    else:
        data, clean = taken  # read by a second process while the programme was read
    if isinstance(data, dict) and not any(
        f.level == "error" for f in check_log(data, programme, today=today, clean=clean)
    ):
        for_cache = cache.encoded(data)
        try:
            log = log_from_data(data, spend=True, clean=clean, asked=True)
        except ValidationError:
            pass
        else:
            cache.store_encoded("progress", path, raw, for_cache, depends)
            return log
    # Something is wrong: the located problems, from the text (raises DataError).
    return _parse_log_data(decode(raw, shown), shown, programme, today=today)[0]


def load_log(
    path: Path,
    programme: Programme | None = None,
    *,
    today: dt.date | None = None,
    twins: bool = False,
    checked_by: Callable[[], Programme] | None = None,
    skip_invalid: bool = False,
) -> ProgressLog:
    """Read and validate a log; a missing file is an empty log. DataError when invalid.

    ``skip_invalid`` (for the commands that only read): when only some entries are
    invalid, the log of the others, and the invalid ones said on stderr with their
    file:line:col (:func:`report_skipped`); DataError still for a file that is wrong
    elsewhere (not YAML, no ``entries``).

    A log that validated before, byte for byte and against the same programme, comes from
    its snapshot (:mod:`avp.storage.snapshot`), else from the cache of its data
    (:mod:`avp.storage.cache`; the models validate it again). ``twins``: the log without
    its models, the same whether its snapshot was there or not. ``checked_by``: the
    programme of models to check the entries with when they are read from the file or the
    cache (``programme``, which may then be a twin, gives only the fingerprint).
    """
    raw = read_bytes_if_exists(path)
    if raw is None:
        if twins:
            return _empty_twin()
        from avp.progress.models import ProgressLog  # lazy

        return ProgressLog(entries=[])
    try:
        return _load_log_data(
            path, raw, programme, today=today, keep_data=False, twins=twins, checked_by=checked_by
        )[0]
    except DataError as exc:
        if not skip_invalid:
            raise
        checking = checked_by() if checked_by is not None else programme
        log = _valid_entries(path, raw, checking, exc, today=today)
        if log is None:  # not only entries are wrong: nothing can be read
            raise
        return log


#: How many problems of skipped entries are said (as avp.validate.reporters.SHOWN).
SHOWN = 100

#: The logs whose invalid entries were skipped since :func:`take_skipped` was last asked.
_skipped: list[str] = []


def take_skipped() -> list[str]:
    """The logs (as shown) of which entries were skipped since the last call; the
    commands exit 1 after their output when there are any (avp.cli.common)."""
    taken = list(_skipped)
    _skipped.clear()
    return taken


def report_skipped(problems: list[Problem], shown: str) -> None:
    """Say on stderr which entries were skipped and why, each at its file:line:col."""
    import sys  # lazy

    _skipped.append(shown)
    skipped = len({_entry_index(p) for p in problems})
    for p in problems[:SHOWN]:  # as avp validate says them (avp.validate.reporters)
        text = " ".join(p.text().split())
        sys.stderr.write(f"{p.location()}: {p.level}: {text} ({p.rule})\n")
    if len(problems) > SHOWN:
        sys.stderr.write(f"... and {len(problems) - SHOWN} more (avp validate --all lists them)\n")
    sys.stderr.write(
        f"avp: warning: {skipped} invalid {'entry' if skipped == 1 else 'entries'} of {shown} "
        "skipped (listed above); the rest is shown, and avp exits with 1. Fix "
        f"{'it' if skipped == 1 else 'them'} in the file (avp validate {shown} fails until "
        "then; avp progress add refuses to write to the log)\n"
    )
    sys.stderr.flush()


_ENTRY_PATH = re.compile(r"entries\[(\d+)\]")


def _entry_index(problem: Problem) -> int | None:
    found = _ENTRY_PATH.match(problem.yaml_path)
    return int(found[1]) if found else None


def _valid_entries(
    path: Path, raw: bytes, programme: Programme | None, exc: DataError, *, today: dt.date | None
) -> ProgressLog | None:
    """The log without the entries that have errors, when only entries have them (else
    None); says which on stderr (:func:`report_skipped`). Neither cached nor kept in a
    snapshot: every command says it again until the file is fixed."""
    from pydantic import ValidationError  # lazy

    from avp.progress.models import log_from_data  # lazy
    from avp.yamlio.loader import load_items  # lazy

    bad = {_entry_index(p) for p in exc.problems}
    if not exc.problems or None in bad:
        return None
    shown = display_path(path)
    try:
        data = load_items(decode(raw, shown), shown)
        entries = data["entries"]
        kept = [e for i, e in enumerate(entries) if i not in bad]
        log = log_from_data({**data, "entries": kept})
    except (DataError, ValidationError, KeyError, TypeError):
        return None
    report_skipped(list(exc.problems), shown)
    return log


def _empty_twin() -> ProgressLog:
    return snapshot.twin("avp.progress.models", "ProgressLog", {"entries": []})  # type: ignore[no-any-return]
