"""The new programme's municipality, title and period, given or by default."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from avp.base.problems import UsageError
from avp.project import Project
from avp.successor.settings import Settings, _as_long, resolved_settings
from tests.successor.workspace import bundled_workspace, second_programme

D = dt.date


@pytest.mark.parametrize(
    ("first", "last", "start", "end"),
    [
        (D(2021, 1, 1), D(2022, 12, 31), D(2023, 1, 1), D(2024, 12, 31)),  # two years
        (D(2021, 1, 1), D(2021, 12, 31), D(2022, 1, 1), D(2022, 12, 31)),  # one year
        (D(2021, 7, 1), D(2022, 2, 28), D(2023, 3, 1), D(2023, 10, 31)),  # eight months
        (D(2021, 1, 15), D(2021, 3, 14), D(2021, 3, 15), D(2021, 5, 12)),  # 59 days
    ],
)
def test_a_period_as_long_as_the_earlier_one(
    first: dt.date, last: dt.date, start: dt.date, end: dt.date
) -> None:
    assert _as_long(first, last, start) == end


def test_defaults_from_one_earlier_programme(tmp_path: Path) -> None:
    project = Project.open(bundled_workspace(tmp_path))
    made = resolved_settings(Settings(), [project])
    assert (made.municipality, made.start, made.end) == (
        "Westvoorne",
        D(2023, 1, 1),
        D(2024, 12, 31),
    )
    assert made.title == "Actieprogramma Integraal Veiligheidsbeleid Westvoorne 2023-2024"
    given = resolved_settings(
        Settings(
            municipality=" Voorne aan Zee ", title="Plan", start=D(2023, 1, 1), end=D(2023, 12, 31)
        ),
        [project],
    )
    assert (given.municipality, given.title, given.end) == (
        "Voorne aan Zee",
        "Plan",
        D(2023, 12, 31),
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (Settings(municipality=" "), "--municipality is empty"),
        (Settings(title=""), "--title is empty"),
        (Settings(start=D(2023, 1, 1), end=D(2022, 1, 1)), "--end 2022-01-01 lies before --start"),
    ],
)
def test_bad_settings(tmp_path: Path, settings: Settings, message: str) -> None:
    project = Project.open(bundled_workspace(tmp_path))
    with pytest.raises(UsageError, match=message):
        resolved_settings(settings, [project])


def test_a_merger_of_several_municipalities_needs_the_new_one(tmp_path: Path) -> None:
    projects = [
        Project.open(bundled_workspace(tmp_path)),
        Project.open(second_programme(tmp_path)),
    ]
    with pytest.raises(UsageError, match="of Westvoorne, Brielle: give the new programme's"):
        resolved_settings(Settings(), projects)
