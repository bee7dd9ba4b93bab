"""The import's own check: every source cell is in the output, as text or as partners.

A measure, result, goal or extra cell must occur (whitespace collapsed) in the output's
text. A partner cell must be made of the output's partner names and aliases (in any case,
accents ignored), its partner note and separators only, and each partner it names must be
listed with the measure (or be the parent of one listed, as in ``Gemeente (BOA's)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from avp.importing.partners import SEPARATORS, PartnerIndex


def collapse(text: str) -> str:
    return " ".join(text.split())


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _measures(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for f in data.get("fields") or []
        for t in f.get("themes") or []
        for m in t.get("measures") or []
    ]


def missing_cells(data: dict[str, Any], cells: list[tuple[str, str, str, str]]) -> list[str]:
    """The cells (role, text, where, measure id) that ``data`` (the programme as written)
    lacks."""
    haystack = "\n".join(collapse(s) for s in _strings(data.get("fields") or []))
    index = PartnerIndex()
    for partner in data.get("partners") or []:
        index.add(partner, "programme")
    parents = {p["id"]: p.get("parent") for p in data.get("partners") or []}
    measures = {str(m.get("id")): m for m in _measures(data)}
    missing: list[str] = []
    for role, text, where, measure_id in cells:
        if role != "partners":
            if collapse(text) not in haystack:
                missing.append(f"{where}: {role} cell not found in the output: {text!r}")
            continue
        measure = measures.get(measure_id)
        if measure is None or not _partners_hold(text, measure, index, parents):
            missing.append(f"{where}: partner cell not represented in the output: {text!r}")
    return missing


def _partners_hold(
    cell: str, measure: dict[str, Any], index: PartnerIndex, parents: dict[str, Any]
) -> bool:
    note = measure.get("partner_note")
    listed = set(measure.get("partners") or [])
    if note and collapse(note) not in collapse(cell):
        return False
    found = index.find(cell)
    implied = {parents.get(pid) for pid in listed}
    named = {pid for _, _, pid in found}
    if note:
        in_note = {pid for s, _, pid in found if cell.find(note) <= s}
        named -= in_note - listed
    if not named <= listed | implied or not listed <= named:
        return False
    rest = list(cell)
    if note:
        start = cell.find(note)
        rest[start : start + len(note)] = " " * len(note)
    for start, end, _ in found:
        rest[start:end] = " " * (end - start)
    return not any(c.isalpha() for c in SEPARATORS.sub(" ", "".join(rest)))
