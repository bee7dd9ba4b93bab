"""The options of output: --format (one name per format, hidden aliases), -o/--output
(its suffix chooses the format) and --csv-dialect; shared by every command that prints
data (re-exported by :mod:`avp.cli.common`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer._types import TyperChoice

from avp.render.formats import ALIASES, CSV_DIALECTS, OutputFormat, help_text

if TYPE_CHECKING:
    from avp.project import Project
    from avp.render.destination import Destination


class FormatChoice(TyperChoice):  # type: ignore[type-arg]
    """The choices of a --format: its enum's values (less ``without``), and the hidden
    :data:`~avp.render.formats.ALIASES` (``terminal`` for ``table``) that scripts use."""

    def __init__(self, choices: type[StrEnum], without: Collection[str] = ()) -> None:
        super().__init__([c.value for c in choices if c not in without], case_sensitive=False)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and value.lower() in ALIASES:
            value = ALIASES[value.lower()]
        return super().convert(value, param, ctx)


def format_option(choices: type[StrEnum], without: Collection[str] = ()) -> Any:
    """The --format option of ``choices`` (less ``without``)."""
    return typer.Option(
        "--format",
        help=help_text(choices, without)
        + " Default: table, or the format the suffix of -o FILE stands for.",
        click_type=FormatChoice(choices, without),
        show_default=False,
    )


#: --format of the commands that print records (without xlsx).
FormatOpt = Annotated[OutputFormat, format_option(OutputFormat, without={"xlsx"})]

#: --format of list, targets list and progress list: xlsx too.
SheetFormatOpt = Annotated[OutputFormat, format_option(OutputFormat)]

#: -o/--output of the commands that print records or a report.
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (atomically) instead of stdout. Its suffix chooses the "
        "format: .txt (table, plain text), .json, .csv, .md, .html, .xlsx; with --format "
        "too, the two must agree.",
        show_default=False,
    ),
]

#: --csv-dialect of the commands with csv output.
CsvDialectOpt = Annotated[
    str,
    typer.Option(
        "--csv-dialect",
        click_type=TyperChoice(list(CSV_DIALECTS), case_sensitive=False),
        help="excel: comma-separated, decimal point (for programs and an English Excel); "
        "excel-nl: semicolon-separated, decimal comma, for a Dutch Excel (double-click "
        "opens it in columns). A csv file (-o) starts with a UTF-8 byte order mark so that "
        "Excel reads ë and €; so does excel-nl on stdout.",
    ),
]


def _given(name: str) -> bool:
    """Whether the option ``name`` of the running command was on the command line (or in
    the environment), rather than its default."""
    from typer._click.globals import get_current_context  # lazy

    ctx = get_current_context(silent=True)
    source = ctx.get_parameter_source(name) if ctx is not None else None
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


E = TypeVar("E", bound=StrEnum)


def chosen_format(format: E, output: Path | None, *, offered: Collection[str] = ()) -> E:
    """The format of the command: --format's, else the one ``output``'s suffix stands for
    (``-o rapport.html``: html). UsageError (exit 2) for a suffix that says another format
    than --format, and for a suffix that says none without --format. ``offered``: the
    values this command offers, when not all of the enum's."""
    from avp.base.problems import UsageError  # lazy
    from avp.render.formats import SUFFIXES, format_of  # lazy

    if output is None or output.is_dir():  # a folder: the write says so
        return format
    choices = type(format)
    allowed = [c.value for c in choices if not offered or c.value in offered]
    by_suffix = format_of(output)
    explicit = _given("format")
    if by_suffix is None or by_suffix not in allowed:
        if explicit:
            return format
        known = ", ".join(s for s, f in SUFFIXES.items() if f in allowed)
        what = f"a suffix {output.suffix!r}" if output.suffix else "no suffix"
        raise UsageError(
            f"-o {output} has {what} that says no format of this command; name the format "
            f"with --format ({', '.join(allowed)}) or give the file one of {known}"
        )
    if explicit and format.value != by_suffix:
        raise UsageError(
            f"--format {format.value} and -o {output} disagree: the suffix "
            f"{output.suffix!r} says {by_suffix}; leave out --format, or change one of them"
        )
    return choices(by_suffix)


def destination(
    output: Path | None, csv_dialect: str = "excel", projects: Sequence[Project] = ()
) -> Destination:
    """Where the output goes (stdout, or ``output``) and how csv is written. UsageError
    (nothing written) when ``output`` is avp.toml or a file of ``projects`` (a programme,
    its log)."""
    from avp.render.destination import Destination  # lazy

    if output is not None:
        from avp.storage.files import refuse_output  # lazy

        inputs = [p for project in projects for p in (project.path, project.log_path)]
        refuse_output(output, "--output", inputs)
    return Destination(output, "excel-nl" if csv_dialect.lower() == "excel-nl" else "excel")
