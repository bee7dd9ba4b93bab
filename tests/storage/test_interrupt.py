"""Interruptions: SIGTERM as an exception while avp writes, both signals held back."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from avp.storage.interrupt import (
    Terminated,
    exit_code,
    interrupts_held,
    terminate_raises,
)

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX signals")


def test_exit_codes() -> None:
    assert exit_code(KeyboardInterrupt()) == 130
    assert exit_code(Terminated()) == 128 + int(signal.SIGTERM)


@POSIX
def test_sigterm_raises_in_the_block_and_the_old_handler_comes_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Terminated), terminate_raises():
        os.kill(os.getpid(), signal.SIGTERM)  # Python runs the handler right after
        pytest.fail("SIGTERM did not raise")
    assert signal.getsignal(signal.SIGTERM) == before


@POSIX
def test_sigterm_is_held_back_until_after_the_block() -> None:
    reached: list[str] = []
    with pytest.raises(Terminated), terminate_raises(), interrupts_held():
        os.kill(os.getpid(), signal.SIGTERM)
        reached.append("after the signal")
    assert reached == ["after the signal"]


def test_nothing_is_installed_outside_the_main_thread() -> None:
    seen: list[object] = []

    def run() -> None:
        with terminate_raises(), interrupts_held():
            seen.append(signal.getsignal(signal.SIGINT))

    before = signal.getsignal(signal.SIGINT)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [before]
