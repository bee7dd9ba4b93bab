"""What changed between two versions of a programme: pure functions over two models.

:func:`diff_programmes` pairs the fields, themes, measures and partners of OLD with those
of NEW and returns one :class:`Change` per difference, in a fixed order: fields, themes,
measures, targets, partners; within each, in NEW's order, then what NEW no longer has in
OLD's order.

Pairing, at each level (an item's *text*: a measure's text, a field's, theme's or
partner's name; compared after whitespace normalisation, case kept):

1. the same id with the same text: the same item;
2. an id that NEW's new amendments say was renumbered (``amendments: - renumbered: {old,
   new}``, as ``avp renumber`` writes them; chains followed): the same item,
   **renumbered**, and reworded if its text changed too;
3. the same text under another id: the same item, **renumbered**. This also pairs an id
   that NEW gave to other text: when a measure is inserted as 3.2.1 and the old 3.2.1 ..
   3.2.5 become 3.2.2 .. 3.2.6, that is one measure added and five renumbered, not five
   reworded and one added. Several items with the same text pair in document order;
4. the same id with other text: the same item, **reworded**;
5. what is left is **removed** (OLD only) or **added** (NEW only).

An item renumbered and reworded without such an amendment cannot be recognised; it is
removed and added. Fields and themes are compared through this pairing, so that measures of
a renumbered theme are not reported as moved. An item is **moved** when its field or theme
is not the one its old field or theme became, or when it changed place among the items that
stayed beside it (the fewest moves that explain the new order: everything outside a longest
run that kept its order).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from avp.programme.models import Decision, Measure, Partner, Programme, SafetyField, Theme
from avp.programme.pairing import Pairing, normalise, out_of_order, pair
from avp.storage.snapshot import Twin
from avp.targets.models import Target

Kind = Literal["field", "theme", "measure", "target", "partner"]

ChangeKind = Literal[
    "added",
    "removed",
    "dropped",
    "reinstated",
    "renumbered",
    "reworded",
    "moved",
    "renamed",
    "changed",
    "partner_added",
    "partner_removed",
]


@dataclass(frozen=True)
class Change:
    """One difference between OLD and NEW.

    ``old_id`` and ``new_id`` are the item's id in OLD and in NEW (None where it is not);
    for a target, the target's id, with its owner (field, theme or measure) in ``where``.
    ``where`` is where the item is: a measure's theme, a theme's field, a target's owner
    (in NEW, or in OLD when it is gone there); empty for fields and partners.
    ``attribute`` names what changed (``text``, ``result``, ``goal``, ``place``,
    ``extra.budget``, the keys of a target, ...). ``old`` and ``new`` are the values
    before and after: the text (a measure's text, a name, a target's description) of a
    removed item in ``old`` and of an added or renumbered one in ``new``, old and new
    text, places ``3.2 #4`` (the 4th measure of theme 3.2), the partner added or removed,
    the date and decision of a dropped measure, a target's values that differ.
    """

    kind: Kind
    change: ChangeKind
    old_id: str | None
    new_id: str | None
    where: str = ""
    attribute: str = ""
    old: str | None = None
    new: str | None = None

    @property
    def id(self) -> str:
        """The item's id in OLD, or in NEW when it is new."""
        found = self.old_id if self.old_id is not None else self.new_id
        assert found is not None
        return found

    @property
    def renumbered_to(self) -> str | None:
        """The id in NEW when it differs from :attr:`id`."""
        return self.new_id if self.new_id != self.id else None


# --- the items of a programme, with their place --------------------------------------------

Node = SafetyField | Theme | Measure


@dataclass(frozen=True, eq=False)
class Placed:
    """A field, theme or measure with the id of its container (a theme's field, a
    measure's theme; '' for a field) and its 0-based place there."""

    item: Node
    container: str
    place: int

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def text(self) -> str:
        """What identifies it besides its id: a measure's text, a field's or theme's name."""
        return self.item.text if isinstance(self.item, Measure) else self.item.name

    def shown_place(self) -> str:
        """``3.2 #4``: the 4th measure of theme 3.2 (``#2`` for the 2nd field)."""
        return f"{self.container} #{self.place + 1}".lstrip()


def _placed(programme: Programme, kind: Kind) -> list[Placed]:
    if kind == "field":
        return [Placed(f, "", k) for k, f in enumerate(programme.fields)]
    if kind == "theme":
        return [Placed(t, f.id, k) for f in programme.fields for k, t in enumerate(f.themes)]
    return [
        Placed(m, t.id, k)
        for f in programme.fields
        for t in f.themes
        for k, m in enumerate(t.measures)
    ]


def _pair_level(
    old: Programme, new: Programme, kind: Kind, declared: dict[str, str]
) -> Pairing[Placed]:
    return pair(_placed(old, kind), _placed(new, kind), lambda p: p.id, lambda p: p.text, declared)


def declared_renumberings(old: Programme, new: Programme) -> dict[str, str]:
    """Old id -> new id, from the ``renumbered`` of the amendments NEW has and OLD has not
    (``avp renumber`` writes them), chains followed: 3.2.1 -> 3.2.2 and then 3.2.2 -> 3.2.3
    is 3.2.1 -> 3.2.3."""
    renumbered: dict[str, str] = {}
    for amendment in new.amendments:
        if amendment.renumbered is None or amendment in old.amendments:
            continue
        was, now = amendment.renumbered.old, amendment.renumbered.new
        earlier = [key for key, value in renumbered.items() if value == was]
        for key in earlier or [was]:
            renumbered[key] = now
    return renumbered


# --- the diff ------------------------------------------------------------------------------


def diff_programmes(old: Programme, new: Programme) -> list[Change]:
    """Every difference between OLD and NEW in fields, themes, measures, targets and
    partners (not in the metadata, the introduction, the glossary or the amendments).

    Takes the models (:func:`avp.programme.load.load_programme` without ``twins``): it
    tells a measure from a field by its class and compares targets by their data, which
    a snapshot's twins do not have; TypeError for twins, rather than other changes."""
    if isinstance(old, Twin) or isinstance(new, Twin):
        raise TypeError("diff_programmes compares the models, not a snapshot's twins")
    partners = pair(old.partners, new.partners, lambda p: p.id, lambda p: p.name)
    partner_map = {o.id: n.id for o, n in partners.pairs}
    declared = declared_renumberings(old, new)
    levels = {kind: _pair_level(old, new, kind, declared) for kind in ("field", "theme", "measure")}
    # What each container of OLD became in NEW (the one container of fields is '').
    field_map = {o.id: n.id for o, n in levels["field"].pairs}
    theme_map = {o.id: n.id for o, n in levels["theme"].pairs}
    changes: list[Change] = []
    changes += _level("field", levels["field"], {"": ""}, partner_map)
    changes += _level("theme", levels["theme"], field_map, partner_map)
    changes += _level("measure", levels["measure"], theme_map, partner_map)
    changes += _targets(new, levels)
    changes += _partners(partners, partner_map)
    return changes


def _level(
    kind: Kind,
    pairing: Pairing[Placed],
    container_map: dict[str, str],
    partner_map: dict[str, str],
) -> list[Change]:
    """One level's changes: NEW's items in order (added or how they changed), then removed."""
    moved = _moved(pairing, container_map)
    changes: list[Change] = []
    for before, after in pairing.new:
        if before is None:
            changes.append(Change(kind, "added", None, after.id, after.container, new=after.text))
            continue
        changes += _paired(kind, before, after, partner_map)
        if after in moved:
            changes.append(
                Change(
                    kind,
                    "moved",
                    before.id,
                    after.id,
                    after.container,
                    "place",
                    before.shown_place(),
                    after.shown_place(),
                )
            )
    changes += [
        Change(kind, "removed", p.id, None, p.container, old=p.text) for p in pairing.removed
    ]
    return changes


def _moved(pairing: Pairing[Placed], container_map: dict[str, str]) -> set[Placed]:
    """The items of NEW that are in another container than their old one became, or out
    of order among those that stayed in the same container with them."""
    moved: set[Placed] = set()
    stayed: dict[str, list[tuple[Placed, Placed]]] = {}
    for before, after in pairing.pairs:
        if container_map.get(before.container) != after.container:
            moved.add(after)
        else:
            stayed.setdefault(after.container, []).append((before, after))
    for together in stayed.values():
        places = [before.place for before, _ in together]  # in NEW's order
        moved.update(together[k][1] for k in out_of_order(places))
    return moved


def _paired(kind: Kind, before: Placed, after: Placed, partner_map: dict[str, str]) -> list[Change]:
    """How one item of OLD differs from the item of NEW it is paired with (not its place)."""
    old, new = before.item, after.item
    changes: list[Change] = []

    def change(what: ChangeKind, attribute: str, was: str | None, now: str | None) -> None:
        changes.append(Change(kind, what, old.id, new.id, after.container, attribute, was, now))

    if old.id != new.id:
        change("renumbered", "id", None, after.text)
    texts: list[tuple[str, str | None, str | None]]
    if isinstance(old, Measure) and isinstance(new, Measure):
        texts = [
            ("text", old.text, new.text),
            ("result", old.result, new.result),
            ("partner_note", old.partner_note, new.partner_note),
        ]
        texts += [
            (f"extra.{key}", old.extra.get(key), new.extra.get(key))
            for key in [*old.extra, *(k for k in new.extra if k not in old.extra)]
        ]
    elif isinstance(old, SafetyField | Theme) and isinstance(new, SafetyField | Theme):
        texts = [("name", old.name, new.name), ("goal", old.goal, new.goal)]
    else:  # pragma: no cover - a pairing never mixes levels
        raise TypeError(f"cannot compare {type(old).__name__} with {type(new).__name__}")
    for attribute, was, now in texts:
        if normalise(was) != normalise(now):
            change("reworded", attribute, was or None, now or None)
    if isinstance(old, Measure) and isinstance(new, Measure):
        if old.dropped is None and new.dropped is not None:
            change("dropped", "dropped", None, _decision(new.dropped))
        elif old.dropped is not None and new.dropped is None:
            change("reinstated", "dropped", _decision(old.dropped), None)
        elif old.dropped != new.dropped:
            change("changed", "dropped", _decision(old.dropped), _decision(new.dropped))
        was_partners = [partner_map.get(p, p) for p in old.partners]
        for partner in new.partners:
            if partner not in was_partners:
                change("partner_added", "partners", None, partner)
        for partner, now in zip(old.partners, was_partners, strict=True):
            if now not in new.partners:
                change("partner_removed", "partners", partner, None)
    return changes


def _decision(decision: Decision | None) -> str | None:
    """``2021-10-12, collegebesluit 12 oktober 2021``."""
    if decision is None:
        return None
    return ", ".join(x for x in (decision.date.isoformat(), decision.decision) if x)


# --- targets -------------------------------------------------------------------------------


def _targets(new: Programme, levels: dict[str, Pairing[Placed]]) -> list[Change]:
    """The targets of every field, theme and measure, in NEW's order, then those of the
    items NEW no longer has, in OLD's order."""
    before_of = {id(after.item): before for p in levels.values() for before, after in p.pairs}
    changes: list[Change] = []
    for node in _nodes(new):
        before = before_of.get(id(node))
        owned = before.item.targets if before is not None else []
        changes += _compare_targets(owned, node.targets, node.id)
    for p in levels.values():
        for gone in p.removed:
            changes += _compare_targets(gone.item.targets, [], gone.id)
    return changes


def _nodes(programme: Programme) -> Iterator[Node]:
    """Every field, theme and measure, in document order."""
    for f in programme.fields:
        yield f
        for t in f.themes:
            yield t
            yield from t.measures


def _compare_targets(old: Sequence[Target], new: Sequence[Target], where: str) -> list[Change]:
    """The targets of one owner (``where``): they pair by id."""
    was = {t.id: t for t in old}
    changes: list[Change] = []
    for target in new:
        before = was.get(target.id)
        if before is None:
            changes.append(
                Change("target", "added", None, target.id, where, new=target.description)
            )
            continue
        old_values = before.model_dump(mode="json")
        new_values = target.model_dump(mode="json")
        keys = [k for k in [*old_values, *new_values] if old_values.get(k) != new_values.get(k)]
        keys = list(dict.fromkeys(keys))
        if keys:
            changes.append(
                Change(
                    "target",
                    "changed",
                    before.id,
                    target.id,
                    where,
                    ", ".join(keys),
                    _values(old_values, keys),
                    _values(new_values, keys),
                )
            )
    now = {t.id for t in new}
    changes += [
        Change("target", "removed", t.id, None, where, old=t.description)
        for t in old
        if t.id not in now
    ]
    return changes


def _values(values: dict[str, Any], keys: Sequence[str]) -> str:
    """``count: 2; per: year`` for the keys that differ (those absent left out)."""
    return "; ".join(f"{k}: {_value(values[k])}" for k in keys if k in values)


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- partners ------------------------------------------------------------------------------


def _partners(pairing: Pairing[Partner], partner_map: dict[str, str]) -> list[Change]:
    changes: list[Change] = []
    for before, after in pairing.new:
        if before is None:
            changes.append(Change("partner", "added", None, after.id, new=after.name))
        else:
            changes += _partner_changes(before, after, partner_map)
    changes += [Change("partner", "removed", p.id, None, old=p.name) for p in pairing.removed]
    return changes


def _partner_changes(before: Partner, after: Partner, partner_map: dict[str, str]) -> list[Change]:
    changes: list[Change] = []

    def change(what: ChangeKind, attribute: str, was: str | None, now: str | None) -> None:
        changes.append(Change("partner", what, before.id, after.id, "", attribute, was, now))

    if before.id != after.id:
        change("renumbered", "id", None, after.name)
    if normalise(before.name) != normalise(after.name):
        change("renamed", "name", before.name, after.name)
    parent = partner_map.get(before.parent, before.parent) if before.parent else None
    if parent != after.parent:
        change("changed", "parent", before.parent, after.parent)
    if [normalise(a) for a in before.aliases] != [normalise(a) for a in after.aliases]:
        change("changed", "aliases", ", ".join(before.aliases), ", ".join(after.aliases))
    if normalise(before.description) != normalise(after.description):
        change("changed", "description", before.description or None, after.description or None)
    return changes
