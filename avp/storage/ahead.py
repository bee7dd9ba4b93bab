"""Reading a large progress log in a second process while its programme is read.

A command that finds nothing in the cache reads the programme (a large one: most of a
second) and then the log (100,000 entries: another half second of reading lines into
items). Neither needs the other to be read, so on a machine with more than one core the
log's items are read by a child process while this one reads the programme, and handed
over as :mod:`marshal` data (plain dicts, lists and scalars: a tenth of the time of reading
them). What the child read is used only for the very bytes this process reads later
(compared whole); whatever goes wrong in the child (an invalid file, a crash) leaves this
process to read the log itself, so every message is the one it would be without.

Only on Linux (a fork is cheap there and safe for a process without threads; macOS and
Windows would need a new interpreter, which costs more than it saves at these sizes),
with at least two cores for this process, and for a log of :data:`MIN_BYTES` or more.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from avp.storage.files import decode, resolved

#: The smallest log read ahead: below some 30,000 entries a fork and the hand-over cost
#: about what they save.
MIN_BYTES = 4 << 20

#: The exit code of a child that read the items and handed them over.
_DONE = 0


#: Items handed over at a time: the child and this process hold one piece of the
#: marshalled data at a time, not all of it (some 12 MiB for 100,000 entries).
PIECE_ITEMS = 20000


@dataclass
class _Pending:
    path: Path
    pid: int
    handover: IO[bytes]


_pending: _Pending | None = None
_off = 0
#: cancel(), once registered to run at exit.
_registered: list[object] = []


def _can_fork() -> bool:
    if sys.platform != "linux" or not hasattr(os, "fork") or _off:
        return False
    import threading  # lazy: imported by the interpreter already

    if threading.active_count() != 1:
        return False  # a fork copies one thread only: a lock another holds stays held
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):  # pragma: no cover - Linux has it
        return (os.cpu_count() or 1) > 1


@contextlib.contextmanager
def off() -> Iterator[None]:
    """No log is read ahead inside the block (``--log`` names another than the programme)."""
    global _off
    _off += 1
    try:
        yield
    finally:
        _off -= 1


def begin(path: Path) -> None:
    """Start reading the items of the log at ``path`` in a child process, when it pays
    (see the module); nothing otherwise. One at a time: while one for ``path`` is under
    way, nothing; one for another log is stopped (a command reads one programme's log
    at a time, and that one was not asked for)."""
    global _pending
    if _pending is not None:
        if _pending.path == resolved(path):
            return
        cancel()
    if not _can_fork():
        return
    try:
        if path.stat().st_size < MIN_BYTES:
            return
    except OSError:
        return  # this process says what is wrong when it reads the file itself
    import tempfile  # lazy

    handover = tempfile.TemporaryFile()  # noqa: SIM115 - kept open until taken or cancelled
    try:
        pid = os.fork()
    except OSError:
        handover.close()
        return
    if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
        _child(path, handover.fileno())
    if not _registered:
        _registered.append(atexit.register(cancel))
    _pending = _Pending(resolved(path), pid, handover)


def _child(path: Path, out: int) -> None:  # pragma: no cover - in the child
    """Read the log's items and hand them over in the file ``out`` as records (a length,
    then :mod:`marshal` data): the items some :data:`PIECE_ITEMS` at a time, as each piece
    is read (the parent may take them as they come), then the digest of the bytes read
    and whether their text is clean. A record of length 0 drops the items before it.
    Then leave, whatever happens: the child never returns into the command (no output,
    no cleanup of the parent's files)."""
    code = 1
    try:
        import gc  # lazy: in the child only, as all of these
        import marshal  # lazy

        from avp.base.text import holds_no_bad_characters  # lazy
        from avp.storage.cache import digest  # lazy
        from avp.yamlio.fast.chunked import Unsplit, simple_pieces  # lazy
        from avp.yamlio.loader import load_items  # lazy
        from avp.yamlio.markers import conflict_markers  # lazy

        gc.disable()  # what a read builds holds no cycles (avp.yamlio.pause)
        for fd in (0, 1, 2):  # a pipe to a pager is not held open by the child
            with contextlib.suppress(OSError):
                os.close(fd)
        raw = path.read_bytes()
        shown, sign = str(path), digest(raw)
        text = decode(raw, shown)
        del raw
        if conflict_markers(text, shown) is not None:
            return  # the parent says where
        try:
            for part in simple_pieces(text, size=PIECE_ITEMS):
                _put(out, marshal.dumps(part))
        except Unsplit:  # not written as avp writes it: read whole, handed over in pieces
            _put(out, b"")  # what came before does not count
            data = load_items(text, shown)
            items = data.get("entries") if isinstance(data, dict) else None
            if not isinstance(items, list) or len(data) != 1:
                return  # not a plain log: the parent says what it is
            for start in range(0, len(items), PIECE_ITEMS):
                _put(out, marshal.dumps(items[start : start + PIECE_ITEMS]))
        _put(out, marshal.dumps((sign, holds_no_bad_characters(text))))
        code = _DONE
    finally:  # also after any exception: the parent reads the file itself and says why
        os._exit(code)


def _put(fd: int, payload: bytes) -> None:  # pragma: no cover - in the child
    view = memoryview(len(payload).to_bytes(8, "little") + payload)
    while view:
        view = view[os.write(fd, view) :]


def take(path: Path, raw: bytes) -> tuple[Any, bool] | None:
    """The items of the log ``path`` read ahead from exactly the bytes ``raw`` (as
    :func:`avp.yamlio.loader.load_items` gives them), and whether its text can give no
    string a control character (:func:`avp.base.text.holds_no_bad_characters`); None
    when none were read ahead, or the file changed since, or the child failed: then
    read them yourself. Pieces the child has handed over are taken while it reads on."""
    global _pending
    pending = _pending
    if pending is None or pending.path != resolved(path):
        return None
    _pending = None
    import marshal  # lazy

    from avp.storage.cache import digest  # lazy

    with pending.handover:
        records = _Records(pending.handover.fileno(), pending.pid)
        items: list[Any] = []
        end: Any = None
        try:
            while end is None and (record := records.next()) is not None:
                found = marshal.loads(record) if record else []
                if not record:
                    items = []  # the child started again, reading the log whole
                elif isinstance(found, list):
                    items += found
                else:
                    end = found
        except (ValueError, EOFError, TypeError):  # pragma: no cover - the child wrote it
            end = None
        status = records.status()
    if status != 0 or not (isinstance(end, tuple) and len(end) == 2):
        return None
    sign, clean = end
    if sign != digest(raw):
        return None  # the file changed since the child read it
    return {"entries": items}, bool(clean)


class _Records:
    """The records of the hand-over file as the child writes them: waits for the next
    while the child runs; None once it has ended and no whole record is left."""

    def __init__(self, fd: int, pid: int) -> None:
        self._fd, self._pid = fd, pid
        self._at = 0
        self._status: int | None = None

    def next(self) -> bytes | None:
        head = self._read(8)
        if head is None:
            return None
        return self._read(int.from_bytes(head, "little"))

    def _read(self, size: int) -> bytes | None:
        """``size`` bytes from where the last record ended, when they are all there."""
        while True:
            got = os.pread(self._fd, size, self._at)
            if len(got) == size:
                self._at += size
                return got
            if self._status is not None:
                return None  # the child ended without writing them
            self._poll()

    def _poll(self) -> None:
        import time  # lazy

        pid, status = os.waitpid(self._pid, os.WNOHANG)
        if pid:
            self._status = status  # then read once more what it wrote before it ended
        else:
            time.sleep(0.002)

    def status(self) -> int:
        """The child's exit status (waiting for it to end)."""
        if self._status is None:
            self._status = os.waitpid(self._pid, 0)[1]
        return self._status


def cancel() -> None:
    """Stop a child that still reads (the command is done, or went another way)."""
    global _pending
    pending, _pending = _pending, None
    if pending is None:
        return
    import signal  # lazy

    with contextlib.suppress(OSError):
        os.kill(pending.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pending.pid, 0)
    pending.handover.close()
