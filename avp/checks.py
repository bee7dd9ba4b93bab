"""Checks that need more than one value: ids, references, the partner hierarchy.

They work on the plain loaded data (dicts and lists), not on the models, so that they can
run and be located even when the schema check found problems elsewhere in the file. Each
finding is a :class:`Finding`: a location in the data, a message, a rule and a level.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from avp.problems import Level
from avp.yamlio import iter_strings, joined_strings

Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class Finding:
    loc: Loc
    message: str
    rule: str
    level: Level = "error"
    at_key: bool = False


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word``, if any is close enough."""
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or ``''``."""
    match = closest(word, choices)
    return f" (did you mean {match!r}?)" if match else ""


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
                "duplicate-id",
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
                    "ambiguous-name",
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
                "partner-ref",
            )
        elif parent == pid:
            yield Finding(
                ("partners", i, "parent"), f"partner {pid!r} is its own parent", "parent-cycle"
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
                    "parent-cycle",
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
                "duplicate-term",
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
                "id-position",
            )
        for ti, theme in _items(field, "themes"):
            tloc: Loc = ("fields", fi, "themes", ti)
            expected_theme = f"{fi + 1}.{ti + 1}"
            theme_id = theme.get("id")
            if isinstance(theme_id, str) and theme_id != expected_theme:
                yield Finding(
                    (*tloc, "id"),
                    f"theme id {theme_id!r} does not match its place: expected {expected_theme!r}",
                    "id-position",
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
                            "duplicate-id",
                        )
                    else:
                        measure_ids[mid] = mloc
                    if mid != expected:
                        yield Finding(
                            (*mloc, "id"),
                            f"measure id {mid!r} does not match its place: expected {expected!r}",
                            "id-position",
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
                            "partner-ref",
                        )
                    elif ref in listed:
                        yield Finding(
                            (*mloc, "partners", pi),
                            f"partner {ref!r} is listed twice",
                            "duplicate-partner",
                            level="warning",
                        )
                    listed.add(ref)


def _as_date(value: Any) -> dt.date | None:
    """A date from loaded YAML (text such as '2022-12-31', or a date); None otherwise."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


#: A baseline this many years before the programme starts is probably a typing error.
BASELINE_YEARS = 10


def _check_targets(data: Any) -> Iterator[Finding]:
    """Targets: unique ids per measure, dates in order and in range, one coverage form."""
    meta = data.get("programme") if isinstance(data, dict) else None
    period = meta.get("period") if isinstance(meta, dict) else None
    start = _as_date(period.get("start")) if isinstance(period, dict) else None
    end = _as_date(period.get("end")) if isinstance(period, dict) else None
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
                                "duplicate-id",
                            )
                        else:
                            seen[tid] = gi
                    yield from _check_target(target, tloc, programme)


def _check_target(
    target: dict[str, Any], loc: Loc, programme: tuple[dt.date, dt.date] | None
) -> Iterator[Finding]:
    kind = target.get("kind")
    first = _as_date(target.get("start"))
    last = _as_date(target.get("end"))
    if first and last and last < first:
        yield Finding(
            (*loc, "end"), f"the target ends ({last}) before it starts ({first})", "target-dates"
        )
    elif programme and ((first and first > programme[1]) or (last and last < programme[0])):
        yield Finding(
            loc,
            f"the target's start and end leave no day of the programme period "
            f"({programme[0]} to {programme[1]})",
            "target-dates",
            level="warning",
        )
    if kind == "threshold":
        yield from _check_threshold(target, loc, programme)
    elif kind == "comparison":
        reference = target.get("reference")
        if isinstance(reference, int) and not isinstance(reference, bool):
            per = target.get("per", "year")
            if per != "year":
                yield Finding(
                    (*loc, "reference"),
                    f"a reference year needs 'per: year' (this target is per {per})",
                    "target-reference",
                )
            begins = first or (programme[0] if programme else None)
            if begins and reference >= begins.year:
                yield Finding(
                    (*loc, "reference"),
                    f"the reference year {reference} must lie before the years it is compared "
                    f"with (from {begins.year})",
                    "target-reference",
                )
    elif kind == "coverage":
        forms = [key for key in ("percent", "per_occasion") if target.get(key) is not None]
        if len(forms) != 1:
            yield Finding(
                loc,
                "a coverage target has either 'percent' (a share of the population per "
                "period) or 'per_occasion' (a minimum at every occasion)"
                + (", not both" if forms else ""),
                "target-coverage",
            )
    elif kind == "deliverable":
        due = _as_date(target.get("due"))
        if due and programme and not programme[0] <= due <= programme[1]:
            yield Finding(
                (*loc, "due"),
                f"due date {due} is outside the programme period "
                f"({programme[0]} to {programme[1]})",
                "target-dates",
                level="warning",
            )


def _check_threshold(
    target: dict[str, Any], loc: Loc, programme: tuple[dt.date, dt.date] | None
) -> Iterator[Finding]:
    goal = target.get("target")
    baseline = target.get("baseline")
    goal_date = _as_date(goal.get("date")) if isinstance(goal, dict) else None
    goal_value = _number(goal.get("value")) if isinstance(goal, dict) else None
    base_date = _as_date(baseline.get("date")) if isinstance(baseline, dict) else None
    base_value = _number(baseline.get("value")) if isinstance(baseline, dict) else None
    if goal_date and programme and not programme[0] <= goal_date <= programme[1]:
        yield Finding(
            (*loc, "target", "date"),
            f"target date {goal_date} is outside the programme period "
            f"({programme[0]} to {programme[1]})",
            "target-dates",
            level="warning",
        )
    if base_date and goal_date and base_date >= goal_date:
        yield Finding(
            (*loc, "baseline", "date"),
            f"the baseline date {base_date} must lie before the target date {goal_date}",
            "target-dates",
        )
    elif base_date and programme and base_date.year < programme[0].year - BASELINE_YEARS:
        yield Finding(
            (*loc, "baseline", "date"),
            f"the baseline date {base_date} lies more than {BASELINE_YEARS} years before the "
            f"programme starts ({programme[0]}); is the year right?",
            "target-dates",
            level="warning",
        )
    direction = target.get("direction")
    if base_value is not None and goal_value is not None:
        wrong = (direction == "increase" and goal_value < base_value) or (
            direction == "decrease" and goal_value > base_value
        )
        if wrong:
            yield Finding(
                (*loc, "direction"),
                f"direction {direction!r} does not fit a target value of {goal_value:g} "
                f"from a baseline of {base_value:g}",
                "target-direction",
            )


# Control characters (Unicode category Cc) other than newline and tab, and the bidi
# embedding, override and isolate marks.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def bad_characters(text: str) -> str:
    """The control and bidi characters in ``text`` that have no place in programme text."""
    if _BAD_CHARACTER.search(text) is None:
        return ""
    return "".join(sorted(set(_BAD_CHARACTER.findall(text))))


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
            "control-character",
        )


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` for comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def format_loc(loc: Loc) -> str:
    """``fields[0].themes[2].measures[1]``: the YAML path of a location."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
