"""Reading YAML strictly.

Two loaders, one set of rules:

* :func:`load` uses ruamel's C-backed safe loader (and, when present, the readers of
  :mod:`avp.yamlio.fast`) to read a file quickly; it is what every command uses to read data.
* :func:`load_located` uses the round-trip loader, whose nodes remember their line and
  column; it is used to locate problems and to edit files.

Both refuse what a programme never needs and what makes YAML dangerous or ambiguous:
anchors and aliases (alias bombs), tags other than the core ones (``!!python/...``),
duplicate keys, several documents, nesting deeper than :data:`MAX_DEPTH`, a ``%YAML``
directive other than 1.2. Dates are read
as strings so that the models, not YAML, decide whether ``2021-02-30`` is a date; numbers
written with underscores (``1_000``), in hexadecimal or octal, or too large or too near 0
to be stored (``1e-400``) are read as strings, so that a number field refuses them
(:func:`avp.yamlio.strict.number_as_text`).
"""

from __future__ import annotations

from typing import Any

from avp.base import rules
from avp.base.problems import DataError, Problem
from avp.yamlio.errors import _empty, _yaml_error
from avp.yamlio.markers import conflict_markers
from avp.yamlio.pause import gc_paused as gc_paused
from avp.yamlio.strict import (
    MAX_DEPTH,
    _safe_constructor,
    _strict_composer,
    _strict_resolver,
    depth_bound,
    maybe_anchor_or_tag,
    version_directive,
)


def load(text: str, shown: str) -> Any:
    """Parse with the C loader; fall back to :func:`load_located` for what it cannot take."""
    from ruamel.yaml import YAML  # lazy
    from ruamel.yaml.error import YAMLError  # lazy

    if merge_left := conflict_markers(text, shown):
        raise merge_left
    _refuse_other_version(text, shown)
    if maybe_anchor_or_tag(text):
        return load_located(text, shown)
    fast = _accelerator()
    if fast is not None:
        try:
            # It builds with a stack of its own (deep nesting cannot crash it) and takes
            # no deep nesting either (Unusual): no bound on the depth is needed first.
            data = fast.build_from_events(text)
        except (fast.Unusual, YAMLError):
            # Anything out of the ordinary (or broken): the loaders decide, and say where.
            pass
        else:
            if data is None:
                raise _empty(shown)
            return data
    if depth_bound(text) > MAX_DEPTH:  # libyaml's composer recurses: the located loader
        return load_located(text, shown)
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _safe_constructor()
    yaml.Resolver = fast.fast_resolver() if fast is not None else _strict_resolver()
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


def _refuse_other_version(text: str, shown: str) -> None:
    """A ``%YAML`` directive other than 1.2 is an error at its line (ruamel would read the
    file as YAML 1.1, or fail on 1.3 with an assertion)."""
    found = version_directive(text)
    if found is None:
        return
    line, version = found
    message = (
        f"%YAML {version} directive: avp reads YAML 1.2 only (YAML 1.1 reads yes and no as "
        "booleans and 010 as 8); remove the line, or write %YAML 1.2"
    )
    raise DataError(
        f"{shown}: invalid YAML", [Problem(shown, line, 1, message=message, rule=rules.SYNTAX)]
    )


def load_items(text: str, shown: str, key: str = "entries") -> Any:
    """:func:`load` for a file that is a block list under ``key`` (a progress log).

    With :mod:`avp.yamlio.fast`, such a list is read a few thousand items at a time, most
    of them line by line without a YAML parser; the result is the same.
    """
    if merge_left := conflict_markers(text, shown):
        raise merge_left
    try:
        from avp.yamlio.fast.chunked import load_chunked  # lazy: optional, and speed only
    except ImportError:  # pragma: no cover - the accelerator was removed
        return load(text, shown)
    data = load_chunked(text, shown, load, key)
    return load(text, shown) if data is None else data


def _accelerator() -> Any:
    """:mod:`avp.yamlio.fast.events`, or None where it was removed: only speed is lost."""
    try:
        from avp.yamlio.fast import events  # lazy: optional, and speed only
    except ImportError:  # pragma: no cover
        return None
    return events


def load_located(text: str, shown: str) -> Any:
    """Parse with the round-trip loader: the result remembers lines and columns (``.lc``)."""
    from ruamel.yaml import YAML  # lazy
    from ruamel.yaml.constructor import RoundTripConstructor  # lazy
    from ruamel.yaml.error import YAMLError  # lazy

    if merge_left := conflict_markers(text, shown):
        raise merge_left

    class LocatedConstructor(RoundTripConstructor):
        pass

    LocatedConstructor.add_constructor(
        "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
    )
    _refuse_other_version(text, shown)
    yaml = YAML(typ="rt")
    yaml.Resolver = _strict_resolver()
    yaml.Composer = _strict_composer()
    yaml.Constructor = LocatedConstructor
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        raise _yaml_error(shown, exc, text) from None
    except RecursionError:
        raise DataError(
            f"{shown}: nested too deeply",
            [Problem(shown, message=f"nested more than {MAX_DEPTH} levels deep", rule=rules.DEPTH)],
        ) from None
    if data is None:
        raise _empty(shown)
    return data
