"""One serialisation of a measure, an entry and a target, shared by every command and format."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from avp.i18n import LANGUAGES, language, phrase
from avp.programme.status import Status
from avp.render.output import Column
from avp.render.style import status_colour, verdict_colour
from avp.targets.verdicts import Verdict

if TYPE_CHECKING:
    from avp.programme.query import MeasureRow
    from avp.progress.models import Entry
    from avp.targets.evaluate import TargetStatus
    from avp.targets.results import PeriodResult


@cache
def _by_label(kind: str) -> dict[str, str]:
    """The key of every status (or verdict) by its key and by its label in every language."""
    keys = Status if kind == "status" else Verdict
    return {
        word: key.value
        for key in keys
        for word in (key.value, *(phrase(lang, f"{kind}.{key.value}") for lang in LANGUAGES))
    }


def status_style(value: Any) -> str:
    """The colour of a status cell, from its key (``on_track``) or its label (``op koers``)."""
    key = _by_label("status").get(value) if isinstance(value, str) else None
    return status_colour(Status(key)) if key else ""


def verdict_style(value: Any) -> str:
    """The colour of a verdict cell, from its key (``missed``) or its label (``niet gehaald``)."""
    key = _by_label("verdict").get(value) if isinstance(value, str) else None
    return verdict_colour(Verdict(key)) if key else ""


#: The formats people read (by their value, ``OutputFormat.table``): statuses, verdicts,
#: kinds and levels as labels in the programme's language, yes/no as ``ja`` or nothing, and
#: columns headed in it. An xlsx workbook is for people too (its numbers and dates stay
#: numbers and dates; its cells are coloured by the label). csv and json are data: they keep
#: the stable keys (``on_track``), real booleans and the keys as headers.
HUMAN_FORMATS = frozenset({"table", "markdown", "xlsx"})


def for_people(fmt: Any) -> bool:
    """Whether ``fmt`` (an :class:`~avp.render.formats.OutputFormat`) is read by people."""
    return str(getattr(fmt, "value", fmt)) in HUMAN_FORMATS


#: The record keys :func:`labelled` turns into labels, with the message prefix of each.
LABELLED = {"status": "status", "verdict": "verdict", "kind": "kind", "level": "level"}


def label_of(kind: str, key: Any, lang: str) -> Any:
    """``op koers`` for (``status``, ``on_track``); a value without a label as it is."""
    if not isinstance(key, str) or not key:
        return key
    name = f"{kind}.{key}"
    words = language(lang).MESSAGES
    if name not in words and name not in language("en").MESSAGES:
        return key
    return phrase(lang, name)


def labelled(records: Sequence[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The records with their statuses, verdicts, target kinds and levels as labels in
    ``lang`` (``niet gestart``, not ``not_started``) and yes/no as ``ja`` or nothing (a
    mark where it is one, as the report does): for the formats people read."""
    yes = phrase(lang, "yes")
    said: dict[tuple[str, str], Any] = {}  # the label of each (kind, key), phrased once

    def label(kind: str, key: Any) -> Any:
        if not isinstance(key, str) or not key:
            return key
        found = said.get((kind, key))
        if found is None:
            found = said[kind, key] = label_of(kind, key, lang)
        return found

    return [
        {
            **{k: (yes if v else "") if isinstance(v, bool) else v for k, v in record.items()},
            **{k: label(p, record[k]) for k, p in LABELLED.items() if k in record},
        }
        for record in records
    ]


def headed(columns: Sequence[Column], lang: str) -> list[Column]:
    """The columns headed in ``lang`` (``column.<key>`` in avp.i18n; others as they are)."""
    words = language(lang).MESSAGES
    return [
        replace(c, header=phrase(lang, f"column.{c.key}")) if f"column.{c.key}" in words else c
        for c in columns
    ]


MEASURE_COLUMNS = [
    Column("id", "id", no_wrap=True),
    Column("field", "field", table=False),
    Column("field_name", "field name", table=False),
    Column("theme", "theme", table=False),
    # Narrow: the theme's name goes first (the id says the theme), then the partners become
    # a line under the measure's text.
    Column("theme_name", "theme", max_width=14, narrow=2),
    Column("text", "measure", ratio=1, min_width=30),
    Column("partners", "partners", max_width=16, narrow=1, fold_into="text"),
    Column("partner_note", "partner note", table=False),
    Column("result", "result", table=False),
    Column("status", "status", no_wrap=True, min_width=11, style=status_style),
]


def measure_record(row: MeasureRow) -> dict[str, Any]:
    m = row.measure
    return {
        "id": m.id,
        "field": row.field.id,
        "field_name": row.field.name,
        "theme": row.theme.id,
        "theme_name": row.theme.name,
        "text": m.text,
        "partners": list(m.partners),
        "partner_note": m.partner_note,
        "result": m.result,
        "status": row.status.value,
    }


ENTRY_COLUMNS = [
    Column("date", "date", no_wrap=True),
    Column("measure", "measure", no_wrap=True),
    Column("status", "status", no_wrap=True, style=status_style),
    Column("target", "target", table=False),
    Column("count", "count", table=False),
    Column("value", "value", table=False),
    Column("period", "period", table=False),
    Column("figure", "figure", max_width=18),  # table and markdown only: see with_figure
    # Narrow: the author, then the correction become lines under the note.
    Column("note", "note", ratio=2),
    Column("author", "author", max_width=14, narrow=2, fold_into="note"),
    Column("source", "source", table=False),
    Column("correction", "correction", ratio=1, narrow=1, fold_into="note"),
    Column("evaluation", "evaluation", table=False),
    Column("id", "id", table=False),
]


#: The columns of csv and json: the figures as they are, without the table's summary.
ENTRY_DATA_COLUMNS = [c for c in ENTRY_COLUMNS if c.key != "figure"]


def entry_record(entry: Entry, *, structured: bool = False) -> dict[str, Any]:
    """An entry as a row. ``structured`` (json): an imported figure's source as the object
    the log holds (table, measure, period, region, retrieved, ...), not its short text."""
    source: Any = entry.source
    if structured and source is not None and not isinstance(source, str):
        source = source.model_dump(mode="json", exclude_none=True)
    return {
        "measure": entry.measure,
        "date": entry.date.isoformat(),
        "status": entry.status.value if entry.status is not None else None,
        "target": entry.target,
        "count": entry.count,
        "value": entry.value,
        "period": entry.period,  # the days the figure describes (2022-Q1), None: its date
        "note": entry.note,
        "author": entry.author,
        "source": source,
        "correction": entry.correction,
        "evaluation": bool(entry.evaluation),  # a lesson learned (avp report --final)
        "id": entry.id,  # avp progress add gives one (README, Git); None when written by hand
    }


def entry_table(
    records: Sequence[dict[str, Any]], lang: str
) -> tuple[list[dict[str, Any]], list[Column]]:
    """Entries (:func:`entry_record`) as a table people read (``avp progress list``, the
    table and markdown formats): a ``figure`` column, statuses as labels in ``lang``, the
    columns headed in it. ``emit(*entry_table(records, lang), format)``."""
    return labelled([with_figure(r, lang) for r in records], lang), headed(ENTRY_COLUMNS, lang)


def with_figure(record: dict[str, Any], lang: str) -> dict[str, Any]:
    """The record with a short ``figure`` for tables: ``1 (controle)``, ``9,4`` (the
    decimal separator of ``lang``), ``13 (toezicht, 2022-Q1)`` for a figure of a period."""
    separator = language(lang).DECIMAL_SEPARATOR
    parts = [
        plain_number(record[key]).replace(".", separator)
        for key in ("count", "value")
        if record.get(key) is not None
    ]
    figure = " / ".join(parts)
    about = ", ".join(str(record[key]) for key in ("target", "period") if record.get(key))
    if figure and about:
        figure += f" ({about})"
    return {**record, "figure": figure or None}


def plain_number(number: float) -> str:
    """``6`` for 6.0, ``9.4`` for 9.4: the shortest text that reads back as the number."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return repr(number)


def plain(number: float | None) -> float | int | None:
    """Whole numbers as integers (2, not 2.0) in json and csv."""
    if number is None:
        return None
    return int(number) if float(number).is_integer() else number


def target_record(target: TargetStatus, lang: str) -> dict[str, Any]:
    """A target on a day, as ``avp targets``, ``avp show`` and the report give it.

    The keys are documented in the README (the report's ``targets``).
    """
    current = target.current
    record = {
        "id": target.target.id,
        "kind": target.target.kind,
        "description": target.target.description,
        "period": current.key if current else None,
        "period_label": current.label(lang) if current else None,
        "required": plain(current.required) if current else None,
        "achieved": plain(current.achieved) if current else None,
        "verdict": target.verdict.value,
        "verdict_label": target.verdict.label(lang),
        "forecast": target.text(lang),
    }
    if target.target.suggested:  # proposed by avp targets suggest, not yet accepted
        record["suggested"] = True
    return record


def period_record(result: PeriodResult, lang: str) -> dict[str, Any]:
    """One judged period of a target (``avp targets --periods``)."""
    return {
        "period": result.key,
        "period_label": result.label(lang),
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "required": plain(result.required),
        "achieved": plain(result.achieved),
        "verdict": result.verdict.value,
        "verdict_label": result.verdict.label(lang),
        "ended": result.ended,
        "forecast": result.forecast(lang),
    }
