"""Time avp commands as cold processes on the programmes written by ``generate.py``.

Every run starts a fresh interpreter (``subprocess``), the way a user or a pre-commit hook
runs avp. Each row is run once untimed (to warm the disk cache, fill avp's cache and check
that the command works), then ``--repeat`` times. A row whose warm-up took longer than
``--slow`` seconds is not repeated: without a cache that run is its measurement, with a
warm cache the next one (``runs`` says 1); a run longer than ``--timeout`` is killed.
The table shows the median and the minimum wall time, the median as a multiple of the
*floor* (``python -c "import typer, pydantic, ruamel.yaml"``, timed in the same run: what
any CLI on this stack pays before doing anything), and the child's peak resident memory
(its ``ru_maxrss`` from ``os.wait4``; ``n/a`` on Windows).

Three *reference* rows time what any program on this stack pays before its own work: one
pydantic model, a two-command Typer app given the options of ``avp list``, and importing
avp's models alone. A *bundled* row times ``avp list`` as a user runs it, on the programme
that ships with avp (``--no-bundled`` leaves it out).

avp keeps a cache of validated data. ``--cache off`` runs with ``AVP_NO_CACHE=1`` (the
first run after the file changed), ``--cache warm`` with a private cache the warm-up run
filled (every run after that); ``both`` (the default) gives a row for each. The user's own
cache is never touched.

Commands, each with ``--file`` naming a copy of the programme beside a copy of its log:

* ``avp list --partner politie --format json``
* ``avp report --format json``                          (skipped while avp has no ``report``)
* ``avp validate``                               (the programme and the log it names)
* ``avp progress add 1.1.1 --status on_track --note x --author bench [--date 2022-06-01]``
  (skipped while avp has no ``progress add``; the log copy is reset before every run,
  or with a warm cache before the warm-up only)

Usage (from the repository root, after ``python benchmarks/generate.py``)::

    python benchmarks/run.py                       # sizes 1,10,100; logs 10,10000,100000
    python benchmarks/run.py --quick --sizes 1,10  # 3 repeats, the small programmes only
    python benchmarks/run.py --markdown > note.md  # a table to paste into a note

To time a fixed commit while the work tree changes, export it and put it first on the
path: ``git archive HEAD avp | tar -x -C /tmp/snap`` then
``PYTHONPATH=/tmp/snap python benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import (  # noqa: E402  (a sibling script, not a package)
    DEFAULT_LOGS,
    DEFAULT_OUT,
    DEFAULT_SIZES,
    avp_command,
    int_list,
    log_name,
    programme_name,
)

MEASURE = "1.1.1"  # exists in every generated programme
PROGRESS_DATE = "2022-06-01"  # inside the programme period, not in the future
FLOOR = [sys.executable, "-c", "import typer, pydantic, ruamel.yaml"]
# What any program on this stack pays beyond the floor before it does its own work: one
# pydantic model (the first model imports pydantic's schema machinery), and a Typer app
# with one command and two options (Typer 0.2x coerces every option through pydantic).
ONE_MODEL = "import typer, pydantic, ruamel.yaml\nclass A(pydantic.BaseModel):\n    x: int\n"
TRIVIAL_TYPER = """
import typer
app = typer.Typer()
@app.command()
def list(partner: str = "", format: str = "table") -> None:
    print(partner, format)
@app.command()
def other() -> None:
    pass
app()
"""
REFERENCES = [
    ("reference: floor + one pydantic model", [sys.executable, "-c", ONE_MODEL]),
    (
        "reference: Typer app, 2 commands, list --partner politie --format json",
        [sys.executable, "-c", TRIVIAL_TYPER, "list", "--partner", "politie", "--format", "json"],
    ),
    (
        "reference: python -c 'import avp.programme.models'",
        [sys.executable, "-c", "import avp.programme.models"],
    ),
]
HAVE_WAIT4 = hasattr(os, "wait4")


@dataclass
class Timing:
    label: str
    size: str = ""
    log: str = ""
    cache: str = ""
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def best(self) -> float | None:
        return min(self.seconds) if self.seconds else None

    @property
    def peak_mib(self) -> float | None:
        return max(self.rss_kib) / 1024 if self.rss_kib else None


@dataclass
class Run:
    seconds: float
    rss_kib: int | None
    code: int | None  # None: killed after the timeout
    stderr: str


def child_env(cache: Path | None) -> dict[str, str]:
    """No colour, no AVP_FILE; avp's cache in ``cache``, or off when it is None."""
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    for name in ("AVP_FILE", "AVP_DEBUG", "GITHUB_ACTIONS", "AVP_NO_CACHE", "AVP_CACHE_DIR"):
        env.pop(name, None)
    if cache is None:
        env["AVP_NO_CACHE"] = "1"
    else:
        env["AVP_CACHE_DIR"] = str(cache)
    return env


def run_once(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """One cold process: wall time, peak RSS, exit code (None when killed), stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            if HAVE_WAIT4:
                _, status, usage = os.wait4(proc.pid, 0)
                seconds = time.perf_counter() - started
                proc.returncode = code = os.waitstatus_to_exitcode(status)
                # Linux reports ru_maxrss in KiB, macOS in bytes.
                rss: int | None = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
            else:
                code = proc.wait()
                seconds = time.perf_counter() - started
                rss = None
        finally:
            timer.cancel()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, rss, None if killed.is_set() else code, stderr)


def measure(
    timing: Timing,
    argv: list[str],
    cwd: Path,
    args: argparse.Namespace,
    *,
    cache: Path | None = None,
    reset: tuple[tuple[Path, Path], ...] = (),
) -> Timing:
    """Run ``argv`` once to warm up, then ``args.repeat`` times; copy ``reset`` files first.

    Without a cache the files are reset before every run. With a warm cache they are reset
    only before the warm-up: each run then works on what the previous one left, as one
    ``progress add`` after another does (resetting would make every run meet a file the
    cache has not seen, which never happens in use).
    """
    env = child_env(cache)
    slow = False
    for attempt in range(args.repeat + 1):
        if attempt == 0 or cache is None:
            for source, target in reset:
                shutil.copyfile(source, target)
        run = run_once(argv, cwd, env, args.timeout)
        if run.code != 0:
            first = next((line for line in run.stderr.splitlines() if line.strip()), "")
            timing.note = (
                f"timed out (> {args.timeout:g} s)"
                if run.code is None
                else f"exit {run.code}: {first[:100]}"
            )
            timing.seconds.clear()
            timing.rss_kib.clear()
            return timing
        if attempt == 0:
            slow = run.seconds > args.slow
            if not slow or cache is not None:
                continue  # the warm-up (with a cache: always, it fills the cache)
        timing.seconds.append(run.seconds)
        if run.rss_kib is not None:
            timing.rss_kib.append(run.rss_kib)
        if slow:
            break  # slower than --slow: one timed run is the measurement
    return timing


def available(avp: list[str]) -> tuple[set[str], bool, bool]:
    """avp's commands, whether it has ``progress add``, and whether that takes ``--date``."""
    env = child_env(None)
    help_text = subprocess.run(
        [*avp, "--help"], capture_output=True, text=True, env=env, check=False
    ).stdout
    commands: set[str] = set()
    in_commands = False
    for line in help_text.splitlines():
        if line.strip().strip("╭─╮ ").lower().startswith("commands"):
            in_commands = True
        elif in_commands and line.strip() and not line.startswith((" ", "│")):
            in_commands = False
        elif in_commands and line.strip().strip("│ "):
            commands.add(line.strip().strip("│ ").split()[0])
    has_add = has_date = False
    if "progress" in commands:
        sub = subprocess.run(
            [*avp, "progress", "add", "--help"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        has_add = sub.returncode == 0
        has_date = has_add and "--date" in sub.stdout
    return commands, has_add, has_date


def benchmark(args: argparse.Namespace) -> tuple[Timing, list[Timing], list[str]]:
    avp = avp_command()
    commands, has_add, has_date = available(avp)
    notes: list[str] = []
    if "report" not in commands:
        notes.append("`avp report` skipped: avp has no report command yet.")
    if not has_add:
        notes.append("`avp progress add` skipped: avp has no progress add command yet.")
    out = sys.stderr if args.markdown else sys.stdout
    modes = {"off": ["off"], "warm": ["warm"], "both": ["off", "warm"]}[args.cache]

    def say(text: str, end: str = "\n") -> None:
        print(text, end=end, file=out, flush=True)

    with tempfile.TemporaryDirectory(prefix="avp-bench-") as tmp:
        work = Path(tmp)
        say("floor: python -c 'import typer, pydantic, ruamel.yaml' ...")
        floor = measure(Timing("floor: import typer, pydantic, ruamel.yaml"), FLOOR, work, args)
        rows = [measure(Timing(label), argv, work, args) for label, argv in REFERENCES]
        rows.append(measure(Timing("avp --version"), [*avp, "--version"], work, args))
        if args.bundled:
            for mode in modes:
                say(f"bundled  no log  cache {mode:<4}  avp list ...", end=" ")
                cache = work / "cache" if mode == "warm" else None
                timing = Timing("avp list --partner politie --format json", "bundled", "-", mode)
                argv = [*avp, "list", "--partner", "politie", "--format", "json"]
                measure(timing, argv, work, args, cache=cache)
                say(timing.note or summary(timing))
                rows.append(timing)
        for size in args.sizes:
            for entries in args.logs:
                source = args.out / f"x{size}"
                programme, log = source / programme_name(entries), source / log_name(entries)
                if not programme.is_file() or not log.is_file():
                    notes.append(
                        f"x{size} with {entries} log entries skipped: {programme} or "
                        f"{log.name} is missing; run benchmarks/generate.py first."
                    )
                    continue
                case = work / f"x{size}-{entries}"
                case.mkdir()
                prog_copy, log_copy = case / programme.name, case / log.name
                shutil.copyfile(programme, prog_copy)
                shutil.copyfile(log, log_copy)
                file_opt = ["--file", str(prog_copy)]
                todo: list[tuple[str, list[str], tuple[tuple[Path, Path], ...]]] = [
                    (
                        "list --partner politie --format json",
                        ["list", "--partner", "politie", "--format", "json", *file_opt],
                        (),
                    )
                ]
                if "report" in commands:
                    todo.append(
                        ("report --format json", ["report", "--format", "json", *file_opt], ())
                    )
                todo.append(("validate", ["validate", *file_opt], ()))
                if has_add:
                    add = ["progress", "add", MEASURE, "--status", "on_track", "--note", "x"]
                    add += ["--author", "bench"]
                    add += ["--date", PROGRESS_DATE] if has_date else []
                    todo.append(
                        (
                            "progress add",
                            [*add, *file_opt],
                            ((log, log_copy), (programme, prog_copy)),
                        )
                    )
                for label, argv, reset in todo:
                    for mode in modes:
                        say(
                            f"x{size:<4} log {entries:>6}  cache {mode:<4}  avp {label} ...",
                            end=" ",
                        )
                        cache = work / "cache" if mode == "warm" else None
                        timing = Timing(f"avp {label}", f"x{size}", f"{entries:,}", mode)
                        measure(timing, [*avp, *argv], case, args, cache=cache, reset=reset)
                        say(timing.note or summary(timing))
                        rows.append(timing)
    return floor, rows, notes


def summary(timing: Timing) -> str:
    memory = f", {timing.peak_mib:.1f} MiB" if timing.peak_mib is not None else ""
    return (
        f"median {_fmt(timing.median)} s, min {_fmt(timing.best)} s{memory} "
        f"({len(timing.seconds)} run{'s' if len(timing.seconds) != 1 else ''})"
    )


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


HEAD = ["programme", "log entries", "cache", "command", "runs", "median s", "min s", "x floor"]
HEAD += ["RSS MiB"]
RIGHT = {1, 4, 5, 6, 7, 8}


def table(floor: Timing, rows: list[Timing], markdown: bool) -> str:
    base = floor.median
    body = []
    for row in [floor, *rows]:
        ratio = row.median / base if row.median is not None and base else None
        memory = _fmt(row.peak_mib, 1) if HAVE_WAIT4 else "n/a"
        if row.note:
            body.append([row.size, row.log, row.cache, row.label, "", row.note, "", "", ""])
        else:
            cells = [str(len(row.seconds)), _fmt(row.median), _fmt(row.best), _fmt(ratio, 1)]
            body.append([row.size, row.log, row.cache, row.label, *cells, memory])
    if markdown:
        align = ["--:" if i in RIGHT else "---" for i in range(len(HEAD))]
        return "\n".join("| " + " | ".join(cells) + " |" for cells in [HEAD, align, *body]) + "\n"
    widths = [max(len(r[i]) for r in [HEAD, *body]) for i in range(len(HEAD))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in RIGHT else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(HEAD), rule, *(line(r) for r in body)]) + "\n"


def revision() -> str:
    """`` at <commit>`` (``+`` when the work tree has changes), or ``''`` outside git."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "avp"],
            capture_output=True,
            text=True,
            cwd=HERE,
        )
    except OSError:
        return ""
    if head.returncode != 0:
        return ""
    return f" at {head.stdout.strip()}{'+' if dirty.stdout.strip() else ''}"


def describe(args: argparse.Namespace) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        avp_version = version("avp")
    except PackageNotFoundError:
        avp_version = "?"
    where = revision()
    if os.environ.get("PYTHONPATH"):
        where = f" from PYTHONPATH={os.environ['PYTHONPATH']}"
    return (
        f"avp {avp_version}{where}, Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()} ({os.cpu_count()} CPUs); {args.repeat} cold processes per row "
        f"after 1 warm-up (rows slower than {args.slow:g} s: 1 run); wall "
        "time; x1 = the bundled programme (104 measures), x10 = 1,040, x100 = 10,400."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="where generate.py wrote the programmes"
    )
    parser.add_argument(
        "--sizes",
        type=int_list,
        default=list(DEFAULT_SIZES),
        help="programme sizes to run, e.g. 1,10,100",
    )
    parser.add_argument(
        "--logs",
        type=int_list,
        default=list(DEFAULT_LOGS),
        help="progress log sizes to run, e.g. 10,10000,100000",
    )
    parser.add_argument("--repeat", type=int, default=None, help="timed runs per row (7)")
    parser.add_argument("--quick", action="store_true", help="3 timed runs per row")
    parser.add_argument(
        "--cache",
        choices=["off", "warm", "both"],
        default="both",
        help="avp's cache: off, warm, or a row for each (default)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds before a run is killed and its row marked 'timed out' (300)",
    )
    parser.add_argument(
        "--slow",
        type=float,
        default=20.0,
        help="rows whose warm-up run takes longer than this many seconds are timed once: "
        "that run is the measurement (20)",
    )
    parser.add_argument(
        "--bundled",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time avp list on the bundled programme, as a user runs it (default: yes)",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="print a markdown table on stdout (progress goes to stderr)",
    )
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 3 if args.quick else 7
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    floor, rows, notes = benchmark(args)
    output = table(floor, rows, args.markdown)
    print(f"\n{describe(args)}\n\n{output}")
    for note in notes:
        print(f"- {note}" if args.markdown else f"note: {note}")
    return 1 if any(row.note for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
