"""Records and columns for measures, shared by list, show, partners and progress."""

from __future__ import annotations

from typing import Any

from avp.output import Column
from avp.query import MeasureRow
from avp.status import Status


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
    Column("theme_name", "theme", ratio=1, min_width=10),
    Column("text", "measure", ratio=3, min_width=20),
    Column("partners", "partners", ratio=1, min_width=10),
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
