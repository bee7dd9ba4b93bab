"""The progress log: what happened to each measure, when, and who says so.

The log is a YAML file of its own next to the programme, which names it
(``programme.progress_log``), so that the adopted programme stays untouched. A missing log
means "no entries yet". The file is meant to be edited by hand as well as by avp::

    # yaml-language-server: $schema=../schemas/progress.schema.json
    entries:
      - measure: 2.2.3
        date: 2022-03-14
        status: on_track
        note: Integrale bedrijvencontrole Oostvoorne gehouden.
        author: J. de Vries
        source: politie kwartaalrapportage Q1   # optional
        correction: ...                          # required for at_risk and off_track
      - measure: 2.2.3
        date: 2022-10-05
        count: 1                                 # a figure for one of the measure's targets
        target: controle                         # optional when only one target takes a count
        note: Integrale bedrijvencontrole Rockanje.
        author: J. de Vries

An entry has a status, a count (activities held that day), a value (a measurement), or
several of them; :mod:`avp.targets` turns the counts and values into verdicts.

Reading (:func:`load_log`) takes the fast path of :mod:`avp.validate`: the C loader and the
models; only when something is wrong is the file read again to say where.

Appending (:func:`append_entry`) never rewrites what is there: under a lock it checks the
log, adds the new entry as lines of text at the end (the existing bytes stay as they are:
comments, quoting, line endings), checks the result, and swaps it in atomically
(:mod:`avp.atomic`). One exception: an empty flow list ``entries: []`` (or ``entries: null``)
is rewritten to ``entries:`` so that the first item can follow it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import io
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from avp.checks import Finding, Loc, bad_characters, format_loc, suggest
from avp.models import Programme, Strict, Text
from avp.problems import AvpError, DataError, Problem, sort_problems
from avp.status import Status
from avp.targets import TARGET_ID, Number, TargetId, resolution_problem
from avp.yamlio import (
    decode,
    display_path,
    gc_paused,
    iter_strings,
    joined_strings,
    load_fast,
    read_bytes,
    simple_items,
    simple_text,
)

SCHEMA_HEADER = "# yaml-language-server: $schema=../schemas/progress.schema.json"
#: Figures often arrive after the programme has ended: no warning for this many days.
GRACE_DAYS = 90
#: Seconds :func:`append_entry` waits for another avp to finish writing.
LOCK_TIMEOUT = 5.0
UNKNOWN_AUTHOR = "onbekend"

# As Measure.id in avp.models.
MEASURE_ID_PATTERN = r"^[1-9][0-9]*\.[1-9][0-9]*\.[1-9][0-9]*$"
MeasureId = Annotated[
    str,
    StringConstraints(pattern=MEASURE_ID_PATTERN),
    Field(description="The measure's id, FIELD.THEME.MEASURE, e.g. '2.2.3'."),
]


def _control_message(text: str) -> str:
    shown = ", ".join(f"U+{ord(c):04X}" for c in bad_characters(text))
    return f"text holds control characters ({shown}); remove them"


class Entry(Strict):
    """One progress report on one measure."""

    model_config = ConfigDict(
        json_schema_extra={
            # Editors: at_risk and off_track need a correction (the model checks it too).
            "if": {
                "properties": {"status": {"enum": [s.value for s in Status if s.needs_correction]}},
                "required": ["status"],
            },
            "then": {"required": ["correction"], "properties": {"correction": {"type": "string"}}},
            # ... and an entry says something: a status, a count or a value.
            "anyOf": [{"required": ["status"]}, {"required": ["count"]}, {"required": ["value"]}],
        }
    )

    # The writer and the checks handle every field of the model.
    measure: MeasureId
    date: dt.date = Field(description="The day the report is about (YYYY-MM-DD).")
    status: Status | None = Field(
        default=None,
        description="The measure's status from this day on; may be left out when the entry "
        "carries a count or a value.",
    )
    target: TargetId | None = Field(
        default=None,
        description="Which target of the measure the count or value is for; may be left out "
        "when only one of the measure's targets takes a count (or a value).",
    )
    count: Annotated[int, Field(ge=0, strict=True)] | None = Field(
        default=None,
        description="How many: activities held that day, units covered (coverage), or 1 "
        "for a deliverable delivered.",
    )
    value: Number | None = Field(
        default=None,
        description="A measurement of the target's indicator on this day (or the size of a "
        "coverage's population, or the units covered at one occasion).",
    )
    note: Text = Field(description="What happened.")
    author: Text = Field(description="Who recorded it.")
    source: Text | None = Field(default=None, description="Where the information comes from.")
    correction: Text | None = Field(
        default=None,
        description="What is done to get back on track (bijsturing); "
        "required for at_risk and off_track.",
    )

    @model_validator(mode="after")
    def _complete(self) -> Entry:
        # One validator for every check: a large log has 100,000 entries, and a call of a
        # Python validator costs as much as validating the rest of the entry.
        for name in _TEXT_FIELDS:
            text = getattr(self, name)
            if text is not None and bad_characters(text):
                raise PydanticCustomError("control_character", f"{name}: {_control_message(text)}")
        if self.status is not None and self.status.needs_correction and self.correction is None:
            raise PydanticCustomError("correction_required", _correction_message(self.status))
        if self.status is None and self.count is None and self.value is None:
            raise PydanticCustomError("empty_entry", EMPTY_ENTRY_MESSAGE)
        if self.target is not None and self.count is None and self.value is None:
            raise PydanticCustomError("target_without_figure", TARGET_WITHOUT_FIGURE_MESSAGE)
        return self


_TEXT_FIELDS = ("note", "author", "source", "correction")
EMPTY_ENTRY_MESSAGE = "an entry needs a 'status', a 'count' or a 'value'"
TARGET_WITHOUT_FIGURE_MESSAGE = (
    "'target' says which target a count or value is for, but this entry has neither; "
    "add a 'count' or a 'value', or leave 'target' out"
)


def _correction_message(status: Status) -> str:
    return (
        f"status {status.value!r} ({status.label_nl}) needs a 'correction': "
        "say what is done to get back on track"
    )


class ProgressLog(Strict):
    """The progress log of a programme (voortgangsregistratie)."""

    model_config = ConfigDict(title="avp progress log")

    entries: list[Entry] = Field(
        description="The reports, oldest first by convention; empty or null: none yet.",
        json_schema_extra={"type": ["array", "null"]},
    )

    @field_validator("entries", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


def _share_field_sets(entries: list[Entry], shared: dict[frozenset[str], set[str]]) -> None:
    """Give entries with the same keys one set of field names between them.

    pydantic keeps a set of the fields given for every instance; for a log of 100,000
    entries those sets take 70 MiB, more than the rest of the entries. Entries are frozen,
    so nothing changes these sets.
    """
    for entry in entries:
        fields = entry.__pydantic_fields_set__
        one = shared.setdefault(frozenset(fields), fields)
        if one is not fields:
            object.__setattr__(entry, "__pydantic_fields_set__", one)


@cache
def _entry_list() -> TypeAdapter[list[Entry]]:
    return TypeAdapter(list[Entry])


VALIDATE_ITEMS = 5000


def log_from_data(data: Any, *, spend: bool = False) -> ProgressLog:
    """``ProgressLog.model_validate(data)``, with less memory for a large log.

    The entries are validated a few thousand at a time; with ``spend=True`` each plain
    entry is dropped from ``data`` once validated, so the plain data and the models of a
    large log are not in memory together (``data`` is of no use afterwards).
    Raises ValidationError as the model does.
    """
    items = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) <= VALIDATE_ITEMS:
        log = ProgressLog.model_validate(data)
        _share_field_sets(log.entries, {})
        return log
    ProgressLog.model_validate({**data, "entries": []})  # the keys beside the entries
    adapter = _entry_list()
    shared: dict[frozenset[str], set[str]] = {}
    entries: list[Entry] = []
    for start in range(0, len(items), VALIDATE_ITEMS):
        part = adapter.validate_python(items[start : start + VALIDATE_ITEMS])
        _share_field_sets(part, shared)
        entries += part
        if spend:
            items[start : start + VALIDATE_ITEMS] = [None] * len(part)
    return ProgressLog.model_construct(entries=entries)


# --- current status -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressState:
    """The state of every measure on a day: its history and its current status."""

    histories: Mapping[str, tuple[Entry, ...]]
    as_of: dt.date | None = None
    measure_ids: tuple[str, ...] = ()

    @property
    def statuses(self) -> dict[str, Status]:
        """Current status per measure: every id in ``measure_ids`` and every logged one."""
        ids = dict.fromkeys([*self.measure_ids, *self.histories])
        return {measure_id: self.status(measure_id) for measure_id in ids}

    def history(self, measure_id: str) -> tuple[Entry, ...]:
        """The measure's entries sorted by date; same-day entries in log order."""
        return self.histories.get(measure_id, ())

    def latest(self, measure_id: str) -> Entry | None:
        """The latest entry of any kind (a status, a count, a value)."""
        history = self.history(measure_id)
        return history[-1] if history else None

    def latest_status(self, measure_id: str) -> Entry | None:
        """The latest entry that has a status."""
        return next((e for e in reversed(self.history(measure_id)) if e.status is not None), None)

    def status(self, measure_id: str) -> Status:
        """The status of the latest entry with one, :attr:`Status.not_started` without."""
        latest = self.latest_status(measure_id)
        return latest.status if latest and latest.status else Status.not_started


def progress_state(
    log: ProgressLog | Iterable[Entry],
    *,
    as_of: dt.date | None = None,
    programme: Programme | None = None,
) -> ProgressState:
    """Histories and statuses from the log, ignoring entries dated after ``as_of``.

    With ``programme``, :attr:`ProgressState.statuses` also lists the measures without
    entries (as not started), in programme order.
    """
    entries = log.entries if isinstance(log, ProgressLog) else list(log)
    grouped: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if as_of is None or entry.date <= as_of:
            grouped[entry.measure].append(entry)
    by_date = attrgetter("date")
    histories = {
        measure_id: tuple(sorted(items, key=by_date))  # stable: log order per day
        for measure_id, items in grouped.items()
    }
    ids = tuple(m.id for _, _, m in programme.measures()) if programme else ()
    return ProgressState(histories=histories, as_of=as_of, measure_ids=ids)


def current_status(
    log: ProgressLog | Iterable[Entry],
    *,
    as_of: dt.date | None = None,
    programme: Programme | None = None,
) -> dict[str, Status]:
    """Measure id -> status of its latest entry on ``as_of`` (default: all entries).

    The same as ``progress_state(...).statuses``, in one pass and without sorting each
    history: ``avp list`` needs only this.
    """
    entries = log.entries if isinstance(log, ProgressLog) else log
    ids = (m.id for _, _, m in programme.measures()) if programme else ()
    statuses: dict[str, Status] = dict.fromkeys(ids, Status.not_started)
    days: dict[str, dt.date] = {}
    for entry in entries:
        day = entry.date
        if as_of is not None and day > as_of:
            continue
        measure = entry.measure
        if measure not in statuses:
            statuses[measure] = Status.not_started
        if entry.status is not None:
            latest = days.get(measure)
            if latest is None or day >= latest:  # on the same day, the later entry
                days[measure] = day
                statuses[measure] = entry.status
    return statuses


# --- where the log is, who writes -------------------------------------------------------


def log_path_for(programme_path: Path, programme: Programme) -> Path | None:
    """The log the programme names (relative to the programme file), or None."""
    name = programme.programme.progress_log
    return programme_path.parent / name if name else None


def default_author(cwd: Path | None = None) -> str:
    """git's ``user.name``, else the login name, else ``onbekend``."""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=3,
            check=False,
            cwd=cwd,
        )
        name = done.stdout.strip() if done.returncode == 0 else ""
        if name and not bad_characters(name):
            return name
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    try:
        name = getpass.getuser().strip()
        if name and not bad_characters(name):
            return name
    except Exception:  # getpass raises KeyError, ImportError or OSError, by platform
        pass
    return UNKNOWN_AUTHOR


# --- validation ----------------------------------------------------------------------------

# Problems that check_log reports from the plain data (so also when other keys are wrong);
# the models raise them too, for entries built in code.
_CHECKED_ON_DATA = frozenset(
    {"correction_required", "control_character", "enum", "empty_entry", "target_without_figure"}
)


@cache
def _date_adapter() -> TypeAdapter[dt.date]:
    return TypeAdapter(dt.date)


_STATUSES = {s.value: s for s in Status}
_NEED_CORRECTION = frozenset(s.value for s in Status if s.needs_correction)
_MEASURE_ID = re.compile(MEASURE_ID_PATTERN)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        return _date_from_text(value)
    try:
        return _date_adapter().validate_python(value)
    except ValidationError:
        return None


@lru_cache(maxsize=4096)
def _date_from_text(value: str) -> dt.date | None:
    try:
        return _date_adapter().validate_python(value)
    except ValidationError:
        return None


def is_log_data(data: Any) -> bool:
    """Whether loaded YAML is a progress log: a mapping with ``entries`` (not a programme)."""
    return isinstance(data, dict) and "entries" in data and "programme" not in data


def check_log(
    data: Any,
    programme: Programme | None = None,
    *,
    today: dt.date | None = None,
    text: str | None = None,
) -> list[Finding]:
    """Checks of a loaded log beyond its schema: statuses, corrections, text, ids, dates.

    ``text``: the YAML text ``data`` was read from, if known; it saves searching every
    string for control characters when the text has none.
    """
    today = today or dt.date.today()
    findings: list[Finding] = []
    if text is not None and "\\" not in text and not bad_characters(text):
        pass  # no string read from this text can hold one (only an escape could make one)
    elif bad_characters(joined_strings(data)):
        for loc, value in iter_strings(data):
            if bad_characters(value):
                findings.append(Finding(loc, _control_message(value), "control-character"))
    entries = data.get("entries") if isinstance(data, dict) else None
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                findings += entry_findings(entry, ("entries", index), programme, today=today)
    return findings


def entry_findings(
    entry: Mapping[str, Any],
    loc: Loc,
    programme: Programme | None = None,
    *,
    today: dt.date | None = None,
) -> list[Finding]:
    """The checks of one entry (plain data) that need more than its own schema."""
    today = today or dt.date.today()
    findings: list[Finding] = []
    status = entry.get("status")
    if status is not None and (not isinstance(status, str) or status not in _STATUSES):
        choices = ", ".join(_STATUSES)
        hint = suggest(status, list(_STATUSES)) if isinstance(status, str) else ""
        findings.append(
            Finding(
                (*loc, "status"),
                f"unknown status {status!r}{hint}; choose from {choices}",
                "unknown-status",
            )
        )
    elif status in _NEED_CORRECTION and entry.get("correction") is None:
        findings.append(Finding(loc, _correction_message(Status(status)), "correction-required"))
    measure = entry.get("measure")
    if (
        programme is not None
        and isinstance(measure, str)
        and measure not in (ids := programme.measure_index)
        and _MEASURE_ID.match(measure)
    ):
        findings.append(
            Finding(
                (*loc, "measure"),
                f"unknown measure {measure!r}{suggest(measure, ids)}; "
                "the programme has no measure with this id",
                "unknown-measure",
            )
        )
    findings += _figure_findings(entry, loc, programme)
    date = _as_date(entry.get("date")) if "date" in entry else None
    if date is not None:
        dated = _date_findings(date, (*loc, "date"), programme, today)
        if programme is not None and _reference_value(entry, date, programme):
            dated = [f for f in dated if f.rule != "outside-period"]
        findings += dated
    return findings


def _reference_value(entry: Mapping[str, Any], date: dt.date, programme: Programme) -> bool:
    """Whether the entry is a comparison's reference value from before the programme
    (the value of 2020 that 2021 is compared with): no outside-the-period warning then."""
    measure_id, wanted = entry.get("measure"), entry.get("target")
    if entry.get("value") is None or not isinstance(wanted, str | None):
        return False
    from avp.targets import ComparisonTarget, judged_periods, previous_period, resolve

    measure = programme.measure_index.get(measure_id) if isinstance(measure_id, str) else None
    target = resolve(measure.targets, wanted, "value") if measure else None
    if not isinstance(target, ComparisonTarget):
        return False
    period = programme.programme.period
    if target.reference != "previous":
        return date.year == target.reference
    judged = judged_periods(target, period)
    if not judged:
        return False
    before = previous_period(judged[0].period, period.start.year)
    return before.start <= date <= before.end


def _figure_findings(
    entry: Mapping[str, Any], loc: Loc, programme: Programme | None
) -> list[Finding]:
    """A status, count or value at all; the target a count or value is for."""
    given = {key for key in ("status", "count", "value") if entry.get(key) is not None}
    if not given:
        return [Finding(loc, EMPTY_ENTRY_MESSAGE, "empty-entry")]
    wanted = entry.get("target")
    figures = given - {"status"}
    if wanted is not None and not figures:
        return [Finding((*loc, "target"), TARGET_WITHOUT_FIGURE_MESSAGE, "target")]
    measure_id = entry.get("measure")
    if programme is None or not figures or not isinstance(measure_id, str):
        return []
    measure = programme.measure_index.get(measure_id) if isinstance(measure_id, str) else None
    if measure is None or (
        wanted is not None and not (isinstance(wanted, str) and re.fullmatch(TARGET_ID, wanted))
    ):
        return []  # an unknown measure or a malformed target id: reported elsewhere
    findings: list[Finding] = []
    for kind in ("count", "value"):
        if kind not in given:
            continue
        problem = resolution_problem(measure_id, measure.targets, wanted, kind)
        if problem is not None and problem not in [f.message for f in findings]:
            where = (*loc, "target") if wanted is not None else (*loc, kind)
            findings.append(Finding(where, problem, "target"))
    return findings


def _date_findings(
    date: dt.date, loc: Loc, programme: Programme | None, today: dt.date
) -> list[Finding]:
    if date > today:
        return [
            Finding(
                loc,
                f"date {date} is in the future; record progress once it happened",
                "future-date",
            )
        ]
    if programme is None:
        return []
    period = programme.programme.period
    last = period.end + dt.timedelta(days=GRACE_DAYS)
    if date < period.start:
        message = f"date {date} is before the programme period ({period.start} to {period.end})"
    elif date > last:
        message = (
            f"date {date} is after the programme period ({period.start} to {period.end}, "
            f"with {GRACE_DAYS} days for late figures: until {last})"
        )
    else:
        return []
    return [Finding(loc, message, "outside-period", level="warning")]


def _findings(
    data: Any, programme: Programme | None, today: dt.date | None, text: str | None = None
) -> list[Finding]:
    from avp.validate import describe, pydantic_findings

    if not isinstance(data, dict):
        return [Finding((), f"the file must hold a mapping, not {describe(data)}", "schema")]
    findings: list[Finding] = []
    try:
        log_from_data(data)
    except ValidationError:
        try:
            ProgressLog.model_validate(data)  # again, whole: for the locations
        except ValidationError as exc:
            findings += pydantic_findings(exc, ProgressLog, skip=_CHECKED_ON_DATA)
    return findings + check_log(data, programme, today=today, text=text)


def validate_log_text(
    text: str, shown: str, programme: Programme | None = None, *, today: dt.date | None = None
) -> list[Problem]:
    """Every problem of a progress log's text, located; ``programme`` for ids and dates."""
    from avp.validate import located_problems

    def findings(data: Any) -> list[Finding]:
        return _findings(data, programme, today, text)

    return located_problems(text, shown, fast_log_data, findings)


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
    data = fast_log_data(text, shown)
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
    """What a log's validity depends on in its programme: ids, targets and period."""
    if programme is None:
        return "-"
    from avp.cache import digest

    period = programme.programme.period
    parts = [f"{period.start}/{period.end}"]
    for _, _, measure in programme.measures():
        targets = ",".join(f"{t.id}:{t.kind}" for t in measure.targets)
        parts.append(f"{measure.id}[{targets}]")
    return digest("|".join(parts))


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
    from avp import cache

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

    A log that validated before, byte for byte and against the same measures, comes from
    the cache (:mod:`avp.cache`); the models validate it again.
    """
    raw = _read_bytes(path)
    if raw is None:
        return ProgressLog(entries=[])
    return _load_log_data(path, raw, programme, today=today, keep_data=False)[0]


def entry_problems(
    entry: Entry,
    programme: Programme,
    *,
    log_path: Path | None = None,
    index: int | None = None,
    today: dt.date | None = None,
) -> list[Problem]:
    """What :func:`append_entry` would find wrong with ``entry`` (errors) or warn about."""
    shown = display_path(log_path) if log_path else ""
    loc: Loc = ("entries", index) if index is not None else ()
    findings = entry_findings(entry_data(entry), loc, programme, today=today)
    return sort_problems(
        Problem(
            shown,
            level=f.level,
            message=f.message,
            rule=f.rule,
            yaml_path=format_loc(f.loc),
        )
        for f in findings
    )


# --- writing -------------------------------------------------------------------------------


def entry_data(entry: Entry) -> dict[str, Any]:
    """The entry as plain YAML data, in field order, without unset optional keys."""
    data = entry.model_dump(exclude_none=True)
    if entry.status is not None:
        data["status"] = entry.status.value
    value = data.get("value")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        data["value"] = int(value)  # 'value: 6', not 'value: 6.0'
    return data


_UNICODE_BREAKS = frozenset("\x85\u2028\u2029")


def _styled(value: Any) -> Any:
    """``value`` with a scalar style that reads back as exactly the same string."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if not isinstance(value, str):
        return value
    if any(c in _UNICODE_BREAKS or not (c.isprintable() or c in "\n\t") for c in value):
        # Escapes (\N, \L, \u200b ...) keep what a plain or quoted scalar might fold or lose.
        return DoubleQuotedScalarString(value)
    if "\n" in value:
        # A literal block (|-) reads best, but only plain lines survive it unchanged.
        plain_lines = all(line == line.strip(" \t") for line in value.split("\n"))
        if plain_lines and value.strip("\n") == value and value.strip():
            return LiteralScalarString(value)
        return DoubleQuotedScalarString(value)
    if _resolves_to_non_string(value):
        # 'on', 'yes', '012', '1:20': text for avp (YAML 1.2), not for every YAML 1.1 tool.
        return SingleQuotedScalarString(value)
    return value


@cache
def _resolvers() -> tuple[Any, ...]:
    from ruamel.yaml.resolver import VersionedResolver

    return VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2))


def _resolves_to_non_string(value: str) -> bool:
    from ruamel.yaml.nodes import ScalarNode

    return any(
        resolver.resolve(ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"
        for resolver in _resolvers()
    )


def entry_yaml(entry: Entry, *, dash: int = 2, content: int = 4) -> str:
    """The entry as a block-sequence item: ``-`` at column ``dash``, keys at ``content``.

    Lines end with ``\\n``. Every string reads back identically.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML(typ="rt")
    yaml.width = 1 << 30  # never fold a line: folding is where round trips go wrong
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    mapping = CommentedMap((key, _styled(value)) for key, value in entry_data(entry).items())
    stream = io.StringIO()
    yaml.dump(mapping, stream)
    body = stream.getvalue()
    if body.endswith("\n...\n"):  # a document end marker: not wanted inside a list
        body = body[: -len("...\n")]
    lines = body.split("\n")  # not splitlines(): it also splits at U+2028 and friends
    if lines and lines[-1] == "":
        lines.pop()
    content = max(content, dash + 2)
    first = " " * dash + "-" + " " * (content - dash - 1) + lines[0]
    rest = [" " * content + line if line else line for line in lines[1:]]
    return "".join(line + "\n" for line in [first, *rest])


@dataclass(frozen=True)
class Layout:
    """How an existing log is written, as far as appending needs to know."""

    newline: str = "\n"
    dash: int = 2
    content: int = 4
    # (start, end, replacement) of an 'entries: []' line to rewrite as 'entries:'
    rewrite: tuple[int, int, str] | None = None


_ENTRIES_KEY = re.compile(r"^entries[ \t]*:(?P<rest>[^\r\n]*)", re.MULTILINE)
_REST = re.compile(r"^[ \t]*(?P<value>[^#]*?)[ \t]*(?P<comment>#.*)?$")
_ITEM = re.compile(r"^(?P<dash> *)-(?:(?P<pad> +)\S| *$)")


class AppendError(AvpError):
    """The log cannot take an entry by appending lines (an unusual layout)."""


def layout(text: str, shown: str = "the progress log") -> Layout:
    """Line endings, item indentation and the ``entries:`` line of a valid log's text."""
    newline_match = re.search(r"\r?\n", text)
    newline = newline_match.group() if newline_match else "\n"
    key = _ENTRIES_KEY.search(text)
    rest = _REST.match(key.group("rest")) if key else None
    if key is None or rest is None:
        raise AppendError(
            f"cannot add to {shown}: no line starts with 'entries:'; "
            "start a line with 'entries:' and put the entries below it"
        )
    rewrite = None
    value = rest.group("value")
    if re.sub(r"\s", "", value) in ("[]", "null", "Null", "NULL", "~"):
        comment = rest.group("comment")
        replacement = "entries:" + (f"  {comment}" if comment else "")
        rewrite = (key.start(), key.end(), replacement)
    elif value:
        raise AppendError(
            f"cannot add to {shown}: its entries are written on one line ({value[:20]}...); "
            "write them as a block list, one '- measure: ...' item per entry"
        )
    dash, content = 2, 4
    lines = _first_meaningful_lines(text, key.end(), 2)
    if lines and (item := _ITEM.match(lines[0])):
        dash = len(item.group("dash"))
        if item.group("pad") is not None:
            content = dash + 1 + len(item.group("pad"))
        elif len(lines) > 1:
            content = max(len(lines[1]) - len(lines[1].lstrip(" ")), dash + 2)
        else:
            content = dash + 2
    return Layout(newline=newline, dash=dash, content=content, rewrite=rewrite)


def _first_meaningful_lines(text: str, start: int, wanted: int) -> list[str]:
    """The first ``wanted`` lines after ``start`` that are neither blank nor comments.

    Reads only as far as it needs: a large log is not split into all its lines. Lines end
    at \n or \r\n only (not splitlines(): see entry_yaml).
    """
    found: list[str] = []
    for match in _LINE.finditer(text, start):
        line = match.group().rstrip("\r")
        if line.strip() and not line.lstrip().startswith("#"):
            found.append(line)
            if len(found) == wanted:
                break
    return found


_LINE = re.compile(r"[^\n]*")


def appended_text(old: str | None, entry: Entry, shown: str = "the progress log") -> str:
    """The log's text with ``entry`` added at the end; a new log when ``old`` is None.

    Apart from an ``entries: []`` line, ``old`` (with a final line break added if it
    lacked one) is a prefix of the result.
    """
    if old is None:
        return f"{SCHEMA_HEADER}\nentries:\n{entry_yaml(entry)}"
    shape = layout(old, shown)
    text = old
    if shape.rewrite is not None:
        start, end, replacement = shape.rewrite
        text = text[:start] + replacement + text[end:]
    if text and not text.endswith(("\n", "\r")):
        text += shape.newline
    item = entry_yaml(entry, dash=shape.dash, content=shape.content)
    return text + item.replace("\n", shape.newline)


def append_entry(
    log_path: Path,
    entry: Entry,
    programme: Programme,
    *,
    timeout: float = LOCK_TIMEOUT,
    today: dt.date | None = None,
) -> Entry:
    """Add ``entry`` at the end of the log, safely; returns the entry as read back.

    Under a lock on ``<log>.lock``: the log must be valid (DataError with its problems
    otherwise; nothing is written), the entry must be valid for the programme (DataError),
    the new text is checked before it atomically replaces the file. A missing log is
    created. Raises LockTimeoutError when another avp holds the lock for ``timeout``
    seconds and WriteError when the file cannot be written; the log is then unchanged.
    """
    from avp import cache
    from avp.atomic import file_lock, lock_path_for, write_atomic

    shown = display_path(log_path)
    lock = lock_path_for(log_path)
    busy = (
        f"the progress log is locked by another avp ({display_path(lock)}); try again in a moment"
    )
    with file_lock(lock, timeout=timeout, busy_message=busy):
        remove_stale_temporaries(log_path)
        old_raw = _read_bytes(log_path)
        old_log = ProgressLog(entries=[])
        old_data: Any = None
        old_text: str | None = None
        large = False
        depends = programme_fingerprint(programme)
        count: int | None = 0
        if old_raw is not None:
            old_text = decode(old_raw, shown)
            large = len(old_text) > FULL_CHECK_LIMIT and not _DOCUMENT_END.search(old_text)
            # A large log that validated as it is now (the cache says so, and how many
            # entries it has) is not read again: only the new lines are checked.
            count = cache.entry_count("progress", log_path, old_raw, depends) if large else None
            if count is None:
                old_log, old_data = _load_log_data(log_path, old_raw, programme, today=today)
                count = len(old_data.get("entries") or [])
        errors = [
            p
            for p in entry_problems(
                entry,
                programme,
                log_path=log_path,
                index=count,
                today=today,
            )
            if p.level == "error"
        ]
        if errors:
            raise DataError(f"the entry was not added to {shown}; fix the problems above", errors)
        new_text = appended_text(old_text, entry, shown)
        if old_text is not None and large:
            written, item = _check_appended_item(old_text, new_text, shown, entry)
        else:
            written = _check_appended(new_text, shown, programme, old_log, entry, today).entries[-1]
            item = None
        bom = (
            b"\xef\xbb\xbf" if old_raw is not None and old_raw.startswith(b"\xef\xbb\xbf") else b""
        )

        def unchanged() -> None:
            if _read_bytes(log_path) != old_raw:
                raise AvpError(
                    f"{shown} changed while avp was adding the entry (is it open in an "
                    "editor?); save or close it and run the command again"
                )

        new_raw = bom + new_text.encode("utf-8")
        write_atomic(log_path, new_raw, before_replace=unchanged)
        if item is not None and old_raw is not None:
            appended = cache.append_entry("progress", log_path, old_raw, new_raw, item, depends)
            if not appended and isinstance(old_data, dict):
                new_data = {**old_data, "entries": [*(old_data.get("entries") or []), item]}
                cache.store("progress", log_path, new_raw, new_data, depends)
    return written


# Up to this size the whole new text is parsed and compared after appending; above it,
# the appended lines are parsed on their own (their cost does not grow with the log).
FULL_CHECK_LIMIT = 256 * 1024
_DOCUMENT_END = re.compile(r"^\.\.\.[ \t]*(?:#.*)?$", re.MULTILINE)


def remove_stale_temporaries(log_path: Path) -> None:
    """Temporary files of a writer that was killed before it could clean up.

    Only the holder of the log's lock writes them, so under the lock any that exist are
    left over.
    """
    from avp.atomic import TEMP_SUFFIX

    for leftover in log_path.parent.glob(f".{glob_escape(log_path.name)}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _check_appended_item(
    old_text: str, new_text: str, shown: str, entry: Entry
) -> tuple[Entry, Any]:
    """For a large log: the appended lines on their own must read as exactly the entry.

    The old log is valid, so its only key is ``entries`` with a block list whose items
    start at the indentation :func:`layout` found; lines added after its end at that
    indentation can only add one more item to that list.
    """
    tail = new_text[len(old_text) :] if new_text.startswith(old_text) else None
    problem = "the appended lines do not follow the old text"
    if tail is not None:
        probe = "entries:\n" + tail.lstrip("\r\n").replace("\r\n", "\n")
        try:
            data = load_fast(probe, shown)
            items = data.get("entries") if isinstance(data, dict) else None
            if isinstance(items, list) and len(items) == 1:
                read_back = Entry.model_validate(items[0])
                if read_back == entry:
                    return read_back, items[0]
            problem = "the appended lines read differently"
        except (DataError, ValidationError):
            problem = "the appended lines do not parse"
    raise AppendError(
        f"avp could not add the entry to {shown} safely ({problem}); "
        "the log was not changed: add it by hand"
    )


def _read_bytes(path: Path) -> bytes | None:
    try:
        path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        pass  # read_bytes says why
    return read_bytes(path)


def _check_appended(
    text: str,
    shown: str,
    programme: Programme,
    old: ProgressLog,
    entry: Entry,
    today: dt.date | None,
) -> ProgressLog:
    """The appended text must parse to the old entries plus exactly the new one."""
    try:
        new = parse_log(text, shown, programme, today=today)
    except DataError as exc:
        problem = exc.problems[0].message if exc.problems else exc.message
        raise AppendError(
            f"avp could not add the entry to {shown} safely ({problem}); "
            "the log was not changed: add it by hand"
        ) from None
    if new.entries[:-1] != old.entries or new.entries[-1:] != [entry]:
        raise AppendError(
            f"avp could not add the entry to {shown} safely (the log reads differently "
            "after appending); the log was not changed: add it by hand"
        )
    return new


def fast_log_data(text: str, shown: str) -> Any:
    """A log's plain data: line by line or in chunks when it has the usual shape."""
    data = load_log_chunked(text, shown)
    return load_fast(text, shown) if data is None else data


# Logs are parsed in chunks of CHUNK_ITEMS entries.
_ENTRIES_ALONE = re.compile(r"^entries[ \t]*:[ \t]*(?:#[^\r\n]*)?$", re.MULTILINE)
_FIRST_ITEM = re.compile(r"^( *)-(?: |$)", re.MULTILINE)
CHUNK_ITEMS = 2000


def load_log_chunked(text: str, shown: str) -> Any | None:
    """The plain data of a log, read a few thousand entries at a time.

    Entries written the way ``avp progress add`` writes them (a ``key: value`` per line)
    are read line by line (:func:`avp.yamlio.simple_items`), several times faster than
    any YAML loader; a chunk with anything else goes to :func:`avp.yamlio.load_fast`.
    Composing the node tree of a log of 100,000 entries at once would take some 600 MiB;
    a chunk at a time keeps the peak near the size of the data itself.

    Returns None (and the caller parses the whole text) unless the text has the simple
    shape that makes the split safe: comments, an 'entries:' line, then items that start
    at one indentation with nothing but deeper lines between them; a chunk that fails to
    parse, or reads as another number of items than it has item lines, also gives None.
    """
    key = _ENTRIES_ALONE.search(text)
    if key is None:
        return None
    for line in text[: key.start()].splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return None
    body = text[key.end() :]
    simple = simple_text(body)
    if simple:
        every = simple_items(body)
        if every:
            return {"entries": every}
    first_item = _FIRST_ITEM.search(body)
    if first_item is None:
        return None
    dash = len(first_item.group(1))
    lines = body.splitlines(keepends=True)
    starts: list[int] = []
    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if indent < dash:
            return None
        if indent == dash:
            if not (stripped.startswith("- ") or stripped.rstrip("\r\n") == "-"):
                return None
            starts.append(number)
    if not starts:
        return None
    items: list[Any] = []
    for first in range(0, len(starts), CHUNK_ITEMS):
        group = starts[first : first + CHUNK_ITEMS]
        following = first + CHUNK_ITEMS
        end = starts[following] if following < len(starts) else len(lines)
        expected = len(group)
        part: Any = simple_items("".join(lines[group[0] : end])) if simple else None
        if part is None:
            chunk = "entries:\n" + "".join(lines[group[0] : end])
            try:
                data = load_fast(chunk, shown)
            except DataError:
                return None
            part = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(part, list) or len(part) != expected:
            return None
        items.extend(part)
    return {"entries": items}
