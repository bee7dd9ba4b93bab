"""The library façade: avp.project.Project, and the README's example of it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from avp.base.problems import DataError, NotFoundError, UsageError
from avp.programme.status import Status
from avp.progress.models import Entry
from avp.project import Project
from tests.conftest import BUNDLED, FIXTURES, ROOT

PROGRESS = FIXTURES / "progress"


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    shutil.copy(PROGRESS / "programma.yaml", tmp_path / "programma.yaml")
    shutil.copy(PROGRESS / "golden.yaml", tmp_path / "voortgang.yaml")
    return tmp_path


def test_open_finds_the_programme_as_the_commands_do(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AVP_FILE", raising=False)
    (project_dir / "avp.toml").write_text('programme = "programma.yaml"\n', encoding="utf-8")
    found = Project.open(cwd=project_dir / ".")
    assert found.path == project_dir / "programma.yaml"
    assert found.source.how.endswith("avp.toml")
    assert found.log_path == project_dir / "voortgang.yaml"
    explicit = Project.open(BUNDLED)
    assert explicit.source.how == "--file"
    from_env = Project.open(environ={"AVP_FILE": str(BUNDLED)}, cwd=project_dir)
    assert from_env.source.how == "AVP_FILE" and from_env.path == BUNDLED


def test_statuses_state_and_stale_on_a_day(project_dir: Path) -> None:
    project = Project.open(project_dir / "programma.yaml")
    assert len(project.log.entries) == 3
    before = project.statuses(as_of=dt.date(2021, 3, 30))
    assert set(before) == {m.id for _, _, m in project.programme.measures()}
    assert set(before.values()) == {Status.not_started}
    now = project.statuses()
    assert now["1.1.1"] is Status.on_track and now["1.1.2"] is Status.at_risk
    assert now["2.1.1"] is Status.done
    assert [e.date for e in project.state().history("1.1.2")] == [dt.date(2021, 6, 30)]
    # 1.1.1's last entry is of 2021-03-31: stale 181 days later, not 180; done is never stale.
    assert "1.1.1" not in project.stale(dt.date(2021, 9, 27), days=180)
    assert "1.1.1" in project.stale(dt.date(2021, 9, 28), days=180)
    assert "2.1.1" not in project.stale(dt.date(2022, 12, 31), days=1)


def test_targets_are_judged_on_a_day(project_dir: Path) -> None:
    bundled = Project.open(BUNDLED)
    judged = bundled.targets(dt.date(2022, 6, 30), owners=["1.3.5"])
    assert [(t.measure_id, t.target.id) for t in judged] == [("1.3.5", "deelname")]
    assert judged[0].text("nl").startswith("nog geen meting (nulmeting 9,2% op 17 maart 2021")
    every = bundled.targets(dt.date(2022, 6, 30))
    assert len(every) == sum(len(m.targets) for _, _, m in bundled.programme.measures())
    with pytest.raises(NotFoundError, match="did you mean"):
        bundled.targets(dt.date(2022, 6, 30), owners=["1.3.55"])


def test_add_appends_and_the_log_is_read_again(project_dir: Path) -> None:
    project = Project.open(project_dir / "programma.yaml")
    assert len(project.log.entries) == 3
    entry = Entry(
        measure="2.1.1",
        date=dt.date(2022, 2, 1),
        status=Status.on_track,
        note="Nieuwe voorlichting.",
        author="T. Est",
    )
    before = project.state()
    assert project.state() is before  # one state per day, shared by statuses and targets
    written = project.add(entry, today=dt.date(2022, 2, 2))
    assert written.id is not None  # given one, as avp progress add gives it
    assert written.model_copy(update={"id": None}) == entry
    assert project.log.entries[-1] == written and len(project.log.entries) == 4
    assert project.state() is not before and project.statuses()["2.1.1"] is Status.on_track


def test_add_refuses_a_programme_without_a_log(tmp_path: Path) -> None:
    text = (PROGRESS / "programma.yaml").read_text(encoding="utf-8")
    (tmp_path / "p.yaml").write_text(text.replace("  progress_log: voortgang.yaml\n", ""))
    project = Project.open(tmp_path / "p.yaml")
    assert project.log_path is None and project.log.entries == []
    with pytest.raises(UsageError, match="names no progress log"):
        project.writable_log()


def _entry() -> Entry:
    return Entry(
        measure="1.1.1", date=dt.date(2022, 2, 1), status=Status.done, note="x", author="T"
    )


def test_the_bundled_programme_is_never_written(tmp_path: Path) -> None:
    """Chosen by nothing (no file, AVP_FILE or avp.toml): read-only, also where the bundled
    programme is the repository's data/ (an editable install), not avp/_data."""
    project = Project.open(cwd=tmp_path, environ={})
    assert project.source.bundled
    log = project.log_path
    assert log is not None
    existed = log.exists()
    with pytest.raises(UsageError, match="avp writes only to a programme you chose") as caught:
        project.writable_log()
    assert "--file PATH, the environment variable AVP_FILE, or an avp.toml" in str(caught.value)
    with pytest.raises(UsageError):
        project.add(_entry(), today=dt.date(2022, 2, 2))
    assert log.exists() == existed
    # Named explicitly (--file, AVP_FILE, an avp.toml), the same file may be written.
    assert Project.open(BUNDLED).writable_log() == BUNDLED.with_name("voortgang-2021-2022.yaml")


def test_files_installed_with_avp_are_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = tmp_path / "site-packages" / "avp" / "_data"
    installed.mkdir(parents=True)
    shutil.copy(PROGRESS / "programma.yaml", installed / "programma.yaml")
    monkeypatch.setattr("avp.programme.discovery.installed_data", lambda: installed)
    project = Project.open(installed / "programma.yaml")
    with pytest.raises(UsageError, match="is installed with avp and read-only"):
        project.add(_entry(), today=dt.date(2022, 2, 2))
    assert not (installed / "voortgang.yaml").exists()


def test_this_repository_chooses_its_programme_with_avp_toml() -> None:
    """Working in a clone needs no options; the tests that need no avp.toml run elsewhere."""
    project = Project.open(cwd=ROOT / "avp" / "cli", environ={})
    assert project.source.config == ROOT / "avp.toml"
    assert project.path.resolve() == BUNDLED.resolve()
    assert project.writable_log() == project.log_path


def test_an_invalid_programme_raises_located_problems(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("programme: {}\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        Project.open(tmp_path / "p.yaml")
    assert raised.value.problems and raised.value.problems[0].line == 1


def test_the_readme_example_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using avp from Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    done = subprocess.run(
        [sys.executable, "-c", code.group(1)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Actieprogramma Integraal Veiligheidsbeleid Westvoorne 2021-2022"
    assert lines[1] == "not_started"
    assert lines[2].startswith("1.3.5 deelname no_data nog geen meting")
    assert lines[3].startswith("[") and "1.1.1" in lines[3]
