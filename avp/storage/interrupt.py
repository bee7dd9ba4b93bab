"""Interruptions a writer must know about: Ctrl-C (SIGINT) and SIGTERM as exceptions.

Python turns Ctrl-C into :class:`KeyboardInterrupt`, but SIGTERM (what ``kill`` and a
service manager send) ends the process on the spot, without a word. While avp writes,
:func:`terminate_raises` turns SIGTERM into :class:`Terminated`, a KeyboardInterrupt, so
that the writer cleans up and says what it did, as it does for Ctrl-C.
:func:`interrupts_held` holds both back for a few steps that must not be cut apart.

Signal handlers can only be set in the main thread; elsewhere both do nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: The exit code of a process ended by a signal: 128 + its number (130 for SIGINT).
SIGNAL_EXIT_BASE = 128


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived while avp was writing."""

    signum = int(getattr(signal, "SIGTERM", 15))


def exit_code(exc: BaseException) -> int:
    """The exit code for an interruption: 130 for Ctrl-C, 143 for SIGTERM."""
    signum = exc.signum if isinstance(exc, Terminated) else int(signal.SIGINT)
    return SIGNAL_EXIT_BASE + signum


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def terminate_raises() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` in the block; the previous handler comes back
    after it."""
    sigterm = getattr(signal, "SIGTERM", None)
    if sigterm is None or not _main_thread():
        yield
        return

    def raise_terminated(signum: int, frame: Any) -> None:
        raise Terminated

    try:
        previous = signal.signal(sigterm, raise_terminated)
    except (ValueError, OSError):  # pragma: no cover - an embedded interpreter
        yield
        return
    try:
        yield
    finally:
        signal.signal(sigterm, signal.SIG_DFL if previous is None else previous)


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold back SIGINT (Ctrl-C) and SIGTERM for the block and deliver them after; only in
    the main thread, where Python runs signal handlers. An exception from the block wins."""
    if not _main_thread():
        yield
        return
    wanted: list[signal.Signals] = [signal.SIGINT]
    if hasattr(signal, "SIGTERM"):
        wanted.append(signal.SIGTERM)
    received: dict[int, Any] = {}

    def hold(signum: int, frame: Any) -> None:
        received.setdefault(signum, frame)

    previous: dict[signal.Signals, Any] = {}
    try:
        for signum in wanted:
            previous[signum] = signal.signal(signum, hold)
    except (ValueError, OSError):  # pragma: no cover - an embedded interpreter
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
    for held, frame in received.items():
        signum = signal.Signals(held)
        handler = previous[signum]
        if callable(handler):
            handler(signum, frame)
        elif handler == signal.SIG_IGN:
            continue
        elif signum == signal.SIGINT:
            raise KeyboardInterrupt
        else:
            signal.raise_signal(signum)  # the default: end as the signal would have
