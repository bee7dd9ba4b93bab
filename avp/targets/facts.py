"""What a target and a source say about themselves, without their models.

The models of :mod:`avp.targets.models` derive from these classes, and so do the targets
read from a snapshot without the models (:mod:`avp.storage.snapshot`): one implementation
for both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

FigureKind = Literal["count", "value"]

#: Units whose periods are summed up per year (:func:`avp.targets.evaluate.target_status`).
SHORTER_THAN_A_YEAR: frozenset[str] = frozenset({"week", "month", "quarter", "half_year"})


def takes(target: TargetFacts) -> frozenset[FigureKind]:
    """The figures a target reads from entries: ``count``, ``value`` or both."""
    return target.takes()


#: A target that reads counts (activities held).
COUNT: frozenset[FigureKind] = frozenset({"count"})

#: A target that reads values (a measurement).
VALUE: frozenset[FigureKind] = frozenset({"value"})


def publisher(table: str) -> str:
    """Who publishes an open data table: the police's tables are numbered 47..., the
    rest are CBS's."""
    return "Politie open data" if table.startswith("47") else "CBS"


class SourceFacts:
    if TYPE_CHECKING:  # the model's field (not declared here: pydantic would take it)
        table: str

    @property
    def publisher(self) -> str:
        """'Politie open data' or 'CBS' (:func:`publisher`): the police's tables are
        numbered 47..., the rest are CBS's."""
        return publisher(self.table)


def source_of(target: Any) -> Any:
    """The open data source a target names (threshold and comparison targets), or None
    (of a target's twin from a snapshot too)."""
    return getattr(target, "source", None)


class TargetFacts:
    def takes(self) -> frozenset[FigureKind]:
        """The figures the target reads: counts, values or both."""
        raise NotImplementedError


class FrequencyFacts(TargetFacts):
    def takes(self) -> frozenset[FigureKind]:
        return COUNT


class ThresholdFacts(TargetFacts):
    def takes(self) -> frozenset[FigureKind]:
        return VALUE


class ComparisonFacts(TargetFacts):
    def takes(self) -> frozenset[FigureKind]:
        return VALUE


class CoverageFacts(TargetFacts):
    if TYPE_CHECKING:
        per_occasion: Any

    def takes(self) -> frozenset[FigureKind]:
        return COUNT | VALUE if self.per_occasion is None else VALUE


class DeliverableFacts(TargetFacts):
    def takes(self) -> frozenset[FigureKind]:
        return COUNT


#: (module, class) of each model -> its facts, for the twins of a snapshot.
TWIN_BASES: dict[tuple[str, str], type] = {
    ("avp.targets.models", "Source"): SourceFacts,
    ("avp.targets.models", "FrequencyTarget"): FrequencyFacts,
    ("avp.targets.models", "ThresholdTarget"): ThresholdFacts,
    ("avp.targets.models", "ComparisonTarget"): ComparisonFacts,
    ("avp.targets.models", "CoverageTarget"): CoverageFacts,
    ("avp.targets.models", "DeliverableTarget"): DeliverableFacts,
}
