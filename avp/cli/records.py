"""Records and columns for measures, shared by list, show, partners and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from avp.output import Column
from avp.status import Status

if TYPE_CHECKING:
    from avp.progress import Entry
    from avp.query import MeasureRow


def status_style(value: Any) -> str:
    try:
        return Status(value).info.colour
    except ValueError:
        return ""


MEASURE_COLUMNS = [
    Column("id", "id", no_wrap=True),
    Column("field", "field", table=False),
    Column("field_name", "field name", table=False),
    Column("theme", "theme", table=False),
    Column("theme_name", "theme", max_width=16),
    Column("text", "measure", ratio=1),
    Column("partners", "partners", max_width=18),
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
    Column("status", "status", no_wrap=True),
    Column("note", "note", ratio=2),
    Column("author", "author", max_width=14),
    Column("source", "source", table=False),
    Column("correction", "correction", ratio=1),
]


def entry_record(entry: Entry) -> dict[str, Any]:
    return {
        "measure": entry.measure,
        "date": entry.date.isoformat(),
        "status": entry.status.value,
        "note": entry.note,
        "author": entry.author,
        "source": entry.source,
        "correction": entry.correction,
    }
