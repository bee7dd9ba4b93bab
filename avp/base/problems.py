"""One problem type for whatever is wrong in a file, and the errors commands report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from avp.base import rules
from avp.base.rules import Level as Level


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a file. ``line`` and ``column`` are 1-based; 0 means unknown."""

    path: str
    line: int = 0
    column: int = 0
    level: Level = field(default="error", compare=False)
    message: str = field(default="", compare=True)
    rule: rules.RuleId = field(default=rules.SCHEMA, compare=False)
    yaml_path: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.rule not in rules.RULES:
            raise rules.unregistered(self.rule)

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path

    def text(self) -> str:
        where = f"{self.yaml_path}: " if self.yaml_path else ""
        return f"{where}{self.message}"


#: avp's exit codes, the same for every command (the README's "Exit codes" lists them):
#: 0 done (validate: valid; warnings allowed); 1 problems found in the data (an invalid
#: programme or log, an entry refused by its checks, a lock not free in time); 2 a usage
#: error: a wrong command line (an unknown option, a value that is not a date, year, count
#: or status, a value an entry cannot hold (an empty --note), options that cannot be
#: combined, an option that takes one value given twice, a measure, field, theme, partner,
#: term or entry id that is not in the programme or its log) or a file that cannot be read
#: or written; 3 a bug in avp;
#: 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class AvpError(Exception):
    """Base of the errors the CLI turns into a message and an exit code."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class DataError(AvpError):
    """A file holds invalid data; ``problems`` says where."""

    exit_code = EXIT_PROBLEMS


class NotFoundError(AvpError):
    """A measure, field, theme, partner or term named on the command line that does not
    exist: a usage error (exit 2), as any other wrong value of an option is."""

    exit_code = EXIT_USAGE


class UsageError(AvpError):
    """Bad command-line input or an unreadable file (exit 2)."""

    exit_code = EXIT_USAGE


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return problem.path, problem.line, problem.column, problem.message


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Without duplicates, by file, line, column and message (Problem's own order, by a
    key: a million problems sort in a second instead of half a minute)."""
    return sorted(set(problems), key=_order)


# --- Validation errors in plain English ----------------------------------------------------

#: What a value of each pattern the models use looks like, said for a person (a test checks
#: that every pattern of the JSON Schemas is here). Keyed by the pattern itself: the models
#: live in layers above this one.
PATTERN_TEXTS: dict[str, str] = {
    r"^[a-z0-9][a-z0-9-]*$": (
        "an id is lower-case letters (a-z), digits and hyphens, starting with a letter or "
        "digit, e.g. 'politie' or 'team-noord'"
    ),
    r"^[a-z][a-z0-9-]*$": (
        "an id is lower-case letters (a-z), digits and hyphens, starting with a letter, "
        "e.g. 'frequentie'"
    ),
    r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38}[A-Za-z0-9])?$": (
        "an id is letters, digits, '.', '_' and '-', at most 40, starting and ending with a "
        "letter or digit, e.g. '1.3.5'"
    ),
    r"^[a-z][a-z0-9_-]{0,39}$": (
        "a key is lower-case letters (a-z), digits, '_' and '-', at most 40, starting with "
        "a letter, e.g. 'budget'"
    ),
    r"^[a-z0-9]{6,20}$": "an entry id is 6 to 20 lower-case letters and digits, as avp writes it",
    r"^[0-9]{5}[A-Za-z]{3}$": "a CBS table id is 5 digits and 3 letters, e.g. '83648NED'",
    r"^GM[0-9]{4}$": "a CBS municipality code is GM and 4 digits, e.g. 'GM0614'",
    r"^[A-Za-z][A-Za-z0-9_]*$": (
        "a CBS column name is letters, digits and '_', starting with a letter, e.g. 'RegioS'"
    ),
    r"^[0-9]{4}(JJ00|KW0[1-4]|MM(0[1-9]|1[0-2]))$": (
        "a CBS period is a year and JJ00 (the year), KW01 to KW04 (a quarter) or MM01 to "
        "MM12 (a month), e.g. '2022JJ00'"
    ),
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a day is written YYYY-MM-DD, e.g. '2022-03-31'",
    (
        r"^[0-9]{4}(-(H[12]|Q[1-4]|W[0-5][0-9]|[01][0-9]))?$"
        r"|^[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    ): (
        "a period is a year (2022), half year (2022-H1), quarter (2022-Q1), month "
        "(2022-03), ISO week (2022-W05) or two days FROM/TO (2022-01-03/2022-01-16)"
    ),
    r"\S": "the text is blank (only white space); write what it should say",
}

#: Pydantic's error types whose message is a fixed text here.
_TYPE_TEXTS: dict[str, str] = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list (lines that start with '- ', or [a, b])",
    "dict_type": "expected a mapping (lines of 'key: value')",
    "model_type": "expected a mapping (lines of 'key: value')",
    "model_attributes_type": "expected a mapping (lines of 'key: value')",
    "none_required": "expected nothing here",
    "finite_number": "expected a finite number",
    "missing": "this key is required",
    "extra_forbidden": "this key is not allowed here",
}


def _number(value: Any) -> str:
    """``0`` for 0.0, ``9.4`` for 9.4."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

#: Pydantic's error types of a date or a datetime, and avp's own (``iso_date``,
#: :data:`avp.base.model.IsoDate`): said by :func:`_date_text`.
_DATE_TYPES = frozenset(
    {
        "iso_date",
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_past",
        "date_future",
        "datetime_type",
        "datetime_parsing",
        "datetime_from_date_parsing",
        "datetime_object_invalid",
        "datetime_past",
        "datetime_future",
        "timezone_naive",
        "timezone_aware",
    }
)


def _date_text(kind: str, value: Any) -> str:
    """What is wrong with a date, in plain English: a day that does not exist (2022-02-30:
    "February has no 30th"), or another form than YYYY-MM-DD (05-01-2022: "e.g.
    2022-01-05", the same day written so)."""
    import re  # lazy

    how = "write the date as YYYY-MM-DD, e.g. 2022-01-05"
    if kind in ("date_past", "datetime_past"):
        return "the date must lie in the past"
    if kind in ("date_future", "datetime_future"):
        return "the date must lie in the future"
    from avp.base.dates import _shown  # lazy

    text = value.strip() if isinstance(value, str) else None
    iso = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text or "", flags=re.ASCII)
    if iso is not None:
        year, month, day = (int(part) for part in iso.groups())
        if not 1 <= month <= 12:
            return f"not a real date: there is no month {month}; write YYYY-MM-DD"
        import calendar  # lazy

        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return (
                f"not a real date: {_MONTHS[month - 1]} {year} has no {_ordinal(day)}; "
                "write YYYY-MM-DD"
            )
    day_and_time = re.match(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{1,2}:", text or "")
    if day_and_time is not None:
        how = f"write the date as YYYY-MM-DD, e.g. {day_and_time.group(1)}"
    turned = re.fullmatch(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})", text or "")
    if turned is not None:  # 05-01-2022: the Dutch order
        day, month, year = (int(part) for part in turned.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            how = f"write the date as YYYY-MM-DD, e.g. {year:04d}-{month:02d}-{day:02d}"
    import datetime as dt  # lazy

    if isinstance(value, dt.datetime):
        how = f"write the date as YYYY-MM-DD, e.g. {value.date().isoformat()}"
    if kind == "date_from_datetime_inexact" or day_and_time or isinstance(value, dt.datetime):
        return f"a day without a time: got {_shown(value)}; {how}"
    return f"not a date: got {_shown(value)}; {how}"


def _ordinal(number: int) -> str:
    """``30th``, ``31st``, ``32nd``."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def plain_message(error: Mapping[str, Any]) -> str:
    """A pydantic error (an item of ``ValidationError.errors()``) in plain English: what
    the value should be, not pydantic's wording ("String should have at least 1
    character", "String should match pattern '...'", "instance of Point"). An error
    type not known here keeps its message (avp's own errors already say what to do)."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    if kind in _TYPE_TEXTS:
        return _TYPE_TEXTS[kind]
    if kind in _DATE_TYPES:
        return _date_text(kind, value)
    if kind == "string_too_short":
        wanted = ctx.get("min_length", 1)
        if wanted == 1:
            return "the text is empty; write what it should say"
        return f"too short: at least {wanted} characters"
    if kind == "string_too_long":
        have = f" (this one has {len(value)})" if isinstance(value, str) else ""
        return f"too long: at most {ctx.get('max_length')} characters{have}"
    if kind == "too_short":
        wanted = ctx.get("min_length", 1)
        if wanted == 1:
            return "the list is empty; give at least one item"
        return f"too few items: at least {wanted}"
    if kind == "too_long":
        return f"too many items: at most {ctx.get('max_length')}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern in PATTERN_TEXTS:
            if pattern == r"\S":
                return PATTERN_TEXTS[pattern]
            return f"not allowed here: {PATTERN_TEXTS[pattern]}"
        return f"does not have the form this value needs (the pattern {pattern})"
    bounds = {
        "greater_than_equal": ("ge", "{} or more"),
        "greater_than": ("gt", "more than {}"),
        "less_than_equal": ("le", "{} or less"),
        "less_than": ("lt", "less than {}"),
    }
    if kind in bounds:
        key, text = bounds[kind]
        return "must be " + text.format(_number(ctx.get(key)))
    if kind in ("literal_error", "enum"):
        return f"must be {ctx.get('expected', '')}".rstrip()
    message = str(error.get("msg", ""))
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
