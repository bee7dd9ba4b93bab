"""Validated snapshots: read back without parsing or validating, with or without the models,
and never from a file that avp did not write into a folder it trusts."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from avp.programme.load import fingerprint, load_programme
from avp.programme.models import Programme
from avp.programme.query import Filters, ProgrammeIndex, select
from avp.progress.read import load_log
from avp.project import Project
from avp.storage import cache, snapshot
from tests.conftest import FIXTURES, MINIMAL


@pytest.fixture
def programme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "targets" / name, tmp_path / name)
    return tmp_path / "programma.yaml"


def forget() -> None:
    """Forget the programmes this process read (as a new command would)."""
    from avp.programme import load

    load._loaded.clear()


def never(*args: object, **kwargs: object) -> None:
    raise AssertionError("validated again")


def snapshot_file(folder: Path, kind: str) -> Path:
    (found,) = folder.glob(f"{kind}-snapshot-*.pickle")
    return found


def test_the_second_read_neither_parses_nor_validates(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_programme(programme)
    log = load_log(programme.parent / "voortgang.yaml", first)
    monkeypatch.setattr("avp.yamlio.loader.load", never)
    monkeypatch.setattr("avp.yamlio.loader.load_items", never)
    monkeypatch.setattr(Programme, "model_validate", never)
    monkeypatch.setattr("avp.progress.models.log_from_data", never)
    forget()
    again = load_programme(programme)
    assert again == first and isinstance(again, Programme)
    assert fingerprint(again) == cache.digest(first.model_dump_json())
    assert load_log(programme.parent / "voortgang.yaml", again) == log


def test_twins_have_the_values_and_methods_of_the_models(programme: Path) -> None:
    models = Project.open(programme)
    twins = Project.open(programme)  # the first open stored the snapshots
    twins = Project.open(programme, twins=True)
    assert not isinstance(twins.programme, Programme)
    assert isinstance(twins.programme, snapshot.Twin)
    assert type(twins.programme).__name__ == "Programme"
    assert [m.id for _, _, m in twins.programme.measures()] == [
        m.id for _, _, m in models.programme.measures()
    ]
    assert list(twins.programme.owners) == list(models.programme.owners)
    assert twins.statuses() == models.statuses()
    assert [e.note for e in twins.log.entries] == [e.note for e in models.log.entries]
    assert [e.only_lesson for e in twins.log.entries] == [e.only_lesson for e in models.log.entries]
    for project in (models, twins):
        filters = Filters(partners=["politie"])
        rows = select(ProgrammeIndex(project.programme), filters, project.statuses())
        assert rows
    twin_rows = select(twins.index, Filters(partners=["politie"]), twins.statuses())
    model_rows = select(models.index, Filters(partners=["politie"]), models.statuses())
    assert [r.measure.id for r in twin_rows] == [r.measure.id for r in model_rows]
    assert [r.status for r in twin_rows] == [r.status for r in model_rows]


def test_twins_are_frozen_and_compare_by_value(programme: Path) -> None:
    load_programme(programme)
    one = load_programme(programme, twins=True)
    assert load_programme(programme, twins=True) is one  # read again in this process
    forget()
    other = load_programme(programme, twins=True)
    assert one is not other and one.fields[0] == other.fields[0]
    assert one.fields[0] != one.fields[-1] or len(one.fields) == 1
    with pytest.raises(AttributeError, match="frozen"):
        one.fields[0].name = "x"  # type: ignore[misc]


def test_twins_with_or_without_a_snapshot_are_the_same(programme: Path) -> None:
    # The first read validates and stores the snapshot, and answers from what it stored.
    first = load_programme(programme, twins=True)
    forget()
    again = load_programme(programme, twins=True)
    assert isinstance(first, snapshot.Twin) and isinstance(again, snapshot.Twin)
    assert first == again and type(first) is type(again)


def test_a_changed_snapshot_body_is_not_used(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_programme(programme)
    entry = snapshot_file(programme.parent / "cache", "programme")
    head, body = entry.read_bytes().split(b"\n", 1)
    entry.write_bytes(head + b"\n" + body.replace(b"Voorbeeld", b"Veranderd"))
    assert snapshot.load("programme", programme, programme.read_bytes()) is None
    assert "Veranderd" not in load_programme(programme).model_dump_json()


class Payload:
    """Pickled, it would run a command when loaded."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch HACKED",))


class AvpPayload:
    """Pickled, it would make avp write a file when loaded."""

    def __reduce__(self) -> tuple[object, tuple[Path, bytes]]:
        from avp.storage.atomic import write_atomic

        return (write_atomic, (Path("HACKED"), b"x"))


def test_a_snapshot_naming_anything_but_avp_is_refused(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Even with a matching key and hash (whoever could write the folder could compute
    # them), a snapshot that names a function of another module is not loaded.
    monkeypatch.chdir(programme.parent)
    raw = programme.read_bytes()
    depends = snapshot._depends("")
    for payload in (Payload(), AvpPayload()):
        body = pickle.dumps(payload)
        head = cache.entry_head(raw, depends, None, [body])
        cache.write_entry("programme-snapshot", programme, raw, [head, body])
        assert snapshot.load("programme", programme, raw) is None
        assert snapshot.load("programme", programme, raw, twins={}) is None
        assert not (programme.parent / "HACKED").exists()
    assert isinstance(load_programme(programme), Programme)  # read from the file instead


def test_no_snapshot_from_a_folder_others_may_write(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.name == "nt" or not hasattr(os, "geteuid"):
        pytest.skip("mode bits")
    load_programme(programme)
    forget()
    folder = programme.parent / "cache"
    folder.chmod(0o777)
    monkeypatch.setattr(Programme, "model_validate", never)
    with pytest.raises(AssertionError, match="validated again"):
        load_programme(programme)


def test_another_python_or_pydantic_makes_snapshots_stale(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_programme(programme)
    raw = programme.read_bytes()
    assert snapshot.load("programme", programme, raw) is not None
    monkeypatch.setattr(snapshot, "runtime", lambda: "another pydantic")
    assert snapshot.load("programme", programme, raw) is None


def test_a_changed_programme_makes_its_log_snapshot_stale(programme: Path) -> None:
    project = Project.open(programme)
    assert project.log.entries
    log = programme.parent / "voortgang.yaml"
    raw = log.read_bytes()
    depends = fingerprint(project.programme)
    assert snapshot.load("progress", log, raw, depends) is not None
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("Voorbeeld", "Ander voorbeeld", 1), encoding="utf-8")
    changed = load_programme(programme)
    assert fingerprint(changed) != depends
    assert snapshot.load("progress", log, raw, fingerprint(changed)) is None


def test_a_snapshot_is_only_a_shortcut_without_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    target = tmp_path / "p.yaml"
    shutil.copy(MINIMAL, target)
    # Nowhere to keep a snapshot: the models themselves, not a round trip through one.
    assert isinstance(load_programme(target, twins=True), Programme)
    assert not list(tmp_path.glob("**/*.pickle"))


def test_the_list_from_twins_is_the_list_from_the_models(programme: Path) -> None:
    """``avp list`` (which reads twins once snapshots exist) prints what it printed from
    the models, in every format."""
    env = {**os.environ, "AVP_FILE": str(programme)}
    env.pop("AVP_NO_CACHE", None)

    def run(*args: str, cache_on: bool = True) -> str:
        used = env if cache_on else {**env, "AVP_NO_CACHE": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "avp", "list", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=used,
            check=True,
            timeout=60,
        )
        return done.stdout

    for args in (("--format", "json"), ("--format", "csv"), ("--status", "op koers")):
        without = run(*args, cache_on=False)
        run(*args)  # fills the cache
        assert run(*args) == without
    assert json.loads(run("--format", "json"))


def test_a_programme_read_again_unchanged_is_the_same_object(programme: Path) -> None:
    """``avp progress add`` reads its programme again under the lock: unchanged bytes give
    the object read before; changed bytes are read and validated again."""
    first = load_programme(programme)
    assert load_programme(programme) is first
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("Voorbeeld", "Ander voorbeeld", 1), encoding="utf-8")
    changed = load_programme(programme)
    assert changed is not first and changed.programme.municipality == "Ander voorbeeld"


def test_is_model_knows_a_model_and_its_twin_by_class() -> None:
    from avp.programme.load import TWIN_BASES, programme_data
    from avp.programme.models import Measure, Theme

    models = Programme.model_validate(programme_data(MINIMAL.read_text(encoding="utf-8"), "m"))
    twins = snapshot.loads(snapshot.dumps(models), TWIN_BASES)
    measure, twin = models.fields[0].themes[0].measures[0], twins.fields[0].themes[0].measures[0]
    assert not isinstance(twin, Measure)  # what is_model is for
    assert snapshot.is_model(measure, Measure) and snapshot.is_model(twin, Measure)
    assert not snapshot.is_model(twin, Theme) and not snapshot.is_model(measure, Theme)
    assert snapshot.is_model(twins.fields[0].themes[0], Theme)
