"""Large logs are parsed in chunks; the result is the same as parsing them whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.yamlio.fast.chunked import Unsplit, load_chunked, simple_pieces
from avp.yamlio.loader import load
from tests.conftest import FIXTURES

LOGS = [*sorted(FIXTURES.glob("**/voortgang*.yaml")), FIXTURES / "progress" / "golden.yaml"]


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("avp.yamlio.fast.chunked.CHUNK_ITEMS", 2)


@pytest.mark.parametrize("path", LOGS, ids=lambda p: p.parent.name + "/" + p.name)
def test_same_as_whole(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    chunked = load_chunked(text, "v", load)
    assert chunked is not None
    assert chunked == load(text, "v")


def pieces(text: str, size: int = 2) -> list[dict[str, object]] | None:
    """The items of simple_pieces joined, or None where it says Unsplit."""
    try:
        return [item for part in simple_pieces(text, size=size) for item in part]
    except Unsplit:
        return None


@pytest.mark.parametrize("path", LOGS, ids=lambda p: p.parent.name + "/" + p.name)
def test_pieces_are_the_whole(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    found = pieces(text)
    assert found is None or found == load(text, "v")["entries"]


def test_pieces_hold_a_few_items_each() -> None:
    text = "# a log\nentries:\n" + "".join(
        f"  - measure: 1.1.{n}\n    note: x{n}\n\n" for n in range(1, 8)
    )
    parts = list(simple_pieces(text, size=3))
    assert [len(part) for part in parts] == [3, 3, 1]
    assert [item for part in parts for item in part] == load(text, "v")["entries"]


@pytest.mark.parametrize(
    "text",
    [
        # text before the first item that is no comment: the whole read refuses it too
        "entries:\n  junk\n  - measure: 1.1.1\n",
        # a note over two lines, cut where the second looks like an item
        'entries:\n  - measure: 1.1.1\n    note: "regel 1\n  - regel 2"\n',
        # an item at another indentation, a second key, no items, no entries
        "entries:\n  - measure: 1.1.1\n - measure: 1.1.2\n",
        "entries:\n  - measure: 1.1.1\nother: x\n",
        "entries:\n",
        "# nothing\n",
    ],
)
def test_pieces_refuse_what_is_not_simple(text: str) -> None:
    assert pieces(text, size=1) is None


@pytest.mark.parametrize(
    "text",
    [
        # a quoted note whose next line looks like a new item: libyaml reads one note
        'entries:\n  - measure: 1.1.1\n    note: "regel 1\n  - regel 2"\n    author: x\n'
        "  - measure: 1.1.2\n    note: y\n    author: x\n",
        # a second top-level key, a document marker, a flow list: not the simple shape
        "entries:\n  - measure: 1.1.1\nother: x\n",
        "entries:\n  - measure: 1.1.1\n...\n",
        "entries: [{measure: 1.1.1}]\n",
        "# no entries at all\n",
    ],
)
def test_unusual_shapes_fall_back(text: str) -> None:
    assert load_chunked(text, "v", load) is None


item = st.fixed_dictionaries(
    {
        "measure": st.sampled_from(["1.1.1", "2.1.1"]),
        "note": st.text(
            st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n-:#'\" "),
            min_size=1,
            max_size=40,
        ).filter(lambda t: t.strip() != ""),  # a blank note is refused
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(item, min_size=1, max_size=7), st.sampled_from([0, 2, 4]))
def test_any_dumped_log(items: list[dict[str, str]], dash: int) -> None:
    from avp.progress.models import Entry
    from avp.progress.write import entry_yaml

    text = "entries:\n"
    for data in items:
        entry = Entry.model_validate(
            {**data, "date": "2022-01-01", "status": "on_track", "author": "a"}
        )
        text += entry_yaml(entry, dash=dash)
    chunked = load_chunked(text, "v", load)
    whole = load(text, "v")
    assert chunked is None or chunked == whole
    for size in (1, 2, 5):
        found = pieces(text, size)
        assert found is None or found == whole["entries"]


def test_pieces_share_the_values_read_so_far_as_the_loader_reads_each() -> None:
    """The pieces of one text share the values of short scalars (simple_items(seen=)):
    a value read in one piece is the loader's in the next too, whatever its type."""
    values = ["true", "1.10", "007", "2021-01-01", "1.1.1", "~", "0x1F", "'3'", "-4"]
    text = "entries:\n" + "".join(
        f"  - measure: 1.1.1\n    value: {value}\n    note: {n}\n"
        for n in range(3)
        for value in values
    )
    parts = list(simple_pieces(text, size=2))
    assert len(parts) > len(values)
    assert [item for part in parts for item in part] == load(text, "v")["entries"]
