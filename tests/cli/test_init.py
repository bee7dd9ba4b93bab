"""``avp init``: a new folder that validates, written all or nothing."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from avp.cli import init as init_cmd
from tests.conftest import Invoke
from tests.importing.documents import workbook

OPTIONS = [
    "--municipality",
    "Voorbeeldrijk",
    "--start",
    "2025-01-01",
    "--end",
    "2026-12-31",
    "--adopted",
    "2025-02-11",
]
FILES = {
    "avp.toml",
    "programma-2025-2026.yaml",
    "voortgang-2025-2026.yaml",
    "schemas/programme.schema.json",
    "schemas/progress.schema.json",
    ".gitattributes",
    ".gitignore",
}
#: Files that avp init adds its lines to when they exist, instead of refusing.
ADDED_TO = {".gitattributes", ".gitignore"}
CI_FILES = {".github/workflows/avp.yml", ".pre-commit-config.yaml"}


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_init_writes_a_folder_that_validates_and_reports(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(["init", "veiligheid", *OPTIONS])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "veiligheid"
    assert files_in(folder) == FILES
    for name in FILES:
        assert f"wrote {Path('veiligheid', name)}" in result.stdout
    assert "avp validate" in result.stdout and "avp import" in result.stdout
    programme = (folder / "programma-2025-2026.yaml").read_text(encoding="utf-8")
    assert "title: Actieprogramma Integraal Veiligheidsbeleid Voorbeeldrijk 2025-2026" in programme
    assert "adopted: {date: 2025-02-11, body: college van B&W}" in programme
    assert "progress_log: voortgang-2025-2026.yaml" in programme
    assert "name: Gemeente Voorbeeldrijk" in programme
    assert (folder / "avp.toml").read_text().endswith('programme = "programma-2025-2026.yaml"\n')
    log = (folder / "voortgang-2025-2026.yaml").read_text(encoding="utf-8")
    assert log.splitlines()[1] == "entries: []"

    monkeypatch.chdir(folder)
    checked = invoke(["validate"])
    assert checked.exit_code == 0, checked.output
    assert "0 error(s), 5 warning(s)" in checked.output
    assert checked.output.count("(empty-field)") == 5
    report = invoke(["report", "--as-of", "2025-06-30"])
    assert report.exit_code == 0, report.output
    assert "Jeugd en veiligheid" in report.stdout
    assert invoke(["report", "--format", "json", "--as-of", "2025-06-30"]).exit_code == 0


def test_the_schema_lines_name_files_that_exist(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke(["init", "nieuw", *OPTIONS]).exit_code == 0
    folder = tmp_path / "nieuw"
    for name in ("programma-2025-2026.yaml", "voortgang-2025-2026.yaml"):
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        found = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert found, first
        assert (folder / found.group(1)).is_file()
    committed = Path(__file__).resolve().parents[2] / "schemas"
    for name in ("programme", "progress"):
        written = (folder / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert written == (committed / f"{name}.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("existing", sorted(FILES - ADDED_TO))
def test_init_writes_nothing_when_any_file_exists(
    invoke: Invoke, tmp_path: Path, existing: str
) -> None:
    folder = tmp_path / "bestaand"
    (folder / existing).parent.mkdir(parents=True, exist_ok=True)
    (folder / existing).write_text("mine\n", encoding="utf-8")
    result = invoke(["init", "bestaand", *OPTIONS])
    assert result.exit_code == 1
    assert str(Path("bestaand", existing)) in result.stderr
    assert "Nothing was written" in result.stderr
    assert files_in(folder) == {existing}
    assert (folder / existing).read_text(encoding="utf-8") == "mine\n"


def test_init_lists_every_existing_file(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke(["init", *OPTIONS]).exit_code == 0  # DIR defaults to this folder
    assert files_in(tmp_path) == FILES
    again = invoke(["init", *OPTIONS, "--ci", "github"])
    assert again.exit_code == 1
    for name in FILES - ADDED_TO:  # added to, not refused
        assert str(Path(name)) in again.stderr
    assert files_in(tmp_path) == FILES


def test_a_file_as_dir_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "plan").write_text("x", encoding="utf-8")
    result = invoke(["init", "plan", *OPTIONS])
    assert result.exit_code == 1
    assert "plan is a file, not a folder" in result.stderr


def test_missing_options_without_a_terminal_are_named(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["init", "leeg", "--municipality", "Voorbeeldrijk"])
    assert result.exit_code == 2
    assert "missing --start, --end, --adopted" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "leeg").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2026-01-01", "--end", "2025-12-31"], "lies before --start"),
        (["--start", "1 januari", "--end", "2025-12-31"], "--start '1 januari' is not a date"),
        (["--adopted-by", " "], "--adopted-by is empty"),
    ],
)
def test_bad_options_are_usage_errors(
    invoke: Invoke, tmp_path: Path, args: list[str], message: str
) -> None:
    base = {"--municipality": "X", "--start": "2025", "--end": "2025", "--adopted": "2025-01-01"}
    options = dict(zip(args[::2], args[1::2], strict=True))
    words = [w for k, v in {**base, **options}.items() for w in (k, v)]
    result = invoke(["init", "fout", *words])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (tmp_path / "fout").exists()


def test_a_year_is_a_whole_year(invoke: Invoke, tmp_path: Path) -> None:
    args = ["--municipality", "Jaarlijk", "--start", "2025", "--end", "2025"]
    assert invoke(["init", "jaar", *args, "--adopted", "2025-01-28"]).exit_code == 0
    text = (tmp_path / "jaar" / "programma-2025.yaml").read_text(encoding="utf-8")
    assert "period: {start: 2025-01-01, end: 2025-12-31}" in text
    assert "progress_log: voortgang-2025.yaml" in text


def test_init_asks_on_a_terminal(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init_cmd, "_interactive", lambda: True)
    answers = "Vraagdorp\n2025-01-01\n\n31-12-2026\n2026-12-31\n2025-03-04\n"
    result = invoke(["init", "gevraagd"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Municipality:" in result.stdout and "Adopted on" in result.stdout
    assert "--end '31-12-2026' is not a date" in result.stderr  # asked again
    text = (tmp_path / "gevraagd" / "programma-2025-2026.yaml").read_text(encoding="utf-8")
    assert "municipality: Vraagdorp" in text
    assert "adopted: {date: 2025-03-04, body: college van B&W}" in text


def test_lang_en(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["init", "en", *OPTIONS, "--lang", "en", "--adopted-by", "municipal council"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "en"
    text = (folder / "programme-2025-2026.yaml").read_text(encoding="utf-8")
    assert "language: en" in text
    assert "title: Integral Safety Action Programme Voorbeeldrijk 2025-2026" in text
    assert "name: Municipality of Voorbeeldrijk" in text
    assert "name: Youth and safety" in text
    assert (folder / "progress-2025-2026.yaml").is_file()
    monkeypatch.chdir(folder)
    assert invoke(["validate"]).exit_code == 0


def test_ci_github(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["init", "ci", *OPTIONS, "--ci", "github"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "ci"
    assert files_in(folder) == FILES | CI_FILES
    workflow = YAML(typ="safe").load((folder / ".github/workflows/avp.yml").read_text("utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[1]["uses"].startswith("actions/setup-python@")
    assert tuple(map(int, steps[1]["with"]["python-version"].split("."))) >= (3, 11)
    assert [s.get("run") for s in steps[2:]] == ["python -m pip install avp", "avp validate"]
    hooks = YAML(typ="safe").load((folder / ".pre-commit-config.yaml").read_text("utf-8"))
    (repo,) = hooks["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local" and hook["id"] == "avp-validate"
    assert hook["entry"] == "avp validate" and hook["language"] == "system"
    pattern = re.compile(hook["files"])
    assert pattern.search("programma-2025-2026.yaml")
    assert pattern.search("voortgang-2025-2026.yaml")
    assert not pattern.search(".pre-commit-config.yaml")
    monkeypatch.chdir(folder)
    assert invoke(["validate"]).exit_code == 0


def test_gitattributes_keeps_the_log_lf_and_merges_it_by_union(
    invoke: Invoke, tmp_path: Path
) -> None:
    assert invoke(["init", "g", *OPTIONS]).exit_code == 0
    text = (tmp_path / "g" / ".gitattributes").read_text(encoding="utf-8")
    assert text.splitlines()[-1] == "/voortgang-2025-2026.yaml text eol=lf merge=union"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_an_existing_gitattributes_keeps_its_lines(
    invoke: Invoke, tmp_path: Path, newline: str
) -> None:
    folder = tmp_path / "g"
    folder.mkdir()
    mine = f"*.png binary{newline}*.docx -diff"  # no final line break
    (folder / ".gitattributes").write_bytes(mine.encode("utf-8"))
    result = invoke(["init", "g", *OPTIONS])
    assert result.exit_code == 0, result.output
    text = (folder / ".gitattributes").read_bytes().decode("utf-8")
    assert text.startswith(mine + newline)
    assert text.endswith(f"/voortgang-2025-2026.yaml text eol=lf merge=union{newline}")
    assert text.count("\n") == text.count(newline)
    assert files_in(folder) == FILES


def test_a_gitattributes_is_restored_when_init_fails(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avp.importing import scaffold
    from avp.storage.atomic import WriteError

    folder = tmp_path / "g"
    folder.mkdir()
    (folder / ".gitattributes").write_text("*.png binary\n", encoding="utf-8")
    real = scaffold.write_atomic

    def failing(path: Path, data: bytes) -> None:
        if path.name == "avp.yml":  # written after .gitattributes
            raise WriteError("cannot write: disk full")
        real(path, data)

    monkeypatch.setattr(scaffold, "write_atomic", failing)
    assert invoke(["init", "g", *OPTIONS, "--ci", "github"]).exit_code != 0
    assert files_in(folder) == {".gitattributes"}
    assert (folder / ".gitattributes").read_text(encoding="utf-8") == "*.png binary\n"


def test_a_windows_style_path_with_spaces(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Mijn Documenten" / "IVP 2025-2026"
    result = invoke(["init", str(folder), *OPTIONS])  # C:\\Users\\...\\Mijn Documenten on Windows
    assert result.exit_code == 0, result.output
    assert files_in(folder) == FILES
    assert '"' not in (folder / "avp.toml").read_text(encoding="utf-8").replace(
        '"programma-2025-2026.yaml"', ""
    )
    monkeypatch.chdir(folder)
    assert invoke(["validate"]).exit_code == 0


def test_relative_dir_with_spaces_is_quoted_in_the_next_steps(invoke: Invoke) -> None:
    result = invoke(["init", "Mijn plan", *OPTIONS])
    assert result.exit_code == 0, result.output
    assert 'cd "Mijn plan"' in result.stdout


# --- --from ------------------------------------------------------------------------------

IMPORTED = """\
# yaml-language-server: $schema=../schemas/programme.schema.json
programme:
  municipality: Importdorp
  title: Actieprogramma Importdorp 2025
  period: {start: 2025-01-01, end: 2025-12-31}
  adopted: {date: 2025-01-14, body: college van B&W}
  source: actieprogramma.docx
  language: nl
partners:
  - id: gemeente
    name: Gemeente Importdorp
fields:
  - id: "1"
    name: Veilige woon- en leefomgeving
    themes:
      - id: "1.1"
        name: Woninginbraak
        measures:
          - id: 1.1.1
            text: Voorlichtingsavonden over inbraakpreventie.
            partners: [gemeente]
            result: Twee avonden per jaar.
"""


@dataclass
class FakeResult:
    yaml_text: str
    review: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


def fake_api(monkeypatch: pytest.MonkeyPatch, result: FakeResult) -> list[dict[str, object]]:
    """avp.importing.api as the other part of avp will give it; records its calls."""
    calls: list[dict[str, object]] = []

    def import_documents(sources: list[Path], **kwargs: object) -> FakeResult:
        calls.append({"sources": sources, **kwargs})
        return result

    monkeypatch.setattr("avp.importing.api.import_documents", import_documents)
    return calls


def test_from_uses_the_import_and_names_the_log(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.docx").write_bytes(b"PK")
    calls = fake_api(monkeypatch, FakeResult(IMPORTED, review=["tabel 2, rij 3: controleer"]))
    args = ["--from", "plan.docx", "--municipality", "Importdorp", "--adopted", "2025-01-14"]
    result = invoke(["init", "imp", *args])
    assert result.exit_code == 0, result.output
    assert "not used with --from" not in result.stderr
    assert calls == [
        {
            "sources": [Path("plan.docx")],
            "municipality": "Importdorp",
            "title": None,
            "start": None,
            "end": None,
            "lang": "nl",
            "adopted": dt.date(2025, 1, 14),  # the tables do not say it: given, so used
            "adopted_by": None,
            "source": None,
        }
    ]
    assert "review: tabel 2, rij 3: controleer" in result.stderr
    folder = tmp_path / "imp"
    assert files_in(folder) == (
        FILES - {"programma-2025-2026.yaml", "voortgang-2025-2026.yaml"}
    ) | {
        "programma-2025.yaml",
        "voortgang-2025.yaml",
    }
    text = (folder / "programma-2025.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schemas/programme.schema.json\n")
    assert "programme:\n  progress_log: voortgang-2025.yaml\n  municipality: Importdorp" in text
    monkeypatch.chdir(folder)
    checked = invoke(["validate"])
    assert checked.exit_code == 0, checked.output
    assert "0 error(s), 0 warning(s)" in checked.output


def test_from_with_unplaced_parts_writes_nothing(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.docx").write_bytes(b"PK")
    fake_api(monkeypatch, FakeResult(IMPORTED, unplaced=["tabel 3, rij 1: 'Budget'"]))
    result = invoke(["init", "imp", "--from", "plan.docx"])
    assert result.exit_code == 1
    assert "unplaced: tabel 3, rij 1: 'Budget'" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "imp").exists()


def test_from_a_missing_file(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = fake_api(monkeypatch, FakeResult(IMPORTED))
    result = invoke(["init", "imp", "--from", "weg.docx"])
    assert result.exit_code == 2
    assert "--from weg.docx does not exist" in result.stderr
    assert calls == [] and not (tmp_path / "imp").exists()


def test_init_from_a_workbook_then_report(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real import (no stand-in): avp init --from table.xlsx, then avp report works."""
    monkeypatch.chdir(tmp_path)
    table = workbook(tmp_path / "table.xlsx")
    result = invoke(["init", "plan", *OPTIONS, "--from", str(table)])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path / "plan")
    assert invoke(["validate"]).exit_code == 0
    report = invoke(["report", "--format", "json", "--as-of", "2025-06-30"])
    assert report.exit_code == 0, report.output
    assert sum(len(t["measures"]) for f in json.loads(report.stdout)["fields"] for t in f["themes"])


def test_init_from_uses_the_adoption_given(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables do not hold the adoption: --adopted, --adopted-by and --source given
    with --from are written into the programme (they were dropped with a note)."""
    monkeypatch.chdir(tmp_path)
    table = workbook(tmp_path / "table.xlsx")
    extra = ["--adopted-by", "gemeenteraad", "--source", "Raadsbesluit 2025-12"]
    result = invoke(["init", "plan", *OPTIONS, "--from", str(table), *extra])
    assert result.exit_code == 0, result.output
    assert "programme.adopted is a placeholder" not in result.stderr
    [programme] = (tmp_path / "plan").glob("programma-*.yaml")
    meta = YAML(typ="safe").load(programme.read_text(encoding="utf-8"))["programme"]
    assert meta["adopted"] == {"date": dt.date(2025, 2, 11), "body": "gemeenteraad"}
    assert meta["source"] == "Raadsbesluit 2025-12"
    monkeypatch.chdir(tmp_path / "plan")
    assert invoke(["validate"]).exit_code == 0
