"""English: every label and sentence a person reads."""

from __future__ import annotations

MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
DECIMAL_SEPARATOR = "."

MESSAGES: dict[str, str] = {
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
    # Calendar periods
    "period.week": "week {week} of {year}",
    "period.quarter": "Q{quarter} {year}",
    "period.half_year.1": "first half of {year}",
    "period.half_year.2": "second half of {year}",
}
