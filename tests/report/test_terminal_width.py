"""The terminal report at 80 columns (issue 15, point 3): below WIDE_WIDTH each measure is a
block of labelled lines, no word of the data is broken and nothing of the wide table is
lost; at 160 columns the four-column table is as it was."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from avp.report.terminal import WIDE_WIDTH
from tests.conftest import BUNDLED, FIXTURES, Invoke

WIDE = Path(__file__).resolve().parent / "wide"
LOG = WIDE / "voortgang.yaml"  # a note, a correction, activity without a status, wijkt af
REPORT = FIXTURES / "report" / "programma.yaml"
DAY = "2022-06-30"
#: The drawing of the report: rules, the bar, the lights.
_DRAWING = re.compile("[─█●]+")


def report(invoke: Invoke, width: int, *args: str, fmt: str | None = None) -> str:
    more = ["--format", fmt] if fmt else []
    result = invoke(["report", "--as-of", DAY, *args, *more], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def bundled(invoke: Invoke, width: int, *args: str, fmt: str | None = None) -> str:
    return report(invoke, width, "-f", str(BUNDLED), "--log", str(LOG), *args, fmt=fmt)


def words(value: Any) -> set[str]:
    """Every word of every text in ``value`` (json: dicts and lists walked)."""
    if isinstance(value, dict):
        return set().union(*(words(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(words(v) for v in value)) if value else set()
    if value is None:
        return set()
    return set(str(value).replace(",", " ").split())


def shown(lines: Iterable[str]) -> set[str]:
    return words([_DRAWING.sub(" ", line) for line in lines])


def flat(text: str) -> str:
    """``text`` on one line, its whitespace single spaces (a wrapped line joined again)."""
    return " ".join(text.split())


def measures(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for f in data["fields"] for t in f["themes"] for m in t["measures"]]


def measure_section(text: str) -> list[str]:
    """The report from its first field heading on: the part with the measures."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Veiligheidsveld "))
    return lines[first:]


def test_wide_width_fits_the_bundled_words() -> None:
    """The threshold: the wide table breaks no word of the bundled programme from 110
    columns on (at 100 it broke "snelheidsoverschrijdingen."), so 120 keeps a margin."""
    assert 110 <= WIDE_WIDTH <= 160


def test_at_80_columns_no_word_of_the_data_is_broken(invoke: Invoke) -> None:
    """Issue 15, point 3: at 80 columns the result column was ~17 characters wide and broke
    "snelheidsoverschr/ijdingen"; now every word shown is a whole word of the data, of the
    labels, or of the wide report (where nothing is broken)."""
    out = bundled(invoke, 80)
    assert max(len(line) for line in out.splitlines()) <= 80
    data = json.loads(bundled(invoke, 80, fmt="json"))
    known = words(data) | shown(bundled(invoke, 200).splitlines())
    section = measure_section(out)
    assert sorted(shown(section) - known) == []
    assert "snelheidsoverschrijdingen." in out
    assert "verkeersregelaars." in out


def test_at_80_columns_every_piece_of_a_measure_is_there(invoke: Invoke) -> None:
    """Every measure's text, result, norms, status, note, correction, computed verdict and
    partners appear, with the labels of the programme's language."""
    out = bundled(invoke, 80)
    text = flat("\n".join(measure_section(out)))
    data = json.loads(bundled(invoke, 80, fmt="json"))
    for m in measures(data):
        assert f"{m['id']} {flat(m['text'])}" in text, m["id"]
        if m["result"]:
            assert f"Resultaat 2022: {flat(m['result'])}" in text, m["id"]
        for target in m["targets"]:
            assert flat(target["forecast"] or "") in text, (m["id"], target)
        assert f"Stand van zaken: ● {m['status_label']}" in text, m["id"]
        if m["note"]:
            assert f"· {flat(m['note'])}" in text, m["id"]
        if m["partner_names"]:
            assert f"Partners: {', '.join(m['partner_names'])}" in text, m["id"]
        if m["verdict_label"]:
            assert f"Berekend: ● {m['verdict_label']}" in text, m["id"]
    assert (
        "Stand van zaken: ● achter · 20 april 2022 · Geen capaciteit bij de politie voor "
        "controles op fietsverlichting. Bijsturing: Voorstel aan de driehoek om de controles "
        "in het najaar te bundelen." in text
    )
    assert "Stand van zaken: ● geen status gemeld · wel activiteit vastgelegd" in text
    assert "! wijkt af van de stand van zaken" in text
    assert "geen recente update" in text
    # As many norm lines as the wide table has, and no table header.
    wide = bundled(invoke, 160)
    assert text.count("Norm: ●") == flat("\n".join(measure_section(wide))).count("Norm: ●")
    assert not any(line.lstrip().startswith("Nr. ") for line in measure_section(out))


def test_at_80_columns_a_measure_is_a_short_block(invoke: Invoke) -> None:
    """4.1.5 with three norms took about 40 lines in the squeezed table; as a block it
    takes at most 15, every line after the first indented under the measure's text."""
    out = bundled(invoke, 80, "--theme", "4.1")
    lines = measure_section(out)
    start = next(i for i, line in enumerate(lines) if line.startswith("● 4.1.5 "))
    end = next(i for i, line in enumerate(lines) if line.startswith("● 4.1.6 "))
    block = [line for line in lines[start + 1 : end] if line.strip()]
    assert len(block) <= 15
    assert all(line.startswith(" " * 8) for line in block)


def test_fixture_at_80_columns_keeps_markup_as_text(invoke: Invoke) -> None:
    """Text of the data is never rich markup: the note and correction print as written."""
    out = report(invoke, 80, "-f", str(REPORT))
    text = flat("\n".join(measure_section(out)))
    assert "<script>alert('x')</script> minder toezicht" in text
    assert 'Bijsturing: =HYPERLINK("http://evil.example","klik")' in text
    assert "Partners: Gemeente Voorbeeld, Brandweer" in text


def test_at_160_columns_the_wide_table_is_unchanged(invoke: Invoke) -> None:
    """The wide layout is main's four-column table, line for line (tests/report/wide/ holds
    main's output before this change, its measure sections compared)."""
    cases = {
        "programme-160.txt": bundled(invoke, 160),
        "theme41-160.txt": bundled(invoke, 160, "--theme", "4.1"),
        "fixture-160.txt": report(invoke, 160, "-f", str(REPORT)),
    }
    for name, out in cases.items():
        expected = (WIDE / name).read_text(encoding="utf-8")
        assert measure_section(out) == measure_section(expected), name
    assert "Nr.     Maatregel" in cases["theme41-160.txt"]


@cache
def _built() -> Any:
    from avp.project import Project
    from avp.report import build_report
    from avp.report.labels import Labels

    project = Project.open(BUNDLED, environ={}, log=LOG)
    programme = project.programme
    built = build_report(programme, project.log.entries, as_of=dt.date(2022, 6, 30))
    return built, Labels.for_programme(programme)


@settings(max_examples=25, deadline=None)
@given(width=st.integers(min_value=60, max_value=200))
def test_no_line_is_wider_than_the_terminal(width: int) -> None:
    """At any width from 60 to 200 columns no line of the report is wider than the
    terminal, in either layout."""
    from rich.console import Console

    from avp.report.terminal import render_terminal

    built, labels = _built()
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, emoji=False)
    render_terminal(built, labels, console)
    lines = buffer.getvalue().splitlines()
    assert lines
    assert max(len(line) for line in lines) <= width
