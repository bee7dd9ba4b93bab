from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from avp.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD = FIXTURES / "bad"
MINIMAL = FIXTURES / "minimal.yaml"
BUNDLED = ROOT / "data" / "programma-2021-2022.yaml"

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Invoke:
    """Run the CLI in an empty working directory with no AVP_FILE set."""
    monkeypatch.delenv("AVP_FILE", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(args: Sequence[str], **kwargs: object) -> Result:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the user's cache."""
    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "avp-cache"))
    monkeypatch.delenv("AVP_NO_CACHE", raising=False)
