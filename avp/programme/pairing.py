"""Pairing the items of two lists by id and text, and finding the items that changed place.

The rules are those of :mod:`avp.programme.diff`: the same id with the same text, then a
renumbering the new version declares, then the same text under another id, then the same
id with other text; text compared after whitespace normalisation.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar


def normalise(text: str | None) -> str:
    """Text with every run of white space as one space, without space at either end."""
    return " ".join((text or "").split())


T = TypeVar("T")


@dataclass(frozen=True)
class Pairing(Generic[T]):
    """Items of OLD and NEW paired."""

    #: Every item of NEW in its order, with the item of OLD it is (None: added).
    new: list[tuple[T | None, T]]
    #: The items of OLD that NEW does not have, in OLD's order.
    removed: list[T]

    @property
    def pairs(self) -> list[tuple[T, T]]:
        """The pairs (OLD, NEW), in NEW's order."""
        return [(o, n) for o, n in self.new if o is not None]


def pair(
    old: Sequence[T],
    new: Sequence[T],
    ident: Callable[[T], str],
    text: Callable[[T], str],
    declared: Mapping[str, str] | None = None,
) -> Pairing[T]:
    """Pair OLD's items with NEW's: same id and text, then a renumbering NEW declares
    (``declared``: old id -> new id), then same text, then same id."""
    new_index = {ident(item): j for j, item in enumerate(new)}
    old_text = [normalise(text(item)) for item in old]
    new_text = [normalise(text(item)) for item in new]
    matched: dict[int, int] = {}  # index in OLD -> index in NEW
    for i, item in enumerate(old):
        j = new_index.get(ident(item))
        if j is not None and old_text[i] == new_text[j]:
            matched[i] = j
    taken = set(matched.values())
    for i, item in enumerate(old):
        j = new_index.get((declared or {}).get(ident(item), ""))
        if i not in matched and j is not None and j not in taken:
            matched[i] = j
            taken.add(j)
    waiting: dict[str, list[int]] = {}  # text -> the unpaired items of NEW with it
    for j in range(len(new)):
        if j not in taken:
            waiting.setdefault(new_text[j], []).append(j)
    for i in range(len(old)):
        same_text = waiting.get(old_text[i]) if i not in matched else None
        if same_text:
            matched[i] = same_text.pop(0)
            taken.add(matched[i])
    for i, item in enumerate(old):
        j = new_index.get(ident(item))
        if i not in matched and j is not None and j not in taken:
            matched[i] = j
            taken.add(j)
    old_of: dict[int, T] = {j: old[i] for i, j in matched.items()}
    return Pairing(
        new=[(old_of.get(j), item) for j, item in enumerate(new)],
        removed=[item for i, item in enumerate(old) if i not in matched],
    )


def out_of_order(old_positions: Sequence[int]) -> set[int]:
    """The indices of ``old_positions`` (old places in new order) outside one longest
    increasing run: the fewest items whose moving explains the new order."""
    if not old_positions:
        return set()
    tails: list[int] = []  # tails[k]: the smallest last value of a run of length k + 1
    tail_index: list[int] = []
    previous: list[int | None] = [None] * len(old_positions)
    for index, value in enumerate(old_positions):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[k] = value
            tail_index[k] = index
        previous[index] = tail_index[k - 1] if k else None
    keep: set[int] = set()
    cursor: int | None = tail_index[-1]
    while cursor is not None:
        keep.add(cursor)
        cursor = previous[cursor]
    return set(range(len(old_positions))) - keep
