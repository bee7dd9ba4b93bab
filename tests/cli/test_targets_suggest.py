"""``avp targets suggest`` and ``avp targets accept``, and ``avp targets`` as a group."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from avp.programme.load import load_programme
from tests.conftest import FIXTURES, Invoke

GENERIC = FIXTURES / "generic"
RESULT = "            result: Elke wijk heeft een groep.\n"
NORMS = (
    "            result: Twee keer per jaar een wijkschouw. Eind 2024 is 10% bereikt (op dit "
    "moment 9,2).\n"
)


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(GENERIC / name, tmp_path / name)
    path = tmp_path / "programma.yaml"
    text = path.read_text(encoding="utf-8")
    assert RESULT in text
    path.write_text(text.replace(RESULT, NORMS), encoding="utf-8")
    return path


def test_the_default_command_keeps_avp_targets_as_it_was(invoke: Invoke) -> None:
    plain = invoke(["targets", "--as-of", "2022-06-30", "--format", "json"])
    listed = invoke(["targets", "list", "--as-of", "2022-06-30", "--format", "json"])
    assert plain.exit_code == listed.exit_code == 0, plain.output
    assert plain.stdout == listed.stdout and json.loads(plain.stdout)
    one = invoke(["targets", "4.1.5", "--periods", "--as-of", "2021-02-01", "--format", "json"])
    assert one.exit_code == 0 and {r["owner"] for r in json.loads(one.stdout)} == {"4.1.5"}
    group = invoke(["targets", "--help"])
    assert group.exit_code == 0 and "suggest" in group.stdout and "accept" in group.stdout
    assert "--periods" in invoke(["targets", "list", "--help"]).stdout
    assert invoke(["targets", "nope"]).exit_code != 0  # an unknown measure, not a command


def test_suggest_lists_in_every_format(invoke: Invoke, programme: Path) -> None:
    result = invoke(["targets", "suggest", "-f", programme, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["measure"], r["kind"], r["norm"]) for r in rows] == [
        ("2.1.1a", "frequency", "2 per year"),
        ("2.1.1a", "threshold", "increase to 10% by 2024-12-31 (from 9.2% on 2024-02-13)"),
    ]
    assert rows[0]["basis"] == "Twee keer per jaar" and rows[0]["data"]["suggested"] is True
    assert rows[1]["data"]["target"] == {"value": 10.0, "date": "2024-12-31"}
    table = invoke(["targets", "suggest", "-f", programme])
    assert "Twee keer per jaar" in table.stdout and table.exit_code == 0
    text = invoke(["targets", "suggest", "-f", programme, "--format", "csv"]).stdout
    assert [r["target"] for r in csv.DictReader(io.StringIO(text))] == [
        "frequentie",
        "streefwaarde",
    ]
    assert (
        "| 2.1.1a |"
        in invoke(["targets", "suggest", "-f", programme, "--format", "markdown"]).stdout
    )
    # Nothing was written.
    assert "suggested" not in programme.read_text(encoding="utf-8")


def test_write_adds_lines_and_nothing_else(invoke: Invoke, programme: Path) -> None:
    before = programme.read_text(encoding="utf-8")
    result = invoke(["targets", "suggest", "-f", programme, "--write"])
    assert result.exit_code == 0, result.output
    assert "added 2 suggested targets to 1 measure" in result.stderr
    after = programme.read_text(encoding="utf-8")
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    at = next(i for i, line in enumerate(new) if line != old[i])
    added = len(new) - len(old)
    assert new[:at] + new[at + added :] == old  # lines added, in one place, nothing else
    assert new[at] == "            targets:\n"
    assert "                suggested: true\n" in new[at : at + added]
    measure = {m.id: m for _, _, m in load_programme(programme).measures()}["2.1.1a"]
    assert [(t.kind, t.suggested) for t in measure.targets] == [
        ("frequency", True),
        ("threshold", True),
    ]
    # Judged like any target, and marked.
    rows = json.loads(invoke(["targets", "2.1.1a", "-f", programme, "--format", "json"]).stdout)
    assert [r["suggested"] for r in rows] == [True, True]
    report = invoke(["report", "-f", programme, "--format", "markdown"]).stdout
    assert "Twee keer per jaar een wijkschouw (voorstel)" in report
    # Measures with targets get no more proposals; one named gets only new norms.
    assert invoke(["targets", "suggest", "-f", programme]).stderr.startswith("no targets")
    again = invoke(["targets", "suggest", "2.1.1a", "-f", programme])
    assert "no targets to suggest for 2.1.1a" in again.stderr


def test_write_appends_to_an_existing_list(invoke: Invoke, programme: Path) -> None:
    own = (
        "            targets:\n"
        "              - id: schouw  # by hand\n"
        "                kind: frequency\n"
        "                description: Twee keer per jaar een wijkschouw\n"
        "                count: 2\n"
        "                per: year\n"
    )
    text = programme.read_text(encoding="utf-8").replace(NORMS, NORMS + own)
    programme.write_text(text, encoding="utf-8")
    result = invoke(["targets", "suggest", "2.1.1a", "-f", programme, "--write"])
    assert result.exit_code == 0, result.output
    after = programme.read_text(encoding="utf-8")
    assert after.startswith(text.split(own)[0] + own)  # the hand-made target untouched
    added = after[len(text.split(own)[0] + own) :].split("          - id: 2.1.2")[0]
    assert added.startswith("              - id: streefwaarde\n                kind: threshold\n")
    assert "baseline: {value: 9.2, date: 2024-02-13}" in added
    assert after.replace(added, "", 1) == text
    measure = {m.id: m for _, _, m in load_programme(programme).measures()}["2.1.1a"]
    assert [(t.id, t.suggested) for t in measure.targets] == [
        ("schouw", False),
        ("streefwaarde", True),
    ]


def test_accept(invoke: Invoke, programme: Path) -> None:
    invoke(["targets", "suggest", "-f", programme, "--write"])
    one = invoke(["targets", "accept", "2.1.1a", "frequentie", "-f", programme])
    assert one.exit_code == 0, one.output
    assert "accepted frequentie of measure 2.1.1a" in one.stdout
    measure = {m.id: m for _, _, m in load_programme(programme).measures()}["2.1.1a"]
    assert [t.suggested for t in measure.targets] == [False, True]
    assert programme.read_text(encoding="utf-8").count("suggested: true") == 1
    rest = invoke(["targets", "accept", "2.1.1a", "-f", programme])
    assert "accepted streefwaarde" in rest.stdout
    assert "suggested" not in programme.read_text(encoding="utf-8")
    assert "basis: Twee keer per jaar" in programme.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2.1.1a"], "measure 2.1.1a has no suggested target to accept"),
        (["2.1.1a", "nope"], "measure 2.1.1a has no target 'nope'"),
        (["2.1"], "2.1 is a theme"),
        (["9.9"], "9.9"),
    ],
)
def test_accept_refuses(invoke: Invoke, programme: Path, args: list[str], message: str) -> None:
    before = programme.read_bytes()
    result = invoke(["targets", "accept", *args, "-f", programme])
    assert result.exit_code != 0 and message in result.stderr, result.output
    assert programme.read_bytes() == before


def test_accept_an_inline_mark(invoke: Invoke, programme: Path) -> None:
    text = programme.read_text(encoding="utf-8").replace(
        NORMS,
        NORMS + "            targets:\n"
        "              - {id: schouw, kind: frequency, description: Twee keer per jaar, "
        "count: 2, per: year, suggested: true}\n",
    )
    programme.write_text(text, encoding="utf-8")
    assert invoke(["targets", "accept", "2.1.1a", "-f", programme]).exit_code == 0
    assert "suggested: false}" in programme.read_text(encoding="utf-8")


def test_write_refuses_a_flow_list(invoke: Invoke, programme: Path) -> None:
    text = programme.read_text(encoding="utf-8").replace(NORMS, NORMS + "            targets: []\n")
    programme.write_text(text, encoding="utf-8")
    result = invoke(["targets", "suggest", "2.1.1a", "-f", programme, "--write"])
    assert result.exit_code != 0 and "block list" in result.stderr
    assert programme.read_text(encoding="utf-8") == text


def test_the_bundled_programme_is_never_written(invoke: Invoke) -> None:
    result = invoke(["targets", "suggest", "1.3.5", "--write"])
    assert result.exit_code != 0 or "no targets to suggest" in result.stderr
    result = invoke(["targets", "accept", "1.3.5"])
    assert result.exit_code != 0


def test_suggest_needs_a_measure(invoke: Invoke, programme: Path) -> None:
    result = invoke(["targets", "suggest", "2.1", "-f", programme])
    assert result.exit_code != 0 and "2.1 is a theme" in result.stderr


def test_write_keeps_crlf_and_the_html_report_marks_proposals(
    invoke: Invoke, programme: Path
) -> None:
    text = programme.read_text(encoding="utf-8")
    programme.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert invoke(["targets", "suggest", "-f", programme, "--write"]).exit_code == 0
    raw = programme.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") and b"suggested: true\r\n" in raw
    html = invoke(["report", "-f", programme, "--format", "html"]).stdout
    assert "Twee keer per jaar een wijkschouw (voorstel)" in html
