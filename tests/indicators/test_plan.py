"""The plan: figures per target period from a table's rows (no files written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from avp.indicators.dataset import Column, Dataset, Member, OpenDataError, Row
from avp.indicators.plan import plan
from avp.programme.load import load_programme
from avp.programme.models import Programme
from tests.indicators.conftest import OPENDATA


@pytest.fixture(scope="module")
def programme() -> Programme:
    # Read in a fixture, not when the module is imported: the tests' private cache is
    # set up by then (tests/conftest.py), and not yet while the tests are collected.
    return load_programme(OPENDATA / "programma.yaml")


def dataset(cells: dict[str, float | None], unit: str = "aantal", kind: str = "1.1.1") -> Dataset:
    """Table 47013NED with rows for Westvoorne's woninginbraken, by period key."""
    rows = tuple(
        Row(
            {
                "SoortMisdrijf": Member(kind, f"{kind} Diefstal/inbraak woning"),
                "RegioS": Member("GM0614", "Westvoorne"),
                "Perioden": Member(key, key),
            },
            {"GeregistreerdeMisdrijven_1": value},
            f"t.json, record {n}",
            {} if value is not None else {"GeregistreerdeMisdrijven_1": "null"},
        )
        for n, (key, value) in enumerate(cells.items(), 1)
    )
    return Dataset(
        table="47013NED",
        path=Path("t.json"),
        rows=rows,
        columns={"GeregistreerdeMisdrijven_1": Column("GeregistreerdeMisdrijven_1", "", unit)},
        dimensions=("SoortMisdrijf", "RegioS", "Perioden"),
        region="RegioS",
        period="Perioden",
        retrieved=dt.date(2023, 2, 1),
    )


def months(year: int, values: list[float | None]) -> dict[str, float | None]:
    return {f"{year}MM{m:02d}": v for m, v in enumerate(values, 1)}


def by_target(
    programme: Programme, cells: dict[str, float | None], unit: str = "aantal"
) -> dict[tuple[str, str], float]:
    found = plan(programme, [dataset(cells, unit)]).found
    return {(f.sourced.target.id, f.period.key): f.value for f in found}


def test_months_to_quarters_and_years(programme: Programme) -> None:
    values = by_target(programme, months(2022, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
    assert values[("woninginbraken", "2022JJ00")] == 78
    assert [values[("kwartaal", f"2022KW0{q}")] for q in range(1, 5)] == [6, 15, 24, 33]


def test_a_year_row_is_taken_as_it_is(programme: Programme) -> None:
    cells = {**months(2022, [1] * 12), "2022JJ00": 13}  # the table's own total wins
    assert by_target(programme, cells)[("woninginbraken", "2022JJ00")] == 13


def test_a_suppressed_month_leaves_its_quarter_and_year_out(programme: Programme) -> None:
    cells = months(2022, [1, 1, 1, 1, None, 1, 1, 1, 1, 1, 1, 1])
    result = plan(programme, [dataset(cells)])
    keys = {(f.sourced.target.id, f.period.key) for f in result.found}
    assert ("woninginbraken", "2022JJ00") not in keys
    assert ("kwartaal", "2022KW02") not in keys
    assert ("kwartaal", "2022KW01") in keys
    reasons = {(s.sourced.target.id, s.period): s.reason for s in result.skipped}
    assert reasons[("kwartaal", "2022KW02")] == "suppressed or missing: 'null' at t.json, record 5"
    assert reasons[("woninginbraken", "2022JJ00")].startswith("suppressed or missing")


def test_an_incomplete_quarter_is_reported(programme: Programme) -> None:
    result = plan(programme, [dataset(months(2022, [1, 1, 1, 1]))])
    reasons = {(s.sourced.target.id, s.period): s.reason for s in result.skipped}
    assert reasons[("kwartaal", "2022KW02")] == "incomplete: 1 of 3 months in the file"
    assert reasons[("woninginbraken", "2022JJ00")] == "incomplete: 4 of 12 months in the file"


def test_only_counts_are_summed(programme: Programme) -> None:
    result = plan(programme, [dataset(months(2022, [1] * 12), unit="euro")])
    assert not result.found
    assert "not summed: column GeregistreerdeMisdrijven_1 is in 'euro'" in result.skipped[0].reason


def test_periods_outside_the_programme_are_left_out(programme: Programme) -> None:
    assert by_target(programme, months(2024, [1] * 12)) == {}
    assert ("woninginbraken", "2020JJ00") in by_target(
        programme, months(2020, [1] * 12)
    )  # a reference


def test_other_rows_of_the_filter_dimension_are_not_taken(programme: Programme) -> None:
    assert plan(programme, [dataset(months(2022, [1] * 12), kind="0.0.0")]).found == ()


def test_two_rows_for_one_period_need_a_filter(programme: Programme, tmp_path: Path) -> None:
    programme = tmp_path / "programma.yaml"
    programme.write_text(
        (OPENDATA / "programma.yaml")
        .read_text(encoding="utf-8")
        .replace('                  filter: {SoortMisdrijf: "1.1.1"}\n', ""),
        encoding="utf-8",
    )
    first = dataset(months(2022, [1] * 12))
    second = dataset(months(2022, [2] * 12), kind="0.0.0")
    both = Dataset(**{**first.__dict__, "rows": first.rows + second.rows})
    with pytest.raises(OpenDataError, match="a second row for 2022MM01 of GM0614"):
        plan(load_programme(programme), [both])


def test_the_targets_with_a_source_are_found_in_twins_too(programme: Programme) -> None:
    """A programme read from a snapshot has twins, not models: sourced_targets tells a
    threshold or comparison target by avp.storage.snapshot.is_model, not isinstance."""
    from avp.indicators.plan import sourced_targets
    from avp.programme.load import TWIN_BASES
    from avp.storage import snapshot

    twins = snapshot.loads(snapshot.dumps(programme), TWIN_BASES)
    found = sourced_targets(programme)
    assert found
    assert [(s.owner, s.target.id, s.unit) for s in sourced_targets(twins)] == [
        (s.owner, s.target.id, s.unit) for s in found
    ]
