"""How statuses and verdicts look: terminal colours, HTML colours and markdown lights."""

from __future__ import annotations

from dataclasses import dataclass

from avp.programme.status import Status
from avp.targets.verdicts import Verdict


@dataclass(frozen=True)
class Look:
    colour: str  # a rich colour for the terminal
    hex: str  # for HTML and SVG
    light: str  # an emoji traffic light for markdown


STATUS_LOOKS: dict[Status, Look] = {
    Status.not_started: Look("grey50", "#8a8f98", "⚪"),
    Status.on_track: Look("green", "#2e7d32", "🟢"),
    Status.at_risk: Look("dark_orange", "#ef6c00", "🟠"),
    Status.off_track: Look("red", "#c62828", "🔴"),
    Status.done: Look("blue", "#1565c0", "✅"),
    Status.dropped: Look("bright_black", "#424242", "⚫"),
}


VERDICT_LOOKS: dict[Verdict, Look] = {
    Verdict.met: Look("blue", "#1565c0", "🔵"),
    Verdict.on_course: Look("green", "#2e7d32", "🟢"),
    Verdict.at_risk: Look("dark_orange", "#ef6c00", "🟠"),
    Verdict.missed: Look("red", "#c62828", "🔴"),
    Verdict.no_data: Look("grey50", "#8a8f98", "⚪"),
}


def status_colour(status: Status) -> str:
    return STATUS_LOOKS[status].colour


def status_hex(status: Status) -> str:
    return STATUS_LOOKS[status].hex


def status_light(status: Status) -> str:
    return STATUS_LOOKS[status].light


def verdict_colour(verdict: Verdict) -> str:
    return VERDICT_LOOKS[verdict].colour


def verdict_hex(verdict: Verdict) -> str:
    return VERDICT_LOOKS[verdict].hex


def verdict_light(verdict: Verdict) -> str:
    return VERDICT_LOOKS[verdict].light
