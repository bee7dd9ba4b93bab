"""The rules ``avp validate`` checks: one registry of ids, default levels and descriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, NewType

# Every problem names the rule it breaks. Code names a rule by its constant below
# (``rules.DUPLICATE_ID``), never by a string: a typo is an attribute error (mypy: a plain
# string is no RuleId), Finding and Problem refuse an id that is not registered, and
# tests/test_rules.py looks for rule ids written as strings. Ids are kebab-case; the order
# here is the order of ``avp validate --list-rules``.
#
# A rule's level is the level of its problems, with two exceptions: ``target-dates`` is an
# error for dates in the wrong order and a warning for dates outside the programme period,
# and ``duplicate-entry`` a warning for entries that differ only in their ids (each finding
# says which). ``--strict`` makes every warning an error.

Level = Literal["error", "warning"]

#: A registered rule id: the constants below, never a plain string (mypy checks it).
RuleId = NewType("RuleId", str)

_KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Rule:
    """A check: its kebab-case id, its problems' level, what it checks and what to do."""

    id: str
    level: Level
    description: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str, level: Level, description: str) -> RuleId:
    """Register a rule and return its id, for the module-level name code uses."""
    if not _KEBAB.fullmatch(rule_id) or rule_id in RULES:
        raise ValueError(f"rule id {rule_id!r} is not kebab-case or is registered twice")
    RULES[rule_id] = Rule(rule_id, level, description)
    return RuleId(rule_id)


def unregistered(rule_id: str) -> ValueError:
    """The error for a problem or finding that names a rule the registry does not have."""
    return ValueError(f"unregistered rule {rule_id!r}: register it in avp/base/rules.py")


# Reading YAML: what a programme or log never needs is refused.
SYNTAX = rule("syntax", "error", "The file is well-formed YAML; fix it where the message says.")
EMPTY = rule("empty", "error", "The file holds a mapping, not nothing (or only comments).")
DOCUMENTS = rule(
    "documents", "error", "The file holds one YAML document, not several split by '---'."
)
DUPLICATE_KEY = rule(
    "duplicate-key", "error", "No key appears twice in one mapping; remove or rename one."
)
CONFLICT_MARKER = rule(
    "conflict-marker",
    "error",
    "No lines a git merge left (<<<<<<<, =======, >>>>>>>): keep both sides' entries, delete "
    "the marker lines (merge=union in .gitattributes spares them in a log).",
)
TAB = rule("tab", "error", "Indentation uses spaces only; replace the tab by spaces.")
CONTROL_CHARACTER = rule(
    "control-character",
    "error",
    "Text holds no control characters (escape codes, bell, bidi overrides); remove them.",
)
ANCHOR = rule("anchor", "error", "No anchors (&name) or aliases (*name); write the value out.")
MERGE = rule("merge", "error", "No merge keys (<<); write the keys out.")
TAG = rule("tag", "error", "No tags (!!python/..., !name); quote a value to keep it text.")
DEPTH = rule("depth", "error", "Nesting is at most 64 levels deep.")

# The schema: what `avp schema` describes.
SCHEMA = rule(
    "schema",
    "error",
    "Values have the type and form the schema asks (text, number, YYYY-MM-DD date, a "
    "known kind); `avp schema` describes it.",
)
UNKNOWN_KEY = rule(
    "unknown-key", "error", "Every key is one the schema knows; fix the typo or remove the key."
)
MISSING_KEY = rule("missing-key", "error", "Every required key is there; add it.")

# The programme as a whole.
DUPLICATE_ID = rule(
    "duplicate-id",
    "error",
    "Partner ids are unique; field, theme and measure ids are unique together (an entry "
    "names any of them); target ids are unique per field, theme or measure.",
)
ID_POSITION = rule(
    "id-position",
    "warning",
    "Opt-in (enable: [id-position] under programme:): field, theme and measure ids follow "
    "their place (1.3.2: the 2nd measure of theme 1.3).",
)
#: The rules a programme turns on with ``enable:`` under ``programme:``; off otherwise.
OPT_IN = frozenset({"id-position"})
ENABLE = rule(
    "enable",
    "error",
    "The opt-in checks named by 'enable' under 'programme' exist (id-position).",
)
EMPTY_FIELD = rule(
    "empty-field", "warning", "A field has themes; add them when the programme has them."
)
EMPTY_THEME = rule(
    "empty-theme", "warning", "A theme has measures; add them when the programme has them."
)
NO_RESULT = rule("no-result", "warning", "A measure has an expected result (result:), as adopted.")
NO_PARTNERS = rule("no-partners", "warning", "A measure names who carries it out (partners:).")
DROPPED = rule(
    "dropped",
    "warning",
    "A dropped measure's date lies in the programme period; entries after it are unusual.",
)
PARTNER_REF = rule(
    "partner-ref",
    "error",
    "A measure's partners and a partner's parent are ids under 'partners'; add or fix them.",
)
DUPLICATE_PARTNER = rule("duplicate-partner", "warning", "A measure lists a partner once.")
PARENT_CYCLE = rule(
    "parent-cycle", "error", "Partner parents form no cycle: no partner is its own ancestor."
)
AMBIGUOUS_NAME = rule(
    "ambiguous-name", "error", "A partner id, name or alias points at one partner only."
)
DUPLICATE_TERM = rule(
    "duplicate-term", "error", "Each glossary term appears once (case and accents ignored)."
)

# The targets of a measure.
TARGET_DATES = rule(
    "target-dates",
    "error",
    "A target's dates are in order (start before end, baseline before target date); dates "
    "outside the programme period or a baseline long before it are warnings.",
)
TARGET_REFERENCE = rule(
    "target-reference",
    "error",
    "A comparison's reference year needs 'per: year' and lies before the compared years.",
)
TARGET_COVERAGE = rule(
    "target-coverage", "error", "A coverage target has 'percent' or 'per_occasion', not both."
)
TARGET_DIRECTION = rule(
    "target-direction",
    "error",
    "A threshold's direction fits its baseline and target value (increase: target above).",
)

# The progress log.
PROGRAMME = rule(
    "programme",
    "error",
    "A log is checked against a valid programme; without one its measure ids and dates are "
    "not: fix that programme or name it with --file.",
)
NO_PROGRAMME = rule(
    "no-programme",
    "warning",
    "A log is checked against the programme that names it (found through --file, an "
    "avp.toml or a programme beside it); without one only its schema is checked.",
)
UNKNOWN_STATUS = rule(
    "unknown-status", "error", "An entry's status is a known status key (on_track, not op koers)."
)
CORRECTION_REQUIRED = rule(
    "correction-required",
    "error",
    "An entry with status at_risk or off_track says in 'correction' what is done about it.",
)
EMPTY_ENTRY = rule("empty-entry", "error", "An entry has a 'status', a 'count' or a 'value'.")
UNKNOWN_MEASURE = rule(
    "unknown-measure", "error", "An entry's measure is a measure of the programme."
)
OWNER_STATUS = rule(
    "owner-status",
    "error",
    "Only a measure has a status; an entry for a field or theme gives a count or value.",
)
TARGET = rule(
    "target",
    "error",
    "A count or value goes to a target of the measure that takes it; name it with 'target' "
    "when several do.",
)
FUTURE_DATE = rule(
    "future-date", "error", "An entry's date is not in the future; record what happened."
)
OUTSIDE_PERIOD = rule(
    "outside-period",
    "warning",
    "An entry's date lies in the programme period or the 90 days after it (late figures).",
)
DUPLICATE_ENTRY = rule(
    "duplicate-entry",
    "error",
    "No two entries share an id or are the same in every key; two that differ only in their "
    "ids are a warning (the same report added on two branches?).",
)
SUPERSEDES = rule(
    "supersedes",
    "error",
    "An entry that supersedes or retracts another names an entry of the log by its id, not "
    "itself, not in a cycle, and an entry is superseded or retracted once.",
)

# Privacy: the files are public.
PRIVACY = rule(
    "privacy",
    "warning",
    "Text holds nothing that looks like personal data (BSN, e-mail address, Dutch phone "
    "number): these files are public.",
)

# Files.
ENCODING = rule("encoding", "error", "The file is UTF-8 (a BOM is allowed); save it as UTF-8.")
IO = rule(
    "io",
    "error",
    "The file can be read: it exists, is a file (not a folder) and may be read; exit code 2.",
)
CONFIG = rule(
    "config",
    "error",
    'An avp.toml is UTF-8 TOML with a line programme = "path" naming a programme file that exists.',
)
PATH_OUTSIDE = rule(
    "path-outside",
    "error",
    "A path the programme names (progress_log) lies in the programme's folder or below it, "
    "also after following links and '..'; move the file there, or name it with --log.",
)
