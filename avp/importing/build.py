"""Blocks -> programme data (a dict the models accept) and the items to review.

Headings: the smallest heading level in the document gives the fields, the next one the
themes (one level only: each field gets one theme of the same name). The goal is a ``Doel``
column (its cells on later rows continue it) or a ``Doel: ...`` paragraph. A table's first
row is its header (:mod:`avp.importing.columns`); each row with a measure cell is a measure.
Ids: the document's own numbers (a heading's number, an ``Nr`` column), else by position
(field N, theme N.M, measure N.M.K). Every cell the builder cannot place is listed in
``unplaced``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from avp.importing.blocks import Block, Heading, Paragraph, Table
from avp.importing.columns import Columns, header_key, recognise
from avp.importing.partners import PartnerIndex, parse_cell

GOAL_PARAGRAPH = re.compile(r"^(?:doel|doelstelling|doelen)\s*:\s*(?P<goal>\S.*)$", re.IGNORECASE)
DEFAULT_LABELS = {"measure": "maatregel", "partners": "partners", "goal": "doel"}


@dataclass
class Built:
    """What the builder made of the blocks."""

    fields: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    review: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    positional: bool = True  # every id was given by position
    cells: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(role, text, where, measure id) of every cell placed, for the verbatim check."""


def _theme(theme_id: str, name: str) -> dict[str, Any]:
    return {"id": theme_id, "name": name, "goal": "", "measures": []}


class _Builder:
    def __init__(self, blocks: list[Block], index: PartnerIndex) -> None:
        self.blocks = blocks
        self.index = index
        self.out = Built()
        levels = sorted({b.level for b in blocks if isinstance(b, Heading)})
        self.field_level = levels[0] if levels else 1
        self.theme_level = levels[1] if len(levels) > 1 else None
        self.field: dict[str, Any] | None = None
        self.theme: dict[str, Any] | None = None
        self.used_ids: set[str] = set()

    # -- structure ---------------------------------------------------------------------

    def _new_field(self, name: str, number: str | None, where: str) -> None:
        position = str(len(self.out.fields) + 1)
        fid = self._id(number, position, where)
        self.field = {"id": fid, "name": name, "themes": []}
        self.out.fields.append(self.field)
        self.theme = None
        if self.theme_level is None:
            self._new_theme(name, None, where)

    def _new_theme(self, name: str, number: str | None, where: str) -> None:
        if self.field is None:
            self.out.review.append(f"{where}: a theme before any field; put in a field 'Programma'")
            self._new_field("Programma", None, where)
            if self.theme_level is None:
                return
        assert self.field is not None
        position = f"{self.field['id']}.{len(self.field['themes']) + 1}"
        self.theme = _theme(self._id(number, position, where), name)
        self.field["themes"].append(self.theme)

    def _id(self, number: str | None, position: str, where: str) -> str:
        wanted = number if number else position
        if number and number != position:
            self.out.positional = False
        if wanted in self.used_ids:
            fallback, n = f"{position}", 2
            while fallback in self.used_ids:
                fallback, n = f"{position}-{n}", n + 1
            self.out.review.append(f"{where}: the number {wanted} is used twice; gave {fallback}")
            wanted = fallback
        self.used_ids.add(wanted)
        return wanted

    # -- blocks --------------------------------------------------------------------------

    def build(self) -> Built:
        for block in self.blocks:
            if isinstance(block, Heading):
                self._heading(block)
            elif isinstance(block, Paragraph):
                self._paragraph(block)
            else:
                self._table(block)
        self._drop_empty()
        return self.out

    def _heading(self, block: Heading) -> None:
        if block.level == self.field_level:
            self._new_field(block.text, block.number, block.where)
        elif block.level == self.theme_level:
            self._new_theme(block.text, block.number, block.where)
        else:
            self.out.review.append(
                f"{block.where}: heading {block.text!r} (level {block.level})"
                " is neither a field nor a theme; ignored"
            )

    def _paragraph(self, block: Paragraph) -> None:
        match = GOAL_PARAGRAPH.match(block.text)
        if match is None:
            return
        target = self.theme if self.theme is not None else self.field
        if target is None:
            self.out.review.append(f"{block.where}: a goal before any field or theme; ignored")
            return
        target["goal"] = f"{target.get('goal', '')} {match['goal']}".strip()
        self.out.cells.append(("goal", match["goal"], block.where, ""))

    def _table(self, table: Table) -> None:
        self.out.review += list(table.notes)
        if not table.rows:
            return
        columns = recognise(table.rows[0])
        if "measure" not in columns.roles:
            cells = [c for row in table.rows for c in row if c.strip()]
            self.out.unplaced += [
                f"{table.where}: table without a measure column "
                f"(headers: {' | '.join(table.rows[0])}): {cell!r}"
                for cell in cells
            ]
            return
        self._labels(columns)
        for extra in columns.extra.values():
            self.out.review.append(f"{table.where}: column kept under extra as {extra!r}")
        if self.theme is None:
            name = self.field["name"] if self.field else "Programma"
            self.out.review.append(
                f"{table.where}: a table without a theme heading; put in theme {name!r}"
            )
            self._new_theme(name, None, table.where)
        for number, row in enumerate(table.rows[1:], start=2):
            self._row(row, columns, f"{table.where}, row {number}")

    def _labels(self, columns: Columns) -> None:
        """The document's own column names; the result's is kept as it is (the caller
        compares it with the default ``Resultaat <end year>``)."""
        for role in ("measure", "partners", "goal", "result"):
            header = columns.header(role)
            if header is None or role in self.out.labels:
                continue
            if role == "result" or header_key(header) != DEFAULT_LABELS.get(role):
                self.out.labels[role] = " ".join(header.split())

    def _row(self, row: list[str], columns: Columns, where: str) -> None:
        assert self.theme is not None

        def cell(role: str) -> str:
            index = columns.roles.get(role)
            return row[index].strip() if index is not None and index < len(row) else ""

        known = set(columns.roles.values()) | set(columns.extra)
        for index, text in enumerate(row):
            if index not in known and text.strip():
                self.out.unplaced.append(f"{where}: a cell beyond the header's columns: {text!r}")
        goal = cell("goal")
        if goal:
            self.theme["goal"] = f"{self.theme['goal']} {goal}".strip()
            self.out.cells.append(("goal", goal, where, ""))
        text = cell("measure")
        if not text:
            rest = [
                row[i]
                for i in (
                    *columns.extra,
                    columns.roles.get("partners"),
                    columns.roles.get("result"),
                    columns.roles.get("id"),
                )
                if i is not None and i < len(row) and row[i].strip()
            ]
            self.out.unplaced += [
                f"{where}: a cell in a row without a measure: {c!r}" for c in rest
            ]
            return
        measures = self.theme["measures"]
        position = f"{self.theme['id']}.{len(measures) + 1}"
        measure: dict[str, Any] = {
            "id": self._id(cell("id") or None, position, where),
            "text": text,
        }
        self.out.cells.append(("measure", text, where, measure["id"]))
        partners = cell("partners")
        if partners:
            parsed = parse_cell(partners, self.index)
            measure["partners"] = parsed.ids
            if parsed.note:
                measure["partner_note"] = parsed.note
            for pid in parsed.new:
                self.out.review.append(
                    f"{where}: new partner {pid!r} "
                    f"({self.index.partners[pid]['name']!r}) from {partners!r}"
                )
            self.out.cells.append(("partners", partners, where, measure["id"]))
        result = cell("result")
        if result:
            measure["result"] = result
            self.out.cells.append(("result", result, where, measure["id"]))
        extra = {
            key: row[i].strip()
            for i, key in columns.extra.items()
            if i < len(row) and row[i].strip()
        }
        if extra:
            measure["extra"] = extra
            self.out.cells += [("extra", v, where, measure["id"]) for v in extra.values()]
        measures.append(measure)

    def _drop_empty(self) -> None:
        """Fields and themes without measures (an introduction's headings) are left out."""
        for fld in self.out.fields:
            fld["themes"] = [t for t in fld["themes"] if t["measures"] or t["goal"]]
        kept = [f for f in self.out.fields if f["themes"]]
        self.out.fields[:] = kept


def build(blocks: list[Block], index: PartnerIndex) -> Built:
    """The programme's fields (and the review) from a document's blocks."""
    return _Builder(blocks, index).build()
