"""benchmarks/run.py: what it writes and how it schedules its runs (no timing is asserted)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "run.py"
RATIO = r"\d+\.\d\dx"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("avp_benchmark_run", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


run = _load()


def _table(text: str) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    head = [cell.strip() for cell in lines[0].strip("|").split(" | ")]
    return [
        dict(zip(head, (cell.strip() for cell in line.strip("|").split(" | ")), strict=True))
        for line in lines[2:]
    ]


@pytest.fixture(scope="module")
def startup(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """``run.py --only startup --rounds 2 --readme``, as the environment runs it (no bytecode
    written by default): the file it wrote, its stdout and the README it pasted into."""
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "results.md"
    readme = folder / "README.md"
    readme.write_text(f"# x\n\n{run.README_START}\n{run.README_END}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("AVP_CACHE_DIR", None)
    done = subprocess.run(
        [
            *[sys.executable, str(SCRIPT), "--only", "startup", "--rounds", "2"],
            *["--out", str(out), "--readme", str(readme)],
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    texts = (out.read_text(encoding="utf-8"), readme.read_text(encoding="utf-8"))
    return texts[0], done.stdout, texts[1]


def test_the_file_has_the_header(startup: tuple[str, str, str]) -> None:
    text, _, _ = startup
    assert text.startswith("# avp benchmarks\n")
    assert re.search(r"^- Date \(UTC\): \d{4}-\d\d-\d\d \d\d:\d\d$", text, re.M)
    machine = re.search(r"^- Machine: (.+)$", text, re.M)
    assert machine and f"{os.cpu_count()} cores" in machine.group(1)
    assert re.search(r"^- Python: \w+ 3\.\d+\.\d+", text, re.M)
    assert re.search(r"^- avp commit: ([0-9a-f]{7,}(, dirty)?|not a git checkout)", text, re.M)
    assert re.search(r"^- Versions: .*typer \d+\.\d+.*pydantic \d+\.\d+", text, re.M)
    assert "- Command: `python benchmarks/run.py --only startup --rounds 2 --out " in text, text
    bytecode = re.search(r"^- Bytecode: (.+)$", text, re.M)
    assert bytecode and "python -m compileall -q" in bytecode.group(1)
    assert "without `PYTHONDONTWRITEBYTECODE`" in bytecode.group(1)
    assert "shuffled order" in text
    assert re.search(r"^Targets met: \d+ of 4\.$", text, re.M)


def test_the_rows_have_medians_ratios_and_targets(startup: tuple[str, str, str]) -> None:
    text, stdout, _ = startup
    rows = {row["command"]: row for row in _table(text)}
    floor = rows[run.FLOOR_LABEL]
    assert floor["x floor"] == "1.00x"
    assert rows[run.TYPER_LABEL]["x Typer app"] == "1.00x"
    targets = {
        "avp list --partner politie --format json": "1.3x",
        "avp list --partner politie (table)": "1.9x",
        "avp --version": "1.1x",
        "avp --help": "1.9x",
    }
    for command, limit in targets.items():
        row = rows[command]
        assert (row["group"], row["data"], row["cache"], row["runs"]) == (
            "startup",
            "bundled",
            "warm",
            "2",
        )
        assert re.fullmatch(r"\d+\.\d{3}", row["median s"])
        assert re.fullmatch(RATIO, row["x floor"]) and re.fullmatch(RATIO, row["x Typer app"])
        assert re.fullmatch(rf"{row['x floor']} ≤ {re.escape(limit)} [✓✗]", row["target"])
        assert re.fullmatch(r"\d+\.\d|n/a", row["peak MiB"])
    # The references run in as many rounds as the most of any group.
    assert {rows[label]["runs"] for label, _ in run.REFERENCES} == {"2"}
    assert run.TYPER_LABEL in stdout and "Targets met:" in stdout


def test_the_readme_gets_the_same_table(startup: tuple[str, str, str]) -> None:
    text, stdout, readme = startup
    pasted = readme.split(f"{run.README_START}\n")[1].split(f"\n{run.README_END}")[0]
    assert pasted == text.removeprefix("# avp benchmarks\n\n").rstrip("\n")
    assert readme.startswith("# x\n\n") and "pasted into" in stdout


def test_children_write_and_read_bytecode_and_use_a_private_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    warm = run.child_env(tmp_path)
    cold = run.child_env(None)
    assert "PYTHONDONTWRITEBYTECODE" not in warm and "PYTHONDONTWRITEBYTECODE" not in cold
    assert warm["AVP_CACHE_DIR"] == str(tmp_path) and "AVP_NO_CACHE" not in warm
    assert cold["AVP_NO_CACHE"] == "1" and "AVP_CACHE_DIR" not in cold


def test_rounds_interleave_every_row(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each round runs every row still due once, in an order that changes; a row runs as
    many rounds as its group has."""
    order: list[str] = []

    def fake(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> object:
        order.append(argv[0])
        return run.Run(0.01, 1024, 0, "")

    monkeypatch.setattr(run, "run_once", fake)
    rows = [run.Timing(name, argv=[name], cwd=tmp_path, rounds=6) for name in "abcd"]
    rows.append(run.Timing("slow group", argv=["e"], cwd=tmp_path, rounds=2))
    args = argparse.Namespace(timeout=10.0, slow=20.0, seed=1)
    rounds, _ = run.interleave(rows, args, lambda *a, **k: None)
    assert rounds == 6
    warm_up, timed = order[:5], order[5:]
    assert warm_up == ["a", "b", "c", "d", "e"]
    assert [len(row.seconds) for row in rows] == [6, 6, 6, 6, 2]
    first_two = [timed[:5], timed[5:10]]
    assert all(sorted(chunk) == ["a", "b", "c", "d", "e"] for chunk in first_two)
    later = [timed[10 + 4 * i : 14 + 4 * i] for i in range(4)]
    assert all(sorted(chunk) == ["a", "b", "c", "d"] for chunk in later)
    assert len({tuple(chunk) for chunk in [*first_two, *later]}) > 1  # shuffled, not fixed


def test_a_failing_row_is_reported_not_timed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def fake(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> object:
        return run.Run(0.01, None, 2 if argv == ["bad"] else 0, "Error: no such file\n")

    monkeypatch.setattr(run, "run_once", fake)
    rows = [
        run.Timing(run.FLOOR_LABEL, argv=["floor"], cwd=tmp_path, rounds=2),
        run.Timing(run.TYPER_LABEL, argv=["typer"], cwd=tmp_path, rounds=2),
        run.Timing(
            "bad", "startup", argv=["bad"], cwd=tmp_path, rounds=2, target=run.at_most_x(1.3)
        ),
    ]
    args = argparse.Namespace(timeout=10.0, slow=20.0, seed=1)
    run.interleave(rows, args, lambda *a, **k: None)
    assert rows[2].note == "exit 2: Error: no such file" and rows[2].seconds == []
    body, total, met = run.cells(rows)
    assert body[2][5] == "exit 2: Error: no such file"
    assert (total, met) == (1, 0)


def test_targets_are_judged_on_the_median() -> None:
    assert run.at_most_x(1.3).judge(1.3) == ("1.30x ≤ 1.3x ✓", True)
    assert run.at_most_x(1.3).judge(1.31) == ("1.31x ≤ 1.3x ✗", False)
    assert run.under_s(0.6).judge(0.6) == ("0.60 s < 0.6 s ✗", False)
    assert run.under_s(0.6).judge(0.52) == ("0.52 s < 0.6 s ✓", True)


def test_options(tmp_path: Path) -> None:
    cli = run.parser()

    def settled(*argv: str) -> argparse.Namespace:
        args: argparse.Namespace = cli.parse_args(list(argv))
        run.settle(cli, args)
        return args

    default = settled()
    assert default.groups == ["startup", "scale", "workspace"]
    assert default.rounds == {"startup": 40, "scale": 5, "workspace": 5, "sizes": 7}
    assert default.results == run.DEFAULT_RESULTS
    assert settled("--sizes", "1,10").groups == ["startup", "scale", "workspace", "sizes"]
    assert (
        settled("--only", "scale,workspace", "--rounds", "startup=40,scale=3").rounds["scale"] == 3
    )
    assert settled("--only", "startup", "--only", "scale").groups == ["startup", "scale"]
    assert set(settled("--repeat", "4").rounds.values()) == {4}
    assert set(settled("--quick").rounds.values()) == {3}
    # --out naming a folder keeps its older meaning: where generate.py wrote the data.
    older = settled("--out", str(tmp_path))
    assert older.data == tmp_path and older.results == run.DEFAULT_RESULTS
    with pytest.raises(SystemExit):
        settled("--only", "nothing")
    with pytest.raises(SystemExit):
        settled("--rounds", "0")


def test_the_table_is_pasted_between_the_readme_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    before, after = "## Speed\n\nText.\n\n", "\n\nMore text.\n"
    readme.write_text(
        f"{before}{run.README_START}\nold table\n{run.README_END}{after}", encoding="utf-8"
    )
    first = "# avp benchmarks\n\n- Date (UTC): 2026-12-03 13:00\n\n| a |\n| --- |\n| 1 |\n"
    assert run.paste(readme, first)
    expected = (
        f"{before}{run.README_START}\n- Date (UTC): 2026-12-03 13:00\n\n| a |\n| --- |\n"
        f"| 1 |\n{run.README_END}{after}"
    )
    assert readme.read_text(encoding="utf-8") == expected
    assert run.paste(readme, first.replace("13:00", "14:00"))
    assert "14:00" in readme.read_text(encoding="utf-8")
    assert "13:00" not in readme.read_text(encoding="utf-8")
    readme.write_text("no markers\n", encoding="utf-8")
    assert not run.paste(readme, first)
    assert readme.read_text(encoding="utf-8") == "no markers\n"


def test_progress_add_writes_its_own_copies(tmp_path: Path) -> None:
    """The scale rows: add appends to copies of its own, so the files the other rows read
    stay as generated (and their cache warm); warm add is reset before its warm-up only."""
    programme, log = tmp_path / "p.yaml", tmp_path / "log.yaml"
    programme.write_text("programme\n", encoding="utf-8")
    log.write_text("entries: []\n", encoding="utf-8")
    commands = {"list", "targets", "validate", "report", "progress"}
    rows = run.command_rows(
        "scale",
        "data",
        programme,
        log,
        tmp_path / "case",
        ["off", "warm"],
        tmp_path / "cache",
        ["avp"],
        (commands, True, True),
        run.SCALE_TARGETS,
    )
    assert [(row.label.split()[1], row.cache) for row in rows] == [
        (name, cache)
        for cache in ("off", "warm")
        for name in ("list", "targets", "validate", "report", "progress")
    ]
    readers = {row.cwd for row in rows if row.label != "avp progress add"}
    adds = {row.cache: row for row in rows if row.label == "avp progress add"}
    assert readers == {tmp_path / "case" / "read"}
    assert adds["warm"].cwd == tmp_path / "case" / "add-warm"
    assert adds["off"].cwd == tmp_path / "case" / "add-off"
    assert adds["off"].reset_each_run and not adds["warm"].reset_each_run
    assert {source for source, _ in adds["warm"].reset} == {programme, log}
    assert all(target.parent == adds["warm"].cwd for _, target in adds["warm"].reset)
    assert "--date" in adds["warm"].argv
    assert adds["warm"].target == run.under_s(0.4) and adds["off"].target == run.under_s(2.5)
    assert all(row.memory_limit == 200 for row in rows)
    assert all(row.env.get("AVP_NO_CACHE") == "1" for row in rows if row.cache == "off")
    assert all(
        row.env.get("AVP_CACHE_DIR") == str(tmp_path / "cache")
        for row in rows
        if row.cache == "warm"
    )


def test_a_warning_on_stderr_is_noted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A cache avp does not trust makes a warm row cold without failing it: say so."""
    said = {
        "validate": "2 files checked: 0 error(s), 0 warning(s)\n",
        "list": "avp: warning: not using the cache folder: /c may be written by others\n",
    }

    def fake(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> object:
        return run.Run(0.01, None, 0, said[argv[0]])

    monkeypatch.setattr(run, "run_once", fake)
    rows = [run.Timing(name, argv=[name], cwd=tmp_path, rounds=1) for name in said]
    run.interleave(rows, argparse.Namespace(timeout=10.0, slow=20.0, seed=1), lambda *a, **k: None)
    assert rows[0].stderr == ""
    assert rows[1].stderr.startswith("avp: warning: not using the cache folder")


@pytest.mark.skipif(not run.HAVE_CHILDREN_LISTS, reason="needs /proc/PID/task/PID/children")
def test_memory_of_a_command_with_a_child_process_is_both_processes() -> None:
    """ru_maxrss is one process's peak; a command that forks holds memory in two, and the
    table shows what they hold together."""
    forks = (
        "import os, time\n"
        "pid = os.fork()\n"
        "block = bytearray(40 << 20)\n"  # each touches 40 MiB of its own
        "for i in range(0, len(block), 4096): block[i] = 1\n"
        "time.sleep(0.4)\n"
        "os._exit(0) if pid == 0 else os.waitpid(pid, 0)\n"
    )
    row = run.Timing("forks", argv=[sys.executable, "-c", forks], env=dict(os.environ))
    held = run.tree_peak_kib(row, timeout=30)
    assert held is not None and held > 80 << 10
    row.rss_kib = [50 << 10]
    row.tree_kib = held
    assert row.peak_mib == held / 1024
    alone = run.Timing("alone", argv=[sys.executable, "-c", "pass"], env=dict(os.environ))
    assert run.tree_peak_kib(alone, timeout=30) is None


linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the spawner is for Linux")


@linux_only
def test_a_command_s_peak_is_its_own_not_the_runner_s(tmp_path: Path) -> None:
    """Linux counts a child's peak from what the process that started it held: the
    runner (which holds the generated data) starts the commands through a small process."""
    held = bytearray(200 << 20)
    held[::4096] = b"\x01" * len(held[::4096])  # resident, not only reserved
    small = run.run_once([sys.executable, "-c", "pass"], tmp_path, dict(os.environ), 30)
    large = run.run_once(
        [sys.executable, "-c", "b = bytearray(120 << 20); b[::4096] = b'1' * len(b[::4096])"],
        tmp_path,
        dict(os.environ),
        30,
    )
    del held
    assert small.code == 0 and small.rss_kib is not None and small.rss_kib < 60 << 10
    assert large.code == 0 and large.rss_kib is not None and large.rss_kib > 120 << 10


@linux_only
def test_the_spawner_reports_exit_codes_errors_and_timeouts(tmp_path: Path) -> None:
    env = dict(os.environ)
    failed = run.run_once(
        [sys.executable, "-c", "import os, sys; print(os.getcwd()); sys.exit('no')"],
        tmp_path,
        env,
        30,
    )
    assert (failed.code, failed.stderr) == (1, "no\n")
    slow = run.run_once([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path, env, 0.5)
    assert slow.code is None and slow.seconds < 10
    missing = run.run_once([str(tmp_path / "nothing")], tmp_path, env, 30)
    assert missing.code == 127 and "cannot start" in missing.stderr
