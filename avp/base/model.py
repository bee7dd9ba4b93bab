"""The base of every model: unknown keys are errors, values are frozen."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1)]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, and values are not silently coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, str_strip_whitespace=False)
