"""A successor programme (vervolgplan) as text, from one or more earlier programmes.

:func:`build_successor` decides what is carried (``ProgressState.unfinished``, the shared
rule, on the last day of each earlier programme or on ``as_of``), merges partners
(:mod:`avp.successor.partners`) and structure (:mod:`avp.successor.structure`), and gives
the new programme's YAML text, which validates, and its empty log. Nothing is written here
(:mod:`avp.successor.write` does that); the earlier programmes are only read.

The review (what a person must check before the college adopts the programme) is printed
by ``avp successor`` and written as comments at the top of the new file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avp.base.problems import DataError, UsageError
from avp.base.text import fold
from avp.programme.discovery import is_installed_data
from avp.storage.files import display_path, lexists, resolved, same_file
from avp.successor.carry import Carry, carried_ids, dropped_review
from avp.successor.partners import PartnerMerge
from avp.successor.settings import Resolved, Settings, resolved_settings
from avp.successor.structure import Carried, Source, merge_structure

if TYPE_CHECKING:
    from avp.project import Project


@dataclass(frozen=True)
class Successor:
    """The new programme, ready to be written."""

    path: Path
    log: Path
    text: str
    log_text: str
    carried: list[Carried]
    review: list[str]  # clashes and everything else to check, one line each
    sources: list[Path]  # the earlier programme files, for avp.toml's programmes
    resolved: Resolved


def reference(project: Project, folder: Path) -> str:
    """What ``predecessor.programme`` says: the earlier file relative to the new file's
    folder (with ``/``), or its title when it has no stable path from there (the
    programme installed with avp, another drive)."""
    if project.source.bundled or is_installed_data(project.path):
        return project.programme.programme.title
    try:
        return Path(os.path.relpath(resolved(project.path), resolved(folder))).as_posix()
    except ValueError:  # Windows: another drive
        return project.programme.programme.title


def _check_settings(path: Path, projects: list[Project]) -> None:
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"{display_path(path)}: name the new programme file NAME.yaml")
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{display_path(path)} exists already; avp successor writes a new file and "
            "never replaces one: choose another name or move it aside (nothing was written)"
        )
    for number, project in enumerate(projects):
        for other in projects[:number]:
            if same_file(project.path, other.path):
                raise UsageError(
                    f"--from {display_path(project.path)} is given twice; name each earlier "
                    "programme once"
                )


def _glossary(projects: list[Project], review: list[str]) -> list[dict[str, Any]]:
    terms: dict[str, dict[str, Any]] = {}
    for project in projects:
        for entry in project.programme.glossary:
            data = entry.model_dump(mode="json", exclude_defaults=True)
            first = terms.setdefault(fold(entry.term), data)
            if first is not data and fold(first.get("expansion", "")) != fold(entry.expansion):
                review.append(
                    f"glossary {entry.term!r}: {first.get('expansion', '')!r} and "
                    f"{entry.expansion!r}; kept the first"
                )
    return list(terms.values())


def _metadata(
    settings: Settings, period: Resolved, projects: list[Project], log: str, review: list[str]
) -> Any:
    from avp.importing.api import PLACEHOLDER, placeholder_adoption  # lazy

    first = projects[0].programme.programme
    meta: dict[str, Any] = {
        "municipality": period.municipality,
        "title": period.title,
        "period": {"start": period.start, "end": period.end},
        "adopted": placeholder_adoption(
            settings.adopted, settings.adopted_by, period.start, review
        ),
        "source": settings.source or PLACEHOLDER,
        "language": first.language,
        "progress_log": log,
    }
    if settings.source is None:
        review.append(
            f"programme.source is a placeholder {PLACEHOLDER!r}: name the adopted document "
            "(or give --source)"
        )
    labels = first.labels.model_dump(exclude_none=True)
    if labels:
        meta["labels"] = labels
    if first.enable:
        meta["enable"] = list(first.enable)
    if first.privacy != "warn":
        meta["privacy"] = first.privacy
    for project in projects[1:]:
        other = project.programme.programme
        differ = [
            key
            for key in ("language", "labels", "enable", "privacy")
            if getattr(other, key) != getattr(first, key)
        ]
        if differ:
            review.append(
                f"{display_path(project.path)}: its {', '.join(differ)} differ from the first "
                "--from programme's; the first's are used"
            )
    return meta


def build_successor(path: Path, projects: list[Project], settings: Settings) -> Successor:
    """The successor programme ``path`` of ``projects`` (in ``--from`` order)."""
    from avp.importing.emit import schema_reference, to_yaml  # lazy
    from avp.importing.scaffold import file_names  # lazy

    period = resolved_settings(settings, projects)
    _check_settings(path, projects)
    folder = path.parent
    review: list[str] = []
    lang = projects[0].programme.programme.language
    log_name = file_names(period.start, period.end, lang)[1]
    log = folder / log_name
    if lexists(log):  # another programme of these years in this folder: name it after NEW
        first = log
        log_name = f"{log_name.split('-', 1)[0]}-{path.stem}.yaml"
        log = folder / log_name
        if lexists(log) or log == path:
            raise UsageError(
                f"{display_path(first)} and {display_path(log)}, the names avp gives the new "
                "programme's progress log, exist already; move one aside or give the new "
                "programme another file name (nothing was written)"
            )
    partners = PartnerMerge()
    sources = []
    files: list[Path] = []  # the earlier programmes avp.toml lists
    for number, project in enumerate(projects):
        shown = display_path(project.path)
        partners.add_programme(number, shown, list(project.programme.partners))
        ref = reference(project, folder)
        if ref == project.programme.programme.title:
            review.append(
                f"{shown} is installed with avp (or on another drive): the carried measures "
                f"name it by its title ({ref!r}), and avp.toml does not list it"
            )
        else:
            files.append(project.path)
        carried = carried_ids(project, settings.carry, settings.as_of)
        if settings.carry is Carry.all:
            review += dropped_review(project, settings.as_of, shown)
        sources.append(Source(project.programme, ref, shown, carried))
    structure = merge_structure(sources, (period.start, period.end), partners)
    review[:0] = partners.clashes
    review += partners.merged + structure.review
    data: dict[str, Any] = {"programme": _metadata(settings, period, projects, log_name, review)}
    data["partners"] = partners.result()
    glossary = _glossary(projects, review)
    if glossary:
        data["glossary"] = glossary
    data["fields"] = structure.fields
    schema, exists = schema_reference(folder)
    if not exists:
        review.append(
            f"$schema points at {schema}, which does not exist yet: avp schema > {schema}"
        )
    header = _header(settings, projects, structure.carried, review)
    text = to_yaml(data, schema, header)
    _check(text, path)
    progress_schema = schema.replace("programme.schema.json", "progress.schema.json")
    log_text = f"# yaml-language-server: $schema={progress_schema}\nentries: []\n"
    return Successor(
        path=path,
        log=log,
        text=text,
        log_text=log_text,
        carried=structure.carried,
        review=review,
        sources=files,
        resolved=period,
    )


def _header(
    settings: Settings, projects: list[Project], carried: list[Carried], review: list[str]
) -> list[str]:
    names = ", ".join(p.programme.programme.title for p in projects)
    day = f" on {settings.as_of}" if settings.as_of else ""
    lines = [
        f"Successor of {names}, written by avp successor.",
        f"{len(carried)} measure(s) carried over (--carry {settings.carry.value}{day}); "
        "predecessor: says where each comes from.",
    ]
    if review:
        lines.append("To review before adoption (remove these lines when done):")
        lines += [f"- {' '.join(line.split())}" for line in review]
    return lines


def _check(text: str, path: Path) -> None:
    """The new programme validates without errors, or a DataError (a bug) says why."""
    from avp.programme.load import validate_text  # lazy

    errors = [p for p in validate_text(text, display_path(path)) if p.level == "error"]
    if errors:
        raise DataError(
            f"the successor programme {display_path(path)} would not validate (a bug in avp "
            "successor; please report it); nothing was written",
            errors,
        )
