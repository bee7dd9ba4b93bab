"""Every command's --help: examples that work on any programme, not only Westvoorne's."""

from __future__ import annotations

import re

import pytest
import typer

from avp.cli import app
from tests.conftest import Invoke


def _commands() -> list[list[str]]:
    """Every command as its words after ``avp``, subcommands too."""
    found: list[list[str]] = []

    def walk(command: object, words: list[str]) -> None:
        found.append(words)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()
# A year written out: an example with it (--year 2022, --as-of 2022-06-30) fits one period.
YEAR = re.compile(r"\b(19|20)\d\d\b")
# Places of the bundled programme's municipality, which no other programme has.
PLACES = re.compile(r"westvoorne|oostvoorne|rockanje", re.IGNORECASE)
# A field, theme or measure id (1, 2.2, 2.2.3) or a partner, as the examples use them.
IDS = re.compile(r"\s\d+(\.\d+)*(\s|$)|--partner |--field |--theme ")


def examples(text: str) -> tuple[str, list[str]]:
    """The header line of the examples section and the example commands under it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Example"))
    block = []
    for line in lines[start + 1 :]:
        if not line.strip().startswith("avp"):
            break
        block.append(line.strip())
    return lines[start].strip(), block


def test_every_command_is_listed() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {"", "list", "progress add", "progress list", "targets", "validate"} <= names


@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w) or "avp")
def test_help_examples_fit_any_programme(invoke: Invoke, words: list[str]) -> None:
    result = invoke([*words, "--help"])
    assert result.exit_code == 0, result.output
    if words in ([], ["progress"]):
        return  # a group: its commands have the examples
    header, block = examples(result.stdout)
    assert block, f"no example in avp {' '.join(words)} --help"
    for line in block:
        assert line.startswith(" ".join(["avp", *words])), line
        assert not YEAR.search(line), f"an example with a year: {line}"
        assert "--year" not in line, line
        assert not PLACES.search(line), f"an example about Westvoorne: {line}"
    if any(IDS.search(line + " ") for line in block):
        assert "your own programme" in header, header


def test_help_names_no_municipality(invoke: Invoke) -> None:
    """The option texts (--file's default) speak of the bundled programme, not Westvoorne."""
    for words in COMMANDS:
        text = invoke([*words, "--help"]).stdout
        assert not PLACES.search(text), (words, text)


def test_list_options_name_what_they_take(invoke: Invoke) -> None:
    """Issue 15, point 12: a repeatable option's help shows what it takes (--field FIELD),
    not its Python type (<list[str]>, <str>)."""
    for words, options in (
        (["list"], ["--field FIELD", "--theme THEME", "--partner PARTNER", "--status STATUS",
                    "--search TEXT", "--programme NAME", "-o, --output FILE"]),
        (["report"], ["--field FIELD", "--theme THEME", "--partner PARTNER"]),
        (["targets", "list"], ["--field FIELD", "--partner PARTNER", "--programme NAME"]),
        (["progress", "list"], ["--field FIELD", "--partner PARTNER", "-o, --output FILE"]),
    ):  # fmt: skip
        text = invoke([*words, "--help"]).stdout
        for option in options:
            assert f"  {option} " in text, (words, option)
        assert "<list" not in text and "list[" not in text, words
