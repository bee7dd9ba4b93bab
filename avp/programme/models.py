"""The programme as pydantic models.

The models describe the YAML file one to one: every key in the file is a field here and
unknown keys are rejected. Checks that need the whole programme (unique ids, references
between partners and measures) live in :mod:`avp.checks`, not in validators, so that each
problem can be reported at the place in the file where it is.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from avp.base.model import IsoDate
from avp.base.model import Strict as Strict
from avp.base.model import Text as Text
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


class Measure(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*\.[1-9][0-9]*\.[1-9][0-9]*$")] = (
        Field(description="FIELD.THEME.MEASURE, e.g. '1.3.2'.")
    )
    text: Text = Field(description="The measure (maatregel), verbatim.")
    partners: list[PartnerId] = Field(min_length=1)
    partner_note: str | None = Field(
        default=None, description="Qualifiers from the partner cell, verbatim."
    )
    result: Text = Field(description="The expected result (resultaat), verbatim.")
    targets: list[Target] = Field(
        default_factory=list,
        description="The measurable norms in the result or the measure, typed so that avp "
        "can check them against the progress log (see avp.targets). The verbatim result "
        "stays the source; a measure without norms has none.",
    )


class Theme(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*\.[1-9][0-9]*$")] = Field(
        description="FIELD.THEME, e.g. '1.3' (quote it in YAML)."
    )
    name: Text
    goal: str = Field(default="", description="The goal (doel); may be empty.")
    measures: list[Measure] = Field(min_length=1)


class SafetyField(Strict):
    id: Annotated[int, Field(ge=1, strict=True)]
    name: Text
    themes: list[Theme] = Field(min_length=1)


class Programme(Strict):
    """A safety action programme (actieprogramma integraal veiligheidsbeleid)."""

    model_config = ConfigDict(title="avp programme")

    programme: Metadata
    introduction: Introduction | None = None
    partners: list[Partner] = Field(min_length=1)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    fields: list[SafetyField] = Field(min_length=1)

    def measures(self) -> list[tuple[SafetyField, Theme, Measure]]:
        return [(f, t, m) for f in self.fields for t in f.themes for m in t.measures]

    @cached_property
    def measure_index(self) -> dict[str, Measure]:
        """Measure id -> measure, built once (the programme is frozen)."""
        return {m.id: m for f in self.fields for t in f.themes for m in t.measures}
