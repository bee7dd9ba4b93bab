"""Equal targets with the same figures are judged once: the programmes of a workspace
share norms. Each status is its own measure's, with the verdict, reason and periods of
judging it."""

from __future__ import annotations

from typing import Any

import pytest

from avp.targets import frequency as frequency_module
from avp.targets.evaluate import measure_target_statuses, target_status
from avp.targets.figures import Figure
from tests.targets.helpers import PROGRAMME, D, frequency
from tests.targets.test_standing import reference, same


def counting(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    judged: list[Any] = []
    real = frequency_module._result
    monkeypatch.setattr(
        frequency_module,
        "_result",
        lambda *a: judged.append(a[0]) or real(*a),  # type: ignore[func-returns-value]
    )
    return judged


def test_an_equal_target_elsewhere_is_not_judged_again(monkeypatch: pytest.MonkeyPatch) -> None:
    judged = counting(monkeypatch)
    figures = [Figure(D(2022, 3, 1), count=1)]
    first = target_status("1.1.1", frequency(4, "year"), figures, PROGRAMME, D(2022, 6, 30))
    again = target_status("7.2.3", frequency(4, "year"), figures, PROGRAMME, D(2022, 6, 30))
    assert len(judged) == 1
    assert (again.measure_id, again.owner) == ("7.2.3", "7.2.3")
    assert (again.verdict, again.reason, again.current) == (
        first.verdict,
        first.reason,
        first.current,
    )
    same(again, reference(frequency(4, "year"), figures, PROGRAMME, D(2022, 6, 30)))


def test_other_figures_another_day_or_another_norm_are_judged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    judged = counting(monkeypatch)
    one = [Figure(D(2022, 3, 1), count=1)]
    two = [Figure(D(2022, 3, 1), count=2)]
    statuses = [
        target_status("1.1.1", frequency(2, "year"), one, PROGRAMME, D(2022, 6, 30)),
        target_status("1.1.1", frequency(2, "year"), two, PROGRAMME, D(2022, 6, 30)),
        target_status("1.1.1", frequency(2, "year"), one, PROGRAMME, D(2022, 12, 31)),
        target_status("1.1.1", frequency(3, "year"), one, PROGRAMME, D(2022, 6, 30)),
    ]
    assert len(judged) == 4
    assert statuses[1].verdict.value == "met" and statuses[0].verdict.value != "met"


def test_a_goal_level_status_keeps_its_level() -> None:
    figures: list[Any] = []
    measure = measure_target_statuses(
        "1.1", [frequency(1, "year")], figures, PROGRAMME, D(2022, 1, 5)
    )
    theme = measure_target_statuses(
        "1.1", [frequency(1, "year")], figures, PROGRAMME, D(2022, 1, 5), level="theme"
    )
    assert measure[0].level == "measure" and theme[0].level == "theme"
