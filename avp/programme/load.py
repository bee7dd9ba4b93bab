"""Reading a programme file: the fast path, the cache, and located problems when it is invalid."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avp.base import rules
from avp.base.problems import AvpError, DataError, Problem
from avp.programme.tree import ProgrammeTree
from avp.storage import ahead, cache, snapshot
from avp.storage.files import decode, display_path, inside, read_bytes, resolved
from avp.targets import facts as target_facts
from avp.yamlio.pause import gc_paused

if TYPE_CHECKING:
    from avp.base.findings import Finding
    from avp.programme.models import Programme

#: The plain classes whose methods a programme read without its models keeps.
TWIN_BASES: snapshot.Bases = {
    ("avp.programme.models", "Programme"): ProgrammeTree,
    **target_facts.TWIN_BASES,
}

#: id -> (programme, fingerprint) of the programmes read from a snapshot or stored in one.
_fingerprints: dict[int, tuple[object, str]] = {}

#: A value :func:`_line_value` leaves to the parser.
MISSING: Any = object()


def fingerprint(programme: Programme) -> str:
    """What a log's validity depends on in its programme: all of it (a hash of its
    canonical data), since any part may add a problem (a target's dates, a coverage's
    form, a comparison's reference...). Half a millisecond for the bundled programme; known
    without computing for one that came from a snapshot."""
    known = _fingerprints.get(id(programme))
    if known is not None and known[0] is programme:
        return known[1]
    return cache.digest(programme.model_dump_json())


def _remember(programme: Programme, value: str) -> None:
    _fingerprints[id(programme)] = (programme, value)


@lru_cache(maxsize=2)
def programme_data(text: str, shown: str) -> Any:
    """``load(text, shown)``, remembered for the next reader of the same text.

    ``avp validate`` reads a programme up to three times (for the log it names, to check
    it, to load it for its log); each gets the same data, which nobody changes.
    """
    from avp.yamlio.loader import load  # lazy: the YAML machinery

    return load(text, shown)


def forget_plain() -> None:
    """Let go of the texts and data :func:`programme_data` remembers (and the models
    validated from them)."""
    programme_data.cache_clear()
    _valid.clear()


def validate_text(text: str, shown: str) -> list[Problem]:
    """Every problem of a programme file's text, located."""
    from avp.yamlio.locate import located_problems  # lazy

    return located_problems(text, shown, programme_data, _findings)


def _findings(data: Any) -> list[Finding]:
    from pydantic import ValidationError  # lazy

    from avp.base.findings import Finding  # lazy
    from avp.programme.checks import check_programme  # lazy
    from avp.programme.models import Programme  # lazy
    from avp.yamlio.locate import describe, pydantic_findings  # lazy

    if not isinstance(data, dict):
        return [Finding((), f"the file must hold a mapping, not {describe(data)}", rules.SCHEMA)]
    findings: list[Finding] = []
    _valid.clear()
    try:
        programme = Programme.model_validate(data)
    except ValidationError as exc:
        findings += pydantic_findings(exc, Programme)
    findings += check_programme(data)
    if not any(f.level == "error" for f in findings):  # what load_programme_text asks
        _valid.append((data, programme))
    return findings


#: The last data :func:`_findings` found no error in, and its models (at most one pair):
#: ``avp validate`` checks a programme and then loads it for its log
#: (:func:`load_programme_text`), from the same data (:func:`programme_data`), which a
#: large programme validates in a quarter of a second.
_valid: list[tuple[Any, Programme]] = []


@gc_paused
def load_programme_text(text: str, shown: str, *, hint: str | None = None) -> Programme:
    """Validate a programme's text (a file's, or a file's at a git revision); DataError
    with located problems (``shown:LINE:COL``) when it is invalid.

    ``hint``: what to do, after the message (default: run avp validate on ``shown``).
    """
    from pydantic import ValidationError  # lazy

    from avp.programme.checks import check_programme  # lazy
    from avp.programme.models import Programme  # lazy

    data = programme_data(text, shown)
    if _valid and _valid[0][0] is data:  # checked by validate_text: no error
        return _valid[0][1]
    if isinstance(data, dict):
        try:
            programme = Programme.model_validate(data)
        except ValidationError:
            pass
        else:
            if not any(f.level == "error" for f in check_programme(data, text)):
                return programme
    errors = [p for p in validate_text(text, shown) if p.level == "error"]
    hint = f"fix the problems above (avp validate {shown} lists them)" if hint is None else hint
    raise DataError(f"{shown} is not a valid programme; {hint}", errors)


@gc_paused
def load_programme(path: Path, *, twins: bool = False, keep_plain: bool = False) -> Programme:
    """Read and validate a programme; DataError (with located problems) when it is invalid.

    A programme that validated before, byte for byte, comes from its snapshot
    (:mod:`avp.storage.snapshot`: no parsing, no validating again), else from the cache
    of its data (:mod:`avp.storage.cache`: no parsing, the models validate it).
    ``twins``: it comes without its models (:mod:`avp.storage.snapshot`), the same
    whether its snapshot was there or not (for commands that only read it, such as
    ``avp list``). The plain data read from the file is let go once the models hold it,
    unless ``keep_plain`` (``avp validate``, which reads the same text again for its
    checks: :func:`programme_data` then gives what it read).
    """

    raw = read_bytes(path)
    known = _loaded.get((path, twins))
    if known is not None and known[0] == raw:  # read again by the same command, unchanged
        return known[1]
    programme = _load_programme(path, raw, twins=twins, keep_plain=keep_plain)
    _loaded[(path, twins)] = (raw, programme)
    if twins and not isinstance(programme, snapshot.Twin):  # no snapshots: the models
        _loaded[(path, False)] = (raw, programme)  # also for who asks for them
    return programme


#: (path, twins) -> (bytes, programme) of the programmes read in this process: ``avp
#: progress add`` reads its programme again under the lock (another avp may have
#: renumbered it meanwhile) and gets the same object when the bytes are the same.
_loaded: dict[tuple[Path, bool], tuple[bytes, Programme]] = {}


def _load_programme(path: Path, raw: bytes, *, twins: bool, keep_plain: bool) -> Programme:
    found = snapshot.load("programme", path, raw, twins=TWIN_BASES if twins else None)
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], str):
        _remember(found[0], found[1])
        return found[0]  # type: ignore[no-any-return]
    from pydantic import ValidationError  # lazy

    from avp.programme.models import Programme  # lazy

    programme = None
    cached = cache.load("programme", path, raw)
    if cached is not None:
        with contextlib.suppress(ValidationError):  # else not what we cached: read the file
            programme = Programme.model_validate(cached)
    if programme is None:
        shown = display_path(path)
        text = decode(raw, shown)
        read_log_ahead(path, text, shown)
        programme = load_programme_text(text, shown)
        cache.store("programme", path, raw, programme_data(text, shown))
        if not keep_plain:  # the text and its data: 20 MiB for 10,000 measures
            forget_plain()
    if not snapshot.enabled():  # no cache to keep it in: the models themselves
        return programme
    value = fingerprint(programme)
    _remember(programme, value)
    body = snapshot.dumps((programme, value))
    snapshot.store_body("programme", path, raw, body)
    if twins:  # the same objects as from the snapshot next time, the first time too
        # The models stay known to this process: checking its log needs them.
        _loaded[(path, False)] = (raw, programme)
        programme, value = snapshot.loads(body, TWIN_BASES)
        _remember(programme, value)
    return programme


def read_log_ahead(
    path: Path, text: str, shown: str, *, among: Collection[Path] | None = None
) -> None:
    """Let a second process read the items of the log that the programme's ``text`` names
    while this one reads the programme (:mod:`avp.storage.ahead`): a large log, read
    without the cache, waits half a second less. ``among``: only if the log (resolved)
    is one of these (the files ``avp validate`` checks)."""
    name = _named_log(text, shown)[0]
    log = path.parent / name if name else None
    if log is None or log_outside(path, log):
        return
    if among is None or resolved(log) in among:
        ahead.begin(log)


def progress_log_of(programme_path: Path) -> Path | None:
    """The log a programme file names, read leniently (also from an invalid programme)."""

    shown = display_path(programme_path)
    try:
        raw = read_bytes(programme_path)
        data = cache.load("programme", programme_path, raw)  # these bytes, validated before
        if data is None:  # from its line if it can (a large programme is parsed later)
            name = _named_log(decode(raw, shown), shown)[0]
        else:
            meta = data.get("programme") if isinstance(data, dict) else None
            name = meta.get("progress_log") if isinstance(meta, dict) else None
    except AvpError:
        return None
    return programme_path.parent / name if isinstance(name, str) and name else None


def outside_reason(programme_path: Path, name: str) -> str:
    """Why avp refuses the log ``name`` that the programme names: it lies outside the
    programme's folder (after following links and ``..``)."""
    folder = display_path(programme_path.parent) if programme_path.parent.parts else "."
    return (
        f"progress_log {name!r} lies outside the programme's folder ({folder}); avp reads "
        "and writes only a log in that folder or below it, so that a programme cannot make "
        "it read or create files elsewhere: move the log there and fix progress_log, or "
        "name the log itself with --log PATH"
    )


def log_outside(programme_path: Path, log: Path) -> bool:
    """Whether the log a programme names lies outside the programme's folder."""
    return not inside(programme_path.parent, log)


_PROGRESS_LOG_VALUE = re.compile(
    r"^(?P<indent> +)progress_log[ \t]*:[ \t]*"
    r"(?P<value>[^\s#'\"][^\r\n#]*?|'[^'\r\n]*'|\"[^\"\r\n]*\")"
    r"[ \t]*(?:#[^\r\n]*)?$",
    re.MULTILINE,
)


_PROGRAMME_BLOCK = re.compile(r"^programme[ \t]*:[ \t]*(?:#[^\r\n]*)?$", re.MULTILINE)


_TOP_LEVEL_LINE = re.compile(r"^[^\s#]", re.MULTILINE)


def _named_log(text: str, shown: str) -> tuple[str | None, int, int]:
    """The progress_log a programme's text names, and where its value is (0, 0: unknown).

    Read from its line when it is written the usual way (no YAML parser: a programme
    whose clean result is cached is not parsed again); else from the parsed data."""
    block = _PROGRAMME_BLOCK.search(text)
    end = _TOP_LEVEL_LINE.search(text, block.end()) if block else None
    found = None
    if block is not None:
        span = (block.end(), end.start() if end else len(text))
        matches = list(_PROGRESS_LOG_VALUE.finditer(text, *span))
        # One such line under 'programme:' is its key; more (one inside a block text,
        # say) are left to the parser.
        found = matches[0] if len(matches) == 1 else None
    if found is not None and _first_level(text, block, found):
        value = _line_value(found["value"])
        if value is not MISSING:
            before = text[: found.start("value")]
            line = before.count("\n") + 1
            column = found.start("value") - (before.rfind("\n") + 1) + 1
            return (value if isinstance(value, str) else None), line, column
    if "progress_log" not in text:
        return None, 0, 0
    try:
        data = programme_data(text, shown)
    except AvpError:
        return None, 0, 0
    meta = data.get("programme") if isinstance(data, dict) else None
    name = meta.get("progress_log") if isinstance(meta, dict) else None
    return (name if isinstance(name, str) else None), 0, 0


def _first_level(text: str, block: re.Match[str] | None, found: re.Match[str]) -> bool:
    """Whether the ``progress_log`` line ``found`` is indented as the first key under
    ``programme:`` (``block``) is: a key of ``programme``, not of a mapping inside it."""
    first = _CONTENT_LINE.search(text, block.end()) if block is not None else None
    return first is not None and first["indent"] == found["indent"]


#: A plain value that is a file name and so text, unless it is a YAML word (true...).
_FILE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*")


#: A line with something on it but a comment, and its indentation.
_CONTENT_LINE = re.compile(r"^(?P<indent>[ \t]*)[^\s#]", re.MULTILINE)


def _line_value(value: str) -> Any:
    """The value on a ``progress_log`` line as YAML reads it, or MISSING where a YAML
    parser must decide (an escape, a flow collection, an unusual scalar)."""
    if _FILE_NAME.fullmatch(value) and value.lower() not in ("true", "false", "null"):
        return value  # as YAML reads it (1.2: no other word is more than text)
    try:
        from avp.yamlio.fast.events import MISSING as missing  # lazy: the YAML machinery
        from avp.yamlio.fast.lines import simple_value  # lazy
    except ImportError:  # pragma: no cover - the accelerator was removed
        return MISSING
    read = simple_value(value)
    return MISSING if read is missing else read


def outside_problems(programme_path: Path, text: str, shown: str) -> list[Problem]:
    """A ``path-outside`` problem, at its ``progress_log`` value, when the log the
    programme names lies outside its folder; none otherwise (or when it names none)."""
    name, line, column = _named_log(text, shown)
    if not name or not log_outside(programme_path, programme_path.parent / name):
        return []
    return [
        Problem(
            shown,
            line,
            column,
            message=outside_reason(programme_path, name),
            rule=rules.PATH_OUTSIDE,
            yaml_path="programme.progress_log",
        )
    ]
