"""Coverage and comparison targets: the status from judging the current period's year only
(:func:`avp.targets.kind.by_year`) is the status from judging every period, and the other
periods are judged only when asked for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.targets import coverage as coverage_module
from avp.targets.evaluate import target_status
from avp.targets.figures import Figure
from avp.targets.models import PERIOD_UNITS
from avp.targets.registry import KINDS
from tests.targets.helpers import PROGRAMME, D, target
from tests.targets.test_standing import NEAR, PROGRAMMES, reference, same

FIGURES = st.lists(
    st.tuples(
        NEAR,
        st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
        st.one_of(st.none(), st.floats(min_value=0, max_value=60, allow_nan=False)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=90)),  # days it describes
    ),
    max_size=25,
)


def figures_of(held: list[tuple[dt.date, int | None, float | None, int | None]]) -> list[Figure]:
    """Figures by recorded date, some describing a span of days before it."""
    found = []
    for day, count, value, span in sorted(held, key=lambda item: item[0]):
        start = None if span is None else day - dt.timedelta(days=span)
        found.append(Figure(day, count=count, value=value, start=start, end=start and day))
    return found


def window(start: dt.date | None, end: dt.date | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if start is not None:
        found["start"] = start.isoformat()
    if end is not None:
        found["end"] = end.isoformat()
    return found


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PERIOD_UNITS),
    st.one_of(st.none(), st.sampled_from([50.0, 100.0])),
    st.one_of(st.none(), st.integers(min_value=1, max_value=30)),
    FIGURES,
    NEAR,
    PROGRAMMES,
    st.one_of(st.none(), NEAR),
    st.one_of(st.none(), NEAR),
)
def test_coverage_standing_is_the_status_from_every_period(
    per: str,
    percent: float | None,
    per_occasion: int | None,
    held: list[tuple[dt.date, int | None, float | None, int | None]],
    as_of: dt.date,
    programme: Any,
    start: dt.date | None,
    end: dt.date | None,
) -> None:
    shares = {"percent": percent} if percent is not None and per_occasion is None else {}
    occasions = {"per_occasion": per_occasion} if per_occasion is not None else {}
    covered = target(
        kind="coverage",
        population="horecaondernemingen",
        per=per,
        **shares,
        **occasions,
        **window(start, end),
    )
    figures = figures_of(held)
    same(
        target_status("1.1.1", covered, figures, programme, as_of),
        reference(covered, figures, programme, as_of),
    )


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PERIOD_UNITS),
    st.sampled_from(["at_least", "at_most", "more", "less"]),
    st.sampled_from(["previous", 2020, 2021]),
    st.booleans(),
    FIGURES,
    NEAR,
    PROGRAMMES,
    st.one_of(st.none(), NEAR),
)
def test_comparison_standing_is_the_status_from_every_period(
    per: str,
    relation: str,
    reference_year: str | int,
    accumulates: bool,
    held: list[tuple[dt.date, int | None, float | None, int | None]],
    as_of: dt.date,
    programme: Any,
    start: dt.date | None,
) -> None:
    if reference_year != "previous":
        per = "year"  # a reference year is for yearly comparisons
    compared = target(
        kind="comparison",
        indicator="WhatsApp groepen",
        relation=relation,
        per=per,
        reference=reference_year,
        accumulates=accumulates,
        **window(start, None),
    )
    figures = figures_of(held)
    same(
        target_status("1.1.1", compared, figures, programme, as_of),
        reference(compared, figures, programme, as_of),
    )


def test_both_kinds_tell_their_standing() -> None:
    assert KINDS["coverage"].standing is not None
    assert KINDS["comparison"].standing is not None


def test_a_weekly_coverage_after_the_programme_judges_its_last_year_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a two-year programme a weekly coverage judges the 52 weeks of its last year
    for the status (all 105 when every period is asked for)."""
    judged: list[Any] = []
    real = coverage_module._count_result
    monkeypatch.setattr(
        coverage_module,
        "_count_result",
        lambda *a: judged.append(a[0]) or real(*a),  # type: ignore[func-returns-value]
    )
    weekly = target(kind="coverage", population="cafés", per="week", percent=50)
    figures = [Figure(D(2021, 1, 4), value=10.0), Figure(D(2022, 3, 1), count=5)]
    status = target_status("1.1.1", weekly, figures, PROGRAMME, D(2023, 6, 1))
    assert len(judged) == 52
    assert {j.period.year for j in judged} == {2022}
    assert status.current is not None and status.current.key == "2022-W52"
    assert len(status.results) == 105  # 2020-W53, three days of it in the programme, too
    same(status, reference(weekly, figures, PROGRAMME, D(2023, 6, 1)))
