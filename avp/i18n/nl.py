"""Nederlands: every label and sentence a person reads, in Dutch."""

from __future__ import annotations

MONTHS = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)
DECIMAL_SEPARATOR = ","

MESSAGES: dict[str, str] = {
    # The report
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
    # The status of a measure (avp.programme.status)
    "status.not_started": "niet gestart",
    "status.on_track": "op koers",
    "status.at_risk": "aandacht",
    "status.off_track": "achter",
    "status.done": "afgerond",
    "status.dropped": "vervallen",
    # The verdict on a target (avp.targets.verdicts)
    "verdict.met": "gehaald",
    "verdict.on_course": "op schema",
    "verdict.at_risk": "risico",
    "verdict.missed": "niet gehaald",
    "verdict.no_data": "geen gegevens",
    # Calendar periods
    "period.week": "week {week} van {year}",
    "period.quarter": "{quarter}e kwartaal {year}",
    "period.half_year.1": "eerste helft {year}",
    "period.half_year.2": "tweede helft {year}",
    "period.weeks": "weken",
    "period.months": "maanden",
    "period.quarters": "kwartalen",
    "period.half_years": "halfjaren",
    # Time left in a period
    "left.last_day": "laatste dag",
    "left.weeks": "nog {weeks} weken",
    "left.days.one": "nog {count} dag",
    "left.days.other": "nog {count} dagen",
    # A count against its requirement at an even pace (frequency, coverage)
    "pace.ended": "{head}: {verdict}",
    "pace.running": "{head}, {left}: {verdict}",
    "pace.on_course": "{head}, {left}: {verdict} ({expected} verwacht op dit moment)",
    "pace.at_risk": (
        "{head}, {left}: {verdict} ({expected} verwacht op dit moment; "
        "in dit tempo {at_pace} op {end})"
    ),
    # Frequency targets
    "frequency.head": "{achieved} van {required} in {period}",
    # Coverage targets: a share of a population, or a minimum per occasion
    "coverage.head": "{covered} van {size} {population} in {period}",
    "coverage.head.share": (
        "{covered} van {size} {population} in {period} ({percent} nodig: {required})"
    ),
    "coverage.no_size": (
        "{covered} {population} in {period}; het aantal {population} is niet vastgelegd"
    ),
    "occasions.none": "niets vastgelegd in {period} (minimaal {minimum} {population} per keer)",
    "occasions.none.yet": (
        "nog niets vastgelegd in {period} (minimaal {minimum} {population} per keer)"
    ),
    "occasions.lowest.one": (
        "{count} keer in {period}, laagste {lowest} {population} "
        "(minimaal {minimum} per keer): {verdict}"
    ),
    "occasions.lowest.other": (
        "{count} keer in {period}, laagste {lowest} {population} "
        "(minimaal {minimum} per keer): {verdict}"
    ),
    # Comparison targets: a period's value against a reference value
    "comparison.no_reference": "geen waarde voor {reference_period} vastgelegd",
    "comparison.no_value": ("nog geen waarde voor {period} ({reference_period}: {reference})"),
    "comparison.ended": "{value} in {period} ({reference_period}: {reference}; {norm}): {verdict}",
    "comparison.running": (
        "{value} in {period} tot nu toe ({reference_period}: {reference}; {norm}), "
        "{left}: {verdict}"
    ),
    "comparison.running.pace": (
        "{value} in {period} tot nu toe ({reference_period}: {reference}; {norm}), "
        "{left}: {verdict} (in dit tempo {projected} op {end})"
    ),
    "relation.at_least": "minimaal {reference}",
    "relation.at_most": "hoogstens {reference}",
    "relation.more": "meer dan {reference}",
    "relation.less": "minder dan {reference}",
    # Threshold targets: a value to reach by a date, along a straight line
    "threshold.label": "t/m {day}",
    "threshold.goal": "doel {goal} op {day}",
    "threshold.measured": "{value} op {day}",
    "threshold.none": "nog geen meting ({goal})",
    "threshold.none.baseline": "nog geen meting (nulmeting {baseline} op {baseline_day}, {goal})",
    "threshold.reached": "{measured}, {goal}: {verdict}",
    "threshold.no_line": "{measured}, {goal}: één meting en geen nulmeting, dus nog geen lijn",
    "threshold.line": "{measured}, lijn {line}, {goal}: {verdict}",
    "threshold.line.pace": (
        "{measured}, lijn {line}, {goal}: {verdict}; in dit tempo {projected} op {day}"
    ),
    "threshold.line.behind": "{measured}, lijn {line}, {goal}: {verdict} ({behind})",
    "threshold.line.behind.pace": (
        "{measured}, lijn {line}, {goal}: {verdict} ({behind}); in dit tempo {projected} op {day}"
    ),
    "threshold.below_baseline": "onder de nulmeting {baseline}",
    "threshold.above_baseline": "boven de nulmeting {baseline}",
    # Deliverable targets
    "deliverable.due": "uiterlijk {day}",
    "deliverable.judged": "{state}, {due}: {verdict}",
    "deliverable.delivered": "opgeleverd op {day}",
    "deliverable.late.one": "opgeleverd op {day}, {count} dag te laat",
    "deliverable.late.other": "opgeleverd op {day}, {count} dagen te laat",
    "deliverable.missing": "niet opgeleverd",
    "deliverable.pending": "nog niet opgeleverd, {left}",
    # A target summed up on a day
    "target.outside": "deze norm valt buiten de looptijd van het programma",
    "target.starts": "begint op {day}",
    "target.year": "{year}: {met} van {total} {periods} gehaald: {verdict}",
    "target.year_so_far": "{current}; {year} tot nu toe: {met} van {total} {periods} gehaald",
}
