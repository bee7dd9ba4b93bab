"""Reading a large progress log in a second process while its programme is read.

A command that finds nothing in the cache reads the programme (a large one: most of a
second) and then the log (100,000 entries: another half second of reading lines into
items). Neither needs the other to be read, so on a machine with more than one core the
log's items are read by a child process while this one reads the programme, and handed
over as :mod:`marshal` data (plain dicts, lists and scalars: a tenth of the time of reading
them). What the child read is used only for the very bytes this process reads later
(the same SHA-256); whatever goes wrong in the child (an invalid file, a crash) leaves this
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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from avp.storage.files import decode, read_bytes, resolved

#: The smallest log read ahead (some 25,000 entries): below it a fork and the hand-over
#: cost about what they save.
MIN_BYTES = 4 << 20

#: The exit code of a child that read the items and handed them over.
_DONE = 0


#: Items handed over at a time: the child and this process hold one piece of the
#: marshalled data at a time, not all of it (some 12 MiB for 100,000 entries).
PIECE_ITEMS = 5000


class _Pending:
    """A child under way: the log it reads, its pid and the file it hands over in. (A plain
    class: a dataclass costs this module 2 ms to import, on every command's start-up.)"""

    __slots__ = ("handover", "path", "pid")

    def __init__(self, path: Path, pid: int, handover: IO[bytes]) -> None:
        self.path, self.pid, self.handover = path, pid, handover


_pending: _Pending | None = None
#: What to do while the child reads (:func:`meanwhile`).
_meanwhile: list[Callable[[], object]] = []
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
    """Read the log's items and hand them over in the file ``out``: first the digest of
    the bytes read and whether their text is clean, then the items some
    :data:`PIECE_ITEMS` at a time, each a length and its :mod:`marshal` data, so that
    neither process holds all of that data at once. Then leave, whatever happens: the
    child never returns into the command (no output, no cleanup of the parent's files)."""
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
        raw = read_bytes(path)  # as the parent reads it: a regular file, not too large
        shown, sign = str(path), digest(raw)
        text = decode(raw, shown)
        del raw
        if conflict_markers(text, shown) is not None:
            return  # the parent says where
        header = marshal.dumps((sign, holds_no_bad_characters(text)))
        _put(out, header)
        try:
            for part in simple_pieces(text, size=PIECE_ITEMS):
                _put(out, marshal.dumps(part))
        except Unsplit:  # not written as avp writes it: read whole, handed over in pieces
            os.ftruncate(out, 0)
            os.lseek(out, 0, os.SEEK_SET)
            _put(out, header)
            data = load_items(text, shown)
            items = data.get("entries") if isinstance(data, dict) else None
            if not isinstance(items, list) or len(data) != 1:
                return  # not a plain log: the parent says what it is
            for start in range(0, len(items), PIECE_ITEMS):
                _put(out, marshal.dumps(items[start : start + PIECE_ITEMS]))
        code = _DONE
    finally:  # also after any exception: the parent reads the file itself and says why
        os._exit(code)


def _put(fd: int, payload: bytes) -> None:  # pragma: no cover - in the child
    view = memoryview(len(payload).to_bytes(8, "little") + payload)
    while view:
        view = view[os.write(fd, view) :]


def meanwhile(task: Callable[[], object]) -> None:
    """Have :func:`take` do ``task`` before it waits for a child's items: work the command
    does after reading the log anyway, such as importing the modules it needs next and
    building the validators of the entries (100,000 entries: the child still reads for
    a few tenths of a second after the programme is read). Without a child, or for
    another log, nothing is done: the command does that work where it needs it. A task
    is kept once (a process that runs many commands, such as the tests, may ask again
    before any log is taken)."""
    if task not in _meanwhile:
        _meanwhile.append(task)


def take(path: Path, raw: bytes) -> tuple[Any, bool] | None:
    """The items of the log ``path`` read ahead from exactly the bytes ``raw`` (as
    :func:`avp.yamlio.loader.load_items` gives them), and whether its text can give no
    string a control character (:func:`avp.base.text.holds_no_bad_characters`); None
    when none were read ahead, or the file changed since, or the child failed: then
    read them yourself."""
    global _pending
    tasks = _meanwhile[:]
    _meanwhile.clear()
    pending = _pending
    if pending is None or pending.path != resolved(path):
        return None
    _pending = None
    for task in tasks:
        task()
    import marshal  # lazy

    from avp.storage.cache import digest  # lazy

    with pending.handover as handed:
        try:
            status = os.waitpid(pending.pid, 0)[1]
        except ChildProcessError:  # reaped by someone else (SIGCHLD ignored): not known
            return None
        if status != 0:
            return None
        handed.seek(0)
        items: list[Any] = []
        try:
            sign, clean = marshal.loads(_got(handed))
            if sign != digest(raw):
                return None  # the file changed since the child read it
            while (piece := _got(handed, end_ok=True)) is not None:
                items += marshal.loads(piece)
        except (ValueError, EOFError, TypeError):  # pragma: no cover - the child wrote it
            return None
    return {"entries": items}, bool(clean)


def _got(handed: IO[bytes], *, end_ok: bool = False) -> Any:
    """The next piece the child handed over; None at the end (``end_ok``). EOFError
    for a piece cut short."""
    size = handed.read(8)
    if not size and end_ok:
        return None
    if len(size) < 8:
        raise EOFError
    piece = handed.read(int.from_bytes(size, "little"))
    if len(piece) != int.from_bytes(size, "little"):
        raise EOFError
    return piece


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
