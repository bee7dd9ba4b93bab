"""Verdicts on a target, the worst of several, and disagreement with a status."""

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
    def info(self) -> VerdictInfo:
        return VERDICT_INFO[self]

    def label(self, lang: str = "en") -> str:
        """``op schema``, ``on course``: the verdict in ``lang`` (see avp.i18n)."""
        return verdict_label(self, lang)


@dataclass(frozen=True)
class VerdictInfo:
    rank: int  # lower is worse; no_data ranks above everything (it is never the worst)
    colour: str  # rich colour, as avp.status
    hex: str


VERDICT_INFO: dict[Verdict, VerdictInfo] = {
    Verdict.met: VerdictInfo(3, "blue", "#1565c0"),
    Verdict.on_course: VerdictInfo(2, "green", "#2e7d32"),
    Verdict.at_risk: VerdictInfo(1, "dark_orange", "#ef6c00"),
    Verdict.missed: VerdictInfo(0, "red", "#c62828"),
    Verdict.no_data: VerdictInfo(9, "grey50", "#8a8f98"),
}


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict; ``no_data`` only when there is nothing else (or nothing)."""
    return min(verdicts, key=lambda v: v.info.rank, default=Verdict.no_data)


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
