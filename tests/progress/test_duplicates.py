"""duplicate-entry: an entry recorded twice is found, whether or not it has an id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.base import rules
from avp.progress.duplicates import duplicate_findings
from tests.conftest import FIXTURES, Invoke

TARGETS = FIXTURES / "targets"
# The one count of 2022 for measure 1.1.1 (its target: twice a year) in the fixture log.
COUNTED = (
    "  - measure: 1.1.1\n    date: 2022-03-03\n    count: 1\n"
    "    note: Integrale bedrijvencontrole Oostvoorne.\n    author: J. de Vries\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(TARGETS / name, tmp_path / name)
    assert COUNTED in (tmp_path / "voortgang.yaml").read_text(encoding="utf-8")
    return tmp_path


def verdict(invoke: Invoke) -> Any:
    result = invoke(
        ["targets", "-f", "programma.yaml", "--as-of", "2022-12-31", "--format", "json"]
    )
    (row,) = [r for r in json.loads(result.stdout) if r["measure"] == "1.1.1"]
    return row["achieved"], row["verdict"]


@pytest.mark.parametrize("strict", [[], ["--strict"]])
def test_an_exact_duplicate_is_an_error(invoke: Invoke, folder: Path, strict: list[str]) -> None:
    """Issue 14: Data lost (c): an exact duplicate entry passes `validate --strict` and
    turns a missed target into met. Now it is a duplicate-entry error, with or without
    --strict."""
    assert verdict(invoke) == (1, "missed")
    log = folder / "voortgang.yaml"
    log.write_text(log.read_text(encoding="utf-8") + COUNTED, encoding="utf-8")
    result = invoke(["validate", *strict, "-f", "programma.yaml", "--format", "json", str(log)])
    assert result.exit_code == 1
    problems = [p for p in json.loads(result.stdout) if p["rule"] == rules.DUPLICATE_ENTRY]
    assert [p["level"] for p in problems] == ["error"]
    assert "repeats entries[" in problems[0]["message"] and "exactly" in problems[0]["message"]
    assert problems[0]["line"] == len(log.read_text(encoding="utf-8").splitlines()) - 4
    # and no command reports on the log as if it were valid
    shown = invoke(["targets", "-f", "programma.yaml", "--as-of", "2022-12-31"])
    assert shown.exit_code == 1
    assert "duplicate-entry" in shown.output


def entry(**changes: Any) -> dict[str, Any]:
    base = {"measure": "1.1.1", "date": "2022-03-03", "count": 1, "note": "x", "author": "a"}
    return {**base, **changes}


def found(entries: list[Any]) -> list[tuple[tuple[Any, ...], str]]:
    return [(f.loc, f.level) for f in duplicate_findings(entries)]


def test_the_kinds_of_duplicate() -> None:
    assert found([entry(), entry(note="y"), entry(count=2)]) == []
    # the same keys in another order, an exact copy with its id
    assert found([entry(), dict(reversed(entry().items()))]) == [(("entries", 1), "error")]
    assert found([entry(id="aaaaaaaaaa"), entry(id="aaaaaaaaaa")]) == [(("entries", 1), "error")]
    # one id, two entries
    assert found([entry(id="aaaaaaaaaa"), entry(id="aaaaaaaaaa", note="y")]) == [
        (("entries", 1, "id"), "error")
    ]
    # alike but for their ids (or one without): the same report added twice?
    assert found([entry(id="aaaaaaaaaa"), entry(id="bbbbbbbbbb"), entry()]) == [
        (("entries", 1), "warning"),
        (("entries", 2), "warning"),
    ]
    # 1 and 1.0 and True are not the same value; nor is a list a reason to fail
    assert found([entry(count=1), entry(count=1.0), entry(count=True)]) == []
    assert found([entry(note=["x"]), entry(note=["x"]), "junk", None]) == []


def test_messages_say_what_to_do() -> None:
    (same_id,) = duplicate_findings([entry(id="aaaaaaaaaa"), entry(id="aaaaaaaaaa", note="y")])
    assert "entries[0] has the id 'aaaaaaaaaa' too" in same_id.message
    assert "give it another id" in same_id.message
    (alike,) = duplicate_findings([entry(id="aaaaaaaaaa"), entry(id="bbbbbbbbbb")])
    assert "may record the same thing twice" in alike.message
    assert "delete one of them" in alike.message


def _typed(entry: dict[str, Any], *, with_id: bool) -> set[tuple[str, type, Any]]:
    return {(k, type(v), v) for k, v in entry.items() if with_id or k != "id"}


def _an_entry(entry: dict[str, Any]) -> bool:
    return "measure" in entry and "date" in entry


def naive(entries: list[dict[str, Any]]) -> list[tuple[tuple[Any, ...], str]]:
    """The rule as written, comparing every pair."""
    out: list[tuple[tuple[Any, ...], str]] = []
    for i, entry in enumerate(entries):
        if not _an_entry(entry):  # no measure or date: the schema's problem, not this rule's
            continue
        before = [e for e in entries[:i] if _an_entry(e)]
        if any(_typed(e, with_id=True) == _typed(entry, with_id=True) for e in before):
            out.append((("entries", i), "error"))
        elif entry.get("id") is not None and any(e.get("id") == entry["id"] for e in before):
            out.append((("entries", i, "id"), "error"))
        elif any(_typed(e, with_id=False) == _typed(entry, with_id=False) for e in before):
            out.append((("entries", i), "warning"))
    return out


SMALL = st.fixed_dictionaries(
    {"measure": st.sampled_from(["1.1.1", "1.1.2"]), "note": st.sampled_from(["x", "y"])},
    optional={
        "id": st.sampled_from(["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc"]),
        "count": st.sampled_from([1, 1.0, 2]),
        "date": st.sampled_from(["2022-01-01", "2022-01-02"]),
    },
)


@settings(max_examples=100, deadline=None)
@given(st.lists(SMALL, max_size=8))
def test_the_fast_search_finds_what_comparing_every_pair_finds(
    entries: list[dict[str, Any]],
) -> None:
    assert found(list(entries)) == naive(entries)
