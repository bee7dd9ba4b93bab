"""`avp report`: every scope and format, --as-of, stale measures, escaping, languages."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, FIXTURES, Invoke

PROGRAMME = FIXTURES / "report" / "programma.yaml"
FORMATS = ["terminal", "markdown", "html", "csv", "json"]
SCOPES = {
    "programme": [],
    "field": ["--field", "1"],
    "theme": ["--theme", "brandveiligheid"],
    "partner": ["--partner", "gemeente"],
}


def report(invoke: Invoke, *args: str, file: Path = PROGRAMME) -> str:
    result = invoke(["report", "-f", str(file), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(invoke: Invoke, *args: str, file: Path = PROGRAMME) -> dict:  # type: ignore[type-arg]
    return json.loads(report(invoke, *args, "--format", "json", file=file))


def measures(data: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {m["id"]: m for f in data["fields"] for t in f["themes"] for m in t["measures"]}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_every_scope_in_every_format(invoke: Invoke, scope: str, fmt: str) -> None:
    out = report(invoke, *SCOPES[scope], "--as-of", "2022-06-30", "--format", fmt)
    expected = {
        "programme": {"1.1.1", "1.1.2", "2.1.1"},
        "field": {"1.1.1", "1.1.2"},
        "theme": {"2.1.1"},
        "partner": {"1.1.1", "1.1.2", "2.1.1"},
    }[scope]
    for measure_id in {"1.1.1", "1.1.2", "2.1.1"}:
        assert (measure_id in out) == (measure_id in expected), (measure_id, out)
    if fmt != "json" and fmt != "csv":
        assert "Voortgangsrapportage" in out
        assert "30 juni 2022" in out


def test_scope_titles(invoke: Invoke) -> None:
    assert as_json(invoke, "--theme", "2.1")["scope"] == {
        "kind": "theme",
        "id": "2.1",
        "name": "Brandveiligheid",
    }
    partner = as_json(invoke, "--partner", "boa")
    assert partner["scope"]["kind"] == "partner"
    assert list(measures(partner)) == ["1.1.2"]
    gemeente = as_json(invoke, "--partner", "gemeente")
    assert list(measures(gemeente)) == ["1.1.1", "1.1.2", "2.1.1"]
    assert [f["id"] for f in gemeente["fields"]] == ["1", "2"]


def test_as_of_rebuilds_the_state_of_that_day(invoke: Invoke) -> None:
    june = measures(as_json(invoke, "--as-of", "2022-06-30"))
    assert june["1.1.1"]["status"] == "done"  # an entry dated on the day counts
    assert june["1.1.2"]["status"] == "at_risk"  # the September entry does not
    assert june["2.1.1"]["status"] == "not_started"  # the July entry does not
    assert june["1.1.2"]["last_update"] == "2022-03-31"
    assert june["1.1.2"]["correction"] == '=HYPERLINK("http://evil.example","klik")'
    december = measures(as_json(invoke, "--as-of", "2022-12-31"))
    assert december["1.1.2"]["status"] == "on_track"
    assert december["1.1.2"]["correction"] is None
    assert december["2.1.1"]["status"] == "off_track"
    before = measures(as_json(invoke, "--as-of", "2021-06-01"))
    assert {m["status"] for m in before.values()} == {"not_started"}


def test_same_report_again_is_identical(invoke: Invoke) -> None:
    first = report(invoke, "--as-of", "2022-06-30", "--format", "html")
    assert report(invoke, "--as-of", "2022-06-30", "--format", "html") == first


def test_counts_agree_between_formats(invoke: Invoke) -> None:
    data = as_json(invoke, "--as-of", "2022-06-30")
    assert data["totals"]["counts"] == {
        "not_started": 1,
        "on_track": 0,
        "at_risk": 1,
        "off_track": 0,
        "done": 1,
        "dropped": 0,
    }
    assert data["totals"]["share_done_or_on_track"] == round(1 / 3, 4)
    rows = list(
        csv.DictReader(io.StringIO(report(invoke, "--as-of", "2022-06-30", "--format", "csv")))
    )
    measure_rows = [r for r in rows if r["level"] == "measure"]
    assert sorted(r["status"] for r in measure_rows) == ["at_risk", "done", "not_started"]
    assert [(r["id"], r["status"]) for r in rows if r["level"] == "attention"] == [
        ("1.1.2", "at_risk")
    ]
    md = report(invoke, "--as-of", "2022-06-30", "--format", "markdown")
    assert "| **Totaal** | **3** | ⚪ 1 🟠 1 ✅ 1 | **33%** | **1** |" in md


def test_stale_measures(invoke: Invoke) -> None:
    data = as_json(invoke, "--as-of", "2022-06-30")
    stale = {i for i, m in measures(data).items() if m["stale"]}
    assert stale == {"2.1.1"}  # no entry since the start; 1.1.1 is done, 1.1.2 recent
    shorter = as_json(invoke, "--as-of", "2022-06-30", "--stale-days", "60")
    assert {i for i, m in measures(shorter).items() if m["stale"]} == {"1.1.2", "2.1.1"}


def test_the_default_stale_days_follow_the_programme_length(invoke: Invoke, tmp_path: Path) -> None:
    """180 days for this two-year programme; a quarter of a one-year programme's period (91)."""
    on = ["--as-of", "2022-07-01"]  # 1.1.2's last entry (2022-03-31) is 92 days old
    two_years = as_json(invoke, *on)
    assert two_years["stale_days"] == 180
    assert {i for i, m in measures(two_years).items() if m["stale"]} == {"2.1.1"}
    text = PROGRAMME.read_text(encoding="utf-8")
    old = "period: {start: 2021-01-01, end: 2022-12-31}"
    assert old in text
    short = tmp_path / "programma.yaml"
    short.write_text(text.replace(old, "period: {start: 2022-01-01, end: 2022-12-31}"), "utf-8")
    (tmp_path / "voortgang.yaml").write_bytes(PROGRAMME.with_name("voortgang.yaml").read_bytes())
    one_year = as_json(invoke, *on, file=short)
    assert one_year["stale_days"] == 91
    assert {i for i, m in measures(one_year).items() if m["stale"]} == {"1.1.2", "2.1.1"}
    assert as_json(invoke, *on, "--stale-days", "200", file=short)["stale_days"] == 200
    listed = invoke(["list", "-f", short, "--stale", "--format", "json"])
    assert [r["id"] for r in json.loads(listed.stdout)] == ["1.1.2", "2.1.1"]
    # Judged on the last day (both programmes have ended): 121 and 169 days without an entry.
    listed = invoke(["list", "-f", PROGRAMME, "--stale", "--format", "json"])
    assert (listed.stdout, listed.stderr) == ("", "no measures match these filters\n")


def test_stale_days_help_explains_the_default(invoke: Invoke) -> None:
    for command in (["list"], ["report"]):
        text = " ".join(invoke([*command, "--help"]).stdout.split())
        assert "Default: half a year (180 days, a quarter of a two-year programme)" in text
        assert "a quarter of the programme's period when that is shorter" in text


def test_list_stale(invoke: Invoke) -> None:
    # judged on the last day of the programme, as the programme has ended
    result = invoke(
        ["list", "-f", str(PROGRAMME), "--stale", "--stale-days", "100", "--format", "json"]
    )
    assert [r["id"] for r in json.loads(result.stdout)] == ["1.1.2", "2.1.1"]


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.scripts += tag == "script"
        self.links += [v or "" for k, v in attrs if k in {"href", "src"}]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_structure_and_escaping(invoke: Invoke) -> None:
    out = report(invoke, "--as-of", "2022-06-30", "--format", "html")
    page = Page()
    page.feed(out)
    assert out.startswith("<!DOCTYPE html>")
    assert page.scripts == 0, "a note holding <script> must not become a script element"
    outside = [link for link in page.links if not link.startswith("#")]
    assert outside == [], "the report is self-contained: no external resources"
    assert page.tags.count("h1") == 1
    assert page.tags.count("h2") == 4  # summary, attention + 2 fields
    assert page.tags.count("table") == 4  # summary, attention + 2 themes
    text = "".join(page.text)
    assert "<script>alert('x')</script> minder toezicht" in text  # shown as text
    assert "&lt;script&gt;" in out
    assert '=HYPERLINK("http://evil.example","klik")' in text
    assert '<meta name="viewport"' in out and "@media print" in out
    assert 'lang="nl"' in out


def test_csv_is_safe_from_formula_injection(invoke: Invoke) -> None:
    out = report(invoke, "--as-of", "2022-06-30", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    header = rows[0]
    assert header[:9] == [
        "level",
        "field",
        "field_name",
        "theme",
        "theme_name",
        "id",
        "text",
        "result",
        "partners",
    ]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    by_level = {(row[0], row[header.index("id")]): row for row in rows[1:]}
    for level in ("attention", "measure"):  # 1.1.2 is on the attention list too
        correction = by_level[level, "1.1.2"][header.index("correction")]
        assert correction == '\'=HYPERLINK("http://evil.example","klik")'


def test_terminal_shows_markup_as_text_and_no_colour_when_piped(invoke: Invoke) -> None:
    result = invoke(
        ["report", "-f", str(PROGRAMME), "--as-of", "2022-06-30"],
        env={"COLUMNS": "160", "NO_COLOR": ""},
    )
    out = result.stdout
    assert "\x1b[" not in out
    assert "<script>alert('x')</script>" in out
    assert "Bijsturing:" in out


def test_english_labels_and_dates(invoke: Invoke) -> None:
    out = report(invoke, "--as-of", "2022-06-30", "--format", "markdown", "--lang", "en")
    assert "# Progress report: " in out
    assert "Status as of: 30 June 2022" in out
    assert "| No. | Measure | Partners | Result 2022 | Status | Last update |" in out
    nl = report(invoke, "--as-of", "2022-06-30", "--format", "markdown")
    assert (
        "| Nr. | Maatregel | Partners | Resultaat 2022 | Stand van zaken | Laatste update |" in nl
    )
    assert "**Doel:** De sociale kwaliteit behouden." in nl


def test_bundled_programme_without_progress(invoke: Invoke, tmp_path: Path) -> None:
    programme = tmp_path / "programma.yaml"
    programme.write_bytes(BUNDLED.read_bytes())  # the log it names does not exist here
    data = as_json(invoke, "--as-of", "2021-12-31", file=programme)
    assert data["totals"]["measures"] == 104
    assert data["totals"]["counts"]["not_started"] == 104
    assert data["totals"]["share_done_or_on_track"] == 0.0
    assert [f["measures"] for f in data["fields"]] == [28, 19, 14, 21, 22]
    md = report(invoke, "--as-of", "2021-12-31", "--format", "markdown", file=programme)
    assert "Nog geen update" in md
    assert "Geen doel geformuleerd." in md  # Veilig in en om school has no goal


def test_output_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "rapportage.html"
    result = invoke(["report", "-f", str(PROGRAMME), "--format", "html", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["rapportage.html"]


@pytest.mark.parametrize("name", ["programma.yaml", "voortgang.yaml"])
def test_output_never_replaces_the_programme_or_its_log(
    invoke: Invoke, tmp_path: Path, name: str
) -> None:
    for source in (PROGRAMME, PROGRAMME.parent / "voortgang.yaml"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    before = (tmp_path / name).read_bytes()
    result = invoke(
        [
            "report",
            "-f",
            str(tmp_path / "programma.yaml"),
            "--format",
            "csv",
            "-o",
            str(tmp_path / name),
        ]
    )
    assert result.exit_code == 2
    assert f"--output {tmp_path / name} is " in result.stderr
    assert "a file this command reads; write to another file" in result.stderr
    assert (tmp_path / name).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["programma.yaml", "voortgang.yaml"]


def test_output_to_a_folder_says_so(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["report", "-f", str(PROGRAMME), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "it is a folder; give the path of a file (nothing was written)" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--field", "1", "--theme", "2.1"],
            2,
            "avp: error: choose one scope: --field and --theme cannot be combined",
        ),
        (
            ["--as-of", "2022-02-30"],
            2,
            "avp: error: --as-of '2022-02-30' is not a date; write it as YYYY-MM-DD",
        ),
        (["--partner", "polite"], 2, "avp: error: no partner 'polite'"),
    ],
)
def test_bad_options(invoke: Invoke, args: list[str], code: int, message: str) -> None:
    result = invoke(["report", "-f", str(PROGRAMME), *args])
    assert result.exit_code == code
    assert result.stderr.startswith(message)
