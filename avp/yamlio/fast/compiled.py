"""The fastest reader: a whole text read by yaml-rs (a YAML 1.2 parser in Rust), where it
reads as the loaders of :mod:`avp.yamlio.loader` do.

yaml-rs builds a programme of 10,400 measures in a fifth of the time of
:func:`avp.yamlio.fast.events.build_from_events` (libyaml makes a Python object of every
event and its marks; yaml-rs makes only the data). It resolves scalars as YAML 1.2's core
schema does, which is what avp wants, but for the few things avp reads otherwise; text
that may hold one of those is declined (:data:`MISSING`) before or after parsing, and the
caller reads it the slower way, which gives the same data:

* numbers a person does not write so (``0x1F``, ``0o17``, ``1_000``, ``1e400``,
  ``1e-400``: avp reads them as text, :func:`avp.yamlio.strict.number_as_text`), and
  ``.1e5`` (text to ruamel, a float to yaml-rs);
* ``=`` and ``<<`` as whole plain scalars (ruamel gives them tags of their own, which the
  rules refuse), keys other than str and int (``1`` and ``1.0`` or ``true`` are one key
  in a dict: yaml-rs would keep the last one where the loaders report a duplicate), a
  document that is not a mapping;
* where the two parsers differ on the grammar, as a fuzzing test found: block scalars
  (``|``, ``>``: an empty one, or one at the end of the text), ``?`` (an explicit key, or
  text in a flow collection), a flow collection over several lines or with a colon not
  followed by a space, tabs, a ``\r`` that is not part of ``\r\n``;
* characters ruamel refuses (control characters, ``\x85``, ``\u2028``, a byte-order mark
  inside the text), directives and document markers;
* nesting of :data:`avp.yamlio.strict.MAX_DEPTH` levels or more, and anything that might
  nest deeply enough to exhaust yaml-rs's stack (its recursive parser crashes the
  interpreter on some ten thousand levels, as libyaml's composer does).

A file avp writes, or one written in the usual block style, has none of these.
yaml-rs is a dependency, but optional in the code: without it avp reads the slower way.
Tests compare this reader with the loaders on generated text.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from avp.yamlio.fast.events import MISSING
from avp.yamlio.strict import MAX_DEPTH

#: Characters ruamel refuses, line and paragraph separators, a byte-order mark.
_REFUSED_CHARACTER = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
#: 0x1F, 0o17 (read as text); a literal first, so that the search is quick.
_HEX_OR_OCTAL = re.compile(r"0[xXoO]")
#: 1_000, _.01 (read as text): an underscore beside a digit or a point, the underscore first.
_SEPARATOR = re.compile(r"_(?:(?<=[0-9.]_)|(?=[0-9.]))")
#: A colon before other than a space: in a flow collection ruamel refuses it (12:30),
#: yaml-rs reads it.
_TIGHT_COLON = re.compile(r":(?=[^ \r\n])")
#: A flow collection over several lines (ruamel refuses a key over two lines in one).
_OPEN_FLOW = re.compile(r"[\[{][^\]}\n]*\n")
#: .1e5: a float to yaml-rs, text to ruamel (whose YAML 1.2 floats that start with a
#: point need a sign in the exponent).
_POINT_EXPONENT = re.compile(r"\.[0-9]+[eE]")
#: Many nodes started on one line (- - - - ...): deep nesting without indentation. One
#: search for each way such a run can start: a literal first is several times quicker.
_COMPACT = tuple(
    re.compile(re.escape(start) + r"[ \t]*(?:[-?][ \t]+){23}")
    for start in ("- ", "-\t", "? ", "?\t")
)
#: Indentation this deep may nest deeper than yaml-rs's stack allows.
_DEEP = "\n" + " " * 200

_SPECIAL = frozenset({"=", "<<"})
_INFINITY = float("inf")


def _declined(text: str) -> bool:
    """Whether ``text`` may hold what yaml-rs reads otherwise than the loaders, or nest
    deeply enough to crash it (each test a search in C, the quick ones first)."""
    return (
        text.startswith(("%", "---", "..."))
        or "\n%" in text  # a directive
        or "\n---" in text  # a document's start or end
        or "\n..." in text
        or _DEEP in text
        or "\t" in text  # where YAML allows a tab and where not, the parsers differ
        # block scalars (empty, or at the end: the parsers keep other line breaks), '?'
        # (an explicit key, or text in a flow collection that ruamel refuses)
        or "|" in text
        or ">" in text
        or "?" in text
        or (
            ("[" in text or "{" in text)
            and (_TIGHT_COLON.search(text) is not None or _OPEN_FLOW.search(text) is not None)
        )
        or ("\r" in text and text.count("\r") != text.count("\r\n"))  # \r alone breaks lines
        or _SEPARATOR.search(text) is not None
        or _HEX_OR_OCTAL.search(text) is not None
        or _POINT_EXPONENT.search(text) is not None
        or _REFUSED_CHARACTER.search(text) is not None
        or any(compact.search(text) is not None for compact in _COMPACT)
    )


@functools.cache
def _loads() -> Any:
    """yaml-rs's ``loads``, or None where it is not installed."""
    try:
        from yaml_rs import loads  # lazy: optional, and speed only
    except ImportError:  # pragma: no cover - depends on the installation
        return None
    return loads


def available() -> bool:
    """Whether yaml-rs is installed."""
    return _loads() is not None


def read(text: str) -> Any:
    """The plain data of ``text`` as :func:`avp.yamlio.loader.load` gives it (scalars
    resolved as its safe loader resolves them; dates as strings), or :data:`MISSING`
    where this reader declines: yaml-rs is not installed, the text holds what it reads
    otherwise (see the module), or yaml-rs refuses the text (the loaders say why)."""
    loads = _loads()
    text = text.removeprefix("\ufeff")  # ruamel reads past a leading one
    if loads is None or _declined(text):
        return MISSING
    try:
        data = loads(text, parse_datetime=False)
    except Exception:  # whatever yaml-rs refuses, the loaders refuse or read, and say where
        return MISSING
    return data if _as_loaded(data) else MISSING


def _as_loaded(data: Any) -> bool:
    """Whether ``data`` is what the loaders give: no container nested :data:`MAX_DEPTH` - 1
    levels deep, str and int keys only, no ``=`` or ``<<`` (as a key or a value), and no
    float that is infinite or 0 (``1e400`` and ``1e-400`` are text to the loaders; ``.inf``
    and ``0.0`` are rare enough to be read the slower way)."""
    if type(data) is not dict:
        return False  # not a programme, a log or a settings file: the loaders say why
    todo: list[tuple[Any, int]] = [(data, 1)]
    pop, push = todo.pop, todo.append
    special = _SPECIAL
    while todo:
        container, level = pop()
        if level >= MAX_DEPTH - 1:
            return False
        if type(container) is dict:
            for key in container:
                kind = type(key)
                if kind is str:
                    if key in special:
                        return False
                elif kind is not int:
                    return False
            values: Any = container.values()
        else:
            values = container
        for value in values:
            kind = type(value)
            if kind is str:
                if value in special:
                    return False
            elif kind is dict or kind is list:
                push((value, level + 1))
            elif kind is float and (value == 0 or value in (_INFINITY, -_INFINITY)):
                return False
    return True
