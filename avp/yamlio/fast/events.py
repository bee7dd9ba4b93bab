"""A faster reader: plain data straight from libyaml's events."""

from __future__ import annotations

import functools
from typing import Any

from avp.yamlio.strict import MAX_DEPTH, NUMBER_TAGS, _safe_constructor, number_as_text


def fast_resolver() -> Any:
    """ruamel's resolver with the version lookup done once per document, not per scalar.

    ``VersionedResolver.resolve`` looks up the YAML version for every scalar, which is
    about a third of the time of loading a large file with the C loader. Numbers that
    :func:`avp.yamlio.strict.number_as_text` refuses are text, as with
    :func:`avp.yamlio.strict._strict_resolver`.
    """
    from ruamel.yaml.nodes import ScalarNode, SequenceNode  # lazy
    from ruamel.yaml.resolver import VersionedResolver  # lazy
    from ruamel.yaml.tag import Tag  # lazy

    class FastResolver(VersionedResolver):
        _table: Any = None

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode:
                if implicit[0]:
                    table = self._table
                    if table is None:
                        table = self._table = self.versioned_resolver
                    for tag, regexp in table.get(value[0] if value else "", ()):
                        if regexp.match(value):
                            if tag in NUMBER_TAGS and number_as_text(value, tag):
                                return self.DEFAULT_SCALAR_TAG  # 1_000, 1e-400: text
                            return Tag(suffix=tag)
                    for tag, regexp in table.get(None, ()):
                        if regexp.match(value):
                            if tag in NUMBER_TAGS and number_as_text(value, tag):
                                return self.DEFAULT_SCALAR_TAG
                            return Tag(suffix=tag)
                return self.DEFAULT_SCALAR_TAG
            if kind is SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
            return self.DEFAULT_MAPPING_TAG

    return FastResolver


class Unusual(Exception):
    """The text needs the full loader: an anchor, alias, tag, merge key, complex or
    duplicate key, a directive or several documents."""


MISSING: Any = object()


_NO_KEY: Any = object()


_SCALAR_KEY_TYPES = (str, int, float, bool, type(None))


@functools.cache
def _scalar_tools() -> tuple[Any, Any, dict[str, Any]]:
    """ruamel's resolver, the YAML object that owns it, and the builder of each core tag
    (None: the text itself; False: None)."""
    from ruamel.yaml import YAML  # lazy

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = fast_resolver()
    yaml.Constructor = _safe_constructor()
    resolver, constructor = yaml.resolver, yaml.constructor
    builders: dict[str, Any] = {
        "tag:yaml.org,2002:str": None,
        "tag:yaml.org,2002:timestamp": None,  # dates stay strings: pydantic decides
        "tag:yaml.org,2002:null": False,
        "tag:yaml.org,2002:bool": constructor.construct_yaml_bool,
        "tag:yaml.org,2002:int": constructor.construct_yaml_int,
        "tag:yaml.org,2002:float": constructor.construct_yaml_float,
    }
    return resolver, yaml, builders


@functools.cache
def _always_text() -> frozenset[str]:
    """First characters that no implicit resolver looks at: a plain scalar that starts
    with one is a string (as the resolver itself would find, only faster)."""
    resolver, _, _ = _scalar_tools()
    table = resolver.versioned_resolver
    if table.get(None):
        return frozenset()
    return frozenset(chr(c) for c in range(0x20, 0x7F) if chr(c) not in table)


def plain_scalar(value: str) -> Any:
    """A plain (unquoted) scalar as ruamel's safe loader builds it: YAML 1.2 core types,
    timestamps kept as strings. :class:`Unusual` for any other tag."""
    if value and value[0] in _always_text():
        return value
    return _resolved_scalar(value)


@functools.lru_cache(maxsize=65536)
def _resolved_scalar(value: str) -> Any:
    from ruamel.yaml.nodes import ScalarNode  # lazy

    resolver, _, builders = _scalar_tools()
    tag = str(resolver.resolve(ScalarNode, value, (True, False)))
    if tag not in builders:
        raise Unusual
    build = builders[tag]
    if build is None:
        return value
    if build is False:
        return None
    return build(ScalarNode(tag, value))


class LocatedDict(dict[Any, Any]):
    """A mapping that knows where it and its keys and values are, as ruamel's round-trip
    mappings do (``.lc``: 0-based lines and columns)."""

    __slots__ = ("lc",)


class LocatedList(list[Any]):
    """A sequence that knows where it and its items are (``.lc``, as ruamel's)."""

    __slots__ = ("lc",)


def build_from_events(text: str, *, located: bool = False) -> Any:
    """Plain data straight from libyaml's events, without ruamel's node tree.

    ``located``: mappings and sequences are :class:`LocatedDict` and :class:`LocatedList`
    with the places of their keys, values and items, as the round-trip loader gives them
    (which is many times slower on a large file); for placing problems.

    Composing nodes and then constructing data from them is most of the time (and memory)
    of reading a large file; events are turned into dicts, lists and scalars as they come.
    Scalars are resolved as ruamel's safe loader resolves them (YAML 1.2; timestamps stay
    strings). Whatever this does not handle the ordinary way raises :class:`Unusual`, and
    the caller uses the node-based loader instead, so both give the same data.
    """
    from ruamel.yaml import YAML  # lazy

    if "%YAML" in text or "%TAG" in text:
        raise Unusual
    yaml = YAML(typ="safe", pure=False)
    try:
        return _built(yaml.parse(text), located=located)
    finally:
        _let_go(yaml)


def _let_go(yaml: Any) -> None:
    """Break the references of ruamel's C loader to itself (it is its own parser,
    composer, constructor and resolver), and of the YAML object to the loader and the
    text. While the cycle collector is paused, as it is when avp reads a file, the cycles
    would keep them, libyaml's copy of the text and the text itself until the exit:
    17 MiB for a programme of 10,000 measures."""
    loader = vars(yaml).get("_scanner")
    if loader is not None and hasattr(loader, "__dict__"):
        vars(loader).clear()
    vars(yaml).clear()  # it keeps the text too


def _built(events: Any, *, located: bool) -> Any:
    """The plain data of :func:`build_from_events` from ruamel's ``events``."""
    from ruamel.yaml.events import (  # lazy
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    if located:
        from ruamel.yaml.comments import LineCol  # lazy
    stack: list[Any] = []
    keys: list[Any] = []
    key_marks: list[Any] = []
    root: Any = None
    documents = 0
    for event in events:
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or (event.tag is not None and not event.implicit[0]):
                raise Unusual
            value = event.value
            item: Any = value
            if not event.style and event.implicit[0]:
                item = plain_scalar(value)
            is_container = False
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or (event.tag is not None and not event.implicit):
                raise Unusual
            if located:
                item = LocatedDict() if kind is MappingStartEvent else LocatedList()
                item.lc = LineCol()
                item.lc.line, item.lc.col = event.start_mark.line, event.start_mark.column
            else:
                item = {} if kind is MappingStartEvent else []
            is_container = True
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            keys.pop()
            key_marks.pop()
            continue
        elif kind is AliasEvent:
            raise Unusual
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise Unusual
            continue
        else:
            continue
        if not stack:
            root = item
        elif isinstance(stack[-1], list):
            parent: Any = stack[-1]
            if located:
                mark = event.start_mark
                parent.lc.add_idx_line_col(len(parent), [mark.line, mark.column])
            parent.append(item)
        elif keys[-1] is _NO_KEY:
            if is_container or not isinstance(item, _SCALAR_KEY_TYPES):
                raise Unusual
            if item in stack[-1] or item == "<<":
                raise Unusual  # a duplicate or merge key: the full loader reports it
            keys[-1] = item
            if located:
                key_marks[-1] = event.start_mark
            continue
        else:
            if located:
                key, mark = key_marks[-1], event.start_mark
                stack[-1].lc.add_kv_line_col(
                    keys[-1], [key.line, key.column, mark.line, mark.column]
                )
            stack[-1][keys[-1]] = item
            keys[-1] = _NO_KEY
        if is_container:
            if len(stack) >= MAX_DEPTH - 1:
                raise Unusual  # deep: the located loader refuses it (or takes it) and says so
            stack.append(item)
            keys.append(_NO_KEY)
            key_marks.append(None)
    return root
