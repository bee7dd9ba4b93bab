"""Checks that need more than one value: ids, references, the partner hierarchy.

They work on the plain loaded data (dicts and lists), not on the models, so that they can
run and be located even when the schema check found problems elsewhere in the file. Each
finding is a :class:`Finding`: a location in the data, a message, a rule and a level.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from avp.base import rules
from avp.base.dates import as_date
from avp.base.findings import Finding, Loc, format_loc
from avp.base.text import bad_characters, fold, suggest
from avp.targets.checks import _check_target
from avp.yamlio.positions import iter_strings, joined_strings


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def check_programme(data: Any) -> list[Finding]:
    """Cross-checks of a programme; schema errors are pydantic's job."""
    return [
        *_check_partners(data),
        *_check_glossary(data),
        *_check_fields(data),
        *_check_targets(data),
        *_check_text(data),
    ]


def _check_partners(data: Any) -> Iterator[Finding]:
    partners = _items(data, "partners")
    seen: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, partner in partners:
        pid = partner.get("id")
        if not isinstance(pid, str):
            continue
        if pid in seen:
            yield Finding(
                ("partners", i, "id"),
                f"duplicate partner id {pid!r} (first at partners[{seen[pid]}])",
                rules.DUPLICATE_ID,
            )
        else:
            seen[pid] = i
        labels: list[tuple[Loc, Any]] = [(("id",), pid), (("name",), partner.get("name"))]
        aliases = partner.get("aliases")
        if isinstance(aliases, list):
            labels += [(("aliases", j), alias) for j, alias in enumerate(aliases)]
        for where, label in labels:
            if not isinstance(label, str):
                continue
            key = fold(label)
            owner = names.setdefault(key, pid)
            if owner != pid:
                loc: Loc = ("partners", i, *where)
                yield Finding(
                    loc,
                    f"{label!r} names both partner {owner!r} and {pid!r}; "
                    "a name or alias must point at one partner",
                    rules.AMBIGUOUS_NAME,
                )
    ids = set(seen)
    parents: dict[str, str] = {}
    for i, partner in partners:
        pid, parent = partner.get("id"), partner.get("parent")
        if not isinstance(parent, str) or not isinstance(pid, str):
            continue
        if parent not in ids:
            yield Finding(
                ("partners", i, "parent"),
                f"unknown parent partner {parent!r}{suggest(parent, ids)}",
                rules.PARTNER_REF,
            )
        elif parent == pid:
            yield Finding(
                ("partners", i, "parent"), f"partner {pid!r} is its own parent", rules.PARENT_CYCLE
            )
        else:
            parents[pid] = parent
    reported: set[str] = set()
    for i, partner in partners:
        pid = partner.get("id")
        if not isinstance(pid, str) or pid in reported:
            continue
        chain = [pid]
        current = pid
        while current in parents:
            current = parents[current]
            if current in chain:
                cycle = [*chain[chain.index(current) :], current]
                reported.update(cycle)
                yield Finding(
                    ("partners", i, "parent"),
                    "partner parents form a cycle: " + " -> ".join(cycle),
                    rules.PARENT_CYCLE,
                )
                break
            chain.append(current)


def _check_glossary(data: Any) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, entry in _items(data, "glossary"):
        term = entry.get("term")
        if not isinstance(term, str):
            continue
        key = fold(term)
        if key in seen:
            yield Finding(
                ("glossary", i, "term"),
                f"duplicate glossary term {term!r} (first at glossary[{seen[key]}])",
                rules.DUPLICATE_TERM,
            )
        else:
            seen[key] = i


def _check_fields(data: Any) -> Iterator[Finding]:
    partner_ids: set[str] = {
        p["id"] for _, p in _items(data, "partners") if isinstance(p.get("id"), str)
    }
    have_partners = isinstance(data, dict) and isinstance(data.get("partners"), list)
    measure_ids: dict[str, Loc] = {}
    for fi, field in _items(data, "fields"):
        field_id = field.get("id")
        if isinstance(field_id, int) and not isinstance(field_id, bool) and field_id != fi + 1:
            yield Finding(
                ("fields", fi, "id"),
                f"field id {field_id} does not match its place: field {fi + 1} of the list",
                rules.ID_POSITION,
            )
        for ti, theme in _items(field, "themes"):
            tloc: Loc = ("fields", fi, "themes", ti)
            expected_theme = f"{fi + 1}.{ti + 1}"
            theme_id = theme.get("id")
            if isinstance(theme_id, str) and theme_id != expected_theme:
                yield Finding(
                    (*tloc, "id"),
                    f"theme id {theme_id!r} does not match its place: expected {expected_theme!r}",
                    rules.ID_POSITION,
                )
            for mi, measure in _items(theme, "measures"):
                mloc: Loc = (*tloc, "measures", mi)
                mid = measure.get("id")
                if isinstance(mid, str):
                    expected = f"{expected_theme}.{mi + 1}"
                    if mid in measure_ids:
                        yield Finding(
                            (*mloc, "id"),
                            f"duplicate measure id {mid!r} (first at "
                            f"{format_loc(measure_ids[mid])})",
                            rules.DUPLICATE_ID,
                        )
                    else:
                        measure_ids[mid] = mloc
                    if mid != expected:
                        yield Finding(
                            (*mloc, "id"),
                            f"measure id {mid!r} does not match its place: expected {expected!r}",
                            rules.ID_POSITION,
                        )
                partners = measure.get("partners")
                if not isinstance(partners, list) or not have_partners:
                    continue
                listed: set[str] = set()
                for pi, ref in enumerate(partners):
                    if not isinstance(ref, str):
                        continue
                    if ref not in partner_ids:
                        yield Finding(
                            (*mloc, "partners", pi),
                            f"unknown partner {ref!r}{suggest(ref, partner_ids)}; "
                            "add it to 'partners' or fix the id",
                            rules.PARTNER_REF,
                        )
                    elif ref in listed:
                        yield Finding(
                            (*mloc, "partners", pi),
                            f"partner {ref!r} is listed twice",
                            rules.DUPLICATE_PARTNER,
                            level="warning",
                        )
                    listed.add(ref)


def _check_targets(data: Any) -> Iterator[Finding]:
    """Targets: unique ids per measure, dates in order and in range, one coverage form."""
    meta = data.get("programme") if isinstance(data, dict) else None
    period = meta.get("period") if isinstance(meta, dict) else None
    start = as_date(period.get("start")) if isinstance(period, dict) else None
    end = as_date(period.get("end")) if isinstance(period, dict) else None
    programme = (start, end) if start and end and start <= end else None
    for fi, field in _items(data, "fields"):
        for ti, theme in _items(field, "themes"):
            for mi, measure in _items(theme, "measures"):
                mloc: Loc = ("fields", fi, "themes", ti, "measures", mi)
                seen: dict[str, int] = {}
                for gi, target in _items(measure, "targets"):
                    tloc: Loc = (*mloc, "targets", gi)
                    tid = target.get("id")
                    if isinstance(tid, str):
                        if tid in seen:
                            mid = measure.get("id")
                            yield Finding(
                                (*tloc, "id"),
                                f"duplicate target id {tid!r} in measure {mid} (first at "
                                f"targets[{seen[tid]}])",
                                rules.DUPLICATE_ID,
                            )
                        else:
                            seen[tid] = gi
                    yield from _check_target(target, tloc, programme)


def _check_text(data: Any) -> Iterator[Finding]:
    if not bad_characters(joined_strings(data)):
        return
    for loc, text in iter_strings(data):
        if text.isprintable() or not bad_characters(text):
            continue
        shown = ", ".join(f"U+{ord(c):04X}" for c in bad_characters(text))
        yield Finding(
            loc,
            f"text holds control characters ({shown}); remove them",
            rules.CONTROL_CHARACTER,
        )
