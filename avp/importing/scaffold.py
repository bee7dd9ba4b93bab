"""A new programme folder (``avp init``): the files it holds, checked first, then written.

:func:`new_files` gives the text of every file of a new folder: ``avp.toml``, the
programme (``programma-<years>.yaml``; ``programme-<years>.yaml`` in English), its empty
progress log (``voortgang-<years>.yaml``; ``progress-<years>.yaml``), the JSON Schemas the
two files' ``$schema`` lines point at, a ``.gitattributes`` that keeps the log's line
endings LF and merges it with ``merge=union`` (two branches' entries are both kept: each
entry is one line with its own id), a ``.gitignore`` for the log's lock file, and with
``ci="github"`` a GitHub Actions workflow and a pre-commit configuration. ``<years>`` is
``2025-2026``, or ``2025`` for a programme within one year.

Without an imported document the programme has the five fields of the VNG's Kernbeleid
Veiligheid, each without themes (the ``empty-field`` warning), a partner ``gemeente`` and
the metadata given. :func:`imported_files` takes a programme an import built instead and
makes it name its log. :func:`write_files` refuses to write anything when any of the files
exists already, except a ``.gitattributes`` or ``.gitignore``, which gets the lines it
lacks. The JSON
Schemas are given by the caller (they come from :mod:`avp.validate.schema`, a layer this
one does not import).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from avp.base.problems import AvpError, DataError
from avp.programme.load import load_programme_text
from avp.storage.atomic import write_atomic
from avp.storage.files import display_path
from avp.yamlio.spans import scalar_text

SCHEMA_DIR = "schemas"
SCHEMA_FILES = {name: f"{SCHEMA_DIR}/{name}.schema.json" for name in ("programme", "progress")}
SCHEMA_LINE = "# yaml-language-server: $schema={}"
CONFIG = "avp.toml"
GITATTRIBUTES = ".gitattributes"
GITIGNORE = ".gitignore"

#: Files avp init adds its lines to when they exist, instead of refusing.
ADDED_TO = (GITATTRIBUTES, GITIGNORE)
WORKFLOW = ".github/workflows/avp.yml"
PRE_COMMIT = ".pre-commit-config.yaml"

#: The words a new programme is written in, by language: file names, the default title,
#: the municipality as a partner, the five fields of the VNG's Kernbeleid Veiligheid.
WORDS: dict[str, dict[str, Any]] = {
    "nl": {
        "programme": "programma",
        "log": "voortgang",
        "title": "Actieprogramma Integraal Veiligheidsbeleid {municipality} {years}",
        "partner": "Gemeente {municipality}",
        "fields": [
            "Veilige woon- en leefomgeving",
            "Bedrijvigheid en veiligheid",
            "Jeugd en veiligheid",
            "Fysieke veiligheid",
            "Integriteit en veiligheid",
        ],
    },
    "en": {
        "programme": "programme",
        "log": "progress",
        "title": "Integral Safety Action Programme {municipality} {years}",
        "partner": "Municipality of {municipality}",
        "fields": [
            "Safe living environment",
            "Business and safety",
            "Youth and safety",
            "Physical safety",
            "Integrity and safety",
        ],
    },
}


@dataclass(frozen=True)
class Settings:
    """What ``avp init`` was told about the new programme."""

    municipality: str
    start: dt.date
    end: dt.date
    adopted: dt.date
    adopted_by: str
    title: str | None = None
    source: str | None = None
    lang: str = "nl"


@dataclass(frozen=True)
class Files:
    """The files of a new folder: relative path (with ``/``) -> text, in writing order."""

    programme: str
    log: str
    texts: dict[str, str]


def years(start: dt.date, end: dt.date) -> str:
    """``2025-2026``, or ``2025`` when the period lies within one year."""
    return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"


def file_names(start: dt.date, end: dt.date, lang: str) -> tuple[str, str]:
    """The programme's and the log's file names: ``programma-2025-2026.yaml``, ..."""
    words = WORDS.get(lang, WORDS["nl"])
    span = years(start, end)
    return f"{words['programme']}-{span}.yaml", f"{words['log']}-{span}.yaml"


def default_title(municipality: str, start: dt.date, end: dt.date, lang: str) -> str:
    words = WORDS.get(lang, WORDS["nl"])
    return str(words["title"]).format(municipality=municipality, years=years(start, end))


def _schema_ref(file: str, name: str) -> str:
    """The ``$schema`` line of ``file``: the schema's path relative to the file's folder."""
    depth = len(PurePosixPath(file).parts) - 1
    return SCHEMA_LINE.format("../" * depth + SCHEMA_FILES[name])


def _dump(data: Any) -> str:
    from ruamel.yaml import YAML  # lazy

    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def programme_text(settings: Settings, log: str) -> str:
    """A new programme: the metadata, the municipality as partner, the five VNG fields."""
    from ruamel.yaml.comments import CommentedMap  # lazy

    words = WORDS.get(settings.lang, WORDS["nl"])
    title = settings.title or default_title(
        settings.municipality, settings.start, settings.end, settings.lang
    )
    period = CommentedMap(start=settings.start, end=settings.end)
    period.fa.set_flow_style()
    adopted = CommentedMap(date=settings.adopted, body=settings.adopted_by)
    adopted.fa.set_flow_style()
    metadata = CommentedMap(
        municipality=settings.municipality,
        title=title,
        period=period,
        adopted=adopted,
        source=settings.source or title,
        language=settings.lang,
        progress_log=log,
    )
    partner = {
        "id": "gemeente",
        "name": words["partner"].format(municipality=settings.municipality),
    }
    fields = [{"id": n, "name": name} for n, name in enumerate(words["fields"], start=1)]
    head = (
        f"{_schema_ref('programme.yaml', 'programme')}\n"
        "# Written by avp init. Fill in the themes and measures of each field as the adopted\n"
        "# document has them (or run avp import on it), add the partners, and run avp validate.\n"
    )
    body = _dump({"programme": metadata}) + "\n" + _dump({"partners": [partner]}) + "\n"
    return head + body + _dump({"fields": fields})


def log_text(log: str) -> str:
    """An empty progress log with its ``$schema`` line."""
    return f"{_schema_ref(log, 'progress')}\nentries: []\n"


def config_text(programme: str) -> str:
    return (
        "# Which programme avp uses in this folder and below; avp progress add writes to the\n"
        "# progress log the programme names (progress_log).\n"
        f'programme = "{programme}"\n'
    )


def gitattributes_text(log: str) -> str:
    return (
        "# The progress log: line endings stay LF on every platform, and a merge keeps both\n"
        "# branches' entries (merge=union) instead of a conflict. avp progress add writes each\n"
        "# entry on one line that starts with its own id, so a union merge keeps every entry\n"
        "# whole; run avp validate after a merge (duplicate-entry: the same report twice).\n"
        f"{_attribute_path(log)} text eol=lf merge=union\n"
    )


def gitignore_text(log: str) -> str:
    return (
        "# The lock file avp progress add keeps beside the log: no data, never committed.\n"
        f"{_ignore_path(log + '.lock')}\n"
    )


def _ignore_path(path: str) -> str:
    """A path as a .gitignore pattern: rooted at this folder, wildcards and a trailing
    space escaped with a backslash (.gitignore knows no quotes)."""
    pattern = "/" + re.sub(r"([*?\[\]\\!#])", r"\\\1", path)
    return pattern[:-1] + "\\ " if pattern.endswith(" ") else pattern


def merged_gitattributes(old: str, new: str) -> str | None:
    """``old`` (an existing .gitattributes or .gitignore) with the lines of ``new`` it
    lacks added at its end, in its line endings; None when it has them all."""
    have = {line.strip() for line in old.splitlines()}
    missing = [line for line in new.splitlines() if line.strip() not in have]
    if not any(line.strip() and not line.startswith("#") for line in missing):
        return None
    newline = "\r\n" if "\r\n" in old else "\n"
    text = old if not old or old.endswith(("\n", "\r")) else old + newline
    return text + "".join(line + newline for line in missing)


def _attribute_path(path: str) -> str:
    """A path as a .gitattributes pattern: rooted at this folder, in C-style quotes when
    it holds a space or a quote (how git reads such a pattern)."""
    pattern = "/" + re.sub(r"([*?\[\]])", r"\\\1", path)
    if re.search(r'[\s"]', pattern):
        return '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return pattern


def workflow_text() -> str:
    return (
        "# Checks the programme and its progress log on every push and pull request;\n"
        "# problems become annotations on the changed lines.\n"
        "name: avp\n"
        "on:\n"
        "  push:\n"
        "  pull_request:\n"
        "jobs:\n"
        "  validate:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.12"\n'
        "      # avp has no release on PyPI yet: replace `avp` by where you install it from,\n"
        '      # e.g. "avp @ git+https://<host>/<owner>/avp@<tag>", and pin that tag.\n'
        "      - run: python -m pip install avp\n"
        "      - run: avp validate\n"
    )


def pre_commit_text(programme: str, log: str) -> str:
    files = "|".join(re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", name) for name in (programme, log))
    return (
        "# pre-commit runs avp validate on the programme and its log when a commit changes\n"
        "# them (avp must be installed: pip install avp). Add `args: [--strict]` to let\n"
        "# warnings stop the commit too.\n"
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: avp-validate\n"
        "        name: avp validate\n"
        "        entry: avp validate\n"
        "        language: system\n"
        "        files: '^(" + files.replace("'", "''") + ")$'\n"
    )


def _all(
    programme: str, text: str, log: str, schemas: Mapping[str, str], ci: str | None
) -> dict[str, str]:
    texts = {CONFIG: config_text(programme), programme: text, log: log_text(log)}
    texts.update({SCHEMA_FILES[name]: schemas[name] for name in SCHEMA_FILES})
    texts[GITATTRIBUTES] = gitattributes_text(log)
    texts[GITIGNORE] = gitignore_text(log)
    if ci == "github":
        texts[WORKFLOW] = workflow_text()
        texts[PRE_COMMIT] = pre_commit_text(programme, log)
    return texts


def new_files(settings: Settings, schemas: Mapping[str, str], *, ci: str | None = None) -> Files:
    """Every file of a new folder for ``settings``; the programme is checked to validate."""
    programme, log = file_names(settings.start, settings.end, settings.lang)
    text = programme_text(settings, log)
    load_programme_text(text, programme, hint="this is a bug in avp init; please report it")
    return Files(programme, log, _all(programme, text, log, schemas, ci))


def imported_files(
    yaml_text: str, schemas: Mapping[str, str], *, lang: str = "nl", ci: str | None = None
) -> Files:
    """The files of a new folder around a programme built by ``avp import``.

    The programme keeps the ``progress_log`` it names, or gets one (``voortgang-<years>.yaml``)
    as a line under ``programme:``; its ``$schema`` line points at ``schemas/``.
    """
    shown = "the imported programme"
    parsed = load_programme_text(yaml_text, shown, hint="the import built it; please report it")
    meta = parsed.programme
    programme, log = file_names(meta.period.start, meta.period.end, meta.language or lang)
    text = _with_schema_line(yaml_text, programme)
    if meta.progress_log is None:
        text = _with_progress_log(text, log)
        load_programme_text(text, shown, hint="this is a bug in avp init; please report it")
    else:
        log = _inside(meta.progress_log)
    return Files(programme, log, _all(programme, text, log, schemas, ci))


def _inside(path: str) -> str:
    """A progress_log the import chose, as a path inside the new folder."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if ".." in parts or not parts:
        raise AvpError(
            f"the imported programme names the progress log {path!r}, outside the new folder; "
            "give it a name inside it"
        )
    return "/".join(parts)


def _with_schema_line(text: str, file: str) -> str:
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    while lines and lines[0].startswith("# yaml-language-server:"):
        lines.pop(0)
    return _schema_ref(file, "programme") + "\n" + "".join(lines)


def _with_progress_log(text: str, log: str) -> str:
    """``progress_log: <log>`` as the first key under the block ``programme:``."""
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if re.fullmatch(r"programme:[ \t]*(#.*)?\r?\n?", line):
            following = (
                x for x in lines[number + 1 :] if x.strip() and not x.lstrip().startswith("#")
            )
            indent = re.match(r"[ \t]*", next(following, "  ")).group()  # type: ignore[union-attr]
            newline = "\r\n" if line.endswith("\r\n") else "\n"
            added = f"{indent or '  '}progress_log: {scalar_text(log)}{newline}"
            return "".join([*lines[: number + 1], added, *lines[number + 1 :]])
    raise DataError(
        "the imported programme has no block 'programme:' to add progress_log to; "
        "this is a bug in avp import; please report it"
    )


def existing_files(directory: Path, files: Files) -> list[Path]:
    """The files of ``files`` that exist in ``directory`` already (a .gitattributes or
    .gitignore is added to instead)."""
    return [
        directory / name
        for name in files.texts
        if name not in ADDED_TO and (directory / name).exists()
    ]


def _texts_to_write(directory: Path, files: Files) -> tuple[dict[str, str], dict[str, bytes]]:
    """The texts to write, with an existing .gitattributes' or .gitignore's lines kept (or
    the file left out when it has ours), and those files' old bytes."""
    texts = dict(files.texts)
    olds: dict[str, bytes] = {}
    for name in ADDED_TO:
        path = directory / name
        if name not in texts or not path.is_file():
            continue
        try:
            old = path.read_bytes()
            merged = merged_gitattributes(old.decode("utf-8"), texts[name])
        except (OSError, UnicodeDecodeError) as exc:
            raise AvpError(
                f"cannot add the progress log's line to {display_path(path)} "
                f"({getattr(exc, 'strerror', None) or exc}); nothing was written. Save it "
                "as UTF-8 or move it aside"
            ) from None
        olds[name] = old
        if merged is None:
            del texts[name]
        else:
            texts[name] = merged
    return texts, olds


def write_files(directory: Path, files: Files) -> list[Path]:
    """Write every file of ``files`` into ``directory`` (created when missing), each
    atomically; nothing at all when ``directory`` is not a folder or any file exists."""
    if directory.exists() and not directory.is_dir():
        raise AvpError(
            f"{display_path(directory)} is a file, not a folder; give the folder for the "
            "new programme (nothing was written)"
        )
    found = existing_files(directory, files)
    if found:
        listed = "\n".join(f"  {display_path(path)}" for path in found)
        raise AvpError(
            f"avp init writes no file that exists already, and these do:\n{listed}\n"
            "Nothing was written. Move them aside or choose another folder."
        )
    texts, olds = _texts_to_write(directory, files)
    written: list[Path] = []
    try:
        for name, text in texts.items():
            path = directory / name
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise AvpError(
                    f"cannot create the folder {display_path(path.parent)}: "
                    f"{exc.strerror or exc}; nothing was written"
                ) from exc
            write_atomic(path, text.encode("utf-8"))
            written.append(path)
    except BaseException:
        for path in written:  # all or nothing: take back what this call wrote
            with suppress(OSError):
                if path.name in olds:
                    write_atomic(path, olds[path.name])
                else:
                    path.unlink()
        raise
    return written
