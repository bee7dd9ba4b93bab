"""Writing a successor: all or nothing, and never over another writer's avp.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from avp.project import Project
from avp.storage.atomic import WriteError
from avp.successor import write
from avp.successor.build import build_successor
from avp.successor.carry import Carry
from avp.successor.settings import Settings
from tests.successor.workspace import AVP_TOML, bundled_workspace


def test_an_avp_toml_changed_meanwhile_stops_the_write_and_takes_back_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = bundled_workspace(tmp_path)
    new = tmp_path / "data" / "vervolg.yaml"
    built = build_successor(new, [Project.open(old)], Settings())
    planned = write.planned_config
    theirs = "# written by someone else meanwhile\n" + AVP_TOML

    def planned_then_changed(*args: Any) -> Any:
        change = planned(*args)
        (tmp_path / "avp.toml").write_text(theirs, encoding="utf-8")
        return change

    monkeypatch.setattr(write, "planned_config", planned_then_changed)
    with pytest.raises(WriteError, match=r"avp\.toml changed while avp successor ran"):
        write.write_successor(built)
    assert not new.exists() and not built.log.exists()
    assert (tmp_path / "avp.toml").read_text(encoding="utf-8") == theirs


def test_written_files_and_config(tmp_path: Path) -> None:
    old = bundled_workspace(tmp_path)
    new = tmp_path / "data" / "vervolg.yaml"
    built = build_successor(new, [Project.open(old)], Settings(carry=Carry.none))
    done = write.write_successor(built)
    assert done.files == [new, built.log, tmp_path.resolve() / "avp.toml"]
    assert new.read_text(encoding="utf-8") == built.text
