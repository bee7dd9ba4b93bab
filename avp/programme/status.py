"""The statuses of a measure: traffic lights with an English key and a Dutch label."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    not_started = "not_started"
    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"
    done = "done"
    dropped = "dropped"

    @property
    def info(self) -> StatusInfo:
        return STATUS_INFO[self]

    @property
    def label_nl(self) -> str:
        return self.info.nl

    @property
    def needs_correction(self) -> bool:
        """Oranje and rood must say what will be done about it (bijsturing)."""
        return self is Status.at_risk or self is Status.off_track


@dataclass(frozen=True)
class StatusInfo:
    nl: str
    en: str
    colour: str  # a rich colour for the terminal
    hex: str  # for HTML and SVG


STATUS_INFO: dict[Status, StatusInfo] = {
    Status.not_started: StatusInfo("niet gestart", "not started", "grey50", "#8a8f98"),
    Status.on_track: StatusInfo("op koers", "on track", "green", "#2e7d32"),
    Status.at_risk: StatusInfo("aandacht", "at risk", "dark_orange", "#ef6c00"),
    Status.off_track: StatusInfo("achter", "off track", "red", "#c62828"),
    Status.done: StatusInfo("afgerond", "done", "blue", "#1565c0"),
    Status.dropped: StatusInfo("vervallen", "dropped", "bright_black", "#424242"),
}


def parse_status(text: str) -> Status:
    """A status from its key or its Dutch or English label, case-insensitively.

    Raises ValueError with the accepted values.
    """
    wanted = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    for status, info in STATUS_INFO.items():
        if wanted in (status.value.replace("_", " "), info.nl, info.en):
            return status
    choices = ", ".join(f"{s.value} ({s.info.nl})" for s in Status)
    raise ValueError(f"unknown status {text!r}; choose from {choices}")
