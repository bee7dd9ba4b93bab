"""Issue 15, the report a council reads: points 1, 6 and 11, and the attention list."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from avp.programme.status import Status
from avp.report.labels import Labels
from tests.conftest import BUNDLED, FIXTURES, Invoke

REPORT = FIXTURES / "report" / "programma.yaml"  # 1.1.2 aandacht: the one attention point
TARGETS = FIXTURES / "targets" / "programma.yaml"  # counts and values, few statuses
FORMATS = ["table", "markdown", "html", "csv", "json"]


def run(
    invoke: Invoke, file: Path, *args: str, columns: int = 200, as_of: str = "2022-06-30"
) -> str:
    result = invoke(
        ["report", "-f", str(file), "--as-of", as_of, *args], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def measures(data: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {m["id"]: m for f in data["fields"] for t in f["themes"] for m in t["measures"]}


# --- point 1: the summary bar -----------------------------------------------------------------


counts_strategy = st.fixed_dictionaries(
    {status: st.integers(min_value=0, max_value=500) for status in Status}
)


@given(counts=counts_strategy, width=st.integers(min_value=1, max_value=60))
def test_bar_gives_every_status_with_measures_a_cell(counts: dict[Status, int], width: int) -> None:
    """Issue 15, point 1: every non-zero count gets at least one cell of its colour; the cells
    fill the bar; more measures never means fewer cells; a status without measures has none."""
    from avp.report.build import bar_cells  # new: here, so that the others run on main

    cells = bar_cells(counts, width)
    present = [s for s in Status if counts[s]]
    if not present:
        assert sum(cells.values()) == 0
        return
    assert sum(cells.values()) == max(width, len(present))
    for status in Status:
        assert (cells[status] >= 1) == (counts[status] > 0), (status, cells)
    for a in present:
        for b in present:
            if counts[a] > counts[b]:
                assert cells[a] >= cells[b], (a, b, cells)


@given(counts=counts_strategy, width=st.integers(min_value=6, max_value=60))
def test_bar_cells_stay_close_to_the_shares(counts: dict[Status, int], width: int) -> None:
    """Issue 15, point 1: each status gets its share of the whole bar, rounded: a status
    with less than one cell's share gets exactly one, no status gets more than its share
    rounded up, and the cells add up to the width."""
    import math

    from avp.report.build import bar_cells

    cells = bar_cells(counts, width)
    present = [s for s in Status if counts[s]]
    total = sum(counts.values())
    if not total:
        return
    width = max(width, len(present))
    assert sum(cells.values()) == width
    for status in present:
        share = width * counts[status] / total
        assert 1 <= cells[status] <= max(1, math.ceil(share)), (status, share, cells)
    small = sum(1 for s in present if width * counts[s] / total < 1)
    assert sum(abs(cells[s] - width * counts[s] / total) for s in present) <= len(present) + small


def test_single_measures_get_one_cell_each() -> None:
    """Issue 15, point 1 (review): one op koers, one aandacht and one achter among 28
    measures get one cell each of 20, not 2, 2 and 1 (5 cells for 3 measures)."""
    from avp.report.build import bar_cells

    counts = dict.fromkeys(Status, 0) | {
        Status.not_started: 25,
        Status.on_track: 1,
        Status.at_risk: 1,
        Status.off_track: 1,
    }
    cells = bar_cells(counts, 20)
    assert [cells[s] for s in (Status.on_track, Status.at_risk, Status.off_track)] == [1, 1, 1]
    assert cells[Status.not_started] == 17


def test_field_one_bar_shows_red() -> None:
    """Issue 15, point 1: field 1 (25 niet gestart, 1 op koers, 1 aandacht, 1 achter) draws
    green, orange and red in its bar of 20 cells."""
    from avp.report.terminal import _bar

    counts = dict.fromkeys(Status, 0) | {
        Status.not_started: 25,
        Status.on_track: 1,
        Status.at_risk: 1,
        Status.off_track: 1,
    }
    bar = _bar(counts, 20)
    drawn = {str(span.style): span.end - span.start for span in bar.spans}
    assert set(drawn) == {"grey50", "green", "dark_orange", "red"}
    assert sum(drawn.values()) == 20 == len(bar.plain)


def test_summary_header_is_readable_at_80_columns(invoke: Invoke) -> None:
    """Issue 15, point 1 (and 3): at 80 columns the summary's headers wrap between words,
    never inside one ("Zonde/r/recen/te" on main), and no line is wider than 80."""
    out = run(invoke, BUNDLED, columns=80)
    labels = Labels("nl")
    summary = out[out.index(labels["summary"]) : out.index(labels["total"])]
    header = summary[: summary.index("─")]
    words = header.split()
    for key in ("field", "measures", "status", "good_share", "stale_count"):
        for word in labels[key].split():
            assert word in words, (word, header)
    assert max(len(line) for line in out.splitlines()) <= 80


# --- point 6: activity without a status --------------------------------------------------------


def test_activity_without_a_status_is_flagged(invoke: Invoke) -> None:
    """Issue 15, point 6: 1.1.4 has counts but no status entry: not a silent "niet gestart"
    but "geen status gemeld", counted as a disagreement and on the attention list."""
    data = json.loads(run(invoke, TARGETS, "--format", "json"))
    m = measures(data)["1.1.4"]
    assert m["status"] == "not_started" and m["last_update"] is not None
    assert m["unreported"] is True and m["disagrees"] is True
    assert "1.1.4" in [a["id"] for a in data["attention"]]
    reasons = {a["id"]: a["reasons"] for a in data["attention"]}
    assert reasons["1.1.4"] == ["unreported"]
    assert measures(data)["1.1.1"]["unreported"] is False  # it has a status
    term = run(invoke, TARGETS)
    row = term[term.index("1.1.4  ") :]
    assert "geen status gemeld" in row[:2000]
    html = run(invoke, TARGETS, "--format", "html")
    assert '<span class="unreported">wel activiteit vastgelegd, nog geen status</span>' in html
    english = json.loads(run(invoke, TARGETS, "--format", "json", "--lang", "en"))
    assert next(a for a in english["attention"] if a["id"] == "1.1.4")["why"] == (
        "activity recorded, no status reported"
    )


# --- the attention list (Aandachtspunten) -------------------------------------------------------


def test_attention_list_in_every_format(invoke: Invoke) -> None:
    """Issue 15, deliverable "Aandachtspunten": at the top of every format, with the
    correction; 1.1.2 (aandacht) is on it, 1.1.1 (afgerond) and 2.1.1 (niet gestart) not."""
    for fmt in FORMATS:
        out = run(invoke, REPORT, "--format", fmt)
        if fmt == "json":
            items = json.loads(out)["attention"]
            assert [(a["id"], a["level"], a["correction"]) for a in items] == [
                ("1.1.2", "orange", '=HYPERLINK("http://evil.example","klik")')
            ]
            continue
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out)))
            attention = [r for r in rows if r["level"] == "attention"]
            assert [r["id"] for r in attention] == ["1.1.2"]
            assert rows[0]["level"] == "attention"  # at the top
            assert attention[0]["note"] == "gemeld: aandacht"
            continue
        assert "Aandachtspunten" in out, fmt
        top = out[out.index("Aandachtspunten") :]
        first_field = top.index("Veiligheidsveld 1")
        attention = top[:first_field]
        assert "1.1.2" in attention and "gemeld: aandacht" in attention, fmt
        assert "HYPERLINK" in attention, fmt  # the correction
        assert "1.1.1" not in attention and "2.1.1" not in attention, fmt
        assert out.index("Aandachtspunten") < out.index("Veiligheidsveld 1:"), fmt


def test_attention_list_rood_first_with_norms(invoke: Invoke) -> None:
    """Issue 15, deliverable "Aandachtspunten": a computed verdict at risk or missed puts a
    measure on the list with the norms concerned; rood before oranje."""
    data = json.loads(run(invoke, TARGETS, "--format", "json"))
    levels = [a["level"] for a in data["attention"]]
    assert levels == sorted(levels, key=["red", "orange", "none"].index)
    for item in data["attention"]:
        m = measures(data)[item["id"]]
        bad = m["verdict"] in ("at_risk", "missed") or m["status"] in ("at_risk", "off_track")
        assert bad or m["disagrees"], item
        assert len(item["targets"]) == sum(
            t["verdict"] in ("at_risk", "missed") for t in m["targets"]
        )
    assert {a["id"] for a in data["attention"]} == {
        i for i, m in measures(data).items() if m["disagrees"] or m["verdict"] == "at_risk"
    }


def test_no_attention_points_says_so(invoke: Invoke) -> None:
    """Issue 15, deliverable "Aandachtspunten": an empty list says there is nothing."""
    out = run(invoke, REPORT, "--format", "markdown", as_of="2021-01-02")
    assert "Geen aandachtspunten" in out


# --- point 11: words a council reads ------------------------------------------------------------


def test_stale_is_not_obsolete_nor_orange(invoke: Invoke) -> None:
    """Issue 15, point 11: "verouderd" reads as obsolete; "geen recente update" in a neutral
    colour (not the orange of "aandacht")."""
    for fmt in FORMATS:
        assert "verouderd" not in run(invoke, REPORT, "--format", fmt), fmt
    html = run(invoke, REPORT, "--format", "html")
    assert '<span class="stale" title="Geen update in meer dan 180 dagen">geen recente update' in (
        html
    )
    rule = re.search(r"\.stale[^{]*\{([^}]*)\}", html)
    assert rule is not None
    assert "#ef6c00" not in rule[1] and "#8a4b00" not in rule[1] and "orange" not in rule[1]
    from avp.report import terminal

    assert getattr(terminal, "STALE_STYLE", "dark_orange") not in ("dark_orange", "orange", "red")


def test_threshold_speaks_plain_dutch(invoke: Invoke) -> None:
    """Issue 15, point 11: "lijn 9,77%" is jargon: "volgens planning 9,77%"."""
    out = run(invoke, TARGETS, "--format", "markdown")
    assert "9,4% op 30 juni 2022 (volgens planning 9,77%)" in out
    assert "lijn" not in out


def test_one_half_year_is_singular(invoke: Invoke) -> None:
    """Issue 15, point 11: "0 van 1 halfjaren" is poor Dutch: "0 van 1 halfjaar"."""
    data = json.loads(run(invoke, BUNDLED, "--format", "json", as_of="2022-07-15"))
    texts = [t["forecast"] for t in measures(data)["1.4.2"]["targets"]]
    # the year's verdict follows (issue 15, point 13: an earlier miss ends the forecast at risk)
    assert any("2022 tot nu toe: 0 van 1 halfjaar gehaald: risico" in text for text in texts), texts
    assert not any("1 halfjaren" in text for text in texts)


def test_norm_does_not_repeat_the_result(invoke: Invoke) -> None:
    """Issue 15, point 11: a norm whose description is the result text shows its judgement
    only (the result is right above it)."""
    out = run(invoke, BUNDLED, "--format", "markdown")
    row = next(line for line in out.splitlines() if line.startswith("| 2.4.1 "))
    assert row.count("Voor alle B en C evenementen is integraal advies gevraagd") == 1
    assert "**Norm:** ⚪ 0 B- en C-evenementen in 2022" in row
    html = run(invoke, BUNDLED, "--format", "html")
    assert html.count("<b>Voor alle B en C evenementen is integraal advies gevraagd:</b>") == 0


def test_partner_with_sub_units_only_says_so_when_it_has_them(invoke: Invoke) -> None:
    """Issue 15, point 11: "Politie (met onderdelen)" only for a partner with sub-units."""
    assert "**Partner: Politie**  \n" in run(
        invoke, REPORT, "--partner", "politie", "--format", "markdown"
    )
    assert "(met onderdelen)" not in run(invoke, REPORT, "--partner", "politie")
    gemeente = run(invoke, REPORT, "--partner", "gemeente", "--format", "markdown")
    assert "Partner: Gemeente Voorbeeld (met onderdelen)" in gemeente


def test_print_layout(invoke: Invoke) -> None:
    """Issue 15, point 11 and deliverable "Print": page numbers and the programme's name in
    the footer of every printed page; a field starts a page only when it fills most of one."""
    html = run(invoke, REPORT, "--format", "html")
    assert "@bottom-right { content: " in html and "counter(page)" in html
    assert "@bottom-left { content: " in html
    assert "section.field { break-before: page" not in html
    assert "section.field.big { break-before: page" in html
    assert '<section class="field" id="f-1">' in html  # two small measures: no new page
    big = run(invoke, BUNDLED, "--format", "html")
    assert '<section class="field big" id="f-1">' in big  # 28 measures fill pages


def test_workspace_report_has_each_programmes_attention_list() -> None:
    """Issue 15, deliverable "Aandachtspunten": the workspace report (each programme's own
    report in a section) has each programme's attention list, in every format; its printed
    pages are numbered like a programme's."""
    import datetime as dt

    from avp.project import Project
    from avp.render.formats import ReportFormat
    from avp.report import build_report
    from avp.report.workspace import WorkspaceReport, render_workspace

    day = dt.date(2022, 6, 30)
    report = build_report(Project.open(BUNDLED, environ={}).programme, [], as_of=day)
    missed = [item.measure.id for item in report.attention]
    assert "4.2.2" in missed  # a deliverable due in June 2021, not delivered
    wr = WorkspaceReport([("Westvoorne", report)], day)
    for fmt in (ReportFormat(name) for name in FORMATS):  # xlsx: its own tests
        text = render_workspace(wr, None, fmt, to_file=True) or ""
        if fmt is ReportFormat.json:
            attention = json.loads(text)["programmes"][0]["attention"]
            assert [a["id"] for a in attention] == missed
        elif fmt is ReportFormat.csv:
            rows = list(csv.DictReader(io.StringIO(text)))
            assert [r["id"] for r in rows if r["level"] == "attention"] == missed
        else:
            assert "Aandachtspunten" in text, fmt
            assert all(measure in text for measure in missed), fmt
        if fmt is ReportFormat.html:
            assert "counter(page)" in text


def test_final_report_has_the_attention_list(invoke: Invoke) -> None:
    """Issue 15, deliverable "Aandachtspunten": the end evaluation (``--final``, built on the
    same report) has it too, in every format."""
    for fmt in FORMATS:
        out = run(invoke, REPORT, "--final", "--format", fmt)
        if fmt == "json":
            assert [a["id"] for a in json.loads(out)["attention"]] == ["1.1.2"]
        elif fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out)))
            assert (rows[0]["level"], rows[0]["id"]) == ("attention", "1.1.2")
            assert rows[0]["last_correction"].endswith('HYPERLINK("http://evil.example","klik")')
        else:
            top = out[out.index("Aandachtspunten") :]
            assert "1.1.2" in top and "gemeld: aandacht" in top, fmt
