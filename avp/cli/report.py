"""``avp report``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from avp.cli.common import (
    FileOpt,
    LangOpt,
    Language,
    LogOpt,
    ProgrammesOpt,
    StaleDaysOpt,
    complete_field,
    complete_partner,
    complete_theme,
    echo_err,
    handle_errors,
    open_workspace,
    parse_date_option,
)
from avp.render.formats import ReportFormat, help_text

if TYPE_CHECKING:
    import datetime as dt

    from avp.project import Project
    from avp.workspace import Workspace


@handle_errors
def report(
    field: Annotated[
        str | None,
        typer.Option(
            "--field", help="Report on one field (id or name).", autocompletion=complete_field
        ),
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option(
            "--theme", help="Report on one theme (id or name).", autocompletion=complete_theme
        ),
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option(
            "--partner",
            help="Report on the measures of one partner and its sub-units.",
            autocompletion=complete_partner,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Rebuild every status from the entries dated on or before this day. "
            "Default: today (with --final: the programme's last day, or today while it runs).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", help=help_text(ReportFormat), case_sensitive=False)
    ] = ReportFormat.terminal,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    lang: LangOpt = None,
    stale_days: StaleDaysOpt = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="DIR",
            help="With --format html: a folder with your own report.html.j2, report.css "
            "and/or logo.svg or logo.png; what it lacks comes from avp's own templates.",
            show_default=False,
        ),
    ] = None,
    final: Annotated[
        bool,
        typer.Option(
            "--final",
            help="The end evaluation (eindevaluatie): every measure's final status, its "
            "targets' verdicts in every year, what is not finished (to carry over), the "
            "dropped measures and the lessons learned. Default day: the programme's last "
            "day, or today while it runs (an interim end evaluation).",
        ),
    ] = False,
    programmes: ProgrammesOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """The progress report for the college and the council (voortgangsrapportage).

    A header, a summary per field with traffic lights, then per field and theme the goal
    and every measure with its status, latest update and correction. Without --field,
    --theme or --partner: the whole programme. With --final: the end evaluation
    (eindevaluatie) instead.

    \b
    Examples (use the ids and names of your own programme):
      avp report
      avp report --field 1 --format html -o rapportage.html
      avp report --partner politie --format markdown
      avp report --format html --template huisstijl -o rapportage.html
      avp report --final --format html -o eindevaluatie.html
      avp report --partner politie --programme Brielle --programme Hellevoetsluis

    In a workspace (an avp.toml with programmes = [...]): per programme a section under
    its name, after a summary per programme; --partner, --field and --theme take the
    programmes where they are found (a partner by its id, name or alias there);
    --final takes one programme (choose it with --programme).
    """
    import datetime as dt  # lazy

    from avp.base.problems import UsageError  # lazy
    from avp.report import build_report  # lazy
    from avp.report.labels import Labels  # lazy
    from avp.report.render import render  # lazy

    scopes = [
        name
        for name, value in (("--field", field), ("--theme", theme), ("--partner", partner))
        if value is not None
    ]
    if len(scopes) > 1:
        raise UsageError(f"choose one scope: {' and '.join(scopes)} cannot be combined")
    if template is not None and format is not ReportFormat.html:
        raise UsageError(
            f"--template is for --format html, not {format.value}; "
            "add --format html or leave out --template"
        )
    if final and stale_days is not None:
        raise UsageError("--stale-days is not for --final: an end evaluation flags nothing stale")
    workspace = open_workspace(file, log, programmes, twins=True)
    if final:
        if len(workspace.projects) > 1:
            raise UsageError(
                "--final evaluates one programme; choose it with --programme NAME (one of "
                f"{', '.join(workspace.names)})"
            )
        from avp.report.final_render import final_report  # lazy

        project = workspace.projects[0]
        _refuse_output(project, output)
        _write(
            final_report(
                project.programme,
                project.log.entries,
                as_of=parse_date_option(as_of, "--as-of"),
                scope=(field, theme, partner),
                fmt=format,
                lang=lang.value if lang else None,
                to_file=output is not None,
                template=template,
            ),
            output,
        )
        return
    day = parse_date_option(as_of, "--as-of") or dt.date.today()
    for project in workspace.projects:  # before anything is built
        _refuse_output(project, output)
    if workspace.several:
        scope = {"field": field, "theme": theme, "partner": partner}
        text = _workspace_text(workspace, scope, day, stale_days, format, lang, output, template)
        _write(text, output)
        return
    project = workspace.projects[0]
    programme = project.programme
    built = build_report(
        programme,
        project.log.entries,
        as_of=day,
        field=field,
        theme=theme,
        partner=partner,
        stale_days=stale_days or project.stale_days(),
    )
    labels = Labels.for_programme(programme, lang.value if lang else None)
    text = render(built, labels, format, to_file=output is not None, template=template)
    _write(text, output)


def _refuse_output(project: Project, output: Path | None) -> None:
    """UsageError when ``output`` is the programme, its log or its avp.toml."""
    if output is not None:
        from avp.storage.files import refuse_output  # lazy

        refuse_output(output, "--output", [project.path, project.log_path, project.source.config])


def _write(text: str | None, output: Path | None) -> None:
    """Print the report (the terminal format has printed itself), or write it to
    ``output`` atomically."""
    if output is None:
        if text is not None:
            typer.echo(text, nl=False)
        return
    from avp.storage.atomic import write_atomic  # lazy

    write_atomic(output, (text or "").encode("utf-8"))
    echo_err(f"wrote {output}")


def _workspace_text(
    workspace: Workspace,
    scope: dict[str, str | None],
    day: dt.date,
    stale_days: int | None,
    format: ReportFormat,
    lang: Language | None,
    output: Path | None,
    template: Path | None,
) -> str | None:
    """The report across the workspace's programmes: each programme where the scope is
    found (all without one), by its name."""
    from avp.programme.query import Filters  # lazy
    from avp.report import build_report  # lazy
    from avp.report.workspace import WorkspaceReport, render_workspace  # lazy

    wanted = {kind: [value] if value else [] for kind, value in scope.items()}
    filters = Filters(fields=wanted["field"], themes=wanted["theme"], partners=wanted["partner"])
    sections = [
        (
            name,
            build_report(
                project.programme,
                project.log.entries,
                as_of=day,
                stale_days=stale_days or project.stale_days(),
                field=scope["field"],
                theme=scope["theme"],
                partner=scope["partner"],
            ),
        )
        for name, project, _ in workspace.filtered(filters)
    ]
    chosen = lang.value if lang else None
    report = WorkspaceReport(sections, day, scope["partner"] or "")
    return render_workspace(report, chosen, format, to_file=output is not None, template=template)
