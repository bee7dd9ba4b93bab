"""`avp show` through the CLI: labels, --lang, --as-of, ids and markdown (issue 15, points 10
and 12)."""

from __future__ import annotations

import json

import pytest

from avp.programme.query import loose_id, suggest_id
from tests.conftest import FIXTURES, Invoke

TARGETS = FIXTURES / "targets" / "programma.yaml"
README_LOG = FIXTURES / "readme" / "voortgang.yaml"


def show(invoke: Invoke, *args: str) -> str:
    result = invoke(["show", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


def test_show_prints_labels_not_keys(invoke: Invoke) -> None:
    """Issue 15, point 10: show printed `on_track` in markdown and csv and the target's
    kind as `frequency`; now the Dutch labels (the key stays in json, beside its label)."""
    card = show(invoke, "1.1.1", "-f", TARGETS)
    assert "Stand van zaken ● op koers" in card
    assert "● controle (frequentie): Twee keer per jaar een integrale bedrijvencontrole" in card
    assert "12 april 2021 op koers" in card
    markdown = show(invoke, "1.1.1", "-f", TARGETS, "--format", "markdown")
    assert "| Stand van zaken | ● op koers |" in markdown
    assert "on\\_track" not in markdown and "on_track" not in markdown
    record = json.loads(invoke(["show", "1.1.1", "-f", TARGETS, "--format", "json"]).stdout)
    assert (record["status"], record["status_label"]) == ("on_track", "op koers")


def test_show_lang_and_as_of(invoke: Invoke) -> None:
    """Issue 15, point 10: show had no --lang and no --as-of."""
    english = show(invoke, "1.1.1", "-f", TARGETS, "--lang", "en")
    assert "Status ● on track" in english
    assert "● controle (frequency):" in english
    assert "12 April 2021 on track" in english
    before = show(invoke, "1.1.1", "-f", TARGETS, "--as-of", "2021-04-01")
    assert "Stand van zaken ● niet gestart" in before
    assert "Laatste update Nog geen update" in before
    assert "12 april 2021" not in before
    judged = json.loads(
        invoke(["show", "1.1.1", "-f", TARGETS, "--as-of", "2021-12-31", "--format", "json"]).stdout
    )
    assert [t["period"] for t in judged["targets"]] == ["2021"]
    wrong = invoke(["show", "1.1.1", "-f", TARGETS, "--as-of", "gisteren"])
    assert wrong.exit_code == 2
    assert "--as-of 'gisteren' is not a date" in wrong.stderr


def test_show_markdown_has_everything_the_table_has(invoke: Invoke) -> None:
    """Issue 15, point 12: `show --format markdown` dropped the result, the targets with
    their verdicts and the history; now it has every line of the terminal's card."""
    markdown = invoke(["show", "1.1.1", "-f", TARGETS, "--format", "markdown"]).stdout
    assert markdown.startswith("**Maatregel 1.1.1**\n")
    assert "| Resultaat 2022 | Ondernemers weten dat er toezicht is. |" in markdown
    assert "| Norm | ● controle (frequentie): Twee keer per jaar" in markdown
    assert "| Laatste update | 12 april 2021" in markdown
    table = show(invoke, "1.1.1", "-f", TARGETS)
    for line in markdown.splitlines()[4:]:
        _, value = (c.strip() for c in line.strip("|").split(" | ", 1))
        for part in value.split("<br>"):
            assert " ".join(part.split()) in table, part
    theme = invoke(["show", "1.1", "-f", TARGETS, "--format", "markdown"]).stdout
    assert theme.startswith("**Thema 1.1: Objectieve veiligheid**")
    assert "| Doel | Minder inbraken. |" in theme


@pytest.mark.parametrize("written", ["1.3", "1.3.", "thema 1.3", "Theme 1.3", "1,3", "Objectieve"])
def test_show_a_theme_by_its_id_however_written(invoke: Invoke, written: str) -> None:
    """Issue 15, point 12: a theme's id must show the theme (`show 1.3.` suggested measure
    1.3.9 and `thema 1.3` nothing); its name shows it too."""
    card = show(invoke, written)
    assert card.startswith("Thema 1.3: Objectieve veiligheid")


def test_an_unknown_id_is_suggested_at_its_own_level(invoke: Invoke) -> None:
    """Issue 15, point 12: an unknown theme id suggests a theme, not a measure."""
    result = invoke(["show", "1.9"])
    assert result.exit_code == 2  # a name not in the programme: a usage error
    assert result.stderr == "avp: error: no field, theme or measure '1.9'; did you mean '1.4'?\n"
    assert suggest_id("6.1.3", ["1.3", "5.1.3"]) == "5.1.3"
    assert suggest_id(".1.3", ["1.3", "5.1.3"]) == "1.3"
    assert loose_id("Thema 01,3.") == "1.3"
    assert loose_id("1.3.2a") == "1.3.2a"


def test_show_flags_activity_without_a_status(invoke: Invoke) -> None:
    """Issue 15, point 6: a measure with recorded figures but no status entry said "niet
    gestart" beside its computed verdict; ``show`` says "geen status gemeld", as the report
    does, and writes the figures in the programme's number format (9,4, not 9.4)."""
    args = ["1.3.5", "--log", str(README_LOG), "--as-of", "2022-06-30"]
    card = show(invoke, *args)
    assert "Stand van zaken ● geen status gemeld (wel activiteit vastgelegd" in card
    assert "waarde 9,4" in card and "9.4" not in card
    record = json.loads(invoke(["show", *args, "--format", "json"]).stdout)
    assert record["unreported"] is True and record["status"] == "not_started"
