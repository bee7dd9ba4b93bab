"""The names programmes go by when there are several: in a workspace, an export."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from avp.base.text import fold
from avp.storage.files import display_path

if TYPE_CHECKING:
    from avp.programme.models import Programme


def display_names(programmes: Sequence[tuple[Programme, Path]]) -> list[str]:
    """Each programme's name in a workspace: its municipality; with the years of its
    period when two share a municipality ("Westvoorne 2021-2022"); with the file's name too
    when even that is shared."""

    def years(programme: Programme) -> str:
        period = programme.programme.period
        start, end = period.start.year, period.end.year
        return str(start) if start == end else f"{start}-{end}"

    names = [p.programme.municipality for p, _ in programmes]
    folded = [fold(n) for n in names]
    names = [
        f"{name} {years(p)}" if folded.count(fold(name)) > 1 else name
        for name, (p, _) in zip(names, programmes, strict=True)
    ]
    folded = [fold(n) for n in names]
    return [
        f"{name} ({display_path(path)})" if folded.count(fold(name)) > 1 else name
        for name, (_, path) in zip(names, programmes, strict=True)
    ]
