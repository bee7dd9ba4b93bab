"""``avp indicators import`` as one library call.

>>> from avp.project import Project
>>> from avp.indicators.api import import_tables
>>> project = Project.open("programma.yaml")  # doctest: +SKIP
>>> done = import_tables(project, [Path("47013NED.zip")])  # doctest: +SKIP
>>> [(o.found.period.key, o.action) for o in done.outcomes]  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from avp.base.problems import DataError
from avp.indicators.apply import Outcome, decide, record
from avp.indicators.dataset import OpenDataError
from avp.indicators.plan import Skipped, plan
from avp.indicators.readers import read

if TYPE_CHECKING:
    from avp.project import Project


@dataclass(frozen=True)
class ImportResult:
    #: Every figure found: added, corrected or already in the log (with its entry).
    outcomes: list[Outcome]
    #: The figures not recorded (suppressed, missing, incomplete, no population, ...).
    skipped: tuple[Skipped, ...]
    #: The tables read that no target names.
    unused: tuple[str, ...]


def import_tables(
    project: Project,
    paths: Sequence[Path],
    *,
    table: str | None = None,
    retrieved: dt.date | None = None,
    dry_run: bool = False,
    lang: str | None = None,
) -> ImportResult:
    """Read every file (nothing is written when one is bad: OpenDataError, a DataError),
    find the figures of the targets that name their tables, and append the new ones and
    the corrections to the log through :meth:`Project.add` (unless ``dry_run``).

    ``table``: the table of files that do not say it; ``retrieved``: the download day
    (default: each file's modification date); ``lang``: of the notes (default: the
    programme's). DataError when no target names any of the tables read."""
    if not dry_run:
        project.writable_log()  # a programme you chose, with a log: before anything else
    datasets = [read(path, table, retrieved) for path in paths]
    wanted = table.strip().upper() if table else None
    if wanted and all(d.table != wanted for d in datasets):
        said = ", ".join(f"{d.path.name}: {d.table}" for d in datasets)
        raise OpenDataError(
            f"--table {wanted} is for files that do not say their table, and every file "
            f"here says its own ({said}); leave out --table, or import the file of {wanted}"
        )
    found = plan(project.programme, datasets)
    if set(found.unused) == {d.table for d in datasets}:
        raise DataError(
            f"no target of the programme names table {', '.join(found.unused)}; add source: "
            "{table: ..., measure: ..., region: GM....} to the targets it fills (README, "
            "Open data)"
        )
    language = lang or project.programme.programme.language
    from avp.progress.corrections import effective  # lazy: what counts, not what was corrected

    outcomes = decide(found.found, effective(project.log.entries), language)
    if not dry_run:
        outcomes = record(project, outcomes)
    return ImportResult(outcomes, found.skipped, found.unused)
