"""Lines a git merge left in a file (``<<<<<<<``, ``=======``, ``>>>>>>>``): said before
the YAML parser finds them, with what happened and what to do."""

from __future__ import annotations

import re

from avp.base import rules
from avp.base.problems import DataError, Problem

# A conflict's first and last line; ||||||| opens the base's part (merge.conflictStyle diff3).
_OUTER = re.compile(r"^(?:<{7}|>{7})(?:[ \t][^\r\n]*)?\r?$", re.MULTILINE)
_ANY = re.compile(r"^(?:<{7}|>{7}|\|{7})(?:[ \t][^\r\n]*)?\r?$|^={7}[ \t]*\r?$", re.MULTILINE)

#: Conflicts listed one by one; more are counted.
_LISTED = 10


def conflict_markers(text: str, shown: str) -> DataError | None:
    """The error for a text with git's conflict markers, or None.

    A marker line starts at column 0, where in a YAML mapping only a key can, so no valid
    file has one. Only a text with a ``<<<<<<<`` or ``>>>>>>>`` line counts: a lone
    ``=======`` is left to the parser.
    """
    if ("<<<<<<<" not in text and ">>>>>>>" not in text) or not _OUTER.search(text):
        return None
    found = [(m.start(), m.group()[:7]) for m in _ANY.finditer(text)]
    starts = [start for start, marker in found if marker == "<<<<<<<"] or [found[0][0]]
    listed = [
        Problem(
            shown,
            text.count("\n", 0, start) + 1,
            1,
            message=_MESSAGE,
            rule=rules.CONFLICT_MARKER,
        )
        for start in starts[:_LISTED]
    ]
    more = f" ({len(starts) - _LISTED} more conflicts not listed)" if len(starts) > _LISTED else ""
    return DataError(
        f"{shown}: a git merge left conflict markers in it{more}; resolve them first", listed
    )


_MESSAGE = (
    "a git merge left a conflict here: the lines between '<<<<<<<' and '=======' are one "
    "side's, those between '=======' and '>>>>>>>' the other's. In a progress log keep both "
    "sides' entries; then delete the three marker lines and run avp validate. A line "
    "'<log> merge=union' in .gitattributes (avp init writes it) lets git join two "
    "branches' entries without a conflict"
)
