"""What an entry says about itself, without its model.

:class:`avp.progress.models.Entry` derives from :class:`EntryFacts`, and so does the entry
read from a snapshot without the models (:mod:`avp.storage.snapshot`): one implementation
for both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


class EntryFacts:
    """Facts about an entry from its fields."""

    if TYPE_CHECKING:  # the model's fields (not declared here: pydantic would take them)
        status: Any
        count: Any
        value: Any
        evaluation: bool | None

    @property
    def only_lesson(self) -> bool:
        """A lesson (``evaluation: true``) and nothing else: no status, count or value. It is
        no update of the measure: not its latest news, and it does not keep it from being
        stale."""
        figures = (self.status, self.count, self.value)
        return bool(self.evaluation) and all(x is None for x in figures)
