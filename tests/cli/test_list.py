"""`avp list`, `show`, `partners`, `glossary` through the CLI, against the bundled programme."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, MINIMAL, Invoke
from tests.source_document import load_source

LIST_KEYS = {"id", "field", "theme", "text", "partners", "result", "status"}


def source_ids_naming(word: str) -> list[str]:
    found = []
    for field in load_source().fields:
        for t, theme in enumerate(field.themes, 1):
            for m, row in enumerate(theme.rows, 1):
                if re.search(word, row.partners_cell, re.IGNORECASE):
                    found.append(f"{field.number}.{t}.{m}")
    return found


def listed(invoke: Invoke, *args: str) -> list[str]:
    result = invoke(["list", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)] if result.stdout else []


def test_partner_politie_is_exactly_the_source_cells_naming_the_police(invoke: Invoke) -> None:
    expected = source_ids_naming(r"\bpolitie\b")
    assert len(expected) > 40
    assert listed(invoke, "--partner", "politie") == expected


def test_partner_gemeente_rotterdam(invoke: Invoke) -> None:
    assert listed(invoke, "--partner", "gemeente rotterdam") == source_ids_naming("Rotterdam")


def test_partner_boa_lists_only_boa_measures(invoke: Invoke) -> None:
    assert listed(invoke, "--partner", "boa") == source_ids_naming(r"BOA")


def test_partner_gemeente_includes_boa_and_gebiedsteam(invoke: Invoke) -> None:
    gemeente = listed(invoke, "--partner", "gemeente")
    naming = source_ids_naming(r"gemeente(?! Rotterdam)|BOA|gebiedsteam|team SER|collega")
    assert gemeente == naming


def source_ids(field: int | None = None, theme: str | None = None) -> list[str]:
    found = []
    for f in load_source().fields:
        for t, th in enumerate(f.themes, 1):
            for m, _ in enumerate(th.rows, 1):
                if field in (None, f.number) and theme in (None, f"{f.number}.{t}"):
                    found.append(f"{f.number}.{t}.{m}")
    return found


def test_field_filter_by_id_and_name(invoke: Invoke) -> None:
    assert listed(invoke, "--field", "1") == source_ids(field=1)
    assert listed(invoke, "--field", "bedrijvigheid") == source_ids(field=2)
    assert listed(invoke, "--field", "1", "--field", "2") == source_ids(1) + source_ids(2)


def test_theme_filter_by_id_and_name(invoke: Invoke) -> None:
    assert listed(invoke, "--theme", "4.2") == source_ids(theme="4.2")
    assert listed(invoke, "--theme", "Veilig toerisme") == source_ids(theme="2.5")
    assert listed(invoke, "--theme", "veilig t") == source_ids(theme="2.5")


def test_search_filter(invoke: Invoke) -> None:
    assert listed(invoke, "--search", "burgernet") == ["1.3.5"]
    assert listed(invoke, "--search", "BURGERNET", "--search", "hennep") == ["1.3.5", "5.2.5"]


def test_status_filter_without_progress(invoke: Invoke) -> None:
    assert listed(invoke, "--status", "not_started") == source_ids()
    assert listed(invoke, "--status", "niet gestart", "--field", "5") == source_ids(field=5)
    assert listed(invoke, "--status", "on_track") == []


def test_partner_or_within_field(invoke: Invoke) -> None:
    politie_or_om = source_ids_naming(r"\bpolitie\b|\bOM\b")
    expected = [i for i in politie_or_om if i.startswith("2.")]
    assert expected
    assert listed(invoke, "--field", "2", "--partner", "politie", "--partner", "om") == expected


def test_combination_is_the_intersection(invoke: Invoke) -> None:
    field = set(listed(invoke, "--field", "3"))
    partner = set(listed(invoke, "--partner", "push"))
    assert set(listed(invoke, "--field", "3", "--partner", "push")) == field & partner


def test_json_shape(invoke: Invoke) -> None:
    result = invoke(["list", "--theme", "1.3", "--format", "json"])
    records = json.loads(result.stdout)
    assert all(set(r) >= LIST_KEYS for r in records)
    burgernet = next(r for r in records if r["id"] == "1.3.5")
    assert burgernet["partners"] == ["gemeente"]
    assert burgernet["status"] == "not_started"
    assert burgernet["result"].endswith("Eind 2022 is 10% bereikt (op dit moment 9,2).")


def test_csv_has_the_same_columns(invoke: Invoke) -> None:
    result = invoke(["list", "--partner", "politie", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert set(rows[0]) >= LIST_KEYS
    assert rows[0]["partners"] == "gemeente\npolitie\npush"  # one a line: issue 15, point 9
    assert len(rows) == len(source_ids_naming(r"\bpolitie\b"))


def test_markdown(invoke: Invoke) -> None:
    result = invoke(["list", "--theme", "5.4", "--format", "markdown"])
    assert result.stdout.splitlines()[:3] == [
        "| Nr. | Thema | Maatregel | Partners | Status |",
        "| --- | --- | --- | --- | --- |",
        "| 5.4.1 | Informatieveiligheid | Binnen de gemeente Westvoorne moet voortdurende "
        "aandacht gevraagd worden voor informatieveiligheid. De awareness op dit gebied moet "
        "verhoogd worden. | gemeente | niet gestart |",
    ]


def test_table_fits_the_width_and_has_no_colour_when_piped(invoke: Invoke) -> None:
    result = invoke(["list", "--partner", "politie"], env={"COLUMNS": "90", "NO_COLOR": ""})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 90
    assert "\x1b[" not in result.stdout
    assert "1.1.1" in result.stdout and "niet gestart" in result.stdout


def test_no_match_says_so_on_stderr(invoke: Invoke) -> None:
    result = invoke(["list", "--search", "zeppelin", "--format", "json"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "no measures match these filters\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["list", "--partner", "polite"],
            "avp: error: no partner 'polite'; did you mean 'politie'?",
        ),
        (["list", "--field", "9"], "avp: error: no field '9'"),
        (
            ["list", "--theme", "brandveligheid"],
            "avp: error: no theme 'brandveligheid'; did you mean 'Brandveiligheid'?",
        ),
        (
            ["list", "--status", "groen"],
            "avp: error: unknown status 'groen'; choose from "
            "not_started (niet gestart), on_track (op koers), at_risk (aandacht), off_track "
            "(achter), done (afgerond), dropped (vervallen)",
        ),
        (
            ["show", "1.3.55"],
            "avp: error: no field, theme or measure '1.3.55'; did you mean '1.3.5'?",
        ),
        (["partners", "polite"], "avp: error: no partner 'polite'; did you mean 'politie'?"),
        (["glossary", "RIECC"], "avp: error: no glossary term 'RIECC'; did you mean 'RIEC'?"),
    ],
)
def test_unknown_names_exit_2_with_a_suggestion(
    invoke: Invoke, args: list[str], message: str
) -> None:
    """Issue 15, point 12: a name that is not in the programme is a usage error (exit 2),
    as an unknown --programme, a status or a date that is none are."""
    result = invoke(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message + "\n"


def test_show_in_full(invoke: Invoke) -> None:
    result = invoke(["show", "1.2.3"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Maatregel 1.2.3" in text
    assert "Veiligheidsveld 1 Veilige woon- en leefomgeving" in text
    assert "Thema 1.2 Fysieke kwaliteit" in text
    assert "Doel Fysieke verloedering in de buurt tegengaan." in text
    assert "Toelichting partners Mogelijk ook publiek private samenwerking met maneges." in text
    assert "BOA's (boa)" in text
    assert "Stand van zaken ● niet gestart" in text


def test_show_json(invoke: Invoke) -> None:
    result = invoke(["show", "1.2.3", "--format", "json"])
    record = json.loads(result.stdout)
    assert set(record) >= LIST_KEYS
    assert record["goal"] == "Fysieke verloedering in de buurt tegengaan."
    assert record["partner_names"][:2] == ["BOA's", "BOB"]
    assert record["partner_note"] == "Mogelijk ook publiek private samenwerking met maneges."


def test_partners_counts(invoke: Invoke) -> None:
    result = invoke(["partners", "--format", "json"])
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert records["boa"]["parent"] == "gemeente"
    assert records["gemeente"]["total"] == len(listed(invoke, "--partner", "gemeente"))
    assert records["gemeente"]["direct"] < records["gemeente"]["total"]
    assert records["politie"]["direct"] == records["politie"]["total"]
    assert records["gemeente-rotterdam"]["parent"] is None


def test_partner_measures_by_field(invoke: Invoke) -> None:
    result = invoke(["partners", "vrr", "--format", "json"])
    value = json.loads(result.stdout)
    assert value["partner"]["id"] == "vrr"
    assert [m["id"] for m in value["measures"]] == listed(invoke, "--partner", "vrr")
    table = invoke(["partners", "VRR"])
    assert table.stdout.lstrip().startswith("Veiligheidsregio Rotterdam-Rijnmond (vrr):")


def test_glossary(invoke: Invoke) -> None:
    one = json.loads(invoke(["glossary", "riec", "--format", "json"]).stdout)
    assert one == [
        {
            "term": "RIEC",
            "expansion": "Regionaal Informatie en Expertise Centrum",
            "description": "",
        }
    ]
    everything = json.loads(invoke(["glossary", "--format", "json"]).stdout)
    terms = {e["term"] for e in everything}
    assert {"VRR", "DCMR", "OM", "CCV", "HIC", "PGA", "KVO", "DHW", "VPT", "BOA", "Bibob"} <= terms
    youz = next(e for e in everything if e["term"] == "YOUZ")
    assert youz["expansion"] == ""


def test_file_option_and_env(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    assert listed(invoke, "-f", str(MINIMAL)) == ["1.1.1", "1.1.2", "2.1.1"]
    monkeypatch.setenv("AVP_FILE", str(MINIMAL))
    assert listed(invoke, "--partner", "gemeente") == ["1.1.1", "1.1.2", "2.1.1"]


def test_invalid_programme_is_reported_not_a_traceback(invoke: Invoke) -> None:
    from tests.conftest import BAD

    result = invoke(["list", "-f", str(BAD / "unknown-partner.yaml")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith(
        "unknown partner 'polite' (did you mean 'politie'?); add it to "
        "'partners' or fix the id (partner-ref)"
    )
    assert lines[-1].startswith("avp: error: ")
    assert "is not a valid programme" in lines[-1]


def test_info_says_which_file_and_how(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    value = json.loads(invoke(["info", "--format", "json"]).stdout)
    assert (value["found through"], value["avp.toml"]) == ("bundled", "")
    assert value["contents"] == "5 fields, 22 themes, 104 measures, 50 partners"
    assert value["progress log"].endswith("voortgang-2021-2022.yaml")
    assert value["writable"] == (
        "no: the bundled programme is read-only; choose one with --file, AVP_FILE or an avp.toml"
    )
    monkeypatch.setenv("AVP_FILE", str(MINIMAL))
    value = json.loads(invoke(["info", "--format", "json"]).stdout)
    assert (value["programme"], value["found through"]) == (str(MINIMAL), "AVP_FILE")
    assert (value["progress log"], value["progress log state"]) == (
        "",
        "none: the programme names no progress_log",
    )
    assert value["writable"].startswith("no: the programme ")
    progress = FIXTURES / "progress"
    shutil.copy(progress / "programma.yaml", tmp_path / "programma.yaml")
    value = json.loads(invoke(["info", "--format", "json", "-f", "programma.yaml"]).stdout)
    assert (value["programme"], value["found through"]) == ("programma.yaml", "--file")
    assert (value["progress log"], value["progress log state"], value["writable"]) == (
        "voortgang.yaml",
        "not created yet (avp progress add creates it)",
        "yes",
    )
    monkeypatch.delenv("AVP_FILE")
    (tmp_path / "avp.toml").write_text('programme = "programma.yaml"\n', encoding="utf-8")
    shutil.copy(progress / "golden.yaml", tmp_path / "voortgang.yaml")
    value = json.loads(invoke(["info", "--format", "json"]).stdout)
    config = tmp_path.resolve() / "avp.toml"
    assert (value["found through"], value["avp.toml"]) == ("avp.toml", str(config))
    assert value["programme"] == str(tmp_path.resolve() / "programma.yaml")
    assert value["progress log state"] == "exists"
    table = invoke(["info"]).stdout
    assert "found through" in table and str(config) in table


def test_output_is_utf8_even_where_the_locale_is_not() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "AVP_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "avp", "report", "--theme", "5.4", "--format", "markdown"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "⚪ niet gestart".encode() in done.stdout


def test_table_headers_are_the_programmes_own_words(invoke: Invoke) -> None:
    """labels: under programme: name the levels (Thema, Onderwerp, Actie, Trekker)."""
    generic = FIXTURES / "generic" / "programma.yaml"
    result = invoke(["list", "-f", generic, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "| Nr. | Onderwerp | Actie | Trekker | Status |"
    data = json.loads(invoke(["list", "-f", generic, "--format", "json"]).stdout)
    assert [r["id"] for r in data] == ["2.1.1", "2.1.1a", "2.1.2", "2.3.2"]
    assert "theme_name" in data[0]  # csv and json keep their keys
