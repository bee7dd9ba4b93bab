"""``avp info``."""

from __future__ import annotations

from avp.cli.common import FileOpt, FormatOpt, handle_errors, open_project
from avp.render.formats import OutputFormat
from avp.render.output import Column

INFO_COLUMNS = [Column("key", "what", no_wrap=True), Column("value", "value", ratio=1)]


@handle_errors
def info(format: FormatOpt = OutputFormat.table, file: FileOpt = None) -> None:
    """Which programme avp uses, how it found it, and what it holds.

    avp looks for the programme in this order: --file, $AVP_FILE, an avp.toml in this
    directory or a parent, the bundled Westvoorne programme.

    \b
    Example:
      avp info
    """
    from avp.render.output import emit  # lazy

    project = open_project(file)
    source, programme = project.source, project.programme
    meta = programme.programme
    themes = sum(len(f.themes) for f in programme.fields)
    values = {
        "programme": str(source.path),
        "found through": source.how,
        "municipality": meta.municipality,
        "title": meta.title,
        "period": f"{meta.period.start} - {meta.period.end}",
        "adopted": f"{meta.adopted.date} by {meta.adopted.body}",
        "contents": f"{len(programme.fields)} fields, {themes} themes, "
        f"{len(programme.measures())} measures, {len(programme.partners)} partners",
        "progress log": str(project.log_path or ""),
    }
    records = [{"key": k, "value": v} for k, v in values.items()]
    emit(records, INFO_COLUMNS, format, json_value=values)
