"""Report labels in the programme's language (Dutch) or English, and dates as people write them."""

from __future__ import annotations

import datetime as dt

from avp.status import Status
from avp.targets import Verdict

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "report": "Voortgangsrapportage",
        "as_of": "Stand per",
        "period": "Looptijd",
        "adopted": "Vastgesteld",
        "field": "Veiligheidsveld",
        "theme": "Thema",
        "goal": "Doel",
        "no_goal": "Geen doel geformuleerd.",
        "measure": "Maatregel",
        "measures": "Maatregelen",
        "partners": "Partners",
        "partner_note": "Toelichting partners",
        "result": "Resultaat {year}",
        "status": "Stand van zaken",
        "last_update": "Laatste update",
        "no_update": "Nog geen update",
        "note": "Toelichting",
        "correction": "Bijsturing",
        "author": "Door",
        "summary": "Samenvatting",
        "total": "Totaal",
        "good_share": "Afgerond of op koers",
        "stale": "Geen update in meer dan {days} dagen",
        "stale_short": "verouderd",
        "stale_count": "Zonder recente update",
        "scope_programme": "Hele programma",
        "scope_field": "Veiligheidsveld {id}: {name}",
        "scope_theme": "Thema {id}: {name}",
        "scope_partner": "Partner: {name} (met onderdelen)",
        "id": "Nr.",
        "generated": "Gemaakt met avp",
        "to": "t/m",
        "yes": "ja",
        "norm": "Norm",
        "computed": "Berekend",
        "computed_summary": "Berekend uit de normen",
        "disagrees": "wijkt af van de stand van zaken",
        "disagreements": "Wijkt af van de stand van zaken",
    },
    "en": {
        "report": "Progress report",
        "as_of": "Status as of",
        "period": "Period",
        "adopted": "Adopted",
        "field": "Safety field",
        "theme": "Theme",
        "goal": "Goal",
        "no_goal": "No goal stated.",
        "measure": "Measure",
        "measures": "Measures",
        "partners": "Partners",
        "partner_note": "Partner note",
        "result": "Result {year}",
        "status": "Status",
        "last_update": "Last update",
        "no_update": "No update yet",
        "note": "Note",
        "correction": "Correction",
        "author": "By",
        "summary": "Summary",
        "total": "Total",
        "good_share": "Done or on track",
        "stale": "No update for more than {days} days",
        "stale_short": "stale",
        "stale_count": "Without a recent update",
        "scope_programme": "Whole programme",
        "scope_field": "Safety field {id}: {name}",
        "scope_theme": "Theme {id}: {name}",
        "scope_partner": "Partner: {name} (with sub-units)",
        "id": "No.",
        "generated": "Made with avp",
        "to": "to",
        "yes": "yes",
        "norm": "Target",
        "computed": "Computed",
        "computed_summary": "Computed from the targets",
        "disagrees": "differs from the status",
        "disagreements": "Differs from the status",
    },
}

MONTHS_NL = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)
MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def status_label(status: Status, lang: str) -> str:
    return status.info.nl if lang == "nl" else status.info.en


def format_date(day: dt.date | None, lang: str) -> str:
    """``30 juni 2022`` in Dutch, ``30 June 2022`` in English."""
    if day is None:
        return ""
    if lang == "nl":
        return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


class Labels:
    """``labels["goal"]`` and ``labels.fmt("stale", days=180)`` in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LABELS else "en"
        self._table = LABELS[self.lang]

    def __getitem__(self, key: str) -> str:
        return self._table[key]

    def fmt(self, key: str, **values: object) -> str:
        return self._table[key].format(**values)

    def status(self, status: Status) -> str:
        return status_label(status, self.lang)

    def verdict(self, verdict: Verdict) -> str:
        return verdict.label(self.lang)

    def date(self, day: dt.date | None) -> str:
        return format_date(day, self.lang)
