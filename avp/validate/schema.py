"""JSON Schema generated from the models; ``schemas/`` holds the committed copy."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from avp.programme.models import Programme
from avp.progress.models import ProgressLog

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _models() -> dict[str, type[BaseModel]]:

    return {"programme": Programme, "progress": ProgressLog}


SCHEMA_NAMES = ("programme", "progress")


def schema(name: str = "programme") -> dict[str, Any]:
    model = _models()[name]
    generated = model.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, **generated}


def schema_json(name: str = "programme") -> str:
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def schema_filename(name: str) -> str:
    return f"{name}.schema.json"
