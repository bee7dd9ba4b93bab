"""Per-unit costs from the ``sizes`` group of ``benchmarks/run.py``: is a command's cost
linear in measures and in entries, and what does one of each cost?

For each command and cache mode it takes the medians of the rows with the fewest entries
at every programme size (the cost of measures) and of the rows of the smallest programme
at every log size (the cost of entries), fits a line through each
(``statistics.linear_regression``), and gives the slope (milliseconds per 1,000 measures,
per 10,000 entries) and how straight the line is: the slope of the last step (the two
largest sizes) over the slope of the first step. About 1 is linear; well above 1 means a
unit costs more the more there are (quadratic somewhere), well below 1 a fixed cost that
the first step still paid.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    """One row of the sizes group: its command, cache mode, size and median time."""

    command: str
    cache: str
    measures: int
    entries: int
    seconds: float


@dataclass(frozen=True)
class Slope:
    command: str
    cache: str
    unit: str  # "measures" or "entries"
    per: int  # the slope is per this many units
    sizes: tuple[int, ...]
    seconds_per: float  # seconds per ``per`` units
    fixed: float  # the line's intercept, seconds
    bend: float | None  # last step's slope over the first step's; None with 2 sizes


def _line(xs: Sequence[int], ys: Sequence[float]) -> tuple[float, float, float | None]:
    slope, intercept = statistics.linear_regression(xs, ys)
    bend = None
    if len(xs) >= 3:
        first = (ys[1] - ys[0]) / (xs[1] - xs[0])
        last = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
        bend = last / first if first > 0 else None
    return slope, intercept, bend


def slopes(points: Iterable[Point]) -> list[Slope]:
    """The cost per 1,000 measures and per 10,000 entries of every command and mode that
    was timed at two sizes or more of each."""
    found: list[Slope] = []
    by_key: dict[tuple[str, str], list[Point]] = {}
    for point in points:
        by_key.setdefault((point.command, point.cache), []).append(point)
    for (command, cache), group in by_key.items():
        fewest = min(p.entries for p in group)
        smallest = min(p.measures for p in group)
        by_measures = sorted((p.measures, p.seconds) for p in group if p.entries == fewest)
        by_entries = sorted((p.entries, p.seconds) for p in group if p.measures == smallest)
        for unit, per, chosen in (
            ("measures", 1_000, by_measures),
            ("entries", 10_000, by_entries),
        ):
            if len({x for x, _ in chosen}) < 2:
                continue
            xs = [x for x, _ in chosen]
            ys = [y for _, y in chosen]
            slope, intercept, bend = _line(xs, ys)
            found.append(Slope(command, cache, unit, per, tuple(xs), slope * per, intercept, bend))
    return found


HEAD = ["command", "cache", "unit", "sizes", "ms per unit", "fixed s", "last/first step"]
RIGHT = {4, 5, 6}


def table(found: Sequence[Slope]) -> list[list[str]]:
    """Rows for a Markdown table (``HEAD``)."""
    rows = []
    for s in found:
        unit = f"{s.per:,} {s.unit}"
        rows.append(
            [
                s.command,
                s.cache,
                unit,
                ", ".join(f"{x:,}" for x in s.sizes),
                f"{s.seconds_per * 1000:.0f}",
                f"{s.fixed:.3f}",
                "-" if s.bend is None else f"{s.bend:.2f}",
            ]
        )
    return rows
