"""Time ``avp.export.sqlite.export_sqlite`` on a region's worth of programmes.

Writes ``--programmes`` (default 342: every Dutch municipality) copies of the bundled
programme (104 measures each) into a temporary folder, each with another municipality's
name and a progress log of ``--entries`` entries (default 36: statuses, counts and values,
written by avp's own writer), opens them as :class:`avp.project.Project` and times:

* ``open``: reading and validating every programme and log (avp's cache warm: a private
  cache folder that a first round filled);
* ``export``: :func:`export_sqlite` of all of them into one file (statuses, targets, rows,
  the database, the atomic write), with the projects opened;
* ``total``: both, as ``avp export sqlite`` on a workspace does them;
* ``export cpu``: the processor time of ``export`` (less sensitive to other work on a
  shared machine than the wall time).

Each is run ``--repeat`` times after one untimed round (warm disk cache, bytecode compiled:
run without ``PYTHONDONTWRITEBYTECODE``); the median and the minimum are shown, with the
file's size, the peak resident memory of this process and the load of the machine
(``os.getloadavg``), since other work on it makes every figure noisy.

    python benchmarks/export_sqlite.py
    python benchmarks/export_sqlite.py --programmes 20 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "programma-2021-2022.yaml"
SEED = 342
AS_OF = dt.date(2022, 6, 30)
#: Logs written; programme n gets log n modulo this (writing entries one by one is slow).
DISTINCT_LOGS = 24


def generate(folder: Path, programmes: int, entries: int) -> list[Path]:
    """``programmes`` copies of the bundled programme, each in a folder of its own with a
    log of ``entries`` entries; their paths."""
    from avp.programme.load import load_programme
    from avp.programme.status import Status

    text = BUNDLED.read_text(encoding="utf-8")
    programme = load_programme(BUNDLED)
    measures = [m for _, _, m in programme.measures()]
    log_name = programme.programme.progress_log or "voortgang.yaml"
    period = programme.programme.period
    statuses = [Status.on_track, Status.at_risk, Status.done, Status.off_track]
    rng = random.Random(SEED)
    paths = []
    logs: list[str] = []
    for n in range(1, programmes + 1):
        place = folder / f"gemeente-{n:03d}"
        place.mkdir(parents=True)
        name = f"Gemeente {n:03d}"
        copy = text.replace("  municipality: Westvoorne\n", f"  municipality: {name}\n", 1)
        (place / BUNDLED.name).write_text(copy, encoding="utf-8")
        if n <= DISTINCT_LOGS:  # writing entries is slow; the other logs repeat these
            logs.append(_log(measures, period, entries, statuses, rng))
        (place / log_name).write_text(logs[(n - 1) % len(logs)], encoding="utf-8")
        paths.append(place / BUNDLED.name)
    return paths


def _log(
    measures: list[Any], period: Any, entries: int, statuses: list[Any], rng: random.Random
) -> str:
    """A log of ``entries`` random entries (statuses, counts, values) for ``measures``."""
    from avp.progress.models import Entry, new_entry_id
    from avp.progress.write import entry_yaml

    days = (period.end - period.start).days
    lines = []
    for _ in range(entries):
        measure = rng.choice(measures)
        day = period.start + dt.timedelta(days=rng.randrange(days + 1))
        figures: dict[str, object] = {}
        target = rng.choice(measure.targets) if measure.targets and rng.random() < 0.5 else None
        if target is not None:
            takes = target.takes()
            figures["target"] = target.id
            if "count" in takes:
                figures["count"] = rng.randrange(1, 4)
            if "value" in takes:
                figures["value"] = float(rng.randrange(1, 100))
        else:
            status = rng.choice(statuses)
            figures["status"] = status
            if status.needs_correction:
                figures["correction"] = "Extra overleg."
        entry = Entry(
            id=new_entry_id(),
            measure=measure.id,
            date=day,
            note="Voortgang",
            author="Benchmark",
            **figures,  # type: ignore[arg-type]
        )
        lines.append(entry_yaml(entry))
    return "entries:\n" + "".join(lines)


def peak_memory_mib() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programmes", type=int, default=342)
    parser.add_argument("--entries", type=int, default=36, help="entries per log")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="avp-export-bench-") as temp:
        base = Path(temp)
        os.environ["AVP_CACHE_DIR"] = str(base / "cache")  # never the user's cache
        from avp.export.sqlite import export_sqlite
        from avp.project import Project

        started = time.perf_counter()
        paths = generate(base / "programmes", args.programmes, args.entries)
        print(
            f"generated {len(paths)} programmes with {args.entries} entries each "
            f"in {time.perf_counter() - started:.1f} s"
        )
        out = base / "out" / "avp.db"
        out.parent.mkdir()

        def opened() -> list[Project]:
            projects = [Project.open(p) for p in paths]
            for project in projects:
                _ = project.log  # read and validated here, not inside the export
            return projects

        times: dict[str, list[float]] = {"open": [], "export": [], "total": [], "export cpu": []}
        summary = None
        for round_ in range(args.repeat + 1):
            t0 = time.perf_counter()
            projects = opened()
            t1, c1 = time.perf_counter(), time.process_time()
            summary = export_sqlite(projects, out, as_of=AS_OF)
            t2, c2 = time.perf_counter(), time.process_time()
            if round_:  # the first round warms the caches
                times["open"].append(t1 - t0)
                times["export"].append(t2 - t1)
                times["total"].append(t2 - t0)
                times["export cpu"].append(c2 - c1)
        assert summary is not None
        counts = ", ".join(f"{k} {v:,}" for k, v in summary.counts.items())
        print(f"rows: {counts}")
        print(f"file: {summary.size / 2**20:.1f} MiB")
        for what, found in times.items():
            print(
                f"{what:>10}: median {statistics.median(found):.2f} s, "
                f"min {min(found):.2f} s ({len(found)} runs)"
            )
        memory = peak_memory_mib()
        if memory is not None:
            print(f"peak memory: {memory:.0f} MiB")
        if hasattr(os, "getloadavg"):
            print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpu(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
