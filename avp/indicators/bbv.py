"""The five mandatory safety indicators of the BBV, per year of the programme.

A programme declares them by marking the targets that hold them: ``source: {...,
bbv: winkeldiefstal}`` (halt, winkeldiefstal, geweld, woninginbraak, vernieling). Each
year's figure is the newest imported one for that year (a yearly period, 2022JJ00).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from avp.base.problems import DataError
from avp.indicators.listing import imported_by_period
from avp.indicators.plan import Sourced, sourced_targets
from avp.programme.models import Programme
from avp.progress.models import Entry
from avp.targets.models import BBV_INDICATORS, BbvIndicator


@dataclass(frozen=True)
class BbvRow:
    indicator: BbvIndicator
    #: The target that holds it; None when the programme does not declare it.
    sourced: Sourced | None
    #: Year -> the imported entry of that year (missing: not imported).
    years: dict[int, Entry]


def programme_years(programme: Programme) -> list[int]:
    period = programme.programme.period
    return list(range(period.start.year, period.end.year + 1))


def bbv_rows(programme: Programme, entries: Iterable[Entry]) -> list[BbvRow]:
    """The five indicators in the BBV's order, with their figures per programme year;
    empty when the programme declares none."""
    listed = list(entries)
    declared: dict[str, Sourced] = {}
    for sourced in sourced_targets(programme):
        bbv = sourced.source.bbv
        if bbv is not None and bbv in declared:
            first = declared[bbv]
            raise DataError(
                f"two targets declare the BBV indicator {bbv}: {first.target.id!r} of "
                f"{first.owner} and {sourced.target.id!r} of {sourced.owner}; keep 'bbv: "
                f"{bbv}' on one of them"
            )
        if bbv is not None:
            declared[bbv] = sourced
    if not declared:
        return []
    years = set(programme_years(programme))
    rows = []
    for indicator in BBV_INDICATORS:
        holder = declared.get(indicator)
        figures: dict[int, Entry] = {}
        if holder is not None:
            for period, entry in imported_by_period(holder, listed).items():
                if period.unit == "year" and period.year in years:
                    figures[period.year] = entry
        rows.append(BbvRow(indicator, holder, figures))
    return rows
