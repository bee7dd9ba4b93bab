"""Validated objects kept in the trusted cache, read back without validating them again.

The cache of :mod:`avp.storage.cache` holds the plain data of a file that validated, which
the models validate again on every read: about 3 ms for a programme, 300 ms for a log of
100,000 entries. A *snapshot* holds the validated objects themselves, pickled, under the
same key (the file's bytes, what its validity depends on, avp's version and code) and also
the Python and pydantic versions that made them. Reading one is a few times faster than
validating, and can be done without the models at all: :func:`load` with ``twins`` gives
objects of plain classes (:class:`Twin`) with the same attributes, frozen like the models,
for the commands that only read (``avp list`` starts without importing pydantic's model
machinery, which costs more than the rest of the command).

Unpickling runs code named in the file, so a snapshot is read only from a folder that
:mod:`avp.storage.trust` trusts (the user's own, that nobody else may write), only if its
body matches the hash on its first line, and it may name nothing but avp's models (made
without running any of their code), avp's enumerations, ``datetime.date`` and sets:
anything else in it (a snapshot written by something other than avp) makes it unusable,
and the file is read and validated as if there were none.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import pickle
import sys
from collections.abc import Mapping
from enum import Enum
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from avp.storage import cache

if TYPE_CHECKING:
    from typing_extensions import TypeIs

#: The modules whose classes are pydantic models: a twin stands in for each of their classes.
MODEL_MODULES = frozenset(
    {
        "avp.base.model",
        "avp.programme.models",
        "avp.progress.models",
        "avp.progress.imported",
        "avp.targets.models",
    }
)

#: What a snapshot may name besides avp's classes.
_ALLOWED = frozenset({("datetime", "date"), ("builtins", "set"), ("builtins", "frozenset")})

#: Snapshot entries are kept apart from the plain data of the same file.
_SUFFIX = "-snapshot"


@lru_cache(maxsize=1)
def runtime() -> str:
    """What else a snapshot depends on: Python's version and pydantic's (read from its
    ``version.py`` without importing pydantic; pydantic pins its pydantic-core)."""
    import importlib.util  # lazy

    try:
        spec = importlib.util.find_spec("pydantic")
        origin = spec.origin if spec is not None else None
        version = Path(origin).with_name("version.py").read_bytes() if origin else b"-"
    except (ImportError, OSError, ValueError):
        version = b"-"
    return cache.digest(sys.version, str(pickle.HIGHEST_PROTOCOL), version)


def _depends(depends_on: str) -> str:
    return f"{depends_on}\0{runtime()}"


#: A model class, for :func:`is_model`.
M = TypeVar("M")


class Twin(tuple[Any, ...]):
    """The values of a validated model without the model: a tuple of its field values in
    the model's order, each also an attribute (``entry.date``), frozen, equal when their
    class and values are. Made by :func:`load` with ``twins``."""

    __slots__ = ()

    #: The names of the model's fields, in order.
    _fields: tuple[str, ...] = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        pairs = zip(self._fields, self, strict=False)
        shown = ", ".join(f"{name}={value!r}" for name, value in pairs)
        return f"{type(self).__name__}({shown})"


def is_model(item: object, cls: type[M]) -> TypeIs[M]:
    """Whether ``item`` is a ``cls`` or the twin of one (:func:`load` with ``twins``):
    ``isinstance`` alone says no to a twin, and code that asks it of a programme read
    from a snapshot would quietly take the other branch."""
    if isinstance(item, cls):
        return True
    kind = type(item)
    return (
        isinstance(item, Twin)
        and kind.__name__ == cls.__name__
        and kind.__module__ == f"avp.twins.{cls.__module__}"
    )


def field_values(item: Any) -> dict[str, Any]:
    """A model's (or its twin's) fields and their values, in the model's order."""
    if isinstance(item, Twin):
        return dict(zip(item._fields, item, strict=False))
    return {name: item.__dict__[name] for name in type(item).model_fields}


#: (module, class) of a model -> the plain class its twin also derives from, for the
#: model's own methods (see :func:`load`).
Bases = Mapping[tuple[str, str], type]

_twins: dict[tuple[str, str, tuple[str, ...], type | None], type] = {}


def _twin(module: str, name: str, names: tuple[str, ...], base: type | None) -> type:
    key = (module, name, names, base)
    if key not in _twins:
        attributes: dict[str, Any] = {"__module__": f"avp.twins.{module}", "_fields": names}
        attributes |= {field: property(itemgetter(i)) for i, field in enumerate(names)}
        if base is None:
            attributes["__slots__"] = ()
        # A base keeps its instance dict, for its cached properties.
        _twins[key] = type(name, (base, Twin) if base is not None else (Twin,), attributes)
    return _twins[key]


def twin(module: str, name: str, values: dict[str, Any], base: type | None = None) -> Any:
    """A twin of the model ``module.name`` with these field values (such as an empty log)."""
    return _twin(module, name, tuple(values), base)(values.values())


#: A model's class in a snapshot: ("avp-model", module, class, field names, fields set).
_MODEL = "avp-model"


def _restorer(cls: type, names: tuple[str, ...], given: set[str]) -> Any:
    """Makes the model ``cls`` from its field values, as pickle would but without a state
    per instance; the instances share their set of given fields (as
    :func:`avp.progress.models.log_from_data` makes them: models are frozen)."""
    new = object.__new__
    set_dict, set_given, set_extra, set_private = _setters(cls)

    def restored(values: tuple[Any, ...]) -> Any:
        made: Any = new(cls)
        set_dict(made, dict(zip(names, values, strict=True)))
        set_given(made, given)
        set_extra(made, None)
        set_private(made, None)
        return made

    return restored


_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


def _setters(cls: type) -> list[Any]:
    """Functions that set the instance slots of a model (its values, the fields given, no
    extra, no private): the slots' own descriptors, which cost less than
    ``object.__setattr__`` (that looks each up); ``object.__setattr__`` for a slot whose
    descriptor is not found."""
    found: list[Any] = []
    for name in _SLOTS:
        owner = next((k for k in cls.__mro__ if name in vars(k)), None)
        descriptor = vars(owner)[name] if owner is not None else None
        setter = getattr(descriptor, "__set__", None)
        if setter is None or not type(descriptor).__name__.endswith("_descriptor"):
            setter = _generic_setter(name)
        found.append(setter)
    return found


def _generic_setter(name: str) -> Any:
    setattr_ = object.__setattr__
    return lambda made, value: setattr_(made, name, value)


def model_class(*spec: Any) -> Any:  # pragma: no cover - replaced by the unpickler
    """What a snapshot calls to make a model's class (see :class:`_Unpickler`)."""
    raise pickle.UnpicklingError("a snapshot is read by avp.storage.snapshot.load only")


class _Marker:
    """A model's class as written: the class, its fields and the fields given, which the
    reader turns into the class's twin or a maker of the model (once per snapshot: pickle
    keeps it, and writes each later instance with a reference to it)."""

    __slots__ = ("spec",)

    def __init__(self, spec: tuple[Any, ...]) -> None:
        self.spec = spec

    def __call__(self, *args: Any) -> Any:  # pragma: no cover - never called
        raise TypeError("a marker of a snapshot")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return model_class, self.spec


#: The values a snapshot writes once however often they occur.
_SHARED = frozenset({str, dt.date})


class _Pickler(pickle.Pickler):
    """Writes each model as its class (:class:`_Marker`) and a tuple of its values: a
    third of pickle's own state of a model, with equal texts and dates written once, and
    read back without a Python call per instance for twins."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._markers: dict[tuple[type, frozenset[str]], tuple[_Marker, Any]] = {}
        self._values: dict[Any, Any] = {}

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if cls.__module__ not in MODEL_MODULES or not hasattr(cls, "model_fields"):
            return NotImplemented
        if getattr(obj, "__pydantic_extra__", None) or getattr(obj, "__pydantic_private__", None):
            return NotImplemented
        given = frozenset(obj.__pydantic_fields_set__)
        known = self._markers.get((cls, given))
        if known is None:
            names = tuple(cls.model_fields)
            spec = (_MODEL, cls.__module__, cls.__qualname__, names, tuple(sorted(given)))
            getter = itemgetter(*names) if len(names) > 1 else lambda d: (d[names[0]],)
            known = self._markers[(cls, given)] = (_Marker(spec), getter)
        marker, getter = known
        # One object for equal texts and dates (written once, shared when read: the same
        # author, measure id or day in thousands of entries).
        shared = self._values
        values = tuple(
            [shared.setdefault(v, v) if type(v) in _SHARED else v for v in getter(obj.__dict__)]
        )
        return marker, (values,)


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes | io.BytesIO, twins: Bases | None) -> None:
        super().__init__(data if isinstance(data, io.BytesIO) else io.BytesIO(data))
        self._bases = twins

    def _model_class(self, *spec: Any) -> Any:
        if len(spec) != 5 or spec[0] != _MODEL:
            raise pickle.UnpicklingError("not a snapshot of avp")
        _, module, name, names, given = spec
        if module not in MODEL_MODULES:
            raise pickle.UnpicklingError(f"a snapshot may not name {module}.{name}")
        if self._bases is not None:
            return _twin(module, name, tuple(names), self._bases.get((module, name)))
        return _restorer(super().find_class(module, name), tuple(names), set(given))

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "model_class"):
            return self._model_class
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith("avp.") and module not in MODEL_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type) and issubclass(found, Enum):  # a status, a verdict
                return found
        raise pickle.UnpicklingError(f"a snapshot may not name {module}.{name}")


def load(
    kind: str, path: Path, raw: bytes, depends_on: str = "", *, twins: Bases | None = None
) -> Any | None:
    """The object stored for ``path`` if ``raw`` (and ``depends_on``) are what was stored,
    else None. ``twins``: the models' classes become :class:`Twin` classes (with the plain
    base given for a model, for its methods) and their modules are not imported."""
    found = cache.read_entry(kind + _SUFFIX, path, raw, _depends(depends_on))
    if found is None:
        return None
    try:
        return loads(found[1], twins)
    except Exception:  # not what avp stored: read the file itself
        return None


def enabled() -> bool:
    """Whether snapshots can be kept: the cache is on and its folder trusted. Without
    them, the commands that read twins work on the models themselves."""
    return cache.trusted_dir() is not None


def dumps(value: Any) -> bytes:
    """``value`` (validated objects) as a snapshot's body."""
    buffer = io.BytesIO()
    _Pickler(buffer).dump(value)
    return buffer.getvalue()


def loads(body: bytes, twins: Bases | None = None) -> Any:
    """The objects of a snapshot's body (:func:`load`); raises what pickle raises.

    A body may go on after its object with a *tail* (:func:`append_entries`): a pickle
    of ``(TAIL, items)``, whose items are added to the object's ``entries``."""
    paused = gc.isenabled()
    gc.disable()  # a snapshot makes many objects and no cycles: nothing to collect
    try:
        stream = io.BytesIO(body)
        value = _Unpickler(stream, twins).load()
        if stream.tell() < len(body):
            value.entries.extend(_tail(stream, twins))
            if stream.tell() != len(body):
                raise pickle.UnpicklingError("a snapshot goes on after its tail")
        return value
    finally:
        if paused:
            gc.enable()


#: The first value of a snapshot's tail.
TAIL = "avp-tail"


def _tail(stream: io.BytesIO, twins: Bases | None) -> list[Any]:
    """The items of the tail that follows in ``stream`` (read by an unpickler of its own:
    a tail is a pickle of its own, with its own memo)."""
    tail = _Unpickler(stream, twins).load()
    if not (isinstance(tail, tuple) and len(tail) == 2 and tail[0] == TAIL):
        raise pickle.UnpicklingError("not a tail of a snapshot")
    if not isinstance(tail[1], list):
        raise pickle.UnpicklingError("not a tail of a snapshot")
    return tail[1]


#: A tail holds at most this many items; then the snapshot is written whole again.
TAIL_ITEMS = 1000


def append_entries(
    kind: str,
    path: Path,
    old_raw: bytes,
    old: cache.RawDigest,
    new: cache.RawDigest,
    new_size: int,
    items: list[Any],
    depends_on: str = "",
) -> bool:
    """Turn the current snapshot of ``old_raw`` (an object with a list of ``entries``)
    into that of the file with lines appended (``new``, ``new_size`` bytes), whose
    object has ``items`` (validated objects) added to its entries: the snapshot's body is
    kept and a tail after it holds the items appended since it was written whole, so the
    cost is that of copying the file, not of reading and writing every entry. False
    (and nothing written) when there is no current snapshot of ``old_raw``; any failure
    is ignored, as for :func:`store_body`."""
    depends = _depends(depends_on)
    try:
        found = cache.read_entry(kind + _SUFFIX, path, old_raw, depends, key=old.key(depends))
        if found is None:
            return False
        head, body = found
        base = head.get("base", len(body))
        if not isinstance(base, int) or isinstance(base, bool) or not 0 < base <= len(body):
            return False
        stream = io.BytesIO(body)
        stream.seek(base)
        earlier = _tail(stream, None) if base < len(body) else []
        parts: list[bytes | memoryview]
        if len(earlier) + len(items) > TAIL_ITEMS:  # the whole object again, tail-less
            whole = loads(body)
            whole.entries.extend(items)
            parts = [dumps(whole)]
            extra = None
        else:
            parts = [memoryview(body)[:base], dumps((TAIL, [*earlier, *items]))]
            extra = {"base": base}
        key = new.key(depends)
        head_line = cache.entry_head(b"", depends, None, parts, key=key, extra=extra)
        return cache.write_entry(kind + _SUFFIX, path, new_size, [head_line, *parts])
    except Exception:  # the cache must never break a command
        return False


def store_keyed(
    kind: str, path: Path, size: int, digest: cache.RawDigest, body: bytes, depends_on: str = ""
) -> None:
    """:func:`store_body` for a file of ``size`` bytes hashed as ``digest``."""
    depends = _depends(depends_on)
    try:
        head = cache.entry_head(b"", depends, None, [body], key=digest.key(depends))
        cache.write_entry(kind + _SUFFIX, path, size, [head, body])
    except Exception:  # the cache must never break a command
        return


def store_body(kind: str, path: Path, raw: bytes, body: bytes, depends_on: str = "") -> None:
    """Keep a body made by :func:`dumps` for ``path``; any failure is ignored."""
    if cache.cache_dir() is None:
        return
    try:
        head = cache.entry_head(raw, _depends(depends_on), None, [body])
        cache.write_entry(kind + _SUFFIX, path, raw, [head, body])
    except Exception:  # the cache must never break a command
        return
