"""``avp validate``."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from avp.base import rules
from avp.base.problems import Problem, UsageError
from avp.cli.common import FileOpt, echo_err, handle_errors, programme_source
from avp.render.formats import ProblemFormat

if TYPE_CHECKING:
    from avp.programme.discovery import ProgrammeSource


@handle_errors
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Programme files and progress logs to check. "
            "Default: the current programme and its progress log.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            help="text: FILE:LINE:COL: level: message (rule); json; github: annotations. "
            "auto: github under GitHub Actions, else text. For --list-rules: json, or a "
            "table on a terminal, else plain text.",
        ),
    ] = ProblemFormat.auto,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Treat warnings (e.g. likely personal data) as errors."),
    ] = False,
    list_rules: Annotated[
        bool,
        typer.Option(
            "--list-rules",
            help="List every rule (id, default level, what it checks) and exit; "
            "checks no file and needs no programme.",
        ),
    ] = False,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="List every problem; without it text and github list the first 100 and "
            "say how many more there are (json always lists every problem).",
        ),
    ] = False,
    file: FileOpt = None,
) -> None:
    """Check programme files and progress logs: schema, ids, references, dates, privacy.

    Without PATH: the current programme and its progress log (if the file exists). A
    progress log (a file with top-level 'entries') is checked against the programme of
    --file; else the programme that names it in its 'progress_log': the one of AVP_FILE or
    an avp.toml in this folder or a parent, of an avp.toml in the log's folder or a parent,
    or a programme file beside the log. Without one, only its schema is checked (warning
    no-programme); never against the bundled programme unless --file names it. Every
    problem is reported on stdout, sorted by file and position; a one-line summary,
    naming the programme each log was checked against, goes to stderr. Text that looks
    like personal data (a BSN that passes the eleven-test, an e-mail address, a Dutch phone
    number) is a warning: these files are public. Warnings do not change the exit code
    unless --strict makes them errors. Each problem names its rule; --list-rules lists them
    all. The text and github formats list the first 100 problems and then say how many
    more there are (--all lists every one; json always does); the summary counts all.
    Exit codes: 0 valid, 1 invalid, 2 usage error or a file that cannot be read.

    \b
    Examples:
      avp validate
      avp validate data/*.yaml --format github
      avp validate --strict
      avp validate --list-rules
      avp validate --list-rules --format json
    """
    if list_rules:
        if paths:
            raise UsageError("--list-rules lists the rules and checks no PATH; leave PATH out")
        _list_rules(format)
        return
    from avp.base.problems import sort_problems  # lazy
    from avp.programme.load import log_outside, progress_log_of  # lazy
    from avp.storage.files import display_path, lexists  # lazy
    from avp.validate.pipeline import Validator  # lazy
    from avp.validate.reporters import REPORTERS, SHOWN, more_line  # lazy

    targets = list(paths or [])
    chosen_source = None
    config, members = _workspace_members(file) if not targets else (None, [])
    pairs: list[tuple[Path, Path]] = []
    for programme in members:  # a workspace: every programme, each with its log
        targets.append(programme)
        log = progress_log_of(programme)
        if log is not None and lexists(log) and not log_outside(programme, log):
            targets.append(log)
            pairs.append((log, programme))
    if not targets:
        chosen_source = programme_source(file)
        programme = chosen_source.path
        targets = [programme]
        log = progress_log_of(programme)
        # A log that is no file is reported; one outside the programme's folder is not
        # read (the programme's path-outside problem says why).
        if log is not None and lexists(log) and not log_outside(programme, log):
            targets.append(log)
    validator = Validator(targets, programme=file, discover=_default_programme)
    for log, programme in pairs:
        validator.pair(log, programme, str(config), config)
    if chosen_source is not None and len(targets) == 2:
        validator.pair(targets[1], chosen_source.path, chosen_source.kind, chosen_source.config)
    problems: list[Problem] = []
    unreadable = False
    for path in targets:
        try:
            problems += validator.validate(path)
        except UsageError as exc:
            unreadable = True
            shown = display_path(path)
            reason = exc.message.removeprefix(f"{shown}: ")
            problems.append(Problem(shown, message=reason, rule=rules.IO))
    chosen = format.value
    if chosen == "auto":
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if len(targets) > 1:  # each file's problems come sorted
        problems = sort_problems(problems)
    # Only what is shown is formatted; the counts are of every problem.
    listed = problems if all_ or chosen == "json" else problems[:SHOWN]
    if strict:
        listed = [replace(p, level="error") for p in listed]
    typer.echo(REPORTERS[chosen](listed), nl=False)
    errors = len(problems) if strict else sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if len(listed) < len(problems):
        echo_err(more_line(len(problems) - len(listed)))
    # The summary goes to stderr in every format: stdout stays parsable.
    checked = f"{len(targets)} file{'s' if len(targets) != 1 else ''} checked"
    summary = [f"{checked}: {errors} error(s), {warnings} warning(s)"]
    for log_shown, owner in validator.checked.items():
        if owner is None:
            summary.append(f"{log_shown} against no programme (schema only)")
        else:
            how = _how(owner.how, owner.config)
            summary.append(f"{log_shown} against {display_path(owner.path)} ({how})")
    if chosen_source is not None and not validator.checked:
        how = _how(chosen_source.kind, chosen_source.config)
        summary.append(f"programme {display_path(chosen_source.path)} ({how})")
    echo_err("; ".join(summary))
    if unreadable:
        raise typer.Exit(2)
    if errors:
        raise typer.Exit(1)


def _default_programme() -> ProgrammeSource | None:
    """The programme AVP_FILE or an avp.toml chooses for a log given alone; None when the
    avp.toml lists several and names no default (then the one naming the log is used)."""
    from avp.programme.discovery import NoDefaultProgramme, chosen_programme  # lazy

    try:
        return chosen_programme()
    except NoDefaultProgramme:
        return None


def _workspace_members(file: Path | None) -> tuple[Path | None, list[Path]]:
    """The nearest avp.toml and its programmes when it lists several (and neither --file
    nor AVP_FILE chooses one); else none."""
    from avp.programme.discovery import ENV_VAR, find_config, read_workspace  # lazy
    from avp.storage.files import resolved  # lazy

    if file is not None or os.environ.get(ENV_VAR):
        return None, []
    config = find_config(resolved(Path.cwd()))
    members = read_workspace(config).programmes if config is not None else ()
    return (config, list(members)) if len(members) > 1 else (None, [])


def _how(how: str, config: Path | None) -> str:
    """How a programme was found, for the summary line."""
    from avp.storage.files import display_path  # lazy

    if config is not None:
        return f"named by {display_path(config)}"
    if how == "bundled":
        return "bundled with avp: nothing chose a programme"
    return how


def _on_terminal() -> bool:
    return sys.stdout.isatty()


def _list_rules(format: ProblemFormat) -> None:
    """The rule registry: JSON, a table on a terminal, else one plain line per rule."""
    from avp.render.formats import OutputFormat  # lazy
    from avp.render.output import Column, emit  # lazy

    records = [
        {"id": r.id, "level": r.level, "description": r.description} for r in rules.RULES.values()
    ]
    if format is ProblemFormat.json:
        emit(records, [], OutputFormat.json)
    elif format is ProblemFormat.auto and _on_terminal():
        columns = [
            Column("id", "rule", no_wrap=True),
            Column("level", "level", no_wrap=True),
            Column("description", "description", ratio=1),
        ]
        emit(records, columns, OutputFormat.table)
    else:
        width = max(len(r["id"]) for r in records)
        lines = [f"{r['id']:<{width}}  {r['level']:<7}  {r['description']}\n" for r in records]
        typer.echo("".join(lines), nl=False)
