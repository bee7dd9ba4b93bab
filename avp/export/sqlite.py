"""``avp export sqlite``: programmes, their logs, statuses and verdicts as one SQLite file.

>>> from avp.export.sqlite import export_sqlite
>>> summary = export_sqlite([project], Path("avp.db"), as_of=dt.date(2022, 6, 30))  # doctest: +SKIP
>>> summary.counts["measures"]  # doctest: +SKIP

The database is built in memory (one transaction, rows by ``executemany``, indexes after
the rows, no journal) and then written with :func:`avp.storage.atomic.write_atomic`: to a
temporary file in the output's folder, synced to disk, swapped in with ``os.replace``,
under a lock on the real output file (:mod:`avp.storage.lock`), so that two exports at once
do not collide. A reader that has the old file open (Datasette, a BI tool) keeps reading
the old file, whole; a new connection sees the new one. Building in memory rather than in
the temporary file means SQLite itself never opens a file in a shared folder (its locking
on network drives is unreliable) and the temporary file is written in one go.

Data goes into the file only as query parameters, never as SQL text.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from avp.base.problems import AvpError, UsageError
from avp.export.rows import Rows, add_project
from avp.export.schema import INDEXES, SCHEMA_VERSION, TABLE_NAMES, TABLES, VIEWS
from avp.programme.names import display_names
from avp.storage.atomic import WriteError, check_replaceable, explain_os_error, write_atomic
from avp.storage.files import display_path, exists, is_dir, refuse_output
from avp.storage.lock import LOCK_TIMEOUT, StaleLockError, file_lock, lock_path_for, real_path

if TYPE_CHECKING:
    from avp.project import Project

#: The option or argument an error about the output names.
OUTPUT = "output"


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`export_sqlite` wrote: the file, the day, the rows of every table."""

    path: Path
    as_of: dt.date
    counts: Mapping[str, int]
    size: int

    @property
    def programmes(self) -> int:
        return self.counts["programmes"]


def programme_names(projects: Sequence[Project], names: Sequence[str] | None = None) -> list[str]:
    """The name of each programme in the file: ``names``, else its municipality.

    Given names must be unique and not empty (UsageError). Otherwise the names a workspace
    gives them (:func:`avp.programme.names.display_names`): two programmes of one
    municipality get their period added, ``Westvoorne 2021-2022``, then their file's path.
    """
    if names is not None:
        if len(names) != len(projects):
            raise UsageError(
                f"{len(names)} names for {len(projects)} programmes; give one name per programme"
            )
        chosen = [n.strip() for n in names]
        if any(not n for n in chosen):
            raise UsageError("a programme's name is empty; give every programme a name")
        seen: dict[str, str] = {}
        for n in chosen:
            if n.casefold() in seen:
                same = repr(n) if seen[n.casefold()] == n else f"{seen[n.casefold()]!r} and {n!r}"
                raise UsageError(
                    f"two programmes are named {same} (case does not count); give each a name "
                    "of its own"
                )
            seen[n.casefold()] = n
        return chosen
    return display_names([(p.programme, p.path) for p in projects])


def _check_output(out: Path, projects: Sequence[Project]) -> None:
    """Refuse an output that cannot or must not be written, before anything is done."""
    inputs: list[Path | None] = []
    for project in projects:
        inputs += [project.path, project.log_path, project.source.config]
    refuse_output(out, OUTPUT, inputs)
    shown = display_path(out)
    target = real_path(out)
    if is_dir(target):
        raise WriteError(
            f"cannot write {shown}: it is a folder; give the path of a file, e.g. "
            f"{display_path(out / 'avp.db')} (nothing was written)"
        )
    folder = target.parent
    if not is_dir(folder):
        what = "is not a folder" if exists(folder) else "does not exist"
        raise WriteError(
            f"cannot write {shown}: {display_path(folder)} {what}; create the folder or "
            "choose another path (nothing was written)"
        )
    # On Windows os.access reads a folder's read-only attribute, which Windows itself
    # ignores for folders: there the attempt to write is the test.
    if os.name != "nt" and not os.access(folder, os.W_OK):
        raise WriteError(
            f"cannot write {shown}: you may not write to the folder {display_path(folder)}; "
            "choose another folder (nothing was written)"
        )
    check_replaceable(out, target)
    if _not_sqlite(target):
        raise UsageError(
            f"{shown} exists and is not an SQLite file; avp export replaces only an SQLite "
            "file (an earlier export), never another file: choose another name, or move "
            f"{shown} aside (nothing was written)"
        )


#: The first bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"


def _not_sqlite(path: Path) -> bool:
    """Whether ``path`` is a file with content that is not an SQLite database (a typo such
    as ``avp export sqlite rapport.html`` must not destroy the report)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False  # missing, or no file: the other checks say why (never opened)
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False  # unreadable: the write says why
    return head != b"" and head != SQLITE_HEADER


def build_rows(
    projects: Sequence[Project], names: Sequence[str], as_of: dt.date, lang: str | None = None
) -> Rows:
    """The rows of every table for ``projects`` on ``as_of``."""
    rows = Rows()
    for project, name in zip(projects, names, strict=True):
        add_project(rows, project, name, as_of, lang)
    return rows


def _fill(connection: sqlite3.Connection, rows: Rows) -> None:
    connection.execute("PRAGMA foreign_keys = OFF")  # checked once, at the end
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.executescript(TABLES)
    with connection:  # one transaction
        for table in TABLE_NAMES:
            found = rows.tables[table]
            if found:
                marks = ", ".join("?" * len(found[0]))
                connection.executemany(f"INSERT INTO {table} VALUES ({marks})", found)
    connection.executescript(INDEXES + VIEWS)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
    broken = connection.execute("PRAGMA foreign_key_check").fetchmany(3)
    if broken:  # pragma: no cover - a bug in the rows, never the user's data
        raise AvpError(f"avp built a database with broken links {broken}; this is a bug in avp")


def database_bytes(rows: Rows) -> bytes:
    """The SQLite file holding ``rows``, as bytes."""
    connection = sqlite3.connect(":memory:")
    try:
        _fill(connection, rows)
        if hasattr(connection, "serialize"):
            return connection.serialize()
    finally:
        connection.close()
    return _database_bytes_through_a_file(rows)  # pragma: no cover - SQLite without serialize


def _database_bytes_through_a_file(rows: Rows) -> bytes:  # pragma: no cover
    """For an SQLite built without ``sqlite3_serialize``: the file built in a private
    temporary folder and read back."""
    import tempfile  # lazy

    with tempfile.TemporaryDirectory(prefix="avp-export-") as folder:
        path = Path(folder) / "export.db"
        connection = sqlite3.connect(path)
        try:
            _fill(connection, rows)
        finally:
            connection.close()
        return path.read_bytes()


def _replace_error(exc: WriteError, out: Path) -> WriteError:
    """The error of a replace that failed, with what to do when another program has the
    file open (Windows refuses to replace an open file)."""
    if isinstance(exc.__cause__, PermissionError) and out.exists():
        return WriteError(
            f"cannot replace {display_path(out)}: another program has it open (Datasette, "
            "a BI tool, a database browser; Windows does not let a file in use be replaced) "
            "or you may not write it; close that program, or export to another file, and "
            "run the command again (the old file was not changed)"
        )
    return exc


def export_sqlite(
    projects: Sequence[Project],
    out: Path,
    *,
    as_of: dt.date,
    names: Sequence[str] | None = None,
    lang: str | None = None,
    timeout: float = LOCK_TIMEOUT,
) -> ExportSummary:
    """Write ``projects`` (their programmes and logs, statuses and verdicts on ``as_of``)
    to the SQLite file ``out``, replacing it atomically.

    ``names``: the programmes' names in the file (default: each one's municipality, see
    :func:`programme_names`). ``lang``: the language of labels and forecasts (default:
    each programme's own). ``timeout``: seconds to wait for another export of ``out``.

    UsageError for an output that is a programme, a log or an avp.toml, or for names that
    are not unique; WriteError (nothing written, the old file unchanged) when ``out``
    cannot be written; the errors of :class:`avp.project.Project` for a programme or log
    that cannot be read.
    """
    out = Path(out)
    if not projects:
        raise UsageError("no programme to export")
    chosen = programme_names(projects, names)
    _check_output(out, projects)
    rows = build_rows(projects, chosen, as_of, lang)
    data = database_bytes(rows)
    lock = lock_path_for(out)
    busy = (
        f"{display_path(out)} is being written by another avp export ({display_path(lock)}); "
        "try again in a moment"
    )
    with ExitStack() as held:
        try:
            held.enter_context(file_lock(lock, timeout=timeout, busy_message=busy))
        except StaleLockError:
            raise  # it says whose lock file it is and what to do
        except WriteError as exc:  # no file can be made there: say so about the output
            if not isinstance(exc.__cause__, OSError):
                raise
            raise WriteError(explain_os_error(exc.__cause__, out)) from exc.__cause__
        try:
            write_atomic(out, data)
        except WriteError as exc:
            raise _replace_error(exc, out) from exc.__cause__
    return ExportSummary(out, as_of, rows.counts(), len(data))
