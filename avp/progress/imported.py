"""The source of an entry: free text, or where an imported open data figure comes from."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, get_args

from pydantic import (
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from avp.base.model import IsoDate, Strict, Text
from avp.progress.entry_rules import control_characters
from avp.targets.models import REGION_CODE, TABLE_ID, TABLE_KEY, Number

#: As ENTRY_ID_PATTERN in avp.progress.models (a test checks they agree).
_ENTRY_ID = r"^[a-z0-9]{6,20}$"
_PERIOD_KEY = r"^[0-9]{4}(JJ00|KW0[1-4]|MM(0[1-9]|1[0-2]))$"
_KEY = Annotated[str, Field(pattern=TABLE_KEY, max_length=80)]


class Imported(Strict):
    """Where an imported figure comes from (``avp indicators import``): a cell, or a sum
    of cells, of a CBS or police open data table."""

    table: Annotated[str, Field(pattern=TABLE_ID)]
    measure: Annotated[Text, Field(max_length=200)]
    period: Annotated[str, Field(pattern=_PERIOD_KEY)] = Field(
        description="The period as CBS writes it: 2022JJ00 (a year), 2022KW01 (a quarter), "
        "2022MM01 (a month)."
    )
    region: Annotated[str, Field(pattern=REGION_CODE)]
    retrieved: IsoDate = Field(description="The day the file was downloaded (its date).")
    filter: dict[_KEY, Text] = Field(default_factory=dict)
    per: Annotated[int, Field(ge=1, strict=True)] | None = Field(
        default=None, description="A rate per this many inhabitants."
    )
    population: Number | None = Field(default=None, description="The inhabitants divided by.")
    corrects: Annotated[str, Field(pattern=_ENTRY_ID)] | None = Field(
        default=None, description="The id of the earlier entry whose figure this one corrects."
    )

    @model_validator(mode="after")
    def _plain(self) -> Imported:
        for text in self.filter.values():
            if problem := control_characters(text):
                raise PydanticCustomError("control_character", f"filter: {problem}")
        return self

    def __str__(self) -> str:
        """``CBS 83648NED, 2022JJ00, GM0614``: for tables and csv."""
        from avp.targets.models import publisher  # lazy

        return f"{publisher(self.table)} {self.table}, {self.period}, {self.region}"


def _form(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict | Imported):
        return "imported"
    return None


@cache
def _known_types() -> frozenset[str]:
    return frozenset(get_args(ErrorType))


def _untagged(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """The discriminated union's errors without the form's tag in their place: an error in
    a text source is at ``source``, as it was before a source could be a mapping."""
    try:
        return handler(value)
    except ValidationError as exc:
        details: list[InitErrorDetails] = []
        for error in exc.errors():
            loc = error["loc"]
            kind = error["type"]
            detail: InitErrorDetails = {
                "type": kind
                if kind in _known_types()
                else PydanticCustomError(kind, error["msg"].replace("{", "{{").replace("}", "}}")),
                "loc": loc[1:] if loc and loc[0] in ("text", "imported") else loc,
                "input": error["input"],
            }
            if "ctx" in error and kind in _known_types():
                detail["ctx"] = error["ctx"]
            details.append(detail)
        raise ValidationError.from_exception_data(exc.title, details) from None


#: An entry's source: free text, or the provenance of an imported figure; an error names
#: only the form that was written.
SourceField = Annotated[
    Annotated[Text, Tag("text")] | Annotated[Imported, Tag("imported")],
    Discriminator(
        _form,
        custom_error_type="source_type",
        custom_error_message="source is a text, or the mapping 'avp indicators import' "
        "writes (table, measure, period, region, retrieved)",
    ),
    WrapValidator(_untagged),
]
