"""Fixtures of the progress tests."""

from __future__ import annotations

import pytest

from avp.programme.load import load_programme
from avp.programme.models import Programme
from tests.progress.helpers import PROGRAMME_PATH


@pytest.fixture(scope="module")
def programme() -> Programme:
    return load_programme(PROGRAMME_PATH)
