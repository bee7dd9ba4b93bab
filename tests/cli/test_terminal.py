"""What the terminal tables show at 80 columns, in the programme's language (issue 15, points
3 and 10): avp list, targets, progress list and partners through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable

import pytest

from avp.render.output import Column, fit_columns, to_table
from tests.conftest import FIXTURES, Invoke

TARGETS = FIXTURES / "targets" / "programma.yaml"
REPORT = FIXTURES / "report" / "programma.yaml"

#: The table's own characters: the rule under the header.
_RULE = re.compile("─+")


def words(texts: Iterable[object]) -> set[str]:
    """Every word of ``texts`` (lists flattened), as a table may show it."""
    found: set[str] = set()
    for text in texts:
        if isinstance(text, list):
            found |= words(text)
        elif text is not None:
            found.update(str(text).replace(",", " ").split())
    return found


def broken(output: str, known: set[str]) -> list[str]:
    """The words of a table that are not whole words of the data or its labels: the pieces
    of a word broken across lines ("Buurtbemiddel", "ing")."""
    shown = words(_RULE.sub(" ", line) for line in output.splitlines())
    return sorted(w for w in shown if w not in known)


def table(invoke: Invoke, *args: str, width: int = 80) -> str:
    result = invoke(list(args), env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    return str(result.stdout)


@pytest.mark.parametrize("width", [80, 100])
def test_list_at_narrow_widths_breaks_no_word(invoke: Invoke, width: int) -> None:
    """Issue 15, point 3: `list --partner politie` at 80 columns broke words mid-word
    ("Buurtbemiddel/ing") in 545 lines; now no word of the data is broken across lines,
    the partners are a line under the measure, and the list is half as long."""
    out = table(invoke, "list", "--partner", "politie", width=width)
    records = json.loads(invoke(["list", "--partner", "politie", "--format", "json"]).stdout)
    known = words(
        [r[k] for r in records for k in ("id", "text", "theme_name", "partners")]
        + ["Nr. Thema Maatregel Partners Partners: Status niet gestart"]
    )
    assert broken(out, known) == []
    assert "Buurtbemiddeling voortzetten." in out
    if width == 80:
        assert "Partners: gemeente, politie, push" in out
        assert len(out.splitlines()) < 300  # 545 on main


def test_progress_list_at_80_columns_keeps_the_correction_readable(invoke: Invoke) -> None:
    """Issue 15, point 3: `progress list`'s correction column was 1-5 letters wide at 80
    columns; now the author and the correction are whole lines under the note."""
    out = table(invoke, "progress", "list", "-f", REPORT)
    assert "Bijsturing: Extra voorlichting in het" in out
    assert "Door: A. Jansen" in out
    data = json.loads(invoke(["progress", "list", "-f", REPORT, "--format", "json"]).stdout)
    known = words(
        [r[k] for r in data for k in ("date", "measure", "note", "author", "correction")]
        + ["Datum Maatregel Status Toelichting Door: Bijsturing:"]
        + ["op koers aandacht achter afgerond"]
    )
    assert broken(out, known) == []


def test_targets_at_80_columns_breaks_no_word(invoke: Invoke) -> None:
    """Issue 15, point 3: the targets table at 80 columns breaks no word of its texts."""
    out = table(invoke, "targets", "-f", TARGETS, "--as-of", "2022-06-30")
    records = json.loads(
        invoke(["targets", "-f", TARGETS, "--as-of", "2022-06-30", "--format", "json"]).stdout
    )
    known = words(
        [r[k] for r in records for k in ("owner", "target", "description", "forecast")]
        + [r["verdict_label"] for r in records]
        + ["Normen per 30 juni 2022 Nr. Norm Norm: Omschrijving Oordeel Stand en verwachting"]
        + ["Voorstel ja"]
    )
    assert broken(out, known) == []


def test_fit_columns_folds_and_keeps_words_whole() -> None:
    """Issue 15, point 3: the layout at a width: a column is never narrower than its longest
    word while the columns fit, and the less important ones fold into another."""
    records = [
        {
            "id": "1.1.1",
            "text": "Buurtbemiddeling voortzetten " * 3,
            "who": "zorg-en-veiligheidshuis",
        }
    ]
    columns = [
        Column("id", "id", no_wrap=True),
        Column("text", "measure", ratio=1),
        Column("who", "partners", narrow=1, fold_into="text"),
    ]
    shown, folded, widths = fit_columns(records, columns, 120)
    assert [c.key for c in shown] == ["id", "text", "who"] and folded == {}
    shown, folded, widths = fit_columns(records, columns, 50)
    assert [c.key for c in shown] == ["id", "text"]
    assert [c.key for c in folded["text"]] == ["who"]
    assert widths[1] >= len(["partners:", "zorg-en-veiligheidshuis"][-1])
    assert sum(widths) + 3 * len(widths) + 1 <= 50
    from rich.console import Console

    console = Console(width=50, record=True, no_color=True)
    console.print(to_table(records, columns, width=50))
    text = console.export_text()
    assert "partners: zorg-en-veiligheidshuis" in text
    assert all(len(line) <= 50 for line in text.splitlines())


def test_list_shows_labels_and_json_and_csv_keep_keys(invoke: Invoke) -> None:
    """Issue 15, point 10: the list table printed `not_started`; now the Dutch label, in
    markdown too; `--lang en` gives the English label; json and csv keep the key."""
    out = table(invoke, "list", "--theme", "5.4")
    assert "niet gestart" in out and "not_started" not in out
    english = table(invoke, "list", "--theme", "5.4", "--lang", "en")
    assert "not started" in english and "not_started" not in english
    markdown = invoke(["list", "--theme", "5.4", "--format", "markdown"]).stdout
    assert "| niet gestart |" in markdown
    assert (
        json.loads(invoke(["list", "--theme", "5.4", "--format", "json"]).stdout)[0]["status"]
        == "not_started"
    )
    rows = list(
        csv.DictReader(io.StringIO(invoke(["list", "--theme", "5.4", "--format", "csv"]).stdout))
    )
    assert rows[0]["status"] == "not_started"


def test_targets_and_progress_show_labels(invoke: Invoke) -> None:
    """Issue 15, point 10: targets and progress list printed `missed`, `at_risk`,
    `on_track`; now labels in the programme's language (or --lang's)."""
    out = table(invoke, "targets", "-f", TARGETS, "--as-of", "2022-06-30", width=200)
    assert "Normen per 30 juni 2022" in out
    assert "Oordeel" in out and "risico" in out and "op schema" in out
    assert not {"at_risk", "on_course", "missed", "no_data"} & words([out])
    english = table(
        invoke, "targets", "-f", TARGETS, "--as-of", "2022-06-30", "--lang", "en", width=200
    )
    assert "Targets on 30 June 2022" in english and "on course" in english
    records = json.loads(
        invoke(["targets", "-f", TARGETS, "--as-of", "2022-06-30", "--format", "json"]).stdout
    )
    assert {r["verdict"] for r in records} >= {"at_risk", "on_course"}
    entries = table(invoke, "progress", "list", "-f", REPORT, width=200)
    assert "op koers" in entries and "aandacht" in entries
    assert not {"on_track", "at_risk", "done", "off_track"} & words([entries])


def test_partners_and_glossary_in_the_programme_language(invoke: Invoke) -> None:
    """Issue 15, deliverable "the programme's language everywhere data is shown": partners
    and glossary head their columns in Dutch, or in English with --lang en."""
    out = table(invoke, "partners", width=200)
    assert "Naam" in out and "Onderdeel van" in out and "Met onderdelen" in out
    assert "with sub-units" in table(invoke, "partners", "--lang", "en", width=200)
    one = table(invoke, "partners", "vrr", width=200)
    assert "maatregelen" in one.splitlines()[0] and "niet gestart" in one
    assert "Betekenis" in table(invoke, "glossary", width=200)
    assert "expansion" in table(invoke, "glossary", "--lang", "en", width=200)
