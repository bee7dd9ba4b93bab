"""Large logs are parsed in chunks; the result is the same as parsing them whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.yamlio.fast.chunked import load_chunked
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
