"""The command-line interface: a thin layer over the library."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from avp import __version__
from avp.cli import diff as diff_cmd
from avp.cli import export as export_cmd
from avp.cli import glossary as glossary_cmd
from avp.cli import import_ as import_cmd
from avp.cli import indicators as indicators_cmd
from avp.cli import info as info_cmd
from avp.cli import init as init_cmd
from avp.cli import list as list_cmd
from avp.cli import partners as partners_cmd
from avp.cli import progress as progress_cmd
from avp.cli import renumber as renumber_cmd
from avp.cli import report as report_cmd
from avp.cli import schema as schema_cmd
from avp.cli import show as show_cmd
from avp.cli import successor as successor_cmd
from avp.cli import targets as targets_cmd
from avp.cli import validate as validate_cmd

app = typer.Typer(
    name="avp",
    help=(
        "Keep a municipality's safety action programme (actieprogramma integraal "
        "veiligheidsbeleid) as validated YAML: query it, record progress, report."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"avp {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Keep a municipality's safety action programme as validated YAML.

    \b
    Example:
      avp validate
    """


app.command("list")(list_cmd.list_measures)
app.command()(show_cmd.show)
app.command()(partners_cmd.partners)
app.command()(glossary_cmd.glossary)
app.add_typer(progress_cmd.app, name="progress")
app.command()(report_cmd.report)
app.add_typer(targets_cmd.app, name="targets")
app.command()(renumber_cmd.renumber)
app.command()(init_cmd.init)
app.command()(info_cmd.info)
app.command()(validate_cmd.validate)
app.command()(diff_cmd.diff)
app.command()(schema_cmd.schema)
app.command("import")(import_cmd.import_)
app.command()(successor_cmd.successor)
app.add_typer(export_cmd.app, name="export")
app.add_typer(indicators_cmd.app, name="indicators")


def _utf8_streams() -> None:
    """Write UTF-8 to pipes and files on every platform.

    On Windows a redirected stdout uses the ANSI code page (cp1252), which cannot encode
    every character of the data or the report's traffic lights.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def main() -> None:
    """Console entry point: no traceback reaches the user unless AVP_DEBUG is set."""
    _utf8_streams()
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("avp: interrupted\n")
        raise SystemExit(130) from None
    except Exception as exc:  # pragma: no cover - last resort
        if os.environ.get("AVP_DEBUG"):
            raise
        sys.stderr.write(
            f"avp: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in avp; run again with AVP_DEBUG=1 for details and report it.\n"
        )
        raise SystemExit(3) from None
