"""What a successor carries: the shared rule for unfinished, all, or none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from avp.programme.status import Status
from avp.project import Project
from avp.successor.carry import Carry, carried_ids, dropped_review
from tests.successor.workspace import bundled_workspace


def test_unfinished_is_the_shared_rule_on_the_last_day_or_as_of(tmp_path: Path) -> None:
    project = Project.open(bundled_workspace(tmp_path))
    last = dt.date(2022, 12, 31)
    ids = carried_ids(project, Carry.unfinished, None)
    assert list(ids) == project.state(last).unfinished(project.programme)
    statuses = project.statuses(last)
    assert all(statuses[i] not in (Status.done, Status.dropped) for i in ids)
    early = dt.date(2021, 3, 1)
    assert list(carried_ids(project, Carry.unfinished, early)) == project.state(early).unfinished(
        project.programme
    )


def test_all_and_none(tmp_path: Path) -> None:
    project = Project.open(bundled_workspace(tmp_path))
    every = [m.id for _, _, m in project.programme.measures()]
    assert list(carried_ids(project, Carry.all, None)) == every
    assert carried_ids(project, Carry.none, None) == ()


def test_the_dropped_measures_are_named_for_the_review(tmp_path: Path) -> None:
    project = Project.open(bundled_workspace(tmp_path))
    lines = dropped_review(project, None, "oud.yaml")
    dropped = [i for i, s in project.statuses(dt.date(2022, 12, 31)).items() if s is Status.dropped]
    assert dropped and len(lines) == len(dropped)
    assert lines[0] == (
        f"measure {dropped[0]} of oud.yaml was dropped there; carried because of --carry all: "
        "remove it, or drop it again"
    )
