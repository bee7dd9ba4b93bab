"""``avp info``."""

from __future__ import annotations

from avp.cli.common import FileOpt, FormatOpt, LogOpt, handle_errors, open_project
from avp.render.formats import OutputFormat
from avp.render.output import Column

INFO_COLUMNS = [Column("key", "what", no_wrap=True), Column("value", "value", ratio=1)]


@handle_errors
def info(format: FormatOpt = OutputFormat.table, file: FileOpt = None, log: LogOpt = None) -> None:
    """Which programme avp uses, how it found it, its progress log, and what it holds.

    avp looks for the programme in this order: --file, $AVP_FILE, an avp.toml in this
    folder or a parent, and last the programme bundled with avp, which is for reading
    only: commands that write (avp progress add) refuse it. 'found through' says which:
    --file, AVP_FILE, avp.toml (its path follows) or bundled; 'writable' says whether
    avp progress add may write to the programme's progress log.

    \b
    Examples:
      avp info
      avp info --format json
    """
    from avp.base.problems import UsageError  # lazy
    from avp.progress.read import log_path_for  # lazy
    from avp.render.output import emit  # lazy
    from avp.storage.files import exists, lexists, unreadable_reason  # lazy

    project = open_project(file, log)
    source, programme = project.source, project.programme
    meta = programme.programme
    themes = sum(len(f.themes) for f in programme.fields)
    try:
        log, outside = project.log_path, ""
    except UsageError as exc:  # a log outside the programme's folder
        log, outside = log_path_for(project.path, programme), exc.message
    try:
        project.writable_log()
        writable = "yes"
    except UsageError as exc:
        writable = f"no: {exc.message}"
    if source.bundled:
        writable = "no: the bundled programme is read-only; choose one with --file, AVP_FILE "
        writable += "or an avp.toml"
    if log is None:
        log_state = "none: the programme names no progress_log"
    elif outside:
        log_state = f"refused: {outside}"
    elif lexists(log) and not exists(log):
        log_state = f"cannot be read: {unreadable_reason(log)}"
    elif exists(log):
        log_state = "exists"
    else:
        log_state = "not created yet"
        if writable == "yes":
            log_state += " (avp progress add creates it)"
    values = {
        "programme": str(source.path),
        "found through": source.kind,
        "avp.toml": str(source.config or ""),
        "municipality": meta.municipality,
        "title": meta.title,
        "period": f"{meta.period.start} - {meta.period.end}",
        "adopted": f"{meta.adopted.date} by {meta.adopted.body}",
        "contents": f"{len(programme.fields)} fields, {themes} themes, "
        f"{len(programme.measures())} measures, {len(programme.partners)} partners",
        "progress log": str(log or ""),
        "progress log state": log_state,
        "writable": writable,
    }
    records = [{"key": k, "value": v} for k, v in values.items()]
    emit(records, INFO_COLUMNS, format, json_value=values)
