"""`avp progress add/list` and progress in `list`/`show`, through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, MINIMAL, Invoke

SOURCE = FIXTURES / "report"


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(SOURCE / name, tmp_path / name)
    return tmp_path / "programma.yaml"


def log_of(programme: Path) -> Path:
    return programme.parent / "voortgang.yaml"


def entries(invoke: Invoke, programme: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = invoke(["progress", "list", "-f", str(programme), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if result.stdout else []


def add(invoke: Invoke, programme: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke(["progress", "add", "-f", str(programme), *args])


def test_add_appends_and_prints_the_entry(invoke: Invoke, programme: Path) -> None:
    before = log_of(programme).read_bytes()
    result = add(
        invoke,
        programme,
        "2.1.1",
        "--status",
        "op koers",
        "--note",
        "Voorlichting gegeven.",
        "--date",
        "2022-10-01",
        "--author",
        "P. Bakker",
        "--source",
        "jaarverslag VRR",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "measure": "2.1.1",
        "date": "2022-10-01",
        "status": "on_track",
        "target": None,
        "count": None,
        "value": None,
        "note": "Voorlichting gegeven.",
        "author": "P. Bakker",
        "source": "jaarverslag VRR",
        "correction": None,
    }
    assert result.stderr.startswith("added to ")
    after = log_of(programme).read_bytes()
    assert after.startswith(before)
    assert invoke(["validate", "-f", str(programme)]).exit_code == 0
    assert entries(invoke, programme, "2.1.1")[-1]["note"] == "Voorlichting gegeven."


def test_add_defaults_date_and_author(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    monkeypatch.setattr("avp.progress.author.default_author", lambda cwd=None: "Standaard Auteur")
    result = add(
        invoke, programme, "1.1.1", "--status", "done", "--note", "Klaar.", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)
    assert entry["author"] == "Standaard Auteur"
    # the programme ended in 2022, so today's date gets an outside-the-period warning
    assert entry["date"] == dt.date.today().isoformat()
    assert "outside-period" in result.stderr


def test_an_error_is_said_once(invoke: Invoke, programme: Path) -> None:
    result = add(invoke, programme, "1.1.1", "--status", "on_track", "--note", "x", "--date",
                 "2099-01-01")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.count("date 2099-01-01 is in the future") == 1, result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["1.1.99", "--status", "on_track", "--note", "x"],
            1,
            "avp: error: no field, theme or measure '1.1.99'; did you mean '1.1.2'?",
        ),
        (
            ["1.1.1", "--status", "on_track", "--note", "x", "--date", "2022-02-30"],
            1,
            "avp: error: --date '2022-02-30' is not a date; write it as YYYY-MM-DD",
        ),
        (["1.1.1", "--status", "groen", "--note", "x"], 1, "avp: error: unknown status 'groen'"),
        (
            ["1.1.1", "--status", "at_risk", "--note", "x"],
            1,
            "avp: error: status at_risk (aandacht) needs --correction",
        ),
        (
            ["1.1.1", "--status", "on_track", "--note", "wis\x1b[2Jscherm"],
            1,
            "avp: error: note: text holds control characters (U+001B); remove them",
        ),
        (
            ["1.1.1", "--status", "on_track", "--note", "bel\x07"],
            1,
            "avp: error: note: text holds control characters (U+0007)",
        ),
        (
            ["1.1.1", "--status", "on_track", "--note", "x", "--date", "2099-01-01"],
            1,
            "avp: error: the entry was not added to",
        ),
        (["1.1.1", "--note", "x"], 2, "avp: error: missing --status (no terminal to ask on)"),
        (["1.1.1"], 2, "avp: error: missing --status and --note (no terminal to ask on)"),
    ],
)
def test_bad_input_changes_nothing(
    invoke: Invoke, programme: Path, args: list[str], code: int, message: str
) -> None:
    before = log_of(programme).read_bytes()
    result = add(invoke, programme, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert log_of(programme).read_bytes() == before
    assert sorted(p.name for p in programme.parent.iterdir() if not p.name.endswith(".lock")) == [
        "programma.yaml",
        "voortgang.yaml",
    ]


@pytest.mark.parametrize(
    "note",
    [
        "[bold red]vet[/bold red] [link=https://evil.example]klik[/link]",
        "<script>alert(1)</script> & <b>html</b>",
        '=HYPERLINK("http://evil.example")',
        "on",
        "012",
        "- lijst: # geen commentaar",
        "regel 1\nregel 2",
        "\u202ekeerom",
    ],
)
def test_notes_are_stored_and_shown_verbatim(invoke: Invoke, programme: Path, note: str) -> None:
    result = add(
        invoke,
        programme,
        "2.1.1",
        "--status",
        "on_track",
        "--note",
        note,
        "--date",
        "2022-10-01",
        "--author",
        "T",
    )
    if "\u202e" in note:  # bidi overrides are refused like control characters
        assert result.exit_code == 1
        return
    assert result.exit_code == 0, result.output
    assert entries(invoke, programme, "2.1.1")[-1]["note"] == note
    table = invoke(["progress", "list", "2.1.1", "-f", str(programme)], env={"COLUMNS": "300"})
    assert note.splitlines()[0] in table.stdout
    assert "\x1b[" not in table.stdout


def test_interactive_asks_for_missing_values(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("avp.cli.progress._interactive", lambda: True)
    result = invoke(
        [
            "progress",
            "add",
            "-f",
            str(programme),
            "2.1.1",
            "--date",
            "2022-10-01",
            "--author",
            "T",
            "--format",
            "json",
        ],
        input="achter\nControle uitgesteld.\nNieuwe datum in november.\n",
    )
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout[result.stdout.index("{") :])
    assert (entry["status"], entry["note"], entry["correction"]) == (
        "off_track",
        "Controle uitgesteld.",
        "Nieuwe datum in november.",
    )


def test_programme_without_a_log(invoke: Invoke) -> None:
    result = invoke(
        ["progress", "add", "-f", str(MINIMAL), "1.1.1", "--status", "done", "--note", "x"]
    )
    assert result.exit_code == 2
    assert "names no progress log; add a line 'progress_log: voortgang.yaml'" in result.stderr


def test_add_creates_a_missing_log(invoke: Invoke, programme: Path) -> None:
    log_of(programme).unlink()
    result = add(
        invoke,
        programme,
        "1.1.1",
        "--status",
        "done",
        "--note",
        "x",
        "--date",
        "2022-01-05",
        "--author",
        "T",
    )
    assert result.exit_code == 0, result.output
    assert log_of(programme).read_text(encoding="utf-8").startswith("# yaml-language-server:")
    assert [e["measure"] for e in entries(invoke, programme)] == ["1.1.1"]


def test_invalid_log_is_not_written(invoke: Invoke, programme: Path) -> None:
    log = log_of(programme)
    log.write_text(
        log.read_text(encoding="utf-8").replace("measure: 2.1.1", "measure: 9.9.9"),
        encoding="utf-8",
    )
    before = log.read_bytes()
    result = add(
        invoke,
        programme,
        "1.1.1",
        "--status",
        "done",
        "--note",
        "x",
        "--date",
        "2022-01-05",
        "--author",
        "T",
    )
    assert result.exit_code == 1
    assert (
        "voortgang.yaml:19:14: error: entries[3].measure: unknown measure '9.9.9'" in result.stderr
    )
    assert log.read_bytes() == before


def test_list_filters(invoke: Invoke, programme: Path) -> None:
    assert [e["date"] for e in entries(invoke, programme)] == [
        "2021-10-01",
        "2022-03-31",
        "2022-06-30",
        "2022-07-15",
        "2022-09-01",
    ]
    assert [e["measure"] for e in entries(invoke, programme, "1.1.2")] == ["1.1.2", "1.1.2"]
    since = entries(invoke, programme, "--since", "2022-06-30", "--until", "2022-08-01")
    assert [e["date"] for e in since] == ["2022-06-30", "2022-07-15"]
    assert [e["measure"] for e in entries(invoke, programme, "--partner", "boa")] == [
        "1.1.2",
        "1.1.2",
    ]
    assert [e["measure"] for e in entries(invoke, programme, "--field", "2")] == ["2.1.1"]
    keys = {"measure", "date", "status", "target", "count", "value", "note", "author"}
    keys |= {"source", "correction"}
    assert all(set(e) == keys for e in entries(invoke, programme))


def test_list_no_match(invoke: Invoke, programme: Path) -> None:
    result = invoke(["progress", "list", "-f", str(programme), "--since", "2023-01-01"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "no progress entries match\n",
    )


def test_current_status_in_list_and_show(invoke: Invoke, programme: Path) -> None:
    result = invoke(["list", "-f", str(programme), "--format", "json"])
    statuses = {r["id"]: r["status"] for r in json.loads(result.stdout)}
    assert statuses == {"1.1.1": "done", "1.1.2": "on_track", "2.1.1": "off_track"}
    result = invoke(["list", "-f", str(programme), "--status", "achter", "--format", "json"])
    assert [r["id"] for r in json.loads(result.stdout)] == ["2.1.1"]
    shown = json.loads(invoke(["show", "1.1.2", "-f", str(programme), "--format", "json"]).stdout)
    assert shown["status"] == "on_track"
    assert [h["date"] for h in shown["history"]] == ["2022-03-31", "2022-09-01"]
    card = invoke(["show", "1.1.2", "-f", str(programme)], env={"COLUMNS": "200"}).stdout
    assert "31 maart 2022  aandacht  <script>alert('x')</script> minder toezicht" in card
    assert "Bijsturing: =HYPERLINK(" in card


def test_same_day_entries_keep_log_order(invoke: Invoke, programme: Path) -> None:
    for status, note in (("at_risk", "eerst"), ("on_track", "daarna")):
        extra = ["--correction", "c"] if status == "at_risk" else []
        assert (
            add(
                invoke,
                programme,
                "2.1.1",
                "--status",
                status,
                "--note",
                note,
                "--date",
                "2022-11-01",
                "--author",
                "T",
                *extra,
            ).exit_code
            == 0
        )
    shown = json.loads(invoke(["show", "2.1.1", "-f", str(programme), "--format", "json"]).stdout)
    assert shown["status"] == "on_track"
    assert [h["note"] for h in shown["history"]][-2:] == ["eerst", "daarna"]
