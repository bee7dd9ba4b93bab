"""Deliverable targets: delivered by a due date."""

from __future__ import annotations

import datetime as dt

import pytest

from avp.targets.evaluate import evaluate
from avp.targets.models import (
    DeliverableTarget,
)
from avp.targets.verdicts import DELIVERABLE_WARNING_DAYS, Verdict
from tests.targets.helpers import PROGRAMME, D, counts, only, target

PROPOSAL: DeliverableTarget = target(kind="deliverable", due="2021-06-30")


@pytest.mark.parametrize(
    ("delivered", "as_of", "verdict", "text"),
    [
        (None, D(2021, 3, 1), Verdict.on_course, "not delivered yet, 17 weeks left, due 30 June"),
        (None, D(2021, 5, 31), Verdict.at_risk, "not delivered yet, 4 weeks left, due 30 June"),
        (None, D(2021, 6, 30), Verdict.missed, "not delivered, due 30 June 2021: missed"),
        (D(2021, 6, 28), D(2021, 6, 28), Verdict.met, "delivered on 28 June 2021, due 30"),
        (D(2021, 6, 30), D(2022, 1, 1), Verdict.met, "delivered on 30 June 2021"),
        (D(2021, 7, 3), D(2021, 7, 5), Verdict.missed, "delivered on 3 July 2021, 3 days late"),
        (D(2021, 7, 3), D(2021, 7, 2), Verdict.missed, "not delivered, due"),
    ],
)
def test_deliverable(
    delivered: dt.date | None, as_of: dt.date, verdict: Verdict, text: str
) -> None:
    figures = counts(delivered) if delivered else []
    result = only(evaluate(PROPOSAL, figures, PROGRAMME, as_of))
    assert result.verdict is verdict
    assert result.forecast().startswith(text)


def test_deliverable_warning_window() -> None:
    due = D(2021, 6, 30)
    first_warning = due - dt.timedelta(days=DELIVERABLE_WARNING_DAYS)
    before = first_warning - dt.timedelta(days=1)
    assert only(evaluate(PROPOSAL, [], PROGRAMME, before)).verdict is Verdict.on_course
    assert only(evaluate(PROPOSAL, [], PROGRAMME, first_warning)).verdict is Verdict.at_risk
    nothing = counts(D(2021, 5, 1), count=0)  # a count of 0 delivers nothing
    assert only(evaluate(PROPOSAL, nothing, PROGRAMME, D(2021, 7, 1))).verdict is Verdict.missed
