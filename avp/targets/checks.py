"""Checks of one target in plain data: dates in order and in range, one coverage form, direction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from avp.base import rules
from avp.base.dates import as_date
from avp.base.findings import Finding, Loc


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


#: A baseline this many years before the programme starts is probably a typing error.
BASELINE_YEARS = 10


def _check_target(
    target: dict[str, Any], loc: Loc, programme: tuple[dt.date, dt.date] | None
) -> Iterator[Finding]:
    kind = target.get("kind")
    first = as_date(target.get("start"))
    last = as_date(target.get("end"))
    if first and last and last < first:
        yield Finding(
            (*loc, "end"),
            f"the target ends ({last}) before it starts ({first})",
            rules.TARGET_DATES,
        )
    elif programme and ((first and first > programme[1]) or (last and last < programme[0])):
        yield Finding(
            loc,
            f"the target's start and end leave no day of the programme period "
            f"({programme[0]} to {programme[1]})",
            rules.TARGET_DATES,
            level="warning",
        )
    if kind == "threshold":
        yield from _check_threshold(target, loc, programme)
    elif kind == "comparison":
        reference = target.get("reference")
        if isinstance(reference, int) and not isinstance(reference, bool):
            per = target.get("per", "year")
            if per != "year":
                yield Finding(
                    (*loc, "reference"),
                    f"a reference year needs 'per: year' (this target is per {per})",
                    rules.TARGET_REFERENCE,
                )
            begins = first or (programme[0] if programme else None)
            if begins and reference >= begins.year:
                yield Finding(
                    (*loc, "reference"),
                    f"the reference year {reference} must lie before the years it is compared "
                    f"with (from {begins.year})",
                    rules.TARGET_REFERENCE,
                )
    elif kind == "coverage":
        forms = [key for key in ("percent", "per_occasion") if target.get(key) is not None]
        if len(forms) != 1:
            yield Finding(
                loc,
                "a coverage target has either 'percent' (a share of the population per "
                "period) or 'per_occasion' (a minimum at every occasion)"
                + (", not both" if forms else ""),
                rules.TARGET_COVERAGE,
            )
    elif kind == "deliverable":
        due = as_date(target.get("due"))
        if due and programme and not programme[0] <= due <= programme[1]:
            yield Finding(
                (*loc, "due"),
                f"due date {due} is outside the programme period "
                f"({programme[0]} to {programme[1]})",
                rules.TARGET_DATES,
                level="warning",
            )


def _check_threshold(
    target: dict[str, Any], loc: Loc, programme: tuple[dt.date, dt.date] | None
) -> Iterator[Finding]:
    goal = target.get("target")
    baseline = target.get("baseline")
    goal_date = as_date(goal.get("date")) if isinstance(goal, dict) else None
    goal_value = _number(goal.get("value")) if isinstance(goal, dict) else None
    base_date = as_date(baseline.get("date")) if isinstance(baseline, dict) else None
    base_value = _number(baseline.get("value")) if isinstance(baseline, dict) else None
    if goal_date and programme and not programme[0] <= goal_date <= programme[1]:
        yield Finding(
            (*loc, "target", "date"),
            f"target date {goal_date} is outside the programme period "
            f"({programme[0]} to {programme[1]})",
            rules.TARGET_DATES,
            level="warning",
        )
    if base_date and goal_date and base_date >= goal_date:
        yield Finding(
            (*loc, "baseline", "date"),
            f"the baseline date {base_date} must lie before the target date {goal_date}",
            rules.TARGET_DATES,
        )
    elif base_date and programme and base_date.year < programme[0].year - BASELINE_YEARS:
        yield Finding(
            (*loc, "baseline", "date"),
            f"the baseline date {base_date} lies more than {BASELINE_YEARS} years before the "
            f"programme starts ({programme[0]}); is the year right?",
            rules.TARGET_DATES,
            level="warning",
        )
    direction = target.get("direction")
    if base_value is not None and goal_value is not None:
        wrong = (direction == "increase" and goal_value < base_value) or (
            direction == "decrease" and goal_value > base_value
        )
        if wrong:
            yield Finding(
                (*loc, "direction"),
                f"direction {direction!r} does not fit a target value of {goal_value:g} "
                f"from a baseline of {base_value:g}",
                rules.TARGET_DIRECTION,
            )


def check_target(target: dict[str, Any], period: tuple[dt.date, dt.date]) -> list[Finding]:
    """The problems of one target (plain data, as in the file) in a programme of ``period``:
    what ``avp successor`` asks before it carries a target into a new period."""
    return list(_check_target(target, (), period))
