"""-o FILE: the format follows the file's suffix; csv for Excel (issue 15, points 2 and 9)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from avp.render.output import csv_cell
from tests.conftest import BUNDLED, FIXTURES, Invoke

SOURCE = FIXTURES / "report"

#: Every command with -o, with arguments that give it rows to write.
COMMANDS = [
    ["report", "--as-of", "2022-06-30"],
    ["list"],
    ["targets", "list", "--as-of", "2022-06-30"],
    ["progress", "list"],
]


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(SOURCE / name, tmp_path / name)
    return tmp_path / "programma.yaml"


def _file(command: list[str], programme: Path) -> list[str]:
    # The report fixture has no targets: targets list reads the bundled programme.
    return ["-f", str(BUNDLED if command[0] == "targets" else programme)]


def test_report_to_an_html_file_is_html(invoke: Invoke, programme: Path, tmp_path: Path) -> None:
    """Issue 15, point 2: `avp report -o rapport.html` without --format writes HTML."""
    out = tmp_path / "rapport.html"
    result = invoke(["report", "-f", programme, "--as-of", "2022-06-30", "-o", out])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert f"wrote {out}" in result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".json", lambda data: json.loads(data.decode("utf-8")) is not None),
        (".csv", lambda data: data.startswith("\ufeff".encode())),
        (".md", lambda data: b"|" in data or data.startswith(b"#")),
        (".txt", lambda data: b"\x1b[" not in data and len(data) > 100),
        (".xlsx", lambda data: data.startswith(b"PK")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_the_suffix_chooses_the_format(
    invoke: Invoke, programme: Path, tmp_path: Path, command: list[str], suffix: str, check: object
) -> None:
    """Issue 15, point 2: -o x.json|.csv|.md|.txt|.xlsx picks the format on every command
    with -o (list, targets list and progress list have one now)."""
    out = tmp_path / f"uit{suffix}"
    result = invoke([*command, *_file(command, programme), "-o", out])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # all of it went to the file
    assert callable(check) and check(out.read_bytes())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_format_that_disagrees_with_the_suffix_is_refused(
    invoke: Invoke, programme: Path, tmp_path: Path, command: list[str]
) -> None:
    """Issue 15, point 2: --format json -o x.csv is a usage error (exit 2), nothing written."""
    out = tmp_path / "uit.csv"
    result = invoke([*command, *_file(command, programme), "--format", "json", "-o", out])
    assert result.exit_code == 2
    assert result.stderr == (
        f"avp: error: --format json and -o {out} disagree: the suffix '.csv' says csv; "
        "leave out --format, or change one of them\n"
    )
    assert not out.exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_an_unknown_suffix_needs_a_format(
    invoke: Invoke, programme: Path, tmp_path: Path, command: list[str]
) -> None:
    """Issue 15, point 2: -o x.pdf without --format is an error; with --format it is written."""
    out = tmp_path / "uit.pdf"
    result = invoke([*command, *_file(command, programme), "-o", out])
    assert result.exit_code == 2
    assert "no format has the suffix '.pdf'" in result.stderr
    assert "--format" in result.stderr and ".xlsx" in result.stderr
    assert not out.exists()
    result = invoke([*command, *_file(command, programme), "-o", out, "--format", "json"])
    assert result.exit_code == 0, result.output
    json.loads(out.read_text(encoding="utf-8"))


def test_the_same_format_twice_is_fine(invoke: Invoke, programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.md"
    result = invoke(["report", "-f", programme, "--format", "markdown", "-o", out])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_an_xlsx_suffix_is_refused_where_there_is_no_xlsx(
    invoke: Invoke, programme: Path, tmp_path: Path
) -> None:
    """The end evaluation has no workbook: -o eind.xlsx says so."""
    out = tmp_path / "eind.xlsx"
    result = invoke(["report", "--final", "-f", programme, "-o", out])
    assert result.exit_code == 2
    assert "(--final) has no xlsx format" in result.stderr
    assert not out.exists()


def test_output_never_replaces_the_programme_or_its_log(invoke: Invoke, programme: Path) -> None:
    log = programme.parent / "voortgang.yaml"
    before = log.read_bytes()
    result = invoke(["progress", "list", "-f", programme, "--format", "csv", "-o", log])
    assert result.exit_code == 2
    assert "a file this command reads" in result.stderr
    assert log.read_bytes() == before


def _csv_rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_a_csv_file_starts_with_a_byte_order_mark(
    invoke: Invoke, programme: Path, tmp_path: Path
) -> None:
    """Issue 15, point 9: a csv file is UTF-8 with a BOM (Excel reads it as UTF-8); stdout,
    for programs, has none."""
    out = tmp_path / "lijst.csv"
    assert invoke(["list", "-f", programme, "-o", out]).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(data.decode("utf-8-sig"))
    assert rows[0]["id"] == "1.1.1"
    piped = invoke(["list", "-f", programme, "--format", "csv"]).stdout
    assert piped.startswith("id,")


def test_the_dutch_excel_dialect(invoke: Invoke, programme: Path, tmp_path: Path) -> None:
    """Issue 15, point 9: --csv-dialect excel-nl: semicolons, a decimal comma, a BOM on
    stdout too, and still no cell that starts a formula."""
    log = programme.parent / "voortgang.yaml"
    with log.open("a", encoding="utf-8") as file:
        file.write(
            "  - measure: 1.1.1\n    date: 2022-10-01\n    status: done\n"
            '    note: "=1+1"\n    author: "@SUM(A1:A2)"\n'
        )
    result = invoke(["progress", "list", "-f", programme, "--format", "csv", "--csv-dialect",
                     "excel-nl"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeffdate;measure;")
    rows = _csv_rows(result.stdout.removeprefix("\ufeff"), ";")
    last = rows[-1]
    assert csv_cell(9.4, "excel-nl") == "9,4" and csv_cell(9.4) == "9.4"
    assert last["note"] == "'=1+1" and last["author"] == "'@SUM(A1:A2)"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    out = tmp_path / "rapport.csv"
    result = invoke(["report", "-f", programme, "-o", out, "--csv-dialect", "excel-nl"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith("\ufefflevel;field;".encode())


def test_the_report_csv_has_the_result(invoke: Invoke, programme: Path) -> None:
    """Issue 15, point 9: the csv report has a ``result`` column: the measure's result."""
    result = invoke(["report", "-f", programme, "--as-of", "2022-06-30", "--format", "csv"])
    rows = {r["id"]: r for r in _csv_rows(result.stdout)}
    assert rows["1.1.1"]["result"] == "Burenruzies worden opgelost."


def test_targets_in_a_csv_cell_are_one_a_line(invoke: Invoke) -> None:
    """Issue 15, point 9: the targets of a measure are one a line within the cell, not
    joined with ';' (which the targets' own text holds): each line is one whole target."""
    args = ["report", "-f", BUNDLED, "--as-of", "2022-06-30"]
    data = json.loads(invoke([*args, "--format", "json"]).stdout)
    targets = {
        m["id"]: [t["description"] for t in m["targets"]]
        for f in data["fields"]
        for t in f["themes"]
        for m in t["measures"]
    }
    rows = _csv_rows(invoke([*args, "--format", "csv"]).stdout)
    several = 0
    for row in rows:
        if row["level"] != "measure":
            continue
        lines = row["targets"].splitlines()
        assert len(lines) == len(targets[row["id"]]), row["id"]
        for line, description in zip(lines, targets[row["id"]], strict=True):
            assert line.startswith(description), (line, description)
        several += len(lines) > 1
    assert several  # measures with more than one target, so the split was tested
    assert any(";" in row["targets"] for row in rows)  # and texts with a ';' of their own
