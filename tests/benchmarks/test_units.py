"""benchmarks/units.py: per-unit costs and how straight they are (issue 18: cost linear
in measures and entries, per-unit costs shown)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


units = _load("units")

MEASURES = (104, 1040, 10400)
ENTRIES = (10, 10_000, 100_000)


def _points(cost: object, command: str = "avp list", cache: str = "off") -> list[object]:
    return [
        units.Point(command, cache, m, e, cost(m, e))  # type: ignore[operator]
        for m in MEASURES
        for e in ENTRIES
    ]


def test_a_linear_cost_gives_its_slopes_and_a_straight_line() -> None:
    found = units.slopes(_points(lambda m, e: 0.2 + 0.5 * m / 1000 + 0.1 * e / 10_000))
    by_unit = {s.unit: s for s in found}
    assert by_unit["measures"].seconds_per == pytest.approx(0.5)
    assert by_unit["entries"].seconds_per == pytest.approx(0.1)
    assert by_unit["measures"].sizes == MEASURES
    assert by_unit["entries"].sizes == ENTRIES
    assert by_unit["measures"].bend == pytest.approx(1.0)
    assert by_unit["entries"].bend == pytest.approx(1.0)


def test_a_quadratic_cost_bends() -> None:
    found = units.slopes(_points(lambda m, e: 0.2 + (e / 10_000) ** 2))
    (entries,) = [s for s in found if s.unit == "entries"]
    assert entries.bend is not None and entries.bend > 5


def test_the_table_has_a_row_per_command_mode_and_unit() -> None:
    points = _points(lambda m, e: 0.1 + m / 1e5 + e / 1e6) + _points(
        lambda m, e: 0.1, command="avp validate", cache="warm"
    )
    rows = units.table(units.slopes(points))
    assert len(rows) == 4
    assert all(len(row) == len(units.HEAD) for row in rows)
    first = dict(zip(units.HEAD, rows[0], strict=True))
    assert first["command"] == "avp list" and first["unit"] == "1,000 measures"
    assert first["ms per unit"] == "10"  # 1,000 measures at 10 µs each


def test_one_size_gives_no_slope() -> None:
    assert units.slopes([units.Point("avp list", "off", 104, 10, 0.3)]) == []


def test_run_counts_measures_and_takes_the_medians_of_the_sizes_rows(tmp_path: Path) -> None:
    run = _load("run")
    programme = tmp_path / "programma.yaml"
    programme.write_text(
        "fields:\n- id: 1\n  themes:\n  - id: '1.1'\n    measures:\n    - id: 1.1.1\n"
        "    - id: '1.1.2'\n",
        encoding="utf-8",
    )
    assert run.measure_count(programme) == 2
    sized = run.Timing("avp list", "sizes", cache="off", units=(2, 10), seconds=[0.3, 0.1, 0.2])
    failed = run.Timing("avp list", "sizes", cache="off", units=(2, 10), seconds=[0.1], note="x")
    other = run.Timing("avp list", "scale", cache="off", seconds=[0.5])
    assert run.unit_points([sized, failed, other]) == [units.Point("avp list", "off", 2, 10, 0.2)]
