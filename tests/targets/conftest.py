from __future__ import annotations

import pytest

from avp.targets import evaluate


@pytest.fixture(autouse=True)
def _judged_afresh() -> None:
    """Tests that count what is judged start without the statuses judged before them
    (:data:`avp.targets.evaluate._SEEN`)."""
    evaluate._SEEN.clear()
