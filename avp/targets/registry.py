"""Every kind of target by name: ``KINDS[target.kind]`` judges a target of that kind."""

from __future__ import annotations

from typing import Any

from avp.targets import comparison, coverage, deliverable, frequency, threshold
from avp.targets.kind import Kind

KINDS: dict[str, Kind[Any]] = {
    kind.name: kind
    for kind in (
        frequency.KIND,
        threshold.KIND,
        comparison.KIND,
        coverage.KIND,
        deliverable.KIND,
    )
}
