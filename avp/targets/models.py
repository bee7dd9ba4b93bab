"""Targets as models: typed norms on a measure (frequency, threshold, comparison, ...)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from avp.base.model import MAX_COUNT, IsoDate, Strict, Text

PeriodUnit = Literal["week", "month", "quarter", "half_year", "year", "two_years"]


PERIOD_UNITS: tuple[PeriodUnit, ...] = (
    "week",
    "month",
    "quarter",
    "half_year",
    "year",
    "two_years",
)


#: Units whose periods are summed up per year in :func:`target_status`.
SHORTER_THAN_A_YEAR: frozenset[str] = frozenset({"week", "month", "quarter", "half_year"})


TARGET_ID = r"^[a-z][a-z0-9-]*$"


TargetId = Annotated[
    str,
    StringConstraints(pattern=TARGET_ID, max_length=40),
    Field(
        description="The target's id, unique within its measure: lower-case letters, digits "
        "and hyphens, starting with a letter, e.g. 'controle'."
    ),
]


Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]


Relation = Literal["at_least", "at_most", "more", "less"]


Direction = Literal["increase", "decrease"]


FigureKind = Literal["count", "value"]


_COUNT: frozenset[FigureKind] = frozenset({"count"})


_VALUE: frozenset[FigureKind] = frozenset({"value"})


_START = "First day the norm applies; default: the start of the programme."


_END = "Last day the norm applies; default: the end of the programme."


_PER = "The period: week (ISO, Monday to Sunday), month, quarter, half_year, year or two_years."


class TargetBase(Strict):
    #: Keys that ``avp targets suggest`` writes, not listed in an unknown key's hint.
    QUIET_KEYS: ClassVar[frozenset[str]] = frozenset({"suggested", "basis"})

    id: TargetId
    description: Text = Field(description="The norm in a few words, in the programme's language.")
    suggested: bool = Field(
        default=False,
        description="true: proposed by 'avp targets suggest' from the measure's words and not "
        "yet accepted ('avp targets accept' removes it). Judged like any target, but marked.",
    )
    basis: Text | None = Field(
        default=None,
        description="The words of the measure or its result the target rests on, verbatim.",
    )

    def takes(self) -> frozenset[FigureKind]:
        """The figures this target reads from entries: ``count``, ``value`` or both."""
        raise NotImplementedError


class FrequencyTarget(TargetBase):
    """At least ``count`` activities per period: 'Twee keer per jaar ... bedrijvencontrole'."""

    kind: Literal["frequency"]
    count: Annotated[int, Field(ge=1, le=MAX_COUNT, strict=True)] = Field(
        description="At least this many activities per period."
    )
    per: PeriodUnit = Field(description=_PER)
    start: IsoDate | None = Field(default=None, description=_START)
    end: IsoDate | None = Field(default=None, description=_END)

    def takes(self) -> frozenset[FigureKind]:
        return _COUNT


class Point(Strict):
    value: Number
    date: IsoDate


class ThresholdTarget(TargetBase):
    """An indicator that must reach a value by a date: 'Eind 2022 is 10% bereikt'."""

    kind: Literal["threshold"]
    indicator: Text = Field(description="What is measured, e.g. 'deelnemers Burgernet'.")
    unit: str = Field(default="", description="Unit of the values, e.g. '%'.")
    direction: Direction = Field(
        description="increase: the target is a minimum; decrease: a maximum."
    )
    baseline: Point | None = Field(
        default=None, description="The value measured before (nulmeting), and when."
    )
    target: Point = Field(description="The value to reach, and by when.")

    def takes(self) -> frozenset[FigureKind]:
        return _VALUE


class ComparisonTarget(TargetBase):
    """An indicator per period against the previous one: 'gelijk of hoger dan het voorgaande
    jaar'."""

    kind: Literal["comparison"]
    indicator: Text = Field(description="What is counted, e.g. 'klachten over hondenpoep'.")
    unit: str = Field(default="", description="Unit of the values.")
    per: PeriodUnit = Field(default="year", description=_PER)
    relation: Relation = Field(
        description="How a period's value must relate to the reference value: at_least "
        "(gelijk of hoger), at_most (kleiner of gelijk), more (hoger), less (afgenomen)."
    )
    reference: Literal["previous"] | Annotated[int, Field(ge=1900, le=2200, strict=True)] = Field(
        default="previous",
        description="previous: each period against the one before it; a year (with "
        "per: year): each year against that year.",
    )
    accumulates: bool = Field(
        default=False,
        description="true: a value is a running total for its period (complaints so far "
        "this year), extrapolated while the period runs; false: a level (WhatsApp groups).",
    )
    start: IsoDate | None = Field(default=None, description=_START)
    end: IsoDate | None = Field(default=None, description=_END)

    def takes(self) -> frozenset[FigureKind]:
        return _VALUE


class CoverageTarget(TargetBase):
    """A share of a population per period ('elke commerciële horecaonderneming minimaal één
    keer per jaar'), or a minimum per occasion ('Per controle minimaal 5 ondernemingen')."""

    kind: Literal["coverage"]
    population: Text = Field(description="What is covered, e.g. 'B- en C-evenementen'.")
    percent: Annotated[float, Field(gt=0, le=100)] | None = Field(
        default=None,
        description="The share of the population to cover per period, in percent (100: "
        "all). Entries: count = units covered, value = the population's size.",
    )
    per_occasion: Annotated[int, Field(ge=1, le=MAX_COUNT, strict=True)] | None = Field(
        default=None,
        description="Instead of percent: at least this many units at every occasion. "
        "Entries: value = units covered at that occasion.",
    )
    per: PeriodUnit = Field(default="year", description=_PER)
    start: IsoDate | None = Field(default=None, description=_START)
    end: IsoDate | None = Field(default=None, description=_END)

    def takes(self) -> frozenset[FigureKind]:
        """A share: covered units (count) of a population (value); per occasion: values."""
        return _COUNT | _VALUE if self.per_occasion is None else _VALUE


class DeliverableTarget(TargetBase):
    """Something delivered by a date: 'een concreet voorstel ... in juni 2021'."""

    kind: Literal["deliverable"]
    due: IsoDate = Field(description="Delivered on or before this day.")

    def takes(self) -> frozenset[FigureKind]:
        return _COUNT


Target = Annotated[
    FrequencyTarget | ThresholdTarget | ComparisonTarget | CoverageTarget | DeliverableTarget,
    Field(discriminator="kind"),
]


TargetModel = (
    FrequencyTarget | ThresholdTarget | ComparisonTarget | CoverageTarget | DeliverableTarget
)


def takes(target: TargetModel) -> frozenset[FigureKind]:
    """The figures a target reads from entries: ``count``, ``value`` or both."""
    return target.takes()
