"""Pausing the cycle collector while a large file is read."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


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
