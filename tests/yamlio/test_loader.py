"""The strict YAML loaders: the fast C path and the located round-trip path agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.base.problems import DataError
from avp.yamlio.loader import load, load_located
from avp.yamlio.positions import position
from avp.yamlio.strict import MAX_DEPTH, depth_bound

REFUSED = {
    "a: 1\na: 2\n": "duplicate-key",
    "a: &x [1]\nb: *x\n": "anchor",
    "a: !!python/name:os.system x\n": "tag",
    "a: 1\n---\nb: 2\n": "documents",
    "a:\n\t- b\n": "tab",
    "": "empty",
    "# only a comment\n": "empty",
    "a: [1\n": "syntax",
}


@pytest.mark.parametrize("text", sorted(REFUSED))
@pytest.mark.parametrize("loader", [load, load_located])
def test_both_loaders_refuse(loader: object, text: str) -> None:
    with pytest.raises(DataError) as info:
        loader(text, "f.yaml")  # type: ignore[operator]
    (problem,) = info.value.problems
    assert problem.rule == REFUSED[text]
    assert problem.path == "f.yaml"
    assert problem.line >= 1


@pytest.mark.parametrize(
    ("text", "where", "rule", "message"),
    [
        ("a: 1\nb:\n  <<: {c: 1}\n", (3, 3), "merge", "merge keys (<<) are not allowed"),
        ("a: 1\n# \x00\nb: 2\n", (2, 3), "control-character", "U+0000 is not allowed"),
        ("a: x\x7fy\n", (1, 5), "control-character", "U+007F is not allowed in YAML; remove it"),
        ("a: x\u2028b\nc: d: e\n", None, "syntax", "U+2028, which YAML reads as a line break"),
    ],
)
def test_what_the_reader_refuses_is_located_and_explained(
    text: str, where: tuple[int, int] | None, rule: str, message: str
) -> None:
    with pytest.raises(DataError) as info:
        load(text, "f.yaml")
    (problem,) = info.value.problems
    assert (problem.rule, message in problem.message) == (rule, True), problem
    assert problem.line is not None and problem.column is not None
    if where is not None:
        assert (problem.line, problem.column) == where


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    text = "\n".join(lines) + "\n"
    for loader in (load, load_located):
        with pytest.raises(DataError) as info:
            loader(text, "bomb.yaml")
        assert info.value.problems[0].rule == "anchor"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 200_000])
def test_deep_nesting_never_crashes(depth: int) -> None:
    # libyaml's C composer recurses: 200,000 levels would crash the interpreter.
    text = "a: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(DataError) as info:
        load(text, "deep.yaml")
    assert info.value.problems[0].rule == "depth"


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * i + "a:\n" for i in range(500)) + "  " * 500 + "b\n"
    assert depth_bound(text) > MAX_DEPTH
    with pytest.raises(DataError) as info:
        load(text, "deep.yaml")
    assert info.value.problems[0].rule == "depth"


def test_dates_stay_strings() -> None:
    assert load("d: 2021-02-30\n", "f") == {"d": "2021-02-30"}
    assert load_located("d: 2021-03-01\n", "f") == {"d": "2021-03-01"}


def test_yaml_12_scalars() -> None:
    # YAML 1.2: 'on' and 'no' are strings, not booleans.
    assert load("a: on\nb: no\nc: true\n", "f") == {"a": "on", "b": "no", "c": True}


# What each reader gives for a plain scalar; underscores, hexadecimal and octal, and floats
# that cannot be stored change what YAML would give.
NUMBERS = {
    "1_000": "1_000",
    "-1_000": "-1_000",
    "1_000.5": "1_000.5",
    "0x_1F": "0x_1F",
    "1_": "1_",
    "0x1F": "0x1F",  # hexadecimal and octal too: no one counts in them
    "012": 12,  # YAML 1.2: decimal, not octal
    "0o12": "0o12",
    "1e-400": "1e-400",  # it would be 0.0
    "-1e-400": "-1e-400",
    "1e400": "1e400",  # it would be inf
    "0.0e-400": 0.0,
    "1e-310": 1e-310,  # small, but stored
    "1000": 1000,
    "1.5": 1.5,
    "1e3": 1000.0,
}


def plain(value: object) -> tuple[str, object]:
    """``value`` as plain Python data with its type: the round-trip loader's ScalarInt,
    HexCapsInt and ScalarFloat are an int and a float."""
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind.__name__, kind(value)
    return type(value).__name__, value


@pytest.mark.parametrize(("text", "value"), sorted(NUMBERS.items()))
def test_numbers_with_underscores_are_text_in_every_reader(
    text: str, value: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avp.yamlio import loader
    from avp.yamlio.fast.events import build_from_events, plain_scalar
    from avp.yamlio.fast.lines import simple_items
    from tests.yamlio.fast.test_events import node_loader

    document = f"entries:\n  - count: {text}\n"
    readers = {
        "events": lambda: build_from_events(document)["entries"][0]["count"],
        "plain_scalar": lambda: plain_scalar(text),
        "lines": lambda: simple_items(f"- count: {text}\n")[0]["count"],  # type: ignore[index]
        "C loader": lambda: node_loader(document)["entries"][0]["count"],
        "load": lambda: load(document, "f")["entries"][0]["count"],
        "located": lambda: load_located(document, "f")["entries"][0]["count"],
    }
    got = {name: plain(read()) for name, read in readers.items()}
    monkeypatch.setattr(loader, "_accelerator", lambda: None)  # as without avp.yamlio.fast
    got["load without fast"] = plain(load(document, "f")["entries"][0]["count"])
    assert got == dict.fromkeys(got, plain(value))


def test_position_of_values_keys_and_missing_keys() -> None:
    data = load_located("a:\n  b: [x, y]\n  c: 1\n", "f")
    assert position(data, ("a", "b", 1)) == (2, 10)
    assert position(data, ("a", "c")) == (3, 6)
    assert position(data, ("a", "missing")) == (2, 3)


def test_depth_bound_is_small_for_real_data() -> None:
    from tests.conftest import BUNDLED

    assert depth_bound(BUNDLED.read_text(encoding="utf-8")) <= MAX_DEPTH


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(list("&! \t\n\u2028\u00a0\x85[]{},:ax-#'")), max_size=12).map("".join)
)
def test_the_quick_anchor_search_agrees_with_the_pattern(text: str) -> None:
    from avp.yamlio.strict import MAYBE_ANCHOR_OR_TAG, maybe_anchor_or_tag

    assert maybe_anchor_or_tag(text) == (MAYBE_ANCHOR_OR_TAG.search(text) is not None)


def test_the_depth_is_bounded_only_for_the_loaders_that_recurse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reader of libyaml's events keeps a stack of its own and stops at deep nesting
    (Unusual: the located loader then refuses it with its line), so a file it reads needs
    no bound on its depth first (a tenth of a second for a programme of 10,000 measures)."""
    from avp.yamlio import loader
    from avp.yamlio.fast.events import Unusual, build_from_events
    from tests.conftest import BUNDLED

    nested = "a: " + "[" * 40 + "]" * 40 + "\n"
    expected: list[object] = []
    for _ in range(39):
        expected = [expected]
    assert build_from_events(nested) == {"a": expected}
    with pytest.raises(Unusual):
        build_from_events("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")

    def no_bound(text: str) -> int:
        raise AssertionError("depth_bound ran")

    monkeypatch.setattr(loader, "depth_bound", no_bound)
    assert load(BUNDLED.read_text(encoding="utf-8"), "p.yaml")["programme"]["municipality"]
    assert load(nested, "n.yaml") == {"a": expected}
