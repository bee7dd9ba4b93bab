from __future__ import annotations

import datetime as dt

import pytest

from avp.indicators.periods import CbsPeriod, parse_period, period_text


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2022JJ00", "2022JJ00"),
        ("2022KW01", "2022KW01"),
        ("2022MM12", "2022MM12"),
        (" 2022MM01 ", "2022MM01"),
        ("2022", "2022JJ00"),
        ("2022*", "2022JJ00"),
        ("2022 3e kwartaal", "2022KW03"),
        ("2022 januari", "2022MM01"),
        ("2022 December*", "2022MM12"),
    ],
)
def test_keys_and_labels(text: str, key: str) -> None:
    period = parse_period(text)
    assert period is not None and period.key == key


@pytest.mark.parametrize("text", ["2022KW05", "2022MM13", "2022JJ01", "2022X", "", "januari"])
def test_not_a_period(text: str) -> None:
    assert parse_period(text) is None


def test_parts_and_within() -> None:
    year = CbsPeriod.of("year", 2022)
    assert [p.key for p in year.parts("quarter")] == [f"2022KW0{i}" for i in range(1, 5)]
    assert len(year.parts("month")) == 12
    august = CbsPeriod.of("month", 2022, 8)
    assert august.within("quarter").key == "2022KW03"
    assert august.within("year") == year
    assert (august.start, august.end) == (dt.date(2022, 8, 1), dt.date(2022, 8, 31))
    assert CbsPeriod.of("quarter", 2024, 1).end == dt.date(2024, 3, 31)


def test_period_text() -> None:
    assert period_text(CbsPeriod.of("quarter", 2022, 2), "nl") == "2e kwartaal 2022"
    assert period_text(CbsPeriod.of("month", 2022, 3), "nl") == "maart 2022"
    assert period_text(CbsPeriod.of("year", 2022), "en") == "2022"
