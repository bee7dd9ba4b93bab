"""avp.targets.figures and evaluate: figures assigned to targets, a measure's verdicts."""

from __future__ import annotations

import datetime as dt

import pytest

from avp.targets.evaluate import measure_target_statuses
from avp.targets.figures import Figure, assign, resolution_problem, resolve
from avp.targets.models import (
    TargetModel,
)
from avp.targets.verdicts import Verdict, disagrees, worst
from tests.targets.helpers import PROGRAMME, D, frequency, target


class E:
    """A progress entry as far as the targets are concerned."""

    def __init__(
        self,
        date: dt.date,
        *,
        count: int | None = None,
        value: float | None = None,
        target: str | None = None,
    ) -> None:
        self.date, self.count, self.value, self.target = date, count, value, target


CONTROL: TargetModel = frequency(2, "year", id="controle")


VISITED: TargetModel = target(
    id="ondernemingen", kind="coverage", population="ondernemingen", per_occasion=5
)


WEEKLY: TargetModel = frequency(1, "week", id="klein")


MONTHLY: TargetModel = frequency(1, "month", id="algeheel")


def test_a_figure_goes_to_the_named_target_or_the_only_one_that_takes_it() -> None:
    pair = [CONTROL, VISITED]
    assert resolve(pair, None, "count") is CONTROL
    assert resolve(pair, None, "value") is VISITED
    assert resolve(pair, "ondernemingen", "count") is None  # takes no count
    assert resolve([WEEKLY, MONTHLY], None, "count") is None  # which one?
    assert resolve([WEEKLY, MONTHLY], "algeheel", "count") is MONTHLY
    figures = assign(
        pair,
        [
            E(D(2022, 3, 1), count=1, value=6),  # one control, six businesses: both targets
            E(D(2022, 1, 1), count=1, target="controle"),
            E(D(2022, 2, 1), value=3, target="controle"),  # wrong kind: left out
        ],
    )
    assert figures == {
        "controle": [Figure(D(2022, 1, 1), count=1), Figure(D(2022, 3, 1), count=1)],
        "ondernemingen": [Figure(D(2022, 3, 1), value=6)],
    }


def test_why_a_figure_cannot_be_assigned() -> None:
    assert resolution_problem("2.3.4", [CONTROL, VISITED], None, "count") is None
    assert resolution_problem("4.1.5", [WEEKLY, MONTHLY], None, "count") == (
        "measure 4.1.5 has 2 targets that take a count (klein, algeheel); say which one with "
        "'target'"
    )
    assert resolution_problem("4.1.5", [WEEKLY, MONTHLY], "klien", "count") == (
        "measure 4.1.5 has no target 'klien' (did you mean 'klein'?); its targets: klein "
        "(frequency), algeheel (frequency)"
    )
    assert resolution_problem("4.1.5", [WEEKLY], None, "value") == (
        "no target of measure 4.1.5 takes a value (its targets: klein (frequency))"
    )
    assert resolution_problem("2.3.4", [CONTROL], "controle", "value") == (
        "target 'controle' of measure 2.3.4 is a frequency target: it takes a count, not a value"
    )
    assert "has no targets" in (resolution_problem("1.1.1", [], None, "count") or "")


def test_measure_statuses_from_entries() -> None:
    entries = [E(D(2021, 4, 1), count=1, value=6), E(D(2021, 9, 1), count=1, value=4)]
    pair = [CONTROL, VISITED]
    found = measure_target_statuses("2.3.4", pair, entries, PROGRAMME, D(2021, 12, 31))
    assert [(s.target.id, s.verdict) for s in found] == [
        ("controle", Verdict.met),
        ("ondernemingen", Verdict.missed),
    ]
    assert worst(s.verdict for s in found) is Verdict.missed


def test_worst() -> None:
    assert worst([Verdict.met, Verdict.on_course]) is Verdict.on_course
    assert worst([Verdict.no_data, Verdict.met]) is Verdict.met
    assert worst([Verdict.no_data]) is Verdict.no_data
    assert worst([]) is Verdict.no_data
    assert worst([Verdict.at_risk, Verdict.missed, Verdict.met]) is Verdict.missed


@pytest.mark.parametrize(
    ("status", "verdict", "differ"),
    [
        ("on_track", Verdict.at_risk, True),
        ("on_track", Verdict.missed, True),
        ("done", Verdict.missed, True),
        ("off_track", Verdict.met, True),
        ("at_risk", Verdict.on_course, True),
        ("on_track", Verdict.met, False),
        ("at_risk", Verdict.missed, False),
        ("off_track", Verdict.at_risk, False),
        ("not_started", Verdict.missed, False),
        ("dropped", Verdict.met, False),
        ("on_track", Verdict.no_data, False),
        ("on_track", None, False),
    ],
)
def test_disagreement(status: str, verdict: Verdict | None, differ: bool) -> None:
    assert disagrees(status, verdict) is differ


def test_verdict_labels() -> None:
    assert [v.label("nl") for v in Verdict] == [
        "gehaald",
        "op schema",
        "risico",
        "niet gehaald",
        "geen gegevens",
    ]
    assert Verdict.on_course.label("en") == "on course"
