"""The rows of the export's tables, from projects: what avp computes, as plain values.

Statuses, staleness and verdicts are avp's own (:meth:`avp.project.Project.statuses`,
:meth:`~avp.project.Project.stale`, :meth:`~avp.project.Project.targets`), computed here and
stored, so that a query of the file agrees with ``avp list`` and ``avp targets`` on the same
day; no rule is written again in SQL. Labels, period names and forecasts are in the
programme's language (or ``lang``), as avp shows them (:func:`avp.render.records.target_record`).

The rows are the programme as it stood on ``as_of``: the entries dated on or before it,
each measure's status, last entry and staleness on that day, every target judged on it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from avp.export.schema import TABLE_NAMES
from avp.programme.status import Status

if TYPE_CHECKING:
    from avp.project import Project

Row = tuple[Any, ...]

#: The keys of a target that have columns of their own; the rest goes to ``definition``.
_TARGET_COLUMNS = frozenset({"id", "kind", "description", "suggested", "basis"})


@dataclass
class Rows:
    """Every table's rows, keyed by table name; the integer keys run on across programmes."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLE_NAMES})
    _next: dict[str, int] = field(default_factory=dict)

    def key(self, table: str) -> int:
        """The next integer key of ``table`` (from 1)."""
        self._next[table] = self._next.get(table, 0) + 1
        return self._next[table]

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _json(value: Any) -> str:
    """A value as JSON text, non-ASCII letters as they are (an empty list or dict, most
    measures' extra columns and most partners' aliases, without the encoder)."""
    if not value and isinstance(value, list | dict):
        return "[]" if isinstance(value, list) else "{}"
    return _encode(value)


def _labels(language: str) -> dict[Status, str]:
    """Every status's label in ``language``, looked up once per programme."""
    return {status: status.label(language) for status in Status}


@dataclass
class _Keys:
    """The keys of one programme's fields, themes and measures, by the programme's ids."""

    fields: dict[str, int] = field(default_factory=dict)
    #: theme id -> (field key, theme key)
    themes: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: measure id -> (field key, theme key, measure key)
    measures: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    partners: dict[str, int] = field(default_factory=dict)

    def owner(self, level: str | None, owner_id: str) -> tuple[int | None, int | None, int | None]:
        """(field key, theme key, measure key) of what ``owner_id`` names at ``level``."""
        if level == "measure":
            return self.measures[owner_id]
        if level == "theme":
            field_key, theme_key = self.themes[owner_id]
            return field_key, theme_key, None
        if level == "field":
            return self.fields[owner_id], None, None
        return None, None, None


def add_project(
    rows: Rows, project: Project, name: str, as_of: dt.date, lang: str | None = None
) -> None:
    """Add the rows of ``project`` (its programme and log on ``as_of``) under ``name``."""
    meta = project.programme.programme
    language = lang or meta.language
    programme_id = rows.key("programmes")
    keys = _add_structure(rows, project, programme_id)
    entry_keys = _add_entries(rows, project, programme_id, keys, as_of, language)
    _add_measures(rows, project, programme_id, keys, entry_keys, as_of, language)
    _add_targets(rows, project, programme_id, keys, as_of, language)
    period = meta.period
    log_path = project.log_path
    rows.tables["programmes"].append(
        (
            programme_id,
            name,
            meta.municipality,
            meta.title,
            period.start.isoformat(),
            period.end.isoformat(),
            meta.adopted.date.isoformat(),
            meta.adopted.body,
            meta.source,
            meta.language,
            str(project.path),
            str(log_path) if log_path is not None else None,
            as_of.isoformat(),
            len(keys.measures),
            len(entry_keys),
        )
    )


def _add_structure(rows: Rows, project: Project, programme_id: int) -> _Keys:
    """Fields, themes and partners; the keys of every field, theme, measure and partner."""
    programme = project.programme
    tables = rows.tables
    keys = _Keys()
    for f_pos, f in enumerate(programme.fields, 1):
        field_key = keys.fields[f.id] = rows.key("fields")
        tables["fields"].append((field_key, programme_id, f.id, f_pos, f.name, f.goal))
        for t_pos, t in enumerate(f.themes, 1):
            theme_key = rows.key("themes")
            keys.themes[t.id] = (field_key, theme_key)
            tables["themes"].append(
                (theme_key, programme_id, field_key, t.id, t_pos, t.name, t.goal)
            )
            for m in t.measures:
                keys.measures[m.id] = (field_key, theme_key, rows.key("measures"))
    for p in programme.partners:
        keys.partners[p.id] = rows.key("partners")
    for p_pos, p in enumerate(programme.partners, 1):
        parent_key = keys.partners.get(p.parent) if p.parent is not None else None
        tables["partners"].append(
            (
                keys.partners[p.id],
                programme_id,
                p.id,
                p_pos,
                p.name,
                _json(list(p.aliases)),
                parent_key,
                p.parent,
                p.description,
            )
        )
    units = rows.tables["partner_units"]
    index = project.index
    for p in programme.partners:
        for unit in sorted(index.with_subunits(p.id), key=keys.partners.__getitem__):
            units.append((programme_id, keys.partners[p.id], keys.partners[unit]))
    return keys


def _add_entries(
    rows: Rows, project: Project, programme_id: int, keys: _Keys, as_of: dt.date, language: str
) -> dict[int, int]:
    """The log's entries dated on or before ``as_of`` that count (not superseded or
    retracted, :mod:`avp.progress.corrections`), in log order (``position`` is the place in
    the whole log); ``id()`` of each entry -> its key."""
    entry_keys: dict[int, int] = {}
    labels = _labels(language)
    owners = project.programme.owners
    table = rows.tables["entries"]
    corrected = project.state().corrections  # superseded or retracted: it counts no more
    for position, entry in enumerate(project.log.entries, 1):
        if entry.date > as_of or entry.retracts is not None or entry.id in corrected:
            continue
        entry_key = entry_keys[id(entry)] = rows.key("entries")
        found = owners.get(entry.measure)
        level = found[0] if found is not None else None
        field_key, theme_key, measure_key = keys.owner(level, entry.measure)
        status = entry.status
        table.append(
            (
                entry_key,
                programme_id,
                entry.id,
                position,
                level,
                entry.measure,
                field_key,
                theme_key,
                measure_key,
                entry.date.isoformat(),
                status.value if status is not None else None,
                labels[status] if status is not None else None,
                entry.target,
                entry.count,
                entry.value,
                entry.note,
                entry.author,
                entry.source,
                entry.correction,
            )
        )
    return entry_keys


def _add_measures(
    rows: Rows,
    project: Project,
    programme_id: int,
    keys: _Keys,
    entry_keys: dict[int, int],
    as_of: dt.date,
    language: str,
) -> None:
    """Measures with avp's status on ``as_of`` (dropped ones too), and their partners."""
    state = project.state(as_of)
    statuses = state.statuses
    stale = project.stale(as_of)
    labels = _labels(language)
    measures, links = rows.tables["measures"], rows.tables["measure_partners"]
    placed = [
        (m_pos, m)
        for f in project.programme.fields
        for t in f.themes
        for m_pos, m in enumerate(t.measures, 1)
    ]
    for m_pos, m in placed:
        field_key, theme_key, measure_key = keys.measures[m.id]
        status = statuses[m.id]
        latest = state.latest(m.id)
        with_status = state.latest_status(m.id)
        dropped = m.dropped
        measures.append(
            (
                measure_key,
                programme_id,
                field_key,
                theme_key,
                m.id,
                m_pos,
                m.text,
                ", ".join(m.partners),
                m.partner_note,
                m.result,
                _json(dict(m.extra)),
                dropped.date.isoformat() if dropped is not None else None,
                dropped.decision if dropped is not None else None,
                status.value,
                labels[status],
                int(m.id in stale),
                len(state.history(m.id)),
                entry_keys[id(latest)] if latest is not None else None,
                entry_keys[id(with_status)] if with_status is not None else None,
            )
        )
        for pa_pos, partner_id in enumerate(m.partners, 1):
            links.append((programme_id, measure_key, keys.partners[partner_id], pa_pos))


def _add_targets(
    rows: Rows, project: Project, programme_id: int, keys: _Keys, as_of: dt.date, language: str
) -> None:
    """Every target of a field, theme or measure, and its verdict on ``as_of`` with the
    figures and forecast as ``avp targets`` shows them."""
    from avp.render.records import target_record  # lazy
    from avp.targets.verdicts import disagrees  # lazy

    statuses = project.statuses(as_of)
    targets, verdicts = rows.tables["targets"], rows.tables["verdicts"]
    positions: dict[str, int] = {}
    for judged in project.targets(as_of):
        owner_id = judged.owner
        target = judged.target
        positions[owner_id] = positions.get(owner_id, 0) + 1
        field_key, theme_key, measure_key = keys.owner(judged.level, owner_id)
        target_key = rows.key("targets")
        definition = target.model_dump(mode="json", exclude=set(_TARGET_COLUMNS))
        targets.append(
            (
                target_key,
                programme_id,
                judged.level,
                owner_id,
                field_key,
                theme_key,
                measure_key,
                target.id,
                positions[owner_id],
                target.kind,
                target.description,
                int(target.suggested),
                target.basis,
                _json(definition),
            )
        )
        record = target_record(judged, language)
        current = judged.current
        status_key = statuses[owner_id].value if judged.level == "measure" else None
        verdicts.append(
            (
                target_key,
                programme_id,
                as_of.isoformat(),
                record["period"],
                record["period_label"],
                current.start.isoformat() if current is not None else None,
                current.end.isoformat() if current is not None else None,
                record["required"],
                record["achieved"],
                record["verdict"],
                record["verdict_label"],
                record["forecast"],
                status_key,
                int(disagrees(status_key, judged.verdict)) if status_key else 0,
            )
        )
