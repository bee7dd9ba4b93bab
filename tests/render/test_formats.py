"""One output-format registry: every writer registry covers exactly its choices."""

from __future__ import annotations

from avp.render.formats import FORMATS, OutputFormat, ProblemFormat, ReportFormat, help_text
from avp.render.output import WRITERS
from avp.report.render import RENDERERS
from avp.validate.reporters import REPORTERS
from tests.conftest import Invoke


def test_each_registry_covers_its_choices() -> None:
    assert set(WRITERS) == set(OutputFormat)
    assert set(RENDERERS) == set(ReportFormat)
    assert {*REPORTERS, "auto"} == {f.value for f in ProblemFormat}


def test_every_choice_is_described_once() -> None:
    for choices in (OutputFormat, ReportFormat, ProblemFormat):
        assert all(c.value in FORMATS for c in choices)
    assert help_text(OutputFormat).startswith("table: tables (and a report's headings) that fit")


def test_the_help_of_format_options_comes_from_the_registry(invoke: Invoke) -> None:
    def words(args: list[str]) -> str:
        return " ".join(invoke(args).output.split())

    assert "csv: CSV, safe in a spreadsheet" in words(["list", "--help"])
    assert "html: one self-contained HTML page" in words(["report", "--help"])
