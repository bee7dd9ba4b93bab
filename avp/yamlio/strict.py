"""The strict rules of reading YAML: no anchors, aliases, tags, merge keys, deep nesting, 1_000."""

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


#: The tags of numbers. A plain scalar that YAML would read as one but that holds an
#: underscore (``1_000``, ``1_000.5``) is text: a person does not write a count that way,
#: and a number field refuses it with a message instead of reading 1000.
NUMBER_TAGS: frozenset[str] = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def _strict_resolver() -> Any:
    """ruamel's resolver, with numbers written with underscores resolved as text."""
    from ruamel.yaml.nodes import ScalarNode  # lazy
    from ruamel.yaml.resolver import VersionedResolver  # lazy

    class StrictResolver(VersionedResolver):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            tag = super().resolve(kind, value, implicit)
            if kind is ScalarNode and "_" in value and str(tag) in NUMBER_TAGS:
                return self.DEFAULT_SCALAR_TAG
            return tag

    return StrictResolver


def separated_number(value: Any) -> bool:
    """Whether ``value`` is text that YAML would read as a number but for the rule above
    (``1_000``): then the message says to write the number without separators."""
    if not isinstance(value, str) or "_" not in value:
        return False
    from ruamel.yaml.nodes import ScalarNode  # lazy
    from ruamel.yaml.resolver import VersionedResolver  # lazy

    return str(VersionedResolver().resolve(ScalarNode, value, (True, False))) in NUMBER_TAGS


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
            if tag is not None and tag not in ALLOWED_TAGS and tag != "!":
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
