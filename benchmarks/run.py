"""Time avp commands as cold processes, interleaved, against the start-up floor; write a table.

Every run starts a fresh interpreter (``subprocess``), the way a user or a pre-commit hook
runs avp. Before anything is timed the bytecode of avp and of site-packages is compiled
(``python -m compileall -q``) and every child runs without ``PYTHONDONTWRITEBYTECODE``, as
an installed avp runs: a run that compiles avp's modules first measures the compiler.

Rows, in groups (``--only``):

* ``startup``: the programme bundled with avp (``data/programma-2021-2022.yaml``), copied to
  a temporary folder with a log (a copy of the log it names when there is one, else a
  generated log of ``--bundled-log`` entries), avp's cache warm: ``avp list --partner
  politie --format json`` (target 1.3x the floor), the same as a table (1.9x), ``avp
  --version`` (1.1x) and ``avp --help`` (1.9x);
* ``scale``: 100x the bundled programme (10,400 measures) with 100,000 progress entries
  (``generate.py``), warm and cold: ``list --partner politie --format json``, ``targets
  --format json``, ``validate``, ``report --format json`` and ``progress add`` (targets warm:
  list, targets and validate under 0.6 s, report under 1.2 s, add under 0.4 s; cold: every
  command under 2.5 s; every command under 200 MiB peak memory);
* ``workspace``: the 342 programmes of ``generate_workspace.py``, warm: ``list --partner
  politie`` as json and as a table and ``report --partner politie --format json`` (under 2 s)
  and ``export sqlite`` (under 10 s);
* ``sizes``: the older matrix of ``--sizes`` x ``--logs`` (list, report, validate, progress
  add; no targets); chosen when ``--sizes`` or ``--logs`` is given without ``--only``. Its
  medians also give the per-unit costs (``units.py``): milliseconds per 1,000 measures and
  per 10,000 entries of each command, and whether the cost is linear in them.

The floor (``python -c "import typer, pydantic, ruamel.yaml"``: what any CLI on this stack
pays before doing anything) and three reference programs are timed with every selection:
one pydantic model, a two-command Typer app given the options of ``avp list`` (the
*Typer-app reference*), and importing avp's models alone.

Each row is run once untimed (to warm the disk cache, fill avp's cache and check that the
command works). Then come the rounds: each round runs every row once, in a shuffled order
(``--seed``), so that whatever else the machine does hits every row alike. A row takes part
in as many rounds as its group has (``--rounds``; by default start-up 40, scale and
workspace 5, sizes 7); the floor and the references in the most. The table shows per row
the median and the minimum wall time, the median as a multiple of the floor's median and of
the Typer-app reference's, the target and whether the median meets it, and the peak memory:
the command's peak resident memory (``ru_maxrss`` from ``os.wait4``; ``n/a`` on Windows;
on Linux the commands are started by ``spawner.py``, a small process of their own, since
Linux counts a child's peak from what the process that started it held, and this one
holds the generated data),
or, where a row with a memory target runs a second process (a large log read ahead,
``avp.storage.ahead``), what both hold together if that is more: their proportional set
sizes summed, sampled every few milliseconds in one more, untimed run (Linux). A row whose warm-up
took longer than ``--slow`` seconds is timed once (without a cache the warm-up is its
measurement); a run longer than ``--timeout`` is killed.

``warm`` rows use a private cache folder (owner-only) that the warm-up filled; ``cold``
rows run with ``AVP_NO_CACHE=1`` (the first run after a file changed). ``--cache`` chooses
them for the scale and sizes groups; start-up and workspace rows are warm. The user's own
cache is never touched. ``progress add`` works on copies of its own (warm: reset before the
warm-up only, so each run appends to what the previous one left, as in use; cold: reset
before every run), so that it does not change the files the other rows read.

The table is written as Markdown to ``--out`` (default ``benchmarks/results.md``) with a
header: the date (UTC), the machine, Python, avp's commit, the versions of typer and
pydantic and the command line that produced it; and printed. ``--readme`` also puts it
into README.md, between the lines ``<!-- benchmark-results:start -->`` and
``<!-- benchmark-results:end -->``.

Usage (from the repository root; missing generated data is generated first)::

    python benchmarks/run.py                            # start-up, scale, workspace
    python benchmarks/run.py --only startup --rounds 40 # the start-up rows only
    python benchmarks/run.py --only scale,workspace --rounds 5
    python benchmarks/run.py --sizes 1,10,100           # the older size matrix
    python benchmarks/run.py --markdown > note.md       # the Markdown also on stdout
    python benchmarks/run.py --readme                   # and into README.md's section

To time a fixed commit while the work tree changes, export it and put it first on the
path: ``git archive HEAD avp | tar -x -C /tmp/snap`` then
``PYTHONPATH=/tmp/snap python benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import importlib.util
import marshal
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (a sibling script, not a package)
import units  # noqa: E402
from generate import (  # noqa: E402
    DEFAULT_LOGS,
    DEFAULT_OUT,
    DEFAULT_SIZES,
    avp_command,
    int_list,
    log_name,
    programme_name,
)

DEFAULT_RESULTS = HERE / "results.md"
README_START = "<!-- benchmark-results:start -->"
README_END = "<!-- benchmark-results:end -->"
GROUPS = ("startup", "scale", "workspace", "sizes")
DEFAULT_ROUNDS = {"startup": 40, "scale": 5, "workspace": 5, "sizes": 7}
SCALE_SIZE = 100  # x the bundled programme
SCALE_LOG = 100_000  # progress entries
WORKSPACE_COUNT = 342  # programmes
BUNDLED_LOG = 100  # entries of the log generated for the bundled programme when it has none
SEED = 18  # the issue

MEASURE = "1.1.1"  # exists in every generated programme
PROGRESS_DATE = "2022-06-01"  # inside the programme period, not in the future
FLOOR_LABEL = "floor: import typer, pydantic, ruamel.yaml"
FLOOR = [sys.executable, "-c", "import typer, pydantic, ruamel.yaml"]
# What any program on this stack pays beyond the floor before it does its own work: one
# pydantic model (the first model imports pydantic's schema machinery), and a Typer app
# with two commands, one of them given the options of ``avp list``.
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
TYPER_LABEL = "reference: Typer app, 2 commands, list --partner politie --format json"
REFERENCES = [
    ("reference: floor + one pydantic model", [sys.executable, "-c", ONE_MODEL]),
    (
        TYPER_LABEL,
        [sys.executable, "-c", TRIVIAL_TYPER, "list", "--partner", "politie", "--format", "json"],
    ),
    (
        "reference: python -c 'import avp.programme.models'",
        [sys.executable, "-c", "import avp.programme.models"],
    ),
]
HAVE_WAIT4 = hasattr(os, "wait4")
# "avp: warning: not using the cache folder: ..." (a warm row then runs cold), not the
# "0 warning(s)" of validate's summary.
WARNING = re.compile(r"\b(warning|error)\b\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """A limit on a row's median: ``x`` the floor's median, or ``s`` seconds."""

    limit: float
    unit: str  # "x" or "s"
    inclusive: bool  # "at most" (≤) rather than "under" (<)

    def judge(self, value: float) -> tuple[str, bool]:
        met = value <= self.limit if self.inclusive else value < self.limit
        sign = "≤" if self.inclusive else "<"
        if self.unit == "x":
            text = f"{value:.2f}x {sign} {self.limit:g}x"
        else:
            text = f"{value:.2f} s {sign} {self.limit:g} s"
        return f"{text} {'✓' if met else '✗'}", met


def at_most_x(limit: float) -> Target:
    return Target(limit, "x", inclusive=True)


def under_s(limit: float) -> Target:
    return Target(limit, "s", inclusive=False)


MEMORY_LIMIT_MIB = 200.0  # issue 18: every command at 100x under 200 MiB


@dataclass
class Timing:
    label: str
    group: str = "reference"
    data: str = ""
    cache: str = ""
    argv: list[str] = field(default_factory=list)
    cwd: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    reset: tuple[tuple[Path, Path], ...] = ()
    reset_each_run: bool = False
    rounds: int = 1
    target: Target | None = None
    memory_limit: float | None = None  # MiB
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    slow: bool = False
    note: str = ""
    stderr: str = ""  # the first warning any successful run wrote on stderr
    units: tuple[int, int] | None = None  # the sizes group: (measures, entries)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def best(self) -> float | None:
        return min(self.seconds) if self.seconds else None

    tree_kib: int | None = None  # both processes' PSS summed, when it had a child

    @property
    def peak_mib(self) -> float | None:
        peaks = [*self.rss_kib, *([self.tree_kib] if self.tree_kib is not None else [])]
        return max(peaks) / 1024 if peaks else None

    def wants_more(self) -> bool:
        if self.note:
            return False
        if self.slow and self.seconds:
            return False  # slower than --slow: one timed run is the measurement
        return len(self.seconds) < self.rounds


@dataclass
class Run:
    seconds: float
    rss_kib: int | None
    code: int | None  # None: killed after the timeout
    stderr: str


def child_env(cache: Path | None) -> dict[str, str]:
    """No colour, no AVP_FILE, bytecode written and read; avp's cache in ``cache``, or off
    when it is None."""
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    for name in (
        "AVP_FILE",
        "AVP_DEBUG",
        "GITHUB_ACTIONS",
        "AVP_NO_CACHE",
        "AVP_CACHE_DIR",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    if cache is None:
        env["AVP_NO_CACHE"] = "1"
    else:
        env["AVP_CACHE_DIR"] = str(cache)
    return env


class Spawner:
    """``spawner.py``, started once: it starts the commands, so that their peak RSS is
    their own and not at least this process's (Linux counts a child's peak from what the
    process that started it held; this one holds the generated data)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="avp-bench-"))
        self.proc = subprocess.Popen(
            [sys.executable, "-S", str(HERE / "spawner.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        atexit.register(self.close)

    def run(self, argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
        out, err = self.folder / "stdout", self.folder / "stderr"
        request = marshal.dumps((argv, str(cwd), env, timeout, str(out), str(err)))
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(len(request).to_bytes(8, "little") + request)
        self.proc.stdin.flush()
        size = self.proc.stdout.read(8)
        if len(size) < 8:
            raise OSError("the spawner stopped")
        seconds, rss, code = marshal.loads(self.proc.stdout.read(int.from_bytes(size, "little")))
        stderr = err.read_bytes().decode("utf-8", "replace") if err.exists() else ""
        return Run(seconds, rss, code, stderr)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_spawners: list[Spawner] = []


def spawner() -> Spawner | None:
    """The spawner of this run (started on first use), on Linux; None elsewhere: the
    commands are started from here (macOS counts a child's peak from its own start)."""
    if sys.platform != "linux" or not HAVE_WAIT4:
        return None
    if not _spawners:
        _spawners.append(Spawner())
    return _spawners[0]


def run_once(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """One cold process: wall time, peak RSS, exit code (None when killed), stderr."""
    started_by = spawner()
    if started_by is not None:
        with contextlib.suppress(OSError):  # the spawner is gone: start it from here
            return started_by.run(argv, cwd, env, timeout)
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


HAVE_CHILDREN_LISTS = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()


def _pss_kib(pid: int) -> int:
    """A process's proportional set size: its own pages, and its share of the pages it
    shares with others (a forked child's with its parent), so that the PSS of several
    processes adds up to what they hold together."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii").splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
        return [int(child) for child in listed.split()]
    except (OSError, ValueError):
        return []


def reset(row: Timing) -> None:
    """Copy the row's files back to how its data has them (``progress add`` changes them)."""
    for source, target in row.reset:
        shutil.copyfile(source, target)


def tree_peak_kib(row: Timing, timeout: float) -> int | None:
    """Run ``row`` once more, untimed, and sample every few milliseconds what it and its
    child processes hold together (PSS summed) while it has a child; None when it had
    none. ``ru_maxrss`` is one process's peak: a command that reads a large log in a
    second process (avp.storage.ahead) holds memory in two."""
    reset(row)
    proc = subprocess.Popen(
        row.argv,
        cwd=row.cwd or Path.cwd(),
        env=row.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak: int | None = None
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        children = _children(proc.pid)
        if children:
            held = sum(_pss_kib(pid) for pid in [proc.pid, *children])
            peak = held if peak is None else max(peak, held)
        time.sleep(0.003)
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    return peak


def attempt(row: Timing, args: argparse.Namespace, *, warm_up: bool) -> Run | None:
    """Run ``row`` once (resetting its files first when it should); None when it failed
    (``row.note`` then says how)."""
    if warm_up or row.reset_each_run:
        reset(row)
    run = run_once(row.argv, row.cwd or Path.cwd(), row.env, args.timeout)
    if run.code != 0:
        first = next((line for line in run.stderr.splitlines() if line.strip()), "")
        row.note = (
            f"timed out (> {args.timeout:g} s)"
            if run.code is None
            else f"exit {run.code}: {first[:100]}"
        )
        row.seconds.clear()
        row.rss_kib.clear()
        return None
    if not row.stderr:
        warned = (line.strip() for line in run.stderr.splitlines() if WARNING.search(line))
        row.stderr = next(warned, "")
    return run


def record(row: Timing, run: Run) -> None:
    row.seconds.append(run.seconds)
    if run.rss_kib is not None:
        row.rss_kib.append(run.rss_kib)


def interleave(
    rows: list[Timing], args: argparse.Namespace, say: Callable[..., None]
) -> tuple[int, float]:
    """Warm every row up, then run the rounds; the number of rounds and the seconds taken."""
    started = time.perf_counter()
    for row in rows:
        say(f"warm-up  {row.group:<9} {row.cache:<4} {row.label} ...", end=" ")
        run = attempt(row, args, warm_up=True)
        if run is None:
            say(row.note)
            continue
        say(f"{run.seconds:.3f} s")
        row.slow = run.seconds > args.slow
        if row.slow and row.cache != "warm":
            record(row, run)  # without a cache the slow warm-up is the measurement
    rng = random.Random(args.seed)
    rounds = 0
    while True:
        todo = [row for row in rows if row.wants_more()]
        if not todo:
            break
        rounds += 1
        rng.shuffle(todo)
        round_started = time.perf_counter()
        for row in todo:
            run = attempt(row, args, warm_up=False)
            if run is not None:
                record(row, run)
        say(
            f"round {rounds:>3}: {len(todo)} rows in {time.perf_counter() - round_started:.1f} s",
        )
    if HAVE_CHILDREN_LISTS:
        for row in rows:
            if row.memory_limit is not None and row.seconds:
                row.tree_kib = tree_peak_kib(row, args.timeout)
                if row.tree_kib is not None:
                    say(
                        f"memory   {row.group:<9} {row.cache:<4} {row.label}: two processes "
                        f"held {row.tree_kib / 1024:.1f} MiB together at most"
                    )
    return rounds, time.perf_counter() - started


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


# --- bytecode ----------------------------------------------------------------------------


def avp_locations() -> list[Path]:
    """Where the avp that the children import lives (without importing it here)."""
    spec = importlib.util.find_spec("avp")
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(p) for p in spec.submodule_search_locations]


def compile_bytecode() -> tuple[str, bool]:
    """``python -m compileall -q`` of avp and site-packages; a sentence saying so, and
    whether it succeeded."""
    paths = sysconfig.get_paths()
    folders: list[Path] = []
    for folder in [*avp_locations(), Path(paths["purelib"]), Path(paths["platlib"])]:
        if folder.is_dir() and folder not in folders:
            folders.append(folder)
    argv = [sys.executable, "-m", "compileall", "-q", *map(str, folders)]
    env = child_env(None)
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    where = ", ".join(f"`{shorten(f)}`" for f in folders)
    text = (
        f"compiled before timing with `python -m compileall -q` of {where} ({seconds:.1f} s); "
        "every child runs without `PYTHONDONTWRITEBYTECODE`"
    )
    if done.returncode != 0:
        first = next((line for line in done.stdout.splitlines() if line.strip()), "")
        text += f" (compileall exit {done.returncode}: {first[:120]})"
    return text, done.returncode == 0


def shorten(path: Path) -> str:
    """``path`` relative to the repository or the home folder when it is inside one."""
    for base, prefix in ((ROOT, ""), (Path.home(), "~/")):
        with contextlib.suppress(ValueError):
            return prefix + path.relative_to(base).as_posix()
    return path.as_posix()


# --- data --------------------------------------------------------------------------------


@contextlib.contextmanager
def quiet_stdout(markdown: bool) -> Iterator[None]:
    """The generators print; with --markdown stdout is for the table only."""
    if markdown:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    else:
        yield


def bundled_copy(folder: Path, entries: int) -> tuple[Path, str]:
    """The bundled programme in ``folder`` beside a log; its path and a description."""
    folder.mkdir()
    text, data = generate.load_bundled()
    target = folder / generate.BUNDLED.name
    target.write_text(text, encoding="utf-8")
    ids = generate.measure_ids(data)
    name = (data.get("programme") or {}).get("progress_log") or "voortgang.yaml"
    shipped = generate.BUNDLED.parent / name
    if shipped.is_file():
        shutil.copyfile(shipped, folder / name)
        log = f"its log {name}"
    else:
        rng = random.Random(SEED)
        (folder / name).write_text(generate.progress_log(ids, entries, rng), encoding="utf-8")
        log = f"a generated log of {entries} entries ({name} does not ship)"
    return target, f"bundled programme ({len(ids)} measures) with {log}"


def generated_pair(
    data: Path, size: int, entries: int, markdown: bool, say: Callable[..., None]
) -> tuple[Path, Path]:
    """The programme ``size`` times the bundled one and its log of ``entries`` entries
    that ``generate.py`` writes into ``data``; generated first when missing."""
    source = data / f"x{size}"
    programme, log = source / programme_name(entries), source / log_name(entries)
    if not programme.is_file() or not log.is_file():
        say(f"generating x{size} with {entries:,} entries into {data} ...")
        # In a process of its own: a child's peak memory (ru_maxrss) starts at its parent's
        # when it is forked, and generating makes this process large.
        script = [sys.executable, str(HERE / "generate.py"), "--out", str(data)]
        subprocess.run(
            [*script, "--sizes", str(size), "--logs", str(entries)],
            check=True,
            stdout=sys.stderr if markdown else None,
        )
    return programme, log


def scale_source(data: Path, markdown: bool, say: Callable[..., None]) -> tuple[Path, Path]:
    return generated_pair(data, SCALE_SIZE, SCALE_LOG, markdown, say)


def workspace_source(data: Path, markdown: bool, say: Callable[..., None]) -> Path:
    folder = data / "workspace"
    if not (folder / "avp.toml").is_file():
        say(f"generating the workspace of {WORKSPACE_COUNT} programmes into {folder} ...")
        script = [sys.executable, str(HERE / "generate_workspace.py"), "--out", str(folder)]
        subprocess.run(  # in a process of its own (see scale_source)
            [*script, "--count", str(WORKSPACE_COUNT)],
            check=True,
            stdout=sys.stderr if markdown else None,
        )
    return folder


def copy_pair(programme: Path, log: Path, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True)
    pair = folder / programme.name, folder / log.name
    shutil.copyfile(programme, pair[0])
    shutil.copyfile(log, pair[1])
    return pair


# --- the rows ----------------------------------------------------------------------------


def reference_rows(work: Path) -> list[Timing]:
    env = child_env(None)
    rows = [Timing(FLOOR_LABEL, argv=FLOOR, cwd=work, env=env)]
    rows += [Timing(label, argv=argv, cwd=work, env=env) for label, argv in REFERENCES]
    return rows


def startup_rows(
    work: Path, cache: Path, avp: list[str], args: argparse.Namespace
) -> tuple[list[Timing], str]:
    programme, described = bundled_copy(work / "bundled", args.bundled_log)
    env = child_env(cache)
    file_opt = ["--file", str(programme)]
    todo = [
        (
            "avp list --partner politie --format json",
            ["list", "--partner", "politie", "--format", "json", *file_opt],
            1.3,
        ),
        ("avp list --partner politie (table)", ["list", "--partner", "politie", *file_opt], 1.9),
        ("avp --version", ["--version"], 1.1),
        ("avp --help", ["--help"], 1.9),
    ]
    rows = [
        Timing(
            label,
            "startup",
            "bundled",
            "warm",
            [*avp, *argv],
            programme.parent,
            env,
            target=at_most_x(limit),
        )
        for label, argv, limit in todo
    ]
    return rows, described


def add_argv(has_date: bool) -> list[str]:
    argv = ["progress", "add", MEASURE, "--status", "on_track", "--note", "x", "--author"]
    argv += ["bench", *(["--date", PROGRESS_DATE] if has_date else [])]
    return argv


def command_rows(
    group: str,
    data: str,
    programme: Path,
    log: Path,
    case: Path,
    modes: list[str],
    cache: Path,
    avp: list[str],
    available_: tuple[set[str], bool, bool],
    targets: dict[tuple[str, str], Target] | None,
) -> list[Timing]:
    """list, targets (scale only), validate, report and progress add on copies of
    ``programme`` and ``log`` in ``case``: warm and/or cold."""
    commands, has_add, has_date = available_
    prog_copy, _ = copy_pair(programme, log, case / "read")
    file_opt = ["--file", str(prog_copy)]
    todo: list[tuple[str, list[str]]] = [
        ("list", ["list", "--partner", "politie", "--format", "json", *file_opt])
    ]
    if group == "scale" and "targets" in commands:
        todo.append(("targets", ["targets", "--format", "json", *file_opt]))
    todo.append(("validate", ["validate", *file_opt]))
    if "report" in commands:
        todo.append(("report", ["report", "--format", "json", *file_opt]))
    labels = {
        "list": "avp list --partner politie --format json",
        "targets": "avp targets --format json",
        "validate": "avp validate",
        "report": "avp report --format json",
        "add": "avp progress add",
    }
    rows: list[Timing] = []
    for mode in modes:
        env = child_env(cache if mode == "warm" else None)
        for key, argv in todo:
            rows.append(
                Timing(
                    labels[key],
                    group,
                    data,
                    mode,
                    [*avp, *argv],
                    prog_copy.parent,
                    env,
                    target=targets.get((key, mode)) if targets else None,
                    memory_limit=MEMORY_LIMIT_MIB if targets else None,
                )
            )
        if has_add:
            own_prog, own_log = copy_pair(programme, log, case / f"add-{mode}")
            rows.append(
                Timing(
                    labels["add"],
                    group,
                    data,
                    mode,
                    [*avp, *add_argv(has_date), "--file", str(own_prog)],
                    own_prog.parent,
                    env,
                    reset=((programme, own_prog), (log, own_log)),
                    reset_each_run=mode != "warm",
                    target=targets.get(("add", mode)) if targets else None,
                    memory_limit=MEMORY_LIMIT_MIB if targets else None,
                )
            )
    return rows


SCALE_TARGETS = {
    ("list", "warm"): under_s(0.6),
    ("targets", "warm"): under_s(0.6),
    ("validate", "warm"): under_s(0.6),
    ("report", "warm"): under_s(1.2),
    ("add", "warm"): under_s(0.4),
    **{(key, "off"): under_s(2.5) for key in ("list", "targets", "validate", "report", "add")},
}


_MEASURE_ID_LINE = re.compile(
    r"""^[ \t]*(?:- )?id:[ \t]*['"]?[0-9]+\.[0-9]+\.[0-9]+['"]?[ \t]*$""", re.MULTILINE
)


def measure_count(programme: Path) -> int:
    """How many measures a generated programme has: its lines ``id: F.T.M``."""
    return len(_MEASURE_ID_LINE.findall(programme.read_text(encoding="utf-8")))


def unit_points(rows: list[Timing]) -> list[units.Point]:
    """The medians of the sizes group, for :func:`units.slopes`."""
    return [
        units.Point(row.label, row.cache, row.units[0], row.units[1], median)
        for row in rows
        if row.units is not None and (median := row.median) is not None and not row.note
    ]


def workspace_rows(folder: Path, work: Path, cache: Path, avp: list[str]) -> list[Timing]:
    copy = work / "workspace"
    shutil.copytree(folder, copy)
    env = child_env(cache)
    todo = [
        (
            "avp list --partner politie --format json",
            ["list", "--partner", "politie", "--format", "json"],
            2.0,
        ),
        ("avp list --partner politie (table)", ["list", "--partner", "politie"], 2.0),
        (
            "avp report --partner politie --format json",
            ["report", "--partner", "politie", "--format", "json"],
            2.0,
        ),
        ("avp export sqlite", ["export", "sqlite", str(work / "workspace.db")], 10.0),
    ]
    return [
        Timing(
            label,
            "workspace",
            f"{WORKSPACE_COUNT} programmes",
            "warm",
            [*avp, *argv],
            copy,
            env,
            target=under_s(limit),
        )
        for label, argv, limit in todo
    ]


def benchmark(
    args: argparse.Namespace, say: Callable[..., None]
) -> tuple[list[Timing], list[str], list[str]]:
    """Every row of the chosen groups, timed; notes for the table and lines for the header."""
    avp = avp_command()
    available_ = available(avp)
    commands, has_add, _ = available_
    notes: list[str] = []
    header: list[str] = []
    if "report" not in commands:
        notes.append("`avp report` skipped: avp has no report command yet.")
    if not has_add:
        notes.append("`avp progress add` skipped: avp has no progress add command yet.")
    modes = {"off": ["off"], "warm": ["warm"], "both": ["off", "warm"]}[args.cache]
    with tempfile.TemporaryDirectory(prefix="avp-bench-") as tmp:
        work = Path(tmp)
        cache = work / "cache"
        cache.mkdir(mode=0o700)
        with contextlib.suppress(OSError):
            cache.chmod(0o700)
        rows = reference_rows(work)
        if "startup" in args.groups:
            startup, described = startup_rows(work, cache, avp, args)
            rows += startup
            header.append(f"Start-up rows: the {described}, warm cache.")
        if "scale" in args.groups:
            programme, log = scale_source(args.data, args.markdown, say)
            data = f"x{SCALE_SIZE}, {SCALE_LOG:,} entries"
            rows += command_rows(
                "scale",
                data,
                programme,
                log,
                work / "scale",
                modes,
                cache,
                avp,
                available_,
                SCALE_TARGETS,
            )
            header.append(
                f"Scale rows: {SCALE_SIZE}x the bundled programme ({programme.name}, "
                f"{programme.stat().st_size / 1e6:.1f} MB) with {SCALE_LOG:,} progress entries "
                f"({log.name}, {log.stat().st_size / 1e6:.1f} MB) from "
                f"`benchmarks/generate.py`; peak memory target < {MEMORY_LIMIT_MIB:g} MiB."
            )
        if "workspace" in args.groups:
            folder = workspace_source(args.data, args.markdown, say)
            rows += workspace_rows(folder, work, cache, avp)
            header.append(
                f"Workspace rows: the {WORKSPACE_COUNT} programmes of 100 measures of "
                "`benchmarks/generate_workspace.py` (an `avp.toml` in the working folder), "
                "warm cache."
            )
        if "sizes" in args.groups:
            for size in args.sizes:
                for entries in args.logs:
                    programme, log = generated_pair(args.data, size, entries, args.markdown, say)
                    sized = command_rows(
                        "sizes",
                        f"x{size}, {entries:,} entries",
                        programme,
                        log,
                        work / f"x{size}-{entries}",
                        modes,
                        cache,
                        avp,
                        available_,
                        None,
                    )
                    for row in sized:
                        row.units = (measure_count(programme), entries)
                    rows += sized
        most = max(args.rounds[group] for group in args.groups)
        for row in rows:
            row.rounds = most if row.group == "reference" else args.rounds[row.group]
        rounds, seconds = interleave(rows, args, say)
        entries = sum(1 for path in cache.rglob("*") if path.is_file())
    notes += [
        f"{row.label} ({row.group}, {row.cache or 'no cache'}) warned on stderr: {row.stderr[:160]}"
        for row in rows
        if row.stderr
    ]
    header.append(
        f"Method: every row run once untimed (warm-up: fills the cache, checks the command), "
        f"then {rounds} rounds; each round runs every row still due once, in a shuffled "
        f"order (seed {args.seed}); per row the median wall time of its runs. `warm`: a "
        f"private cache the warm-up filled ({entries} files in it at the end); `off`: "
        "`AVP_NO_CACHE=1`. Took "
        f"{seconds / 60:.1f} min."
    )
    return rows, notes, header


# --- the table ---------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


HEAD = ["group", "command", "data", "cache", "runs", "median s", "min s", "x floor"]
HEAD += ["x Typer app", "target", "peak MiB", "memory target"]
RIGHT = {4, 5, 6, 7, 8, 10}


def cells(rows: list[Timing]) -> tuple[list[list[str]], int, int]:
    """The table's cells; how many targets there are and how many are met."""
    floor = next(row for row in rows if row.label == FLOOR_LABEL).median
    typer_app = next(row for row in rows if row.label == TYPER_LABEL).median
    body = []
    total = met = 0
    for row in rows:
        first = [row.group, row.label, row.data, row.cache]
        if row.note or row.median is None:
            body.append([*first, "", row.note or "no runs", "", "", "", "", "", ""])
            total += (row.target is not None) + (row.memory_limit is not None)
            continue
        x_floor = row.median / floor if floor else None
        x_typer = row.median / typer_app if typer_app else None
        target = ""
        if row.target is not None:
            value = x_floor if row.target.unit == "x" else row.median
            if value is not None:
                target, ok = row.target.judge(value)
                total += 1
                met += ok
        memory = _fmt(row.peak_mib, 1) if HAVE_WAIT4 else "n/a"
        memory_target = ""
        if row.memory_limit is not None:
            total += 1
            if row.peak_mib is None:
                memory_target = f"< {row.memory_limit:g} (n/a)"
            else:
                ok = row.peak_mib < row.memory_limit
                met += ok
                memory_target = f"< {row.memory_limit:g} {'✓' if ok else '✗'}"
        body.append(
            [
                *first,
                str(len(row.seconds)),
                _fmt(row.median),
                _fmt(row.best),
                "-" if x_floor is None else f"{x_floor:.2f}x",
                "-" if x_typer is None else f"{x_typer:.2f}x",
                target,
                memory,
                memory_target,
            ]
        )
    return body, total, met


def markdown_table(body: list[list[str]], head: list[str] = HEAD, right: set[int] = RIGHT) -> str:
    align = ["--:" if i in right else "---" for i in range(len(head))]
    lines = [head, align, *body]
    return "\n".join("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in lines)


def text_table(body: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEAD, *body]) for i in range(len(HEAD))]

    def line(row: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in RIGHT else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(HEAD), rule, *(line(r) for r in body)])


# --- the header --------------------------------------------------------------------------


def git(folder: Path, *argv: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *argv], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def commit(*written: Path) -> str:
    """avp's commit: ``abc1234`` (``abc1234, dirty`` when tracked files changed, the files
    this run writes aside: a second run would otherwise call the first one's output a
    change), or why there is none."""
    locations = avp_locations()
    if not locations:
        return "avp not found"
    folder = locations[0]
    if os.environ.get("PYTHONPATH"):
        where = f" (avp from PYTHONPATH={os.environ['PYTHONPATH']})"
    else:
        where = ""
    head = git(folder, "rev-parse", "--short", "HEAD")
    top = git(folder, "rev-parse", "--show-toplevel")
    if head is None or top is None:
        return f"not a git checkout: {shorten(folder)}{where}"
    pathspec = ["."]
    for path in written:
        with contextlib.suppress(ValueError):
            relative = path.resolve().relative_to(Path(top).resolve()).as_posix()
            pathspec.append(f":(exclude){relative}")
    status = git(Path(top), "status", "--porcelain", "--untracked-files=no", "--", *pathspec)
    return f"{head}{', dirty' if status else ''}{where}"


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
        if found:
            return found.group(1).strip()
    return platform.processor() or "unknown CPU"


def load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except (AttributeError, OSError):
        return "n/a"
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("avp", "typer", "pydantic", "pydantic-core", "ruamel.yaml", "rich", "click"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} not installed")
    return ", ".join(out)


def command_line(argv: list[str]) -> str:
    script = Path(__file__)
    with contextlib.suppress(ValueError):
        script = script.resolve().relative_to(Path.cwd().resolve())
    return shlex.join(["python", script.as_posix(), *argv])


def document(
    started: dt.datetime,
    argv: list[str],
    args: argparse.Namespace,
    bytecode: str,
    load_before: str,
    body: list[list[str]],
    total: int,
    met: int,
    notes: list[str],
    header: list[str],
    per_unit: list[list[str]] | None = None,
) -> str:
    lines = [
        "# avp benchmarks",
        "",
        f"- Date (UTC): {started:%Y-%m-%d %H:%M}",
        f"- Machine: {platform.platform()}; {os.cpu_count()} cores; {cpu_model()}; "
        f"load average {load_before} before, {load()} after",
        f"- Python: {platform.python_implementation()} {platform.python_version()} "
        f"({shorten(Path(sys.executable))})",
        f"- avp commit: {commit(*[p for p in (args.results, args.readme) if p is not None])}",
        f"- Versions: {versions()}",
        f"- Command: `{command_line(argv)}`",
        f"- Bytecode: {bytecode}.",
        *(f"- {line}" for line in header),
        f"- Ratios: a row's median over the floor's median (`python {shlex.join(FLOOR[1:])}`) "
        "and "
        "over the Typer-app reference's median. Targets are issue 18's, judged on the median.",
        "",
        markdown_table(body),
        "",
        f"Targets met: {met} of {total}.",
    ]
    if per_unit:
        lines += [
            "",
            "Per-unit costs (the sizes group; `benchmarks/units.py`): the slope of a line "
            "through the medians at the fewest entries for each programme size (measures), "
            "and at the smallest programme for each log size (entries); the last column is "
            "the slope of the last step over that of the first (about 1: linear).",
            "",
            markdown_table(per_unit, units.HEAD, units.RIGHT),
        ]
    if notes:
        lines += ["", "Notes:", "", *(f"- {note}" for note in notes)]
    return "\n".join(lines) + "\n"


def paste(readme: Path, text: str) -> bool:
    """Put ``text`` (without its title) between the markers of ``readme``; False when the
    markers are not there, once each and in order."""
    current = readme.read_text(encoding="utf-8")
    start, end = current.find(README_START), current.find(README_END)
    if (
        start < 0
        or end < start
        or current.count(README_START) != 1
        or current.count(README_END) != 1
    ):
        return False
    body = text.split("\n", 1)[1].strip("\n") if text.startswith("# ") else text.strip("\n")
    pasted = f"{current[: start + len(README_START)]}\n{body}\n{current[end:]}"
    readme.write_bytes(pasted.encode("utf-8"))
    return True


# --- the command line --------------------------------------------------------------------


def rounds_spec(text: str) -> dict[str, int]:
    """``40`` (every group) or ``startup=40,scale=5``."""
    out: dict[str, int] = {}
    try:
        if "=" not in text:
            number = int(text)
            out = dict.fromkeys(GROUPS, number)
        else:
            for part in text.split(","):
                name, _, value = part.partition("=")
                if name.strip() not in GROUPS:
                    raise argparse.ArgumentTypeError(f"no group {name.strip()!r}")
                out[name.strip()] = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of rounds: {text!r}") from None
    if any(value < 1 for value in out.values()):
        raise argparse.ArgumentTypeError(f"rounds must be at least 1: {text!r}")
    return out


def groups_spec(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    wrong = [name for name in names if name not in GROUPS]
    if wrong or not names:
        raise argparse.ArgumentTypeError(
            f"groups are {', '.join(GROUPS)}: not {', '.join(wrong) or repr(text)}"
        )
    return names


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        type=groups_spec,
        action="extend",
        help="groups to run, comma-separated or repeated: startup, scale, workspace, sizes "
        "(default: startup, scale and workspace; sizes too when --sizes or --logs is given)",
    )
    parser.add_argument(
        "--rounds",
        type=rounds_spec,
        default=None,
        help="rounds per row: a number for every group, or e.g. startup=40,scale=5 "
        "(default: startup 40, scale 5, workspace 5, sizes 7)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="the Markdown file to write the table to (default: benchmarks/results.md); an "
        "existing folder is taken in the older meaning of --data",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_OUT,
        help="where generate.py and generate_workspace.py write the programmes "
        "(default: benchmarks/out); missing data is generated",
    )
    parser.add_argument(
        "--sizes",
        type=int_list,
        default=None,
        help="the sizes group: programme sizes to run, e.g. 1,10,100 (default 1,10,100)",
    )
    parser.add_argument(
        "--logs",
        type=int_list,
        default=None,
        help="the sizes group: progress log sizes to run, e.g. 10,10000,100000 "
        "(default 10,10000,100000)",
    )
    parser.add_argument("--repeat", type=int, default=None, help="the same as --rounds N")
    parser.add_argument("--quick", action="store_true", help="3 rounds for every group")
    parser.add_argument(
        "--cache",
        choices=["off", "warm", "both"],
        default="both",
        help="avp's cache in the scale and sizes groups: off, warm, or a row for each (default)",
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
        help="the start-up rows on the bundled programme (default: yes; --no-bundled leaves "
        "the startup group out)",
    )
    parser.add_argument(
        "--bundled-log",
        type=int,
        default=BUNDLED_LOG,
        help="entries of the log generated for the bundled programme when the log it names "
        f"is not shipped ({BUNDLED_LOG})",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"of the shuffle ({SEED})")
    parser.add_argument(
        "--readme",
        type=Path,
        nargs="?",
        const=ROOT / "README.md",
        default=None,
        help="also put the table (with its header) into README.md, or the file named, "
        f"between the lines {README_START} and {README_END}",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="print the Markdown on stdout too (progress goes to stderr)",
    )
    return parser


def settle(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Defaults that depend on other options, and the older meanings."""
    if args.out is not None and args.out.is_dir():
        print(
            f"note: --out {args.out} is a folder: taken as --data (its older meaning); "
            f"the table goes to {shorten(DEFAULT_RESULTS)}",
            file=sys.stderr,
        )
        args.data, args.out = args.out, None
    args.results = args.out or DEFAULT_RESULTS
    groups = args.only or ["startup", "scale", "workspace"]
    if args.only is None and (args.sizes is not None or args.logs is not None):
        groups.append("sizes")
    if not args.bundled and "startup" in groups:
        groups.remove("startup")
    args.groups = list(dict.fromkeys(groups))
    if not args.groups:
        parser.error("no group left to run")
    args.sizes = args.sizes if args.sizes is not None else list(DEFAULT_SIZES)
    args.logs = args.logs if args.logs is not None else list(DEFAULT_LOGS)
    rounds = dict(DEFAULT_ROUNDS)
    if args.quick:
        rounds = dict.fromkeys(GROUPS, 3)
    if args.repeat is not None:
        if args.repeat < 1:
            parser.error("--repeat must be at least 1")
        rounds = dict.fromkeys(GROUPS, args.repeat)
    rounds.update(args.rounds or {})
    args.rounds = rounds
    if args.bundled_log < 0:
        parser.error("--bundled-log must be 0 or more")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    cli = parser()
    args = cli.parse_args(argv)
    settle(cli, args)
    progress: TextIO = sys.stderr if args.markdown else sys.stdout
    for stream in (sys.stdout, sys.stderr):  # ✓ and ✗ on a console that is not UTF-8
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")

    def say(text: str, end: str = "\n") -> None:
        print(text, end=end, file=progress, flush=True)

    started = dt.datetime.now(dt.UTC)
    load_before = load()
    bytecode, _ = compile_bytecode()
    say(f"bytecode: {bytecode}")
    rows, notes, header = benchmark(args, say)
    body, total, met = cells(rows)
    per_unit = units.table(units.slopes(unit_points(rows)))
    text = document(
        started, argv, args, bytecode, load_before, body, total, met, notes, header, per_unit
    )
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8", newline="\n")
    say(f"\n{text_table(body)}\n\nTargets met: {met} of {total}.")
    if per_unit:
        say("\nPer-unit costs:\n" + markdown_table(per_unit, units.HEAD, units.RIGHT))
    for note in notes:
        say(f"note: {note}")
    say(f"written to {args.results}")
    failed = any(row.note for row in rows)
    if args.readme is not None:
        if paste(args.readme, text):
            say(f"pasted into {args.readme}")
        else:
            say(f"error: {args.readme} has no {README_START} ... {README_END} lines")
            failed = True
    if args.markdown:
        print(text, end="")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
