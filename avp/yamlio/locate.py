"""Findings given a line and column: read fast first, locate only when wrong."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from avp.base import rules
from avp.base.findings import Finding, format_loc
from avp.base.model import BLANK_MESSAGE, blank_text
from avp.base.problems import DataError, Problem, plain_message, sort_problems
from avp.base.text import suggest
from avp.yamlio.loader import gc_paused, load_located
from avp.yamlio.positions import key_position, position
from avp.yamlio.strict import number_hint

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


def _tags(model: type[BaseModel]) -> set[str]:
    """The values of the model's one-value Literal fields: its tags in a tagged union."""
    found = set()
    for field in model.model_fields.values():
        if typing.get_origin(field.annotation) is Literal:
            args = typing.get_args(field.annotation)
            if len(args) == 1 and isinstance(args[0], str):
                found.add(args[0])
    return found


def _walk(root: type[BaseModel], loc: Loc) -> tuple[Loc, type[BaseModel] | None]:
    """``loc`` without the tags pydantic puts in for a tagged union (``targets[0].threshold``
    stands for ``targets[0]``), and the model that describes the mapping at ``loc``."""
    keep, model = _walk_shape(root, tuple(None if isinstance(p, int) else p for p in loc))
    return tuple(p for p, k in zip(loc, keep, strict=True) if k), model


@lru_cache(maxsize=1024)
def _walk_shape(
    root: type[BaseModel], shape: tuple[str | None, ...]
) -> tuple[tuple[bool, ...], type[BaseModel] | None]:
    """:func:`_walk` for a ``loc`` whose list indexes are None: which parts are kept,
    and the model. Remembered: a list of many bad entries has one shape."""
    keep: list[bool] = []
    models: list[type[BaseModel]] = [root]
    for part in shape:
        if part is None:
            keep.append(True)
            continue
        tagged = [m for m in models if part in _tags(m)] if len(models) > 1 else []
        if tagged:
            models = tagged
            keep.append(False)
            continue
        keep.append(True)
        field = next((m.model_fields[part] for m in models if part in m.model_fields), None)
        models = _models_in(field.annotation) if field is not None else []
    return tuple(keep), (models[0] if models else None)


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model that describes the mapping at ``loc`` (list indexes are skipped)."""
    return _walk(root, loc)[1]


def describe(value: Any) -> str:
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


def pydantic_findings(
    exc: ValidationError, root: type[BaseModel], *, skip: Collection[str] = ()
) -> list[Finding]:
    """Findings from pydantic's errors, except those whose type is in ``skip``."""
    findings = []
    for error in exc.errors(include_url=False):
        raw: Loc = tuple(p for p in error["loc"] if isinstance(p, int | str))
        loc = _walk(root, raw)[0]
        kind = error["type"]
        if kind in skip:
            continue
        value = error.get("input")
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            findings.append(_tag_finding(loc, kind, error.get("ctx") or {}))
        elif kind == "extra_forbidden":
            key = loc[-1] if loc else "?"
            model = _model_at(root, raw[:-1])
            allowed = list(model.model_fields) if model else []
            # Keys avp writes itself (a model's QUIET_KEYS) are suggested for a typing
            # error but not listed among the keys to choose from.
            quiet: frozenset[str] = getattr(model, "QUIET_KEYS", frozenset())
            listed = [name for name in allowed if name not in quiet]
            hint = suggest(str(key), allowed) or (
                f" (allowed: {', '.join(listed)})" if listed else ""
            )
            findings.append(
                Finding(loc, f"unknown key {key!r}{hint}", rules.UNKNOWN_KEY, at_key=True)
            )
        elif kind == "missing":
            findings.append(
                Finding(loc[:-1], f"missing required key {loc[-1]!r}", rules.MISSING_KEY)
            )
        elif blank_text(error):
            findings.append(Finding(loc, BLANK_MESSAGE, rules.SCHEMA))
        else:
            message = plain_message(error)  # not pydantic's wording (issue 15, point 12)
            if kind in {"string_type", "int_type", "date_type", "list_type", "model_type"} or (
                kind.endswith("_type") or kind.endswith("_parsing")
            ):
                message += f", got {describe(value)}"
            if kind == "string_type" and isinstance(value, int | float):
                message += "; put it in quotes to make it text"
                if isinstance(value, float):
                    message += ", as YAML reads 1.10 as 1.1"
            if kind in ("int_type", "float_type") and (hint := number_hint(value)):
                message += f"; {hint}"
            findings.append(Finding(loc, message, rules.SCHEMA))
    return findings


def _tag_finding(loc: Loc, kind: str, ctx: dict[str, Any]) -> Finding:
    """A missing or unknown ``kind`` of a tagged union (a target's kind)."""
    key = str(ctx.get("discriminator", "kind")).strip("'")
    if kind == "union_tag_not_found":
        return Finding(loc, f"missing required key {key!r}", rules.MISSING_KEY)
    tag = str(ctx.get("tag", ""))
    expected = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
    return Finding(
        (*loc, key),
        f"unknown {key} {tag!r}{suggest(tag, expected)}; choose from {', '.join(expected)}",
        rules.SCHEMA,
    )


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
    return problems  # the caller sorts


def fast_located(text: str) -> Any:
    """The data of ``text`` with the places of its values (``.lc``, as the round-trip
    loader gives them), from libyaml's events (a log of 200,000 bad entries: seconds,
    where the round-trip loader takes minutes); None when only the round-trip loader can
    read it."""
    try:
        from avp.yamlio.fast.events import build_from_events  # lazy: optional
    except ImportError:  # pragma: no cover - the accelerator was removed
        return None
    try:
        return build_from_events(text, located=True)
    except Exception:  # Unusual, or libyaml refuses it: the round-trip loader decides
        return None


@gc_paused
def located_problems(
    text: str,
    shown: str,
    read: Callable[[str, str], Any],
    findings: Callable[[Any], list[Finding]],
) -> list[Problem]:
    """Every problem ``findings`` finds in the data of ``text``, located.

    ``read`` (a fast reader) decides whether there is anything to report; only then is
    the text read again with the round-trip loader, which knows where each value is.
    """
    refused: DataError | None = None
    try:
        data = read(text, shown)
    except DataError as exc:
        data, refused = None, exc  # the round-trip loader usually gives the better message
    found = None if data is None else findings(data)
    if found is not None and not found:
        return []
    located = None if found is None or refused is not None else fast_located(text)
    if located is None:
        try:
            located = load_located(text, shown)
        except DataError as exc:
            return sort_problems(exc.problems)
    # The same data read twice gives the same findings: only their places are new.
    problems = locate(findings(located) if found is None else found, located, shown)
    if refused is not None and not any(p.level == "error" for p in problems):
        # The round-trip loader took what the fast one refuses (a merge key, a U+2028 in
        # a plain scalar): every other command reads with the fast one, so it is an error.
        problems += refused.problems
    return sort_problems(problems)
