"""A target's status from a kind's standing (judging only the current period) is the status
from judging every period; every period is judged only when asked for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.i18n import Message, Value
from avp.targets import frequency as frequency_module
from avp.targets.evaluate import TargetStatus, evaluate, target_status
from avp.targets.figures import Counts, Figure, _counts
from avp.targets.models import PERIOD_UNITS, SHORTER_THAN_A_YEAR
from avp.targets.periods import DateRange, judged_periods, window
from avp.targets.registry import KINDS
from avp.targets.results import PeriodResult, verdict_word
from avp.targets.verdicts import Verdict, worst
from tests.targets.helpers import PROGRAMME, D, frequency

PROGRAMMES = st.sampled_from(
    [
        PROGRAMME,
        DateRange(D(2021, 1, 1), D(2021, 12, 31)),
        DateRange(D(2020, 12, 31), D(2023, 1, 4)),
    ]
)
NEAR = st.dates(min_value=D(2020, 11, 1), max_value=D(2023, 3, 1))


def reference(
    target: Any, figures: list[Figure], programme: DateRange, as_of: dt.date
) -> tuple[tuple[PeriodResult, ...], Verdict, Message]:
    """The periods, verdict and reason as target_status computed them before the standing
    (its code of before, verbatim): from every period judged."""
    results = tuple(evaluate(target, figures, programme, as_of))
    if not results:
        span = window(target, programme)
        if span is None:
            return results, Verdict.no_data, Message.of("target.outside")
        begins = KINDS[target.kind].first_day(target, span, programme)
        return results, Verdict.no_data, Message.of("target.starts", day=begins)
    current = results[-1]
    per = getattr(target, "per", None)
    if per not in SHORTER_THAN_A_YEAR:
        return results, current.verdict, current.reason
    year = current.year
    in_year = [r for r in results if r.year == year]
    ended = [r for r in in_year if r.ended]
    met = sum(r.verdict is Verdict.met for r in ended)
    missed = sum(r.verdict is Verdict.missed for r in ended)
    remaining = [j for j in judged_periods(target, programme) if j.period.year == year]
    complete = current.ended and len(ended) == len(remaining)
    tally: dict[str, Value] = {
        "year": year,
        "met": met,
        "total": len(ended),
        "periods": Message.of(f"period.{per}s"),
    }
    if complete:
        verdict = (
            Verdict.missed if missed else Verdict.met if met else worst(r.verdict for r in ended)
        )
        return results, verdict, Message.of("target.year", verdict=verdict_word(verdict), **tally)
    verdict = current.verdict
    if missed:
        verdict = worst([verdict, Verdict.at_risk])
    if verdict is not current.verdict:  # issue 15, point 13: the sentence ends with it
        tally["verdict"] = verdict_word(verdict)
        return (
            results,
            verdict,
            Message.of("target.year_so_far.verdict", current=current.reason, **tally),
        )
    return results, verdict, Message.of("target.year_so_far", current=current.reason, **tally)


def same(fast: TargetStatus, slow: tuple[tuple[PeriodResult, ...], Verdict, Message]) -> None:
    results, verdict, reason = slow
    assert (fast.verdict, fast.reason) == (verdict, reason)
    assert fast.current == (results[-1] if results else None)
    assert fast.results == results
    for lang in ("en", "nl"):
        assert fast.text(lang) == reason.text(lang)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PERIOD_UNITS),
    st.integers(min_value=1, max_value=5),
    st.lists(st.tuples(NEAR, st.integers(min_value=0, max_value=4)), max_size=60),
    NEAR,
    PROGRAMMES,
    st.one_of(st.none(), NEAR),
    st.one_of(st.none(), NEAR),
)
def test_frequency_standing_is_the_status_from_every_period(
    per: str,
    count: int,
    held: list[tuple[dt.date, int]],
    as_of: dt.date,
    programme: DateRange,
    start: dt.date | None,
    end: dt.date | None,
) -> None:
    window: dict[str, Any] = {}
    if start is not None:
        window["start"] = start.isoformat()
    if end is not None:
        window["end"] = end.isoformat()
    target = frequency(count, per, **window)
    figures = [Figure(day, count=n) for day, n in sorted(held, key=lambda pair: pair[0])]
    figures.append(Figure(D(2022, 5, 5), value=3.0))  # a value: not counted
    same(
        target_status("1.1.1", target, figures, programme, as_of),
        reference(target, figures, programme, as_of),
    )


def test_a_weekly_target_of_an_ended_programme_has_its_weeks_on_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The status judges the last week only; the 104 weeks are judged when asked for."""
    judged: list[Any] = []
    real = frequency_module._result
    monkeypatch.setattr(
        frequency_module,
        "_result",
        lambda *a: judged.append(a[0]) or real(*a),  # type: ignore[func-returns-value]
    )
    weekly = frequency(1, "week")
    figures = [Figure(D(2022, 3, 1) + dt.timedelta(days=7 * k), count=1) for k in range(20)]
    status = target_status("1.1.1", weekly, figures, PROGRAMME, D(2023, 6, 1))
    assert len(judged) == 1 and status.current is not None
    assert status.current.key == "2022-W52"
    assert status.text() == "2022: 20 of 52 weeks met: missed"
    assert len(status.results) == 104  # now judged, every week
    assert len(judged) == 1 + 104
    same(status, reference(weekly, figures, PROGRAMME, D(2023, 6, 1)))


@given(st.lists(st.tuples(NEAR, st.one_of(st.none(), st.integers(0, 5))), max_size=30), NEAR, NEAR)
def test_counts_sum_as_a_pass_over_the_figures_does(
    held: list[tuple[dt.date, int | None]], start: dt.date, end: dt.date
) -> None:
    figures = [Figure(day, count=n) for day, n in held]  # in any order
    assert Counts(figures).between(start, end) == _counts(figures, start, end)


def test_a_report_judges_the_current_period_of_each_weekly_target_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The report of the bundled programme after its end shows each weekly target's last
    week and its year's tally; no other week is judged (104 a target before)."""
    from avp.programme.load import load_programme
    from avp.report import build_report
    from tests.conftest import BUNDLED

    programme = load_programme(BUNDLED)
    weekly = [
        t
        for _, (_, item) in programme.owners.items()
        for t in item.targets
        if t.kind == "frequency" and t.per == "week"
    ]
    judged: list[Any] = []
    real = frequency_module._result
    monkeypatch.setattr(
        frequency_module,
        "_result",
        lambda *a: judged.append(a[0]) or real(*a),  # type: ignore[func-returns-value]
    )
    report = build_report(programme, [], as_of=D(2023, 3, 1))
    shown = [t for line in report.lines for t in line.state.targets if t.target in weekly]
    assert weekly and len(shown) == len(weekly)
    assert len(judged) == len(programme_frequency(programme))  # one period each
    for status in shown:
        assert status.current is not None and status.current.key == "2022-W52"
        assert status.text() == "2022: 0 of 52 weeks met: missed"
        assert status.verdict is Verdict.missed


def programme_frequency(programme: Any) -> list[Any]:
    """Every frequency target of the programme's measures."""
    return [t for _, _, m in programme.measures() for t in m.targets if t.kind == "frequency"]
