"""Where a node is in the text, to the character: for editing a file in place.

:func:`avp.yamlio.positions.position` gives the line and column where a value starts, from
the round-trip loader, which is what a problem needs. Changing one value in place needs
more: where it ends (a quoted value ends at its closing quote, a plain one before a
comment) and, for a list, where its last item ends. The parser's events carry exactly that
(the character offsets of each node), and reading them takes no composing: a log of
100,000 entries is walked in a few seconds, where the round-trip loader takes minutes.

:func:`node_spans` walks the events of a text and returns the nodes whose path (as
:func:`avp.yamlio.positions.position` takes it: keys and list indexes) a predicate wants.
:func:`scalar_text` writes a string so that YAML reads it back as that string, in the style
of the value it replaces. Whoever edits checks the result by reading it again: this module
only finds places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from avp.yamlio.strict import _strict_resolver

Loc = tuple[int | str, ...]

Kind = Literal["scalar", "mapping", "sequence"]


@dataclass(frozen=True, slots=True)
class Span:
    """A node of the text: ``text[start:end]`` is all of it, from an opening quote or
    bracket to a closing one; for a block collection, from its first key or dash to the
    end of its last value (never a comment or blank line after it). ``line`` and
    ``column`` (0-based) are where it starts."""

    kind: Kind
    start: int
    end: int
    line: int
    column: int
    #: A scalar's style: "" plain, "'", '"', "|" or ">"; a collection's: "flow" or "block".
    style: str
    #: A scalar's text as YAML reads it, before it is resolved (``1`` is "1"); else None.
    value: str | None = None


class _Frame:
    __slots__ = ("as_key", "event", "index", "is_map", "key", "last", "want_key")

    def __init__(self, event: Any, is_map: bool, as_key: bool) -> None:
        self.event = event
        self.is_map = is_map
        self.as_key = as_key
        self.want_key = True
        self.key: str | None = ""
        self.index = -1
        self.last = event.start_mark.index  # end of the latest content inside


#: The key of a mapping whose key is not a plain string (a list, an alias): the value's
#: nodes have no path.
_COMPLEX = None


def _events(text: str) -> Iterable[Any]:
    from ruamel.yaml import YAML  # lazy

    # libyaml (the C parser, many times faster) counts offsets in characters, as Python
    # does, except that it skips a byte order mark: text with one goes to the pure parser.
    pure = "\ufeff" in text
    try:
        return YAML(typ="safe", pure=pure).parse(text)  # type: ignore[no-any-return]
    except ImportError:  # pragma: no cover - no C extension
        return YAML(typ="safe", pure=True).parse(text)  # type: ignore[no-any-return]


def node_spans(text: str, wanted: Callable[[Loc], bool]) -> dict[Loc, Span]:
    """The nodes of ``text`` at the paths ``wanted`` accepts (``()`` is the root).

    Nodes under a key that is not a scalar (a list, an alias) have no path and are
    skipped. Raises ruamel's ``YAMLError`` for text that does not parse: read the text
    with the strict loaders first.
    """
    from ruamel.yaml.events import (  # lazy
        AliasEvent,
        CollectionEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceStartEvent,
    )

    found: dict[Loc, Span] = {}
    stack: list[_Frame] = []

    def path() -> Loc | None:
        loc: list[int | str] = []
        for f in stack:
            if not f.is_map:
                loc.append(f.index)
            elif f.key is None:
                return None
            else:
                loc.append(f.key)
        return tuple(loc)

    for event in _events(text):
        if isinstance(event, ScalarEvent | AliasEvent | MappingStartEvent | SequenceStartEvent):
            top = stack[-1] if stack else None
            as_key = top is not None and top.is_map and top.want_key
            if top is not None and not top.is_map:
                top.index += 1
            if isinstance(event, ScalarEvent | AliasEvent):
                end = event.end_mark.index
                if top is not None:
                    top.last = max(top.last, end)
                if as_key:
                    assert top is not None
                    top.key = event.value if isinstance(event, ScalarEvent) else _COMPLEX
                    top.want_key = False
                    continue
                if top is not None and top.is_map:
                    top.want_key = True
                if isinstance(event, ScalarEvent) and (loc := path()) is not None and wanted(loc):
                    mark = event.start_mark
                    style = event.style if event.style in ("'", '"', "|", ">") else ""
                    found[loc] = Span(
                        "scalar", mark.index, end, mark.line, mark.column, style, event.value
                    )
                continue
            if as_key:
                assert top is not None
                top.key = _COMPLEX  # nothing inside the key has a path, nor its value
            stack.append(_Frame(event, isinstance(event, MappingStartEvent), as_key))
        elif isinstance(event, CollectionEndEvent):
            frame = stack.pop()
            flow = bool(frame.event.flow_style)
            end = event.end_mark.index if flow else frame.last
            top = stack[-1] if stack else None
            if top is not None:
                top.last = max(top.last, end)
            if frame.as_key:
                assert top is not None
                top.want_key = False
                continue
            if top is not None and top.is_map:
                top.want_key = True
            # The enclosing frames still point at this collection (its key, its index).
            start = frame.event.start_mark
            if (loc := path()) is not None and wanted(loc):
                kind: Kind = "mapping" if frame.is_map else "sequence"
                found[loc] = Span(
                    kind, start.index, end, start.line, start.column, "flow" if flow else "block"
                )
    return found


@cache
def _resolvers() -> tuple[Any, ...]:
    from ruamel.yaml.resolver import VersionedResolver  # lazy

    return (
        VersionedResolver(version=(1, 1)),
        VersionedResolver(version=(1, 2)),
        _strict_resolver()(),
    )


_PLAIN_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def reads_as_text(value: str) -> bool:
    """Whether ``value`` written plain reads back as exactly this string: not as a number
    (``2``, ``1.10``), a boolean (``yes``, also in YAML 1.1), a date or null, and made only
    of characters that need no quotes. Meant for ids and names, not for prose."""
    from ruamel.yaml.nodes import ScalarNode  # lazy

    if not value or not set(value) <= _PLAIN_SAFE or value[0] in "-." or value[-1] == ".":
        return False
    return all(
        str(resolver.resolve(ScalarNode, value, (True, False))) == "tag:yaml.org,2002:str"
        for resolver in _resolvers()
    )


def scalar_text(value: str, like: Span | None = None) -> str:
    """``value`` (printable text on one line, such as an id) as a YAML scalar that reads
    back as this string, written as ``like`` is: in its quotes when it is quoted, plain when
    it is plain and ``value`` can be (in single quotes otherwise, as ``avp progress add``
    writes them)."""
    if not value.isprintable():
        raise ValueError(f"not printable text on one line: {value!r}")
    quote = like.style if like is not None and like.style in ("'", '"') else ""
    if not quote and reads_as_text(value):
        return value
    if quote == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "'" + value.replace("'", "''") + "'"
