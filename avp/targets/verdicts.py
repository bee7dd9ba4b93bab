"""Verdicts on a target: their rank, the worst of several, and disagreement with a status."""

from __future__ import annotations

from collections.abc import Iterable
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


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict; ``no_data`` only when there is nothing else (or nothing)."""
    return min(verdicts, key=_RANKS.__getitem__, default=Verdict.no_data)  # by rank


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
