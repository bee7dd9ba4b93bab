"""The strict rules of reading YAML: no anchors, aliases, tags, merge keys, deep nesting, 1_000,
no YAML version but 1.2."""

from __future__ import annotations

import operator
import re
from itertools import repeat
from typing import Any

from avp.base import rules

MAX_DEPTH = 64


# Explicit tags are refused: a programme never needs one; quote a value to keep it a string.
ALLOWED_TAGS: frozenset[str] = frozenset()


_INDENT = re.compile(r"^[ \t]*", re.MULTILINE)


_FLOW = re.compile(r"[^\[\]{}]+")


# The C loader would accept an anchor without an alias and explicit tags, which the rules
# refuse. Text that may hold either goes to the round-trip loader, which refuses them with
# a position (a plain scalar cannot start with '&' or '!' anyway).
# The non-specific tag '!' stands alone ('note: ! x'), so a '!' before a space counts too.
MAYBE_ANCHOR_OR_TAG = re.compile(r"(?:^|[\s\[\]{},:])(?:&\S|!)")


def maybe_anchor_or_tag(text: str) -> bool:
    """``MAYBE_ANCHOR_OR_TAG.search(text)``, a hundred times faster: that pattern has no
    literal to look for first, so it is tried at every character; here each '&' and '!'
    is found by ``str.find`` (a programme of 10,400 measures: 1 ms instead of 0.1 s)."""
    last = len(text) - 1
    for mark in "&!":
        at = text.find(mark)
        while at >= 0:
            if (mark == "!" or (at < last and not text[at + 1].isspace())) and (
                at == 0 or text[at - 1].isspace() or text[at - 1] in "[]{},:"
            ):
                return True
            at = text.find(mark, at + 1)
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


#: The tags of numbers. A plain scalar that YAML would read as one but that a person does
#: not write so is text, and a number field refuses it with a message instead of reading
#: another number: underscores (``1_000`` would be 1000), hexadecimal and octal (``0x1F``,
#: ``0o17``), and a float that cannot be stored (``1e-400`` would be 0.0, ``1e400`` inf).
NUMBER_TAGS: frozenset[str] = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def number_as_text(value: str, tag: str) -> str:
    """Why a plain scalar that YAML resolves to the number ``tag`` is read as text, as
    the end of a message (``''``: it is a number)."""
    if "_" in value:
        return "write the number without separators"
    if tag.endswith("int"):
        if value[:2] in ("0x", "0o"):
            return "write the number in decimal digits"
        return ""
    if value[-1:] in "fFnN" or value[:1] == ".":  # .inf, .nan: the model says 'finite'
        return ""
    import math  # lazy

    try:
        number = float(value)
    except ValueError:  # pragma: no cover - YAML's float pattern is Python's
        return ""
    if math.isinf(number):
        return "it is too large to be stored as a number"
    mantissa = value.lower().partition("e")[0]
    if number == 0 and mantissa.strip("+-0.") != "":
        return "it is too close to 0 to be stored as a number; write 0 or a larger number"
    return ""


def _strict_resolver() -> Any:
    """ruamel's resolver, with numbers as :func:`number_as_text` says resolved as text."""
    from ruamel.yaml.nodes import ScalarNode  # lazy
    from ruamel.yaml.resolver import VersionedResolver  # lazy

    class StrictResolver(VersionedResolver):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            tag = super().resolve(kind, value, implicit)
            if kind is ScalarNode and str(tag) in NUMBER_TAGS and number_as_text(value, str(tag)):
                return self.DEFAULT_SCALAR_TAG
            return tag

    return StrictResolver


def number_hint(value: Any) -> str:
    """For text that YAML would read as a number but for :func:`number_as_text`
    (``1_000``, ``1e-400``): what the message says to do; ``''`` otherwise."""
    if not isinstance(value, str) or not value:
        return ""
    from ruamel.yaml.nodes import ScalarNode  # lazy
    from ruamel.yaml.resolver import VersionedResolver  # lazy

    tag = str(VersionedResolver().resolve(ScalarNode, value, (True, False)))
    return number_as_text(value, tag) if tag in NUMBER_TAGS else ""


#: The one YAML version avp reads. A ``%YAML 1.1`` file would otherwise be read with
#: YAML 1.1's rules by one loader (yes/no booleans, 010 as octal) and 1.2's by another.
YAML_VERSION = "1.2"


def version_directive(text: str) -> tuple[int, str] | None:
    """(line, version) of a ``%YAML`` directive at the head of ``text`` that names another
    version than :data:`YAML_VERSION` (or none); None when there is no such directive.

    Only the head is read: directives stand before the document, after nothing but blank
    lines, comments and other directives.
    """
    if "%YAML" not in text:
        return None
    start, line = 0, 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        content = text[start:end].rstrip("\r").lstrip("\ufeff")
        if content.startswith("%"):
            words = content.partition("#")[0].split()
            if words[0] == "%YAML" and words[1:] != [YAML_VERSION]:
                return line, " ".join(words[1:])
        elif content.strip() and not content.lstrip().startswith("#"):
            return None
        start, line = end + 1, line + 1
    return None


def _safe_constructor() -> Any:
    from ruamel.yaml.constructor import ConstructorError, SafeConstructor  # lazy

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
                    error.rule = rules.MERGE  # type: ignore[attr-defined]
                    raise error
            return super().flatten_mapping(node)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            if node in self.constructed_objects:
                error = ConstructorError(
                    None, None, "aliases are not allowed; write the value out", node.start_mark
                )
                error.rule = rules.ANCHOR  # type: ignore[attr-defined]
                raise error
            return super().construct_object(node, deep)

    StrictSafeConstructor.add_constructor(
        "tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str
    )
    return StrictSafeConstructor


def _strict_composer() -> Any:
    from ruamel.yaml.composer import Composer, ComposerError  # lazy
    from ruamel.yaml.events import AliasEvent  # lazy

    def refuse(message: str, rule: rules.RuleId, mark: Any) -> ComposerError:
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
                    rules.ANCHOR,
                    event.start_mark,
                )
            if event.anchor is not None:
                raise refuse(
                    f"anchors (&{event.anchor}) are not allowed; write the value out",
                    rules.ANCHOR,
                    event.start_mark,
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in ALLOWED_TAGS:
                raise refuse(
                    f"tag {tag!r} is not allowed; remove it (quote a value to keep it text)",
                    rules.TAG,
                    event.start_mark,
                )
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise refuse(
                        f"nested more than {MAX_DEPTH} levels deep", rules.DEPTH, event.start_mark
                    )
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return StrictComposer
