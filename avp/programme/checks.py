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


def check_programme(data: Any, text: str | None = None) -> list[Finding]:
    """Cross-checks of a programme; schema errors are pydantic's job.

    ``text``: the YAML text ``data`` was read from, if known; when it has no control
    character and no escape (a backslash) none of its strings can hold one, and they are
    not gathered to be searched (a programme of 10,000 measures: a tenth of a second).
    """
    clean = text is not None and "\\" not in text and not bad_characters(text)
    return [
        *_check_partners(data),
        *_check_glossary(data),
        *_check_fields(data),
        *_check_targets(data),
        *([] if clean else _check_text(data)),
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


def _enabled(data: Any) -> tuple[set[str], list[Finding]]:
    """The opt-in rules the programme turns on, and findings for names that are none."""
    meta = data.get("programme") if isinstance(data, dict) else None
    names = meta.get("enable") if isinstance(meta, dict) else None
    if not isinstance(names, list):
        return set(), []
    found: list[Finding] = []
    for i, name in enumerate(names):
        if isinstance(name, str) and name not in rules.OPT_IN:
            found.append(
                Finding(
                    ("programme", "enable", i),
                    f"{name!r} is not an opt-in check{suggest(name, rules.OPT_IN)}; "
                    f"choose from {', '.join(sorted(rules.OPT_IN))}",
                    rules.ENABLE,
                )
            )
    return {n for n in names if isinstance(n, str)}, found


def _id(item: dict[str, Any]) -> str | None:
    """An item's id as the model reads it: text, or a whole number as text."""
    value = item.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


def nodes(data: Any) -> Iterator[tuple[str, Loc, dict[str, Any]]]:
    """(level, location, item) of every field, theme and measure in the plain data."""
    for fi, field in _items(data, "fields"):
        floc: Loc = ("fields", fi)
        yield "field", floc, field
        for ti, theme in _items(field, "themes"):
            tloc: Loc = (*floc, "themes", ti)
            yield "theme", tloc, theme
            for mi, measure in _items(theme, "measures"):
                yield "measure", (*tloc, "measures", mi), measure


def _check_fields(data: Any) -> Iterator[Finding]:
    enabled, unknown = _enabled(data)
    yield from unknown
    partner_ids: set[str] = {
        p["id"] for _, p in _items(data, "partners") if isinstance(p.get("id"), str)
    }
    have_partners = isinstance(data, dict) and isinstance(data.get("partners"), list)
    seen: dict[str, tuple[str, Loc]] = {}
    for level, loc, item in nodes(data):
        nid = _id(item)
        if nid is not None:
            if nid in seen:
                first_level, first = seen[nid]
                yield Finding(
                    (*loc, "id"),
                    f"duplicate id {nid!r}: {first_level} {nid} at {format_loc(first)} has it "
                    "too; every field, theme and measure needs its own id",
                    rules.DUPLICATE_ID,
                )
            else:
                seen[nid] = (level, loc)
        if level == "field" and not item.get("themes"):
            yield Finding(loc, f"field {nid} has no themes yet", rules.EMPTY_FIELD, level="warning")
        elif level == "theme" and not item.get("measures"):
            yield Finding(
                loc, f"theme {nid} has no measures yet", rules.EMPTY_THEME, level="warning"
            )
        elif level == "measure":
            yield from _check_measure(item, loc, nid, partner_ids if have_partners else None)
    if "id-position" in enabled:
        yield from _check_positions(data)


def _check_measure(
    measure: dict[str, Any], loc: Loc, mid: str | None, partner_ids: set[str] | None
) -> Iterator[Finding]:
    if "result" not in measure:
        yield Finding(
            loc, f"measure {mid} has no expected result", rules.NO_RESULT, level="warning"
        )
    partners = measure.get("partners")
    if partners is None or partners == []:
        yield Finding(loc, f"measure {mid} names no partners", rules.NO_PARTNERS, level="warning")
    if not isinstance(partners, list) or partner_ids is None:
        return
    listed: set[str] = set()
    for pi, ref in enumerate(partners):
        if not isinstance(ref, str):
            continue
        if ref not in partner_ids:
            yield Finding(
                (*loc, "partners", pi),
                f"unknown partner {ref!r}{suggest(ref, partner_ids)}; "
                "add it to 'partners' or fix the id",
                rules.PARTNER_REF,
            )
        elif ref in listed:
            yield Finding(
                (*loc, "partners", pi),
                f"partner {ref!r} is listed twice",
                rules.DUPLICATE_PARTNER,
                level="warning",
            )
        listed.add(ref)


def _check_positions(data: Any) -> Iterator[Finding]:
    """The opt-in id-position lint: 1.3.2 is the 2nd measure of the 3rd theme of field 1."""
    for fi, field in _items(data, "fields"):
        expected_field = str(fi + 1)
        if _id(field) not in (None, expected_field):
            yield _misplaced(("fields", fi), "field", _id(field), expected_field)
        for ti, theme in _items(field, "themes"):
            tloc: Loc = ("fields", fi, "themes", ti)
            expected_theme = f"{expected_field}.{ti + 1}"
            if _id(theme) not in (None, expected_theme):
                yield _misplaced(tloc, "theme", _id(theme), expected_theme)
            for mi, measure in _items(theme, "measures"):
                expected = f"{expected_theme}.{mi + 1}"
                if _id(measure) not in (None, expected):
                    yield _misplaced((*tloc, "measures", mi), "measure", _id(measure), expected)


def _misplaced(loc: Loc, level: str, actual: str | None, expected: str) -> Finding:
    return Finding(
        (*loc, "id"),
        f"{level} id {actual!r} does not follow its place: expected {expected!r} "
        "(the programme enables id-position)",
        rules.ID_POSITION,
        level="warning",
    )


def _check_targets(data: Any) -> Iterator[Finding]:
    """Targets: unique ids per owner, dates in order and in range, one coverage form;
    a dropped measure's date in the period."""
    meta = data.get("programme") if isinstance(data, dict) else None
    period = meta.get("period") if isinstance(meta, dict) else None
    start = as_date(period.get("start")) if isinstance(period, dict) else None
    end = as_date(period.get("end")) if isinstance(period, dict) else None
    programme = (start, end) if start and end and start <= end else None
    for level, loc, item in nodes(data):
        seen: dict[str, int] = {}
        for gi, target in _items(item, "targets"):
            tloc: Loc = (*loc, "targets", gi)
            tid = target.get("id")
            if isinstance(tid, str):
                if tid in seen:
                    yield Finding(
                        (*tloc, "id"),
                        f"duplicate target id {tid!r} in {level} {_id(item)} (first at "
                        f"targets[{seen[tid]}])",
                        rules.DUPLICATE_ID,
                    )
                else:
                    seen[tid] = gi
            yield from _check_target(target, tloc, programme)
        dropped = item.get("dropped") if level == "measure" else None
        day = as_date(dropped.get("date")) if isinstance(dropped, dict) else None
        if day is not None and programme is not None and not programme[0] <= day <= programme[1]:
            yield Finding(
                (*loc, "dropped", "date"),
                f"measure {_id(item)} is dropped on {day}, outside the programme period "
                f"{start} to {end}",
                rules.DROPPED,
                level="warning",
            )


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
