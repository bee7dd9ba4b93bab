"""avp.export.sqlite: the file agrees with avp on every measure, target and row."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from avp.base.problems import AvpError, UsageError
from avp.export.schema import SCHEMA_VERSION, TABLE_NAMES, VIEW_NAMES
from avp.export.sqlite import export_sqlite, programme_names
from avp.programme.status import Status
from avp.progress.models import Entry
from avp.project import Project
from avp.storage.atomic import WriteError
from avp.storage.files import display_path
from avp.storage.lock import LockTimeoutError, file_lock, lock_path_for
from tests.conftest import BUNDLED, FIXTURES, ROOT
from tests.export.generated import TRICKY_NOTES, programme_with_log

AS_OF = dt.date(2022, 6, 30)


@pytest.fixture(scope="module")
def bundled_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled programme (its first measure dropped) with a generated log."""
    return programme_with_log(BUNDLED, tmp_path_factory.mktemp("bundled"))


@pytest.fixture
def bundled(bundled_dir: Path) -> Project:
    return Project.open(bundled_dir)


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three programmes of three municipalities, each with a generated log."""
    base = tmp_path_factory.mktemp("three")
    return [
        programme_with_log(BUNDLED, base / "westvoorne"),
        programme_with_log(FIXTURES / "generic" / "programma.yaml", base / "generic", drop=False),
        programme_with_log(FIXTURES / "targets" / "programma.yaml", base / "targets"),
    ]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "out" / "avp.db"


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    return connection


def current(path: Path) -> dict[tuple[str, str], sqlite3.Row]:
    with closing(connect(path)) as c:
        rows = c.execute("SELECT * FROM current_status").fetchall()
    return {(r["programme"], r["measure_id"]): r for r in rows}


def test_current_status_of_every_measure_is_avps(bundled: Project, db: Path) -> None:
    db.parent.mkdir()
    summary = export_sqlite([bundled], db, as_of=AS_OF)
    assert summary.path == db and summary.size == db.stat().st_size
    rows = current(db)
    statuses = bundled.statuses(AS_OF)
    state = bundled.state(AS_OF)
    stale = bundled.stale(AS_OF)
    measures = [m for _, _, m in bundled.programme.measures()]
    assert len(rows) == len(measures) == 104
    assert set(statuses.values()) >= {Status.dropped, Status.on_track, Status.done}
    for measure in measures:
        row = rows[("Westvoorne", measure.id)]
        status = statuses[measure.id]
        assert (row["status"], row["status_label"]) == (status.value, status.label("nl"))
        assert row["text"] == measure.text
        assert row["partners"] == ", ".join(measure.partners)
        assert row["stale"] == (measure.id in stale)
        latest, with_status = state.latest(measure.id), state.latest_status(measure.id)
        assert row["last_entry_date"] == (latest.date.isoformat() if latest else None)
        assert row["last_note"] == (latest.note if latest else None)
        assert row["correction"] == (with_status.correction if with_status else None)
        assert row["entry_count"] == len(state.history(measure.id))
    first = measures[0]
    assert first.dropped is not None
    dropped = rows[("Westvoorne", first.id)]
    assert dropped["status"] == "dropped" and dropped["status_label"] == "vervallen"
    assert dropped["dropped_date"] == "2021-09-01"
    assert dropped["dropped_decision"] == "collegebesluit 31 augustus 2021"


def test_row_counts_are_the_models(bundled: Project, db: Path) -> None:
    db.parent.mkdir()
    summary = export_sqlite([bundled], db, as_of=AS_OF)
    programme = bundled.programme
    measures = [m for _, _, m in programme.measures()]
    expected = {
        "programmes": 1,
        "fields": len(programme.fields),
        "themes": sum(len(f.themes) for f in programme.fields),
        "measures": len(measures),
        "partners": len(programme.partners),
        "partner_units": sum(len(bundled.index.with_subunits(p.id)) for p in programme.partners),
        "measure_partners": sum(len(m.partners) for m in measures),
        "entries": sum(e.date <= AS_OF for e in bundled.log.entries),
        "targets": len(bundled.targets(AS_OF)),
        "verdicts": len(bundled.targets(AS_OF)),
    }
    assert 0 < expected["entries"] < len(bundled.log.entries)  # later entries are left out
    with closing(connect(db)) as c:
        found = {t: c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLE_NAMES}
        programme_row = c.execute("SELECT * FROM programmes").fetchone()
    assert found == expected == dict(summary.counts)
    assert programme_row["measure_count"] == len(measures)
    assert programme_row["entry_count"] == expected["entries"]
    assert programme_row["as_of"] == "2022-06-30" and programme_row["language"] == "nl"


def test_foreign_keys_hold_and_indexes_and_views_exist(bundled: Project, db: Path) -> None:
    db.parent.mkdir()
    export_sqlite([bundled], db, as_of=AS_OF)
    with closing(connect(db)) as c:
        c.execute("PRAGMA foreign_keys = ON")
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        links = {
            (table, row["from"], row["table"])
            for table in TABLE_NAMES
            for row in c.execute(f"PRAGMA foreign_key_list({table})")
        }
        indexes = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        views = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
        for view in VIEW_NAMES:
            assert c.execute(f"SELECT COUNT(*) FROM {view}").fetchone()[0] > 0
        plan = " ".join(
            str(r[3])
            for r in c.execute(
                "EXPLAIN QUERY PLAN SELECT * FROM entries WHERE measure_key = 5 ORDER BY date"
            )
        )
    assert {
        ("measures", "theme_key", "themes"),
        ("measures", "programme_id", "programmes"),
        ("measure_partners", "partner_key", "partners"),
        ("measure_partners", "measure_key", "measures"),
        ("entries", "measure_key", "measures"),
        ("measures", "last_entry_key", "entries"),
        ("verdicts", "target_key", "targets"),
        ("partners", "parent_key", "partners"),
    } <= links
    every = {t for t, _, _ in links}
    assert every == set(TABLE_NAMES) - {"programmes"}  # every other table links up
    assert {"entries_measure", "measure_partners_partner", "measures_status"} <= indexes
    assert set(VIEW_NAMES) <= views
    assert "entries_measure" in plan


@pytest.mark.parametrize("partner", ["gemeente", "boa", "politie", "vrr"])
def test_partner_measures_are_avp_list_partner(bundled: Project, db: Path, partner: str) -> None:
    """A partner's measures include its sub-units' (the BOA's belong to the gemeente)."""
    from avp.programme.query import Filters, select

    db.parent.mkdir()
    export_sqlite([bundled], db, as_of=AS_OF)
    with closing(connect(db)) as c:
        found = c.execute(
            "SELECT measure_id, status FROM partner_measures WHERE partner_id = ?", (partner,)
        ).fetchall()
    statuses = bundled.statuses(AS_OF)
    expected = [
        (row.measure.id, statuses[row.measure.id].value)
        for row in select(bundled.index, Filters(partners=[partner]), statuses)
    ]
    assert [tuple(r) for r in found] == expected
    assert expected


def test_every_table_has_programme_id(bundled: Project, db: Path) -> None:
    db.parent.mkdir()
    export_sqlite([bundled], db, as_of=AS_OF)
    with closing(connect(db)) as c:
        for table in TABLE_NAMES:
            columns = [r["name"] for r in c.execute(f"PRAGMA table_info({table})")]
            assert "programme_id" in columns, table


def test_verdicts_are_avps(bundled: Project, db: Path) -> None:
    db.parent.mkdir()
    export_sqlite([bundled], db, as_of=AS_OF)
    with closing(connect(db)) as c:
        rows = c.execute("SELECT * FROM target_verdicts").fetchall()
    judged = bundled.targets(AS_OF)
    assert len(rows) == len(judged) > 40
    statuses = bundled.statuses(AS_OF)
    for row, target in zip(rows, judged, strict=True):
        assert (row["owner_id"], row["target_id"]) == (target.owner, target.target.id)
        assert row["verdict"] == target.verdict.value
        assert row["verdict_label"] == target.verdict.label("nl")
        assert row["forecast"] == target.text("nl")
        assert row["measure_status"] == statuses[target.owner].value
    assert {r["verdict"] for r in rows} >= {"met", "no_data"}
    assert any(r["achieved"] is not None for r in rows)


def test_text_stays_verbatim_and_numbers_are_numbers(bundled: Project, db: Path) -> None:
    db.parent.mkdir()
    export_sqlite([bundled], db, as_of=dt.date(2022, 12, 31))
    with closing(connect(db)) as c:
        notes = {r[0] for r in c.execute("SELECT note FROM entries")}
        types = set(
            c.execute(
                "SELECT typeof(count), typeof(value), typeof(date), typeof(position) "
                "FROM entries WHERE count IS NOT NULL AND value IS NOT NULL"
            ).fetchall()
        )
        dates = [r[0] for r in c.execute("SELECT date FROM entries")]
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(TRICKY_NOTES) <= notes
    assert set(TABLE_NAMES) <= tables  # no note dropped a table
    assert [tuple(t) for t in types] == [("integer", "real", "text", "integer")]
    assert all(dt.date.fromisoformat(d).isoformat() == d for d in dates)


def test_as_of_changes_the_statuses(bundled: Project, tmp_path: Path) -> None:
    early, late = dt.date(2021, 6, 30), dt.date(2022, 12, 31)
    for day in (early, late):
        export_sqlite([bundled], tmp_path / f"{day}.db", as_of=day)
    before, after = current(tmp_path / f"{early}.db"), current(tmp_path / f"{late}.db")
    for day, rows in ((early, before), (late, after)):
        assert {m: r["status"] for (_, m), r in rows.items()} == {
            m: s.value for m, s in bundled.statuses(day).items()
        }
    changed = [key for key in before if before[key]["status"] != after[key]["status"]]
    assert len(changed) > 10


def test_a_new_export_replaces_the_file_and_old_readers_keep_the_old_one(
    bundled: Project, db: Path
) -> None:
    db.parent.mkdir()
    export_sqlite([bundled], db, as_of=dt.date(2021, 1, 1))
    with closing(connect(db)) as reader:
        query = "SELECT COUNT(*) FROM measures WHERE status = 'not_started'"
        assert reader.execute(query).fetchone()[0] == 104
        if os.name == "nt":  # Windows refuses to replace a file in use, and avp says so
            with pytest.raises(WriteError, match="another program has it open"):
                export_sqlite([bundled], db, as_of=AS_OF)
        else:  # POSIX: the reader holds the old file, which stays whole
            export_sqlite([bundled], db, as_of=AS_OF)
            assert reader.execute(query).fetchone()[0] == 104
            assert reader.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    if os.name == "nt":
        export_sqlite([bundled], db, as_of=AS_OF)
    fresh = current(db)
    assert {r["status"] for r in fresh.values()} != {"not_started"}
    assert sorted(p.name for p in db.parent.iterdir()) == ["avp.db", "avp.db.lock"]


def test_several_programmes_in_one_file(three: list[Path], db: Path) -> None:
    db.parent.mkdir()
    projects = [Project.open(path) for path in three]
    summary = export_sqlite(projects, db, as_of=AS_OF)
    names = ["Westvoorne", "Voorbeeldrijk", "Voorbeeld"]
    with closing(connect(db)) as c:
        c.execute("PRAGMA foreign_keys = ON")
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        programmes = c.execute("SELECT programme_id, name FROM programmes ORDER BY 1").fetchall()
        per_programme = dict(
            c.execute("SELECT programme_id, COUNT(*) FROM measures GROUP BY programme_id")
        )
        police = c.execute(
            "SELECT DISTINCT programme FROM partner_measures WHERE partner_id = 'politie'"
        ).fetchall()
    assert [tuple(r) for r in programmes] == [(1, names[0]), (2, names[1]), (3, names[2])]
    assert summary.programmes == 3
    rows = current(db)
    for number, (name, project) in enumerate(zip(names, projects, strict=True), 1):
        statuses = project.statuses(AS_OF)
        assert per_programme[number] == len(statuses)
        assert {m: rows[(name, m)]["status"] for m in statuses} == {
            m: s.value for m, s in statuses.items()
        }
    assert len(police) >= 2  # one partner id across municipalities


def test_names_default_to_the_municipality_and_must_differ(three: list[Path]) -> None:
    westvoorne, _, voorbeeld = (Project.open(p) for p in three)
    progress = Project.open(FIXTURES / "progress" / "programma.yaml")  # Voorbeeld too
    # the names a workspace gives them: the period, then the file's path, added
    assert programme_names([westvoorne, voorbeeld, progress]) == [
        "Westvoorne",
        f"Voorbeeld 2021-2022 ({display_path(voorbeeld.path)})",
        f"Voorbeeld 2021-2022 ({display_path(progress.path)})",
    ]
    assert programme_names([westvoorne], ["Politie Zuid"]) == ["Politie Zuid"]
    with pytest.raises(UsageError, match="two programmes are named 'A' and 'a' \\(case"):
        programme_names([westvoorne, voorbeeld], ["A", "a"])
    with pytest.raises(UsageError, match="1 names for 2 programmes"):
        programme_names([westvoorne, voorbeeld], ["A"])


def test_language_of_the_labels(bundled: Project, db: Path) -> None:
    db.parent.mkdir()
    export_sqlite([bundled], db, as_of=AS_OF, lang="en")
    rows = current(db)
    assert rows[("Westvoorne", "1.1.1")]["status_label"] == "dropped"
    with closing(connect(db)) as c:
        labels = {r[0] for r in c.execute("SELECT verdict_label FROM verdicts")}
    assert "no data" in labels


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("which", ["programme", "log", "config"])
def test_the_programme_its_log_and_avp_toml_are_never_replaced(
    bundled_dir: Path, tmp_path: Path, which: str
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    for name in ("programma-2021-2022.yaml", "voortgang-2021-2022.yaml"):
        (folder / name).write_bytes((bundled_dir.parent / name).read_bytes())
    (folder / "avp.toml").write_text('programme = "programma-2021-2022.yaml"\n', encoding="utf-8")
    project = Project.open(cwd=folder, environ={})
    assert project.source.config is not None
    out = {
        "programme": project.path,
        "log": folder / "voortgang-2021-2022.yaml",
        "config": folder / "avp.toml",
    }[which]
    before = {name: (folder / name).read_bytes() for name in _listing(folder)}
    with pytest.raises(UsageError, match=r"write to another file \(nothing was written\)"):
        export_sqlite([project], out, as_of=AS_OF)
    assert {name: (folder / name).read_bytes() for name in _listing(folder)} == before


def test_bad_outputs_say_why_and_leave_nothing(bundled: Project, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    cases = {
        tmp_path: "it is a folder; give the path of a file",
        tmp_path / "missing" / "avp.db": "missing does not exist; create the folder",
        tmp_path / "a-file" / "avp.db": "a-file is not a folder",
    }
    for out, message in cases.items():
        with pytest.raises(WriteError, match=message) as caught:
            export_sqlite([bundled], out, as_of=AS_OF)
        assert "nothing was written" in caught.value.message
        assert caught.value.exit_code == 2
    assert _listing(tmp_path) == ["a-file"]


@pytest.mark.skipif(
    os.name == "nt" or os.geteuid() == 0, reason="a folder root or Windows may write to"
)
def test_an_unwritable_folder_says_so(bundled: Project, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="you may not write to the folder"):
            export_sqlite([bundled], folder / "avp.db", as_of=AS_OF)
        assert _listing(folder) == []
    finally:
        folder.chmod(0o755)


def test_a_file_open_elsewhere_on_windows_is_explained(
    bundled: Project, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file another program has open (PermissionError)."""
    db.parent.mkdir()
    export_sqlite([bundled], db, as_of=dt.date(2021, 1, 1))
    before = db.read_bytes()

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Access is denied", str(target))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError, match="another program has it open") as caught:
        export_sqlite([bundled], db, as_of=AS_OF)
    assert "close that program, or export to another file" in caught.value.message
    assert "the old file was not changed" in caught.value.message
    assert db.read_bytes() == before
    assert _listing(db.parent) == ["avp.db", "avp.db.lock"]


def test_two_exports_at_once_take_turns(bundled: Project, db: Path) -> None:
    db.parent.mkdir()
    with file_lock(lock_path_for(db)):
        with pytest.raises(LockTimeoutError, match="being written by another avp export"):
            export_sqlite([bundled], db, as_of=AS_OF, timeout=0.2)
        assert not db.exists()
    errors: list[BaseException] = []

    def run(day: dt.date) -> None:
        try:
            export_sqlite([bundled], db, as_of=day)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(d,)) for d in (AS_OF, dt.date(2021, 1, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with closing(connect(db)) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _listing(db.parent) == ["avp.db", "avp.db.lock"]


def test_entries_added_through_the_library_are_exported(bundled_dir: Path, tmp_path: Path) -> None:
    folder = programme_with_log(BUNDLED, tmp_path / "p", per_measure=1)
    project = Project.open(folder)
    entry = Entry(
        measure="2.1.1",
        date=AS_OF,  # the same day as a generated entry, if any: the later one counts
        status=Status.at_risk,
        note="Vertraging door personeelstekort.",
        author="A. Jansen",
        correction="Inhuur per september.",
    )
    written = project.add(entry, today=dt.date(2023, 1, 15))
    out = tmp_path / "avp.db"
    export_sqlite([project], out, as_of=AS_OF)
    row = current(out)[("Westvoorne", "2.1.1")]
    assert (row["status"], row["status_label"]) == ("at_risk", Status.at_risk.label("nl"))
    assert (row["last_entry_date"], row["correction"]) == ("2022-06-30", entry.correction)
    with closing(connect(out)) as c:
        found = c.execute(
            "SELECT note, correction FROM entries WHERE entry_id = ?", (written.id,)
        ).fetchone()
    assert tuple(found) == (entry.note, entry.correction)


def test_no_programme_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AvpError, match="no programme to export"):
        export_sqlite([], tmp_path / "avp.db", as_of=AS_OF)


def test_the_readme_queries_run(three: list[Path], db: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Export to SQLite", 1)[1].split("\n### ", 1)[0]
    sql = section.split("```sql\n", 1)[1].split("```", 1)[0]
    statements = [s for s in sql.split(";") if s.strip()]
    assert len(statements) == 2
    db.parent.mkdir()
    projects = [Project.open(p) for p in three]
    export_sqlite(projects, db, as_of=AS_OF)
    with closing(connect(db)) as c:
        police, shares = (c.execute(s).fetchall() for s in statements)
    expected = [
        (project.programme.programme.municipality, m.id)
        for project in projects
        for _, _, m in project.programme.measures()
        if "politie" in m.partners
        and project.statuses(AS_OF)[m.id] not in (Status.done, Status.dropped)
    ]
    assert [(r["programme"], r["measure_id"]) for r in police] == expected
    assert [r["programme"] for r in shares] == ["Westvoorne", "Voorbeeldrijk", "Voorbeeld"]


def test_a_read_only_export_is_not_replaced(bundled: Project, db: Path) -> None:
    db.parent.mkdir()
    export_sqlite([bundled], db, as_of=dt.date(2021, 1, 1))
    before = db.read_bytes()
    db.chmod(0o444)
    try:
        with pytest.raises(WriteError, match="the file is read-only for you; nothing was written"):
            export_sqlite([bundled], db, as_of=AS_OF)
        assert db.read_bytes() == before
    finally:
        db.chmod(0o644)
