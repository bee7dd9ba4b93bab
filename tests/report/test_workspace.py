"""avp.report.workspace: the report across programmes, built from each programme's report."""

from __future__ import annotations

import datetime as dt
import json

from avp.project import Project
from avp.render.formats import ReportFormat
from avp.report import build_report
from avp.report.workspace import WorkspaceReport, render_workspace, to_workspace_dict
from tests.conftest import BUNDLED, MINIMAL

DAY = dt.date(2022, 6, 30)


def _workspace() -> WorkspaceReport:
    sections = []
    for name, path in (("Voorbeeld", MINIMAL), ("Westvoorne", BUNDLED)):
        project = Project.open(path, environ={})
        report = build_report(project.programme, [], as_of=DAY, partner="politie")
        sections.append((name, report))
    return WorkspaceReport(sections, DAY, "politie")


def test_totals_are_the_sum_of_the_programmes() -> None:
    wr = _workspace()
    data = to_workspace_dict(wr, None)
    assert data["totals"]["measures"] == sum(s["measures"] for s in data["summary"])
    assert data["totals"]["measures"] == len(wr.lines) > 0
    assert [s["programme"] for s in data["summary"]] == ["Voorbeeld", "Westvoorne"]
    assert data["scope"] == {"kind": "partner", "name": "politie"}


def test_every_format_has_a_section_per_programme() -> None:
    wr = _workspace()
    text = render_workspace(wr, None, ReportFormat.json, to_file=True)
    assert text is not None
    assert [p["programme"]["name"] for p in json.loads(text)["programmes"]] == [
        "Voorbeeld",
        "Westvoorne",
    ]
    markdown = render_workspace(wr, "en", ReportFormat.markdown, to_file=True) or ""
    assert "## Summary per programme" in markdown
    assert markdown.index("## Voorbeeld") < markdown.index("## Westvoorne")
    assert "### Summary" in markdown  # each programme's own headings one level down
    html = render_workspace(wr, None, ReportFormat.html, to_file=True) or ""
    assert "<h2>Voorbeeld</h2>" in html and "<h2>Westvoorne</h2>" in html
    terminal = render_workspace(wr, None, ReportFormat.terminal, to_file=True) or ""
    assert "Samenvatting per programma" in terminal and "Westvoorne" in terminal
    csv_text = render_workspace(wr, None, ReportFormat.csv, to_file=True) or ""
    assert csv_text.startswith("programme,level,")
