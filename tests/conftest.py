from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
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

# Until the session's fixture sets the tests' cache folder (_private_cache_for_the_session):
# a programme read while the tests are collected (a test module that reads one when it is
# imported) does not reach the user's cache either.
_COLLECTING_CACHE = tempfile.mkdtemp(prefix="avp-test-cache-")
atexit.register(shutil.rmtree, _COLLECTING_CACHE, ignore_errors=True)
os.environ["AVP_CACHE_DIR"] = _COLLECTING_CACHE


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


def private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache folder of the tests: never the user's own."""
    return tmp_path_factory.getbasetemp() / "avp-cache"


@pytest.fixture(autouse=True, scope="session")
def _private_cache_for_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module- and session-scoped fixtures (which are made before any function-scoped
    one, :func:`_private_cache`) never read or write the user's cache either."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AVP_CACHE_DIR", str(private_cache_dir(tmp_path_factory)))
        patch.delenv("AVP_NO_CACHE", raising=False)
        yield


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the user's cache (again for each test: a test may change
    these variables)."""
    monkeypatch.setenv("AVP_CACHE_DIR", str(private_cache_dir(tmp_path_factory)))
    monkeypatch.delenv("AVP_NO_CACHE", raising=False)
