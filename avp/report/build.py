"""Build a report: which measures, their state on a day, counts per field.

The report is a plain data model; each format (terminal, markdown, html, csv, json)
renders the same model, so the figures agree between formats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from avp.programme.query import MeasureRow, ProgrammeIndex
from avp.programme.status import Status
from avp.progress.state import (
    DEFAULT_STALE_DAYS,
    ProgressState,
    default_stale_days,
    progress_state,
)
from avp.progress.state import is_stale as measure_is_stale
from avp.targets.evaluate import TargetStatus, measure_target_statuses
from avp.targets.verdicts import Verdict, disagrees, worst

if TYPE_CHECKING:
    from avp.programme.models import Measure, Programme, SafetyField, Theme
    from avp.progress.models import Entry

GOOD = (Status.done, Status.on_track)

ScopeKind = Literal["programme", "field", "theme", "partner"]


@dataclass(frozen=True)
class MeasureState:
    """A measure as it stood on the report's day."""

    status: Status = Status.not_started
    last_date: dt.date | None = None
    note: str = ""
    correction: str = ""
    author: str = ""
    stale: bool = False
    entries: int = 0
    # Computed from the measure's targets (None: it has none); see avp.targets.
    verdict: Verdict | None = None
    targets: tuple[TargetStatus, ...] = ()
    disagrees: bool = False  # the manual status and the computed verdict tell different stories


@dataclass(frozen=True)
class MeasureLine:
    row: MeasureRow
    state: MeasureState

    @property
    def measure(self) -> Measure:
        return self.row.measure


@dataclass
class ThemeSection:
    theme: Theme
    lines: list[MeasureLine] = dc_field(default_factory=list)
    #: The theme's own targets (indicators of its goal), judged on the report's day.
    targets: tuple[TargetStatus, ...] = ()


def count_statuses(lines: Iterable[MeasureLine]) -> dict[Status, int]:
    counts = dict.fromkeys(Status, 0)
    for line in lines:
        counts[line.state.status] += 1
    return counts


def count_verdicts(lines: Iterable[MeasureLine]) -> dict[Verdict, int]:
    """Measures per computed verdict; measures without targets are not counted."""
    counts = dict.fromkeys(Verdict, 0)
    for line in lines:
        if line.state.verdict is not None:
            counts[line.state.verdict] += 1
    return counts


def count_targets(targets: Iterable[TargetStatus]) -> dict[Verdict, int]:
    """Targets per verdict."""
    counts = dict.fromkeys(Verdict, 0)
    for target in targets:
        counts[target.verdict] += 1
    return counts


class _Totals:
    """Counts over the measure lines of a field or a whole report."""

    @property
    def lines(self) -> list[MeasureLine]:
        raise NotImplementedError

    @property
    def counts(self) -> dict[Status, int]:
        return count_statuses(self.lines)

    @property
    def verdicts(self) -> dict[Verdict, int]:
        return count_verdicts(self.lines)

    @property
    def disagreements(self) -> int:
        return sum(line.state.disagrees for line in self.lines)

    @property
    def stale_count(self) -> int:
        return sum(line.state.stale for line in self.lines)


@dataclass
class FieldSection(_Totals):
    field: SafetyField
    themes: list[ThemeSection] = dc_field(default_factory=list)
    #: The field's own targets (goal-level indicators), judged on the report's day.
    targets: tuple[TargetStatus, ...] = ()

    @property
    def lines(self) -> list[MeasureLine]:
        return [line for theme in self.themes for line in theme.lines]


def good_share(counts: dict[Status, int]) -> float:
    """Share of measures done or on track (dropped measures do not count)."""
    total = sum(counts.values()) - counts[Status.dropped]
    return sum(counts[s] for s in GOOD) / total if total else 0.0


@dataclass
class Report(_Totals):
    programme: Programme
    scope_kind: ScopeKind
    scope_id: str
    scope_name: str
    as_of: dt.date
    stale_days: int
    fields: list[FieldSection]

    @property
    def lines(self) -> list[MeasureLine]:
        return [line for f in self.fields for line in f.lines]

    @cached_property
    def _partner_names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.programme.partners}

    def partner_names(self, measure: Measure) -> list[str]:
        return [self._partner_names.get(pid, pid) for pid in measure.partners]

    @property
    def goal_targets(self) -> list[TargetStatus]:
        """The targets of the fields and themes in the report (not of its measures)."""
        return [
            t
            for f in self.fields
            for t in (*f.targets, *(x for th in f.themes for x in th.targets))
        ]

    @property
    def has_targets(self) -> bool:
        """Whether a measure in the report has targets (the goal targets: goal_targets)."""
        return any(line.measure.targets for line in self.lines)


def measure_states(
    programme: Programme,
    entries: Iterable[Entry],
    as_of: dt.date,
    stale_days: int = DEFAULT_STALE_DAYS,
    *,
    progress: ProgressState | None = None,
    stale: bool = True,
    only: set[str] | None = None,
) -> dict[str, MeasureState]:
    """Each measure's state on ``as_of``: its latest entry on or before that day.

    The status and correction come from the latest entry with a status; the date, note and
    author from the latest update (a count or a value is an update too; a lesson alone is not). A
    measure is stale when it is not finished and its last entry (or, without one, the
    start of the programme) is more than ``stale_days`` before ``as_of``. Measures with
    targets get their computed verdict (:mod:`avp.targets`): the worst of their targets
    on ``as_of``.
    ``progress``: the log's state on ``as_of``, when the caller has it already.
    No measure is stale after the programme's last day (nobody updates an ended
    programme), nor with ``stale=False`` (the end evaluation).
    ``only``: the ids of the measures wanted (default: all).
    """
    if progress is None:
        progress = progress_state(entries, as_of=as_of, programme=programme)
    period = programme.programme.period
    stale = stale and as_of <= period.end
    states = {}
    for _, _, measure in programme.measures():
        if only is not None and measure.id not in only:
            continue
        history = progress.history(measure.id)
        latest = progress.latest_update(measure.id)
        with_status = progress.latest_status(measure.id)
        status = progress.status(measure.id)
        is_stale = stale and measure_is_stale(status, latest, period, progress.as_of, stale_days)
        targets = (
            tuple(measure_target_statuses(measure.id, measure.targets, history, period, as_of))
            if measure.targets
            else ()
        )
        verdict = worst(t.verdict for t in targets) if targets else None
        states[measure.id] = MeasureState(
            status=status,
            last_date=latest.date if latest else None,
            note=latest.note if latest else "",
            correction=(with_status.correction or "") if with_status else "",
            author=latest.author if latest else "",
            stale=is_stale,
            entries=len(history),
            verdict=verdict,
            targets=targets,
            disagrees=disagrees(status.value, verdict),
        )
    return states


def _sections(
    programme: Programme,
    rows: list[MeasureRow],
    states: dict[str, MeasureState],
    goals: GoalTargets | None,
) -> list[FieldSection]:
    """The report's fields and themes in programme order.

    With ``goals`` (a report on the programme, a field or a theme), every field and theme
    of the scope is there, also without measures, with its own targets; a partner's
    report has only the fields and themes of its measures.
    """
    chosen = {r.measure.id: r for r in rows}
    fields: list[FieldSection] = []
    for f in programme.fields:
        section = FieldSection(f, targets=goals.get(f.id, ()) if goals is not None else ())
        for t in f.themes:
            lines = [MeasureLine(chosen[m.id], states[m.id]) for m in t.measures if m.id in chosen]
            in_scope = goals is not None and t.id in goals.scope
            if lines or in_scope:
                section.themes.append(ThemeSection(t, lines, goals.get(t.id, ()) if goals else ()))
        if section.themes or (goals is not None and f.id in goals.scope):
            fields.append(section)
    return fields


class GoalTargets(dict[str, tuple[TargetStatus, ...]]):
    """The targets of fields and themes by owner id, and the ids in the report's scope."""

    def __init__(self, scope: set[str]) -> None:
        super().__init__()
        self.scope = scope


def _goal_targets(
    programme: Programme, progress: ProgressState, as_of: dt.date, scope: set[str]
) -> GoalTargets:
    period = programme.programme.period
    found = GoalTargets(scope)
    for owner_id, (level, item) in programme.owners.items():
        if level != "measure" and owner_id in scope and item.targets:
            found[owner_id] = tuple(
                measure_target_statuses(
                    owner_id, item.targets, progress.history(owner_id), period, as_of, level=level
                )
            )
    return found


def build_report(
    programme: Programme,
    entries: Iterable[Entry],
    *,
    as_of: dt.date,
    field: str | None = None,
    theme: str | None = None,
    partner: str | None = None,
    stale_days: int | None = None,
    stale: bool = True,
) -> Report:
    """A report on the whole programme, or on one field, theme or partner (with sub-units).

    A field's and a theme's own targets are in the report when the field or theme is in
    its scope (not in a partner's report: partners carry measures, not goals).
    ``stale=False``: flag no measure as stale (see :func:`measure_states`).
    """
    entries = list(entries)
    index = ProgrammeIndex(programme)
    rows: list[MeasureRow] = index.rows
    kind: ScopeKind = "programme"
    scope_id, scope_name = "", programme.programme.title
    scope: set[str] | None = {f.id for f in programme.fields} | {
        t.id for f in programme.fields for t in f.themes
    }
    if field is not None:
        found_field = index.field(field)
        rows = [r for r in rows if r.field.id == found_field.id]
        kind, scope_id, scope_name = "field", found_field.id, found_field.name
        scope = {found_field.id} | {t.id for t in found_field.themes}
    elif theme is not None:
        found_theme = index.theme(theme)
        rows = [r for r in rows if r.theme.id == found_theme.id]
        kind, scope_id, scope_name = "theme", found_theme.id, found_theme.name
        scope = {found_theme.id}
    elif partner is not None:
        found_partner = index.partner(partner)
        rows = index.partner_rows(found_partner.id)
        kind, scope_id, scope_name = "partner", found_partner.id, found_partner.name
        scope = None
    if stale_days is None:
        stale_days = default_stale_days(programme.programme.period)
    progress = progress_state(entries, as_of=as_of, programme=programme)
    wanted = {r.measure.id for r in rows} if kind != "programme" else None
    states = measure_states(
        programme, entries, as_of, stale_days, progress=progress, stale=stale, only=wanted
    )
    goals = _goal_targets(programme, progress, as_of, scope) if scope is not None else None
    sections = _sections(programme, rows, states, goals)
    return Report(programme, kind, scope_id, scope_name, as_of, stale_days, sections)
