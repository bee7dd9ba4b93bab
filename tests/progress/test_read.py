"""avp.progress.read: reading a log, the fast path and located errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from avp.base.problems import DataError
from avp.programme.models import Programme
from avp.progress.read import load_log
from tests.progress.helpers import GOLDEN, PROGRESS, TODAY


def test_missing_log_is_empty(tmp_path: Path, programme: Programme) -> None:
    assert load_log(tmp_path / "voortgang.yaml", programme).entries == []


def test_golden_log_loads(programme: Programme) -> None:
    log = load_log(GOLDEN, programme, today=TODAY)
    assert [e.measure for e in log.entries] == ["1.1.1", "1.1.2", "2.1.1"]
    assert log.entries[1].correction == (
        "Extra inzet van een BOA van de buurgemeente tot het einde van het jaar."
    )


def test_valid_log_takes_the_fast_path(
    programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(*args: Any) -> Any:
        raise AssertionError("the located loader is for problems only")

    monkeypatch.setattr("avp.yamlio.locate.load_located", slow)
    assert len(load_log(GOLDEN, programme, today=TODAY).entries) == 3


def test_invalid_log_raises_located_errors_only(programme: Programme) -> None:
    path = PROGRESS / "bad" / "unknown-measure.yaml"
    with pytest.raises(DataError) as info:
        load_log(path, programme)
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.rule) == (7, 14, "unknown-measure")
    assert "avp validate" in info.value.message
    # Warnings alone do not make a log invalid.
    assert len(load_log(PROGRESS / "period.yaml", programme).entries) == 4
