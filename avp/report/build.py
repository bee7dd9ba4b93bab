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
    #: Counts or values are recorded but no entry has a status yet: "niet gestart" would
    #: contradict the recorded activity, so the measure is flagged (and counts as disagreeing).
    unreported: bool = False

    @property
    def severity(self) -> int:
        """How much the measure needs attention: 2 rood (achter, or a norm not met),
        1 oranje (aandacht, or a norm at risk), 0 none; a disagreement alone is 0, and so
        is a dropped measure (vervallen: nothing more to do)."""
        if self.status is Status.dropped:
            return 0
        if self.status is Status.off_track or self.verdict is Verdict.missed:
            return 2
        if self.status is Status.at_risk or self.verdict is Verdict.at_risk:
            return 1
        return 0

    @property
    def needs_attention(self) -> bool:
        """Oranje or rood (by status or by computed verdict), or disagreeing."""
        return self.severity > 0 or self.disagrees


@dataclass(frozen=True)
class MeasureLine:
    row: MeasureRow
    state: MeasureState

    @property
    def measure(self) -> Measure:
        return self.row.measure


@dataclass(frozen=True)
class AttentionItem:
    """A measure on the report's attention list (Aandachtspunten), with where it is."""

    line: MeasureLine
    field: SafetyField
    theme: Theme

    @property
    def measure(self) -> Measure:
        return self.line.measure

    @property
    def state(self) -> MeasureState:
        return self.line.state

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why it is on the list, as label keys: ``attention.status``, ``attention.verdict``,
        ``attention.disagrees``, ``attention.unreported`` (in that order)."""
        s = self.state
        found = []
        if s.status.needs_correction:
            found.append("attention.status")
        if s.verdict in (Verdict.at_risk, Verdict.missed):
            found.append("attention.verdict")
        if s.unreported:
            found.append("attention.unreported")
        elif s.disagrees:
            found.append("attention.disagrees")
        return tuple(found)

    @property
    def bad_targets(self) -> tuple[TargetStatus, ...]:
        """The measure's targets at risk or missed."""
        return tuple(
            t for t in self.state.targets if t.verdict in (Verdict.at_risk, Verdict.missed)
        )


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


def bar_cells(counts: dict[Status, int], width: int = 20) -> dict[Status, int]:
    """How many of ``width`` cells each status gets in the summary bar.

    Largest-remainder rounding with a minimum of one: every status with measures gets at
    least one cell (a single "achter" among 100 measures still shows red), the cells add up
    to ``width`` (or to the number of statuses with measures, when that is more), and a
    status with more measures never gets fewer cells than one with fewer.
    """
    present = [s for s in Status if counts[s] > 0]
    if not present:
        return dict.fromkeys(Status, 0)
    width = max(width, len(present))
    total = sum(counts[s] for s in present)
    # Each status its share of the whole width, rounded down, at least one cell; then the
    # cells left go by the largest remainder, or the surplus of the minimums comes off the
    # widest (one single measure among 28 gets 1 of 20 cells, not 2).
    quota = {s: width * counts[s] / total for s in present}
    cells = {s: max(1, int(quota[s])) for s in present}
    left = width - sum(cells.values())
    if left > 0:
        grown = [s for s in present if quota[s] >= 1]
        by_remainder = sorted(grown, key=lambda s: (-(quota[s] - int(quota[s])), -counts[s]))
        for status in by_remainder[:left]:
            cells[status] += 1
    while left < 0:
        widest = max(present, key=lambda s: (cells[s], -counts[s]))
        cells[widest] -= 1
        left += 1
    return {s: cells.get(s, 0) for s in Status}


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
    #: A partner's report: whether the partner has sub-units (their measures are in it).
    subunits: bool = False

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

    @cached_property
    def attention(self) -> list[AttentionItem]:
        """Aandachtspunten: every measure that is oranje or rood (by its status or its
        computed verdict) or disagrees; rood first, then oranje, then the disagreements,
        each group in programme order."""
        found = [
            AttentionItem(line, section.field, theme.theme)
            for section in self.fields
            for theme in section.themes
            for line in theme.lines
            if line.state.needs_attention
        ]
        return sorted(found, key=lambda item: -item.state.severity)  # stable: programme order


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
        latest, with_status = progress.latest_update_and_status(measure.id)
        status = progress.status(measure.id)
        is_stale = stale and measure_is_stale(status, latest, period, progress.as_of, stale_days)
        targets = (
            tuple(measure_target_statuses(measure.id, measure.targets, history, period, as_of))
            if measure.targets
            else ()
        )
        verdict = worst(t.verdict for t in targets) if targets else None
        # ProgressState.unreported, from what is at hand
        unreported = with_status is None and latest is not None and status is Status.not_started
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
            disagrees=unreported or disagrees(status.value, verdict),
            unreported=unreported,
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
    index: ProgrammeIndex | None = None,
) -> Report:
    """A report on the whole programme, or on one field, theme or partner (with sub-units).

    A field's and a theme's own targets are in the report when the field or theme is in
    its scope (not in a partner's report: partners carry measures, not goals).
    ``stale=False``: flag no measure as stale (see :func:`measure_states`).
    ``index``: the programme's index, when the caller has it (a workspace found the
    partner in it already).
    """
    entries = list(entries)
    if index is None or index.programme is not programme:
        index = ProgrammeIndex(programme)
    rows: list[MeasureRow] = index.rows
    kind: ScopeKind = "programme"
    subunits = False
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
        subunits = len(index.with_subunits(found_partner.id)) > 1
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
    return Report(programme, kind, scope_id, scope_name, as_of, stale_days, sections, subunits)
