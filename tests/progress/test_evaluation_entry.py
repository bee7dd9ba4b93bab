"""Entries with ``evaluation: true`` (lessons learned): model, writer, readers, checks, CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from avp.programme.load import load_programme
from avp.progress.models import Entry
from avp.progress.read import load_log
from avp.progress.write import appended_text, entry_yaml
from avp.yamlio.fast.lines import simple_items
from avp.yamlio.loader import load
from tests.conftest import FIXTURES, Invoke

SOURCE = FIXTURES / "report"


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(SOURCE / name, tmp_path / name)
    return tmp_path / "programma.yaml"


def lesson(**extra: object) -> Entry:
    data: dict[str, object] = {
        "id": "lesabcdefg",
        "measure": "1.1.1",
        "date": dt.date(2022, 12, 1),
        "note": "Les: vroeg beginnen met de partners werkt",
        "author": "J. de Vries",
        "evaluation": True,
    }
    return Entry.model_validate(data | extra)


def test_a_lesson_needs_no_status_count_or_value() -> None:
    entry = lesson()
    assert entry.evaluation is True and entry.status is None
    with pytest.raises(ValidationError, match="needs a 'status', a 'count' or a 'value'"):
        lesson(evaluation=False)
    with pytest.raises(ValidationError, match="needs a 'status'"):
        lesson(evaluation=None)
    assert lesson(status="done").status is not None  # a lesson may carry a status too


def test_the_writer_puts_evaluation_last_and_the_fast_reader_reads_it() -> None:
    line = entry_yaml(lesson(status="at_risk", correction="Extra overleg"))
    assert line.startswith("  - {id: lesabcdefg, measure: 1.1.1, date: 2022-12-01, status: at_risk")
    assert line.endswith('correction: "Extra overleg", evaluation: true}\n')
    text = appended_text("entries:\n", lesson()) + entry_yaml(lesson(id="lesbbbbbbb"))
    body = text.split("entries:\n", 1)[1]
    fast = simple_items(body)
    assert fast is not None, "the fast line reader gave the entries to the loaders"
    assert fast == load(text, "log")["entries"]
    assert fast[0]["evaluation"] is True


@pytest.mark.parametrize(
    "written",
    [
        "  - measure: 1.1.1\n    date: 2022-12-01\n    note: Les\n    author: A\n"
        "    evaluation: true\n",
        '  - {measure: 1.1.1, date: 2022-12-01, note: "Les", author: "A", evaluation: true}\n',
        '  - {measure: 1.1.1, date: 2022-12-01, note: "Les", author: "A", evaluation: True}\n',
    ],
)
def test_a_log_with_lessons_loads_in_every_form(programme: Path, written: str) -> None:
    log = programme.parent / "voortgang.yaml"
    log.write_text(log.read_text(encoding="utf-8") + written, encoding="utf-8")
    entries = load_log(log, load_programme(programme)).entries
    assert entries[-1].evaluation is True and entries[-1].status is None


def test_validate_refuses_evaluation_false_without_a_status(
    invoke: Invoke, programme: Path
) -> None:
    log = programme.parent / "voortgang.yaml"
    text = log.read_text(encoding="utf-8")
    good = (
        text
        + '  - {measure: 1.1.1, date: 2022-12-01, note: "Les", author: "A", evaluation: true}\n'
    )
    log.write_text(good, encoding="utf-8")
    assert invoke(["validate", programme, log]).exit_code == 0
    bad = (
        text
        + '  - {measure: 1.1.1, date: 2022-12-01, note: "Les", author: "A", evaluation: false}\n'
    )
    log.write_text(bad, encoding="utf-8")
    result = invoke(["validate", programme, log])
    assert result.exit_code == 1
    assert "an entry needs a 'status', a 'count' or a 'value'" in result.output
    assert "Traceback" not in result.output


def test_progress_add_evaluation_writes_a_lesson_without_a_status(
    invoke: Invoke, programme: Path
) -> None:
    log = programme.parent / "voortgang.yaml"
    before = log.read_text(encoding="utf-8")
    result = invoke(
        [
            "progress",
            "add",
            "1.1.2",
            "-f",
            programme,
            "--evaluation",
            "--date",
            "2022-12-01",
            "--note",
            "Les: de BOA's eerder betrekken",
            "--author",
            "J. de Vries",
        ]
    )
    assert result.exit_code == 0, result.output
    after = log.read_text(encoding="utf-8")
    assert after.startswith(before)
    added = after[len(before) :]
    assert added.count("\n") == 1 and "evaluation: true}" in added and "status" not in added
    entry = load_log(log, load_programme(programme)).entries[-1]
    assert (entry.measure, entry.evaluation, entry.status) == ("1.1.2", True, None)
    # Without --evaluation, a script still needs --status.
    missing = invoke(
        ["progress", "add", "1.1.2", "-f", programme, "--note", "x", "--date", "2022-12-01"]
    )
    assert missing.exit_code == 2 and "missing --status" in missing.output
    # With a status, the lesson is an update too.
    both = invoke(
        [
            "progress",
            "add",
            "1.1.2",
            "-f",
            programme,
            "--evaluation",
            "--status",
            "done",
            "--date",
            "2022-12-02",
            "--note",
            "Afgerond; les: vroeg beginnen",
        ]
    )
    assert both.exit_code == 0, both.output
    last = load_log(log, load_programme(programme)).entries[-1]
    assert last.evaluation is True and last.status is not None and last.status.value == "done"


def test_a_lesson_alone_is_no_update_of_the_measure() -> None:
    """A lesson is not the measure's latest news and does not keep it from being stale, in
    the progress report as in the end evaluation (review: only --final skipped it)."""
    from avp.progress.state import progress_state
    from avp.report.build import measure_states

    programme = load_programme(SOURCE / "programma.yaml")
    measure = programme.measures()[0][2].id
    update = lesson(
        id="updabcdefg", measure=measure, date=dt.date(2021, 2, 1), status="on_track",
        evaluation=None, note="Gestart",
    )  # fmt: skip
    only = lesson(measure=measure, date=dt.date(2022, 12, 1))
    assert only.only_lesson and not update.only_lesson
    state = progress_state([update, only], programme=programme)
    assert state.latest_update(measure) == update
    assert state.latest(measure) == only
    period = programme.programme.period
    assert state.stale(measure, period, 180)  # a lesson in December does not count
    day = dt.date(2022, 12, 15)
    states = measure_states(programme, [update, only], day, 180)
    assert (states[measure].last_date, states[measure].note) == (dt.date(2021, 2, 1), "Gestart")
    assert states[measure].stale


def test_progress_list_shows_a_lesson_as_one(invoke: Invoke, programme: Path) -> None:
    """`evaluation` in progress list's json and csv (review: only --final showed it)."""
    added = invoke(
        ["progress", "add", "-f", programme, "1.1.1", "--evaluation", "--note", "Les: vroeg",
         "--author", "J. de Vries", "--date", "2022-12-01", "--format", "json"]
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    rows = json.loads(invoke(["progress", "list", "-f", programme, "--format", "json"]).stdout)
    assert [r["evaluation"] for r in rows if r["note"] == "Les: vroeg"] == [True]
    assert not any(r["evaluation"] for r in rows if r["note"] != "Les: vroeg")
