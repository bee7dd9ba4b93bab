"""Reading YAML strictly.

Two loaders, one set of rules:

* :func:`load_fast` uses ruamel's C-backed safe loader to read a file quickly; it is what
  every command uses to read data.
* :func:`load_located` uses the round-trip loader, whose nodes remember their line and
  column; it is used to locate problems and to edit files.

Both refuse what a programme never needs and what makes YAML dangerous or ambiguous:
anchors and aliases (alias bombs), tags other than the core ones (``!!python/...``),
duplicate keys, several documents, nesting deeper than :data:`MAX_DEPTH`. Dates are read
as strings so that pydantic, not YAML, decides whether ``2021-02-30`` is a date.
"""

from __future__ import annotations

import functools
import gc
import operator
import re
from collections.abc import Callable, Iterator
from itertools import repeat
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from avp.problems import DataError, Problem, UsageError

MAX_DEPTH = 64
P = ParamSpec("P")
R = TypeVar("R")
# Explicit tags are refused: a programme never needs one; quote a value to keep it a string.
ALLOWED_TAGS: frozenset[str] = frozenset()


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with Python's cycle collector paused (as it was, afterwards).

    Reading a large file creates a few hundred thousand dicts, lists and models, and the
    collector walks all of them again and again while they are made (a third of the time
    of loading a log of 100,000 entries). What a read builds holds no reference cycles;
    reference counting frees it, and the collector runs again once the read is done.
    """

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def exists(path: Path) -> bool:
    """``path.exists()``, but False for a name the file system cannot even look up."""
    try:
        return path.exists()
    except OSError:
        return False


def is_file(path: Path) -> bool:
    """``path.is_file()``, but False for a name the file system cannot even look up."""
    try:
        return path.is_file()
    except OSError:  # e.g. ENAMETOOLONG
        return False


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a BOM is allowed). Raises UsageError or DataError."""
    return decode(read_bytes(path), display_path(path))


def _refuse_special_file(path: Path, shown: str) -> None:
    """A device, pipe or socket (``/dev/zero``, a FIFO) would be read without end."""
    import stat

    mode = path.stat().st_mode  # FileNotFoundError and friends go to the caller
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise UsageError(f"{shown}: not a regular file; name a YAML file")


def read_bytes(path: Path) -> bytes:
    """A file's bytes; UsageError (exit 2) with a plain reason when it cannot be read."""
    shown = display_path(path)
    try:
        _refuse_special_file(path, shown)
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, not a YAML file") from None
    except PermissionError:
        if path.is_dir():
            raise UsageError(f"{shown}: is a directory, not a YAML file") from None
        raise UsageError(f"{shown}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None


def decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        problem = Problem(
            shown,
            line,
            column,
            message=(
                f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8"
            ),
            rule="encoding",
        )
        raise DataError(f"{shown}: not a UTF-8 file", [problem]) from None
    return text.removeprefix("\ufeff")


_INDENT = re.compile(r"^[ \t]*", re.MULTILINE)
_FLOW = re.compile(r"[^\[\]{}]+")


# The C loader would accept an anchor without an alias and explicit tags, which the rules
# refuse. Text that may hold either goes to the round-trip loader, which refuses them with
# a position (a plain scalar cannot start with '&' or '!' anyway).
MAYBE_ANCHOR_OR_TAG = re.compile(r"(?:^|[\s\[\]{},:])[&!]\S")
_AMPERSAND_OR_BANG = re.compile(r"[&!]\S")


def maybe_anchor_or_tag(text: str) -> bool:
    """``MAYBE_ANCHOR_OR_TAG.search(text)``, four times faster: that pattern has no
    literal to look for first, so it is tried at every character."""
    for found in _AMPERSAND_OR_BANG.finditer(text):
        at = found.start()
        if at == 0 or text[at - 1].isspace() or text[at - 1] in "[]{},:":
            return True
    return False


def depth_bound(text: str) -> int:
    """An upper bound on how deeply ``text`` can nest, found without parsing it.

    libyaml's composer is recursive in C: a file nested tens of thousands deep crashes the
    interpreter. Files whose bound is too high go to the pure-Python loader, which stops at
    :data:`MAX_DEPTH` with a message.
    """
    indent = max(map(len, _INDENT.findall(text)), default=0)
    lines = text.splitlines()
    dashes = map(str.count, lines, repeat("- "))
    colons = map(str.count, lines, repeat(": "))
    indicators = max(map(operator.add, dashes, colons), default=0)
    flow = depth = 0
    for char in _FLOW.sub("", text):
        depth = depth + 1 if char in "[{" else max(depth - 1, 0)
        flow = max(flow, depth)
    return indent + indicators + flow + 1


def _problem_from_mark(shown: str, mark: Any, message: str, rule: str = "syntax") -> Problem:
    line = getattr(mark, "line", None)
    column = getattr(mark, "column", None)
    if line is None:
        return Problem(shown, message=message, rule=rule)
    return Problem(shown, line + 1, (column or 0) + 1, message=message, rule=rule)


def _yaml_error(shown: str, exc: Exception, text: str) -> DataError:
    """Turn a ruamel MarkedYAMLError into a DataError with a position."""
    from ruamel.yaml.constructor import DuplicateKeyError

    problem_text = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    rule = getattr(exc, "rule", "syntax")
    message = str(problem_text)
    if isinstance(exc, DuplicateKeyError):
        rule = "duplicate-key"
        message = message.split(" with value")[0] + "; remove or rename one of them"
        context = getattr(exc, "context_mark", None)
        if context is not None:
            message += f" (the mapping starts at line {context.line + 1})"
    elif "cannot start any token" in message and mark is not None:
        message = "found a character that cannot start a token"
        if _char_at(text, mark) == "\t":
            message = "tab character: YAML indents with spaces only; replace the tab by spaces"
            rule = "tab"
    elif "could not determine a constructor for the tag" in message:
        rule = "tag"
        message = f"{message}; tags are not allowed, remove it"
    elif "expected a single document" in str(exc):
        rule = "documents"
        message = "the file holds more than one YAML document (---); keep one"
        mark = getattr(exc, "problem_mark", mark)
    elif mark is None and isinstance(getattr(exc, "position", None), int):
        # The reader refuses a character before parsing; it knows only where.
        character = getattr(exc, "character", None)
        shown_char = f"U+{character:04X} " if isinstance(character, int) else ""
        message = f"control character {shown_char}is not allowed in YAML; remove it"
        rule = "control-character"
        mark = _Position(text, exc.position)  # type: ignore[attr-defined]
    breaks = sorted({f"U+{ord(c):04X}" for c in "\x85\u2028\u2029" if c in text})
    if breaks and rule == "syntax":
        message += (
            f" (the file holds {', '.join(breaks)}, which YAML reads as a line break, so line "
            "numbers may differ from your editor's: replace it by a space or a newline)"
        )
    return DataError(f"{shown}: invalid YAML", [_problem_from_mark(shown, mark, message, rule)])


class _Position:
    """A line and column (from 0) of a character index, as a parser's mark has them."""

    def __init__(self, text: str, index: int) -> None:
        before = text[:index]
        self.line = before.count("\n")
        self.column = index - (before.rfind("\n") + 1)


def _char_at(text: str, mark: Any) -> str:
    lines = text.splitlines()
    line, column = getattr(mark, "line", -1), getattr(mark, "column", -1)
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _safe_constructor() -> Any:
    from ruamel.yaml.constructor import ConstructorError, SafeConstructor

    class StrictSafeConstructor(SafeConstructor):
        def flatten_mapping(self, node: Any) -> Any:
            for key, _ in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    error = ConstructorError(
                        None,
                        None,
                        "merge keys (<<) are not allowed; write the keys out",
                        key.start_mark,
                    )
                    error.rule = "merge"  # type: ignore[attr-defined]
                    raise error
            return super().flatten_mapping(node)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            if node in self.constructed_objects:
                error = ConstructorError(
                    None, None, "aliases are not allowed; write the value out", node.start_mark
                )
                error.rule = "anchor"  # type: ignore[attr-defined]
                raise error
            return super().construct_object(node, deep)

    StrictSafeConstructor.add_constructor(
        "tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str
    )
    return StrictSafeConstructor


def _fast_resolver() -> Any:
    """ruamel's resolver with the version lookup done once per document, not per scalar.

    ``VersionedResolver.resolve`` looks up the YAML version for every scalar, which is
    about a third of the time of loading a large file with the C loader.
    """
    from ruamel.yaml.nodes import ScalarNode, SequenceNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

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
                            return Tag(suffix=tag)
                    for tag, regexp in table.get(None, ()):
                        if regexp.match(value):
                            return Tag(suffix=tag)
                return self.DEFAULT_SCALAR_TAG
            if kind is SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
            return self.DEFAULT_MAPPING_TAG

    return FastResolver


def _empty(shown: str) -> DataError:
    return DataError(
        f"{shown}: empty file",
        [Problem(shown, 1, 1, message="the file is empty; it must hold a mapping", rule="empty")],
    )


def load_fast(text: str, shown: str) -> Any:
    """Parse with the C loader; fall back to :func:`load_located` for what it cannot take."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if depth_bound(text) > MAX_DEPTH or maybe_anchor_or_tag(text):
        return load_located(text, shown)
    try:
        data = _build_from_events(text)
    except (_Unusual, YAMLError):
        # Anything out of the ordinary (or broken): the node-based loader decides, and
        # says where.
        data = _MISSING
    if data is not _MISSING:
        if data is None:
            raise _empty(shown)
        return data
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _safe_constructor()
    yaml.Resolver = _fast_resolver()
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        raise _yaml_error(shown, exc, text) from None
    except (ValueError, TypeError, OverflowError):
        # A value the safe constructor could not build: let the located loader say where.
        return load_located(text, shown)
    if data is None:
        raise _empty(shown)
    return data


class _Unusual(Exception):
    """The text needs the full loader: an anchor, alias, tag, merge key, complex or
    duplicate key, a directive or several documents."""


_MISSING: Any = object()
_NO_KEY: Any = object()
_SCALAR_KEY_TYPES = (str, int, float, bool, type(None))


@functools.cache
def _scalar_tools() -> tuple[Any, Any, dict[str, Any]]:
    """ruamel's resolver, the YAML object that owns it, and the builder of each core tag
    (None: the text itself; False: None)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _fast_resolver()
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
    timestamps kept as strings. :class:`_Unusual` for any other tag."""
    if value and value[0] in _always_text():
        return value
    return _resolved_scalar(value)


@functools.lru_cache(maxsize=65536)
def _resolved_scalar(value: str) -> Any:
    from ruamel.yaml.nodes import ScalarNode

    resolver, _, builders = _scalar_tools()
    tag = str(resolver.resolve(ScalarNode, value, (True, False)))
    if tag not in builders:
        raise _Unusual
    build = builders[tag]
    if build is None:
        return value
    if build is False:
        return None
    return build(ScalarNode(tag, value))


def _build_from_events(text: str) -> Any:
    """Plain data straight from libyaml's events, without ruamel's node tree.

    Composing nodes and then constructing data from them is most of the time (and memory)
    of reading a large file; events are turned into dicts, lists and scalars as they come.
    Scalars are resolved as ruamel's safe loader resolves them (YAML 1.2; timestamps stay
    strings). Whatever this does not handle the ordinary way raises :class:`_Unusual`, and
    the caller uses the node-based loader instead, so both give the same data.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    if "%YAML" in text or "%TAG" in text:
        raise _Unusual
    yaml = YAML(typ="safe", pure=False)
    stack: list[Any] = []
    keys: list[Any] = []
    root: Any = None
    documents = 0
    for event in yaml.parse(text):
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or (event.tag is not None and not event.implicit[0]):
                raise _Unusual
            value = event.value
            item: Any = value
            if not event.style and event.implicit[0]:
                item = plain_scalar(value)
            is_container = False
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or (event.tag is not None and not event.implicit):
                raise _Unusual
            item = {} if kind is MappingStartEvent else []
            is_container = True
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            keys.pop()
            continue
        elif kind is AliasEvent:
            raise _Unusual
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual
            continue
        else:
            continue
        if not stack:
            root = item
        elif type(stack[-1]) is list:
            stack[-1].append(item)
        elif keys[-1] is _NO_KEY:
            if is_container or not isinstance(item, _SCALAR_KEY_TYPES):
                raise _Unusual
            if item in stack[-1] or item == "<<":
                raise _Unusual  # a duplicate or merge key: the full loader reports it
            keys[-1] = item
            continue
        else:
            stack[-1][keys[-1]] = item
            keys[-1] = _NO_KEY
        if is_container:
            stack.append(item)
            keys.append(_NO_KEY)
    return root


# --- the simplest block items, read line by line ------------------------------------------

# Characters that may appear in a line read by :func:`simple_items`: printable, no tab, no
# line break of YAML 1.1 (U+0085, U+2028, U+2029) and no byte order mark. Text with any
# other character is left to the YAML loaders.
_SIMPLE_CHARACTERS = (
    "[\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`]|-[0-9.]")


def simple_text(text: str) -> bool:
    """Whether ``text`` has only characters that :func:`simple_items` can read."""
    return re.fullmatch(_SIMPLE_CHARACTERS, text) is not None  # compiled once, when needed


def _simple_value(text: str | None) -> Any:
    """The value after ``key:`` on one line, or :data:`_MISSING` when it needs a loader."""
    if not text:
        return None
    first = text[0]
    if first == "'":
        quoted = _SINGLE_QUOTED.fullmatch(text)
        return _MISSING if quoted is None else quoted.group(1).replace("''", "'")
    if first == '"':
        quoted = _DOUBLE_QUOTED.fullmatch(text)
        return _MISSING if quoted is None else quoted.group(1)
    if not _PLAIN_START.match(text) or ": " in text or " #" in text or text[-1] == ":":
        return _MISSING
    try:
        return plain_scalar(text)
    except _Unusual:
        return _MISSING


# One line of an item: ``- key: value``, ``key: value``, or a blank or comment line.
_SIMPLE_LINE = re.compile(
    r"(?:( *)(- +)?([A-Za-z_][A-Za-z0-9_]*):(?: +([^\r\n]*))?|[ ]*(?:#[^\r\n]*)?)(?:\r?\n|\Z)"
)


def simple_items(text: str) -> list[dict[str, Any]] | None:
    """The items of a block sequence of flat mappings, read line by line; None unless
    every line has the simplest form.

    ``text`` holds the items of a sequence (the first one starting with its dash), maybe
    after blank and comment lines; the caller has checked :func:`simple_text`. Each item
    is a mapping whose lines are ``- key: value`` and then ``key: value`` under the first
    key, with a value on one line: a plain scalar without ``: `` or `` #``, a
    single-quoted one, a double-quoted one without escapes, or nothing (null). Blank and
    comment lines are skipped. For such lines this gives exactly what the YAML loaders
    give (a test checks it on generated text); anything else (a nested or multi-line
    value, a flow collection, a tag, a duplicate key, an odd indentation, a lone CR)
    gives None, and the caller uses a loader, which reads it or says what is wrong.
    """
    items: list[dict[str, Any]] = []
    item: dict[str, Any] | None = None
    dash = column = -1
    keys: dict[str, str] = {}
    seen: dict[str, Any] = {}
    text_start = _always_text() - _INDICATORS
    end = 0
    for found in _SIMPLE_LINE.finditer(text):
        if found.start() != end:
            return None  # a line that is none of the simple forms
        end = found.end()
        indent, marker, key, value_text = found.groups()
        if key is None:
            if found.start() == end == len(text):
                break  # the empty match at the end
            continue  # a blank or comment line
        if marker is not None:
            if dash < 0:
                dash = len(indent)
            elif len(indent) != dash:
                return None
            column = dash + len(marker)
            item = {}
            items.append(item)
        elif item is None or len(indent) != column:
            return None
        if key in item:
            return None
        if key not in keys:
            if plain_scalar(key) != key:
                return None
            keys[key] = key  # one copy of each key for all items
        if value_text and value_text[-1] == " ":
            value_text = value_text.rstrip(" ")
        if (
            value_text
            and value_text[0] in text_start
            and value_text[-1] != ":"
            and ": " not in value_text
            and " #" not in value_text
        ):
            value: Any = value_text  # the usual note or name, as _simple_value would find
        else:
            value = seen.get(value_text, _MISSING) if value_text else None
            if value is _MISSING:
                value = _simple_value(value_text)
                if value is _MISSING:
                    return None
                if len(value_text) <= 40:
                    seen[value_text] = value  # ids, dates and numbers come back often
        item[keys[key]] = value
    if end != len(text):
        return None
    return items


def _strict_composer() -> Any:
    from ruamel.yaml.composer import Composer, ComposerError
    from ruamel.yaml.events import AliasEvent

    def refuse(message: str, rule: str, mark: Any) -> ComposerError:
        error = ComposerError(None, None, message, mark)
        error.rule = rule  # type: ignore[attr-defined]
        return error

    class StrictComposer(Composer):
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            if self.parser.check_event(AliasEvent):
                raise refuse(
                    f"aliases (*{event.anchor}) are not allowed; write the value out",
                    "anchor",
                    event.start_mark,
                )
            if event.anchor is not None:
                raise refuse(
                    f"anchors (&{event.anchor}) are not allowed; write the value out",
                    "anchor",
                    event.start_mark,
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in ALLOWED_TAGS and tag != "!":
                raise refuse(
                    f"tag {tag!r} is not allowed; remove it (quote a value to keep it text)",
                    "tag",
                    event.start_mark,
                )
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise refuse(
                        f"nested more than {MAX_DEPTH} levels deep", "depth", event.start_mark
                    )
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return StrictComposer


def load_located(text: str, shown: str) -> Any:
    """Parse with the round-trip loader: the result remembers lines and columns (``.lc``)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.error import YAMLError

    class LocatedConstructor(RoundTripConstructor):
        pass

    LocatedConstructor.add_constructor(
        "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
    )
    yaml = YAML(typ="rt")
    yaml.Composer = _strict_composer()
    yaml.Constructor = LocatedConstructor
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        raise _yaml_error(shown, exc, text) from None
    except RecursionError:
        raise DataError(
            f"{shown}: nested too deeply",
            [Problem(shown, message=f"nested more than {MAX_DEPTH} levels deep", rule="depth")],
        ) from None
    if data is None:
        raise _empty(shown)
    return data


def position(data: Any, loc: tuple[int | str, ...]) -> tuple[int, int]:
    """1-based (line, column) of the value at ``loc`` in round-trip data; (0, 0) if unknown.

    For a key that is missing, the position of the mapping that should hold it.
    """
    node = data
    best = (0, 0)
    lc = getattr(node, "lc", None)
    if lc is not None:
        best = (lc.line + 1, lc.col + 1)
    for part in loc:
        lc = getattr(node, "lc", None)
        if isinstance(node, dict) and part in node:
            if lc is not None:
                line, col = lc.value(part)
                best = (line + 1, col + 1)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            if lc is not None:
                line, col = lc.item(part)
                best = (line + 1, col + 1)
            node = node[part]
        else:
            break
    return best


def key_position(data: Any, loc: tuple[int | str, ...]) -> tuple[int, int]:
    """Position of the key at the end of ``loc`` (for unknown keys), else of the value."""
    if not loc:
        return position(data, loc)
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return position(data, loc)
    lc = getattr(parent, "lc", None)
    if isinstance(parent, dict) and loc[-1] in parent and lc is not None:
        line, col = lc.key(loc[-1])
        return line + 1, col + 1
    return position(data, loc)


def joined_strings(data: Any) -> str:
    """Every string value and key in plain data, joined by newlines: one text to search
    when a search of each string (:func:`iter_strings`) would mostly find nothing."""
    parts: list[str] = []
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if isinstance(key, str):
                    parts.append(key)
                if isinstance(value, str):
                    parts.append(value)
                elif isinstance(value, dict | list):
                    pending.append(value)
        elif isinstance(item, list):
            pending.extend(item)
    return "\n".join(parts)


def iter_strings(
    data: Any, loc: tuple[int | str, ...] = ()
) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Every string value (and key) in plain data, with its location."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*loc, key), key
            yield from iter_strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_strings(value, (*loc, index))
