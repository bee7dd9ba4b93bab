"""The line under an imported figure: where it comes from ("Bron: CBS 83648NED, 2022")."""

from __future__ import annotations

import datetime as dt

from avp.i18n import Message, phrase
from avp.targets.evaluate import TargetStatus
from avp.targets.facts import source_of


def _measured_day(message: Message) -> dt.date | None:
    """The day of the latest measurement in a threshold's reason, if it names one."""
    values = dict(message.values)
    if message.key == "threshold.measured" and isinstance(values.get("day"), dt.date):
        return values["day"]  # type: ignore[return-value]
    for value in values.values():
        if isinstance(value, Message) and (day := _measured_day(value)) is not None:
            return day
    return None


def source_line(target: TargetStatus, lang: str) -> str | None:
    """``Bron: CBS 83648NED, 2022`` for a target with an open data source: the table and
    the period of the figure shown (a comparison's current period, a threshold's year of
    its latest value); None for a target without a source."""
    source = source_of(target.target)
    if source is None:
        return None
    period: str | None = None
    current = target.current
    if target.target.kind == "threshold":
        day = _measured_day(target.reason)
        period = str(day.year) if day is not None else None
    elif current is not None and current.achieved is not None:
        period = current.label(lang)
    values = {"publisher": source.publisher, "table": source.table.upper()}
    if period is None:
        return phrase(lang, "indicators.source.table", **values)
    return phrase(lang, "indicators.source", period=period, **values)
