"""Validating files: the schema (pydantic), the cross-checks, and where each problem is.

:func:`load_programme` is the read path every command uses: the C loader, the models and
the cross-checks, with no position bookkeeping. Only when something is wrong does it read
the file again with the round-trip loader (:func:`validate_text`) to say where.

:class:`Validator` checks programmes and progress logs (:mod:`avp.progress`) alike: it tells
them apart by their content and checks each log against its programme.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from avp.checks import Finding, check_programme, format_loc, suggest
from avp.models import Programme
from avp.problems import AvpError, DataError, Problem, UsageError, sort_problems
from avp.yamlio import (
    decode,
    display_path,
    gc_paused,
    key_position,
    load_fast,
    load_located,
    position,
    read_bytes,
)

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
    kept: list[int | str] = []
    models: list[type[BaseModel]] = [root]
    for part in loc:
        if isinstance(part, int):
            kept.append(part)
            continue
        tagged = [m for m in models if part in _tags(m)] if len(models) > 1 else []
        if tagged:
            models = tagged
            continue
        kept.append(part)
        field = next((m.model_fields[part] for m in models if part in m.model_fields), None)
        models = _models_in(field.annotation) if field is not None else []
    return tuple(kept), (models[0] if models else None)


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
                message += f", got {describe(value)}"
            if kind == "string_type" and isinstance(value, int | float):
                message += "; put it in quotes to make it text"
            if kind == "date_from_datetime_parsing" or kind.startswith("date"):
                message += "; write dates as YYYY-MM-DD"
            findings.append(Finding(loc, message, "schema"))
    return findings


def _tag_finding(loc: Loc, kind: str, ctx: dict[str, Any]) -> Finding:
    """A missing or unknown ``kind`` of a tagged union (a target's kind)."""
    key = str(ctx.get("discriminator", "kind")).strip("'")
    if kind == "union_tag_not_found":
        return Finding(loc, f"missing required key {key!r}", "missing-key")
    tag = str(ctx.get("tag", ""))
    expected = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
    return Finding(
        (*loc, key),
        f"unknown {key} {tag!r}{suggest(tag, expected)}; choose from {', '.join(expected)}",
        "schema",
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
    return sort_problems(problems)


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
    if data is not None and not findings(data):
        return []
    try:
        located = load_located(text, shown)
    except DataError as exc:
        return sort_problems(exc.problems)
    problems = locate(findings(located), located, shown)
    if refused is not None and not any(p.level == "error" for p in problems):
        # The round-trip loader took what the fast one refuses (a merge key, a U+2028 in
        # a plain scalar): every other command reads with the fast one, so it is an error.
        problems += refused.problems
    return sort_problems(problems)


@lru_cache(maxsize=2)
def programme_data(text: str, shown: str) -> Any:
    """``load_fast(text, shown)``, remembered for the next reader of the same text.

    ``avp validate`` reads a programme up to three times (for the log it names, to check
    it, to load it for its log); each gets the same data, which nobody changes.
    """
    return load_fast(text, shown)


def validate_text(text: str, shown: str) -> list[Problem]:
    """Every problem of a programme file's text, located."""
    return located_problems(text, shown, programme_data, _findings)


def _findings(data: Any) -> list[Finding]:
    if not isinstance(data, dict):
        return [Finding((), f"the file must hold a mapping, not {describe(data)}", "schema")]
    findings: list[Finding] = []
    try:
        Programme.model_validate(data)
    except ValidationError as exc:
        findings += pydantic_findings(exc, Programme)
    return findings + check_programme(data)


@gc_paused
def load_programme(path: Path) -> Programme:
    """Read and validate a programme; DataError (with located problems) when it is invalid.

    A programme that validated before, byte for byte, comes from the cache (:mod:`avp.cache`)
    and skips the YAML parser and the cross-checks; the models always validate it.
    """
    from avp import cache

    shown = display_path(path)
    raw = read_bytes(path)
    cached = cache.load("programme", path, raw)
    if cached is not None:
        try:
            return Programme.model_validate(cached)
        except ValidationError:
            pass  # not what we cached: read the file itself
    text = decode(raw, shown)
    data = programme_data(text, shown)
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
    cache.store("programme", path, raw, data)
    return programme


# --- programmes and progress logs together ------------------------------------------------

Kind = Literal["programme", "progress"]

_ENTRIES_LINE = re.compile(r"^entries[ \t]*:", re.MULTILINE)
_PROGRAMME_LINE = re.compile(r"^programme[ \t]*:", re.MULTILINE)
_PROGRESS_LOG_LINE = re.compile(
    r"^[ \t]+progress_log[ \t]*:[ \t]*(?P<value>[^\r\n#]*?)[ \t]*(?:#[^\r\n]*)?$", re.MULTILINE
)


def file_kind(text: str, shown: str) -> Kind:
    """``progress`` for a mapping with top-level ``entries`` (and no ``programme``)."""
    from avp.progress import is_log_data

    # Block style, the usual case: the top-level keys tell, without parsing a large file.
    entries, programme = _ENTRIES_LINE.search(text), _PROGRAMME_LINE.search(text)
    if entries or programme:
        return "progress" if entries and not programme else "programme"
    try:
        data = load_fast(text, shown)
    except DataError:
        # Broken YAML: guess from the lines; either way the same YAML problem is reported.
        looks_like_log = _ENTRIES_LINE.search(text) and not _PROGRAMME_LINE.search(text)
        return "progress" if looks_like_log else "programme"
    return "progress" if is_log_data(data) else "programme"


def progress_log_of(programme_path: Path) -> Path | None:
    """The log a programme file names, read leniently (also from an invalid programme)."""
    from avp import cache

    shown = display_path(programme_path)
    try:
        raw = read_bytes(programme_path)
        data = cache.load("programme", programme_path, raw)  # these bytes, validated before
        if data is None:
            data = programme_data(decode(raw, shown), shown)
    except AvpError:
        return None
    meta = data.get("programme") if isinstance(data, dict) else None
    name = meta.get("progress_log") if isinstance(meta, dict) else None
    return programme_path.parent / name if isinstance(name, str) and name else None


def programme_naming(log_path: Path) -> Path | None:
    """A *.yaml or *.yml file beside the log whose ``progress_log`` names it.

    Cheap: a regular expression over each sibling's text, no YAML parsing.
    """
    target = _resolved(log_path)
    siblings = sorted({*log_path.parent.glob("*.yaml"), *log_path.parent.glob("*.yml")})
    for sibling in siblings:
        if _resolved(sibling) == target or not sibling.is_file():
            continue
        try:
            text = sibling.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in _PROGRESS_LOG_LINE.finditer(text):
            value = _unquote(match.group("value"))
            if value and _resolved(sibling.parent / value) == target:
                return sibling
    return None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


class Validator:
    """Validates programme files and progress logs; each log against its programme.

    The programme of a log: the one registered with :meth:`pair`, else a sibling file
    whose ``programme.progress_log`` names the log, else ``fallback()`` (the discovered
    programme). Programmes are loaded once.
    """

    def __init__(
        self,
        targets: Sequence[Path] = (),
        *,
        fallback: Callable[[], Path] | None = None,
        today: dt.date | None = None,
    ) -> None:
        self._targets = {_resolved(p) for p in targets}
        self._fallback = fallback
        self._today = today
        self._owners: dict[Path, Path] = {}
        self._programmes: dict[Path, tuple[Programme | None, str]] = {}

    def pair(self, log_path: Path, programme_path: Path) -> None:
        self._owners[_resolved(log_path)] = programme_path

    def validate(self, path: Path) -> list[Problem]:
        """Every problem of the file. Raises UsageError when it cannot be read."""
        from avp import cache
        from avp.privacy import scan

        shown = display_path(path)
        raw = read_bytes(path)
        try:
            text = decode(raw, shown)
        except DataError as exc:
            return sort_problems(exc.problems)
        if file_kind(text, shown) == "progress":
            problems = self._validate_log(path, raw, text, shown)
        elif cache.load("clean-programme", path, raw) is True:
            problems = []  # these very bytes had no problem at all with this avp
        else:
            problems = validate_text(text, shown)
            if not problems:
                cache.store("clean-programme", path, raw, True)
        # The privacy scan is not cached: it is a quick pass over the text.
        return sort_problems([*problems, *scan(text, shown)])

    def _validate_log(self, path: Path, raw: bytes, text: str, shown: str) -> list[Problem]:
        from avp import cache
        from avp.progress import programme_fingerprint, validate_log_text

        programme: Programme | None = None
        extra: list[Problem] = []
        try:
            owner = self.programme_of(path)
        except UsageError as exc:
            owner = None
            extra.append(self._unchecked(shown, exc.message))
        if owner is not None:
            programme, reason = self._programme(owner)
            if programme is None and _resolved(owner) not in self._targets:
                extra.append(self._unchecked(shown, reason))
        if extra:
            return sort_problems([*validate_log_text(text, shown, None, today=self._today), *extra])
        depends = programme_fingerprint(programme) + (f"@{self._today}" if self._today else "")
        if cache.load("clean-progress", path, raw, depends) is True:
            return []  # these very bytes had no problem against these measures
        problems = validate_log_text(text, shown, programme, today=self._today)
        if not problems:
            cache.store("clean-progress", path, raw, True, depends)
        return problems

    @staticmethod
    def _unchecked(shown: str, reason: str) -> Problem:
        return Problem(
            shown,
            message=f"measure ids and dates not checked: {reason}",
            rule="programme",
        )

    def programme_of(self, log_path: Path) -> Path | None:
        known = self._owners.get(_resolved(log_path))
        if known is not None:
            return known
        found = programme_naming(log_path)
        if found is not None:
            return found
        return self._fallback() if self._fallback else None

    def _programme(self, path: Path) -> tuple[Programme | None, str]:
        key = _resolved(path)
        if key not in self._programmes:
            shown = display_path(path)
            try:
                self._programmes[key] = (load_programme(path), "")
            except DataError:
                reason = f"the programme {shown} is invalid (avp validate {shown} lists why)"
                self._programmes[key] = (None, reason)
            except AvpError as exc:
                self._programmes[key] = (None, exc.message)
        return self._programmes[key]
