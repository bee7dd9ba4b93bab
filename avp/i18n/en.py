"""English: every label and sentence a person reads."""

from __future__ import annotations

MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
DECIMAL_SEPARATOR = "."

MESSAGES: dict[str, str] = {
    # The report
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
    # The status of a measure (avp.programme.status)
    "status.not_started": "not started",
    "status.on_track": "on track",
    "status.at_risk": "at risk",
    "status.off_track": "off track",
    "status.done": "done",
    "status.dropped": "dropped",
    # The verdict on a target (avp.targets.verdicts)
    "verdict.met": "met",
    "verdict.on_course": "on course",
    "verdict.at_risk": "at risk",
    "verdict.missed": "missed",
    "verdict.no_data": "no data",
    # Calendar periods
    "period.week": "week {week} of {year}",
    "period.quarter": "Q{quarter} {year}",
    "period.half_year.1": "first half of {year}",
    "period.half_year.2": "second half of {year}",
    "period.weeks": "weeks",
    "period.months": "months",
    "period.quarters": "quarters",
    "period.half_years": "half years",
    # Time left in a period
    "left.last_day": "last day",
    "left.weeks": "{weeks} weeks left",
    "left.days.one": "{count} day left",
    "left.days.other": "{count} days left",
    # A count against its requirement at an even pace (frequency, coverage)
    "pace.ended": "{head}: {verdict}",
    "pace.running": "{head}, {left}: {verdict}",
    "pace.on_course": "{head}, {left}: {verdict} ({expected} expected by now)",
    "pace.at_risk": (
        "{head}, {left}: {verdict} ({expected} expected by now; at this pace {at_pace} by {end})"
    ),
    # Frequency targets
    "frequency.head": "{achieved} of {required} in {period}",
    # Coverage targets: a share of a population, or a minimum per occasion
    "coverage.head": "{covered} of {size} {population} in {period}",
    "coverage.head.share": (
        "{covered} of {size} {population} in {period} ({percent} required: {required})"
    ),
    "coverage.no_size": (
        "{covered} {population} in {period}; the number of {population} is not recorded"
    ),
    "occasions.none": "nothing recorded in {period} (at least {minimum} {population} each time)",
    "occasions.none.yet": (
        "nothing recorded in {period} yet (at least {minimum} {population} each time)"
    ),
    "occasions.lowest.one": (
        "{count} occasion in {period}, lowest {lowest} {population} "
        "(at least {minimum} each time): {verdict}"
    ),
    "occasions.lowest.other": (
        "{count} occasions in {period}, lowest {lowest} {population} "
        "(at least {minimum} each time): {verdict}"
    ),
    # Comparison targets: a period's value against a reference value
    "comparison.no_reference": "no value for {reference_period} recorded",
    "comparison.no_value": "no value for {period} yet ({reference_period}: {reference})",
    "comparison.ended": "{value} in {period} ({reference_period}: {reference}; {norm}): {verdict}",
    "comparison.running": (
        "{value} in {period} so far ({reference_period}: {reference}; {norm}), {left}: {verdict}"
    ),
    "comparison.running.pace": (
        "{value} in {period} so far ({reference_period}: {reference}; {norm}), "
        "{left}: {verdict} (at this pace {projected} by {end})"
    ),
    "relation.at_least": "at least {reference}",
    "relation.at_most": "at most {reference}",
    "relation.more": "more than {reference}",
    "relation.less": "less than {reference}",
    # Threshold targets: a value to reach by a date, along a straight line
    "threshold.label": "by {day}",
    "threshold.goal": "target {goal} by {day}",
    "threshold.measured": "{value} on {day}",
    "threshold.none": "no measurement yet ({goal})",
    "threshold.none.baseline": "no measurement yet (baseline {baseline} on {baseline_day}, {goal})",
    "threshold.reached": "{measured}, {goal}: {verdict}",
    "threshold.no_line": "{measured}, {goal}: one measurement and no baseline, so no line yet",
    "threshold.line": "{measured}, line {line}, {goal}: {verdict}",
    "threshold.line.pace": (
        "{measured}, line {line}, {goal}: {verdict}; at this pace {projected} by {day}"
    ),
    "threshold.line.behind": "{measured}, line {line}, {goal}: {verdict} ({behind})",
    "threshold.line.behind.pace": (
        "{measured}, line {line}, {goal}: {verdict} ({behind}); at this pace {projected} by {day}"
    ),
    "threshold.below_baseline": "below the baseline {baseline}",
    "threshold.above_baseline": "above the baseline {baseline}",
    # Deliverable targets
    "deliverable.due": "due {day}",
    "deliverable.judged": "{state}, {due}: {verdict}",
    "deliverable.delivered": "delivered on {day}",
    "deliverable.late.one": "delivered on {day}, {count} day late",
    "deliverable.late.other": "delivered on {day}, {count} days late",
    "deliverable.missing": "not delivered",
    "deliverable.pending": "not delivered yet, {left}",
    # A target summed up on a day
    "target.outside": "this target lies outside the programme period",
    "target.starts": "starts on {day}",
    "target.year": "{year}: {met} of {total} {periods} met: {verdict}",
    "target.year_so_far": "{current}; {year} so far: {met} of {total} {periods} met",
}
