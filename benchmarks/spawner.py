"""A small process that starts the benchmark's commands for ``run.py`` (Linux).

On Linux a child's peak resident size (``ru_maxrss``) starts from what the process that
started it held: a command started by ``run.py`` itself (which has read the generated
programmes, some 40 MiB) would never show less than that, whatever it holds itself. This
process is a fresh interpreter without ``site`` (some 8 MiB) that does nothing but start
the commands it is sent, one at a time, and report each one's wall time, peak and exit.

Requests and answers go over this process's stdin and stdout as a length (8 bytes, little
endian) and then :mod:`marshal` data: a request ``(argv, cwd, env, timeout, out, err)``
(the paths of the files the command's stdout and stderr go to; its stdin is
``/dev/null``), an answer ``(seconds, peak KiB, exit code or None when it was killed
after ``timeout`` seconds)``. Only the standard library: it runs without ``site``.
"""

from __future__ import annotations

import marshal
import os
import signal
import sys
import time
from typing import Any


def _start(argv: list[str], cwd: str, env: dict[str, str], out: str, err: str) -> int:
    pid = os.fork()
    if pid:
        return pid
    try:  # pragma: no cover - in the child, which becomes the command
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # ignored in the spawner (main)
        os.chdir(cwd)
        for fd, path, flags in (
            (0, os.devnull, os.O_RDONLY),
            (1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            (2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        ):
            opened = os.open(path, flags, 0o600)
            os.dup2(opened, fd)
            os.close(opened)
        os.execvpe(argv[0], argv, env)
    except BaseException as exc:  # pragma: no cover - in the child
        os.write(2, f"spawner: cannot start {argv[0]}: {exc}\n".encode())
    finally:  # pragma: no cover - in the child
        os._exit(127)
    return 0  # pragma: no cover - never reached


def run(request: tuple[Any, ...]) -> tuple[float, int, int | None]:
    argv, cwd, env, timeout, out, err = request
    killed: list[bool] = []
    started = time.perf_counter()
    pid = _start(argv, cwd, env, out, err)

    def expire(_signal: int, _frame: Any) -> None:
        killed.append(True)
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        _, status, usage = os.wait4(pid, 0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.perf_counter() - started
    return seconds, usage.ru_maxrss, None if killed else os.waitstatus_to_exitcode(status)


def main() -> None:
    # Ctrl-C stops the command and run.py, which then closes this one's stdin: no
    # traceback from here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    while len(size := requests.read(8)) == 8:
        answer = marshal.dumps(run(marshal.loads(requests.read(int.from_bytes(size, "little")))))
        answers.write(len(answer).to_bytes(8, "little") + answer)
        answers.flush()


if __name__ == "__main__":
    main()
