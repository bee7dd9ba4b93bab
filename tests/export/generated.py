"""A copy of a programme with a generated progress log, written through avp's own writer.

Reproducible (a fixed seed): statuses over the programme's period (corrections where avp
asks for one), counts and values for the targets that take them, some text that looks like
markup, a formula or SQL (which must stay text), and one measure dropped by a decision.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from avp.programme.load import load_programme
from avp.programme.status import Status
from avp.progress.models import Entry, new_entry_id
from avp.progress.write import entry_yaml

#: Notes that a careless export would interpret: markup, a formula, SQL, quotes.
TRICKY_NOTES = (
    "<b>vet</b> & <script>alert(1)</script>",
    "=SUM(A1:A9)",
    "'; DROP TABLE measures; --",
    "Aanhalingstekens \"dubbel\" en 'enkel'\nop twee regels",
)

STATUSES = (Status.on_track, Status.at_risk, Status.off_track, Status.done, Status.not_started)


def _entries(programme_path: Path, seed: int, per_measure: int) -> list[Entry]:
    programme = load_programme(programme_path)
    period = programme.programme.period
    days = (period.end - period.start).days
    rng = random.Random(seed)
    entries: list[Entry] = []
    for n, (_, _, measure) in enumerate(programme.measures()):
        if n % 3 == 2:
            continue  # some measures never get an entry
        for k in range(per_measure):
            day = period.start + dt.timedelta(days=rng.randrange(days + 1))
            status = rng.choice(STATUSES)
            note = TRICKY_NOTES[n % len(TRICKY_NOTES)] if k == 0 and n < 12 else f"Stand {k}"
            correction = "Extra overleg gepland." if status.needs_correction else None
            entries.append(
                Entry(
                    id=new_entry_id(),
                    measure=measure.id,
                    date=day,
                    status=status,
                    note=note,
                    author="T. Est",
                    correction=correction,
                )
            )
        for target in measure.targets:
            takes = target.takes()
            day = period.start + dt.timedelta(days=rng.randrange(days + 1))
            figure: dict[str, float | int] = {}
            if "count" in takes:
                figure["count"] = rng.randrange(1, 4)
            if "value" in takes:
                figure["value"] = float(rng.randrange(1, 200)) / (1 if n % 2 else 4)
            entries.append(
                Entry(
                    id=new_entry_id(),
                    measure=measure.id,
                    date=day,
                    target=target.id,
                    note=f"Meting {target.id}",
                    author="T. Est",
                    **figure,  # type: ignore[arg-type]
                )
            )
    return entries


def programme_with_log(
    source: Path, folder: Path, *, seed: int = 2022, per_measure: int = 2, drop: bool = True
) -> Path:
    """Copy ``source`` into ``folder`` with a generated log beside it (the name the
    programme gives); the first measure dropped on 2021-09-01 when ``drop``. The copy's path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copy(source, target)
    if drop:
        text = target.read_text(encoding="utf-8")
        programme = load_programme(target)
        first = programme.measures()[0][2]
        marker = f"- id: {first.id}\n" if f"- id: {first.id}\n" in text else f"- id: '{first.id}'\n"
        at = text.index(marker)
        indent = " " * (len(text[:at].rsplit("\n", 1)[-1]) + 2)
        dropped = (
            f"{indent}dropped: {{date: 2021-09-01, decision: collegebesluit 31 augustus 2021}}\n"
        )
        text = text[: at + len(marker)] + dropped + text[at + len(marker) :]
        target.write_text(text, encoding="utf-8")
    programme = load_programme(target)
    name = programme.programme.progress_log or "voortgang.yaml"
    lines = "".join(entry_yaml(e) for e in _entries(target, seed, per_measure))
    (folder / name).write_text(f"entries:\n{lines}", encoding="utf-8")
    return target
