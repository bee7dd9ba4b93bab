from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

OPENDATA = FIXTURES / "opendata"


@pytest.fixture
def westvoorne(tmp_path: Path) -> Path:
    """A copy of the open data fixtures (programme and tables) without a progress log."""
    folder = tmp_path / "westvoorne"
    shutil.copytree(OPENDATA, folder)
    (folder / "voortgang-geimporteerd.yaml").unlink()
    return folder
