"""``json.dumps(value, ensure_ascii=False, indent=2, default=...)``, faster.

With ``indent``, :mod:`json` writes through its pure-Python encoder, a chain of generators
that yields every piece (a report of 10,000 measures: over a million containers, seconds).
:func:`python_dumps_indented` writes the same text with one recursive function that appends
to a list, and the same C functions for what it writes of each string and number
(``json.encoder.encode_basestring``, ``int.__repr__``, ``float.__repr__``), in the order
:mod:`json` tries the types; a test compares the two on generated data. A value of exactly
str, int, float, bool or None is written through a table by its type, and a list or dict
of such values alone by json's C encoder (its separator holds the indentation: nothing
in it is nested deeper).

Unlike :mod:`json` it does not look for reference cycles (a cycle ends in RecursionError,
not ValueError): avp writes trees it built itself.

Where orjson is installed (a dependency), it writes the text instead, ten times faster
(a report of 10,400 measures, 19 MB: 0.3 s -> 0.03 s): the same text, but that a float
that :mod:`json` writes with an exponent may be written in another form that reads back
as the same number (``1e-05`` as ``1e-5``), and NaN and infinity, which are not JSON, as
``null``. What orjson refuses (an integer wider than 64 bits, a lone surrogate, nesting
over 255 levels, a key that is not a string: json writes 1e-05 as a key where orjson
would write 0.00001) is written by the code here.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import (  # type: ignore[attr-defined]
    c_make_encoder,
    encode_basestring,
)
from typing import Any

_INFINITY = float("inf")
_int_text = int.__repr__
_float_repr = float.__repr__


def _float_text(number: float) -> str:
    """As :mod:`json` writes a float (``allow_nan=True``)."""
    if number != number:
        return "NaN"
    if number == _INFINITY:
        return "Infinity"
    if number == -_INFINITY:
        return "-Infinity"
    return _float_repr(number)


def _key_text(key: object) -> str:
    """A dict key as :mod:`json` writes it (``skipkeys=False``)."""
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float_text(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return encode_basestring(_int_text(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


#: Pieces joined into one text as the writer goes: millions of small strings would take
#: several times the memory of the text they make.
_CHUNK = 1 << 14
_NONE = type(None)
#: The text of a value of exactly these types (a subclass, such as an enumeration member,
#: goes through the checks of :func:`dumps_indented`, in json's order).
_SCALAR_TEXT: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: _int_text,
    float: _float_text,
    bool: lambda flag: "true" if flag else "false",
    _NONE: lambda _: "null",
}
_SCALARS = frozenset(_SCALAR_TEXT)


def _flat_writer(level: int) -> Callable[[Any, int], list[str]]:
    """json's C encoder for a list or dict of scalars (:data:`_SCALARS`) at ``level``: it
    does not indent, but such a container is indented by its item separator alone; what
    is left is the line break after its opening bracket and before its closing one."""
    return c_make_encoder(  # type: ignore[no-any-return]
        None, str, encode_basestring, None, ": ", ",\n" + "  " * (level + 1), False, False, True
    )


#: About how much text :func:`write_indented` gives to ``put`` at a time (characters).
_PIECE = 1 << 20


def _orjson() -> Any:
    """The orjson module, or None where it is not installed."""
    try:
        import orjson  # lazy: optional, and speed only
    except ImportError:  # pragma: no cover - depends on the installation
        return None
    return orjson


def _by_orjson(value: Any, default: Callable[[Any], Any]) -> bytes | None:
    """``value`` written by orjson (UTF-8, indented from level 0), or None where orjson
    refuses it. Dates and times go to ``default`` as :mod:`json`'s do (orjson would write
    ``T`` between date and time), dataclasses too; str and int subclasses (enumerations of
    text) are written as their values, as :mod:`json` does."""
    orjson = _orjson()
    options = (
        orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    )
    try:
        data: bytes = orjson.dumps(value, default=default, option=options)
    except (orjson.JSONEncodeError, TypeError, ValueError):
        return None
    return data


def dumps_indented(value: Any, default: Callable[[Any], Any] = str, end: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, default=default) + end`` (with
    orjson, but for the form of a float: see the module): the pieces of
    :func:`write_indented` joined, so that a file and the terminal get the same text."""
    chunks: list[str] = []
    write_indented(value, chunks.append, default)
    chunks.append(end)
    return "".join(chunks)


def python_dumps_indented(value: Any, default: Callable[[Any], Any] = str, end: str = "") -> str:
    """:func:`dumps_indented` without orjson: ``json.dumps``'s text, byte for byte."""
    chunks: list[str] = []
    _write_in_python(value, chunks.append, default)
    chunks.append(end)
    return "".join(chunks)


#: Levels of a value written by :func:`write_indented` itself: what is deeper is written
#: by orjson an item at a time (a report's fields), so that no output is whole in memory.
_OWN_LEVELS = 2


def write_indented(
    value: Any, put: Callable[[str], object], default: Callable[[Any], Any] = str
) -> None:
    """The text of :func:`dumps_indented` (without ``end``), given to ``put`` a piece at a
    time (pieces of up to a MB or so): a large text is never whole in memory. With
    orjson, the first :data:`_OWN_LEVELS` levels are written here and each item below them
    by orjson (indented to its place), or, where orjson refuses the item, by the Python
    writer: the same text as :func:`dumps_indented`."""
    if _orjson() is None:
        _write_in_python(value, put, default)
        return
    parts: list[str] = []
    size = 0

    def out(text: str) -> None:
        nonlocal size
        parts.append(text)
        size += len(text)
        if size > _PIECE:
            put("".join(parts))
            parts.clear()
            size = 0

    def item_text(item: Any, level: int) -> str:
        data = _by_orjson(item, default)
        text = data.decode("utf-8") if data is not None else python_dumps_indented(item, default)
        return text.replace("\n", "\n" + "  " * level) if level else text

    def write(item: Any, level: int) -> None:
        kind = type(item)
        if level >= _OWN_LEVELS or not item or kind not in (dict, list, tuple):
            out(item_text(item, level))
            return
        inner = "\n" + "  " * (level + 1)
        before = ("{" if kind is dict else "[") + inner
        if kind is dict:
            for key, element in item.items():
                out(before + _key_text(key) + ": ")
                write(element, level + 1)
                before = "," + inner
            out("\n" + "  " * level + "}")
        else:
            for element in item:
                out(before)
                write(element, level + 1)
                before = "," + inner
            out("\n" + "  " * level + "]")

    write(value, 0)
    if parts:
        put("".join(parts))


def _write_in_python(
    value: Any, put: Callable[[str], object], default: Callable[[Any], Any] = str
) -> None:
    """:func:`write_indented` without orjson, a piece at a time as it is made: a large
    text need not be whole in memory, nor copied to be joined."""
    parts: list[str] = []
    append = parts.append
    breaks = ["\n"]  # a line break and the indentation of each level
    flat: list[Callable[[Any, int], list[str]]] = []  # the C encoder of each level
    keys: dict[Any, str] = {}  # a str key's text and separator, as written before
    scalar_text = _SCALAR_TEXT.get
    scalars = _SCALARS.issuperset

    def line(level: int) -> str:
        while len(breaks) <= level:
            breaks.append("\n" + "  " * len(breaks))
        return breaks[level]

    opened: dict[tuple[int, str], tuple[str, str]] = {}

    def openings(level: int, bracket: str) -> tuple[str, str]:
        """What comes before the first item of a list or dict at ``level`` (its bracket
        and a line break), and before each other item (a comma and a line break)."""
        found = opened.get((level, bracket))
        if found is None:
            inner = line(level + 1)
            found = opened[level, bracket] = (bracket + inner, "," + inner)
        return found

    def flat_text(item: Any, level: int) -> str:
        """A list or dict of scalars alone, not empty, at ``level``."""
        while len(flat) <= level:
            flat.append(_flat_writer(len(flat)))
        text = "".join(flat[level](item, 0))
        return text[0] + line(level + 1) + text[1:-1] + line(level) + text[-1]

    def write(item: Any, level: int) -> None:
        # The order of json's own encoder: a str, bool or int subclass is written as one.
        if isinstance(item, str):
            append(encode_basestring(item))
        elif item is None:
            append("null")
        elif item is True:
            append("true")
        elif item is False:
            append("false")
        elif isinstance(item, int):
            append(_int_text(item))
        elif isinstance(item, float):
            append(_float_text(item))
        elif isinstance(item, list | tuple):
            if not item:
                append("[]")
                return
            if scalars(map(type, item)):
                append(flat_text(item, level))
                return
            before, between = openings(level, "[")  # what comes before each item
            for element in item:
                text = scalar_text(type(element))
                if text is not None:
                    append(before + text(element))
                else:
                    append(before)
                    write(element, level + 1)
                before = between
            append(line(level) + "]")
            if len(parts) > _CHUNK:
                put("".join(parts))
                parts.clear()
        elif isinstance(item, dict):
            if not item:
                append("{}")
                return
            if scalars(map(type, item.values())):
                append(flat_text(item, level))
                return
            before, between = openings(level, "{")
            for key, element in item.items():
                key_text = keys.get(key)
                if key_text is None:
                    key_text = _key_text(key) + ": "
                    if type(key) is str:
                        keys[key] = key_text
                text = scalar_text(type(element))
                if text is not None:
                    append(before + key_text + text(element))
                else:
                    append(before + key_text)
                    write(element, level + 1)
                before = between
            append(line(level) + "}")
            if len(parts) > _CHUNK:
                put("".join(parts))
                parts.clear()
        else:
            write(default(item), level)

    write(value, 0)
    put("".join(parts))
    parts.clear()
