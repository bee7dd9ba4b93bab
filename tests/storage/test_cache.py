"""The cache of validated data: used when the file is byte-identical, ignored otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from avp.base.problems import DataError
from avp.programme.load import load_programme, programme_data
from avp.storage import cache
from tests.conftest import FIXTURES, MINIMAL, ROOT


@pytest.fixture
def programme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "p.yaml"
    shutil.copy(MINIMAL, target)
    return target


def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML parser ran")

    monkeypatch.setattr("avp.yamlio.loader.load", fail)
    programme_data.cache_clear()  # nor data parsed earlier in this process


def test_second_read_comes_from_the_cache(programme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_programme(programme)
    assert list((programme.parent / "cache").iterdir())
    no_yaml(monkeypatch)
    assert load_programme(programme) == first


def test_a_changed_file_is_read_again(programme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_programme(programme)
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("Buurtbemiddeling", "Buurtbemiddeling nu"), encoding="utf-8")
    assert (
        load_programme(programme)
        .fields[0]
        .themes[0]
        .measures[0]
        .text.startswith("Buurtbemiddeling nu")
    )


def test_a_change_that_breaks_the_file_is_reported(programme: Path) -> None:
    load_programme(programme)
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace("partners: [gemeente, politie]", "partners: [x]"), encoding="utf-8"
    )
    with pytest.raises(DataError):
        load_programme(programme)


def test_corrupt_entries_are_ignored(programme: Path) -> None:
    expected = load_programme(programme)
    for entry in (programme.parent / "cache").iterdir():
        entry.write_bytes(b'"garbage"\n{not json')
    assert load_programme(programme) == expected


def test_garbage_that_breaks_the_json_reader_is_ignored(programme: Path) -> None:
    expected = load_programme(programme)
    (entry,) = (programme.parent / "cache").glob("programme-*.json")
    head = entry.read_bytes().split(b"\n", 1)[0]
    for garbage in (b"[" * 100_000 + b"\n", head + b"\n" + b"[" * 100_000):
        entry.write_bytes(garbage)
        assert load_programme(programme) == expected  # no RecursionError


def test_a_body_changed_by_hand_is_not_used(programme: Path) -> None:
    load_programme(programme)
    (entry,) = (programme.parent / "cache").glob("programme-*.json")
    changed = entry.read_bytes().replace(b"Voorbeeld", b"Veranderd")
    assert changed != entry.read_bytes()
    entry.write_bytes(changed)
    raw = programme.read_bytes()
    assert cache.load("programme", programme, raw) is None
    assert load_programme(programme).programme.municipality == "Voorbeeld"


def test_tampered_data_is_validated_again(programme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = programme.read_bytes()
    cache.store("programme", programme, raw, {"programme": "not a mapping"})
    assert load_programme(programme).programme.municipality == "Voorbeeld"


def test_no_cache(programme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AVP_NO_CACHE", "1")
    load_programme(programme)
    assert not (programme.parent / "cache").exists()


def test_unwritable_cache_is_silent(programme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = programme.parent / "file-not-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("AVP_CACHE_DIR", str(blocker / "cache"))
    assert load_programme(programme).programme.municipality == "Voorbeeld"


def test_cache_dir_is_outside_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AVP_CACHE_DIR")
    directory = cache.cache_dir()
    assert directory is not None
    assert ROOT not in directory.resolve().parents


def test_validate_remembers_clean_files_but_scans_for_privacy_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avp.validate.pipeline import Validator

    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "privacy" / name, tmp_path / name)
    programme, log = tmp_path / "programma.yaml", tmp_path / "voortgang.yaml"
    first = Validator([programme, log]).validate(log)
    assert [p.rule for p in first] == ["privacy"] * 4
    assert Validator([programme]).validate(programme) == []
    no_yaml(monkeypatch)
    monkeypatch.setattr(
        "avp.yamlio.loader.load_items", lambda *a: (_ for _ in ()).throw(AssertionError)
    )
    again = Validator([programme, log]).validate(log)
    assert again == first  # the clean log was not parsed again; the privacy scan ran
    assert Validator([programme]).validate(programme) == []  # nor the programme


def test_validate_checks_a_changed_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avp.validate.pipeline import Validator

    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "p.yaml"
    shutil.copy(MINIMAL, target)
    assert Validator([target]).validate(target) == []
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("partners: [gemeente, politie]", "partners: [x]"), "utf-8")
    assert [p.rule for p in Validator([target]).validate(target)] == ["partner-ref"]


def test_appending_to_a_cached_list_of_entries(tmp_path: Path) -> None:
    path = tmp_path / "voortgang.yaml"
    cache.store("progress", path, b"v0", {"entries": []}, "p")
    assert cache.entry_count("progress", path, b"v0", "p") == 0
    assert cache.append_entry("progress", path, b"v0", b"v1", {"note": "é"}, "p")
    assert cache.append_entry("progress", path, b"v1", b"v2", {"note": "]}"}, "p")
    assert cache.load("progress", path, b"v2", "p") == {"entries": [{"note": "é"}, {"note": "]}"}]}
    assert cache.entry_count("progress", path, b"v2", "p") == 2
    assert cache.load("progress", path, b"v1", "p") is None  # replaced, not kept beside it
    # only the current entry, of that shape, is appended to
    assert not cache.append_entry("progress", path, b"v1", b"v3", {}, "p")
    assert not cache.append_entry("progress", path, b"v2", b"v3", {}, "other programme")
    cache.store("progress", path, b"w", {"entries": None}, "p")
    assert cache.entry_count("progress", path, b"w", "p") is None
    assert not cache.append_entry("progress", path, b"w", b"w2", {}, "p")
    assert cache.load("progress", path, b"w", "p") == {"entries": None}


# --- a change of avp itself -------------------------------------------------------------------


def test_the_code_digest_follows_every_file_of_the_package(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "i18n").mkdir()
    (root / "__pycache__").mkdir()
    (root / "__init__.py").write_text('"""A package."""\n', encoding="utf-8")
    (root / "sub" / "rules.py").write_text("LIMIT = 1\n", encoding="utf-8")
    (root / "i18n" / "nl.json").write_text('{"to": "tot"}\n', encoding="utf-8")
    (root / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\x00compiled")
    first = cache.code_digest(root)
    assert cache.code_digest(root) == first

    def changed(path: Path, content: bytes) -> str:
        before = path.read_bytes()
        path.write_bytes(content)
        try:
            return cache.code_digest(root)
        finally:
            path.write_bytes(before)

    assert changed(root / "sub" / "rules.py", b"LIMIT = 2\n") != first  # a rule
    assert changed(root / "i18n" / "nl.json", b'{"to": "t/m"}\n') != first  # a data file
    assert changed(root / "__pycache__" / "rules.cpython-311.pyc", b"other") == first
    assert cache.code_digest(root) == first
    (root / "sub" / "rules.py").rename(root / "sub" / "limits.py")
    assert cache.code_digest(root) != first  # a moved module
    (root / "sub" / "limits.py").rename(root / "sub" / "rules.py")
    (root / "sub" / "new.py").write_text("", encoding="utf-8")
    assert cache.code_digest(root) != first  # a new module
    assert cache.code_digest() != first  # avp's own: another package


def _one_more_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Patch a check of programmes and one of logs to find one more problem each, as a
    new rule of avp would."""
    from avp.base import rules
    from avp.base.findings import Finding
    from avp.programme import checks as programme_checks
    from avp.progress import checks

    check_programme, check_log = programme_checks.check_programme, checks.check_log
    for new in ("new-rule", "new-log-rule"):
        monkeypatch.setitem(rules.RULES, new, rules.Rule(new, "error", "one more rule"))

    def programme_rule(data: object) -> list[Finding]:
        new = rules.RuleId("new-rule")
        return [*check_programme(data), Finding(("programme",), "a new rule", new)]

    def log_rule(data: object, *args: object, **kwargs: object) -> list[Finding]:
        found = check_log(data, *args, **kwargs)  # type: ignore[arg-type]
        return [*found, Finding(("entries",), "a new log rule", rules.RuleId("new-log-rule"))]

    monkeypatch.setattr(programme_checks, "check_programme", programme_rule)
    monkeypatch.setattr(checks, "check_log", log_rule)


def test_a_change_of_avp_makes_cached_results_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from avp.cli import app

    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "targets" / name, tmp_path / name)
    files = [str(tmp_path / "programma.yaml"), str(tmp_path / "voortgang.yaml")]
    runner = CliRunner()
    first = runner.invoke(app, ["validate", *files, "--format", "text"])
    assert first.exit_code == 0, first.output  # clean, and so cached
    _one_more_rule(monkeypatch)
    # The same code digest: the cached clean results stand (what made avp miss new rules).
    assert runner.invoke(app, ["validate", *files]).exit_code == 0
    monkeypatch.setattr(cache, "code_digest", lambda root=None: "avp with one more rule")
    again = runner.invoke(app, ["validate", *files, "--format", "text"])
    assert again.exit_code == 1
    assert "a new rule (new-rule)" in again.stdout
    assert "a new log rule (new-log-rule)" in again.stdout


def test_the_code_digest_is_computed_once_and_only_for_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from typer.testing import CliRunner

    from avp.cli import app

    package = Path(cache.__file__).resolve().parents[1]
    walked: list[Path] = []
    walk = os.walk

    def spy(top: object, *args: object, **kwargs: object) -> object:
        if Path(str(top)) == package:
            walked.append(package)
        return walk(top, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "walk", spy)
    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    cache._own_code_digest.cache_clear()
    try:
        runner = CliRunner()
        assert runner.invoke(app, ["--version"]).exit_code == 0
        assert walked == []  # start-up never computes it
        monkeypatch.setenv("AVP_NO_CACHE", "1")
        assert runner.invoke(app, ["validate", str(MINIMAL)]).exit_code == 0
        assert walked == []  # nor does a command without the cache
        monkeypatch.delenv("AVP_NO_CACHE")
        for _ in range(2):
            assert runner.invoke(app, ["validate", str(MINIMAL)]).exit_code == 0
        assert walked == [package]  # once per process
    finally:
        cache._own_code_digest.cache_clear()


# --- a log depends on all of its programme -----------------------------------------------------


PER_OCCASION = (
    "                percent: 100\n",
    "                per_occasion: 5\n",
)  # 2.1.2's coverage: its counts are no longer taken


@pytest.mark.parametrize(
    "change",
    [
        PER_OCCASION,
        ("                due: 2021-06-30\n", "                due: 2023-06-30\n"),
        ("                relation: at_least\n", "                relation: at_least\n"
         "                reference: 2020\n"),
        ("                per: week\n", "                per: week\n"
         "                start: 2022-01-01\n"),
        ("municipality: Voorbeeld", "municipality: Elders"),
    ],
)  # fmt: skip
def test_the_fingerprint_of_a_programme_is_all_of_it(
    tmp_path: Path, change: tuple[str, str]
) -> None:
    from avp.progress.read import programme_fingerprint

    path = tmp_path / "programma.yaml"
    text = (FIXTURES / "targets" / "programma.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text, encoding="utf-8")
    before = programme_fingerprint(load_programme(path))
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    assert programme_fingerprint(load_programme(path)) != before


def test_a_change_of_the_programme_that_breaks_its_log_is_reported_after_a_clean_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avp.progress.read import load_log
    from avp.validate.pipeline import Validator

    monkeypatch.setenv("AVP_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "targets" / name, tmp_path / name)
    programme, log = tmp_path / "programma.yaml", tmp_path / "voortgang.yaml"
    assert [p for p in Validator([programme, log]).validate(log) if p.level == "error"] == []
    load_log(log, load_programme(programme))  # valid: its data is cached too
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace(*PER_OCCASION), encoding="utf-8")
    problems = Validator([programme, log]).validate(log)
    assert [(p.yaml_path, p.rule) for p in problems if p.level == "error"] == [
        ("entries[11].count", "target")
    ]
    with pytest.raises(DataError):
        load_log(log, load_programme(programme))
