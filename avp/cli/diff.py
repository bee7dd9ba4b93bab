"""``avp diff``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from avp.base.problems import UsageError
from avp.cli.common import (
    FileOpt,
    FormatOpt,
    LangOpt,
    echo_err,
    handle_errors,
    lang_code,
    programme_source,
)
from avp.render.formats import OutputFormat
from avp.render.output import Column

if TYPE_CHECKING:
    from avp.programme.diff import Change
    from avp.programme.models import Programme

#: csv and json: every key of a change.
DATA_COLUMNS = [
    Column("kind", "kind"),
    Column("change", "change"),
    Column("id", "id"),
    Column("old_id", "old id"),
    Column("new_id", "new id"),
    Column("where", "where"),
    Column("attribute", "attribute"),
    Column("old", "old"),
    Column("new", "new"),
]

#: table and markdown: what changed beside the change (``reworded result``), a renumbering
#: in the id (``3.2.1 → 3.2.2``), so that the old and new text get the width.
TABLE_COLUMNS = [
    Column("kind", "kind", no_wrap=True),
    Column("shown_change", "change", max_width=28),
    Column("shown_id", "id", no_wrap=True),
    Column("where", "where", no_wrap=True),
    Column("old", "old", ratio=1),
    Column("new", "new", ratio=1),
]

#: Attributes the change already says (a renumbering changes the id, a move the place;
#: dropped and reinstated are about the dropped decision).
_IMPLIED = {"", "id", "place", "partners"}


def table_record(change: Change, lang: str = "en") -> dict[str, Any]:
    """A change as the table shows it, in ``lang`` (``anders verwoord resultaat``)."""
    from avp.i18n import phrase  # lazy
    from avp.render.records import label_of  # lazy

    shown_change: str = phrase(lang, f"diff.change.{change.change}")
    if change.attribute not in _IMPLIED and change.change not in ("dropped", "reinstated"):
        shown_change = f"{shown_change} {label_of('diff.attribute', change.attribute, lang)}"
    shown_id = change.id
    if change.renumbered_to is not None:
        shown_id = f"{change.id} → {change.renumbered_to}"
    return {
        "kind": phrase(lang, f"diff.kind.{change.kind}"),
        "shown_change": shown_change,
        "shown_id": shown_id,
        "where": change.where,
        "old": change.old,
        "new": change.new,
    }


def change_record(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "change": change.change,
        "id": change.id,
        "old_id": change.old_id,
        "new_id": change.new_id,
        "where": change.where,
        "attribute": change.attribute,
        "old": change.old,
        "new": change.new,
    }


@handle_errors
def diff(
    old_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="OLD",
            help="The old programme file; with --rev, the programme file (default: the one "
            "avp uses, see --file).",
            show_default=False,
        ),
    ] = None,
    new_file: Annotated[
        Path | None,
        typer.Argument(metavar="NEW", help="The new programme file.", show_default=False),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="REV",
            help="Compare the file as committed at this git revision (HEAD, HEAD~3, a tag, "
            "a commit) with the file as it is now.",
            show_default=False,
        ),
    ] = None,
    format: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    file: FileOpt = None,
) -> None:
    """Compare two versions of a programme: what was added, removed, dropped, reworded,
    moved or renumbered.

    Lists the changes to fields, themes, measures, their targets and the partners, with
    the old and the new text (compared after whitespace normalisation). Text now under
    another id, or an id an amendment of NEW says was renumbered, is renumbered OLD-ID to
    NEW-ID, not removed and added: a measure inserted as 3.2.1 is one added and the old
    3.2.1, 3.2.2, ... renumbered. Metadata, introduction, glossary and amendments are not
    compared.

    avp diff --rev REV [FILE]: FILE (default: the programme avp uses) as committed at
    git revision REV is OLD, the file as it is now NEW.

    Exit code 0 whether or not the programmes differ ("no differences" on stderr when they
    do not); 1 for an invalid programme; 2 for a missing file, a file outside a git
    repository or an unknown revision.

    \b
    Examples:
      avp diff --rev HEAD                      # the changes not yet committed
      avp diff --rev HEAD~3 --format markdown
      avp diff old.yaml new.yaml --format csv
    """
    from avp.programme.diff import diff_programmes  # lazy
    from avp.render.output import emit  # lazy

    old, old_shown, new, new_shown = _programmes([p for p in (old_file, new_file) if p], rev, file)
    changes = diff_programmes(old, new)
    if not changes:
        echo_err("no differences")
    if format in (OutputFormat.table, OutputFormat.markdown):
        if changes:
            title = f"{old_shown} → {new_shown}"
            from avp.render.records import headed  # lazy

            language = lang_code(lang, new)
            records = [table_record(c, language) for c in changes]
            columns = headed(TABLE_COLUMNS, language)
            emit(records, columns, format, title=title, section_key="kind")
    else:  # json and csv: a document a program can read, also when it is empty
        emit([change_record(c) for c in changes], DATA_COLUMNS, format)


def _programmes(
    files: list[Path], rev: str | None, file: Path | None
) -> tuple[Programme, str, Programme, str]:
    """OLD and NEW, each with the name to show for it."""
    from avp.programme.load import load_programme  # lazy
    from avp.programme.revision import load_programme_at  # lazy
    from avp.storage.files import display_path  # lazy

    if rev is None:
        if file is not None:
            raise UsageError(
                "--file names the working file of --rev; without --rev, name "
                "both files: avp diff OLD NEW"
            )
        if len(files) != 2:
            raise UsageError(
                "avp diff needs two programme files, OLD and NEW (or --rev REV [FILE])"
            )
        old_path, new_path = files
        return (
            load_programme(old_path),
            display_path(old_path),
            load_programme(new_path),
            display_path(new_path),
        )
    if len(files) > 1 or (files and file is not None):
        raise UsageError("with --rev, name at most one file: the programme as it is now")
    path = files[0] if files else programme_source(file).path
    new = load_programme(path)
    old, old_shown = load_programme_at(path, rev)
    return old, old_shown, new, display_path(path)
