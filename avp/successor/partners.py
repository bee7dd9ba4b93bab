"""The partners of several programmes as one list, and the clashes a person must decide.

Names are compared case- and accent-insensitively (:func:`avp.base.text.fold`). Each
partner of each programme, in ``--from`` order, is placed by these rules:

* **Same id** as a partner already placed: merged into it (aliases joined). When the two
  names differ (and neither is an alias of the other) that is a *clash*: the first name is
  kept and the other becomes an alias.
* **Same name, or a shared alias**, under another id: merged into the partner placed first
  (its id wins; the measures that named the other id name it now). Listed in the review as
  a merge, not a clash.
* **An alias of one that is the other's name or id** (and nothing more in common): a
  *clash*. They stay two partners, the alias is left out (a name must point at one partner)
  and the review asks which it is.
* **Different parents** after the merge: a *clash*; the first parent is kept (and none
  that would make a partner part of itself).

A partner whose id another partner already uses as a name or alias gets that label taken
away from the other (its id cannot change without touching the measures). The result
passes the checks of :mod:`avp.programme.checks`: unique ids, every label one partner's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from avp.base.text import fold
from avp.programme.models import Partner


@dataclass
class PartnerMerge:
    """The merged partners, the id each old partner has now, and what to review."""

    partners: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: fold(label) -> the id of the partner it names (every id, name and alias).
    owners: dict[str, str] = field(default_factory=dict)
    #: (programme number, old id) -> new id.
    ids: dict[tuple[int, str], str] = field(default_factory=dict)
    clashes: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)

    def new_id(self, number: int, old: str) -> str:
        return self.ids.get((number, old), old)

    def add_programme(self, number: int, shown: str, partners: list[Partner]) -> None:
        """Place every partner of programme ``number`` (``shown``: how the review names it)."""
        for partner in partners:
            self._place(number, shown, partner)
        for partner in partners:  # the parents, once every id of this programme is known
            if partner.parent is None:
                continue
            pid = self.new_id(number, partner.id)
            parent = self.new_id(number, partner.parent)
            current = self.partners[pid].get("parent")
            if current is None and self._above(parent, pid):
                self.clashes.append(
                    f"partner {pid!r}: parent {parent!r} in {shown}, but {parent!r} is part "
                    f"of {pid!r} in an earlier programme; left without a parent: check it"
                )
            elif current is None:
                self.partners[pid]["parent"] = parent
            elif current != parent:
                self.clashes.append(
                    f"partner {pid!r}: parent {current!r} in an earlier programme, "
                    f"{parent!r} in {shown}; kept {current!r}: check it"
                )

    def _above(self, parent: str, pid: str) -> bool:
        """Whether ``pid`` is ``parent`` or one of its parents (a cycle if joined)."""
        seen: set[str] = set()
        current: str | None = parent
        while current is not None and current not in seen:
            if current == pid:
                return True
            seen.add(current)
            current = self.partners.get(current, {}).get("parent")
        return False

    def result(self) -> list[dict[str, Any]]:
        """The partners as plain data, in the order they were first placed."""
        return [
            {k: v for k, v in p.items() if v not in (None, "", [])} for p in self.partners.values()
        ]

    def _place(self, number: int, shown: str, partner: Partner) -> None:
        names = [partner.name, *partner.aliases]
        if partner.id in self.partners:
            target = self.partners[partner.id]
            if not self._same_name(target, partner):
                self.clashes.append(
                    f"partner {partner.id!r}: named {target['name']!r} in an earlier programme "
                    f"and {partner.name!r} in {shown}; kept {target['name']!r} (the other is "
                    "an alias now): check which name is right"
                )
            self._join(partner.id, names, shown)
            self.ids[(number, partner.id)] = partner.id
            return
        same = self._by_name_or_alias(partner)
        if same is not None:
            self.merged.append(
                f"partner {partner.id!r} ({partner.name}) of {shown} merged into {same!r} "
                f"({self.partners[same]['name']}) by name or alias"
            )
            self._join(same, [*names, partner.id], shown)
            self.ids[(number, partner.id)] = same
            return
        self._new(number, shown, partner)

    @staticmethod
    def _same_name(target: dict[str, Any], partner: Partner) -> bool:
        mine = {fold(target["name"]), *map(fold, target["aliases"])}
        return fold(partner.name) in mine or fold(target["name"]) in map(fold, partner.aliases)

    def _by_name_or_alias(self, partner: Partner) -> str | None:
        """The partner with the same name, or an alias in common (not a cross match)."""
        by_name = self.owners.get(fold(partner.name))
        if by_name is not None and fold(self.partners[by_name]["name"]) == fold(partner.name):
            return by_name
        for alias in map(fold, partner.aliases):
            owner = self.owners.get(alias)
            if owner is not None and alias in map(fold, self.partners[owner]["aliases"]):
                return owner
        return None

    def _join(self, pid: str, labels: list[str], shown: str) -> None:
        """Add the ``labels`` of another programme's partner to partner ``pid`` as aliases:
        those it does not know yet, and that name no other partner."""
        target = self.partners[pid]
        for label in labels:
            key = fold(label)
            owner = self.owners.get(key)
            if owner is None:
                self.owners[key] = pid
                target["aliases"].append(label)
            elif owner != pid:
                self.clashes.append(
                    f"partner {pid!r}: {label!r} of {shown} names partner {owner!r} already; "
                    "left out: check which partner it is"
                )

    def _new(self, number: int, shown: str, partner: Partner) -> None:
        pid = partner.id
        owner = self.owners.get(fold(pid))
        if owner is not None:  # another partner has our id as a name or alias
            other = self.partners[owner]
            if fold(other["name"]) == fold(pid) or fold(owner) == fold(pid):
                pid = self._free_id(pid)
                self.clashes.append(
                    f"partner {partner.id!r} of {shown} is the name of partner {owner!r}; "
                    f"its id is {pid!r} now: check whether they are one partner"
                )
            else:
                other["aliases"] = [a for a in other["aliases"] if fold(a) != fold(pid)]
                self.clashes.append(
                    f"partner {owner!r}: alias {pid!r} is the id of partner {pid!r} of "
                    f"{shown}; the alias is left out: check whether they are one partner"
                )
        self.partners[pid] = {
            "id": pid,
            "name": "",
            "aliases": [],
            "parent": None,
            "description": partner.description,
        }
        self.ids[(number, partner.id)] = pid
        self.owners[fold(pid)] = pid
        name_owner = self.owners.get(fold(partner.name))
        if name_owner not in (None, pid):
            # The name is an alias of another partner (a cross match): the name stays, the
            # other partner loses the alias.
            other = self.partners[name_owner]
            other["aliases"] = [a for a in other["aliases"] if fold(a) != fold(partner.name)]
            self.clashes.append(
                f"partner {name_owner!r}: alias {partner.name!r} is the name of partner {pid!r} "
                f"of {shown}; the alias is left out: check whether they are one partner"
            )
        self.owners[fold(partner.name)] = pid
        self.partners[pid]["name"] = partner.name
        for alias in partner.aliases:  # verbatim, as far as no other partner has the name
            owner = self.owners.setdefault(fold(alias), pid)
            if owner == pid:
                self.partners[pid]["aliases"].append(alias)
            else:
                self.clashes.append(
                    f"partner {pid!r}: alias {alias!r} of {shown} names partner {owner!r} "
                    "already; left out: check which partner it is"
                )

    def _free_id(self, pid: str) -> str:
        number = 2
        while f"{pid}-{number}" in self.partners or fold(f"{pid}-{number}") in self.owners:
            number += 1
        return f"{pid}-{number}"
