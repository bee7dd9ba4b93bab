"""Nederlands: every label and sentence a person reads, in Dutch."""

from __future__ import annotations

MONTHS = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)
DECIMAL_SEPARATOR = ","

MESSAGES: dict[str, str] = {
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
    # Calendar periods
    "period.week": "week {week} van {year}",
    "period.quarter": "{quarter}e kwartaal {year}",
    "period.half_year.1": "eerste helft {year}",
    "period.half_year.2": "tweede helft {year}",
}
