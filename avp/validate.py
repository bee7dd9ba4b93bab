"""Validating files: the schema (pydantic), the cross-checks, and where each problem is.

:func:`load_programme` is the read path every command uses: the C loader, the models and
the cross-checks, with no position bookkeeping. Only when something is wrong does it read
the file again with the round-trip loader (:func:`validate_text`) to say where.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from avp.checks import Finding, check_programme, format_loc, suggest
from avp.models import Programme
from avp.problems import DataError, Problem, sort_problems
from avp.yamlio import display_path, key_position, load_fast, load_located, position, read_text

Loc = tuple[int | str, ...]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType) or origin is not None:
        for arg in typing.get_args(annotation):
            found += _models_in(arg)
    return found


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model that describes the mapping at ``loc`` (list indexes are skipped)."""
    model: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        models = _models_in(field.annotation)
        model = models[0] if models else None
    return model


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def pydantic_findings(exc: ValidationError, root: type[BaseModel]) -> list[Finding]:
    findings = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(p for p in error["loc"] if isinstance(p, int | str))
        kind = error["type"]
        value = error.get("input")
        if kind == "extra_forbidden":
            key = loc[-1] if loc else "?"
            model = _model_at(root, loc[:-1])
            allowed = list(model.model_fields) if model else []
            hint = suggest(str(key), allowed) or (
                f" (allowed: {', '.join(allowed)})" if allowed else ""
            )
            findings.append(Finding(loc, f"unknown key {key!r}{hint}", "unknown-key", at_key=True))
        elif kind == "missing":
            findings.append(Finding(loc[:-1], f"missing required key {loc[-1]!r}", "missing-key"))
        else:
            message = error["msg"]
            if kind in {"string_type", "int_type", "date_type", "list_type", "model_type"} or (
                kind.endswith("_type") or kind.endswith("_parsing")
            ):
                message += f", got {_describe(value)}"
            if kind == "string_type" and isinstance(value, int | float):
                message += "; put it in quotes to make it text"
            if kind == "date_from_datetime_parsing" or kind.startswith("date"):
                message += "; write dates as YYYY-MM-DD"
            findings.append(Finding(loc, message, "schema"))
    return findings


def locate(findings: Sequence[Finding], data: Any, shown: str) -> list[Problem]:
    problems = []
    for finding in findings:
        where = key_position if finding.at_key else position
        line, column = where(data, finding.loc)
        problems.append(
            Problem(
                shown,
                line,
                column,
                level=finding.level,
                message=finding.message,
                rule=finding.rule,
                yaml_path=format_loc(finding.loc),
            )
        )
    return sort_problems(problems)


def validate_text(text: str, shown: str) -> list[Problem]:
    """Every problem of a programme file's text, located."""
    try:
        data = load_located(text, shown)
    except DataError as exc:
        return sort_problems(exc.problems)
    return locate(_findings(data), data, shown)


def _findings(data: Any) -> list[Finding]:
    if not isinstance(data, dict):
        return [Finding((), f"the file must hold a mapping, not {_describe(data)}", "schema")]
    findings: list[Finding] = []
    try:
        Programme.model_validate(data)
    except ValidationError as exc:
        findings += pydantic_findings(exc, Programme)
    return findings + check_programme(data)


def validate_path(path: Path) -> list[Problem]:
    """Every problem of a programme file. Raises UsageError when it cannot be read."""
    shown = display_path(path)
    try:
        text = read_text(path)
    except DataError as exc:
        return sort_problems(exc.problems)
    return validate_text(text, shown)


def load_programme(path: Path) -> Programme:
    """Read and validate a programme; DataError (with located problems) when it is invalid."""
    shown = display_path(path)
    text = read_text(path)
    data = load_fast(text, shown)
    programme = None
    clean = False
    if isinstance(data, dict):
        try:
            programme = Programme.model_validate(data)
            clean = not any(f.level == "error" for f in check_programme(data))
        except ValidationError:
            clean = False
    if programme is None or not clean:
        errors = [p for p in validate_text(text, shown) if p.level == "error"]
        raise DataError(
            f"{shown} is not a valid programme; fix the problems above "
            f"(avp validate {shown} lists them)",
            errors,
        )
    return programme
