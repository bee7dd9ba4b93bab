"""What a programme answers about its own tree, without its models.

:class:`avp.programme.models.Programme` derives from :class:`ProgrammeTree`, and so does
the programme read from a snapshot without the models (:mod:`avp.storage.snapshot`): one
implementation for both.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

#: A field, theme or measure of :mod:`avp.programme.models` (or its twin): this module
#: does not import the models, which derive from it.
Node = Any

Level = Literal["field", "theme", "measure"]


class ProgrammeTree:
    """Measures and owners of targets by id, over ``fields`` (a programme's)."""

    if TYPE_CHECKING:  # the model's field (not declared here: pydantic would take it)
        fields: Any

    def measures(self) -> list[tuple[Node, Node, Node]]:
        return [(f, t, m) for f in self.fields for t in f.themes for m in t.measures]

    @cached_property
    def measure_index(self) -> dict[str, Node]:
        """Measure id -> measure, built once (the programme is frozen)."""
        return {m.id: m for f in self.fields for t in f.themes for m in t.measures}

    @cached_property
    def owners(self) -> dict[str, tuple[Level, Node]]:
        """Id -> (level, item) for every field, theme and measure: what an entry can name."""
        found: dict[str, tuple[Level, Node]] = {}
        for f in self.fields:
            found.setdefault(f.id, ("field", f))
            for t in f.themes:
                found.setdefault(t.id, ("theme", t))
                for m in t.measures:
                    found.setdefault(m.id, ("measure", m))
        return found
