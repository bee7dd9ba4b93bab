"""Issue 18: appending to a large log whose index is cached reads neither the old entries
nor their cached data, checks the new entry against the entries before it as the whole
log's checks would, and keeps the index and the snapshot current."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from avp.base.problems import AvpError, DataError
from avp.programme.load import load_programme
from avp.programme.models import Programme
from avp.programme.status import Status
from avp.progress import append as appending
from avp.progress import log_index
from avp.progress.append import append_entry
from avp.progress.log_index import LogIndex
from avp.progress.models import Entry
from avp.progress.read import load_log, parse_log
from avp.progress.write import AppendError, appended_text
from avp.storage import cache, snapshot
from avp.storage.files import display_path
from tests.conftest import FIXTURES

ENTRIES = 2500


def _line(n: int, day: dt.date) -> str:
    extra = ""
    if n == 7:
        extra = ", supersedes: id0000000006"  # 7 corrects 6
    elif n == 9:
        extra = ", retracts: id0000000008"  # 9 withdraws 8
    status = "" if n == 9 else ", status: on_track"
    return (
        f"  - {{id: id{n:010d}, measure: 1.1.1, date: {day}{status}, "
        f'note: "activiteit {n}", author: "J. de Vries"{extra}}}\n'
    )


@pytest.fixture
def big(tmp_path: Path) -> tuple[Path, Programme]:
    shutil.copy(FIXTURES / "report" / "programma.yaml", tmp_path / "programma.yaml")
    day = dt.date(2021, 1, 1)
    lines = ["# a large log\n", "entries:\n"]
    lines += [_line(n, day + dt.timedelta(days=n % 600)) for n in range(ENTRIES)]
    log_path = tmp_path / "voortgang.yaml"
    log_path.write_text("".join(lines), encoding="utf-8")
    assert log_path.stat().st_size > appending.FULL_CHECK_LIMIT
    return log_path, load_programme(tmp_path / "programma.yaml")


def entry(note: str = "nieuw", **changes: Any) -> Entry:
    values: dict[str, Any] = {
        "id": "nieuw00001",
        "measure": "2.1.1",
        "date": dt.date(2022, 10, 1),
        "status": Status.on_track,
        "note": note,
        "author": "T",
    }
    values.update(changes)
    return Entry(**{k: v for k, v in values.items() if v is not None})


def _no_whole_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the log's entries nor their cached data may be read."""

    def refused(*args: object, **kwargs: object) -> Any:
        raise AssertionError("the old log was read")

    monkeypatch.setattr(appending, "_load_log_data", refused)
    monkeypatch.setattr(appending, "parse_log", refused)
    monkeypatch.setattr(cache, "load", refused)


def _indexed(big: tuple[Path, Programme]) -> None:
    """One append fills the index (the first reads the log)."""
    log_path, programme = big
    append_entry(log_path, entry("vult de index", id="vult000001"), programme)
    raw = log_path.read_bytes()
    depends = appending.programme_fingerprint(programme)
    assert log_index.load(log_path, raw, cache.RawDigest(raw), depends) is not None


def test_the_second_append_reads_no_entries_and_writes_what_the_first_would(
    big: tuple[Path, Programme], monkeypatch: pytest.MonkeyPatch
) -> None:
    log_path, programme = big
    _indexed(big)
    before = log_path.read_text(encoding="utf-8")
    _no_whole_reads(monkeypatch)
    new = entry("regel 1\nregel 2: ja", id="tweede0001", count=None)
    written = append_entry(log_path, new, programme)
    assert written == new
    # byte for byte what appending the text of the whole log gives
    assert log_path.read_bytes() == appended_text(before, new).encode("utf-8")
    monkeypatch.undo()
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    fresh = load_log(log_path, programme)
    assert len(fresh.entries) == ENTRIES + 2 and fresh.entries[-1] == new


def test_the_index_and_the_snapshot_follow_the_log(
    big: tuple[Path, Programme], monkeypatch: pytest.MonkeyPatch
) -> None:
    log_path, programme = big
    _indexed(big)
    for n in range(3):
        append_entry(log_path, entry(f"n{n}", id=f"volgend{n:03d}"), programme)
    raw = log_path.read_bytes()
    depends = appending.programme_fingerprint(programme)
    index = log_index.load(log_path, raw, cache.RawDigest(raw), depends)
    data = parse_log(raw.decode("utf-8"), "v", programme)
    assert index is not None and index.count == len(data.entries) == ENTRIES + 4
    plain = appending.load(raw.decode("utf-8"), "v")["entries"]
    assert index == LogIndex.of(plain, "\n", 2)
    # a reader takes the log from the snapshot the appends kept: no parse, no validation
    monkeypatch.setattr(cache, "load", lambda *a, **k: pytest.fail("read the cached data"))
    monkeypatch.setattr("avp.yamlio.loader.load_items", lambda *a: pytest.fail("parsed"))
    assert load_log(log_path, programme) == data
    twins = load_log(log_path, programme, twins=True)
    assert [e.note for e in twins.entries] == [e.note for e in data.entries]


def test_a_long_tail_is_written_whole_again(
    big: tuple[Path, Programme], monkeypatch: pytest.MonkeyPatch
) -> None:
    log_path, programme = big
    assert len(load_log(log_path, programme).entries) == ENTRIES  # a snapshot
    monkeypatch.setattr(snapshot, "TAIL_ITEMS", 2)
    for n in range(5):
        append_entry(log_path, entry(f"n{n}", id=f"staart{n:04d}"), programme)
    raw = log_path.read_bytes()
    depends = snapshot._depends(appending.programme_fingerprint(programme))
    found = cache.read_entry("progress-snapshot", log_path, raw, depends)
    assert found is not None
    assert found[0].get("base", len(found[1])) < len(found[1])  # a tail again
    assert snapshot.loads(found[1]) == parse_log(raw.decode("utf-8"), "v", programme)


def _refusal(log_path: Path, programme: Programme, new: Entry) -> tuple[Any, ...]:
    """What the whole log's checks say about the text with ``new`` appended."""
    text = appended_text(log_path.read_text(encoding="utf-8"), new)
    with pytest.raises((DataError, AppendError)) as caught:
        appending._parsed(text, display_path(log_path), programme, None)
    problems = [p.message for p in getattr(caught.value, "problems", [])]
    return type(caught.value), caught.value.message, problems


@pytest.mark.parametrize(
    "new",
    [
        entry(id="id0000000003"),  # an id the log has
        entry(supersedes="id0000000006"),  # superseded already (by 7)
        entry(supersedes="id0000000008"),  # retracted already (by 9)
        entry(supersedes="id0000000009"),  # a retraction
        entry(supersedes="onbekend01"),  # no such entry
        entry(retracts="id0000000004", status=None, measure="2.1.1"),  # another measure
    ],
    ids=["same-id", "superseded", "retracted", "retraction", "unknown", "other-measure"],
)
@pytest.mark.parametrize("cached", [True, False], ids=["index", "no-cache"])
def test_problems_across_entries_are_found_as_the_whole_log_finds_them(
    big: tuple[Path, Programme], new: Entry, cached: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_path, programme = big
    if cached:
        _indexed(big)
    else:  # the entries themselves answer: no index is built
        monkeypatch.setenv("AVP_NO_CACHE", "1")
        monkeypatch.setattr(LogIndex, "of", lambda *a: pytest.fail("an index was built"))
    expected = _refusal(log_path, programme, new)
    before = log_path.read_bytes()
    with pytest.raises((DataError, AppendError)) as caught:
        append_entry(log_path, new, programme)
    problems = [p.message for p in getattr(caught.value, "problems", [])]
    assert (type(caught.value), caught.value.message, problems) == expected
    assert log_path.read_bytes() == before


def test_a_correction_the_index_clears_is_added_without_reading_the_log(
    big: tuple[Path, Programme], monkeypatch: pytest.MonkeyPatch
) -> None:
    log_path, programme = big
    _indexed(big)
    _no_whole_reads(monkeypatch)
    append_entry(log_path, entry(supersedes="id0000000003"), programme)
    retraction = entry(id="intrek0001", retracts="id0000000004", status=None, measure="1.1.1")
    append_entry(log_path, retraction, programme)
    monkeypatch.undo()
    log = parse_log(log_path.read_text(encoding="utf-8"), "v", programme)
    assert log.entries[-2].supersedes == "id0000000003" and log.entries[-1] == retraction


def test_an_entry_alike_but_for_its_id_is_added_without_reading_the_log(
    big: tuple[Path, Programme], monkeypatch: pytest.MonkeyPatch
) -> None:
    """All but the id alike: only a warning of the whole log's checks (which an append
    does not say), so the index clears it; an id-less entry alike in every key is an
    error, which the whole log's checks find."""
    log_path, programme = big
    _indexed(big)
    parsed: list[int] = []
    real = appending.parse_log

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(appending, "parse_log", counted)
    values: dict[str, Any] = {"measure": "1.1.1", "date": dt.date(2021, 1, 6)}
    twin = entry("activiteit 5", id="tweeling01", author="J. de Vries", **values)
    append_entry(log_path, twin, programme)
    assert parsed == []
    assert load_log(log_path, programme).entries[-1] == twin
    same = entry("activiteit 5", id=None, author="J. de Vries", **values)
    append_entry(log_path, same, programme)  # alike but for the id of tweeling01: added
    assert parsed and parsed[-1] > appending.FULL_CHECK_LIMIT
    expected = _refusal(log_path, programme, same)
    with pytest.raises(DataError) as caught:
        append_entry(log_path, same, programme)  # now the same as the entry before it
    problems = [p.message for p in caught.value.problems]
    assert (DataError, caught.value.message, problems) == expected
    assert "the log has it already" in caught.value.message


def test_a_writer_that_changes_the_log_meanwhile_is_detected(
    big: tuple[Path, Programme], monkeypatch: pytest.MonkeyPatch
) -> None:
    log_path, programme = big
    _indexed(big)
    real = appending.write_atomic

    def meanwhile(path: Path, data: Any, *, before_replace: Any) -> None:
        def other_writer_first() -> None:
            with log_path.open("a", encoding="utf-8") as handle:
                handle.write("  # een ander schreef\n")
            before_replace()

        real(path, data, before_replace=other_writer_first)

    monkeypatch.setattr(appending, "write_atomic", meanwhile)
    with pytest.raises(AvpError, match="changed while avp was adding"):
        append_entry(log_path, entry(), programme)
    assert log_path.read_text(encoding="utf-8").endswith("  # een ander schreef\n")


def test_an_index_that_does_not_match_the_bytes_is_not_used(
    big: tuple[Path, Programme], monkeypatch: pytest.MonkeyPatch
) -> None:
    log_path, programme = big
    _indexed(big)
    # the same length, another byte: the index of the old bytes does not apply
    text = log_path.read_text(encoding="utf-8").replace('activiteit 5"', 'activiteit 6"', 1)
    log_path.write_text(text, encoding="utf-8")
    read: list[bool] = []
    real = appending._load_log_data

    def counted(*args: Any, **kwargs: Any) -> Any:
        read.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(appending, "_load_log_data", counted)
    append_entry(log_path, entry(), programme)
    assert read == [True]


def test_raw_digest_keys_are_the_keys_of_the_bytes() -> None:
    raw, more = b"entries:\n" * 1000, b"  - {id: abcdef}\n"
    digest = cache.RawDigest(raw)
    assert digest.key("dep") == cache._key(raw, "dep")
    assert digest.extended(more).key("x") == cache._key(raw + more, "x")
    assert digest.key("dep") == cache._key(raw, "dep")  # extending left it as it was


def test_the_index_round_trips_and_finds_only_whole_keys() -> None:
    plain = [
        {"id": "abcdef01", "measure": "1.1.1", "date": "2021-01-01", "note": "a"},
        {"measure": 7, "date": "2021-01-01", "note": "b"},
        {"id": "abcdef03", "measure": "1.1.1", "date": "2021-01-02", "note": "c",
         "retracts": "abcdef01"},
    ]  # fmt: skip
    index = LogIndex.of(plain, "\r\n", 4)
    assert index is not None
    assert LogIndex.from_body(b"".join(index.body())) == index
    assert index.position("abcdef03") == 2 and index.position("abcdef0") is None
    assert index.measure(1) == b"#" and index.measure(2) == b'"1.1.1"'
    new = {"id": "abcdef04", "measure": "1.1.1", "date": "2021-01-03", "note": "d"}
    assert index.clear_for(new)
    alike = {**new, "note": "a", "date": "2021-01-01"}
    assert index.clear_for(alike)  # at most alike but for its id: a warning
    del alike["id"]
    assert not index.clear_for(alike)  # maybe the same entry twice
    assert index.clear_for({"measure": "7", "date": "2021-01-01", "note": "b"})
    assert not index.clear_for({**new, "supersedes": "abcdef01"})  # retracted already
    assert not index.clear_for({**new, "supersedes": "abcdef03"})  # a retraction
    # a hash that straddles two entries' hashes is no match
    shifted = LogIndex(2, "\n", 2, b"\n\n\n", b"\n\n\n", index.cheap[4:20], [])
    assert not shifted.same_cheap_key(plain[1])
    assert index.with_entry(new) == LogIndex.of([*plain, new], "\r\n", 4)


def test_without_a_cache_a_clear_entry_is_added_after_one_read(
    big: tuple[Path, Programme], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cache: the log is read once, and a new entry that the entries clear is not
    validated again with the whole log."""
    log_path, programme = big
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    monkeypatch.setattr(appending, "parse_log", lambda *a, **k: pytest.fail("parsed again"))
    new = entry(supersedes="id0000000003")
    assert append_entry(log_path, new, programme) == new


def test_after_a_reader_the_first_append_builds_the_index_from_the_cached_data(
    big: tuple[Path, Programme], monkeypatch: pytest.MonkeyPatch
) -> None:
    """avp list (a reader) leaves the log's plain data and snapshot in the cache; the
    first add takes the entries from there (no parse, no validation of 2,500 models) and
    leaves an index for the next."""
    log_path, programme = big
    assert len(load_log(log_path, programme).entries) == ENTRIES  # a reader
    monkeypatch.setattr(appending, "_load_log_data", lambda *a, **k: pytest.fail("read"))
    monkeypatch.setattr(appending, "parse_log", lambda *a, **k: pytest.fail("parsed"))
    append_entry(log_path, entry("eerste"), programme)
    raw = log_path.read_bytes()
    depends = appending.programme_fingerprint(programme)
    assert log_index.load(log_path, raw, cache.RawDigest(raw), depends) is not None
    monkeypatch.undo()
    assert load_log(log_path, programme) == parse_log(raw.decode("utf-8"), "v", programme)
