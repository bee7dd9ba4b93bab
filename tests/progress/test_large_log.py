"""A large progress log: appends check only the new lines and keep the cache current."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from avp.programme.load import load_programme
from avp.programme.status import Status
from avp.progress import append as appending
from avp.progress import models as log_models
from avp.progress.append import append_entry
from avp.progress.models import Entry
from avp.progress.read import load_log
from avp.progress.write import AppendError
from tests.conftest import FIXTURES


@pytest.fixture
def big(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "report" / "programma.yaml", tmp_path / "programma.yaml")
    lines = ["# a large log\r\n", "entries:\r\n"]
    day = dt.date(2021, 1, 1)
    for n in range(3000):
        lines += [
            "  - measure: 1.1.1\r\n",
            f"    date: {day + dt.timedelta(days=n % 600)}\r\n",
            "    status: on_track\r\n",
            f"    note: 'activiteit nummer {n}: # geen commentaar'\r\n",
            "    author: J. de Vries\r\n",
        ]
    (tmp_path / "voortgang.yaml").write_text("".join(lines), encoding="utf-8", newline="")
    assert (tmp_path / "voortgang.yaml").stat().st_size > appending.FULL_CHECK_LIMIT
    return tmp_path / "programma.yaml"


def entry(note: str) -> Entry:
    return Entry(
        measure="2.1.1",
        date=dt.date(2022, 10, 1),
        status=Status.at_risk,
        note=note,
        author="T",
        correction="bijsturen",
    )


def test_append_to_a_large_log_checks_only_the_new_lines(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programme = load_programme(big)
    log_path = big.parent / "voortgang.yaml"
    before = log_path.read_bytes()
    assert len(load_log(log_path, programme).entries) == 3000  # fills the cache
    calls: list[int] = []
    real = appending.load

    def counting(text: str, shown: str) -> object:
        calls.append(len(text))
        return real(text, shown)

    monkeypatch.setattr(appending, "load", counting)
    written = append_entry(log_path, entry("regel 1\nregel 2: ja"), programme)
    assert written.note == "regel 1\nregel 2: ja"
    assert max(calls) < 1000, "only the appended lines were parsed"
    after = log_path.read_bytes()
    assert after.startswith(before) and after.count(b"\r\n") == after.count(b"\n")
    # the cache was updated by appending to it: neither the next append nor the next
    # read parses the log, and what they read matches a fresh parse
    monkeypatch.setattr(appending, "load", real)

    def no_parse(text: str, shown: str) -> object:
        raise AssertionError("the whole log was parsed")

    monkeypatch.setattr("avp.yamlio.loader.load_items", no_parse)
    append_entry(log_path, entry("nog een"), programme)
    cached = load_log(log_path, programme)
    monkeypatch.undo()
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    fresh = load_log(log_path, programme)
    assert cached == fresh and len(fresh.entries) == 3002
    assert [e.note for e in fresh.entries[-2:]] == ["regel 1\nregel 2: ja", "nog een"]


def test_appended_lines_that_read_differently_are_refused(big: Path) -> None:
    log_path = big.parent / "voortgang.yaml"
    old = log_path.read_text(encoding="utf-8")
    wanted = entry("x")
    with pytest.raises(AppendError, match="could not add the entry"):
        appending._check_appended_item(old, old + "  - measure: 2.1.1\n", "v", wanted)
    with pytest.raises(AppendError, match="do not follow the old text"):
        appending._check_appended_item(old, "other", "v", wanted)


def plain_entries(count: int) -> list[dict[str, object]]:
    return [
        {
            "measure": "1.1.1",
            "date": f"2021-01-{1 + n % 28:02d}",
            **({"status": "on_track"} if n % 3 else {"count": n}),
            "note": f"n{n}",
            "author": "J. de Vries",
        }
        for n in range(count)
    ]


@pytest.mark.parametrize("spend", [False, True])
def test_log_from_data_is_model_validate_in_parts(
    monkeypatch: pytest.MonkeyPatch, spend: bool
) -> None:
    monkeypatch.setattr(log_models, "VALIDATE_ITEMS", 7)
    data = {"entries": plain_entries(50)}
    expected = log_models.ProgressLog.model_validate(data)
    log = log_models.log_from_data(data, spend=spend)
    assert log == expected
    assert [e.model_fields_set for e in log.entries] == [
        e.model_fields_set for e in expected.entries
    ]
    # entries with the same keys share one set of field names: memory for large logs
    assert len({id(e.model_fields_set) for e in log.entries}) == 2
    assert (data["entries"] == [None] * 50) is spend


@pytest.mark.parametrize("asked", [False, True])
def test_entries_of_one_day_share_one_date(monkeypatch: pytest.MonkeyPatch, asked: bool) -> None:
    """Whichever validator made them (asked: the checked one, whose pydantic-core makes a
    date per entry), in whichever part: 100,000 entries, 3 MiB."""
    monkeypatch.setattr(log_models, "VALIDATE_ITEMS", 7)
    data = {"entries": [e for e in plain_entries(60) if "status" in e]}
    log = log_models.log_from_data(data, asked=asked)
    assert log == log_models.ProgressLog.model_validate(data)
    assert len({id(e.date) for e in log.entries}) == len({e.date for e in log.entries}) == 28


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["entries"][33].pop("note"),
        lambda d: d["entries"][49].update(status="klaar"),
        lambda d: d.update(extra=1),
    ],
)
def test_log_from_data_refuses_what_the_model_refuses(
    monkeypatch: pytest.MonkeyPatch, change: object
) -> None:
    from pydantic import ValidationError

    monkeypatch.setattr(log_models, "VALIDATE_ITEMS", 7)
    data: dict[str, object] = {"entries": plain_entries(50)}
    change(data)  # type: ignore[operator]
    with pytest.raises(ValidationError):
        log_models.ProgressLog.model_validate(data)
    with pytest.raises(ValidationError):
        log_models.log_from_data(data)


@pytest.mark.parametrize(
    "text",
    ["...\n", "a: 1\n...\n", "a: 1\r\n... # end\r\n", "a: '...'\n", "a: 1\n ...\n", "a: 1\n....\n",
     "a: 1\n...x\n", "", "x\n...", "a: 1\n---\n"],
)  # fmt: skip
def test_a_document_end_is_found_as_the_pattern_finds_it(text: str) -> None:
    """Issue 18: the marker is looked for with a substring search first; the answer is the
    pattern's."""
    assert appending.has_document_end(text) == (appending._DOCUMENT_END.search(text) is not None)


def test_a_large_log_is_not_read_before_the_lock(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: the warm-up before the lock only reads a log it would parse (a small one):
    a large log is read once, under the lock (and once more to see it did not change)."""
    programme = load_programme(big)
    log_path = big.parent / "voortgang.yaml"
    read: list[str] = []
    real = appending.read_bytes_if_exists

    def counted(path: Path) -> bytes | None:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(appending, "read_bytes_if_exists", counted)
    append_entry(log_path, entry("een"), programme)
    assert read == ["voortgang.yaml", "voortgang.yaml"]
    assert load_log(log_path, programme).entries[-1].note == "een"


def test_a_part_the_checked_validator_refuses_and_the_parts_after_it_are_validated_in_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A status by its label ('op koers') in the first part: that part and (the log is
    likely written so throughout) the rest go to the full validator; the same entries."""
    monkeypatch.setattr(log_models, "VALIDATE_ITEMS", 7)
    entries = [e for e in plain_entries(60) if "status" in e]
    entries[0]["status"] = "op koers"
    data = {"entries": entries}
    expected = log_models.ProgressLog.model_validate(data)
    asked: list[object] = []
    full = log_models._entry_list()
    monkeypatch.setattr(
        full,
        "validate_python",
        lambda *a, **k: asked.append(1) or type(full).validate_python(full, *a, **k),
    )
    assert log_models.log_from_data(data, asked=True) == expected
    assert len(asked) == -(-len(entries) // 7)  # every part
