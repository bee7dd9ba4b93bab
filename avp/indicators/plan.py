"""Which figures the files hold for the targets that name a table: computed, not written.

For every target with a ``source`` whose table was read, the rows of its region and
filter give a value per period of the target (a comparison's ``per``, a threshold's
year). A period the table has as such is taken as it is; a longer one is the SUM of its
quarters or months, and only when all of them are there (sums are for counts: a column
with another unit is not summed). ``per: 1000`` divides by the population of the same
region and period (else of the period's year) from the population table read in the same
run; a column that is already a rate is never taken for it. A suppressed or missing cell
gives no figure: it is :class:`Skipped`, with where it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from avp.indicators.dataset import Column, Dataset, Member, OpenDataError, Row
from avp.indicators.periods import MONTHS, CbsPeriod, CbsUnit, cbs_unit, parse_period
from avp.programme.models import Programme
from avp.storage.snapshot import is_model
from avp.targets.models import ComparisonTarget, Population, Source, ThresholdTarget, source_of

SourcedTarget = ThresholdTarget | ComparisonTarget

_PART_NAMES = {"quarter": "quarters", "month": "months"}


@dataclass(frozen=True)
class Sourced:
    """A target that names an open data source, with the field, theme or measure it is of."""

    owner: str
    level: str
    target: SourcedTarget
    source: Source

    @property
    def unit(self) -> str:
        """The target's period: a comparison's ``per``; a threshold's year."""
        return self.target.per if is_model(self.target, ComparisonTarget) else "year"


def sourced_targets(programme: Programme) -> list[Sourced]:
    """Every target of the programme that names a source, in programme order."""
    found = []
    for owner_id, (level, item) in programme.owners.items():
        for target in item.targets:
            source = source_of(target)
            if source is not None and (
                is_model(target, ThresholdTarget) or is_model(target, ComparisonTarget)
            ):
                found.append(Sourced(owner_id, level, target, source))
    return found


@dataclass(frozen=True)
class Found:
    """A figure for one target and period, ready to be recorded."""

    sourced: Sourced
    period: CbsPeriod
    value: float
    dataset: Dataset
    #: The cells it was read from: one, or the quarters or months summed.
    parts: int
    where: str
    population: float | None = None


@dataclass(frozen=True)
class Skipped:
    """A figure that is not recorded, and why (suppressed, missing, incomplete, ...)."""

    sourced: Sourced
    table: str
    period: str
    region: str
    reason: str
    where: str = ""


@dataclass(frozen=True)
class Plan:
    found: tuple[Found, ...]
    skipped: tuple[Skipped, ...]
    #: The tables read that no target names (nor uses as its population).
    unused: tuple[str, ...]


#: Why rows with region names were not used (see :func:`plan`).
_NAMES_HINT = (
    "; a file that names its regions instead of giving their codes (GM0614) is used only "
    "when the programme's sourced targets all name one region: download the table with "
    "region codes"
)


def _coded(dataset: Dataset) -> bool:
    """Whether the dataset gives region codes (GM0614), not only names."""
    return any(
        row.members[dataset.region].key.strip().casefold().startswith("gm") for row in dataset.rows
    )


def _region(member: Member, region: str, municipality: str) -> bool:
    """The row's region is the target's: its code, or (a StatLine CSV with names) the
    programme's municipality, when ``municipality`` is given (:func:`plan`: only when every
    sourced target names one region, which is then the municipality's own)."""
    key = member.key.strip().casefold()
    if key == region.casefold():
        return True
    if not municipality or key.startswith("gm"):
        return False
    return member.label.strip().casefold() == municipality.casefold()


def _filters(
    owner: str, target: str, dataset: Dataset, wanted: Mapping[str, str]
) -> dict[str, str]:
    """The filter by the dataset's own dimension names; OpenDataError for one it lacks."""
    found = {}
    for dimension, value in wanted.items():
        name = dataset.dimension(dimension)
        if name is None:
            have = ", ".join(
                d for d in dataset.dimensions if d not in (dataset.region, dataset.period)
            )
            raise OpenDataError(
                f"target {target!r} of {owner}: table {dataset.table} "
                f"({dataset.path.name}) has no dimension {dimension!r} to filter on; its "
                f"other dimensions: {have or 'none'}. Fix the filter in the programme"
            )
        found[name] = value
    return found


def _cells(
    sourced: Sourced,
    dataset: Dataset,
    filters: dict[str, str],
    region: str,
    municipality: str,
) -> dict[CbsPeriod, Row]:
    """The rows of the region and filter, by period; OpenDataError when two rows share a
    period (a dimension left unfiltered) or a period cannot be read."""
    cells: dict[CbsPeriod, Row] = {}
    for row in dataset.rows:
        if not _region(row.members[dataset.region], region, municipality):
            continue
        if not all(row.members[k].matches(v) for k, v in filters.items()):
            continue
        member = row.members[dataset.period]
        period = parse_period(member.key) or parse_period(member.label)
        if period is None:
            raise OpenDataError(
                f"{row.where}: {dataset.period} {member.key!r} is not a period avp knows "
                "(2022JJ00, 2022KW01, 2022MM01, or 2022, 2022 1e kwartaal, 2022 januari)"
            )
        if period in cells:
            others = [
                d
                for d in dataset.dimensions
                if d not in filters and d not in (dataset.region, dataset.period)
            ]
            raise OpenDataError(
                f"{row.where}: a second row for {period.key} of {region} in table "
                f"{dataset.table} (the first: {cells[period].where}); target "
                f"{sourced.target.id!r} of {sourced.owner} must choose one with its filter "
                f"(on {', '.join(others) or 'a dimension'})"
            )
        cells[period] = row
    return cells


def _unmatched(dataset: Dataset, filters: Mapping[str, str]) -> str:
    """What a filter value matches nothing of: the members the file has instead."""
    for dimension, value in filters.items():
        members = {r.members[dimension] for r in dataset.rows}
        if any(m.matches(value) for m in members):
            continue
        shown = ", ".join(sorted(repr(m.label) for m in members)[:5])
        labels = all(m.key == m.label for m in members)
        hint = (
            "; the file has keys only (no dimension tables): filter on a key, or import the "
            "folder or zip with the dimension tables"
            if labels
            else ""
        )
        return f" ({dimension} {value!r} matches none of {shown}{hint})"
    return ""


def _lower_bound(sourced: Sourced, programme: Programme) -> dt.date:
    """The first day of interest: a year before the programme (its reference values)."""
    start = programme.programme.period.start
    first = dt.date(start.year - 1, 1, 1)
    target = sourced.target
    if is_model(target, ComparisonTarget) and isinstance(target.reference, int):
        first = min(first, dt.date(target.reference, 1, 1))
    if is_model(target, ThresholdTarget) and target.baseline is not None:
        first = min(first, dt.date(target.baseline.date.year, 1, 1))
    return first


def _value(
    period: CbsPeriod, cells: dict[CbsPeriod, Row], column: Column
) -> tuple[list[Row], str | None]:
    """The rows that make up ``period`` and None; or no rows and why not."""
    if period in cells:
        return [cells[period]], None
    for unit in ("quarter", "month"):
        if MONTHS[unit] >= period.months:
            continue
        parts = period.parts(unit)
        if all(p in cells for p in parts):
            if not column.is_count:
                return [], (
                    f"the {_PART_NAMES[unit]} are not summed: column {column.key} is in "
                    f"'{column.unit}', not a count"
                )
            return [cells[p] for p in parts], None
    months = [p for p in period.parts("month") if p in cells]
    quarters = [p for p in period.parts("quarter") if p in cells] if period.months > 3 else []
    if quarters:
        return [], f"incomplete: {len(quarters)} of {period.months // 3} quarters in the file"
    return [], f"incomplete: {len(months)} of {period.months} months in the file"


def _population(
    sourced: Sourced,
    population: Population,
    datasets: Sequence[Dataset],
    period: CbsPeriod,
    municipality: str,
) -> tuple[float | None, str]:
    """The population of the target's region in ``period`` (else in its year), or None
    and why not."""
    region = sourced.source.region
    tables = [d for d in datasets if d.table == population.table.upper()]
    if not tables:
        return None, (
            f"per {sourced.source.per} needs population table {population.table}: import "
            "its file in the same command"
        )
    for dataset in tables:
        column = dataset.column(population.measure)
        if column is None:
            raise OpenDataError(
                f"population table {dataset.table} ({dataset.path.name}) has no column "
                f"{population.measure!r}; its columns: {', '.join(dataset.columns)}"
            )
        filters = _filters(sourced.owner, sourced.target.id, dataset, population.filter)
        cells = _cells(sourced, dataset, filters, region, municipality)
        for wanted in (period, period.within("year")):
            if wanted in cells:
                value = cells[wanted].values.get(column.key)
                if value is None or value <= 0:
                    return None, f"the population of {wanted.key} is missing or suppressed"
                return value, ""
    return None, f"no population of {period.key} or its year in table {population.table}"


def plan(programme: Programme, datasets: Sequence[Dataset]) -> Plan:
    """The figures the datasets hold for the programme's sourced targets, and what not."""
    # A StatLine CSV may name its regions ("Westvoorne") instead of giving their codes. A row
    # named after the programme's municipality is the region of its targets only when they
    # all name one region: with several (a neighbour to compare with), avp cannot tell which
    # code a name stands for, and a name never fills another region's target.
    regions = {s.source.region.casefold() for s in sourced_targets(programme)}
    municipality = programme.programme.municipality if len(regions) == 1 else ""
    end = programme.programme.period.end
    found: list[Found] = []
    skipped: list[Skipped] = []
    used: set[str] = set()
    for sourced in sourced_targets(programme):
        source = sourced.source
        table = source.table.upper()
        tables = [d for d in datasets if d.table == table]
        if not tables:
            continue
        used.add(table)
        if source.population is not None:
            used.add(source.population.table.upper())
        unit = cbs_unit(sourced.unit)
        if unit is None:
            skipped.append(
                Skipped(
                    sourced,
                    table,
                    "",
                    source.region,
                    f"a target per {sourced.unit} cannot be filled from CBS periods "
                    "(years, quarters, months)",
                )
            )
            continue
        first = _lower_bound(sourced, programme)
        for dataset in tables:
            found_here, skipped_here = _dataset_figures(
                sourced, unit, dataset, datasets, municipality, first, end
            )
            found += found_here
            skipped += skipped_here
    unused = tuple(sorted({d.table for d in datasets} - used))
    return Plan(tuple(found), tuple(skipped), unused)


def _dataset_figures(
    sourced: Sourced,
    unit: CbsUnit,
    dataset: Dataset,
    datasets: Sequence[Dataset],
    municipality: str,
    first: dt.date,
    end: dt.date,
) -> tuple[list[Found], list[Skipped]]:
    source = sourced.source
    target = sourced.target
    column = dataset.column(source.measure)
    if column is None:
        raise OpenDataError(
            f"target {target.id!r} of {sourced.owner} names column {source.measure!r}, which "
            f"table {dataset.table} ({dataset.path.name}) does not have; its columns: "
            f"{', '.join(dataset.columns) or 'none'}"
        )
    if source.per is not None and column.is_rate:
        raise OpenDataError(
            f"target {target.id!r} of {sourced.owner}: column {column.key} of table "
            f"{dataset.table} is already a rate ({column.unit}); avp computes per "
            f"{source.per} itself from the population and never copies a rate of another "
            "base: name the column of counts, or leave out per and population"
        )
    filters = _filters(sourced.owner, target.id, dataset, source.filter)
    cells = _cells(sourced, dataset, filters, source.region, municipality)
    periods = sorted(
        {p.within(unit) for p in cells if p.months <= MONTHS[unit]},
    )
    found: list[Found] = []
    skipped: list[Skipped] = []
    if not cells:
        wanted = "".join(f", {k} {v!r}" for k, v in source.filter.items())
        skipped.append(
            Skipped(
                sourced,
                dataset.table,
                "",
                source.region,
                f"no row of region {source.region}{wanted} in the file"
                + _unmatched(dataset, filters)
                + ("" if municipality or _coded(dataset) else _NAMES_HINT),
                dataset.path.name,
            )
        )
    elif not periods:
        skipped.append(
            Skipped(
                sourced,
                dataset.table,
                "",
                source.region,
                f"the table has only periods longer than a {unit}; they cannot be split",
                dataset.path.name,
            )
        )
    for period in periods:
        if period.end < first or period.start > end:
            continue

        def skip(reason: str, where: str = "", period: CbsPeriod = period) -> None:
            skipped.append(
                Skipped(sourced, dataset.table, period.key, source.region, reason, where)
            )

        rows, why = _value(period, cells, column)
        if why is not None:
            skip(why)
            continue
        missing = [r for r in rows if r.values.get(column.key) is None]
        if missing:
            symbols = ", ".join(
                f"'{r.symbols.get(column.key, '')}' at {r.where}" for r in missing[:3]
            )
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            skip(f"suppressed or missing: {symbols}{more}", missing[0].where)
            continue
        value = sum(r.values[column.key] or 0.0 for r in rows)
        population = None
        if source.per is not None and source.population is not None:
            population, why = _population(
                sourced, source.population, datasets, period, municipality
            )
            if population is None:
                skip(why)
                continue
            value = round(value / population * source.per, 2)
        where = rows[0].where if len(rows) == 1 else f"{rows[0].where} .. {rows[-1].where}"
        found.append(Found(sourced, period, value, dataset, len(rows), where, population))
    return found, skipped
