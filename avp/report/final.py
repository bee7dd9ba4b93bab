"""The end evaluation (eindevaluatie): how a programme ended, year by year.

Built on the progress report (:func:`avp.report.build.build_report`, the same scopes and
measure states, never stale) and adds, per measure and per field's or theme's own target,
the verdict of every year of the programme (each year judged at its end, or on the
evaluation day for a year that is still running, as ``avp targets --year`` judges it),
what is not finished (:meth:`avp.progress.state.ProgressState.unfinished`, the rule that
``avp successor --carry unfinished`` uses too), the dropped measures with their decision,
the lessons learned (entries with ``evaluation: true``) and the totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from avp.programme.models import Measure, Programme
from avp.programme.status import Status
from avp.progress.models import Entry
from avp.progress.state import progress_state
from avp.report.build import MeasureLine, Report, build_report
from avp.targets.evaluate import TargetStatus, measure_target_statuses
from avp.targets.models import TargetModel
from avp.targets.periods import Span, window
from avp.targets.verdicts import Verdict


@dataclass(frozen=True)
class YearVerdict:
    """A target in one year of the programme.

    ``day``: the day it was judged on (the year's last day, or the evaluation day for the
    year that holds it); None when the year had not begun on the evaluation day.
    ``status``: the target on ``day``; None when the target has no period in that year
    (a deliverable due the year before, a norm that starts the year after).
    """

    year: int
    day: dt.date | None
    status: TargetStatus | None

    @property
    def verdict(self) -> Verdict | None:
        return self.status.verdict if self.status is not None else None

    @property
    def ended(self) -> bool:
        """Whether the year was over on the day it was judged."""
        return self.day is not None and self.day >= dt.date(self.year, 12, 31)


@dataclass(frozen=True)
class TargetYears:
    """A target: its state on the evaluation day and its verdict in every year."""

    final: TargetStatus
    years: tuple[YearVerdict, ...]

    @property
    def target(self) -> TargetModel:
        return self.final.target


@dataclass(frozen=True)
class Lesson:
    """A lesson learned: an entry with ``evaluation: true``."""

    owner: str  # the measure's (or field's, theme's) id
    entry: Entry


@dataclass(frozen=True)
class FinalMeasure:
    """A measure as the programme ended (or stands, in an interim evaluation)."""

    line: MeasureLine
    targets: tuple[TargetYears, ...]
    lessons: tuple[Lesson, ...]
    last_update: Entry | None  # the latest entry that is not only a lesson
    last_correction: Entry | None  # the latest entry with a correction
    unfinished: bool  # neither done nor dropped: to carry over
    status_entry: Entry | None = None  # the latest entry with a status

    @property
    def measure(self) -> Measure:
        return self.line.measure

    @property
    def status(self) -> Status:
        return self.line.state.status


@dataclass(frozen=True)
class YearTotal:
    """The targets of the evaluation in one year, per verdict."""

    year: int
    day: dt.date | None
    counts: dict[Verdict, int]

    @property
    def targets(self) -> int:
        return sum(self.counts.values())

    @property
    def share_met(self) -> float | None:
        """Met out of the targets judged that year; None when none was (or not yet)."""
        return self.counts[Verdict.met] / self.targets if self.targets else None


@dataclass
class FinalReport:
    """The end evaluation: the report on its day, with the years, carry-over and lessons."""

    report: Report
    interim: bool  # the programme had not ended on the evaluation day
    years: tuple[int, ...]
    measures: dict[str, FinalMeasure]  # in programme order
    goals: dict[str, tuple[TargetYears, ...]]  # the fields' and themes' own targets
    lessons: list[Lesson]  # of every owner in the scope, in programme order, then by date

    @property
    def as_of(self) -> dt.date:
        return self.report.as_of

    @property
    def carry_over(self) -> list[FinalMeasure]:
        """The measures not finished, in programme order: what a successor carries over."""
        return [m for m in self.measures.values() if m.unfinished]

    @property
    def dropped(self) -> list[FinalMeasure]:
        return [m for m in self.measures.values() if m.status is Status.dropped]

    @property
    def done(self) -> int:
        return sum(m.status is Status.done for m in self.measures.values())

    @property
    def counted(self) -> int:
        """The measures that count for the share done: all but the dropped ones."""
        return len(self.measures) - len(self.dropped)

    @property
    def share_done(self) -> float | None:
        return self.done / self.counted if self.counted else None

    def all_targets(self) -> list[TargetYears]:
        """The targets of the evaluation: the fields' and themes' own and the measures'."""
        found = [t for targets in self.goals.values() for t in targets]
        return found + [t for m in self.measures.values() for t in m.targets]

    @property
    def year_totals(self) -> list[YearTotal]:
        """Per year, every target judged in it per verdict (targets without a period in
        that year are not counted)."""
        totals = []
        every = self.all_targets()
        for number, year in enumerate(self.years):
            counts = dict.fromkeys(Verdict, 0)
            for target in every:
                verdict = target.years[number].verdict
                if verdict is not None:
                    counts[verdict] += 1
            totals.append(YearTotal(year, _judging_day(year, self.as_of), counts))
        return totals


def programme_years(period: Span) -> tuple[int, ...]:
    return tuple(range(period.start.year, period.end.year + 1))


def _judging_day(year: int, as_of: dt.date) -> dt.date | None:
    """The day a year is judged on: its last, or ``as_of`` while it runs; None before it."""
    if as_of < dt.date(year, 1, 1):
        return None
    return min(as_of, dt.date(year, 12, 31))


def _in_year(status: TargetStatus, period: Span, year: int) -> bool:
    """Whether the target had a period in ``year`` (as ``avp targets --year`` decides)."""
    current = status.current
    if current is not None:
        return current.belongs_to(year)
    span = window(status.target, period)
    return span is not None and span.start.year <= year <= span.end.year


def target_years(
    owner: str,
    targets: Sequence[TargetModel],
    history: Sequence[Entry],
    period: Span,
    as_of: dt.date,
    years: Sequence[int],
    *,
    level: str = "measure",
) -> tuple[TargetYears, ...]:
    """Each target of an owner on ``as_of`` and at the end of every year in ``years``."""
    if not targets:
        return ()
    final = measure_target_statuses(owner, targets, history, period, as_of, level=level)
    per_year: list[list[YearVerdict]] = [[] for _ in targets]
    for year in years:
        day = _judging_day(year, as_of)
        if day is None:
            for found in per_year:
                found.append(YearVerdict(year, None, None))
            continue
        judged = measure_target_statuses(
            owner, targets, history, period, as_of, level=level, year=year
        )
        for found, status in zip(per_year, judged, strict=True):
            shown = status if _in_year(status, period, year) else None
            found.append(YearVerdict(year, day, shown))
    return tuple(
        TargetYears(status, tuple(found)) for status, found in zip(final, per_year, strict=True)
    )


def _last_correction(entries: Iterable[Entry]) -> Entry | None:
    found = None
    for entry in entries:
        if entry.correction:
            found = entry
    return found


def default_day(programme: Programme, today: dt.date) -> dt.date:
    """The programme's last day, or ``today`` while the programme has not ended."""
    return min(programme.programme.period.end, today)


def build_final(
    programme: Programme,
    entries: Iterable[Entry],
    *,
    as_of: dt.date,
    field: str | None = None,
    theme: str | None = None,
    partner: str | None = None,
) -> FinalReport:
    """The end evaluation on ``as_of`` of the whole programme, or of one field, theme or
    partner (as :func:`avp.report.build.build_report`)."""
    entries = list(entries)
    report = build_report(
        programme, entries, as_of=as_of, field=field, theme=theme, partner=partner, stale=False
    )
    period = programme.programme.period
    years = programme_years(period)
    state = progress_state(entries, as_of=as_of, programme=programme)
    unfinished = set(state.unfinished(programme))
    measures: dict[str, FinalMeasure] = {}
    for line in report.lines:
        m = line.measure
        history = state.history(m.id)
        measures[m.id] = FinalMeasure(
            line=line,
            targets=target_years(m.id, m.targets, history, period, as_of, years),
            lessons=tuple(Lesson(m.id, e) for e in history if e.evaluation),
            last_update=state.latest_update(m.id),
            last_correction=_last_correction(history),
            unfinished=m.id in unfinished,
            status_entry=state.latest_status(m.id),
        )
    goals: dict[str, tuple[TargetYears, ...]] = {}
    lessons: list[Lesson] = []

    def _goal(owner: str, programme: Programme, history: Sequence[Entry]) -> None:
        """A field's or theme's own targets and lessons."""
        level, item = programme.owners[owner]
        if item.targets:
            goals[owner] = target_years(
                owner, item.targets, history, period, as_of, years, level=level
            )
        lessons.extend(Lesson(owner, e) for e in history if e.evaluation)

    # A partner's evaluation has no goals (partners carry measures); a theme's not its field's.
    with_goals = report.scope_kind != "partner"
    for section in report.fields:
        if with_goals and report.scope_kind != "theme":
            _goal(section.field.id, programme, state.history(section.field.id))
        for theme_section in section.themes:
            if with_goals:
                _goal(theme_section.theme.id, programme, state.history(theme_section.theme.id))
            for line in theme_section.lines:
                lessons += measures[line.measure.id].lessons
    return FinalReport(
        report=report,
        interim=as_of < period.end,
        years=years,
        measures=measures,
        goals=goals,
        lessons=lessons,
    )
