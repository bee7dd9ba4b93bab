"""``avp report --format json`` writes its JSON as it is made: the bytes of render_json, to
stdout and to a file; a partner's report too."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from avp.programme.load import load_programme
from avp.progress.read import load_log
from avp.report import build_report
from avp.report.formats import render_json
from avp.report.labels import Labels
from tests.conftest import BUNDLED, FIXTURES, Invoke

DAY = dt.date(2022, 6, 30)


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """The bundled programme with the README's log."""
    copy = tmp_path / "prog" / "programma.yaml"
    copy.parent.mkdir()
    shutil.copy(BUNDLED, copy)
    shutil.copy(FIXTURES / "readme" / "voortgang.yaml", copy.parent / "voortgang-2021-2022.yaml")
    return copy


def expected(path: Path, partner: str | None = None) -> str:
    loaded = load_programme(path)
    log = load_log(path.parent / "voortgang-2021-2022.yaml", loaded)
    built = build_report(loaded, log.entries, as_of=DAY, partner=partner, stale_days=None)
    return render_json(built, Labels.for_programme(loaded, None))


@pytest.mark.parametrize("partner", [None, "politie"])
def test_streamed_json_is_render_json(
    invoke: Invoke, programme: Path, tmp_path: Path, partner: str | None
) -> None:
    scope = ["--partner", partner] if partner else []
    args = ["report", "--format", "json", "--as-of", str(DAY), "--file", programme, *scope]
    result = invoke(args)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected(programme, partner)
    written = tmp_path / "rapport.json"
    assert invoke([*args, "-o", written]).exit_code == 0
    assert written.read_text(encoding="utf-8") == expected(programme, partner)
