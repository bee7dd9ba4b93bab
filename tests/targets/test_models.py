"""avp.targets.models: the target kinds as models."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from avp.targets.models import (
    ComparisonTarget,
    CoverageTarget,
    FrequencyTarget,
    ThresholdTarget,
    takes,
)
from tests.targets.helpers import ADAPTER, D, frequency, target


def test_every_kind_from_yaml_values() -> None:
    assert isinstance(frequency(), FrequencyTarget)
    threshold = target(
        kind="threshold",
        indicator="deelname aan Burgernet",
        unit="%",
        direction="increase",
        baseline={"value": 9.2, "date": "2021-03-17"},
        target={"value": 10, "date": "2022-12-31"},
    )
    assert isinstance(threshold, ThresholdTarget)
    assert threshold.target.date == D(2022, 12, 31)
    comparison = target(kind="comparison", indicator="klachten", relation="at_most", reference=2020)
    assert isinstance(comparison, ComparisonTarget)
    assert (comparison.per, comparison.reference, comparison.accumulates) == ("year", 2020, False)
    coverage = target(kind="coverage", population="evenementen", percent=100)
    assert isinstance(coverage, CoverageTarget)
    assert target(kind="deliverable", due="2021-06-30").due == D(2021, 6, 30)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "frequentie", "count": 2, "per": "year"}, "union_tag_invalid"),
        ({"count": 2, "per": "year"}, "union_tag_not_found"),
        ({"kind": "frequency", "count": 0, "per": "year"}, "greater_than_equal"),
        # A norm of 10**30 is a typing error, as a count of it in the log is (MAX_COUNT).
        ({"kind": "frequency", "count": 10**30, "per": "year"}, "less_than_equal"),
        ({"kind": "frequency", "count": "2", "per": "year"}, "int_type"),
        ({"kind": "frequency", "count": 2, "per": "decade"}, "literal_error"),
        ({"kind": "frequency", "count": 2, "per": "year", "per_year": 2}, "extra_forbidden"),
        ({"kind": "deliverable", "due": "2021-06-31"}, "iso_date"),
        ({"kind": "coverage", "population": "x", "percent": 120}, "less_than_equal"),
        ({"kind": "comparison", "indicator": "x", "relation": "same"}, "literal_error"),
    ],
)
def test_bad_targets(data: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError) as info:
        target(**data)
    assert error in {e["type"] for e in info.value.errors()}


@pytest.mark.parametrize("bad", ["Controle", "1e", "", "a b", "-a"])
def test_target_ids(bad: str) -> None:
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({"id": bad, "description": "x", "kind": "deliverable", "due": 1})


def test_what_each_kind_takes() -> None:
    assert takes(frequency()) == {"count"}
    assert takes(target(kind="deliverable", due="2021-06-30")) == {"count"}
    assert takes(target(kind="comparison", indicator="x", relation="less")) == {"value"}
    assert takes(target(kind="coverage", population="x", percent=100)) == {"count", "value"}
    assert takes(target(kind="coverage", population="x", per_occasion=5)) == {"value"}
