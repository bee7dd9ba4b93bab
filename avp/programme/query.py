"""Finding things in a programme: fields, themes, partners, measures, and filters over them.

Names are matched case- and accent-insensitively (:func:`avp.checks.fold`); a unique prefix
of a field or theme name is enough. What cannot be found raises
:class:`~avp.problems.NotFoundError` with a suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from avp.base.problems import NotFoundError
from avp.base.text import closest, fold
from avp.programme.status import Status

if TYPE_CHECKING:
    from avp.programme.models import Level, Measure, Partner, Programme, SafetyField, Theme


@dataclass(frozen=True)
class MeasureRow:
    """A measure with the field and theme it belongs to, and its current status."""

    field: SafetyField
    theme: Theme
    measure: Measure
    status: Status = Status.not_started


T = TypeVar("T")


def _did_you_mean(kind: str, wanted: str, choices: Iterable[str]) -> NotFoundError:
    match = closest(wanted, choices)
    hint = f"; did you mean {match!r}?" if match else ""
    return NotFoundError(f"no {kind} {wanted!r}{hint}")


class ProgrammeIndex:
    """Lookups over one programme, built once per command."""

    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        self.rows = [MeasureRow(f, t, m) for f, t, m in programme.measures()]
        self.partners = {p.id: p for p in programme.partners}

    # -- partners -----------------------------------------------------------------------

    @cached_property
    def _partner_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for partner in self.programme.partners:
            for label in (partner.id, partner.name, *partner.aliases):
                names.setdefault(fold(label), partner.id)
        return names

    @cached_property
    def children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {p.id: [] for p in self.programme.partners}
        for partner in self.programme.partners:
            if partner.parent in children:
                children[partner.parent].append(partner.id)
        return children

    def partner(self, wanted: str) -> Partner:
        """A partner by id, name or alias."""
        key = fold(wanted)
        names = self.__dict__.get("_partner_names")
        pid = names.get(key) if names is not None else self._first_partner_named(key)
        if pid is None:
            raise _did_you_mean("partner", wanted, self.partners)
        return self.partners[pid]

    def _first_partner_named(self, key: str) -> str | None:
        """What :attr:`_partner_names` gives for ``key`` (the first partner with an id,
        name or alias that folds to it), without folding the names of the partners after
        it: a workspace asks each of its hundreds of programmes for one partner."""
        for partner in self.programme.partners:
            for label in (partner.id, partner.name, *partner.aliases):
                if fold(label) == key:
                    return partner.id
        return None

    def with_subunits(self, partner_id: str) -> set[str]:
        """The partner and everything below it (the BOA's belong to the gemeente)."""
        found: set[str] = set()
        todo = [partner_id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.children.get(current, []))
        return found

    def partner_rows(self, partner_id: str, *, subunits: bool = True) -> list[MeasureRow]:
        wanted = self.with_subunits(partner_id) if subunits else {partner_id}
        return [r for r in self.rows if wanted.intersection(r.measure.partners)]

    # -- fields, themes, measures ----------------------------------------------------------

    def field(self, wanted: str) -> SafetyField:
        fields = self.programme.fields
        for f in fields:
            if wanted.strip() == str(f.id):
                return f
        return _by_name("field", wanted, fields, lambda f: f.name, lambda f: str(f.id))

    def theme(self, wanted: str) -> Theme:
        themes = [t for f in self.programme.fields for t in f.themes]
        for t in themes:
            if wanted.strip() == t.id:
                return t
        return _by_name("theme", wanted, themes, lambda t: t.name, lambda t: t.id)

    def owner(self, wanted: str) -> tuple[Level, SafetyField | Theme | Measure]:
        """A field, theme or measure by its id: what an entry or a target belongs to.

        An unknown id gets the suggestion of :func:`suggest_id`: ``1.3.`` is theme 1.3,
        not measure 1.3.9."""
        owners = self.programme.owners
        found = owners.get(wanted.strip())
        if found is None:
            match = suggest_id(wanted, owners)
            hint = f"; did you mean {match!r}?" if match else ""
            raise NotFoundError(f"no field, theme or measure {wanted!r}{hint}")
        return found

    def find(self, wanted: str) -> tuple[Level, SafetyField | Theme | Measure]:
        """What a person may name to be shown (``avp show``): an id (:meth:`owner`), an id
        written loosely (``thema 1.3``, ``1.3.``, ``1,3``: :func:`loose_id`), or a field's
        or theme's name (a unique prefix is enough)."""
        owners = self.programme.owners
        found = owners.get(wanted.strip()) or owners.get(loose_id(wanted))
        if found is not None:
            return found
        if not any(c.isdigit() for c in wanted) and fold(wanted):
            named: list[Callable[[str], SafetyField | Theme]] = [self.theme, self.field]
            for by_name in named:
                try:
                    item = by_name(wanted)
                except NotFoundError:
                    continue
                if str(item.id) in owners:
                    return owners[str(item.id)]
        return self.owner(wanted)

    def measure(self, wanted: str) -> MeasureRow:
        for row in self.rows:
            if row.measure.id == wanted.strip():
                return row
        raise _did_you_mean("measure", wanted, [r.measure.id for r in self.rows])


#: Words a person may put before an id: ``thema 1.3``, ``veld 1``, ``maatregel 1.3.5``.
_LEVEL_WORDS = re.compile(
    r"^(?:veiligheidsveld|veld|field|thema|theme|maatregel|measure|actie|action)\b[\s:.]*",
    re.IGNORECASE,
)


def loose_id(wanted: str) -> str:
    """An id as a person may write it, as the programme writes it: without a level word
    before it, spaces, dots at its ends or leading zeros, with a comma as a dot
    (``Thema 01,3.`` -> ``1.3``). Parts that are not numbers stay as they are (``1.3.2a``)."""
    text = _LEVEL_WORDS.sub("", wanted.strip())
    text = "".join(text.split()).replace(",", ".").strip(".")
    parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in text.split(".")]
    return ".".join(parts)


def suggest_id(wanted: str, ids: Iterable[str]) -> str | None:
    """The id most like ``wanted``: the loose form of it if that is one (``1.3.`` -> the
    theme ``1.3``), else the closest of the ids with as many parts (a theme for a theme:
    ``1.9`` -> ``1.3``, not a measure), else the closest of all."""
    known = list(ids)
    loose = loose_id(wanted)
    if loose in known:
        return loose
    depth = loose.count(".")
    return closest(loose, [i for i in known if i.count(".") == depth]) or closest(loose, known)


def _by_name(
    kind: str,
    wanted: str,
    items: Sequence[T],
    name: Callable[[T], str],
    ident: Callable[[T], str],
) -> T:
    key = fold(wanted)
    exact = [i for i in items if fold(name(i)) == key]
    if exact:
        return exact[0]
    prefixed = [i for i in items if key and fold(name(i)).startswith(key)]
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        names = ", ".join(f"{ident(i)} {name(i)!r}" for i in prefixed)
        raise NotFoundError(f"{kind} {wanted!r} is ambiguous: it could be {names}")
    raise _did_you_mean(kind, wanted, [name(i) for i in items] + [ident(i) for i in items])


@dataclass
class Filters:
    """What `avp list` selects. Different filters combine with AND, repeated ones with OR."""

    fields: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)


def searchable(row: MeasureRow) -> str:
    m = row.measure
    return fold(" ".join((m.text, m.result or "", row.theme.goal, m.partner_note or "")))


def select(
    index: ProgrammeIndex,
    filters: Filters,
    statuses: Mapping[str, Status] | None = None,
) -> list[MeasureRow]:
    """The measures that pass every filter, in programme order, with their status."""
    statuses = statuses or {}
    field_ids = {index.field(x).id for x in filters.fields}
    theme_ids = {index.theme(x).id for x in filters.themes}
    partner_ids: set[str] = set()
    for wanted in filters.partners:
        partner_ids |= index.with_subunits(index.partner(wanted).id)
    measure_ids = {index.measure(x).measure.id for x in filters.measures}
    needles = [fold(s) for s in filters.search if fold(s)]
    chosen = []
    for row in index.rows:
        status = statuses.get(row.measure.id, Status.not_started)
        if field_ids and row.field.id not in field_ids:
            continue
        if theme_ids and row.theme.id not in theme_ids:
            continue
        if partner_ids and not partner_ids.intersection(row.measure.partners):
            continue
        if measure_ids and row.measure.id not in measure_ids:
            continue
        if filters.statuses and status not in filters.statuses:
            continue
        if needles and not any(n in searchable(row) for n in needles):
            continue
        chosen.append(MeasureRow(row.field, row.theme, row.measure, status))
    return chosen
