"""Recording the figures of a plan: new ones added, changed ones as corrections, once.

Append-only and idempotent. An imported entry is known by its target and its source's
table, measure, filter, region, period and rate base. When the log already has one, the
newest such entry decides: the same value adds nothing; another value is a CORRECTION: a
new entry whose source says which entry it corrects (``corrects``), dated like the first,
so that the judging (the latest value in a period) uses the newest figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from avp.i18n import Amount, phrase
from avp.indicators.periods import period_text
from avp.indicators.plan import Found
from avp.progress.models import Entry, Imported, new_entry_id
from avp.targets.models import Source

if TYPE_CHECKING:
    from avp.project import Project

#: ``older``: the log holds this figure from a later download, which an older file never
#: corrects (importing last year's file again must not undo this year's correction).
Action = Literal["added", "corrected", "unchanged", "older"]

#: Values closer than this are the same figure (rates are rounded to 2 decimals).
_SAME = 1e-9

#: A series of figures: a target and the table, column, region, filter and base it takes.
Series = tuple[str, str, str, str, str, tuple[tuple[str, str], ...], int | None]
#: One figure: its series and its period.
Key = tuple[Series, str]


def series_key(owner: str, target: str | None, source: Source | Imported) -> Series:
    """What makes figures one series: the same for a sourced target (its ``source``) and
    for the entries imported for it (theirs), so a changed filter is another series."""
    return (
        owner,
        target or "",
        source.table.upper(),
        source.measure.casefold(),
        source.region.upper(),
        tuple(sorted((k, v.strip().casefold()) for k, v in source.filter.items())),
        source.per,
    )


def entry_key(owner: str, target: str | None, imported: Imported) -> Key:
    """What makes two imported entries about the same figure."""
    return series_key(owner, target, imported), imported.period


def latest_imported(entries: Iterable[Entry]) -> dict[Key, Entry]:
    """The newest imported entry (log order) for every figure."""
    latest: dict[Key, Entry] = {}
    for entry in entries:
        if isinstance(entry.source, Imported):
            latest[entry_key(entry.measure, entry.target, entry.source)] = entry
    return latest


@dataclass(frozen=True)
class Outcome:
    found: Found
    action: Action
    #: The entry written (added, corrected) or already there (unchanged, older).
    entry: Entry
    #: The entry corrected.
    previous: Entry | None = None


def imported_of(found: Found, corrects: str | None = None) -> Imported:
    source = found.sourced.source
    return Imported(
        table=source.table.upper(),
        measure=source.measure,
        period=found.period.key,
        region=source.region,
        retrieved=found.dataset.retrieved,
        filter=dict(source.filter),
        per=source.per,
        population=found.population,
        corrects=corrects,
    )


def _note(found: Found, lang: str) -> str:
    target = found.sourced.target
    source = found.sourced.source
    period = period_text(found.period, lang)
    values = {"indicator": target.indicator, "period": period, "table": source.table.upper()}
    if source.per is not None and found.population is not None:
        count = round(found.value * found.population / source.per)
        return phrase(
            lang,
            "indicators.note.rate",
            value=Amount(found.value),
            per=source.per,
            count=count,
            population=Amount(found.population),
            **values,
        )
    if found.parts > 1:
        units = phrase(lang, f"indicators.units.{'month' if found.parts in (3, 12) else 'quarter'}")
        return phrase(
            lang,
            "indicators.note.sum",
            value=Amount(found.value, target.unit),
            parts=found.parts,
            units=units,
            **values,
        )
    return phrase(lang, "indicators.note", value=Amount(found.value, target.unit), **values)


def entry_for(found: Found, lang: str, previous: Entry | None = None) -> Entry:
    """The value entry of a figure; with ``previous``, the correction of that entry."""
    note = _note(found, lang)
    if previous is not None:
        note = phrase(lang, "indicators.note.correction", previous=previous.id or "", note=note)
    return Entry(
        id=new_entry_id(),
        measure=found.sourced.owner,
        date=previous.date if previous is not None else found.period.end,
        target=found.sourced.target.id,
        value=found.value,
        note=note,
        author=found.sourced.source.publisher,
        source=imported_of(found, previous.id if previous is not None else None),
    )


def decide(found: Sequence[Found], entries: Iterable[Entry], lang: str) -> list[Outcome]:
    """What to do with each figure, given the log's entries; nothing is written."""
    latest = latest_imported(entries)
    outcomes = []
    for figure in found:
        imported = imported_of(figure)
        key = entry_key(figure.sourced.owner, figure.sourced.target.id, imported)
        previous = latest.get(key)
        if previous is not None and previous.value is not None:
            if abs(previous.value - figure.value) <= _SAME:
                outcomes.append(Outcome(figure, "unchanged", previous))
                continue
            earlier = previous.source
            if isinstance(earlier, Imported) and earlier.retrieved > imported.retrieved:
                outcomes.append(Outcome(figure, "older", previous))
                continue
            entry = entry_for(figure, lang, previous)
            outcomes.append(Outcome(figure, "corrected", entry, previous))
        else:
            entry = entry_for(figure, lang)
            outcomes.append(Outcome(figure, "added", entry))
        latest[key] = entry  # a file with the same figure twice adds it once
    return outcomes


def record(
    project: Project, outcomes: Sequence[Outcome], *, today: dt.date | None = None
) -> list[Outcome]:
    """Append the added and corrected entries through :meth:`Project.add` (locked,
    checked, atomic, one at a time); the outcomes with the entries as written."""
    written = []
    for outcome in outcomes:
        if outcome.action in ("unchanged", "older"):
            written.append(outcome)
            continue
        entry = project.add(outcome.entry, today=today)
        written.append(Outcome(outcome.found, outcome.action, entry, outcome.previous))
    return written
