"""Helpers of the progress tests: a sample entry, the golden log, leftover temporaries."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from avp.programme.status import Status
from avp.progress.models import Entry
from avp.storage.atomic import TEMP_SUFFIX
from tests.conftest import FIXTURES

PROGRESS = FIXTURES / "progress"


PROGRAMME_PATH = PROGRESS / "programma.yaml"


GOLDEN = PROGRESS / "golden.yaml"


TODAY = dt.date(2022, 6, 1)


POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def entry(**changes: Any) -> Entry:
    values: dict[str, Any] = {
        "measure": "1.1.1",
        "date": dt.date(2022, 3, 14),
        "status": Status.on_track,
        "note": "Buurtbemiddeling loopt.",
        "author": "J. de Vries",
    }
    return Entry(**{**values, **changes})


def golden_text(newline: str) -> str:
    # From the LF fixture whatever git did to its line endings on checkout.
    text = GOLDEN.read_text(encoding="utf-8").replace("\r\n", "\n")
    return text.replace("\n", newline)


def debris(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(TEMP_SUFFIX))
