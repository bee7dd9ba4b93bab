"""A finding: a problem at a place in loaded data, before it is given a line and column."""

from __future__ import annotations

from dataclasses import dataclass

from avp.base import rules
from avp.base.problems import Level

Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class Finding:
    loc: Loc
    message: str
    rule: rules.RuleId
    level: Level = "error"
    at_key: bool = False

    def __post_init__(self) -> None:
        if self.rule not in rules.RULES:
            raise rules.unregistered(self.rule)


def format_loc(loc: Loc) -> str:
    """``fields[0].themes[2].measures[1]``: the YAML path of a location."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
