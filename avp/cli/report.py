"""``avp report``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from avp.cli.common import (
    FileOpt,
    complete_field,
    complete_partner,
    complete_theme,
    echo_err,
    handle_errors,
    open_log,
    open_programme,
    parse_date_option,
)
from avp.i18n import LANGUAGES


class ReportFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    csv = "csv"
    json = "json"


#: The --lang choices: every language avp.i18n has a module for.
Language = StrEnum("Language", [(code, code) for code in LANGUAGES])  # type: ignore[misc]


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
            "Default: today.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="Output format.", case_sensitive=False)
    ] = ReportFormat.terminal,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option("--lang", help="Label language. Default: the programme's language."),
    ] = None,
    stale_days: Annotated[
        int,
        typer.Option(
            "--stale-days", min=1, help="Flag measures without an entry for more days than this."
        ),
    ] = 180,
    file: FileOpt = None,
) -> None:
    """The progress report for the college and the council (voortgangsrapportage).

    A header, a summary per field with traffic lights, then per field and theme the goal
    and every measure with its status, latest update and correction. Without --field,
    --theme or --partner: the whole programme.

    \b
    Examples:
      avp report
      avp report --field 1 --as-of 2022-06-30 --format html -o rapportage.html
      avp report --partner politie --format markdown
    """
    import datetime as dt

    from avp.base.problems import UsageError
    from avp.progress.read import log_path_for
    from avp.report import build_report
    from avp.report.labels import Labels

    scopes = [
        name
        for name, value in (("--field", field), ("--theme", theme), ("--partner", partner))
        if value is not None
    ]
    if len(scopes) > 1:
        raise UsageError(f"choose one scope: {' and '.join(scopes)} cannot be combined")
    source, programme = open_programme(file)
    day = parse_date_option(as_of, "--as-of") or dt.date.today()
    log = open_log(source, programme)
    built = build_report(
        programme,
        log.entries,
        as_of=day,
        field=field,
        theme=theme,
        partner=partner,
        stale_days=stale_days,
    )
    if output is not None:
        _refuse_inputs(output, [source.path, log_path_for(source.path, programme)])
    labels = Labels((lang.value if lang else None) or programme.programme.language)
    text = render(built, labels, format, to_file=output is not None)
    if output is None:
        if text is not None:
            typer.echo(text, nl=False)
        return
    from avp.storage.atomic import write_atomic

    write_atomic(output, (text or "").encode("utf-8"))
    echo_err(f"wrote {output}")


def _refuse_inputs(output: Path, inputs: list[Path | None]) -> None:
    """The report must not replace the programme or the log it was made from."""
    from avp.base.problems import UsageError

    def same(a: Path, b: Path) -> bool:
        try:
            return a.resolve() == b.resolve() or (b.exists() and a.exists() and a.samefile(b))
        except OSError:
            return False

    for path in inputs:
        if path is not None and same(output, path):
            raise UsageError(
                f"--output {output} is the file the report is made from; "
                "write the report to another file (nothing was written)"
            )


def render(built: object, labels: object, format: ReportFormat, *, to_file: bool) -> str | None:
    """The report as text; the terminal format prints itself unless it goes to a file."""
    from avp.render.output import make_console
    from avp.report import formats, html, terminal

    if format is ReportFormat.json:
        return formats.render_json(built, labels)  # type: ignore[arg-type]
    if format is ReportFormat.csv:
        return formats.render_csv(built, labels)  # type: ignore[arg-type]
    if format is ReportFormat.markdown:
        return formats.render_markdown(built, labels)  # type: ignore[arg-type]
    if format is ReportFormat.html:
        return html.render_html(built, labels)  # type: ignore[arg-type]
    if not to_file:
        terminal.render_terminal(built, labels, make_console())  # type: ignore[arg-type]
        return None
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=100, no_color=True, highlight=False, emoji=False)
    terminal.render_terminal(built, labels, console)  # type: ignore[arg-type]
    return buffer.getvalue()
