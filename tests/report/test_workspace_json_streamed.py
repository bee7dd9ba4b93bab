"""The workspace's ``avp report --format json`` writes each programme's line as it is made:
the bytes of render_workspace_json, to stdout and to a file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from avp.render.output import json_rows, to_json_rows
from avp.report.workspace import render_workspace_json, to_workspace_dict
from tests.conftest import Invoke
from tests.report.test_workspace import _workspace
from tests.workspace import make_workspace

DAY = dt.date(2022, 6, 30)


def test_the_pieces_are_the_text() -> None:
    wr = _workspace()
    data = to_workspace_dict(wr, None)
    programmes = data.pop("programmes")
    assert render_workspace_json(wr, None) == to_json_rows(programmes, data, "programmes")
    assert "".join(json_rows(iter(programmes))) == to_json_rows(programmes)
    assert "".join(json_rows(iter([]))) == to_json_rows([]) == "[]\n"


@pytest.mark.parametrize("partner", [[], ["--partner", "politie"]])
def test_streamed_workspace_json_is_render_workspace_json(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, partner: list[str]
) -> None:
    folder = make_workspace(tmp_path / "ws").parent
    monkeypatch.chdir(folder)
    args = ["report", "--format", "json", "--as-of", str(DAY), *partner]
    result = invoke(args)
    assert result.exit_code == 0, result.output
    written = tmp_path / "rapport.json"
    assert invoke([*args, "-o", written]).exit_code == 0
    assert written.read_text(encoding="utf-8") == result.stdout
    data = json.loads(result.stdout)
    assert len(data["programmes"]) == data["totals"]["programmes"] >= 2
