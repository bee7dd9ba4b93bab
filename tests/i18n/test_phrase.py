"""Languages: every language file complete, the phrase API, and a third language added as a file."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import TypeAdapter

from avp import i18n
from avp.i18n import Amount, Message, PeriodRef, phrase
from avp.programme.status import Status, parse_status
from avp.render import style
from avp.report.labels import Labels
from avp.targets.evaluate import target_status
from avp.targets.figures import Figure
from avp.targets.models import Target, TargetModel
from avp.targets.periods import DateRange
from avp.targets.registry import KINDS
from avp.targets.verdicts import Verdict

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
D = dt.date


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# --- every language file is complete ----------------------------------------------------------


def test_the_languages_are_the_files_present() -> None:
    assert i18n.LANGUAGES == ("nl", "en")
    assert i18n.DEFAULT in i18n.LANGUAGES


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_language_has_the_keys_and_fields_of_english(lang: str) -> None:
    english = i18n.language("en")
    module = i18n.language(lang)
    assert module.code == lang
    assert set(module.MESSAGES) == set(english.MESSAGES)
    for key, template in english.MESSAGES.items():
        assert fields(module.MESSAGES[key]) == fields(template), (lang, key)
    assert len(module.MONTHS) == 12 and len(set(module.MONTHS)) == 12
    assert isinstance(module.DECIMAL_SEPARATOR, str) and module.DECIMAL_SEPARATOR


def test_plural_keys_come_in_pairs_and_use_count() -> None:
    messages = i18n.language("en").MESSAGES
    for key in messages:
        stem, _, form = key.rpartition(".")
        if form in ("one", "other"):
            assert {f"{stem}.one", f"{stem}.other"} <= set(messages), key
            assert "count" in fields(messages[key]), key
            assert stem not in messages, key


def test_statuses_and_verdicts_have_a_label_in_every_language() -> None:
    for lang in i18n.LANGUAGES:
        assert all(i18n.status_label(s, lang) for s in Status)
        assert all(i18n.verdict_label(v, lang) for v in Verdict)
    assert [s.label("nl") for s in Status] == [
        "niet gestart",
        "op koers",
        "aandacht",
        "achter",
        "afgerond",
        "vervallen",
    ]
    assert Status.off_track.label() == "off track" and Status.done.label_nl == "afgerond"


# --- the phrase API ---------------------------------------------------------------------------


def test_phrase_formats_each_value_in_its_language() -> None:
    week = PeriodRef("week", D(2022, 6, 6), 2022, "2022-W23")
    head = Message.of("frequency.head", achieved=1, required=2, period=week)
    assert phrase("nl", "pace.ended", head=head, verdict=Message.of("verdict.met")) == (
        "1 van 2 in week 23 van 2022: gehaald"
    )
    assert head.text("en") == "1 of 2 in week 23 of 2022"
    assert phrase("nl", "threshold.measured", value=Amount(9.4, "%"), day=D(2022, 6, 30)) == (
        "9,4% op 30 juni 2022"
    )
    assert phrase("en", "threshold.measured", value=Amount(120, "deelnemers"), day=D(2022, 1, 1))
    assert phrase("en", "threshold.label", day=None) == "by "


def test_phrase_chooses_the_plural_by_count() -> None:
    assert Message.of("left.days", count=1).text("nl") == "nog 1 dag"
    assert Message.of("left.days", count=3).text("nl") == "nog 3 dagen"
    assert Message.of("left.days", count=1).text("en") == "1 day left"
    assert Message.of("left.days", count=0).text("en") == "0 days left"
    with pytest.raises(KeyError):
        phrase("en", "left.days")  # no count, no plain key


def test_a_remembered_template_keeps_variants_and_languages_apart() -> None:
    """Templates are remembered per language and variant (one, other, none): asking in
    turns gives each its own text, and a nested period word takes the outer count."""
    for _ in range(2):
        assert Message.of("left.days", count=1).text("nl") == "nog 1 dag"
        assert Message.of("left.days", count=2).text("nl") == "nog 2 dagen"
        assert Message.of("left.days", count=2).text("en") == "2 days left"
        assert phrase("nl", "verdict.missed") != phrase("en", "verdict.missed")
        periods = Message.of("period.half_years")
        one = Message.of("target.year_so_far", current="x", year=2022, met=0, total=1)
        many = Message.of("target.year_so_far", current="x", year=2022, met=0, total=2)
        assert phrase("nl", one.key, **dict(one.values), periods=periods).endswith(
            "0 van 1 halfjaar gehaald"
        )
        assert phrase("nl", many.key, **dict(many.values), periods=periods).endswith(
            "0 van 2 halfjaren gehaald"
        )


def test_labels_keep_a_status_and_a_verdict_of_the_same_key_apart() -> None:
    """Both are str enums with ``at_risk``: remembered labels do not mix them up."""
    labels = Labels("nl")
    for _ in range(2):
        assert labels.status(Status.at_risk) == phrase("nl", "status.at_risk")
        assert labels.verdict(Verdict.at_risk) == phrase("nl", "verdict.at_risk")
    assert labels.status(Status.at_risk) != labels.verdict(Verdict.at_risk)


def test_labels_fmt_once_is_fmt_phrased_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sentence many measures share is phrased once per labels and values."""
    from avp.report import labels as labels_module

    labels = Labels("nl")
    asked = [
        ("attention.status", {"status": "achter", "verdict": "risico"}),
        ("attention.status", {"status": "aandacht", "verdict": "risico"}),
    ]
    expected = [labels.fmt(key, **values) for key, values in asked]
    phrased: list[str] = []
    original = labels_module.phrase

    def counted(lang: str, key: str, **values: Any) -> str:
        phrased.append(key)
        return original(lang, key, **values)

    monkeypatch.setattr(labels_module, "phrase", counted)
    for _ in range(3):
        assert [labels.fmt_once(key, **values) for key, values in asked] == expected
    assert len(phrased) == 2
    assert expected[0] != expected[1] and "achter" in expected[0]


def test_a_targets_text_is_phrased_once_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report writes a target's line in its record and on the attention list: the
    sentence is phrased once per language, and is the same each time."""
    monthly = TypeAdapter(Target).validate_python(
        {"id": "t", "description": "d", "kind": "frequency", "count": 1, "per": "month"}
    )
    programme = DateRange(D(2021, 1, 1), D(2022, 12, 31))
    status = target_status(
        "1.1.1", monthly, [Figure(D(2022, 6, 3), count=1)], programme, D(2022, 6, 7)
    )
    first = {lang: status.reason.text(lang) for lang in ("nl", "en")}
    phrased: list[str] = []
    original = Message.text

    def counted(self: Message, lang: str) -> str:
        phrased.append(lang)
        return original(self, lang)

    monkeypatch.setattr(Message, "text", counted)
    for _ in range(3):
        assert status.text("nl") == first["nl"]
        assert status.text("en") == first["en"]
    assert phrased.count("nl") == phrased.count("en") >= 1
    before = len(phrased)
    status.text("nl")
    assert len(phrased) == before


def test_messages_are_values_that_compare_and_hash() -> None:
    first = Message.of("target.starts", day=D(2021, 1, 1))
    assert first == Message.of("target.starts", day=D(2021, 1, 1))
    assert len({first, Message.of("target.starts", day=D(2021, 1, 1))}) == 1


def test_an_unknown_language_falls_back_to_english() -> None:
    assert phrase("fr", "verdict.missed") == "missed"
    assert Labels("fr").lang == "en"


def test_parse_status_takes_the_key_and_the_label_of_every_language() -> None:
    for status in Status:
        assert parse_status(status.value) is status
        for lang in i18n.LANGUAGES:
            assert parse_status(status.label(lang).upper()) is status


# --- the registry of kinds and the styles -----------------------------------------------------


def test_every_kind_of_target_is_registered() -> None:
    models: tuple[type[Any], ...] = get_args(TargetModel)
    kinds = {get_args(model.model_fields["kind"].annotation)[0] for model in models}
    assert set(KINDS) == kinds
    assert all(name == kind.name for name, kind in KINDS.items())


def test_every_status_and_verdict_has_a_style() -> None:
    assert set(style.STATUS_LOOKS) == set(Status)
    assert set(style.VERDICT_LOOKS) == set(Verdict)


# --- a third language is one more file --------------------------------------------------------

XX_WORDS = {
    "verdict.met": "XX-met",
    "verdict.on_course": "XX-on-course",
    "verdict.at_risk": "XX-at-risk",
    "verdict.missed": "XX-missed",
    "verdict.no_data": "XX-no-data",
    "status.not_started": "XX not started",
    "frequency.head": "{achieved} XX-of {required} XX-in {period}",
    "report": "XX-report",
    "summary": "XX-summary",
}


def xx_file() -> str:
    """A language file as a translator would write it: English, with some words changed."""
    messages = {**i18n.language("en").MESSAGES, **XX_WORDS}
    months = ", ".join(json.dumps(f"XX{n}") for n in range(1, 13))
    lines = [json.dumps(key) + " = " + json.dumps(text) for key, text in messages.items()]
    return f'months = [{months}]\ndecimal_separator = "~"\n[messages]\n' + "\n".join(lines)


@pytest.fixture
def xx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """avp.i18n with an ``xx.toml`` beside its language files."""
    (tmp_path / "xx.toml").write_text(xx_file(), encoding="utf-8")
    monkeypatch.setattr(i18n, "FOLDERS", [*i18n.FOLDERS, tmp_path])
    languages = i18n._discover()
    for module in ("avp.i18n", "avp.programme.status", "avp.report.labels"):
        monkeypatch.setattr(f"{module}.LANGUAGES", languages)
    i18n.language.cache_clear()
    i18n._period_ref.cache_clear()
    yield
    i18n.language.cache_clear()
    i18n._period_ref.cache_clear()


@pytest.mark.usefixtures("xx")
def test_a_third_language_module_is_found_and_used() -> None:
    assert i18n.LANGUAGES == ("nl", "en", "xx")
    monthly = TypeAdapter(Target).validate_python(
        {"id": "t", "description": "d", "kind": "frequency", "count": 1, "per": "month"}
    )
    programme = DateRange(D(2021, 1, 1), D(2022, 12, 31))
    status = target_status(
        "1.1.1", monthly, [Figure(D(2022, 6, 3), count=1)], programme, D(2022, 6, 7)
    )
    assert status.current is not None
    assert status.current.forecast("xx") == "1 XX-of 1 XX-in XX6 2022, 3 weeks left: XX-met"
    assert status.current.label("xx") == "XX6 2022"
    assert status.text("xx").endswith("; 2022 so far: 0 of 5 months met: XX-at-risk")
    assert i18n.format_number(9.4, "%", "xx") == "9~4%"
    labels = Labels("xx")
    assert (labels["report"], labels.verdict(Verdict.met)) == ("XX-report", "XX-met")
    assert labels.date(D(2022, 6, 30)) == "30 XX6 2022"
    assert parse_status("xx not started") is Status.not_started


def test_a_third_language_file_reaches_the_command_line(tmp_path: Path) -> None:
    """A copy of avp with ``avp/i18n/xx.toml`` added: ``--lang xx`` for targets and report."""
    copy = tmp_path / "site"
    shutil.copytree(ROOT / "avp", copy / "avp", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "avp" / "i18n" / "xx.toml").write_text(xx_file(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(copy), "AVP_NO_CACHE": "1", "NO_COLOR": "1"}
    env.pop("AVP_FILE", None)
    programme = FIXTURES / "targets" / "programma.yaml"

    def avp(*args: str) -> str:
        code = "import sys\nfrom avp.cli import main\nsys.argv = ['avp', *sys.argv[1:]]\nmain()"
        done = subprocess.run(
            [sys.executable, "-c", code, *args, "-f", str(programme), "--as-of", "2022-06-30"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    records = json.loads(avp("targets", "--lang", "xx", "--format", "json"))
    labels = {r["verdict_label"] for r in records}
    assert labels <= {word for key, word in XX_WORDS.items() if key.startswith("verdict.")}
    assert any(" XX-of " in r["forecast"] for r in records if r["kind"] == "frequency")
    markdown = avp("report", "--lang", "xx", "--format", "markdown")
    assert markdown.startswith("# XX-report: ")
    assert "## XX-summary" in markdown and "30 XX6 2022" in markdown


def test_parse_status_builds_the_labels_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a log asks for a status per entry several times: the labels are looked up
    once per set of languages, not at every call (a 100,000-entry log took 23 s more)."""
    import avp.programme.status as status_module

    calls = []
    original = status_module.status_label

    def counted(status: str, lang: str) -> str:
        calls.append((status, lang))
        return original(status, lang)

    monkeypatch.setattr(status_module, "status_label", counted)
    status_module._by_words.cache_clear()
    for _ in range(1000):
        assert parse_status("Op koers") is Status.on_track
        assert parse_status("off_track") is Status.off_track
    assert len(calls) <= len(Status) * len(i18n.LANGUAGES)
    status_module._by_words.cache_clear()
