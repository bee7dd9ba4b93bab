"""Targets as models: typed norms on a measure (frequency, threshold, comparison, ...)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from avp.base.dates import PeriodError, parse_period
from avp.base.model import MAX_COUNT, IsoDate, Strict, Text
from avp.targets.facts import SHORTER_THAN_A_YEAR as SHORTER_THAN_A_YEAR
from avp.targets.facts import (
    ComparisonFacts,
    CoverageFacts,
    DeliverableFacts,
    FrequencyFacts,
    SourceFacts,
    TargetFacts,
    ThresholdFacts,
)
from avp.targets.facts import FigureKind as FigureKind
from avp.targets.facts import publisher as publisher
from avp.targets.facts import source_of as source_of
from avp.targets.facts import takes as takes

PeriodUnit = Literal["week", "month", "quarter", "half_year", "year", "two_years"]


PERIOD_UNITS: tuple[PeriodUnit, ...] = (
    "week",
    "month",
    "quarter",
    "half_year",
    "year",
    "two_years",
)


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


def _figure_period(value: Any) -> str:
    try:
        return parse_period(value)[0]
    except PeriodError as exc:
        raise PydanticCustomError("figure_period", "{message}", {"message": str(exc)}) from None


_DAY = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}

#: The period a count or value describes, as its canonical text (:func:`avp.base.dates.
#: parse_period`): ``2021``, ``2022-H1``, ``2022-Q1``, ``2022-03``, ``2022-W05`` or
#: ``2022-01-03/2022-01-16``; a file may also give a year as a number and from/to as a
#: mapping ``{from: 2022-01-03, to: 2022-01-16}``.
FigurePeriod = Annotated[
    str,
    BeforeValidator(_figure_period),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": r"^[0-9]{4}(-(H[12]|Q[1-4]|W[0-5][0-9]|[01][0-9]))?$"
                    r"|^[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                },
                {"type": "integer", "minimum": 1900},
                {
                    "type": "object",
                    "properties": {"from": _DAY, "to": _DAY},
                    "required": ["from", "to"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


def period_problem(period: Any, date: Any, count: Any, value: Any) -> str | None:
    """What is wrong with an entry's ``period`` beside its date and figures, or None: it
    describes a count or a value, and a period that had begun by the entry's date."""
    if period is None:
        return None
    if count is None and value is None:
        return (
            "'period' says which period a count or value describes, but this entry has "
            "neither; add a 'count' or a 'value', or leave 'period' out"
        )
    try:
        text, first, _ = parse_period(period)
    except PeriodError:
        return None  # reported as a wrong period
    if isinstance(date, dt.date) and first > date:
        return (
            f"the period {text} starts on {first}, after the entry's date {date}: a figure "
            "describes a period that has begun; date the entry on the day it is recorded"
        )
    return None


Relation = Literal["at_least", "at_most", "more", "less"]


Direction = Literal["increase", "decrease"]


_START = "First day the norm applies; default: the start of the programme."


_END = "Last day the norm applies; default: the end of the programme."


_PER = "The period: week (ISO, Monday to Sunday), month, quarter, half_year, year or two_years."


#: A CBS (or police open data) table id: five digits and three letters, e.g. 83648NED,
#: 03759ned, 47013NED.
TABLE_ID = r"^[0-9]{5}[A-Za-z]{3}$"

#: A municipality's region code in CBS tables: GM and four digits, e.g. GM0614.
REGION_CODE = r"^GM[0-9]{4}$"

#: A key of a CBS table: a measure (topic) column or a dimension, e.g. RegioS,
#: GeregistreerdeMisdrijven_1.
TABLE_KEY = r"^[A-Za-z][A-Za-z0-9_]*$"

TableId = Annotated[
    str,
    StringConstraints(pattern=TABLE_ID),
    Field(description="The table's id on StatLine or the CBS open data portal, e.g. 47013NED."),
]
RegionCode = Annotated[
    str,
    StringConstraints(pattern=REGION_CODE),
    Field(description="The municipality's region code: GM and four digits, e.g. GM0614."),
]
TableKey = Annotated[str, StringConstraints(pattern=TABLE_KEY, max_length=80)]
ColumnName = Annotated[Text, StringConstraints(max_length=200)]

#: The five mandatory safety indicators of the BBV (Besluit begroting en verantwoording).
BbvIndicator = Literal["halt", "winkeldiefstal", "geweld", "woninginbraak", "vernieling"]
BBV_INDICATORS: tuple[BbvIndicator, ...] = (
    "halt",
    "winkeldiefstal",
    "geweld",
    "woninginbraak",
    "vernieling",
)


class Population(Strict):
    """The table a per-inhabitants rate divides by."""

    table: TableId
    measure: ColumnName = Field(
        description="The population column, e.g. BevolkingOp1Januari_1 (03759ned)."
    )
    filter: dict[TableKey, Text] = Field(
        default_factory=dict,
        description="Dimension key -> the key or label of the row wanted, e.g. "
        "{Geslacht: Totaal mannen en vrouwen}.",
    )


class Source(SourceFacts, Strict):
    """Where a target's values come from: a column of a CBS or police open data table
    (``avp indicators import``)."""

    table: TableId
    measure: ColumnName = Field(
        description="The table's measure (topic) column: its key, e.g. "
        "GeregistreerdeMisdrijven_1, or its title as a StatLine CSV with labels has it in "
        "the header (without the unit in parentheses), e.g. Geregistreerde misdrijven."
    )
    filter: dict[TableKey, Text] = Field(
        default_factory=dict,
        description="Dimension key -> the key or label of the row wanted, e.g. "
        "{SoortMisdrijf: 1.1.1 Diefstal/inbraak woning}; the region and period "
        "dimensions are given by region and the target's periods.",
    )
    region: RegionCode
    per: Annotated[int, Field(ge=1, le=1_000_000, strict=True)] | None = Field(
        default=None,
        description="A rate per this many inhabitants (1000), computed from population; "
        "left out: the table's figure as it is.",
    )
    population: Population | None = Field(
        default=None, description="The population table for per (required with per)."
    )
    bbv: BbvIndicator | None = Field(
        default=None,
        description="This target is one of the five mandatory BBV safety indicators: "
        "halt, winkeldiefstal, geweld, woninginbraak or vernieling (avp indicators bbv).",
    )

    @model_validator(mode="after")
    def _population(self) -> Source:
        if self.per is not None and self.population is None:
            raise PydanticCustomError(
                "population_required",
                "per needs a population table to divide by: add population: "
                "{table: ..., measure: ...}",
            )
        if self.per is None and self.population is not None:
            raise PydanticCustomError(
                "per_required", "population is only used with per (e.g. per: 1000); add per"
            )
        return self


_SOURCE = (
    "Where the values come from: a table of CBS or of the police open data, filled in "
    "by 'avp indicators import'."
)


class TargetBase(TargetFacts, Strict):
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


class FrequencyTarget(FrequencyFacts, TargetBase):
    """At least ``count`` activities per period: 'Twee keer per jaar ... bedrijvencontrole'."""

    kind: Literal["frequency"]
    count: Annotated[int, Field(ge=1, le=MAX_COUNT, strict=True)] = Field(
        description="At least this many activities per period."
    )
    per: PeriodUnit = Field(description=_PER)
    start: IsoDate | None = Field(default=None, description=_START)
    end: IsoDate | None = Field(default=None, description=_END)


class Point(Strict):
    value: Number
    date: IsoDate


class ThresholdTarget(ThresholdFacts, TargetBase):
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
    source: Source | None = Field(default=None, description=_SOURCE)


class ComparisonTarget(ComparisonFacts, TargetBase):
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
    source: Source | None = Field(default=None, description=_SOURCE)
    start: IsoDate | None = Field(default=None, description=_START)
    end: IsoDate | None = Field(default=None, description=_END)


class CoverageTarget(CoverageFacts, TargetBase):
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


class DeliverableTarget(DeliverableFacts, TargetBase):
    """Something delivered by a date: 'een concreet voorstel ... in juni 2021'."""

    kind: Literal["deliverable"]
    due: IsoDate = Field(description="Delivered on or before this day.")


Target = Annotated[
    FrequencyTarget | ThresholdTarget | ComparisonTarget | CoverageTarget | DeliverableTarget,
    Field(discriminator="kind"),
]


TargetModel = (
    FrequencyTarget | ThresholdTarget | ComparisonTarget | CoverageTarget | DeliverableTarget
)
