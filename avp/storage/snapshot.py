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
body matches the hash on its first line, and only with classes of avp, ``datetime.date``
and sets: anything else in it (a snapshot written by something other than avp) makes it
unusable, and the file is read and validated as if there were none.
"""

from __future__ import annotations

import io
import pickle
import sys
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from avp.storage import cache

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


class Twin:
    """The values of a validated model without the model: the same attributes, frozen,
    equal when their class and values are. Made by :func:`load` with ``twins``."""

    #: The names of the model's fields (the keys of its first instance read).
    _fields: tuple[str, ...] = ()

    def __setstate__(self, state: Any) -> None:
        values = state.get("__dict__") if isinstance(state, dict) else None
        if not isinstance(values, dict):
            raise pickle.UnpicklingError("not the state of a model")
        cls = type(self)
        if not cls._fields:
            cls._fields = tuple(values)
        object.__setattr__(self, "__dict__", values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__.get(name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Twin)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={self.__dict__.get(name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"


#: (module, class) of a model -> the plain class its twin also derives from, for the
#: model's own methods (see :func:`load`).
Bases = Mapping[tuple[str, str], type]

_twins: dict[tuple[str, str, type | None], type] = {}


def _twin(module: str, name: str, base: type | None) -> type:
    key = (module, name, base)
    if key not in _twins:
        bases = (base, Twin) if base is not None else (Twin,)
        _twins[key] = type(name, bases, {"__module__": f"avp.twins.{module}"})
    return _twins[key]


def twin(module: str, name: str, values: dict[str, Any], base: type | None = None) -> Any:
    """A twin of the model ``module.name`` with these field values (such as an empty log)."""
    made = _twin(module, name, base)()
    made.__setstate__({"__dict__": values})
    return made


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, twins: Bases | None) -> None:
        super().__init__(io.BytesIO(data))
        self._bases = twins

    def find_class(self, module: str, name: str) -> Any:
        if self._bases is not None and module in MODEL_MODULES:
            return _twin(module, name, self._bases.get((module, name)))
        if (module, name) in _ALLOWED or module == "avp" or module.startswith("avp."):
            return super().find_class(module, name)
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
        return _Unpickler(found[1], twins).load()
    except Exception:  # not what avp stored: read the file itself
        return None


def store(kind: str, path: Path, raw: bytes, value: Any, depends_on: str = "") -> None:
    """Keep ``value`` (validated objects) for ``path``; any failure is ignored."""
    if cache.cache_dir() is None:
        return
    try:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        head = cache.entry_head(raw, _depends(depends_on), None, [body])
        cache.write_entry(kind + _SUFFIX, path, raw, [head, body])
    except Exception:  # the cache must never break a command
        return
