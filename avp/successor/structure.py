"""The fields, themes and carried measures of a successor programme, from one or more
earlier programmes.

* Fields keep their id, name and goal. A field of a later ``--from`` programme with the
  name (case and accents aside) of a field placed already is merged into it; else one with
  its id (the first name is kept; the review names the other).
* Themes keep their id, name and goal, within their (merged) field. A theme with the name of
  a theme of the same field is merged into it; a theme whose id is taken gets the next free
  number of its field (``<field id>.<n>``), listed in the review.
* Every theme is kept, whether measures are carried into it or not (the new programme's
  structure; an empty theme is the ``empty-theme`` warning that asks for new measures).
* Carried measures are numbered ``<theme id>.1``, ``.2``, ... in ``--from`` order, then
  in the order of the earlier programme; ``predecessor:`` says where each comes from. Text,
  partners (under their merged ids), partner note, result and extra columns are copied
  verbatim.
* Targets (of fields, themes and measures) are copied only when they pass the target checks
  in the new period (:func:`avp.targets.checks.check_target`): a target dated in the old
  period is left out and listed in the review; the result text stays as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from avp.base.text import fold
from avp.programme.models import Measure, Programme, SafetyField, Theme
from avp.successor.partners import PartnerMerge
from avp.targets.checks import check_target
from avp.targets.models import Target


@dataclass(frozen=True)
class Source:
    """An earlier programme and what is carried from it."""

    programme: Programme
    reference: str  # what predecessor.programme says: the file (relative) or the title
    shown: str  # how messages name it
    carried: tuple[str, ...]  # the ids of the measures carried, in programme order


@dataclass(frozen=True)
class Carried:
    """One carried measure: its new id and where it came from."""

    new_id: str
    source: Source
    old_id: str


@dataclass
class _Theme:
    data: dict[str, Any]
    measures: list[tuple[Source, Measure]] = field(default_factory=list)


@dataclass
class _Field:
    data: dict[str, Any]
    themes: list[_Theme] = field(default_factory=list)


@dataclass
class Structure:
    """The new programme's fields as plain data, the carried measures, what to review."""

    fields: list[dict[str, Any]]
    carried: list[Carried]
    review: list[str]


def target_data(target: Target) -> dict[str, Any]:
    """A target as plain data, as the file has it (``kind`` always written)."""
    return target.model_dump(mode="json", exclude_defaults=True) | {"kind": target.kind}


def _targets(
    targets: list[Target], period: tuple[dt.date, dt.date], where: str, review: list[str]
) -> list[dict[str, Any]]:
    kept = []
    for target in targets:
        data = target_data(target)
        problems = check_target(data, period)
        if problems:
            review.append(
                f"{where}: target {target.id!r} left out ({problems[0].message}); add a "
                "target for the new period if the norm still holds"
            )
        else:
            kept.append(data)
    return kept


def _next_id(prefix: str, taken: set[str]) -> str:
    numbers = [
        int(m.group(1))
        for t in taken
        if (m := re.fullmatch(re.escape(prefix) + r"\.(\d+)", t)) is not None
    ]
    number = max(numbers, default=0) + 1
    while f"{prefix}.{number}" in taken:
        number += 1
    return f"{prefix}.{number}"


class _Builder:
    def __init__(self, period: tuple[dt.date, dt.date], partners: PartnerMerge) -> None:
        self.period = period
        self.partners = partners
        self.fields: list[_Field] = []
        self.taken: set[str] = set()
        self.review: list[str] = []
        self.numbers: dict[int, int] = {}  # id(source) -> its place among the sources

    def add(self, number: int, source: Source) -> None:
        carried = set(source.carried)
        for old_field in source.programme.fields:
            target = self._field(source, old_field)
            for old_theme in old_field.themes:
                theme = self._theme(source, target, old_theme)
                theme.measures += [(source, m) for m in old_theme.measures if m.id in carried]
        self.numbers[id(source)] = number

    def _merge_goal(self, data: dict[str, Any], goal: str, what: str) -> None:
        if goal and not data.get("goal"):
            data["goal"] = goal
        elif goal and fold(goal) != fold(data["goal"]):
            self.review.append(f"{what}: its goal differs from the first; kept the first")

    def _merge_targets(self, data: dict[str, Any], item: SafetyField | Theme, what: str) -> None:
        have = {t["id"] for t in data["targets"]}
        for target in _targets(item.targets, self.period, what, self.review):
            if target["id"] in have:
                self.review.append(f"{what}: a second target {target['id']!r} left out")
            else:
                data["targets"].append(target)

    def _field(self, source: Source, old: SafetyField) -> _Field:
        found = next((f for f in self.fields if fold(f.data["name"]) == fold(old.name)), None)
        found = found or next((f for f in self.fields if f.data["id"] == old.id), None)
        what = f"field {old.id} of {source.shown}"
        if found is None:
            data: dict[str, Any] = {"id": old.id, "name": old.name, "goal": old.goal}
            data["targets"] = _targets(old.targets, self.period, what, self.review)
            self.taken.add(old.id)
            self.fields.append(_Field(data))
            return self.fields[-1]
        if fold(found.data["name"]) != fold(old.name):
            self.review.append(
                f"{what} ({old.name}) merged into field {found.data['id']} "
                f"({found.data['name']}) because they share the id; check it"
            )
        elif found.data["id"] != old.id:
            self.review.append(f"{what} merged into field {found.data['id']} with the same name")
        self._merge_goal(found.data, old.goal, what)
        self._merge_targets(found.data, old, what)
        return found

    def _theme(self, source: Source, target: _Field, old: Theme) -> _Theme:
        what = f"theme {old.id} of {source.shown}"
        found = next((t for t in target.themes if fold(t.data["name"]) == fold(old.name)), None)
        if found is not None:
            if found.data["id"] != old.id:
                self.review.append(
                    f"{what} ({old.name}) merged into theme {found.data['id']} with the same name"
                )
            self._merge_goal(found.data, old.goal, what)
            self._merge_targets(found.data, old, what)
            return found
        tid = old.id
        if tid in self.taken:
            tid = _next_id(target.data["id"], self.taken)
            self.review.append(f"{what} ({old.name}) is theme {tid} now: its id was taken")
        self.taken.add(tid)
        data: dict[str, Any] = {"id": tid, "name": old.name, "goal": old.goal}
        data["targets"] = _targets(old.targets, self.period, what, self.review)
        target.themes.append(_Theme(data))
        return target.themes[-1]

    def result(self) -> Structure:
        fields: list[dict[str, Any]] = []
        carried: list[Carried] = []
        for f in self.fields:
            themes = []
            for t in f.themes:
                measures = []
                for position, (source, m) in enumerate(t.measures, start=1):
                    new_id = f"{t.data['id']}.{position}"
                    measures.append(self._measure(new_id, self.numbers[id(source)], source, m))
                    carried.append(Carried(new_id, source, m.id))
                themes.append(
                    _plain({**t.data, "id": _written(t.data["id"]), "measures": measures})
                )
            fields.append(_plain({**f.data, "id": _written(f.data["id"]), "themes": themes}))
        return Structure(fields, carried, self.review)

    def _measure(self, new_id: str, number: int, source: Source, old: Measure) -> dict[str, Any]:
        partners = list(dict.fromkeys(self.partners.new_id(number, p) for p in old.partners))
        what = f"measure {new_id} (was {old.id} of {source.shown})"
        data: dict[str, Any] = {
            "id": new_id,
            "text": old.text,
            "partners": partners,
            "partner_note": old.partner_note,
            "result": old.result,
            "targets": _targets(old.targets, self.period, what, self.review),
            "extra": dict(old.extra),
            "predecessor": {"programme": source.reference, "measure": old.id},
        }
        return _plain(data)


def _written(node_id: str) -> str | int:
    """An id as the file writes it: a whole number (``id: 3``) unquoted, as avp init does."""
    return int(node_id) if node_id.isdigit() and str(int(node_id)) == node_id else node_id


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """Without the keys that hold nothing (as a hand-written file leaves them out)."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def merge_structure(
    sources: list[Source], period: tuple[dt.date, dt.date], partners: PartnerMerge
) -> Structure:
    """The fields of the new programme, built from ``sources`` in order."""
    builder = _Builder(period, partners)
    for number, source in enumerate(sources):
        builder.add(number, source)
    return builder.result()
