"""The progress log as pydantic models: entries with a status, a count or a value."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from avp.base.model import Count, IsoDate, Strict, Text, _date
from avp.base.text import bad_characters
from avp.programme.ids import NODE_ID_PATTERN, NodeId, _whole_number_as_text
from avp.programme.status import Status, spellings, status_from_file
from avp.progress.entry_rules import (
    NEED_CORRECTION,
    TEXT_FIELDS,
    control_characters,
    empty,
    missing_correction,
    retraction_problem,
    target_without_figure,
)
from avp.progress.imported import Imported as Imported
from avp.progress.imported import SourceField
from avp.progress.lesson import EntryFacts
from avp.targets.models import FigurePeriod, Number, TargetId, period_problem

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

# As Measure.id in avp.programme.models.
MEASURE_ID_PATTERN = NODE_ID_PATTERN

#: An entry's own id: lowercase letters and digits. ``avp progress add`` writes 10
#: characters of base32 (:func:`new_entry_id`); a hand-written one may be 6 to 20 long.
ENTRY_ID_PATTERN = r"^[a-z0-9]{6,20}$"
#: The characters of the ids :func:`new_entry_id` makes (base32, lowercase).
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
ENTRY_ID_LENGTH = 10


def new_entry_id() -> str:
    """A new random entry id: 10 base32 characters (50 bits). Among 100,000 entries two
    share an id with a chance of about 1 in 225,000."""
    import secrets  # lazy

    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(ENTRY_ID_LENGTH))


#: Another entry's id, which an entry supersedes or retracts.
EntryRef = Annotated[str, Field(pattern=ENTRY_ID_PATTERN)]

#: A status as a file may write it: the key or a label in a language avp speaks
#: (``off_track``, ``achter``); the model keeps the key (:func:`status_from_file`).
StatusField = Annotated[
    Status,
    # Not strict: the models take a status as its text (strict mode wants the enum itself).
    Field(strict=False),
    BeforeValidator(status_from_file),
    WithJsonSchema({"type": "string", "enum": list(spellings())}),
]

MeasureId = Annotated[
    NodeId,
    Field(
        description="The id of the measure the entry is about, e.g. '2.2.3'; for a target "
        "of a field or theme (a count or value only), the field's or theme's id."
    ),
]


class Entry(EntryFacts, Strict):
    """One progress report on one measure (or, with ``evaluation``, a lesson learned)."""

    model_config = ConfigDict(
        json_schema_extra={
            # Editors: at_risk and off_track need a correction (the model checks it too).
            "if": {
                "properties": {
                    "status": {"enum": [k for k, s in spellings().items() if s.needs_correction]}
                },
                "required": ["status"],
            },
            "then": {"required": ["correction"], "properties": {"correction": {"type": "string"}}},
            # ... and an entry says something: a status, a count or a value.
            # (or is a lesson learned: evaluation true)
            "anyOf": [
                {"required": ["status"]},
                {"required": ["count"]},
                {"required": ["value"]},
                {"required": ["evaluation"], "properties": {"evaluation": {"const": True}}},
                {"required": ["retracts"]},
            ],
        }
    )

    # The writer and the checks handle every field of the model. The id comes first: the
    # writer puts the keys in this order, and a line that starts with a unique id is one
    # git's union merge keeps (README, Git).
    id: Annotated[str, Field(pattern=ENTRY_ID_PATTERN)] | None = Field(
        default=None,
        description="The entry's own id, which avp progress add writes (10 lowercase "
        "letters and digits, e.g. 'k3f9x2m7qa'): no two entries share one, and two entries "
        "that differ only in their ids may record the same thing twice (the duplicate-entry "
        "rule). May be left out in entries written by hand.",
    )
    supersedes: EntryRef | None = Field(
        default=None,
        description="The id of an earlier entry this one replaces (avp progress amend): "
        "the earlier entry stays in the log, marked, but no longer counts.",
    )
    retracts: EntryRef | None = Field(
        default=None,
        description="The id of an earlier entry of the same measure that should not have "
        "been recorded (avp progress retract); the note says why. Such an entry has no "
        "status, count, value, target, correction or evaluation, and counts for nothing "
        "itself.",
    )
    measure: MeasureId
    date: IsoDate = Field(description="The day the report is about (YYYY-MM-DD).")
    status: StatusField | None = Field(
        default=None,
        description="The measure's status from this day on (its key or its label: "
        "'off_track' or 'achter'); may be left out when the entry carries a count or a value.",
    )
    target: TargetId | None = Field(
        default=None,
        description="Which target of the measure the count or value is for; may be left out "
        "when only one of the measure's targets takes a count (or a value).",
    )
    count: Count | None = Field(
        default=None,
        description="How many: activities held that day, units covered (coverage), or 1 "
        "for a deliverable delivered; at most 1,000,000,000.",
    )
    value: Number | None = Field(
        default=None,
        description="A measurement of the target's indicator on this day (or the size of a "
        "coverage's population, or the units covered at one occasion).",
    )
    period: FigurePeriod | None = Field(
        default=None,
        description="The period the count or value describes, when it is not the entry's "
        "date alone: 2021, 2022-H1, 2022-Q1, 2022-03, 2022-W05 or from/to dates "
        "(2022-01-03/2022-01-16, or {from: 2022-01-03, to: 2022-01-16}); e.g. 13 controls "
        "in 2022-Q1, or the figure of 2021 recorded in January 2022.",
    )
    note: Text = Field(description="What happened.")
    author: Text = Field(description="Who recorded it.")
    source: SourceField | None = Field(
        default=None,
        description="Where the information comes from: text, or for a figure imported from "
        "open data the table, measure, period, region and retrieval date.",
    )
    correction: Text | None = Field(
        default=None,
        description="What is done to get back on track (bijsturing); "
        "required for at_risk and off_track.",
    )
    evaluation: bool | None = Field(
        default=None,
        description="true: the note is a lesson learned (evaluatiepunt), which the end "
        "evaluation (avp report --final) collects; such an entry needs no status, count or "
        "value.",
    )

    @model_validator(mode="after")
    def _complete(self, info: ValidationInfo) -> Entry:
        # One validator for every check: a large log has 100,000 entries, and a call of a
        # Python validator costs as much as validating the rest of the entry. The error
        # types are pydantic's (snake_case), not rule ids: avp validate reports these
        # problems under the rules that avp.progress.checks._CHECKED_ON_DATA names.
        # Each rule is asked only when a cheap test says it could fire (a log of 100,000
        # entries: half the time of validating it went here); the rules say what is wrong.
        values = self.__dict__
        context = info.context
        if context is not None and context.get(RULES_ASKED):
            return self  # check_log asked each rule below of this entry's plain data
        if context is not None and context.get(CLEAN_TEXT):
            pass  # read from a text that has none (log_from_data)
        elif bad_characters(
            "".join(text for name in TEXT_FIELDS if isinstance(text := values[name], str))
        ):  # one search of the texts, not one each
            for name in TEXT_FIELDS:
                text = values[name]
                if isinstance(text, str) and (problem := control_characters(text)):
                    raise PydanticCustomError("control_character", f"{name}: {problem}")
        status, count, value = values["status"], values["count"], values["value"]
        if status in NEED_CORRECTION and (
            problem := missing_correction(status, values["correction"])
        ):
            raise PydanticCustomError("correction_required", problem)
        retracts = values["retracts"]
        if (retracts is not None or values["supersedes"] is not None) and (
            problem := retraction_problem(_fields_of(self))
        ):
            raise PydanticCustomError("retraction", problem)
        if (
            status is None
            and retracts is None
            and (problem := empty(status, count, value, values["evaluation"]))
        ):
            raise PydanticCustomError("empty_entry", problem)
        if values["target"] is not None and (
            problem := target_without_figure(values["target"], count, value)
        ):
            raise PydanticCustomError("target_without_figure", problem)
        if values["period"] is not None and (
            problem := period_problem(values["period"], values["date"], count, value)
        ):
            raise PydanticCustomError("period_without_figure", problem)
        return self


def _fields_of(entry: Entry) -> dict[str, Any]:
    return {name: value for name, value in entry.__dict__.items() if value is not None}


class ProgressLog(Strict):
    """The progress log of a programme (voortgangsregistratie)."""

    model_config = ConfigDict(title="avp progress log")

    entries: list[Entry] = Field(
        description="The reports, oldest first by convention; empty or null: none yet.",
        json_schema_extra={"type": ["array", "null"]},
    )

    @field_validator("entries", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


def _share_field_sets(
    entries: list[Entry],
    shared: dict[frozenset[str], set[str]],
    days: dict[Any, Any] | None = None,
) -> None:
    """Give entries with the same keys one set of field names between them, and entries
    of the same day one date (``days``: the dates so far, to share them with other parts).

    pydantic keeps a set of the fields given for every instance; for a log of 100,000
    entries those sets take 70 MiB, more than the rest of the entries. pydantic-core makes
    a date for each entry (:func:`_checked_entry_list`; the full validator's function
    gives the same object for the same text): 3 MiB. Entries are frozen, so nothing
    changes these sets and dates.
    """
    if days is None:
        days = {}
    for entry in entries:
        fields = entry.__pydantic_fields_set__
        one = shared.setdefault(frozenset(fields), fields)
        if one is not fields:
            object.__setattr__(entry, "__pydantic_fields_set__", one)
        values = entry.__dict__
        day = values["date"]
        values["date"] = days.setdefault(day, day)


@cache
def _entry_list() -> TypeAdapter[list[Entry]]:
    return TypeAdapter(list[Entry])


def _checked_schema(schema: Any, replace: dict[Any, Any], done: list[Any]) -> Any:
    """``schema`` (a pydantic-core schema) with each validator function in ``replace``
    swapped for what it maps to (called with the schema the function wraps); ``done``
    collects the functions swapped."""
    if isinstance(schema, list):
        return [_checked_schema(item, replace, done) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    function = schema.get("function")
    if kind in ("function-before", "function-after") and isinstance(function, dict):
        swap = replace.get(function.get("function"))
        if swap is not None:
            done.append(function["function"])
            made = dict(swap(_checked_schema(schema["schema"], replace, done)))
            if "ref" in schema:  # what definition-refs point to
                made["ref"] = schema["ref"]
            return made
    return {
        key: value if key == "metadata" else _checked_schema(value, replace, done)
        for key, value in schema.items()
    }


def prepare_validators() -> None:
    """Build the validators :func:`log_from_data` uses (a model's is built when it first
    validates: some 30 ms), ahead of a large log (:func:`avp.storage.ahead.meanwhile`)."""
    ProgressLog.model_validate({"entries": []})
    _checked_entry_list()


@cache
def _checked_entry_list() -> SchemaValidator | None:
    """A validator of a list of entries that :func:`avp.progress.checks.check_log` found no
    error in: :class:`Entry`'s own core schema (pydantic-core's, the same models come out)
    without its Python functions, each a call per entry (100,000 entries: 0.1 s of 0.3):

    * the rules of :meth:`Entry._complete`, which check_log asked (:data:`RULES_ASKED`);
    * a status given by label (``achter``), a measure as a number (``3``) and a date that
      is not text: the swapped schema refuses them instead of turning them into a status,
      an id or a date (pydantic-core itself takes a status key, an id and a date's text);
      a date's text must be ``YYYY-MM-DD`` before pydantic-core reads it as a date, as
      :func:`avp.base.dates.parse_date` wants.

    So it takes less than the full validator and gives the same models when it takes an
    entry; it stops at the first entry it refuses, and :func:`log_from_data` validates
    that part and the rest with the full one (a log with one label likely has more). None
    when the schema does not have the functions it expects (another pydantic): the full
    validator then."""
    from pydantic_core import SchemaValidator  # lazy
    from pydantic_core import core_schema as cs  # lazy

    text_date = cs.chain_schema(
        [cs.str_schema(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), cs.date_schema(strict=False)]
    )
    replace = {
        Entry._complete: lambda inner: inner,
        status_from_file: lambda inner: inner,
        _whole_number_as_text: lambda inner: inner,
        _date: lambda inner: text_date,
    }
    done: list[Any] = []
    schema = _checked_schema(_entry_list().core_schema, replace, done)
    listed = schema.get("schema") if schema.get("type") == "definitions" else schema
    if set(done) != set(replace) or listed.get("type") != "list":
        return None
    listed["fail_fast"] = True  # one refused entry is enough to validate the part in full
    return SchemaValidator(schema)


VALIDATE_ITEMS = 5000

#: The validation context's key that says the entries were read from a text that can give
#: no string a control character (:func:`log_from_data`'s ``clean``).
CLEAN_TEXT = "avp-clean-text"

#: The validation context's key that says :func:`avp.progress.checks.check_log` found no
#: error in the plain entries (``modelled=False``): it asked every rule of
#: :meth:`Entry._complete` of them already (the same functions, of avp.progress.entry_rules).
RULES_ASKED = "avp-rules-asked"


def log_from_data(
    data: Any, *, spend: bool = False, keep: bool = True, clean: bool = False, asked: bool = False
) -> ProgressLog:
    """``ProgressLog.model_validate(data)``, with less memory for a large log.

    The entries are validated a few thousand at a time; with ``spend=True`` each plain
    entry is dropped from ``data`` once validated, so the plain data and the models of a
    large log are not in memory together (``data`` is of no use afterwards). With
    ``keep=False`` only whether they validate is asked (``avp validate``): each part's
    models are dropped once made, and the log returned has no entries. ``clean``: the
    text ``data`` was read from can give no string a control character
    (:func:`avp.base.text.holds_no_bad_characters`): the entries' texts are not searched
    for one again (:data:`CLEAN_TEXT`). ``asked``: :func:`avp.progress.checks.check_log`
    found no error in ``data`` (not modelled): the entries are validated without the
    Python functions of their model (:func:`_checked_entry_list`), a part that needs them
    in full but without the rules of one entry (:data:`RULES_ASKED`); 100,000 entries:
    0.21 s instead of 0.4. Raises ValidationError as the model does.
    """
    context = {CLEAN_TEXT: clean, RULES_ASKED: asked} if clean or asked else None
    items = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(items, list) or (len(items) <= VALIDATE_ITEMS and not asked):
        log = ProgressLog.model_validate(data, context=context)
        _share_field_sets(log.entries, {})
        return log
    ProgressLog.model_validate({**data, "entries": []})  # the keys beside the entries
    adapter = _entry_list()
    checked = _checked_entry_list() if asked else None
    shared: dict[frozenset[str], set[str]] = {}
    days: dict[Any, Any] = {}
    entries: list[Entry] = []
    for start in range(0, len(items), VALIDATE_ITEMS):
        piece = items[start : start + VALIDATE_ITEMS]
        part = None
        if checked is not None:
            try:
                part = checked.validate_python(piece)
            except ValidationError:  # a label, say: the log is likely written so throughout
                checked = None
        if part is None:
            part = adapter.validate_python(piece, context=context)
        if keep:
            _share_field_sets(part, shared, days)
            entries += part
        if spend:
            items[start : start + VALIDATE_ITEMS] = [None] * len(part)
    return ProgressLog.model_construct(entries=entries)
