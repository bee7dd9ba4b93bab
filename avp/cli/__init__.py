"""The command-line interface: a thin layer over the library."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from avp import __version__

if TYPE_CHECKING:
    from typer import _click

#: Every command: its name, and where it is (module, attribute: a command function or a
#: Typer app of subcommands), in the order ``avp --help`` lists them. A run imports and
#: builds only the command it runs (``avp --help`` builds them all, for their help).
COMMANDS: dict[str, tuple[str, str]] = {
    "list": ("avp.cli.list", "list_measures"),
    "show": ("avp.cli.show", "show"),
    "partners": ("avp.cli.partners", "partners"),
    "glossary": ("avp.cli.glossary", "glossary"),
    "progress": ("avp.cli.progress", "app"),
    "report": ("avp.cli.report", "report"),
    "targets": ("avp.cli.targets", "app"),
    "renumber": ("avp.cli.renumber", "renumber"),
    "init": ("avp.cli.init", "init"),
    "info": ("avp.cli.info", "info"),
    "validate": ("avp.cli.validate", "validate"),
    "diff": ("avp.cli.diff", "diff"),
    "schema": ("avp.cli.schema", "schema"),
    "import": ("avp.cli.import_", "import_"),
    "successor": ("avp.cli.successor", "successor"),
    "export": ("avp.cli.export", "app"),
    "indicators": ("avp.cli.indicators", "app"),
}


def build_command(name: str) -> _click.Command:
    """The click command ``name`` of :data:`COMMANDS`, imported and built now."""
    import importlib  # lazy

    import typer.main  # lazy

    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):  # one command: a Typer app of its own
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    from avp.cli.output import refuse_repeated_options  # lazy

    refuse_repeated_options(command)
    return command


class _Commands(MutableMapping[str, "_click.Command"]):
    """The root group's commands by name: each built when it is first asked for."""

    def __init__(self) -> None:
        self._built: dict[str, _click.Command] = {}

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = build_command(name)
            if _in_main:
                _started()
        return self._built[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS


class LazyGroup(TyperGroup):
    """The ``avp`` group: it knows its commands' names and builds only the one it runs."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return [*COMMANDS]  # (not list(): importing avp.cli.list binds that name here)


app = typer.Typer(
    name="avp",
    cls=LazyGroup,
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


#: Whether :func:`main` runs (a process of its own), not a test calling :data:`app`.
_in_main = False


def _started() -> None:
    """Start-up is over (the command is built): what it made lives until the exit, so the
    collector never walks it again (:func:`gc.freeze`), and collects what the command makes."""
    gc.freeze()
    gc.enable()


def main() -> None:
    """Console entry point: no traceback reaches the user unless AVP_DEBUG is set.

    The cycle collector is paused while avp starts (imports make thousands of objects that
    live until the exit: collecting among them finds nothing) and the objects left at the
    exit are frozen, so that the interpreter's last collection does not walk them all.
    Pydantic's plugins (none of which avp uses) are not searched for unless
    ``PYDANTIC_DISABLE_PLUGINS`` is set otherwise: the search reads every installed
    package's metadata.
    """
    global _in_main
    _in_main = True
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
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
    finally:
        gc.enable()
        gc.freeze()
