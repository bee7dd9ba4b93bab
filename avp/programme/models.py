"""The programme as pydantic models.

The models describe the YAML file one to one: every key in the file is a field here and
unknown keys are rejected. Checks that need the whole programme (unique ids, references
between partners and measures) live in :mod:`avp.checks`, not in validators, so that each
problem can be reported at the place in the file where it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

if TYPE_CHECKING:
    from functools import cached_property

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from avp.base.model import IsoDate
from avp.base.model import Strict as Strict
from avp.base.model import Text as Text
from avp.programme.ids import NODE_ID_PATTERN as NODE_ID_PATTERN
from avp.programme.ids import NodeId as NodeId
from avp.programme.tree import Level as Level
from avp.programme.tree import ProgrammeTree
from avp.targets.models import Target

PartnerId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60),
    Field(description="A partner id: lower-case letters, digits and hyphens, e.g. 'politie'."),
]


LanguageCode = Literal["nl", "en"]


class Period(Strict):
    start: IsoDate = Field(description="First day of the programme.")
    end: IsoDate = Field(description="Last day of the programme.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


class Adoption(Strict):
    date: IsoDate = Field(description="Date of adoption.")
    body: Text = Field(description="Who adopted it, e.g. 'college van B&W' or 'gemeenteraad'.")


class Levels(Strict):
    """What the adopted document calls its levels and columns (default: the VNG words)."""

    field: Text | None = Field(default=None, description="E.g. 'Veiligheidsveld', 'Thema'.")
    theme: Text | None = Field(default=None, description="E.g. 'Thema', 'Onderwerp'.")
    measure: Text | None = Field(default=None, description="E.g. 'Maatregel', 'Actie'.")
    measures: Text | None = Field(default=None, description="E.g. 'Maatregelen', 'Acties'.")
    goal: Text | None = Field(default=None, description="E.g. 'Doel', 'Doelstelling'.")
    result: Text | None = Field(default=None, description="E.g. 'Resultaat 2021'.")
    partners: Text | None = Field(default=None, description="E.g. 'Partners', 'Trekker'.")


class Metadata(Strict):
    municipality: Text
    title: Text
    period: Period
    adopted: Adoption
    source: Text = Field(description="The adopted document this file was taken from.")
    language: LanguageCode = Field(description="Language of the content (ISO 639-1).")
    progress_log: str | None = Field(
        default=None,
        description="Path of the progress log, relative to this file.",
    )
    labels: Levels = Field(
        default_factory=Levels,
        description="The names of the levels and columns as the document has them.",
    )
    enable: list[str] = Field(
        default_factory=list,
        description="Opt-in checks of avp validate, e.g. [id-position].",
    )
    privacy: Literal["warn", "strict"] = Field(
        default="warn",
        description="What avp progress add does with a new entry whose text looks like "
        "personal data (a BSN, phone number, e-mail address): 'warn' (the default) adds it "
        "with a warning, 'strict' refuses it (as --strict does); avp validate reports such "
        "text in the programme and its log as a warning, or with 'strict' as an error.",
    )

    @field_validator("progress_log")
    @classmethod
    def _a_file_name(cls, value: str | None) -> str | None:
        if value is None:
            return value
        parts = value.replace("\\", "/").split("/")
        if not value.strip() or parts[-1] in ("", ".", ".."):
            raise ValueError("progress_log must name a file, e.g. 'voortgang.yaml'")
        if any(len(part.encode("utf-8")) > 255 for part in parts):
            raise ValueError("progress_log has a name longer than 255 bytes")
        if value.startswith(("/", "\\")) or (len(value) > 1 and value[1] == ":"):
            raise ValueError("progress_log must be relative to the programme file")
        return value


class PolicyPlan(Strict):
    """The multi-year plan (IVP) the programme implements."""

    title: Text
    abbreviation: str = ""
    start_year: int
    end_year: int
    adopted: Adoption | None = None


class Priority(Strict):
    title: Text
    description: str = ""


class Evaluation(Strict):
    year: int = Field(description="Year in which the programme is evaluated.")
    description: str = ""


class Introduction(Strict):
    implements: PolicyPlan
    evaluation: Evaluation
    strategic_goals: list[Text] = Field(
        default_factory=list, description="The college's strategic goals."
    )
    strategic_goals_source: str = ""
    priorities: list[Priority] = Field(
        default_factory=list, description="Priorities from the safety analysis."
    )
    strategic_themes: list[Text] = Field(
        default_factory=list, description="Strategic themes from the safety analysis."
    )


class Partner(Strict):
    id: PartnerId
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    parent: PartnerId | None = Field(
        default=None, description="The organisation this partner is part of."
    )
    description: str = ""


class GlossaryEntry(Strict):
    term: Text
    expansion: str = Field(default="", description="Empty when the expansion is not known.")
    description: str = ""


class Decision(Strict):
    """When and by which decision something changed."""

    date: IsoDate = Field(description="The day it takes effect.")
    decision: Text | None = Field(
        default=None, description="The decision, e.g. 'collegebesluit 12 oktober 2021'."
    )


class Renumbering(Strict):
    old: NodeId
    new: NodeId


class Amendment(Strict):
    """A change to the adopted programme during its term."""

    date: IsoDate = Field(description="The day the change was decided.")
    decision: Text | None = Field(default=None, description="The decision that made it.")
    description: Text = Field(description="What changed, e.g. 'maatregel 3.2.1 toegevoegd'.")
    renumbered: Renumbering | None = Field(
        default=None, description="An id that was changed (written by avp renumber)."
    )


ExtraKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


class Predecessor(Strict):
    """Where a carried measure comes from (written by avp successor)."""

    programme: Text = Field(
        description="The earlier programme: its file, relative to this file's folder, or "
        "its title when it has no file there."
    )
    measure: NodeId = Field(description="The measure's id in the earlier programme.")


class Measure(Strict):
    id: NodeId = Field(description="The measure's number in the document, e.g. '1.3.2'.")
    text: Text = Field(description="The measure (maatregel), verbatim.")
    partners: list[PartnerId] = Field(
        default_factory=list, description="Who carries it out; warning no-partners if none."
    )
    partner_note: str | None = Field(
        default=None, description="Qualifiers from the partner cell, verbatim."
    )
    result: Text | None = Field(
        default=None,
        description="The expected result (resultaat), verbatim; warning no-result if none.",
    )
    targets: list[Target] = Field(
        default_factory=list,
        description="The measurable norms in the result or the measure, typed so that avp "
        "can check them against the progress log (see avp.targets). The verbatim result "
        "stays the source; a measure without norms has none.",
    )
    extra: dict[ExtraKey, Text] = Field(
        default_factory=dict,
        description="Other columns of the adopted table (trekker, budget, planning, kpi), "
        "by a short name.",
    )
    dropped: Decision | None = Field(
        default=None,
        description="The measure was dropped (vervallen) from this date, by this decision; "
        "it stays in the file so that its history remains.",
    )
    predecessor: Predecessor | None = Field(
        default=None,
        description="The measure of an earlier programme this one continues (carried over "
        "by avp successor); avp show lists its history there.",
    )


class Theme(Strict):
    id: NodeId = Field(description="The theme's number in the document, e.g. '1.3'.")
    name: Text
    goal: str = Field(default="", description="The goal (doel); may be empty.")
    targets: list[Target] = Field(
        default_factory=list, description="Indicators of the theme's goal."
    )
    measures: list[Measure] = Field(
        default_factory=list, description="The measures; warning empty-theme if none."
    )


class SafetyField(Strict):
    id: NodeId = Field(description="The field's number in the document, e.g. 1 or 'B'.")
    name: Text
    goal: str = Field(default="", description="The field's goal, if the document gives one.")
    targets: list[Target] = Field(
        default_factory=list,
        description="Indicators of the field (e.g. woninginbraken per 1,000 inwoners).",
    )
    themes: list[Theme] = Field(
        default_factory=list, description="The themes; warning empty-field if none."
    )


class Programme(ProgrammeTree, Strict):
    """A safety action programme (actieprogramma integraal veiligheidsbeleid)."""

    model_config = ConfigDict(title="avp programme")

    programme: Metadata
    introduction: Introduction | None = None
    partners: list[Partner] = Field(min_length=1)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    fields: list[SafetyField] = Field(min_length=1)
    amendments: list[Amendment] = Field(
        default_factory=list, description="Changes to the programme during its term."
    )

    if TYPE_CHECKING:  # the precise types of what ProgrammeTree answers

        def measures(self) -> list[tuple[SafetyField, Theme, Measure]]: ...

        @cached_property
        def measure_index(self) -> dict[str, Measure]: ...

        @cached_property
        def owners(self) -> dict[str, tuple[Level, SafetyField | Theme | Measure]]: ...
