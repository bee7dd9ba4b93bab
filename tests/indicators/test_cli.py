"""``avp indicators import``, ``list`` and ``bbv`` through the real CLI, on the fixtures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from avp.programme.load import load_programme
from avp.progress.models import Entry, Imported
from avp.progress.read import load_log
from tests.conftest import Invoke


def run_import(
    invoke: Invoke, folder: Path, *files: str, code: int = 0, retrieved: str = "2023-02-01"
) -> Any:
    result = invoke(
        [
            "indicators",
            "import",
            "-f",
            folder / "programma.yaml",
            *(folder / f for f in files),
            "--retrieved",
            retrieved,
            "--format",
            "json",
        ]
    )
    assert result.exit_code == code, result.output
    return result


def entries(folder: Path) -> list[Entry]:
    programme = load_programme(folder / "programma.yaml")
    return list(load_log(folder / "voortgang.yaml", programme).entries)


def imported(folder: Path) -> dict[tuple[str, str | None, str], list[Entry]]:
    found: dict[tuple[str, str | None, str], list[Entry]] = {}
    for entry in entries(folder):
        assert isinstance(entry.source, Imported)
        found.setdefault((entry.measure, entry.target, entry.source.period), []).append(entry)
    return found


def test_json_folder_import_appends_summed_values(invoke: Invoke, westvoorne: Path) -> None:
    result = run_import(invoke, westvoorne, "47013NED")
    outcomes = json.loads(result.stdout)
    assert {o["action"] for o in outcomes} == {"added"}
    found = imported(westvoorne)
    # theme 1.1: the months of 2021 and 2022 summed to years (12 months each)
    assert found[("1.1", "woninginbraken", "2021JJ00")][0].value == 32
    assert found[("1.1", "woninginbraken", "2022JJ00")][0].value == 24
    # measure 1.1.1: per quarter
    quarters = {p: e[0].value for (m, _, p), e in found.items() if m == "1.1.1"}
    assert quarters == {
        "2021KW01": 9, "2021KW02": 6, "2021KW03": 8, "2021KW04": 9,
        "2022KW01": 6, "2022KW02": 5, "2022KW03": 6, "2022KW04": 7,
    }  # fmt: skip
    entry = found[("1.1", "woninginbraken", "2022JJ00")][0]
    assert entry.author == "Politie open data"
    assert entry.date.isoformat() == "2022-12-31"
    assert isinstance(entry.source, Imported)
    assert entry.source.table == "47013NED"
    assert entry.source.measure == "GeregistreerdeMisdrijven_1"
    assert entry.source.region == "GM0614"
    assert entry.source.retrieved.isoformat() == "2023-02-01"
    assert "som van 12 maanden" in entry.note
    # the per-1000 target needs the population table, which was not given: reported
    assert ("1", "woninginbraak", "2022JJ00") not in found
    assert "needs population table 03759ned" in result.stderr
    # 2020 has two months only: reported, not recorded
    assert "2020JJ00 (2020) GM0614, target 'woninginbraken' of 1.1: incomplete: 2 of 12" in (
        result.stderr
    )


def test_zip_and_folder_give_the_same_entries(invoke: Invoke, westvoorne: Path) -> None:
    run_import(invoke, westvoorne, "47013NED.zip")
    from_zip = {k: [e.value for e in v] for k, v in imported(westvoorne).items()}
    (westvoorne / "voortgang.yaml").unlink()
    run_import(invoke, westvoorne, "47013NED")
    assert {k: [e.value for e in v] for k, v in imported(westvoorne).items()} == from_zip


def test_csv_import_with_labels_and_decimal_commas(invoke: Invoke, westvoorne: Path) -> None:
    result = run_import(invoke, westvoorne, "83648NED.csv", "03759ned.json")
    found = imported(westvoorne)
    assert [
        found[("1.2", "winkeldiefstallen", f"{y}JJ00")][0].value for y in (2020, 2021, 2022)
    ] == [
        21,
        18,
        25,
    ]
    assert found[("1.2", "winkeldiefstallen", "2022JJ00")][0].author == "CBS"
    # per 1,000 inhabitants from the population table, not the table's own rounded rate
    assert found[("1", "winkeldiefstal", "2021JJ00")][0].value == round(18 / 14519 * 1000, 2)
    assert found[("1", "winkeldiefstal", "2022JJ00")][0].value == round(25 / 14688 * 1000, 2)
    rate = found[("1", "winkeldiefstal", "2022JJ00")][0].source
    assert isinstance(rate, Imported)
    assert (rate.per, rate.population) == (1000, 14688)
    # suppressed cells are reported with table, period and region, never recorded as 0
    assert ("1", "geweld", "2021JJ00") not in found
    assert ("1", "vernieling", "2022JJ00") not in found
    assert "83648NED 2021JJ00 (2021) GM0614, target 'geweld' of 1: suppressed or missing: 'x'" in (
        result.stderr
    )
    assert (
        "83648NED 2022JJ00 (2022) GM0614, target 'vernieling' of 1: suppressed or missing: '.'"
        in (result.stderr)
    )
    assert all(e.value != 0 for e in entries(westvoorne))
    # Albrandswaard's row is not Westvoorne's
    assert all(e.value != 40 for e in entries(westvoorne))


def test_second_import_adds_nothing(invoke: Invoke, westvoorne: Path) -> None:
    files = ("47013NED.zip", "83648NED.csv", "03759ned.json")
    run_import(invoke, westvoorne, *files)
    before = (westvoorne / "voortgang.yaml").read_bytes()
    result = run_import(invoke, westvoorne, *files)
    assert (westvoorne / "voortgang.yaml").read_bytes() == before
    assert {o["action"] for o in json.loads(result.stdout)} == {"unchanged"}
    assert "0 added, 0 recorded as corrections, 22 already in the log" in result.stderr


def test_a_corrected_figure_becomes_a_correction(invoke: Invoke, westvoorne: Path) -> None:
    run_import(invoke, westvoorne, "83648NED.csv", "03759ned.json")
    first = imported(westvoorne)
    result = run_import(invoke, westvoorne, "83648NED-2023.csv", "03759ned.json")
    actions = {(o["owner"], o["target"], o["period"]): o for o in json.loads(result.stdout)}
    assert actions[("1.2", "winkeldiefstallen", "2022JJ00")]["action"] == "corrected"
    assert actions[("1", "winkeldiefstal", "2022JJ00")]["action"] == "corrected"
    assert actions[("1", "vernieling", "2022JJ00")]["action"] == "added"  # published now
    assert actions[("1.2", "winkeldiefstallen", "2021JJ00")]["action"] == "unchanged"
    after = imported(westvoorne)
    old, new = after[("1.2", "winkeldiefstallen", "2022JJ00")]
    assert old == first[("1.2", "winkeldiefstallen", "2022JJ00")][0]  # append-only
    assert (old.value, new.value) == (25, 27)
    assert isinstance(new.source, Imported)
    assert new.source.corrects == old.id
    assert new.date == old.date
    assert new.note.startswith(f"Correctie van {old.id}: ")
    # the judging uses the newest figure: 27 against 18
    result = invoke(
        ["targets", "-f", westvoorne / "programma.yaml", "1.2", "--as-of", "2023-03-01",
         "--format", "json"]
    )  # fmt: skip
    record = json.loads(result.stdout)[0]
    assert (record["achieved"], record["required"]) == (27, 18)


def test_targets_judges_the_imported_values(invoke: Invoke, westvoorne: Path) -> None:
    run_import(invoke, westvoorne, "47013NED.zip", "83648NED.csv", "03759ned.json")
    result = invoke(
        ["targets", "-f", westvoorne / "programma.yaml", "--as-of", "2023-03-01",
         "--format", "json"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    verdicts = {(r["owner"], r["target"]): r for r in json.loads(result.stdout)}
    assert verdicts[("1.1", "woninginbraken")]["verdict"] == "met"  # 24 < 32
    assert (
        verdicts[("1.1", "woninginbraken")]["achieved"],
        verdicts[("1.1", "woninginbraken")]["required"],
    ) == (24, 32)
    assert verdicts[("1.2", "winkeldiefstallen")]["verdict"] == "missed"  # 25 > 18
    assert verdicts[("1", "woninginbraak")]["verdict"] == "met"  # 1,63 <= 2,0
    assert verdicts[("1", "geweld")]["verdict"] == "no_data"  # 2021 suppressed


def test_bad_per_1000_population_file_missing(invoke: Invoke, westvoorne: Path) -> None:
    result = run_import(invoke, westvoorne, "83648NED.csv")
    assert "per 1000 needs population table 03759ned: import its file in the same command" in (
        result.stderr
    )
    assert ("1", "winkeldiefstal", "2022JJ00") not in imported(westvoorne)


def test_dry_run_writes_nothing(invoke: Invoke, westvoorne: Path) -> None:
    result = invoke(
        ["indicators", "import", "-f", westvoorne / "programma.yaml",
         westvoorne / "47013NED.zip", "--dry-run"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not (westvoorne / "voortgang.yaml").exists()
    assert "would be added" in result.stderr


def test_list_shows_the_latest_imported_value(invoke: Invoke, westvoorne: Path) -> None:
    run_import(invoke, westvoorne, "47013NED.zip", "83648NED.csv", "03759ned.json")
    result = invoke(["indicators", "list", "-f", westvoorne / "programma.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {(r["owner"], r["target"]): r for r in json.loads(result.stdout)}
    assert len(rows) == 7
    assert rows[("1.1.1", "kwartaal")]["period"] == "2022KW04"
    assert rows[("1.1.1", "kwartaal")]["value"] == 7
    assert rows[("1", "vernieling")]["period"] == "2021JJ00"  # 2022 was suppressed
    assert rows[("1", "woninginbraak")]["author"] == "Politie open data"
    table = invoke(["indicators", "list", "-f", westvoorne / "programma.yaml"])
    assert "1,63" in table.stdout and "4e kwartaal 2022" in table.stdout
    csv = invoke(["indicators", "list", "-f", westvoorne / "programma.yaml", "--format", "csv"])
    assert csv.stdout.splitlines()[0].startswith("owner,level,target,indicator,table")


def test_list_before_any_import(invoke: Invoke, westvoorne: Path) -> None:
    result = invoke(["indicators", "list", "-f", westvoorne / "programma.yaml", "--format", "json"])
    rows = json.loads(result.stdout)
    assert len(rows) == 7
    assert all(r["value"] is None and r["period"] is None for r in rows)


def test_bbv_block(invoke: Invoke, westvoorne: Path) -> None:
    run_import(invoke, westvoorne, "47013NED.zip", "83648NED.csv", "03759ned.json")
    result = invoke(["indicators", "bbv", "-f", westvoorne / "programma.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["key"]: r for r in json.loads(result.stdout)}
    assert list(rows) == ["halt", "winkeldiefstal", "geweld", "woninginbraak", "vernieling"]
    assert rows["halt"]["source"] == "niet aangewezen"
    assert (rows["winkeldiefstal"]["2021"], rows["winkeldiefstal"]["2022"]) == (1.24, 1.7)
    assert (rows["geweld"]["2021"], rows["geweld"]["2022"]) == (None, 2.79)
    assert rows["woninginbraak"]["source"] == "Politie open data 47013NED"
    markdown = invoke(
        ["indicators", "bbv", "-f", westvoorne / "programma.yaml", "--format", "markdown"]
    )
    assert "| Diefstallen uit woning | 2,2 | 1,63 | Politie open data 47013NED |" in markdown.stdout
    english = invoke(["indicators", "bbv", "-f", westvoorne / "programma.yaml", "--lang", "en"])
    assert "Thefts from homes" in english.stdout


def test_bbv_without_declared_indicators(invoke: Invoke, tmp_path: Path) -> None:
    from tests.conftest import MINIMAL

    result = invoke(["indicators", "bbv", "-f", MINIMAL])
    assert result.exit_code == 0
    assert "declares no BBV indicators" in result.stderr


def test_bad_files_give_messages_and_exit_1(invoke: Invoke, westvoorne: Path) -> None:
    programme = westvoorne / "programma.yaml"
    broken = westvoorne / "47013NED-broken.json"
    broken.write_text('{"value": [\n  {"ID": 0,\n  "RegioS": }\n]}', encoding="utf-8")
    result = invoke(["indicators", "import", "-f", programme, broken])
    assert result.exit_code == 1
    assert "47013NED-broken.json:3:13: not valid JSON" in result.stderr
    assert "Traceback" not in result.output

    cells = westvoorne / "83648NED-cells.csv"
    text = (westvoorne / "83648NED.csv").read_text(encoding="utf-8-sig")
    cells.write_text(text.replace('"18";"1,2"', '"18 stuks";"1,2"'), encoding="utf-8")
    result = invoke(["indicators", "import", "-f", programme, cells, westvoorne / "03759ned.json"])
    assert result.exit_code == 1
    assert "83648NED-cells.csv:3: column 'Totaal geregistreerde misdrijven (aantal)'" in (
        result.stderr
    )
    assert not (westvoorne / "voortgang.yaml").exists()  # a bad file writes nothing

    short = westvoorne / "83648NED-short.csv"
    short.write_text(
        text.replace('"Westvoorne";"2021";"18"', '"Westvoorne";"18"'), encoding="utf-8"
    )
    result = invoke(["indicators", "import", "-f", programme, short])
    assert result.exit_code == 1
    assert "83648NED-short.csv:3: 4 cells where the header has 5" in result.stderr

    unnamed = westvoorne / "misdrijven.csv"
    shutil.copy(westvoorne / "83648NED.csv", unnamed)
    result = invoke(["indicators", "import", "-f", programme, unnamed])
    assert result.exit_code == 1
    assert "say it with --table" in result.stderr
    result = invoke(
        ["indicators", "import", "-f", programme, unnamed, westvoorne / "03759ned.json",
         "--table", "83648NED", "--format", "json"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # --table names the CSV; the population file keeps the id its metadata states
    assert ("1", "winkeldiefstal", "2022JJ00") in imported(westvoorne)

    result = invoke(["indicators", "import", "-f", programme, westvoorne / "nope.json"])
    assert result.exit_code == 1
    assert "nope.json: no such file or folder" in result.stderr

    bad_zip = westvoorne / "47013NED-bad.zip"
    bad_zip.write_bytes(b"not a zip")
    result = invoke(["indicators", "import", "-f", programme, bad_zip])
    assert result.exit_code == 1
    assert "47013NED-bad.zip: not a zip file" in result.stderr

    result = invoke(["indicators", "import", "-f", programme, westvoorne / "03759ned.json"])
    assert result.exit_code == 1
    assert "no target of the programme names table 03759NED" in result.stderr


def test_a_table_without_the_region_is_reported(invoke: Invoke, westvoorne: Path) -> None:
    csv = westvoorne / "83648NED.csv"
    csv.write_text(
        csv.read_text(encoding="utf-8-sig").replace("Westvoorne", "Brielle"), encoding="utf-8"
    )
    result = run_import(invoke, westvoorne, "83648NED.csv", "03759ned.json")
    assert json.loads(result.stdout) == []
    assert (
        "83648NED GM0614, target 'winkeldiefstallen' of 1.2: no row of region GM0614, "
        "SoortMisdrijf 'Winkeldiefstal' in the file" in result.stderr
    )


def test_a_label_filter_on_a_file_without_labels_says_so(invoke: Invoke, westvoorne: Path) -> None:
    data = westvoorne / "47013NED" / "TypedDataSet.json"
    result = run_import(invoke, westvoorne, str(data.relative_to(westvoorne)))
    assert (
        "(SoortMisdrijf '1.1.1 Diefstal/inbraak woning' matches none of '0.0.0', '1.1.1'; "
        "the file has keys only (no dimension tables)" in result.stderr
    )
    # the measure's target filters on the key: it is filled
    assert ("1.1.1", "kwartaal", "2022KW04") in imported(westvoorne)


def test_a_target_naming_a_rate_column_with_per_is_refused(
    invoke: Invoke, westvoorne: Path
) -> None:
    programme = westvoorne / "programma.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace(
            "measure: Totaal geregistreerde misdrijven\n          filter: {SoortMisdrijf: "
            "Winkeldiefstal}\n          region: GM0614\n          per: 1000",
            "measure: Geregistreerde misdrijven per 1000 inwoners\n          filter: "
            "{SoortMisdrijf: Winkeldiefstal}\n          region: GM0614\n          per: 1000",
        ),
        encoding="utf-8",
    )
    result = invoke(
        ["indicators", "import", "-f", programme, westvoorne / "83648NED.csv",
         westvoorne / "03759ned.json"]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "is already a rate (per 1 000 inwoners)" in result.stderr
    assert "never copies a rate of another base" in result.stderr


def test_the_library_call(westvoorne: Path) -> None:
    import datetime as dt

    from avp.indicators.api import import_tables
    from avp.project import Project

    project = Project.open(westvoorne / "programma.yaml")
    day = dt.date(2023, 2, 1)
    done = import_tables(project, [westvoorne / "47013NED.zip"], retrieved=day, dry_run=True)
    assert {o.action for o in done.outcomes} == {"added"}
    assert not (westvoorne / "voortgang.yaml").exists()
    done = import_tables(project, [westvoorne / "47013NED.zip"], retrieved=day)
    assert len(project.log.entries) == len(done.outcomes) == 10
    again = import_tables(project, [westvoorne / "47013NED.zip"], retrieved=day)
    assert {o.action for o in again.outcomes} == {"unchanged"}


def test_a_region_name_never_fills_another_regions_target(invoke: Invoke, westvoorne: Path) -> None:
    """A StatLine CSV that names its regions: the row 'Westvoorne' is not GM0613's figure.
    With targets for two regions avp cannot tell which code a name has, so it uses no named
    row and says to download the table with codes (review of issue 17)."""
    programme = westvoorne / "programma.yaml"
    text = programme.read_text(encoding="utf-8")
    marker = "          - id: winkeldiefstallen\n"
    head, tail = text.split(marker)
    tail = tail.replace("region: GM0614", "region: GM0613", 1)
    programme.write_text(head + marker + tail, encoding="utf-8")
    result = run_import(invoke, westvoorne, "83648NED.csv", "03759ned.json")
    found = imported(westvoorne)
    assert not [k for k in found if k[1] == "winkeldiefstallen"]  # not Westvoorne's 21/18/25
    assert "no row of region GM0613" in result.stderr
    assert "download the table with region codes" in result.stderr


def test_an_older_download_never_corrects_a_newer_one(invoke: Invoke, westvoorne: Path) -> None:
    """Importing last year's file after this year's keeps this year's figures: the older
    file's other figures are reported, not recorded as corrections (review of issue 17)."""
    run_import(invoke, westvoorne, "83648NED-2023.csv", "03759ned.json", retrieved="2024-02-01")
    before = (westvoorne / "voortgang.yaml").read_bytes()
    result = run_import(invoke, westvoorne, "83648NED.csv", "03759ned.json", retrieved="2023-02-01")
    actions = {(o["owner"], o["target"], o["period"]): o for o in json.loads(result.stdout)}
    assert actions[("1.2", "winkeldiefstallen", "2022JJ00")]["action"] == "older"
    assert (westvoorne / "voortgang.yaml").read_bytes() == before
    assert "not recorded: the log has them from a later download" in result.stderr
    assert "25 in this file (retrieved 2023-02-01), 27 in the log (retrieved 2024-02-01" in (
        result.stderr
    )
    (latest,) = imported(westvoorne)[("1.2", "winkeldiefstallen", "2022JJ00")]
    assert latest.value == 27


def test_progress_list_json_gives_an_imported_source_as_its_object(
    invoke: Invoke, westvoorne: Path
) -> None:
    """Programs reading `avp progress list --format json` get the provenance whole, as the
    log holds it; the csv keeps its short text (review of issue 17)."""
    run_import(invoke, westvoorne, "83648NED.csv", "03759ned.json")
    programme = ["-f", westvoorne / "programma.yaml"]
    rows = json.loads(invoke(["progress", "list", *programme, "--format", "json"]).stdout)
    sources = [r["source"] for r in rows if r["author"] == "CBS"]
    assert sources and all(isinstance(s, dict) for s in sources)
    assert {"table", "measure", "period", "region", "retrieved"} <= set(sources[0])
    assert sources[0]["retrieved"] == "2023-02-01"
    csv_text = invoke(["progress", "list", *programme, "--format", "csv"]).stdout
    assert "CBS 83648NED, 2022JJ00, GM0614" in csv_text and "'table'" not in csv_text


def test_a_table_option_that_clashes_is_an_error(invoke: Invoke, westvoorne: Path) -> None:
    """--table is for files that do not say their table: one that no file takes, or that
    contradicts the id in a file's name, is an error, never silently ignored or obeyed
    (review of issue 17)."""
    programme = westvoorne / "programma.yaml"
    before = (
        (westvoorne / "voortgang.yaml").read_bytes()
        if (westvoorne / "voortgang.yaml").exists()
        else None
    )
    unused = invoke(
        ["indicators", "import", "-f", programme, westvoorne / "47013NED", "--table", "83648NED"]
    )
    assert unused.exit_code == 1
    assert "--table 83648NED is for files that do not say their table" in unused.stderr
    clash = invoke(
        ["indicators", "import", "-f", programme, westvoorne / "83648NED.csv",
         "--table", "47013NED"]
    )  # fmt: skip
    assert clash.exit_code == 1
    assert "--table 47013NED, but its name says 83648NED" in clash.stderr
    after = (
        (westvoorne / "voortgang.yaml").read_bytes()
        if (westvoorne / "voortgang.yaml").exists()
        else None
    )
    assert after == before


def test_import_without_a_chosen_programme_says_to_choose_one(
    invoke: Invoke, westvoorne: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    """Like every writing command: the bundled programme is never written, and the message
    says how to choose one, before any file is read (review of issue 17)."""
    empty = tmp_path / "leeg"
    empty.mkdir()
    monkeypatch.chdir(empty)
    monkeypatch.delenv("AVP_FILE", raising=False)
    result = invoke(["indicators", "import", westvoorne / "47013NED.zip"])
    assert result.exit_code == 2, result.output
    assert "no programme was chosen" in result.stderr
    assert "--file PATH, the environment variable AVP_FILE, or an avp.toml" in result.stderr


def test_the_readme_commands_run_as_written(
    invoke: Invoke, westvoorne: Path, monkeypatch: Any
) -> None:
    """The README's "Open data" commands, verbatim, in the folder of the fixtures with the
    programme chosen (AVP_FILE): the import records, list and targets show the figures, the
    report is written, and the import a second time adds nothing (issue 17, Done when)."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Open data", 1)[1].split("\n### ", 1)[0]
    commands = [line[len("$ avp ") :].split() for line in section.splitlines()
                if line.startswith("$ avp ")]  # fmt: skip
    assert [c[:2] for c in commands][:3] == [["indicators", "import"], ["indicators", "list"],
                                             ["targets"]]  # fmt: skip
    monkeypatch.chdir(westvoorne)
    monkeypatch.setenv("AVP_FILE", str(westvoorne / "programma.yaml"))
    for command in commands:
        result = invoke(command)
        assert result.exit_code == 0, (command, result.output)
    assert entries(westvoorne)  # the import recorded figures
    before = (westvoorne / "voortgang.yaml").read_bytes()
    again = invoke(commands[0])
    assert again.exit_code == 0, again.output
    assert (westvoorne / "voortgang.yaml").read_bytes() == before


def test_a_changed_filter_is_another_series(invoke: Invoke, westvoorne: Path) -> None:
    """After a target's filter changes, the figures imported for the old filter are not its
    figures: list shows none until the next import (review: list matched without filter)."""
    run_import(invoke, westvoorne, "47013NED.zip", "83648NED.csv", "03759ned.json")
    programme = westvoorne / "programma.yaml"
    text = programme.read_text(encoding="utf-8")
    old = 'filter: {SoortMisdrijf: "1.1.1"}'
    assert text.count(old) == 1  # target 'kwartaal' of 1.1.1
    programme.write_text(text.replace(old, 'filter: {SoortMisdrijf: "1.1.2"}'), "utf-8")
    result = invoke(["indicators", "list", "-f", programme, "--format", "json"])
    rows = {(r["owner"], r["target"]): r for r in json.loads(result.stdout)}
    assert (rows[("1.1.1", "kwartaal")]["value"], rows[("1.1.1", "kwartaal")]["period"]) == (
        None,
        None,
    )
    assert rows[("1", "woninginbraak")]["value"] is not None  # the others keep theirs
