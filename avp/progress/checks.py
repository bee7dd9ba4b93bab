"""Checks of a progress log beyond its schema: statuses, corrections, ids, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import (
    ValidationError,
)

from avp.base import rules
from avp.base.dates import PeriodError, as_date, parse_period
from avp.base.findings import Finding, Loc, format_loc
from avp.base.problems import Problem, sort_problems
from avp.base.text import bad_characters, holds_no_bad_characters, suggest
from avp.programme.status import BY_KEY, Status, parse_status, unknown_status
from avp.progress.corrections import correction_findings
from avp.progress.duplicates import duplicate_findings
from avp.progress.entry_rules import (
    NEED_CORRECTION,
    control_characters,
    empty,
    missing_correction,
    retraction_problem,
    target_without_figure,
)
from avp.progress.models import MEASURE_ID_PATTERN, Entry, ProgressLog, log_from_data
from avp.progress.write import entry_data
from avp.storage.files import display_path
from avp.targets.facts import ComparisonFacts
from avp.targets.figures import resolution_problem, resolve
from avp.targets.models import TARGET_ID, period_problem
from avp.targets.periods import judged_periods, previous_period, uncounted
from avp.yamlio.locate import describe, pydantic_findings
from avp.yamlio.positions import iter_strings, joined_strings

#: Figures often arrive after the programme has ended: no warning for this many days.
GRACE_DAYS = 90

if TYPE_CHECKING:
    from avp.programme.models import Programme


# Problems that check_log reports from the plain data (so also when other keys are wrong);
# the models raise them too, for entries built in code. The keys are pydantic's error types
# (snake_case: "enum" is pydantic's own, the others avp.progress.models raises), not rule
# ids; each maps to the rule check_log reports the problem under.
_CHECKED_ON_DATA: dict[str, rules.RuleId] = {
    "correction_required": rules.CORRECTION_REQUIRED,
    "control_character": rules.CONTROL_CHARACTER,
    "enum": rules.UNKNOWN_STATUS,
    "empty_entry": rules.EMPTY_ENTRY,
    "target_without_figure": rules.TARGET,
    "period_without_figure": rules.TARGET,
    "retraction": rules.SUPERSEDES,
}


def _status(text: Any) -> Status | None:
    """The status a file's text names (its key or a label, as ``--status``), or None."""
    if isinstance(text, Status):
        return text
    if not isinstance(text, str):
        return None
    try:
        return parse_status(text)
    except ValueError:
        return None


_MEASURE_ID = re.compile(MEASURE_ID_PATTERN)


def is_log_data(data: Any) -> bool:
    """Whether loaded YAML is a progress log: a mapping with ``entries`` (not a programme)."""
    return isinstance(data, dict) and "entries" in data and "programme" not in data


def check_log(
    data: Any,
    programme: Programme | None = None,
    *,
    today: dt.date | None = None,
    clean: bool = False,
    modelled: bool = False,
) -> list[Finding]:
    """Checks of a loaded log beyond its schema: statuses, corrections, text, ids, dates.

    ``clean``: the YAML text ``data`` was read from can give no string a control
    character (:func:`avp.base.text.holds_no_bad_characters`); it saves searching every
    string for them. ``modelled``: the models took
    ``data`` (:func:`log_from_data` raised nothing), so the rules of one entry that the
    models check too (:data:`_CHECKED_ON_DATA`: a status, a correction, an entry that says
    something, a target or period with a figure, a retraction) hold and are not asked
    again; the text is still searched for control characters (the models look at the
    entry's own text fields only, not inside an imported ``source``).
    """
    today = today or dt.date.today()
    findings: list[Finding] = []
    if clean:
        pass  # no string read from the text can hold one
    elif bad_characters(joined_strings(data)):
        for loc, value in iter_strings(data):
            if problem := control_characters(value):
                findings.append(Finding(loc, problem, rules.CONTROL_CHARACTER))
    entries = data.get("entries") if isinstance(data, dict) else None
    if isinstance(entries, list):
        window = _date_window(programme, today)
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                findings += entry_findings(
                    entry,
                    ("entries", index),
                    programme,
                    today=today,
                    modelled=modelled,
                    window=window,
                )
        findings += duplicate_findings(entries)
        findings += correction_findings(entries)
    return findings


def entry_findings(
    entry: Mapping[str, Any],
    loc: Loc,
    programme: Programme | None = None,
    *,
    today: dt.date | None = None,
    modelled: bool = False,
    window: _Window | None = None,
) -> list[Finding]:
    """The checks of one entry (plain data) that need more than its own schema;
    ``modelled``: the model took the entry (see :func:`check_log`); ``window``:
    :func:`_date_window` of ``programme`` and ``today``, made once for a whole log.

    Each key is read and each status and date parsed once, and a rule's function is
    called only when a cheap test says it could fire (100,000 entries: a large log read
    without a cache)."""
    today = today or dt.date.today()
    window = window or _date_window(programme, today)
    findings: list[Finding] = []
    get = entry.get
    written = get("status")
    # A status's key, as most entries write it, looked up here: the function that takes
    # anything is called for the others (100,000 entries: 0.02 s).
    status = BY_KEY.get(written) if written.__class__ is str else None
    if status is None and written is not None:
        status = _status(written)
    written_date = get("date")
    date = as_date(written_date) if written_date is not None else None
    if modelled:
        pass
    elif written is not None and status is None:
        findings.append(Finding((*loc, "status"), unknown_status(written), rules.UNKNOWN_STATUS))
    elif status in NEED_CORRECTION and (problem := missing_correction(status, get("correction"))):
        findings.append(Finding(loc, problem, rules.CORRECTION_REQUIRED))
    measure = get("measure")
    if isinstance(measure, int) and not isinstance(measure, bool):
        measure = str(measure)
    if programme is not None and isinstance(measure, str):
        # A known id first: the programme's ids all have the pattern (one search saved).
        owner = programme.owners.get(measure)
        if owner is None and _MEASURE_ID.match(measure):
            findings.append(
                Finding(
                    (*loc, "measure"),
                    f"unknown measure {measure!r}{suggest(measure, programme.owners)}; "
                    "the programme has no field, theme or measure with this id",
                    rules.UNKNOWN_MEASURE,
                )
            )
        elif owner is None:
            pass  # a malformed id: the schema says so
        elif owner[0] == "measure":
            node: Any = owner[1]
            if node.dropped is not None and (finding := _after_drop(node, loc, date, status)):
                findings.append(finding)
        elif written is not None:
            findings.append(
                Finding(
                    (*loc, "status"),
                    f"{measure!r} is a {owner[0]}, and only a measure has a status; record a "
                    f"count or value for one of the {owner[0]}'s targets, or name a measure",
                    rules.OWNER_STATUS,
                )
            )
    if (
        not modelled
        and (get("retracts") is not None or get("supersedes") is not None)
        and (problem := retraction_problem(entry)) is not None
    ):
        findings.append(Finding(loc, problem, rules.SUPERSEDES))
    if written is None or not (
        get("count") is None
        and get("value") is None
        and get("target") is None
        and get("period") is None
    ):  # else a status alone: nothing for _figure_findings to find (the usual entry)
        findings += _figure_findings(entry, loc, programme, modelled=modelled)
    latest, first, last = window
    if (
        date is not None
        and (date > latest or not first <= date <= last)
        and (dated := _date_findings(date, (*loc, "date"), programme, today))
    ):
        # A reference value from before the programme; a retraction's date is the day of
        # the correction, whenever that is.
        if get("retracts") is not None or (
            programme is not None and _reference_value(entry, date, programme)
        ):
            dated = [f for f in dated if f.rule != rules.OUTSIDE_PERIOD]
        findings += dated
    return findings


#: The days an entry's date falls on without a finding: until today, and (with a
#: programme) from its start to its end plus :data:`GRACE_DAYS`: (today, first, last).
_Window = tuple[dt.date, dt.date, dt.date]


def _date_window(programme: Programme | None, today: dt.date) -> _Window:
    """:data:`_Window` of ``programme`` on ``today`` (what :func:`_date_findings` allows)."""
    if programme is None:
        return today, dt.date.min, dt.date.max
    period = programme.programme.period
    return today, period.start, period.end + dt.timedelta(days=GRACE_DAYS)


def _reference_value(entry: Mapping[str, Any], date: dt.date, programme: Programme) -> bool:
    """Whether the entry is a comparison's reference value from before the programme
    (the value of 2020 that 2021 is compared with): no outside-the-period warning then."""
    measure_id, wanted = entry.get("measure"), entry.get("target")
    if entry.get("value") is None or not isinstance(wanted, str | None):
        return False

    owner = _owner(programme, measure_id)
    target = resolve(owner.targets, wanted, "value") if owner else None
    if not isinstance(target, ComparisonFacts):  # the model, or its twin
        return False
    period = programme.programme.period
    if target.reference != "previous":
        return date.year == target.reference
    judged = judged_periods(target, period)
    if not judged:
        return False
    before = previous_period(judged[0].period, period.start.year)
    return before.start <= date <= before.end


def _after_drop(
    measure: Any, loc: Loc, date: dt.date | None, status: Status | None
) -> Finding | None:
    """A warning for a status after the day the programme dropped the measure (the
    entry's ``date`` and ``status``, read)."""
    dropped = measure.dropped
    if dropped is None or date is None or date <= dropped.date or status in (None, Status.dropped):
        return None
    return Finding(
        (*loc, "date"),
        f"measure {measure.id} was dropped on {dropped.date}; a status after that day does "
        "not count (the programme's 'dropped' does)",
        rules.DROPPED,
        level="warning",
    )


def _owner(programme: Programme, owner_id: Any) -> Any:
    """The field, theme or measure an entry names (None when there is none)."""
    if isinstance(owner_id, int) and not isinstance(owner_id, bool):
        owner_id = str(owner_id)
    found = programme.owners.get(owner_id) if isinstance(owner_id, str) else None
    return found[1] if found else None


def _figure_findings(
    entry: Mapping[str, Any], loc: Loc, programme: Programme | None, *, modelled: bool = False
) -> list[Finding]:
    """A status, count or value at all; the target a count or value is for."""
    get = entry.get
    count, value, wanted = get("count"), get("value"), get("target")
    if modelled:
        if count is None and value is None:
            return []  # the model checked the rest: nothing to resolve
    elif (
        count is None
        and value is None
        and get("status") is None
        and get("retracts") is None
        and (problem := empty(None, count, value, get("evaluation")))
    ):
        return [Finding(loc, problem, rules.EMPTY_ENTRY)]
    elif wanted is not None and (problem := target_without_figure(wanted, count, value)):
        return [Finding((*loc, "target"), problem, rules.TARGET)]
    elif (period := entry.get("period")) is not None and (
        problem := period_problem(period, as_date(entry.get("date")), count, value)
    ):
        return [Finding((*loc, "period"), problem, rules.TARGET)]
    if count is None and value is None:
        return []
    given = {key for key, figure in (("count", count), ("value", value)) if figure is not None}
    measure_id = get("measure")
    if programme is None or not isinstance(measure_id, str):
        return []
    measure = _owner(programme, measure_id)
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
            findings.append(Finding(where, problem, rules.TARGET))
    if "count" in given and not findings and (found := _uncounted(entry, measure, programme)):
        findings.append(Finding((*loc, "count"), found, rules.TARGET, level="warning"))
    return findings


def _uncounted(entry: Mapping[str, Any], measure: Any, programme: Programme) -> str | None:
    """Why the entry's count counts for no period of its target, or None (issue 15)."""
    target = resolve(measure.targets, entry.get("target"), "count")
    date = as_date(entry.get("date"))
    if target is None or date is None:
        return None
    first = last = date
    if entry.get("period") is not None:
        try:
            first, last = parse_period(entry["period"])[1:]
        except PeriodError:
            return None  # reported as a wrong period
    return uncounted(target, programme.programme.period, first, last)


def _date_findings(
    date: dt.date, loc: Loc, programme: Programme | None, today: dt.date
) -> list[Finding]:
    if date > today:
        return [
            Finding(
                loc,
                f"date {date} is in the future; record progress once it happened",
                rules.FUTURE_DATE,
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
    return [Finding(loc, message, rules.OUTSIDE_PERIOD, level="warning")]


def _findings(
    data: Any,
    programme: Programme | None,
    today: dt.date | None,
    text: str | None = None,
    *,
    clean: bool | None = None,
) -> list[Finding]:
    """``clean``: whether ``text`` can give no string a control character, when known
    already (else asked of ``text``)."""
    if not isinstance(data, dict):
        return [Finding((), f"the file must hold a mapping, not {describe(data)}", rules.SCHEMA)]
    findings: list[Finding] = []
    modelled = True
    if clean is None:
        clean = text is not None and holds_no_bad_characters(text)
    try:
        log_from_data(data, keep=False, clean=clean)  # whether they take it, not the models
    except ValidationError:
        modelled = False
        try:
            ProgressLog.model_validate(data)  # again, whole: for the locations
        except ValidationError as exc:
            findings += pydantic_findings(exc, ProgressLog, skip=_CHECKED_ON_DATA)
    return findings + check_log(data, programme, today=today, clean=clean, modelled=modelled)


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
