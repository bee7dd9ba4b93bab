"""What every command shares: options, programme discovery, turning errors into messages."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from typer._click.types import ParamType

from avp.cli.output import CsvDialectOpt as CsvDialectOpt
from avp.cli.output import FormatOpt as FormatOpt
from avp.cli.output import OutputOpt as OutputOpt
from avp.cli.output import ReportOutputOpt as ReportOutputOpt
from avp.cli.output import SheetFormatOpt as SheetFormatOpt
from avp.cli.output import chosen_format as chosen_format
from avp.cli.output import destination as destination
from avp.cli.output import format_option as format_option
from avp.i18n import LANGUAGES
from avp.programme.discovery import ProgrammeSource, find_programme

if TYPE_CHECKING:
    from avp.programme.models import Programme
    from avp.project import Project
    from avp.workspace import Workspace
from avp.base.dates import DateError, parse_date
from avp.base.problems import AvpError
from avp.programme.status import Status
from avp.validate.reporters import SHOWN, more_line, report_text

P = ParamSpec("P")
R = TypeVar("R")

FileOpt = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        help=(
            "Programme YAML file. Default: $AVP_FILE, else the file named by an avp.toml "
            "in this folder or a parent (a broken avp.toml is an error), else the programme "
            "bundled with avp, for reading only: commands that write need one of the three."
        ),
        show_default=False,
        dir_okay=True,
    ),
]


LogOpt = Annotated[
    Path | None,
    typer.Option(
        "--log",
        help=(
            "Progress log to use instead of the one the programme names (progress_log). "
            "A log outside the programme's folder is used only when named here."
        ),
        show_default=False,
        dir_okay=False,
    ),
]


#: The --stale-days help of list and report: the default depends on the programme.
STALE_DAYS_HELP = (
    "Days without a progress entry after which a measure is stale. Default: half a year "
    "(180 days, a quarter of a two-year programme), or a quarter of the programme's period "
    "when that is shorter (91 days for one year)."
)

#: --stale-days of list and report; None: the programme's default (Project.stale_days).
StaleDaysOpt = Annotated[
    int | None,
    typer.Option("--stale-days", min=1, help=STALE_DAYS_HELP, show_default=False),
]


def echo_err(text: str) -> None:
    """Write to stderr as plain text (never interpreted as markup)."""
    sys.stderr.write(text if text.endswith("\n") else text + "\n")
    sys.stderr.flush()


def report_error(exc: AvpError) -> None:
    """The problems of ``exc`` (the first :data:`SHOWN`, and how many more), then its message."""
    if exc.problems:
        echo_err(report_text(exc.problems[:SHOWN]).rstrip("\n"))
        if len(exc.problems) > SHOWN:
            echo_err(more_line(len(exc.problems) - SHOWN, "avp validate --all lists them"))
    echo_err(f"avp: error: {exc.message}")


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn avp's exceptions into a message on stderr and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        _skipped_entries()  # none yet (another command in this process may have skipped)
        try:
            result = func(*args, **kwargs)
        except AvpError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        if _skipped_entries():  # the output lacks invalid entries (said on stderr): exit 1
            raise typer.Exit(1)
        return result

    return wrapper


def _skipped_entries() -> list[str]:
    """The logs of which invalid entries were skipped (avp.progress.read.take_skipped);
    nothing when no log was read."""
    read = sys.modules.get("avp.progress.read")
    return read.take_skipped() if read is not None else []


def programme_source(file: Path | None) -> ProgrammeSource:
    return find_programme(file)


@contextlib.contextmanager
def _kept_for_the_command() -> Iterator[None]:
    """What is read inside lives as long as the command: no collection while it is read
    (nothing it holds forms a cycle), and frozen afterwards, out of the cycle collector's
    reach, which would otherwise walk its hundreds of thousands of objects (a programme of
    10,000 measures) again and again. (Here, not in the library: it would freeze a
    caller's own objects too.)"""
    import gc  # lazy

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def open_project(file: Path | None, log: Path | None = None, *, twins: bool = False) -> Project:
    """The programme (and, when asked, its log: ``log``, else the one it names) the
    command works on, kept for the command (:func:`_kept_for_the_command`). ``twins``:
    as in :meth:`avp.project.Project.open`."""
    from avp.project import Project  # lazy: loads the models

    with _kept_for_the_command():
        project = Project.open(file, log=log, twins=twins)
        project.programme.owners  # noqa: B018 (a cached property: made now, frozen too)
        return project


ProgrammesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--programme",
        metavar="NAME",
        help=(
            "In a workspace (an avp.toml with programmes = [...]): only this programme, by "
            "its name, municipality, title or file name; case and accents ignored. Repeat "
            "for OR."
        ),
        show_default=False,
    ),
]


def open_workspace(
    file: Path | None,
    log: Path | None = None,
    programmes: list[str] | None = None,
    *,
    twins: bool = False,
) -> Workspace:
    """The programmes the command works on: the avp.toml's (``programmes = [...]``), or
    the one of --file, AVP_FILE or the bundled one; narrowed by --programme.
    ``twins``: for a command that only reads (:meth:`avp.project.Project.open`)."""
    from avp.workspace import Workspace  # lazy: loads the models

    # The programmes live as long as the command (:func:`_kept_for_the_command`). A
    # command that reads twins reads every log now too, for the same reasons (read later,
    # the logs' entries were walked by every collection while the report was built).
    with _kept_for_the_command():
        workspace = Workspace.open(file, log=log, programmes=programmes or (), twins=twins)
        if twins:
            for project in workspace.projects:
                project.log  # noqa: B018 (read now: it is a cached property)
        return workspace


#: The --lang choices: every language avp.i18n has a file for.
Language = StrEnum("Language", [(code, code) for code in LANGUAGES])  # type: ignore[misc]

#: --lang of every command that shows data: the language of its labels (statuses, verdicts,
#: headers, dates, forecasts). Default: the programme's. Command names, options and error
#: messages stay English.
LangOpt = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="Language of the labels, dates and sentences shown. Default: the programme's.",
        case_sensitive=False,
        show_default=False,
    ),
]


def lang_code(lang: Language | None, programme: Any) -> str:
    """The language ``--lang`` chose, else the programme's (``programme.programme.language``)."""
    return lang.value if lang is not None else str(programme.programme.language)


def _complete(ctx: typer.Context, values: Callable[[Programme], list[tuple[str, str]]]) -> Any:
    """Shell completion from the programme the command would use; silent on any error."""
    try:
        file = ctx.params.get("file")
        programme = open_project(Path(file) if file else None).programme
    except Exception:  # completion must never print a traceback into the shell
        return []
    return values(programme)


def _matching(items: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    return [(v, h) for v, h in items if v.startswith(incomplete)]


def complete_measure(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    items = _complete(ctx, lambda p: [(m.id, m.text[:60]) for _, _, m in p.measures()])
    return _matching(items, incomplete)


def complete_field(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Field ids (with their name as help) and field names."""
    items = _complete(
        ctx, lambda p: [(str(f.id), f.name) for f in p.fields] + [(f.name, "") for f in p.fields]
    )
    return _matching(items, incomplete)


def complete_theme(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Theme ids (with their name as help) and theme names."""
    items = _complete(
        ctx,
        lambda p: (
            [(t.id, t.name) for f in p.fields for t in f.themes]
            + [(t.name, t.id) for f in p.fields for t in f.themes]
        ),
    )
    return _matching(items, incomplete)


def complete_partner(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    items = _complete(ctx, lambda p: [(x.id, x.name) for x in p.partners])
    return _matching(items, incomplete.lower())


def complete_target(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The target ids of the measure (field, theme) on the command line, or of all."""
    # While completing, click leaves the positional ID in ctx.args rather than ctx.params.
    candidates = [ctx.params.get("measure_id"), *ctx.args]

    def targets(p: Programme) -> list[tuple[str, str]]:
        wanted = next((a for a in candidates if isinstance(a, str) and a in p.owners), None)
        return [
            (t.id, f"{owner_id} {t.description}"[:60])
            for owner_id, (_, item) in p.owners.items()
            if wanted is None or owner_id == wanted
            for t in item.targets
        ]

    return _matching(_complete(ctx, targets), incomplete)


def complete_status(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from avp.programme.status import Status  # lazy

    return [(s.value, s.label("nl")) for s in Status if s.value.startswith(incomplete)]


def status_option(text: str) -> Status:
    """A status from an option: its key or label; a usage error (exit 2) otherwise."""
    from avp.base.problems import UsageError  # lazy
    from avp.programme.status import parse_status  # lazy

    try:
        return parse_status(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


class YearType(ParamType):
    """A year as an option takes it: four digits (2022); click's own int would say
    "'2021/2022' is not a valid int"."""

    name = "year"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if len(text) == 4 and text.isascii() and text.isdigit():
            return int(text)
        option = param.opts[0] if param is not None and param.opts else "--year"
        self.fail(f"{value!r} is not a year; {option} takes a year, e.g. 2022", param, ctx)


def parse_date_option(text: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value; a usage error naming the option otherwise (exit 2).

    Read by :func:`avp.base.dates.parse_date`, as the dates in the files are.
    """
    from avp.base.problems import UsageError  # lazy

    if text is None:
        return None
    try:
        return parse_date(text.strip())
    except DateError:
        raise UsageError(
            f"{option} {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-06-30"
        ) from None


def count_option(text: str | None, option: str) -> int | None:
    """A count from an option: ASCII digits only, at most ``MAX_COUNT``; exit 2 otherwise.

    Not ``int()``: it also takes ``1_000``, `` 12 `` and digits of other scripts.
    """
    from avp.base.model import MAX_COUNT  # lazy: loads pydantic
    from avp.base.problems import UsageError  # lazy

    if text is None:
        return None
    if not (text.isascii() and text.isdigit()):
        raise UsageError(
            f"{option} {text!r} is not a count; write a whole number of 0 or more in plain "
            "digits, e.g. 3"
        )
    if len(text) > len(str(MAX_COUNT)) or int(text) > MAX_COUNT:
        raise UsageError(f"{option} {text} is too large; a count is at most {MAX_COUNT:,}")
    return int(text)


def number_option(text: str | None, option: str) -> float | None:
    """A number from an option: ``9.4`` or the Dutch ``9,4``; exit 2 otherwise.

    ``1,000`` and ``1.000`` are refused: a thousands separator (1000) or a decimal one
    (1,0)? So are other forms (``1_000``, ``inf``, ``nan``, ``1 000``) and numbers too
    large or too near 0 to be stored (``1e400``, ``1e-400``).
    """
    import math  # lazy
    import re  # lazy

    from avp.base.problems import UsageError  # lazy

    if text is None:
        return None
    cleaned = text.strip()
    number = re.fullmatch(
        r"([+-]?)([0-9]*)(?:([.,])([0-9]*))?([eE][+-]?[0-9]+)?", cleaned, flags=re.ASCII
    )
    if number is None or not (number.group(2) or number.group(4)):
        raise UsageError(
            f"{option} {text!r} is not a number; write it like 9.4 or 9,4 "
            "(digits, no thousands separators)"
        )
    sign, whole, separator, fraction, exponent = number.groups()
    if (
        separator
        and len(fraction) == 3
        and not exponent
        and 1 <= len(whole) <= 3
        and not whole.startswith("0")
    ):
        decimal = fraction.rstrip("0") or "0"
        decimal += "0" if len(decimal) == 3 else ""
        raise UsageError(
            f"{option} {text!r} is ambiguous: is {separator!r} a thousands separator or a "
            f"decimal one? Write {sign}{whole}{fraction} or {sign}{whole},{decimal}"
        )
    value = float(f"{sign}{whole or 0}.{fraction or 0}{exponent or ''}")
    if math.isinf(value):
        raise UsageError(f"{option} {text!r} is too large to be stored as a number")
    if value == 0 and (whole + (fraction or "")).strip("0"):
        raise UsageError(
            f"{option} {text!r} is too close to 0 to be stored as a number; write 0 or a "
            "larger number"
        )
    return value


# Filter options shared by list, progress list, targets and report.
FieldsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        metavar="FIELD",
        help="Field id (1) or name; a unique prefix is enough. Repeat for OR.",
        autocompletion=complete_field,
    ),
]
ThemesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        metavar="THEME",
        help="Theme id (1.3) or name; a unique prefix is enough. Repeat for OR.",
        autocompletion=complete_theme,
    ),
]
PartnersOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--partner",
        metavar="PARTNER",
        help="Partner id, name or alias; includes its sub-units. Repeat for OR.",
        autocompletion=complete_partner,
    ),
]
MeasureArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[ID]",
        help="Only this measure.",
        autocompletion=complete_measure,
        show_default=False,
    ),
]
