"""Git's conflict markers are named before the YAML parser trips over them."""

from __future__ import annotations

import pytest

from avp.base import rules
from avp.base.problems import DataError
from avp.yamlio.loader import load, load_items, load_located
from avp.yamlio.markers import conflict_markers

ONE = 'entries:\n  - {measure: 1.1.1, note: "a"}\n'
CONFLICT = (
    ONE
    + "<<<<<<< HEAD\n"
    + '  - {measure: 1.1.2, note: "b"}\n'
    + "=======\n"
    + '  - {measure: 1.1.3, note: "c"}\n'
    + ">>>>>>> other\n"
)


@pytest.mark.parametrize("read", [load, load_items, load_located])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_reader_names_the_conflict(read: object, newline: str) -> None:
    text = CONFLICT.replace("\n", newline)
    with pytest.raises(DataError) as info:
        read(text, "voortgang.yaml")  # type: ignore[operator]
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.rule) == (3, 1, rules.CONFLICT_MARKER)
    assert "a git merge left a conflict here" in problem.message
    assert "keep both sides' entries" in problem.message
    assert "delete the three marker lines" in problem.message
    assert "conflict markers" in info.value.message


def test_each_conflict_once_and_a_diff3_base() -> None:
    diff3 = CONFLICT.replace("=======\n", "||||||| base\n=======\n")
    error = conflict_markers(diff3 + diff3.removeprefix(ONE), "v.yaml")
    assert error is not None
    assert [p.line for p in error.problems] == [3, 9]
    many = conflict_markers(ONE + CONFLICT.removeprefix(ONE) * 12, "v.yaml")
    assert many is not None and len(many.problems) == 10
    assert "2 more conflicts not listed" in many.message


def test_a_half_resolved_conflict_is_still_named() -> None:
    """Someone deleted the first marker line but not the others."""
    text = CONFLICT.replace("<<<<<<< HEAD\n", "")
    error = conflict_markers(text, "v.yaml")
    assert error is not None and error.problems[0].line == 4  # the '=======' line


@pytest.mark.parametrize(
    "text",
    [
        ONE,
        'entries:\n  - {note: "<<<<<<< HEAD"}\n',  # inside a value: not at column 0
        "entries:\n  - note: |\n      >>>>>>> x\n",
        "entries: []\n# <<<<<<< HEAD\n",
        "entries: []\n<<<<<<<<< more than seven\n",
    ],
)
def test_no_false_alarm(text: str) -> None:
    assert conflict_markers(text, "v.yaml") is None
