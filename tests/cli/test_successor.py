"""``avp successor``: a new programme carrying over measures, through the real CLI."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from avp.programme.load import load_programme
from avp.programme.models import Programme
from avp.programme.status import Status
from avp.project import Project
from tests.conftest import BAD, Invoke
from tests.successor.workspace import AVP_TOML, bundled_workspace, second_programme

NEW = "data/programma-2023-2026.yaml"
#: The successor among the programmes its avp.toml lists (the old one is listed too).
THE_NEW_ONE = ["--programme", "Westvoorne 2023-2026"]
OPTIONS = [
    "--municipality",
    "Westvoorne",
    "--title",
    "Actieprogramma Integraal Veiligheidsbeleid Westvoorne 2023-2026",
    "--start",
    "2023-01-01",
    "--end",
    "2026-12-31",
]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def carried(programme: Programme) -> list[tuple[str, str, str]]:
    """(new id, predecessor programme, predecessor measure) of every carried measure."""
    return [
        (m.id, m.predecessor.programme, m.predecessor.measure)
        for _, _, m in programme.measures()
        if m.predecessor is not None
    ]


def validate_json(invoke: Invoke, *paths: str) -> list[dict]:  # type: ignore[type-arg]
    result = invoke(["validate", *paths, "--format", "json"])
    assert result.exit_code == 0, result.output
    problems: list[dict] = json.loads(result.stdout)  # type: ignore[type-arg]
    assert not [p for p in problems if p["level"] == "error"]
    return problems


def test_successor_of_the_bundled_programme_carries_the_unfinished_measures(
    invoke: Invoke, tmp_path: Path
) -> None:
    old_path = bundled_workspace(tmp_path)
    before = snapshot(tmp_path / "data")
    old = Project.open(old_path)
    last_day = old.programme.programme.period.end
    unfinished = old.state(last_day).unfinished(old.programme)
    statuses = old.statuses(last_day)
    finished = [i for i, s in statuses.items() if s in (Status.done, Status.dropped)]
    assert unfinished and finished  # the generated log has both

    result = invoke(["successor", NEW, *OPTIONS])  # --from: the programme avp.toml names

    assert result.exit_code == 0, result.output
    new_path = tmp_path / NEW
    new = load_programme(new_path)
    rows = carried(new)
    assert [old_id for _, _, old_id in rows] == unfinished
    assert len(rows) == len(new.measure_index) == len(unfinished)
    assert {ref for _, ref, _ in rows} == {"programma-2021-2022.yaml"}
    assert not set(finished) & {old_id for _, _, old_id in rows}
    for _, _, measure in new.measures():
        assert measure.predecessor is not None
        was = old.programme.measure_index[measure.predecessor.measure]
        assert measure.text == was.text
        assert measure.result == was.result
        assert measure.partners == was.partners
        assert measure.partner_note == was.partner_note
        assert measure.extra == was.extra
    for field in new.fields:
        for theme in field.themes:  # renumbered consecutively within each theme
            assert [m.id for m in theme.measures] == [
                f"{theme.id}.{n}" for n in range(1, len(theme.measures) + 1)
            ]
    assert [(f.id, f.name) for f in new.fields] == [(f.id, f.name) for f in old.programme.fields]
    meta = new.programme
    assert (meta.municipality, meta.period.start, meta.period.end) == (
        "Westvoorne",
        dt.date(2023, 1, 1),
        dt.date(2026, 12, 31),
    )
    assert meta.progress_log == "voortgang-2023-2026.yaml"
    assert "entries: []" in (tmp_path / "data/voortgang-2023-2026.yaml").read_text("utf-8")
    # The old programme and its log: byte for byte as they were.
    after = snapshot(tmp_path / "data")
    assert {k: after[k] for k in before} == before
    assert set(after) - set(before) == {"programma-2023-2026.yaml", "voortgang-2023-2026.yaml"}
    # The new programme validates, with the library and with avp validate.
    problems = validate_json(invoke, NEW, "data/voortgang-2023-2026.yaml")
    assert not [p for p in problems if p["rule"] == "target-dates"]
    # avp.toml: the new default programme, both files in the workspace, comments kept.
    config = (tmp_path / "avp.toml").read_text("utf-8")
    assert "# The programme of this folder (a comment that must stay)" in config
    assert "# Westvoorne" in config and "# the end" in config
    settings = tomllib.loads(config)
    assert settings["programme"] == NEW
    assert settings["programmes"] == ["data/programma-2021-2022.yaml", NEW]
    assert "updated avp.toml: programme = 'data/programma-2023-2026.yaml'" in result.stdout
    assert f"carried over {len(unfinished)} measure(s)" in result.stdout
    # The review: placeholders for the adoption, and the targets dated in the old period.
    assert "review: programme.adopted is a placeholder" in result.stderr
    text = new_path.read_text("utf-8")
    assert "# - programme.adopted is a placeholder" in text
    assert "adopted: {date: 2023-01-01, body: (in te vullen)}" in text


def test_targets_dated_in_the_old_period_are_left_out_and_reviewed(
    invoke: Invoke, tmp_path: Path
) -> None:
    old_path = bundled_workspace(tmp_path)
    old = load_programme(old_path)
    result = invoke(["successor", NEW, *OPTIONS, "--carry", "all"])
    assert result.exit_code == 0, result.output
    new = load_programme(tmp_path / NEW)
    for _, _, measure in new.measures():
        assert measure.predecessor is not None
        was = old.measure_index[measure.predecessor.measure]
        kept = {t.id for t in measure.targets}
        for target in was.targets:
            dates = [
                d
                for d in (
                    getattr(target, "due", None),
                    getattr(getattr(target, "target", None), "date", None),
                    getattr(target, "end", None),
                )
                if d is not None
            ]
            if dates and max(dates) < dt.date(2023, 1, 1):
                assert target.id not in kept
                assert f"target {target.id!r} left out" in result.stderr
        assert kept <= {t.id for t in was.targets}
    # 1.3.5 'Eind 2022 is 10% bereikt': the result text is carried verbatim, the target not.
    m = next(m for _, _, m in new.measures() if m.predecessor and m.predecessor.measure == "1.3.5")
    assert m.result == old.measure_index["1.3.5"].result
    assert "deelname" not in {t.id for t in m.targets}


@pytest.mark.parametrize("carry", ["all", "none"])
def test_carry_all_or_none(invoke: Invoke, tmp_path: Path, carry: str) -> None:
    old_path = bundled_workspace(tmp_path)
    old = Project.open(old_path)
    result = invoke(["successor", NEW, *OPTIONS, "--carry", carry])
    assert result.exit_code == 0, result.output
    new = load_programme(tmp_path / NEW)
    rows = carried(new)
    if carry == "all":
        assert [r[2] for r in rows] == [m.id for _, _, m in old.programme.measures()]
        dropped = [i for i, s in old.statuses(dt.date(2022, 12, 31)).items() if s is Status.dropped]
        for measure_id in dropped:
            assert f"measure {measure_id} of data/programma-2021-2022.yaml was dropped" in (
                result.stderr
            )
    else:
        assert rows == [] and not new.measure_index
        # The structure stays: every field and theme, every partner.
        assert [t.id for f in new.fields for t in f.themes] == [
            t.id for f in old.programme.fields for t in f.themes
        ]
        assert [p.id for p in new.partners] == [p.id for p in old.programme.partners]
    validate_json(invoke, NEW)


def test_as_of_decides_what_is_unfinished(invoke: Invoke, tmp_path: Path) -> None:
    old_path = bundled_workspace(tmp_path)
    old = Project.open(old_path)
    day = dt.date(2021, 6, 1)
    result = invoke(["successor", NEW, *OPTIONS, "--as-of", day.isoformat()])
    assert result.exit_code == 0, result.output
    rows = carried(load_programme(tmp_path / NEW))
    assert [r[2] for r in rows] == old.state(day).unfinished(old.programme)
    assert len(rows) > len(old.state(dt.date(2022, 12, 31)).unfinished(old.programme))


def test_a_merger_of_two_programmes_reviews_the_partner_clashes(
    invoke: Invoke, tmp_path: Path
) -> None:
    westvoorne = bundled_workspace(tmp_path)
    brielle = second_programme(tmp_path / "data")
    (tmp_path / "avp.toml").unlink()
    before = snapshot(tmp_path / "data")
    result = invoke(
        [
            "successor",
            "voorne-aan-zee/programma-2023.yaml",
            "--municipality",
            "Voorne aan Zee",
            "--title",
            "Actieprogramma Veiligheid Voorne aan Zee 2023",
            "--start",
            "2023-01-01",
            "--end",
            "2023-12-31",
            "--carry",
            "all",
            "--adopted",
            "2023-03-14",
            "--adopted-by",
            "gemeenteraad",
            "--from",
            westvoorne,
            "--from",
            brielle,
        ]
    )
    assert result.exit_code == 0, result.output
    new_path = tmp_path / "voorne-aan-zee/programma-2023.yaml"
    new = load_programme(new_path)
    # One partner 'gemeente'; the two names are a clash in the review (stderr and file).
    clash = (
        "partner 'gemeente': named 'Gemeente Westvoorne' in an earlier programme and "
        "'Gemeente Brielle' in data/brielle.yaml"
    )
    assert f"review: {clash}" in result.stderr
    assert f"# - {clash}" in new_path.read_text("utf-8")
    assert "review: partner 'vrr': named 'Veiligheidsregio Rotterdam-Rijnmond'" in result.stderr
    ids = [p.id for p in new.partners]
    assert len(ids) == len(set(ids))
    gemeente = next(p for p in new.partners if p.id == "gemeente")
    assert gemeente.name == "Gemeente Westvoorne" and "Gemeente Brielle" in gemeente.aliases
    # Every measure of both, with its predecessor (relative to the new file's folder).
    rows = carried(new)
    old_w = load_programme(westvoorne)
    old_b = load_programme(brielle)
    assert [r[2] for r in rows if r[1] == "../data/programma-2021-2022.yaml"] == [
        m.id for _, _, m in old_w.measures()
    ]
    assert sorted(r[2] for r in rows if r[1] == "../data/brielle.yaml") == sorted(
        m.id for _, _, m in old_b.measures()
    )
    # Fields and themes with the same name (case aside) merge: Brielle's field 2 'Fysieke
    # veiligheid' joins Westvoorne's field 4, its theme 'Brandveiligheid' Westvoorne's 4.2.
    assert [f.id for f in new.fields] == [f.id for f in old_w.fields]
    brand = next(t for f in new.fields for t in f.themes if t.name == "Brandveiligheid")
    assert brand.id == "4.2"
    assert [(m.predecessor.programme, m.predecessor.measure) for m in brand.measures][-1] == (
        "../data/brielle.yaml",
        "2.1.1",
    )
    assert "field 2 of data/brielle.yaml merged into field 4 with the same name" in (result.stderr)
    assert new.programme.adopted.body == "gemeenteraad"
    assert new.programme.municipality == "Voorne aan Zee"
    # The old programmes are untouched; a new avp.toml names all three.
    assert snapshot(tmp_path / "data") == before
    settings = tomllib.loads((tmp_path / "voorne-aan-zee/avp.toml").read_text("utf-8"))
    assert settings == {
        "programme": "programma-2023.yaml",
        "programmes": [
            "../data/programma-2021-2022.yaml",
            "../data/brielle.yaml",
            "programma-2023.yaml",
        ],
    }
    assert "wrote voorne-aan-zee/avp.toml" in result.stdout.replace("\\", "/")
    validate_json(invoke, str(new_path))


def test_show_of_a_carried_measure_shows_its_history_in_the_predecessor(
    invoke: Invoke, tmp_path: Path
) -> None:
    old_path = bundled_workspace(tmp_path)
    old = Project.open(old_path)
    assert invoke(["successor", NEW, *OPTIONS]).exit_code == 0
    new = load_programme(tmp_path / NEW)
    measure = next(
        m
        for _, _, m in new.measures()
        if m.predecessor and old.state().history(m.predecessor.measure)
    )
    assert measure.predecessor is not None
    history = old.state().history(measure.predecessor.measure)

    shown = invoke(["show", measure.id])  # avp.toml names the new programme now

    assert shown.exit_code == 0, shown.output
    assert "Voortgezet uit" in shown.stdout and "Geschiedenis daar" in shown.stdout
    assert "programma-2021-2022.yaml (Actieprogramma Integraal Veiligheidsbeleid" in shown.stdout
    for entry in history:
        assert entry.note in shown.stdout
    data = json.loads(invoke(["show", measure.id, "--format", "json"]).stdout)
    assert data["predecessor"]["measure"] == measure.predecessor.measure
    assert [e["note"] for e in data["predecessor"]["history"]] == [e.note for e in history]
    # A measure of the old programme was not carried: it has no predecessor.
    plain = invoke(["show", "1.1.1", "--file", old_path, "--format", "json"])
    assert json.loads(plain.stdout)["predecessor"] is None


def test_show_says_when_the_predecessor_cannot_be_read(invoke: Invoke, tmp_path: Path) -> None:
    old_path = bundled_workspace(tmp_path)
    assert invoke(["successor", NEW, *OPTIONS]).exit_code == 0
    old_path.rename(old_path.with_name("weg.yaml"))
    # avp.toml must not list the file that is gone (that is an error of its own)
    (tmp_path / "avp.toml").write_text(f'programme = "{NEW}"\n', encoding="utf-8")
    shown = invoke(["show", "1.1.1"])
    assert shown.exit_code == 0, shown.output
    assert "Voortgezet uit" in shown.stdout
    assert "het programma is niet als bestand te vinden" in shown.stdout


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "csv", "json"])
def test_reports_mark_carried_measures(invoke: Invoke, tmp_path: Path, fmt: str) -> None:
    bundled_workspace(tmp_path)
    assert invoke(["successor", NEW, *OPTIONS]).exit_code == 0
    first = load_programme(tmp_path / NEW).measures()[0][2]
    assert first.predecessor is not None
    result = invoke(["report", "--format", fmt, "--as-of", "2023-06-30", *THE_NEW_ONE])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        (report,) = json.loads(result.stdout)["programmes"]  # a workspace's report
        measure = report["fields"][0]["themes"][0]["measures"][0]
        assert measure["predecessor"] == {
            "programme": "programma-2021-2022.yaml",
            "measure": first.predecessor.measure,
        }
    else:
        mark = f"Voortgezet uit programma-2021-2022.yaml ({first.predecessor.measure})"
        assert mark in " ".join(result.stdout.split()) or fmt == "terminal"
        assert "Voortgezet uit" in result.stdout


def test_bad_input_gives_clear_messages_and_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    bundled_workspace(tmp_path)
    before = snapshot(tmp_path)

    missing = invoke(["successor", NEW, *OPTIONS, "--from", "data/geen.yaml"])
    assert missing.exit_code == 2
    assert "--from data/geen.yaml does not exist" in missing.stderr

    invalid = invoke(["successor", NEW, *OPTIONS, "--from", BAD / "duplicate-id.yaml"])
    assert invalid.exit_code == 1, invalid.output
    assert "duplicate-id.yaml:" in invalid.stderr and "Traceback" not in invalid.output

    swapped = [*OPTIONS[:4], "--start", "2026-12-31", "--end", "2023-01-01"]
    backwards = invoke(["successor", NEW, *swapped])
    assert backwards.exit_code == 2
    assert "--end 2023-01-01 lies before --start 2026-12-31" in backwards.stderr

    only_end = invoke(["successor", NEW, "--end", "2022-06-30"])
    assert only_end.exit_code == 2
    assert "--end 2022-06-30 lies before the new programme's first day 2023-01-01" in (
        only_end.stderr
    )

    not_a_date = invoke(["successor", NEW, *OPTIONS, "--as-of", "gisteren"])
    assert not_a_date.exit_code == 2 and "--as-of 'gisteren' is not a date" in not_a_date.stderr

    exists = invoke(["successor", "data/programma-2021-2022.yaml", *OPTIONS])
    assert exists.exit_code == 2
    assert "data/programma-2021-2022.yaml exists already" in exists.stderr.replace("\\", "/")
    assert snapshot(tmp_path) == before

    twice = invoke(["successor", NEW, *OPTIONS, "--from", "data/programma-2021-2022.yaml",
                    "--from", "data/programma-2021-2022.yaml"])  # fmt: skip
    assert twice.exit_code == 2 and "is given twice" in twice.stderr
    assert snapshot(tmp_path) == before

    for option in ("--adopted-by", "--source"):  # blank is a mistake, not a placeholder
        blank = invoke(["successor", NEW, *OPTIONS, option, "  "])
        assert blank.exit_code == 2
        assert f"{option} is empty; give it, or leave {option} out" in blank.stderr
    assert snapshot(tmp_path) == before


def test_a_broken_avp_toml_is_not_written_and_nothing_else_is(
    invoke: Invoke, tmp_path: Path
) -> None:
    old_path = bundled_workspace(tmp_path)
    (tmp_path / "avp.toml").write_text(AVP_TOML + "programmes = [\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = invoke(["successor", NEW, *OPTIONS, "--from", old_path])
    assert result.exit_code == 2, result.output
    assert "avp.toml" in result.stderr and "not valid TOML" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_log_of_the_same_years_gives_the_new_log_the_programmes_name(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A second programme of the same years in one folder (a variant to compare): its log is
    named after its file; when that name is taken too, nothing is written."""
    bundled_workspace(tmp_path)
    taken = tmp_path / "data/voortgang-2023-2026.yaml"
    taken.write_text("entries: []\n", encoding="utf-8")
    result = invoke(["successor", NEW, *OPTIONS])
    assert result.exit_code == 0, result.output
    assert load_programme(tmp_path / NEW).programme.progress_log == (
        "voortgang-programma-2023-2026.yaml"
    )
    assert (tmp_path / "data/voortgang-programma-2023-2026.yaml").is_file()
    assert taken.read_text(encoding="utf-8") == "entries: []\n"
    (tmp_path / "data/voortgang-variant.yaml").write_text("entries: []\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = invoke(["successor", "data/variant.yaml", *OPTIONS])
    assert result.exit_code == 2
    assert "voortgang-variant.yaml, the names avp gives the new programme's progress log" in (
        result.stderr
    )
    assert snapshot(tmp_path) == before


def test_defaults_follow_the_earlier_programme(invoke: Invoke, tmp_path: Path) -> None:
    bundled_workspace(tmp_path)
    result = invoke(["successor", "data/vervolg.yaml"])
    assert result.exit_code == 0, result.output
    meta = load_programme(tmp_path / "data/vervolg.yaml").programme
    assert meta.municipality == "Westvoorne"
    assert (meta.period.start, meta.period.end) == (dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    assert meta.title == "Actieprogramma Integraal Veiligheidsbeleid Westvoorne 2023-2024"
    assert meta.progress_log == "voortgang-2023-2024.yaml"
    assert "Westvoorne, 2023-01-01 to 2024-12-31" in result.stdout


def test_a_merger_needs_the_new_municipality(invoke: Invoke, tmp_path: Path) -> None:
    westvoorne = bundled_workspace(tmp_path)
    brielle = second_programme(tmp_path / "data")
    result = invoke(["successor", "nieuw.yaml", "--from", westvoorne, "--from", brielle])
    assert result.exit_code == 2
    assert "the earlier programmes are of Westvoorne, Brielle" in result.stderr
    assert "--municipality" in result.stderr
    assert not (tmp_path / "nieuw.yaml").exists()


def test_a_successor_of_the_bundled_programme_names_it_by_title(
    invoke: Invoke, tmp_path: Path
) -> None:
    result = invoke(["successor", "vervolg.yaml", "--carry", "all"])  # no avp.toml: bundled
    assert result.exit_code == 0, result.output
    new = load_programme(tmp_path / "vervolg.yaml")
    title = "Actieprogramma Integraal Veiligheidsbeleid Westvoorne 2021-2022"
    assert {ref for _, ref, _ in carried(new)} == {title}
    assert "is installed with avp" in result.stderr
    settings = tomllib.loads((tmp_path / "avp.toml").read_text("utf-8"))
    assert settings == {"programme": "vervolg.yaml", "programmes": ["vervolg.yaml"]}
    shown = invoke(["show", "1.1.1"])
    assert shown.exit_code == 0, shown.output
    assert f"Voortgezet uit     {title}: 1.1.1" in shown.stdout
    assert "Nog geen update" in shown.stdout  # the bundled programme has no log


def test_a_folder_that_cannot_be_made_is_a_message(invoke: Invoke, tmp_path: Path) -> None:
    bundled_workspace(tmp_path)
    (tmp_path / "bestand").write_text("", encoding="utf-8")
    before = snapshot(tmp_path)
    result = invoke(["successor", "bestand/nieuw.yaml"])
    assert result.exit_code == 2, result.output
    assert "bestand is a file, not a folder" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(tmp_path) == before


def test_the_mark_in_english(invoke: Invoke, tmp_path: Path) -> None:
    bundled_workspace(tmp_path)
    assert invoke(["successor", NEW, *OPTIONS]).exit_code == 0
    result = invoke(["report", "--format", "markdown", "--lang", "en", "--as-of", "2023-06-30"])
    assert result.exit_code == 0, result.output
    assert "*Continued from programma-2021-2022.yaml (" in result.stdout
    assert "Voortgezet" not in result.stdout


def test_the_mark_is_text_never_markup(invoke: Invoke, tmp_path: Path) -> None:
    bundled_workspace(tmp_path)
    assert invoke(["successor", NEW, *OPTIONS]).exit_code == 0
    path = tmp_path / NEW
    text = path.read_text("utf-8").replace(
        "programme: programma-2021-2022.yaml", 'programme: "<b>oud</b>"', 1
    )
    path.write_text(text, encoding="utf-8")
    html = invoke(["report", "--format", "html", "--as-of", "2023-06-30"])
    assert html.exit_code == 0, html.output
    assert "&lt;b&gt;oud&lt;/b&gt;" in html.stdout and "<b>oud</b>" not in html.stdout
    shown = invoke(["show", "1.1.1"])
    assert shown.exit_code == 0, shown.output
    assert "<b>oud</b>" in shown.stdout  # printed as text


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "csv", "json"])
def test_the_end_evaluation_marks_carried_measures(
    invoke: Invoke, tmp_path: Path, fmt: str
) -> None:
    """Every report marks a carried measure: the end evaluation too (review of issue 16)."""
    bundled_workspace(tmp_path)
    assert invoke(["successor", NEW, *OPTIONS]).exit_code == 0
    first = load_programme(tmp_path / NEW).measures()[0][2]
    assert first.predecessor is not None
    result = invoke(["report", "--final", "--format", fmt, "--as-of", "2023-06-30", *THE_NEW_ONE])
    assert result.exit_code == 0, result.output
    mark = f"Voortgezet uit programma-2021-2022.yaml ({first.predecessor.measure})"
    if fmt == "json":
        measure = json.loads(result.stdout)["fields"][0]["themes"][0]["measures"][0]
        assert measure["predecessor"] == first.predecessor.model_dump()
    else:
        assert mark in " ".join(result.stdout.split())
