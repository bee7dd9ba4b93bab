"""Write synthetic programmes and progress logs for the benchmarks in ``benchmarks/run.py``.

For every size (1x, 10x, 100x the bundled programme: about 100, 1,000 and 10,000 measures)
and every log size (10, 10,000 and 100,000 entries) it writes, under the output directory::

    x10/programma-log10000.yaml    the programme, with  progress_log: voortgang-10000.yaml
    x10/voortgang-10000.yaml       its progress log

The 1x programme is the bundled file itself with only its ``progress_log`` line changed. The
larger ones repeat the bundled fields (10x: 50 fields, 100x: 500 fields) with ids that match
their place (field ``F``, theme ``F.T``, measure ``F.T.M``) and slightly varied texts; the
partner registry, glossary and introduction are kept. The output is reproducible: the
random generator has a fixed seed.

Usage (from the repository root)::

    python benchmarks/generate.py                  # all sizes into benchmarks/out/
    python benchmarks/generate.py --sizes 1,10 --logs 10,10000
    python benchmarks/generate.py --check          # also run `avp validate` on each programme
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUNDLED = ROOT / "data" / "programma-2021-2022.yaml"
DEFAULT_OUT = HERE / "out"
DEFAULT_SIZES = (1, 10, 100)
DEFAULT_LOGS = (10, 10_000, 100_000)
SEED = 20210317  # the day the college adopted the programme

PERIOD_START = dt.date(2021, 1, 1)
PERIOD_END = dt.date(2022, 12, 31)

# Relative to benchmarks/out/xN/: the schemas live at the repository root.
PROGRAMME_SCHEMA = "# yaml-language-server: $schema=../../../schemas/programme.schema.json\n"
PROGRESS_SCHEMA = "# yaml-language-server: $schema=../../../schemas/progress.schema.json\n"

# Small additions that make repeated texts differ from each other.
VARIATIONS = (
    "In overleg met de wijkagent.",
    "Met aandacht voor de kernen Rockanje en Oostvoorne.",
    "Afstemming in het AVO.",
    "Voortzetting van de aanpak uit het vorige actieprogramma.",
    "In samenhang met de regionale aanpak.",
    "Met terugkoppeling aan de raad.",
    "Waar mogelijk samen met inwoners.",
    "Evaluatie halverwege de looptijd.",
)
PART_NAMES = ("deel", "vervolg", "aanvulling", "uitbreiding")

STATUSES = ("not_started", "on_track", "at_risk", "off_track", "done", "dropped")
STATUS_WEIGHTS = (10, 45, 15, 8, 18, 4)
AUTHORS = (
    "J. de Vries",
    "M. Jansen",
    "A. van den Berg",
    "S. Bakker",
    "P. Visser",
    "L. Smit",
    "R. Meijer",
    "E. de Boer",
)
NOTE_ACTIONS = (
    "Integrale bedrijvencontrole gehouden",
    "Overleg met de partners gevoerd",
    "Voorlichtingsavond georganiseerd",
    "Plan van aanpak besproken in het AVO",
    "Extra surveillance ingezet",
    "Evaluatie uitgevoerd",
    "Werkbezoek afgelegd",
    "Convenant ondertekend",
    "Rapportage ontvangen",
    "Actie uitgezet bij de BOA's",
)
NOTE_PLACES = (
    "in Oostvoorne",
    "in Rockanje",
    "in Tinte",
    "in Vierpolders",
    "op het strand",
    "bij de haven",
)
SOURCES = (
    "politie kwartaalrapportage Q1",
    "politie kwartaalrapportage Q2",
    "politie kwartaalrapportage Q3",
    "politie kwartaalrapportage Q4",
    "verslag AVO",
    "verslag DVO",
    "rapportage BOA's",
    "jaarverslag RIEC",
)
CORRECTIONS = (
    "Extra controle in het volgende kwartaal.",
    "Gesprek met de ketenpartners ingepland.",
    "Inzet BOA's wordt verhoogd.",
    "Onderwerp geagendeerd voor het DVO.",
    "Capaciteit vrijgemaakt bij team SER.",
    "Bijsturing via het gebiedsteam.",
)

_PLAIN = re.compile(r"^[A-Za-z0-9À-ÿ][A-Za-z0-9À-ÿ .,'()/-]*[A-Za-z0-9À-ÿ.)]$")


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that is certainly safe, else double-quoted."""
    if _PLAIN.match(text) and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def load_bundled() -> tuple[str, dict[str, Any]]:
    text = BUNDLED.read_text(encoding="utf-8")
    data = YAML(typ="safe", pure=False).load(text)
    return text, data


def vary(text: str, rng: random.Random) -> str:
    return f"{text.rstrip()} {rng.choice(VARIATIONS)}"


def scaled_fields(fields: list[dict[str, Any]], factor: int, rng: random.Random) -> list[Any]:
    """``factor`` copies of the bundled fields, renumbered so that every id matches its place."""
    out = []
    for copy_no in range(factor):
        for field in fields:
            new = copy.deepcopy(field)
            position = len(out) + 1
            new["id"] = position
            if copy_no:
                new["name"] = f"{field['name']} ({rng.choice(PART_NAMES)} {copy_no + 1})"
            for ti, theme in enumerate(new["themes"], start=1):
                theme["id"] = f"{position}.{ti}"
                if copy_no:
                    theme["name"] = f"{theme['name']} {copy_no + 1}"
                    if theme.get("goal"):
                        theme["goal"] = vary(theme["goal"], rng)
                for mi, measure in enumerate(theme["measures"], start=1):
                    measure["id"] = f"{position}.{ti}.{mi}"
                    if copy_no:
                        measure["text"] = vary(measure["text"], rng)
                        measure["result"] = vary(measure["result"], rng)
            out.append(new)
    return out


def measure_ids(data: dict[str, Any]) -> list[str]:
    return [m["id"] for f in data["fields"] for t in f["themes"] for m in t["measures"]]


def dump_programme(data: dict[str, Any]) -> str:
    yaml = YAML(typ="safe", pure=False)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # keep the keys in the bundled order
    yaml.width = 100
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return PROGRAMME_SCHEMA + buffer.getvalue()


def with_progress_log(text: str, log_name: str) -> str:
    """The bundled file's text with its ``progress_log`` line pointing at ``log_name``."""
    line = re.compile(r"^(  progress_log:).*$", re.MULTILINE)
    if line.search(text):
        return line.sub(rf"\g<1> {log_name}", text, count=1)
    language = re.compile(r"^(  language:.*)$", re.MULTILINE)
    return language.sub(rf"\g<1>\n  progress_log: {log_name}", text, count=1)


def progress_log(ids: list[str], entries: int, rng: random.Random) -> str:
    """A progress log with ``entries`` entries in date order, in the documented format."""
    days = (PERIOD_END - PERIOD_START).days
    dates = sorted(rng.randrange(days + 1) for _ in range(entries))
    out = [PROGRESS_SCHEMA, "entries:\n"]
    written: set[str] = set()
    for offset in dates:
        entry = _entry(ids, PERIOD_START + dt.timedelta(days=offset), rng)
        while entry in written:  # avp validate refuses an entry that repeats another
            entry = _entry(ids, PERIOD_START + dt.timedelta(days=offset), rng)
        written.add(entry)
        out.append(entry)
    if not entries:
        out[-1] = "entries: []\n"
    return "".join(out)


def _entry(ids: list[str], date: dt.date, rng: random.Random) -> str:
    """One entry's lines (drawn in the order of earlier versions of this script, so that a
    log without repeated entries comes out byte for byte as it did)."""
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    note = f"{rng.choice(NOTE_ACTIONS)} {rng.choice(NOTE_PLACES)}."
    lines = (
        f"  - measure: {rng.choice(ids)}\n"
        f"    date: {date}\n"
        f"    status: {status}\n"
        f"    note: {scalar(note)}\n"
        f"    author: {scalar(rng.choice(AUTHORS))}\n"
    )
    if rng.random() < 0.3:
        lines += f"    source: {scalar(rng.choice(SOURCES))}\n"
    if status in ("at_risk", "off_track"):
        lines += f"    correction: {scalar(rng.choice(CORRECTIONS))}\n"
    return lines


def programme_name(log_entries: int) -> str:
    return f"programma-log{log_entries}.yaml"


def log_name(log_entries: int) -> str:
    return f"voortgang-{log_entries}.yaml"


def generate(out: Path, sizes: list[int], logs: list[int], seed: int) -> list[Path]:
    text, data = load_bundled()
    written = []
    for size in sizes:
        rng = random.Random(f"{seed}-{size}")
        folder = out / f"x{size}"
        folder.mkdir(parents=True, exist_ok=True)
        if size == 1:
            scaled = data
            render = lambda name: with_progress_log(text, name)  # noqa: E731
        else:
            scaled = dict(data)
            scaled["fields"] = scaled_fields(data["fields"], size, rng)
            scaled["programme"] = dict(data["programme"])

            def render(name: str, scaled: dict[str, Any] = scaled) -> str:
                scaled["programme"]["progress_log"] = name
                return dump_programme(scaled)

        ids = measure_ids(scaled)
        for entries in logs:
            programme = folder / programme_name(entries)
            programme.write_text(render(log_name(entries)), encoding="utf-8")
            log = folder / log_name(entries)
            log.write_text(progress_log(ids, entries, rng), encoding="utf-8")
            written.append(programme)
            print(
                f"{programme.relative_to(out)}: {len(ids):>6} measures, "
                f"{programme.stat().st_size / 1e6:6.2f} MB; {log.name}: "
                f"{entries:>7} entries, {log.stat().st_size / 1e6:6.2f} MB",
                flush=True,
            )
    return written


def avp_command() -> list[str]:
    script = Path(sys.executable).with_name("avp.exe" if sys.platform == "win32" else "avp")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "avp"]


def check(programmes: list[Path]) -> bool:
    ok = True
    for programme in programmes:
        started = time.perf_counter()
        done = subprocess.run(
            [*avp_command(), "validate", "--format", "text", str(programme)],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        print(
            f"avp validate {programme.name} ({programme.parent.name}): exit {done.returncode}"
            f" in {seconds:.1f} s"
        )
        if done.returncode != 0:
            ok = False
            print(done.stdout[:2000] + done.stderr[:2000], file=sys.stderr)
    return ok


def int_list(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of numbers: {text!r}"
        ) from None
    if not values or any(v < 0 for v in values):
        raise argparse.ArgumentTypeError(f"need one or more non-negative numbers: {text!r}")
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument(
        "--sizes", type=int_list, default=list(DEFAULT_SIZES), help="multiples, e.g. 1,10,100"
    )
    parser.add_argument(
        "--logs", type=int_list, default=list(DEFAULT_LOGS), help="log entries, e.g. 10,10000"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--check", action="store_true", help="run `avp validate` on every programme written"
    )
    args = parser.parse_args(argv)
    if 0 in args.sizes:
        parser.error("--sizes: a programme needs at least 1x the bundled fields")
    started = time.perf_counter()
    programmes = generate(args.out, args.sizes, args.logs, args.seed)
    print(f"generated {len(programmes)} programmes in {time.perf_counter() - started:.1f} s")
    if args.check and not check(programmes):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
