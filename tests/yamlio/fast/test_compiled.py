"""The yaml-rs reader gives exactly what ruamel's loaders give, or declines."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from avp.yamlio.fast import compiled
from avp.yamlio.fast.events import MISSING
from avp.yamlio.loader import load
from avp.yamlio.strict import maybe_anchor_or_tag
from tests.yamlio.fast.test_events import DATA, FILES, node_loader

pytestmark = pytest.mark.skipif(not compiled.available(), reason="yaml-rs is not installed")


def read(text: str) -> Any:
    """compiled.read as avp.yamlio.loader.load calls it: after anchors and tags are
    sent to the located loader."""
    if maybe_anchor_or_tag(text):
        return MISSING
    return compiled.read(text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_same_data_as_the_node_loader(path: Any) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8")
    data = read(text)
    if data is MISSING:
        return
    assert data == node_loader(text)


def test_a_programme_in_block_style_is_read_by_yaml_rs() -> None:
    """The bundled programme as avp and the benchmarks' generator write one (block style;
    the bundled file itself has a block scalar, which is declined)."""
    from ruamel.yaml import YAML

    from tests.conftest import BUNDLED

    dumper = YAML(typ="safe", pure=True)
    dumper.width = 100
    dumper.default_flow_style = False
    buffer = io.StringIO()
    dumper.dump(node_loader(BUNDLED.read_text(encoding="utf-8")), buffer)
    text = buffer.getvalue()
    assert read(text) is not MISSING
    assert read(text) == node_loader(text)


@settings(max_examples=200, deadline=None)
@given(DATA, st.sampled_from([None, True, False]))
def test_random_documents(data: Any, flow: bool | None) -> None:
    from ruamel.yaml import YAML

    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = flow
    buffer = io.StringIO()
    dumper.dump({"root": data}, buffer)
    text = buffer.getvalue()
    check(text)


def check(text: str) -> None:
    """What the reader accepts, the node loader reads the same; what the node loader
    refuses, the reader declines."""
    try:
        expected: Any = node_loader(text)
    except Exception:
        expected = MISSING
    got = read(text)
    if got is MISSING:
        return
    assert expected is not MISSING, f"ruamel refuses {text!r}, yaml-rs read {got!r}"
    assert repr(got) == repr(expected)  # nan is not nan, its text is
    assert type(got) is type(expected)


#: Pieces that make YAML, and a few that only look like it.
PIECES = [
    *"ab1 0:-?\n\t[]{},'\"#|>=<._xeE+\\%\u00e9\u2028\x85\r9&*!",
    *["\n  ", "\n    ", ": ", "- ", "{a: ", "12:30", "~", "null", "NULL", "true", "FALSE"],
    *["0b1", "0o7", ".nan", ".Inf", "-.inf", "+.5", "1.", "2021-01-01", "1e5", "-0", "00"],
    *["\\u00e9", "\\x41", "\\n", "\\ ", " #c", "\n#c\n", "''", "<<", "\\\n", "\ufeff", "\xa0"],
]
YAMLISH = st.tuples(
    st.sampled_from(["", "a: ", "a:\n  ", "a:\n- ", "a: [", "a: {", "x: 1\na:\n  b: "]),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
).map("".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
@example("a: 0x1F")
@example("a: 1_000")
@example("a: 1e400")
@example("a: =")
@example("\ta: b")
@example("a: x\u2028y")
def test_random_text(text: str) -> None:
    check(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 0x1F\n",
        "a: 0o17\n",
        "a: 1_000\n",
        "a: 1e400\n",
        "a: 1e-400\n",
        "a: 0.0\n",  # 0 as a float: read the slower way (1e-400 reads so too)
        "a: .inf\n",
        "a: =\n",
        "<<: {a: 1}\n",
        "a: [<<]\n",
        "1.0: x\n",
        "true: x\n",
        "? [a]\n: b\n",
        "a: x\u2028y\n",
        "a: x\x85y\n",
        "a: x\x07y\n",
        "a:\n\tb: 1\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "a:" + "".join("\n" + " " * i + "b:" for i in range(1, 70)) + " 1\n",
        "- " * 30 + "a\n",
        "a: 1\na: 2\n",  # yaml-rs refuses it: the loaders say where
        "a: |\n  x\n",
        "a: >\n  x\n",
        "a: b?\n",
        "a: .1e5\n",
        "a: [12:30]\n",
        "a: {b\n  c: d}\n",
        "a: x\r  y\n",
        "- a\n",  # not a mapping: not a programme, log or settings file
    ],
)
def test_declines(text: str) -> None:
    assert read(text) is MISSING


def test_load_gives_the_same_either_way() -> None:
    text = "a: 0x1F\nb: [1, 2.5, yes, ~, 2021-02-30]\nc: {d: '0x1F'}\n"
    assert load(text, "t") == {
        "a": "0x1F",
        "b": [1, 2.5, "yes", None, "2021-02-30"],
        "c": {"d": "0x1F"},
    }
    assert read("b: [1, 2.5, yes, ~, 2021-02-30]\n") == {"b": [1, 2.5, "yes", None, "2021-02-30"]}


def test_deep_nesting_never_reaches_yaml_rs() -> None:
    """yaml-rs's parser recurses: some ten thousand levels crash the interpreter. Such text
    is declined before it is parsed (in a child, so that a crash fails only this test)."""
    code = (
        "from avp.yamlio.fast import compiled\n"
        "block = ''.join(' ' * i + 'a:\\n' for i in range(60000))\n"
        "compact = '- ' * 60000 + 'a\\n'\n"
        "spaced = '-  ? ' * 30000 + 'a\\n'\n"
        "for text in (block, compact, spaced):\n"
        "    assert compiled.read(text) is compiled.MISSING\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_without_yaml_rs_it_declines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "_loads", lambda: None)
    assert not compiled.available()
    assert compiled.read("a: 1\n") is MISSING
    assert load("a: 1\n", "t") == {"a": 1}
