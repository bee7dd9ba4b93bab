"""Fixtures of the progress tests."""

from __future__ import annotations

import pytest

from avp.programme.load import load_programme
from avp.programme.models import Programme
from tests.progress.helpers import PROGRAMME_PATH


@pytest.fixture(scope="module")
def programme() -> Programme:
    return load_programme(PROGRAMME_PATH)


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool]]:
    """``(spend, keep)`` of every call of log_from_data, wherever it was imported from."""
    from typing import Any

    from avp.progress import checks, models

    calls: list[tuple[bool, bool]] = []
    real = models.log_from_data

    def recording(data: Any, *, spend: bool = False, keep: bool = True, **given: Any) -> Any:
        calls.append((spend, keep))
        return real(data, spend=spend, keep=keep, **given)

    monkeypatch.setattr(models, "log_from_data", recording)
    monkeypatch.setattr(checks, "log_from_data", recording)  # imported by name there
    return calls
