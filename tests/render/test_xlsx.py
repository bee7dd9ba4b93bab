"""--format xlsx: a workbook read back with openpyxl (issue 15, "Spreadsheet output")."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from avp.i18n import phrase
from avp.programme.status import Status
from avp.render.output import Column
from avp.render.style import status_hex, verdict_hex
from avp.render.xlsx import sheet_title, workbook_bytes
from avp.targets.verdicts import Verdict
from tests.conftest import BUNDLED, FIXTURES, Invoke

SOURCE = FIXTURES / "report"


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(SOURCE / name, tmp_path / name)
    with (tmp_path / "voortgang.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "  - measure: 2.1.1\n    date: 2022-10-01\n    status: off_track\n"
            '    note: "=1+1"\n    author: "@SUM(A1:A2)"\n    correction: "+31 10 123"\n'
        )
    return tmp_path / "programma.yaml"


def _fill(cell: object) -> str:
    return str(cell.fill.fgColor.rgb)[-6:].upper()  # type: ignore[attr-defined]


def _read(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def _rows(sheet: object) -> tuple[list[str], list[list[object]]]:
    cells = list(sheet.iter_rows())  # type: ignore[attr-defined]
    header = [c.value for c in cells[0]]
    return header, [list(row) for row in cells[1:]]


def test_progress_list_as_a_workbook(invoke: Invoke, programme: Path, tmp_path: Path) -> None:
    """Dates are dates, text is never a formula, statuses are coloured, the header is
    frozen, columns have widths."""
    out = tmp_path / "voortgang.xlsx"
    result = invoke(["progress", "list", "-f", programme, "--format", "xlsx", "-o", out])
    assert result.exit_code == 0, result.output
    sheet = _read(out).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    header, rows = _rows(sheet)
    assert header[:3] == ["Datum", "Maatregel", "Status"]
    assert all(cell.font.bold for cell in sheet[1])
    col = {name: i for i, name in enumerate(header)}
    first = rows[0]
    assert first[col["Datum"]].value == dt.datetime(2021, 10, 1)  # a date cell, not text
    assert first[col["Datum"]].is_date
    last = rows[-1]
    for key, text in (
        ("Toelichting", "=1+1"),
        ("Door", "@SUM(A1:A2)"),
        ("Bijsturing", "+31 10 123"),
    ):
        cell = last[col[key]]
        assert cell.value == text and cell.data_type == "s", key  # text, not a formula
    assert _fill(last[col["Status"]]) == status_hex(Status.off_track).lstrip("#").upper()
    assert _fill(first[col["Status"]]) == status_hex(Status.on_track).lstrip("#").upper()
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["A"] >= 10  # a date fits
    note = sheet.column_dimensions[openpyxl.utils.get_column_letter(col["Toelichting"] + 1)].width
    assert note > widths["A"]


def test_list_as_a_workbook_to_stdout_when_piped(invoke: Invoke, programme: Path) -> None:
    result = invoke(["list", "-f", programme, "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"PK")


def test_xlsx_is_not_written_to_a_terminal(programme: Path) -> None:
    import sys

    # CliRunner swaps sys.stdout while it runs: make its stream say it is a terminal.
    from typer.testing import CliRunner

    from avp.cli import app

    class Tty(CliRunner):
        def isolation(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            context = super().isolation(*args, **kwargs)

            class Wrapped:
                def __enter__(self):  # type: ignore[no-untyped-def]
                    streams = context.__enter__()
                    sys.stdout.isatty = lambda: True  # type: ignore[method-assign]
                    return streams

                def __exit__(self, *exc):  # type: ignore[no-untyped-def]
                    return context.__exit__(*exc)

            return Wrapped()

    result = Tty().invoke(app, ["list", "-f", str(programme), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "xlsx is a binary file, not for a terminal: write it with -o FILE.xlsx" in (
        result.stderr
    )
    assert result.stdout_bytes == b""


def test_targets_as_a_workbook(invoke: Invoke, tmp_path: Path) -> None:
    """Numbers are numbers and verdicts have the report's colours."""
    out = tmp_path / "doelen.xlsx"
    result = invoke(["targets", "list", "-f", BUNDLED, "--as-of", "2022-06-30", "-o", out])
    assert result.exit_code == 0, result.output
    header, rows = _rows(_read(out).worksheets[0])
    col = {name: i for i, name in enumerate(header)}
    required = [r[col["Vereist"]].value for r in rows if r[col["Vereist"]].value is not None]
    assert required and all(isinstance(v, int | float) for v in required)
    verdicts = {phrase("nl", f"verdict.{v.value}"): v for v in Verdict}
    for row in rows:
        verdict = verdicts[row[col["Oordeel"]].value]  # the label, coloured as its verdict
        assert _fill(row[col["Oordeel"]]) == verdict_hex(verdict).lstrip("#").upper()


def test_the_report_as_a_workbook(invoke: Invoke, programme: Path, tmp_path: Path) -> None:
    """One table with the csv's rows and columns (result too), statuses coloured."""
    out = tmp_path / "rapport.xlsx"
    result = invoke(["report", "-f", programme, "--as-of", "2022-12-31", "-o", out])
    assert result.exit_code == 0, result.output
    book = _read(out)
    assert len(book.worksheets) == 1
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    header, rows = _rows(sheet)
    assert {"Resultaat", "Status", "Laatste update", "Normen"} <= set(header)
    col = {name: i for i, name in enumerate(header)}
    by_id = {r[col["Nr."]].value: r for r in rows}
    row = by_id["2.1.1"]
    assert row[col["Status"]].value == "achter"
    assert _fill(row[col["Status"]]) == status_hex(Status.off_track).lstrip("#").upper()
    assert row[col["Laatste update"]].is_date
    assert row[col["Bijsturing"]].value == "+31 10 123"
    assert row[col["Bijsturing"]].data_type == "s"
    assert by_id["1.1.1"][col["Resultaat"]].value == "Burenruzies worden opgelost."


def test_text_is_never_a_formula_and_controls_are_removed() -> None:
    columns = [Column("a", "=header"), Column("b", "b"), Column("c", "c")]
    records = [{"a": "=1+1", "b": "-2+3", "c": ["@SUM(A1)", "x\x07y"]}]
    path_bytes = workbook_bytes([("Blad [1]: test/2", records, columns)])
    import io

    book = openpyxl.load_workbook(io.BytesIO(path_bytes))
    sheet = book.worksheets[0]
    assert sheet.title == "Blad  1   test 2"
    values = [(c.value, c.data_type) for c in sheet[1]] + [(c.value, c.data_type) for c in sheet[2]]
    assert values == [
        ("=header", "s"),
        ("b", "s"),
        ("c", "s"),
        ("=1+1", "s"),
        ("-2+3", "s"),
        ("@SUM(A1)\nxy", "s"),
    ]


def test_sheet_titles_are_unique_and_short() -> None:
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("Brielle", ["brielle"]) == "Brielle (2)"


def test_cells_are_cleaned_as_the_terminal_is() -> None:
    from avp.render import output, xlsx

    assert xlsx._UNSAFE.pattern == output._UNSAFE.pattern


def _book(path: Path) -> tuple[str, list[str], list[dict[str, object]], list[list[object]]]:
    """The one sheet's name, header, rows by header and cells."""
    book = _read(path)
    assert len(book.worksheets) == 1
    sheet = book.worksheets[0]
    header, rows = _rows(sheet)
    return (
        sheet.title,
        header,
        [dict(zip(header, [c.value for c in r], strict=True)) for r in rows],
        rows,
    )


def _in_dutch(header: list[str]) -> None:
    assert len(header) == len(set(header)), header  # each column headed apart
    for name in header:  # no key (status_label, differs from status, period label)
        assert "_" not in name and name not in {"date", "measure", "status", "kind", "id"}, name
    assert "differs from status" not in header and "period label" not in header


def test_workbooks_are_in_the_programmes_language(
    invoke: Invoke, programme: Path, tmp_path: Path
) -> None:
    """Issue 15, point 1: every workbook is for people as the table format is: headers,
    statuses, verdicts, kinds and levels in the programme's language, each column headed
    apart, the sheet named after what it holds, yes/no as 'ja' or empty everywhere (as the
    table and the report), the cells still coloured; csv stays data (keys)."""
    log = programme.parent / "voortgang.yaml"
    with log.open("a", encoding="utf-8") as file:
        file.write("  - measure: 1.1.1\n    date: 2022-11-01\n    evaluation: true\n")
        file.write("    author: P. Bakker\n    note: Vaste koppels werken het best.\n")
    workbooks = {}
    for name, command in (
        ("lijst", ["list", "-f", programme]),
        ("voortgang", ["progress", "list", "-f", programme]),
        ("normen", ["targets", "list", "-f", BUNDLED, "--as-of", "2022-12-31"]),
        ("rapport", ["report", "-f", programme, "--as-of", "2022-12-31"]),
    ):
        out = tmp_path / f"{name}.xlsx"
        result = invoke([*command, "-o", out])
        assert result.exit_code == 0, result.output
        workbooks[name] = _book(out)
    statuses = {phrase("nl", f"status.{s.value}"): s for s in Status}
    verdicts = {phrase("nl", f"verdict.{v.value}"): v for v in Verdict}

    title, header, records, cells = workbooks["lijst"]
    _in_dutch(header)
    assert title == "Maatregelen"
    assert {"Nr. veld", "Veiligheidsveld", "Nr. thema", "Thema", "Status"} <= set(header)
    col = header.index("Status")
    for record, row in zip(records, cells, strict=True):
        status = statuses[str(record["Status"])]  # a label, not on_track
        assert _fill(row[col]) == status_hex(status).lstrip("#").upper()

    title, header, records, cells = workbooks["voortgang"]
    _in_dutch(header)
    assert title == "Voortgang"
    assert header[:3] == ["Datum", "Maatregel", "Status"]
    assert {r["Status"] for r in records} - {None} <= set(statuses)
    assert {r["Les (evaluatie)"] for r in records} == {"ja", None}

    title, header, records, cells = workbooks["normen"]
    _in_dutch(header)
    assert title == "Normen"
    assert {"Soort", "Periode voluit", "Wijkt af van de status", "Oordeel"} <= set(header)
    assert "op te leveren" in {r["Soort"] for r in records}
    assert {r["Niveau"] for r in records} <= {"maatregel", "thema", "veld"}
    assert {r["Oordeel"] for r in records} <= set(verdicts)
    assert {r["Wijkt af van de status"] for r in records} <= {"ja", None}

    title, header, records, cells = workbooks["rapport"]
    _in_dutch(header)
    assert {r["Niveau"] for r in records} <= {"aandachtspunt", "maatregel", "thema", "veld"}
    assert {r["Wijkt af van de status"] for r in records} <= {"ja", None}

    for _, _, records, _ in workbooks.values():  # yes/no one way: never a real boolean
        assert not any(isinstance(v, bool) for r in records for v in r.values())

    data = invoke(["progress", "list", "-f", programme, "--format", "csv"])
    assert data.stdout.splitlines()[0].startswith("date,measure,status")
    assert "off_track" in data.stdout and "True" in data.stdout  # data: keys, booleans
