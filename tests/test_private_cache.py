"""The tests never touch the user's cache, from fixtures of any scope either."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import private_cache_dir


@pytest.fixture(scope="module")
def seen_by_a_module_fixture() -> dict[str, str | None]:
    """What a module-scoped fixture (made before any function-scoped one) sees."""
    return {name: os.environ.get(name) for name in ("AVP_CACHE_DIR", "AVP_NO_CACHE")}


def test_a_module_fixture_has_the_private_cache(
    seen_by_a_module_fixture: dict[str, str | None], tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert seen_by_a_module_fixture == {
        "AVP_CACHE_DIR": str(private_cache_dir(tmp_path_factory)),
        "AVP_NO_CACHE": None,
    }
    assert Path(tmp_path_factory.getbasetemp()) in private_cache_dir(tmp_path_factory).parents
