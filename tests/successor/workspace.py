"""Test folders for avp successor: a copy of the bundled programme with a generated log."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from avp.programme.load import load_programme
from tests.conftest import BUNDLED, MINIMAL

#: The statuses the generated log gives the measures, in turn (None: no entry at all).
CYCLE = ("done", "on_track", "at_risk", None, "dropped", "off_track", "done")

AVP_TOML = (
    "# The programme of this folder (a comment that must stay)\n"
    'programme = "data/programma-2021-2022.yaml"  # Westvoorne\n'
    "\n"
    "# the end\n"
)


def generated_log(programme: Path) -> str:
    """A log for every measure of ``programme``: a status from :data:`CYCLE` in turn, on a
    day within its period; the red and orange ones with a correction."""
    loaded = load_programme(programme)
    start = loaded.programme.period.start
    lines = ["entries:"]
    for number, (_, _, measure) in enumerate(loaded.measures()):
        status = CYCLE[number % len(CYCLE)]
        if status is None:
            continue
        day = start + dt.timedelta(days=30 + number * 5)
        extra = ', correction: "Bijsturen."' if status in ("at_risk", "off_track") else ""
        lines.append(
            f'  - {{measure: "{measure.id}", date: {day}, status: {status}, '
            f'note: "Stand {number}.", author: "J. de Vries"{extra}}}'
        )
    return "\n".join(lines) + "\n"


def bundled_workspace(root: Path) -> Path:
    """``root/avp.toml`` (with comments) and ``root/data/``: the bundled programme and a
    generated log. Returns the programme's path."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    programme = data / "programma-2021-2022.yaml"
    shutil.copyfile(BUNDLED, programme)
    (data / "voortgang-2021-2022.yaml").write_text(generated_log(programme), encoding="utf-8")
    (root / "avp.toml").write_text(AVP_TOML, encoding="utf-8")
    return programme


def second_programme(folder: Path) -> Path:
    """A small second programme (tests/fixtures/minimal.yaml, Brielle's now) whose partner
    'gemeente' has another name than Westvoorne's: a clash in a merger."""
    text = MINIMAL.read_text(encoding="utf-8").replace("Voorbeeld", "Brielle")
    path = folder / "brielle.yaml"
    path.write_text(text, encoding="utf-8")
    return path
