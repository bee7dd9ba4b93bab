"""Verdicts on a target: their rank, the worst of several, and disagreement with a status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from avp.i18n import verdict_label


class Verdict(StrEnum):
    met = "met"
    on_course = "on_course"
    at_risk = "at_risk"
    missed = "missed"
    no_data = "no_data"

    @property
    def rank(self) -> int:
        """Lower is worse; ``no_data`` ranks above everything (it is never the worst)."""
        return _RANKS[self]

    @property
    def info(self) -> VerdictInfo:
        return VerdictInfo(self.rank, _HEX[self])

    def label(self, lang: str = "en") -> str:
        """``op schema``, ``on course``: the verdict in ``lang`` (see avp.i18n)."""
        return verdict_label(self, lang)


_RANKS: dict[Verdict, int] = {
    Verdict.met: 3,
    Verdict.on_course: 2,
    Verdict.at_risk: 1,
    Verdict.missed: 0,
    Verdict.no_data: 9,
}


@dataclass(frozen=True)
class VerdictInfo:
    """A verdict's rank; and, only for avp/report/html.py, its colour.

    ``hex`` is deprecated: colours belong to :mod:`avp.render.style`
    (``verdict_hex(verdict)``); it stays until html.py calls that, and
    tests/test_i18n.py checks that the two agree.
    """

    rank: int  # lower is worse; no_data ranks above everything (it is never the worst)
    hex: str


_HEX: dict[Verdict, str] = {
    Verdict.met: "#1565c0",
    Verdict.on_course: "#2e7d32",
    Verdict.at_risk: "#ef6c00",
    Verdict.missed: "#c62828",
    Verdict.no_data: "#8a8f98",
}


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict; ``no_data`` only when there is nothing else (or nothing)."""
    return min(verdicts, key=lambda v: v.rank, default=Verdict.no_data)


#: A deliverable not yet delivered this many days (or fewer) before its due date is at risk.
DELIVERABLE_WARNING_DAYS = 30


#: Manual statuses (avp.status keys) that say "going well" and "going badly".
_GOOD_STATUSES = frozenset({"on_track", "done"})


_BAD_STATUSES = frozenset({"at_risk", "off_track"})


_GOOD_VERDICTS = frozenset({Verdict.met, Verdict.on_course})


_BAD_VERDICTS = frozenset({Verdict.at_risk, Verdict.missed})


def disagrees(status: str, verdict: Verdict | None) -> bool:
    """Whether the manual status and the computed verdict tell different stories.

    One says it goes well (on_track or done; met or on_course), the other that it does not
    (at_risk or off_track; at_risk or missed). Not started, dropped and no data never
    disagree.
    """
    if verdict is None:
        return False
    return (status in _GOOD_STATUSES and verdict in _BAD_VERDICTS) or (
        status in _BAD_STATUSES and verdict in _GOOD_VERDICTS
    )
