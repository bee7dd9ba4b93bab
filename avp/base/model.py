"""The base of every model: unknown keys are errors, values are frozen."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from avp.base.dates import DateError, parse_date

#: What a required text must hold: a character that is not white space.
NOT_BLANK = r"\S"

#: Text that says something: not empty, not only spaces (checked by pydantic-core, fast).
Text = Annotated[str, StringConstraints(min_length=1, pattern=NOT_BLANK)]

#: The largest count avp takes, in a file or an option: no office counts a billion of
#: anything in a day, and a count of 10**30 is a typing error, not a figure.
MAX_COUNT = 1_000_000_000

#: A count: a plain non-negative integer, at most :data:`MAX_COUNT`.
Count = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True)]


def blank_text(error: Any) -> bool:
    """Whether a pydantic error (a dict of ``errors()``) is a :data:`Text` that is only
    white space: its message should say so rather than quote the pattern."""
    context = error.get("ctx") or {}
    return error.get("type") == "string_pattern_mismatch" and context.get("pattern") == NOT_BLANK


#: The message for :func:`blank_text`.
BLANK_MESSAGE = "the text is blank (only white space); write what it should say"


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

    # defer_build: a model's validator is built when it first validates, not when avp
    # imports it (a command that reads snapshots never validates: it saves ~90 ms).
    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, str_strip_whitespace=False, defer_build=True
    )
