"""The base of every model: unknown keys are errors, values are frozen."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from avp.base.dates import DateError, parse_date

Text = Annotated[str, StringConstraints(min_length=1)]


def _date(value: Any) -> dt.date:
    try:
        return parse_date(value)
    except DateError as exc:
        raise PydanticCustomError("iso_date", "{message}", {"message": str(exc)}) from None


#: A date: text ``YYYY-MM-DD`` (as YAML and JSON give it) or a ``date``; nothing else.
IsoDate = Annotated[dt.date, BeforeValidator(_date)]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, and values are not silently coerced
    (no number from text or a boolean, no boolean from text, dates only as
    :data:`IsoDate`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=False)
