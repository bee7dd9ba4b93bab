"""The event-based reader gives exactly what ruamel's node-based safe loader gives."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.yamlio import strict
from avp.yamlio.fast import events
from avp.yamlio.fast.events import Unusual, build_from_events
from tests.conftest import BUNDLED, FIXTURES


def node_loader(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = strict._safe_constructor()
    yaml.Resolver = events.fast_resolver()
    return yaml.load(text)


FILES = [BUNDLED, *sorted(FIXTURES.glob("**/*.yaml"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_same_data_as_the_node_loader(path: Any) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8")
    try:
        built = build_from_events(text)
    except Exception:
        return  # unusual or broken: load falls back to the node loader
    assert built == node_loader(text)


SCALARS = st.one_of(
    st.sampled_from(
        [
            "on",
            "off",
            "yes",
            "no",
            "true",
            "False",
            "~",
            "null",
            "",
            "012",
            "0o17",
            "0x1F",
            "1e3",
            "1_000",
            "1_000.5",
            "0o12",
            ".inf",
            "-.nan",
            "2021-02-30",
            "2021-03-17T10:00:00",
            "12:30",
            "+1",
            "- x",
            ": y",
            "#z",
            "a #b",
            "'q'",
            '"q"',
            "\u2028",
            "\u0085",
            "1.10",
            "3.",
        ]
    ),
    st.text(max_size=12),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(DATA, st.sampled_from([None, True, False]))
def test_random_documents(data: Any, flow: bool | None) -> None:
    import io

    from ruamel.yaml import YAML

    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = flow
    buffer = io.StringIO()
    dumper.dump({"root": data}, buffer)
    text = buffer.getvalue()
    try:
        expected = node_loader(text)
    except Exception:
        return  # the text does not load at all (then load reports the loader's error)
    try:
        built = build_from_events(text)
    except Unusual:
        return
    assert built == expected


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "<<: {a: 1}\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.1\n---\na: on\n",
        "? [a]\n: b\n",
    ],
)
def test_unusual_text_goes_to_the_node_loader(text: str) -> None:
    with pytest.raises(Unusual):
        build_from_events(text)


def test_the_c_loader_is_let_go_with_the_collector_paused() -> None:
    """ruamel's C loader refers to itself; with the cycle collector paused (as when avp
    reads a file) it would keep libyaml's copy of the text and the text until the exit."""
    import gc

    from avp.yamlio.fast.events import build_from_events

    def loaders() -> int:
        return sum(1 for o in gc.get_objects() if type(o).__name__ == "XLoader")

    gc.collect()
    before = loaders()
    gc.disable()
    try:
        assert build_from_events("a: 1\nb: [x, y]\n") == {"a": 1, "b": ["x", "y"]}
        assert loaders() == before
    finally:
        gc.enable()
