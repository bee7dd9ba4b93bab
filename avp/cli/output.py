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

from avp.render.formats import ALIASES, CSV_DIALECTS, OutputFormat, ReportFormat, help_text

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


def output_option(choices: type[StrEnum]) -> Any:
    """The -o/--output option of a command whose formats are ``choices``: its help lists
    the suffixes of those formats only."""
    from avp.render.formats import suffixes_text  # lazy

    return typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (atomically) instead of stdout. Its suffix chooses the "
        f"format: {suffixes_text(choices)}; with --format too, the two must agree.",
        show_default=False,
    )


#: -o/--output of the commands that print records (list, targets list, progress list).
OutputOpt = Annotated[Path | None, output_option(OutputFormat)]

#: -o/--output of avp report (.html too).
ReportOutputOpt = Annotated[Path | None, output_option(ReportFormat)]

#: --csv-dialect of the commands with csv output.
CsvDialectOpt = Annotated[
    str,
    typer.Option(
        "--csv-dialect",
        click_type=TyperChoice(list(CSV_DIALECTS), case_sensitive=False),
        help="excel: comma-separated, decimal point (for programs and an English Excel); "
        "excel-nl: semicolon-separated, decimal comma, for a Dutch Excel (double-click "
        "opens it in columns). A csv file (-o) starts with a UTF-8 byte order mark so that "
        "Excel reads ë and €; so does excel-nl on stdout. Only with csv output (--format "
        "csv or -o FILE.csv).",
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
    than --format, for a suffix that says none without --format, and for --csv-dialect
    with another format than csv (it would be ignored). ``offered``: the values this
    command offers, when not all of the enum's."""
    chosen = _format(format, output, offered)
    if _given("csv_dialect") and chosen.value != "csv":
        from avp.base.problems import UsageError  # lazy

        raise UsageError(
            f"--csv-dialect is for csv output, not {chosen.value}; leave it out, or write "
            "csv (--format csv, or -o FILE.csv)"
        )
    return chosen


def _format(format: E, output: Path | None, offered: Collection[str]) -> E:
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
        formats = ", ".join(dict.fromkeys(allowed))
        if not output.suffix:
            raise UsageError(
                f"-o {output} has no suffix to say its format; add one ({known}) or give "
                f"--format ({formats})"
            )
        what = (
            f"this command does not write {by_suffix} ({output.suffix})"
            if by_suffix
            else f"no format has the suffix {output.suffix!r}"
        )
        raise UsageError(
            f"-o {output}: {what}; give the file one of {known}, or name the format with "
            f"--format ({formats})"
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


def repeated_option(params: Sequence[Any], args: Sequence[str]) -> str | None:
    """The message for an option that takes one value but is given twice with different
    values (``--year 2021 --year 2022``: click keeps the last and says nothing), or None.
    ``params``: the command's click parameters; ``args``: its command line."""
    takes: dict[str, Any] = {}  # every option name -> its parameter
    for param in params:
        if getattr(param, "param_type_name", "") == "option":
            for name in [*param.opts, *param.secondary_opts]:
                takes[name] = param
    seen: dict[str, tuple[str, list[str]]] = {}  # single-value option -> (its name, values)
    index = 0
    while index < len(args):
        token, index = args[index], index + 1
        if token == "--":
            break
        name, value = token, None
        if token.startswith("--") and "=" in token:
            name, value = token.split("=", 1)
        elif token.startswith("-") and not token.startswith("--") and len(token) > 2:
            name, value = token[:2], token[2:]  # -oFILE
        param = takes.get(name)
        if param is None:
            continue
        if param.is_flag or param.count:
            continue
        values = [value] if value is not None else list(args[index : index + param.nargs])
        if value is None:
            index += param.nargs
        if param.multiple or param.nargs != 1:
            continue
        seen.setdefault(param.name, (name, []))[1].extend(values)
    for name, given in seen.values():
        param = takes[name]
        folded = (
            given if getattr(param.type, "case_sensitive", True) else [v.lower() for v in given]
        )
        if len(set(folded)) > 1:
            return (
                f"{name} was given {len(given)} times ({', '.join(given)}); it takes one "
                f"value: give {name} once"
            )
    return None


def refuse_repeated_options(command: Any) -> None:
    """Make ``command`` (and each command of a group) refuse a single-value option given
    twice with different values (exit 2, as any other wrong command line), before click
    parses it: click keeps no record of the repeats once it has parsed the command line.
    Set on avp's own command objects when they are built (avp.cli.build_command), so that
    no other Typer app in the process is changed."""
    from typer.core import TyperCommand  # lazy

    for sub in getattr(command, "commands", {}).values():
        refuse_repeated_options(sub)
    if not isinstance(command, TyperCommand) or "parse_args" in vars(command):
        return
    parse_args = command.parse_args

    def checked(ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # (not while completing)
            message = repeated_option(command.get_params(ctx), args)
            if message is not None:
                import sys  # lazy

                sys.stderr.write(f"avp: error: {message}\n")
                sys.stderr.flush()
                raise typer.Exit(2)  # EXIT_USAGE (avp.base.problems: not imported here)
        return parse_args(ctx, args)

    command.parse_args = checked  # type: ignore[method-assign]  # this one object only
