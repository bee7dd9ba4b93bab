"""The history of a carried measure in the programme it came from (``avp show``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from avp.base.problems import AvpError
from avp.programme.models import Measure
from avp.progress.models import Entry

#: ``problem`` when the earlier programme's file is not there (moved, or named by a title).
NO_FILE = "no file"


@dataclass(frozen=True)
class PredecessorHistory:
    """Where a carried measure came from and what its log says there."""

    programme: str  # as predecessor.programme says it: a file or a title
    measure: str  # the id there
    title: str | None  # the earlier programme's title, when its file was read
    entries: tuple[Entry, ...]
    problem: str | None = None  # why the history could not be read (None: it was)


def predecessor_history(programme_file: Path, measure: Measure) -> PredecessorHistory | None:
    """The history of ``measure`` (of the programme in ``programme_file``) in its
    predecessor: the earlier programme's log entries for the old id; None when the measure
    was not carried over. A predecessor named by title, or whose file is gone or invalid,
    gives no entries and says why in ``problem``."""
    from avp.project import Project  # lazy

    ref = measure.predecessor
    if ref is None:
        return None
    path = _programme_file(programme_file.parent, ref.programme)
    if path is None:
        return PredecessorHistory(ref.programme, ref.measure, None, (), NO_FILE)
    try:
        project = Project.open(path)
        entries = project.state().history(ref.measure)
    except AvpError as exc:
        return PredecessorHistory(ref.programme, ref.measure, None, (), exc.message)
    return PredecessorHistory(
        ref.programme, ref.measure, project.programme.programme.title, entries
    )


def _programme_file(folder: Path, programme: str) -> Path | None:
    """The file ``predecessor.programme`` names: a path relative to ``folder``, or the
    title of the programme bundled with avp (what a successor of it writes)."""
    from avp.programme.discovery import bundled_programme  # lazy
    from avp.programme.load import load_programme  # lazy

    if programme.endswith((".yaml", ".yml")):
        path = folder / programme
        return path if path.is_file() else None
    try:
        bundled = bundled_programme()
        return bundled if load_programme(bundled).programme.title == programme else None
    except AvpError:
        return None
