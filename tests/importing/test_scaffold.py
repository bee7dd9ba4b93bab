"""avp.importing.scaffold: file names, the new programme, the imported one, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from avp.base.problems import AvpError
from avp.importing import scaffold
from avp.importing.scaffold import Settings
from avp.programme.load import load_programme_text
from avp.storage.atomic import WriteError

SCHEMAS = {"programme": "{}\n", "progress": "{}\n"}
SETTINGS = Settings(
    municipality="Voorbeeldrijk",
    start=dt.date(2025, 1, 1),
    end=dt.date(2026, 12, 31),
    adopted=dt.date(2025, 2, 11),
    adopted_by="college van B&W",
)


@pytest.mark.parametrize(
    ("start", "end", "lang", "names"),
    [
        (
            "2025-01-01",
            "2026-12-31",
            "nl",
            ("programma-2025-2026.yaml", "voortgang-2025-2026.yaml"),
        ),
        ("2025-01-01", "2025-12-31", "nl", ("programma-2025.yaml", "voortgang-2025.yaml")),
        ("2025-03-01", "2027-02-28", "en", ("programme-2025-2027.yaml", "progress-2025-2027.yaml")),
    ],
)
def test_file_names(start: str, end: str, lang: str, names: tuple[str, str]) -> None:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    assert scaffold.file_names(first, last, lang) == names


def test_the_new_programme_has_the_five_vng_fields() -> None:
    text = scaffold.programme_text(SETTINGS, "voortgang-2025-2026.yaml")
    programme = load_programme_text(text, "new.yaml")
    assert [(f.id, f.name, f.themes) for f in programme.fields] == [
        ("1", "Veilige woon- en leefomgeving", []),
        ("2", "Bedrijvigheid en veiligheid", []),
        ("3", "Jeugd en veiligheid", []),
        ("4", "Fysieke veiligheid", []),
        ("5", "Integriteit en veiligheid", []),
    ]
    meta = programme.programme
    assert meta.title == "Actieprogramma Integraal Veiligheidsbeleid Voorbeeldrijk 2025-2026"
    assert meta.source == meta.title
    assert meta.progress_log == "voortgang-2025-2026.yaml"
    assert [(p.id, p.name) for p in programme.partners] == [("gemeente", "Gemeente Voorbeeldrijk")]


def test_text_that_yaml_would_misread_is_quoted() -> None:
    tricky = Settings(
        municipality="Yes",
        start=SETTINGS.start,
        end=SETTINGS.end,
        adopted=SETTINGS.adopted,
        adopted_by="raad: 12 stemmen # voor",
        title="2025",
        source="'s-Hertogenbosch: plan.pdf",
    )
    programme = load_programme_text(scaffold.programme_text(tricky, "v.yaml"), "new.yaml")
    meta = programme.programme
    assert (meta.municipality, meta.title) == ("Yes", "2025")
    assert meta.adopted.body == "raad: 12 stemmen # voor"
    assert meta.source == "'s-Hertogenbosch: plan.pdf"


IMPORTED = """\
programme:\r
  municipality: Importdorp\r
  title: Plan 2025\r
  period: {start: 2025-01-01, end: 2025-12-31}\r
  adopted: {date: 2025-01-14, body: raad}\r
  source: plan.docx\r
  language: nl\r
partners:\r
  - id: gemeente\r
    name: Gemeente Importdorp\r
fields:\r
  - id: A\r
    name: Veiligheid\r
"""


def test_an_imported_programme_gets_its_log_and_schema_line() -> None:
    files = scaffold.imported_files(IMPORTED, SCHEMAS)
    assert (files.programme, files.log) == ("programma-2025.yaml", "voortgang-2025.yaml")
    text = files.texts["programma-2025.yaml"]
    assert text.startswith("# yaml-language-server: $schema=schemas/programme.schema.json\n")
    assert "programme:\r\n  progress_log: voortgang-2025.yaml\r\n  municipality:" in text
    assert load_programme_text(text, "p").programme.progress_log == "voortgang-2025.yaml"


def test_an_imported_log_name_is_kept_inside_the_folder() -> None:
    named = IMPORTED.replace(
        "  language: nl\r\n", "  language: nl\r\n  progress_log: data/log.yaml\r\n"
    )
    files = scaffold.imported_files(named, SCHEMAS)
    assert files.log == "data/log.yaml"
    assert files.texts["data/log.yaml"].startswith(
        "# yaml-language-server: $schema=../schemas/progress.schema.json\n"
    )
    outside = named.replace("data/log.yaml", "../log.yaml")
    with pytest.raises(AvpError, match="outside the new folder"):
        scaffold.imported_files(outside, SCHEMAS)


@pytest.mark.parametrize(
    ("log", "line"),
    [
        ("voortgang-2025.yaml", "/voortgang-2025.yaml text eol=lf merge=union"),
        ("data/voortgang 2025.yaml", '"/data/voortgang 2025.yaml" text eol=lf merge=union'),
        ("log[1].yaml", "/log\\[1\\].yaml text eol=lf merge=union"),
    ],
)
def test_gitattributes_pattern(log: str, line: str) -> None:
    assert scaffold.gitattributes_text(log).splitlines()[-1] == line


def test_writing_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = scaffold.new_files(SETTINGS, SCHEMAS, ci="github")
    real = scaffold.write_atomic
    calls: list[Path] = []

    def failing(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise WriteError("cannot write: disk full")
        real(path, data)

    monkeypatch.setattr(scaffold, "write_atomic", failing)
    with pytest.raises(WriteError):
        scaffold.write_files(tmp_path / "new", files)
    assert [p for p in (tmp_path / "new").rglob("*") if p.is_file()] == []
    monkeypatch.setattr(scaffold, "write_atomic", real)
    written = scaffold.write_files(tmp_path / "new", files)
    assert len(written) == len(files.texts) == 9


def test_merged_gitattributes_adds_only_what_is_missing() -> None:
    ours = scaffold.gitattributes_text("voortgang.yaml")
    assert scaffold.merged_gitattributes(ours, ours) is None
    assert scaffold.merged_gitattributes("", ours) == ours
    older = "/voortgang.yaml text eol=lf\r\n"  # what avp init wrote before merge=union
    merged = scaffold.merged_gitattributes(older, ours)
    assert merged is not None and merged.startswith(older)
    assert merged.endswith("/voortgang.yaml text eol=lf merge=union\r\n")
