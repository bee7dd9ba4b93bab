"""`avp progress add/list` and progress in `list`/`show`, through the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, FIXTURES, MINIMAL, Invoke

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
    record = json.loads(result.stdout)
    assert re.fullmatch(r"[a-z2-7]{10}", record.pop("id"))  # the entry's own id (README, Git)
    assert record == {
        "measure": "2.1.1",
        "date": "2022-10-01",
        "status": "on_track",
        "target": None,
        "count": None,
        "value": None,
        "period": None,
        "note": "Voorlichting gegeven.",
        "author": "P. Bakker",
        "source": "jaarverslag VRR",
        "correction": None,
        "evaluation": False,
    }
    assert result.stderr.startswith("added to ")
    after = log_of(programme).read_bytes()
    assert after.startswith(before)
    assert invoke(["validate", "-f", str(programme)]).exit_code == 0
    assert entries(invoke, programme, "2.1.1")[-1]["note"] == "Voorlichting gegeven."


PERIOD = "period: {start: 2021-01-01, end: 2022-12-31}"


def with_period(programme: Path, start: dt.date, end: dt.date) -> Path:
    """The programme with its period moved (its log emptied: old entries fall outside)."""
    text = programme.read_text(encoding="utf-8")
    assert PERIOD in text
    programme.write_text(text.replace(PERIOD, f"period: {{start: {start}, end: {end}}}"), "utf-8")
    log_of(programme).write_text("entries:\n", encoding="utf-8")
    return programme


def test_add_defaults_date_and_author_within_the_period(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("avp.progress.author.default_author", lambda cwd=None: "Standaard Auteur")
    today = dt.date.today()
    with_period(programme, today - dt.timedelta(days=30), today + dt.timedelta(days=300))
    result = add(
        invoke, programme, "1.1.1", "--status", "done", "--note", "Klaar.", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)
    assert entry["author"] == "Standaard Auteur"
    assert entry["date"] == today.isoformat()
    assert "warning" not in result.stderr


def test_after_the_period_the_date_is_asked_not_today(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The programme ended in 2022: on a terminal avp asks, offering the period's last day."""
    monkeypatch.setattr("avp.cli.progress._interactive", lambda: True)
    args = ["1.1.1", "--status", "done", "--note", "x", "--author", "T", "--format", "json"]
    result = invoke(["progress", "add", "-f", programme, *args], input="\n")
    assert result.exit_code == 0, result.output
    assert "Date (the programme's period ended on 2022-12-31; YYYY-MM-DD) [2022-12-31]:" in (
        result.stdout
    )
    assert json.loads(result.stdout[result.stdout.index("{") :])["date"] == "2022-12-31"
    # An answer that is no date is asked again.
    result = invoke(["progress", "add", "-f", programme, *args], input="30-06-2022\n2022-06-30\n")
    assert result.exit_code == 0, result.output
    assert "'30-06-2022' is not a date; write it as YYYY-MM-DD" in result.output
    assert json.loads(result.stdout[result.stdout.index("{") :])["date"] == "2022-06-30"


def test_before_the_period_the_date_is_asked_or_required(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = dt.date.today()
    start = today + dt.timedelta(days=10)
    with_period(programme, start, start + dt.timedelta(days=700))
    args = ["1.1.1", "--status", "on_track", "--note", "x", "--author", "T"]
    before = log_of(programme).read_bytes()
    result = add(invoke, programme, *args)
    assert result.exit_code == 2
    assert f"the programme's period starts on {start.isoformat()}" in result.stderr
    assert "--date YYYY-MM-DD" in result.stderr
    assert log_of(programme).read_bytes() == before
    monkeypatch.setattr("avp.cli.progress._interactive", lambda: True)
    result = invoke(["progress", "add", "-f", programme, *args, "--format", "json"], input="\n")
    assert result.exit_code == 0, result.output
    assert f"[{today.isoformat()}]:" in result.stdout  # today, not the future start
    assert json.loads(result.stdout[result.stdout.index("{") :])["date"] == today.isoformat()


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
            2,
            "avp: error: no field, theme or measure '1.1.99'; did you mean '1.1.2'?",
        ),
        (
            ["1.1.1", "--status", "on_track", "--note", "x", "--date", "2022-02-30"],
            2,
            "avp: error: --date '2022-02-30' is not a date; write it as YYYY-MM-DD",
        ),
        (
            ["1.1.1", "--status", "groen", "--note", "x", "--date", "2022-06-01"],
            2,
            "avp: error: unknown status 'groen'",
        ),
        (
            ["1.1.1", "--status", "at_risk", "--note", "x", "--date", "2022-06-01"],
            2,
            "avp: error: status at_risk (aandacht) needs --correction",
        ),
        (
            ["1.1.1", "--status", "on_track", "--note", "wis\x1b[2Jscherm", "--date", "2022-06-01"],
            2,
            "avp: error: note: text holds control characters (U+001B); remove them",
        ),
        (
            ["1.1.1", "--status", "on_track", "--note", "bel\x07", "--date", "2022-06-01"],
            2,
            "avp: error: note: text holds control characters (U+0007)",
        ),
        (
            ["1.1.1", "--status", "on_track", "--note", "x", "--date", "2099-01-01"],
            1,
            "avp: error: the entry was not added to",
        ),
        (
            ["1.1.1", "--note", "x", "--date", "2022-06-01"],
            2,
            "avp: error: missing --status (no terminal to ask on)",
        ),
        (
            ["1.1.1", "--date", "2022-06-01"],
            2,
            "avp: error: missing --status and --note (no terminal to ask on)",
        ),
        (
            ["1.1.1"],
            2,
            "avp: error: missing --status, --note and --date (no terminal to ask on); the "
            "programme's period ended on 2022-12-31, so the date is not today by default: "
            "give the day it happened with --date YYYY-MM-DD",
        ),
        (
            ["1.1.1", "--status", "done", "--note", "x"],
            2,
            "avp: error: missing --date (no terminal to ask on)",
        ),
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
        assert result.exit_code == 2  # a bad option value
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


@pytest.mark.parametrize("interactive", [False, True])
def test_add_without_a_chosen_programme_writes_nothing(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interactive: bool
) -> None:
    """No --file, AVP_FILE or avp.toml (the working directory is an empty tmp_path): the
    bundled programme is not written to, not even in an editable install, and nothing is
    asked first."""
    monkeypatch.setattr("avp.cli.progress._interactive", lambda: interactive)
    log = BUNDLED.with_name("voortgang-2021-2022.yaml")
    existed = log.exists()
    before = log.read_bytes() if existed else None
    args = ["1.1.1", "--status", "done", "--note", "x", "--date", "2022-06-30", "--author", "T"]
    result = invoke(["progress", "add", *args], input="")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        "avp: error: no programme was chosen, and avp writes only to a programme you chose, "
        "never to the one bundled with it ("
    )
    assert result.stderr.endswith(
        f"{BUNDLED.name}); nothing was written. Choose yours with --file PATH, the environment "
        "variable AVP_FILE, or an avp.toml in this folder (or a parent) with the line "
        'programme = "path/to/programme.yaml"\n'
    )
    assert log.exists() == existed and (log.read_bytes() if existed else None) == before
    assert list(tmp_path.iterdir()) == []
    # Through an avp.toml (or --file, AVP_FILE) the same command writes.
    shutil.copy(SOURCE / "programma.yaml", tmp_path / "programma.yaml")
    (tmp_path / "avp.toml").write_text('programme = "programma.yaml"\n', encoding="utf-8")
    result = invoke(["progress", "add", *args])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "voortgang.yaml").is_file()


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
    keys |= {"source", "correction", "evaluation", "id", "period"}
    keys |= {"supersedes", "retracts", "superseded_by", "retracted_by"}  # avp progress amend
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


def test_prompts_show_the_choices_and_ask_again(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15, point 4: `Status:` showed no choices and a wrong word aborted the command.
    Now the prompt lists the statuses in the programme's language, a wrong answer is asked
    again (nothing typed is lost), and the date is asked, today by default."""
    monkeypatch.setattr("avp.cli.progress._interactive", lambda: True)
    monkeypatch.setattr("avp.cli.progress._outside", lambda start, end, today: None)
    result = invoke(
        ["progress", "add", "-f", str(programme), "2.1.1", "--author", "T", "--format", "json"],
        input="2022-10-01\nachtr\nachter\nControle uitgesteld.\nNieuwe datum in november.\n",
    )
    assert result.exit_code == 0, result.output
    today = dt.date.today().isoformat()
    assert f"Date (YYYY-MM-DD) [{today}]:" in result.stdout
    choices = "Status (op koers, aandacht, achter, afgerond, vervallen, niet gestart):"
    assert result.stdout.count(choices) == 2  # asked again after the wrong word
    assert "'achtr' is not a status; choose from op koers, aandacht, achter" in result.output
    entry = json.loads(result.stdout[result.stdout.index("{") :])
    assert (entry["date"], entry["status"], entry["note"], entry["correction"]) == (
        "2022-10-01",
        "off_track",
        "Controle uitgesteld.",
        "Nieuwe datum in november.",
    )


def test_prompts_ask_the_figure_of_a_measure_with_targets(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15, point 4: for a measure with targets the count was never asked. Now it is
    (asked again when it is no count; may be left empty), and the status may then be
    left empty too."""
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "targets" / name, tmp_path / name)
    monkeypatch.setattr("avp.cli.progress._interactive", lambda: True)
    args = ["progress", "add", "-f", str(tmp_path / "programma.yaml"), "--author", "T"]
    result = invoke(
        [*args, "1.1.1", "--format", "json"],
        input="2022-10-01\ntwee\n2\n\nIntegrale controle Rockanje.\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        "Count for controle: Twee keer per jaar een integrale bedrijvencontrole (empty: none):"
        in result.stdout
    )
    assert "'twee' is not a count" in result.output
    assert (
        "Status (op koers, aandacht, achter, afgerond, vervallen, niet gestart; empty: none):"
        in (result.stdout)
    )
    entry = json.loads(result.stdout[result.stdout.index("{") :])
    assert (entry["count"], entry["status"], entry["target"]) == (2, None, None)
    # Two targets that take a count: which one is asked first; empty: no figure at all,
    # and then a status is needed.
    result = invoke(
        [*args, "1.1.2", "--format", "json"],
        input="2022-10-02\nkleine\nklein\n1\nop koers\nKleine controle.\n",
    )
    assert result.exit_code == 0, result.output
    assert "'kleine' is no target" in result.output
    entry = json.loads(result.stdout[result.stdout.index("{") :])
    assert (entry["target"], entry["count"], entry["status"]) == ("klein", 1, "on_track")
    result = invoke(
        [*args, "1.1.2", "--format", "json"],
        input="2022-10-03\n\n\nop koers\nGeen controle.\n",
    )
    assert result.exit_code == 0, result.output
    assert "Status (op koers, aandacht, achter, afgerond, vervallen, niet gestart):" in (
        result.stdout
    )
    entry = json.loads(result.stdout[result.stdout.index("{") :])
    assert (entry["count"], entry["status"]) == (None, "on_track")


def test_add_reads_the_programme_with_the_collector_paused_and_freezes_it(
    invoke: Invoke, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The programme a command opens lives as long as the command: read with the cycle
    collector paused and frozen afterwards (a programme of 10,000 measures is otherwise
    walked by every collection), its owners made before it is frozen; the collector runs
    again after."""
    import gc

    import avp.project

    seen: list[bool] = []
    original = avp.project.load_programme

    def load(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(avp.project, "load_programme", load)
    frozen = gc.get_freeze_count()
    try:
        given = ["--status", "on_track", "--note", "x", "--date", "2022-06-01"]
        result = add(invoke, programme, "1.1.1", *given)
        assert result.exit_code == 0, result.output
        assert seen and not any(seen)
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
