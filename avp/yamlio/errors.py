"""YAML errors as problems with a line, a column, a rule and what to do."""

from __future__ import annotations

import re
from typing import Any

from avp.base import rules
from avp.base.problems import DataError, Problem


def _problem_from_mark(
    shown: str, mark: Any, message: str, rule: rules.RuleId = rules.SYNTAX
) -> Problem:
    line = getattr(mark, "line", None)
    column = getattr(mark, "column", None)
    if line is None:
        return Problem(shown, message=message, rule=rule)
    return Problem(shown, line + 1, (column or 0) + 1, message=message, rule=rule)


def _yaml_error(shown: str, exc: Exception, text: str) -> DataError:
    """Turn a ruamel MarkedYAMLError into a DataError with a position."""
    from ruamel.yaml.constructor import DuplicateKeyError  # lazy

    problem_text = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    rule: rules.RuleId = getattr(exc, "rule", rules.SYNTAX)
    message = str(problem_text)
    if isinstance(exc, DuplicateKeyError):
        rule = rules.DUPLICATE_KEY
        message = message.split(" with value")[0] + "; remove or rename one of them"
        context = getattr(exc, "context_mark", None)
        if context is not None:
            message += f" (the mapping starts at line {context.line + 1})"
    elif "cannot start any token" in message and mark is not None:
        message = "found a character that cannot start a token"
        if _char_at(text, mark) == "\t":
            message = "tab character: YAML indents with spaces only; replace the tab by spaces"
            rule = rules.TAB
    elif "mapping values are not allowed" in message:
        message = _colon_message(text, mark)
    elif "could not determine a constructor for the tag" in message:
        rule = rules.TAG
        message = f"{message}; tags are not allowed, remove it"
    elif "expected a single document" in str(exc):
        rule = rules.DOCUMENTS
        message = "the file holds more than one YAML document (---); keep one"
        mark = getattr(exc, "problem_mark", mark)
    elif mark is None and isinstance(getattr(exc, "position", None), int):
        # The reader refuses a character before parsing; it knows only where.
        character = getattr(exc, "character", None)
        shown_char = f"U+{character:04X} " if isinstance(character, int) else ""
        message = f"control character {shown_char}is not allowed in YAML; remove it"
        rule = rules.CONTROL_CHARACTER
        mark = _Position(text, exc.position)  # type: ignore[attr-defined]
    breaks = sorted({f"U+{ord(c):04X}" for c in "\x85\u2028\u2029" if c in text})
    if breaks and rule == rules.SYNTAX:
        message += (
            f" (the file holds {', '.join(breaks)}, which YAML reads as a line break, so line "
            "numbers may differ from your editor's: replace it by a space or a newline)"
        )
    return DataError(f"{shown}: invalid YAML", [_problem_from_mark(shown, mark, message, rule)])


def _colon_message(text: str, mark: Any) -> str:
    """What "mapping values are not allowed here" means: a ``: `` inside a plain value
    (``note: Overleg gehad: alles goed``), with the line as it should be written."""
    message = (
        "a colon followed by a space inside a value that is not in quotes: YAML reads it as "
        "the start of a new key; put the whole text in quotes"
    )
    lines = text.splitlines()
    line = getattr(mark, "line", -1)
    if not 0 <= line < len(lines):
        return message
    found = re.match(r"(\s*(?:-\s+)?)([^\s:#'\"][^:]*?):\s+(.+?)\s*$", lines[line])
    if found is None:
        return message
    indent, key, value = found.groups()
    if value.startswith(("'", '"', "|", ">")):
        return message
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{message}, e.g. {indent.strip()}{' ' if indent.strip() else ''}{key}: {quoted}"


class _Position:
    """A line and column (from 0) of a character index, as a parser's mark has them."""

    def __init__(self, text: str, index: int) -> None:
        before = text[:index]
        self.line = before.count("\n")
        self.column = index - (before.rfind("\n") + 1)


def _char_at(text: str, mark: Any) -> str:
    lines = text.splitlines()
    line, column = getattr(mark, "line", -1), getattr(mark, "column", -1)
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _empty(shown: str) -> DataError:
    return DataError(
        f"{shown}: empty file",
        [
            Problem(
                shown, 1, 1, message="the file is empty; it must hold a mapping", rule=rules.EMPTY
            )
        ],
    )
