"""The library façade: a programme with its progress log, as every command opens it.

>>> from avp.project import Project
>>> project = Project.open("data/programma-2021-2022.yaml")   # doctest: +SKIP
>>> project.statuses(as_of=datetime.date(2022, 6, 30))["2.2.3"]  # doctest: +SKIP

Everything here raises :class:`avp.base.problems.AvpError` (or a subclass) for what a
person can fix: a file that is missing or invalid, a measure that does not exist. The
message says what is wrong and what to do; ``problems`` holds located problems.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from avp.base.problems import UsageError
from avp.programme.discovery import (
    CHOICES,
    ENV_VAR,
    ProgrammeSource,
    find_programme,
    is_installed_data,
)
from avp.programme.load import load_programme, log_outside, outside_reason
from avp.programme.query import ProgrammeIndex
from avp.programme.status import Status
from avp.progress.read import load_log, log_path_for
from avp.progress.state import ProgressState, default_stale_days, progress_state
from avp.storage import ahead
from avp.storage.files import display_path
from avp.storage.lock import LOCK_TIMEOUT
from avp.storage.snapshot import Twin

if TYPE_CHECKING:
    from avp.programme.models import Programme
    from avp.progress.models import Entry, ProgressLog
    from avp.progress.renumber import Renumbered
    from avp.targets.evaluate import TargetStatus
    from avp.targets.models import TargetModel


class Project:
    """A programme and its progress log: open once, ask many questions."""

    def __init__(
        self,
        source: ProgrammeSource,
        programme: Programme,
        log: Path | None = None,
        *,
        twins: bool = False,
    ) -> None:
        self.source = source
        self.programme = programme
        self._log = log
        self._twins = twins
        self._states: dict[dt.date | None, ProgressState] = {}
        #: A command that reads skips an invalid entry of the log (said on stderr, exit 1);
        #: False: the log is refused whole (avp export: a data set others build on).
        self.skip_invalid = True

    @classmethod
    def open(
        cls,
        file: Path | str | None = None,
        *,
        cwd: Path | None = None,
        environ: Mapping[str, str] | None = None,
        log: Path | str | None = None,
        twins: bool = False,
    ) -> Project:
        """The programme ``file``, else the one ``avp`` would find (``AVP_FILE``,
        ``avp.toml``, the bundled one, which :meth:`add` refuses), read and validated.

        ``log``: the progress log to use instead of the one the programme names (``--log``);
        the only way to use a log outside the programme's folder.

        ``twins``: the programme and its log may come from their snapshots without their
        models (:mod:`avp.storage.snapshot`): for a command that only reads them (``avp
        list``), or that checks an entry against the programme and appends it (``avp
        progress add``: the entry itself is a model); never one that changes the
        programme or needs the models' methods.

        :class:`avp.programme.discovery.ConfigError` (a UsageError) for an avp.toml that
        cannot be used: it is never passed over."""
        explicit = Path(file) if file is not None else None
        source = find_programme(explicit, cwd=cwd, environ=environ)
        # With --log, the log the programme names is not the one read: not read ahead.
        with ahead.off() if log is not None else contextlib.nullcontext():
            programme = load_programme(source.path, twins=twins)
        return cls(source, programme, Path(log) if log is not None else None, twins=twins)

    @property
    def path(self) -> Path:
        """The programme file."""
        return self.source.path

    @property
    def log_path(self) -> Path | None:
        """The progress log: the one given to :meth:`open` (``--log``), else the one the
        programme names, or None. UsageError when the programme names a log outside its
        folder (after following links and ``..``): a programme from elsewhere must not make
        avp read or create files outside it."""
        if self._log is not None:
            return self._log
        path = log_path_for(self.source.path, self.programme)
        if path is not None and log_outside(self.source.path, path):
            name = self.programme.programme.progress_log or ""
            raise UsageError(
                f"{display_path(self.source.path)}: {outside_reason(self.source.path, name)}; "
                "nothing was read or written"
            )
        return path

    @cached_property
    def log(self) -> ProgressLog:
        """The progress log, validated; empty when the programme names none or it is missing."""
        path = self.log_path
        if path is None:
            from avp.progress.models import ProgressLog  # lazy

            return ProgressLog(entries=[])
        # A twin programme gives the log's key; its entries are checked against the models.
        models = (lambda: load_programme(self.path)) if isinstance(self.programme, Twin) else None
        # One invalid entry does not stop a command that reads: it is skipped and said on
        # stderr (avp validate and every write still refuse the log).
        return load_log(
            path,
            self.programme,
            twins=self._twins,
            checked_by=models,
            skip_invalid=self.skip_invalid,
        )

    @cached_property
    def index(self) -> ProgrammeIndex:
        """Lookups of fields, themes, partners and measures by id or name."""
        return ProgrammeIndex(self.programme)

    def state(self, as_of: dt.date | None = None) -> ProgressState:
        """Every measure's history and status on ``as_of`` (default: all entries).

        Built once per day asked for: statuses, staleness and targets share it.
        """
        if as_of not in self._states:
            self._states[as_of] = progress_state(self.log, as_of=as_of, programme=self.programme)
        return self._states[as_of]

    def statuses(self, as_of: dt.date | None = None) -> dict[str, Status]:
        """Measure id -> current status on ``as_of``, for every measure of the programme."""
        return self.state(as_of).statuses

    def stale(self, as_of: dt.date, days: int | None = None) -> set[str]:
        """The ids of the unfinished measures without an entry for more than ``days`` days.

        ``days`` defaults to :meth:`stale_days`: half a year, less for a short programme.
        """
        state = self.state(as_of)
        period = self.programme.programme.period
        days = self.stale_days() if days is None else days
        return {m.id for _, _, m in self.programme.measures() if state.stale(m.id, period, days)}

    def stale_days(self) -> int:
        """The default of :meth:`stale` (and of ``--stale-days``) for this programme: 180
        days, or a quarter of its period when that is shorter."""
        return default_stale_days(self.programme.programme.period)

    def targets(
        self, as_of: dt.date, owners: Iterable[str] | None = None, *, year: int | None = None
    ) -> list[TargetStatus]:
        """Every target judged on ``as_of``, in programme order: a field's, then each of
        its themes' followed by their measures'. ``owners``: only the targets of these
        field, theme or measure ids (default: all). ``year``: each as it stood at the end
        of that year's periods, from the entries recorded by ``as_of``
        (:func:`avp.targets.evaluate.target_status`)."""
        from avp.targets.evaluate import measure_target_statuses  # lazy

        wanted = None if owners is None else {self.index.owner(o)[1].id for o in owners}
        state = self.state(as_of)
        period = self.programme.programme.period
        judged: list[TargetStatus] = []
        for owner_id, (level, item) in self.programme.owners.items():
            if item.targets and (wanted is None or owner_id in wanted):
                history = state.history(owner_id)
                judged += measure_target_statuses(
                    owner_id, item.targets, history, period, as_of, level=level, year=year
                )
        return judged

    def writable_programme(self) -> Path:
        """The programme file, when avp may write it: one that was chosen, not installed."""
        if self.source.bundled:
            raise UsageError(
                "no programme was chosen, and avp writes only to a programme you chose, never "
                f"to the one bundled with it ({self.path}); nothing was written. Choose "
                f"yours with {CHOICES}"
            )
        if is_installed_data(self.path):
            raise UsageError(
                f"{self.path} is installed with avp and read-only; nothing was written. Copy "
                f"it and point --file, {ENV_VAR} or an avp.toml at the copy"
            )
        return self.path

    def add_targets(self, additions: Mapping[str, Sequence[TargetModel]]) -> None:
        """Add targets to measures of the programme file, by measure id (``avp targets
        suggest --write``): locked, checked, atomic; every other byte of the file stays."""
        from avp.progress.suggested import add_targets  # lazy

        self.programme = add_targets(self.writable_programme(), dict(additions))
        self.__dict__.pop("index", None)

    def accept_targets(self, measure: str, target: str | None = None) -> list[str]:
        """Remove ``suggested`` from the measure's suggested targets (or ``target``); the
        ids accepted (``avp targets accept``)."""
        from avp.progress.suggested import accept_targets  # lazy

        self.programme, ids = accept_targets(self.writable_programme(), measure, target)
        self.__dict__.pop("index", None)
        return ids

    def writable_log(self) -> Path:
        """The log that :meth:`add` writes; UsageError when there is none to write.

        Only a programme that was chosen (``file``, ``AVP_FILE``, an avp.toml) is written
        to: never the bundled one that :meth:`open` falls back on, in a clone of avp's
        repository too, and never the files installed with avp.
        """
        self.writable_programme()  # the same rule: a programme you chose, not installed
        path = self.log_path
        if path is None:
            raise UsageError(
                f"the programme {self.path} names no progress log; add a line "
                "'progress_log: voortgang.yaml' under 'programme:' in it"
            )
        return path

    def add(
        self, entry: Entry, *, today: dt.date | None = None, timeout: float = LOCK_TIMEOUT
    ) -> Entry:
        """Append ``entry`` to the log (locked, checked, atomic); the entry as read back.
        ``timeout``: seconds to wait for another writer of the log.

        An entry without an id gets one, so that a union merge of two branches keeps both
        branches' adds (README, Git); ``avp progress add`` relies on it."""
        if entry.id is None:
            from avp.progress.models import new_entry_id  # lazy

            entry = entry.model_copy(update={"id": new_entry_id()})
        from avp.progress.append import append_entry  # lazy

        written = append_entry(
            self.writable_log(),
            entry,
            self.programme,
            today=today,
            programme_path=self.path,
            timeout=timeout,
        )
        if written.measure != entry.measure:  # renumbered meanwhile: the programme changed
            self.programme = load_programme(self.path, twins=self._twins)
            self.__dict__.pop("index", None)
        self.__dict__.pop("log", None)  # read again when asked
        self._states.clear()
        return written

    def renumber(
        self,
        old: str,
        new: str,
        *,
        date: dt.date | None = None,
        decision: str | None = None,
        today: dt.date | None = None,
    ) -> Renumbered:
        """Change the id ``old`` of a field, theme or measure to ``new`` in the programme
        and in every entry of the log, and record it as an amendment of ``date`` (default
        today) by ``decision``: locked, checked, both files or neither
        (:mod:`avp.progress.renumber`). Written only where :meth:`add` may write."""
        from avp.progress.renumber import renumber  # lazy

        done = renumber(
            self.path,
            self.writable_log(),
            old,
            new,
            date=date or dt.date.today(),
            decision=decision,
            today=today,
        )
        self.programme = done.programme
        for name in ("log", "index"):
            self.__dict__.pop(name, None)  # read again when asked
        self._states.clear()
        return done
