"""What every command shares: options, programme discovery, turning errors into messages."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from avp.discovery import ProgrammeSource, find_programme
from avp.models import Programme
from avp.problems import AvpError, report_text

P = ParamSpec("P")
R = TypeVar("R")

FileOpt = Annotated[
    Path | None,
    typer.Option(
        "--file",
        "-f",
        help=(
            "Programme YAML file. Default: $AVP_FILE, else the file named by an avp.toml "
            "in this directory or a parent, else the bundled Westvoorne programme."
        ),
        show_default=False,
        dir_okay=True,
    ),
]


def echo_err(text: str) -> None:
    """Write to stderr as plain text (never interpreted as markup)."""
    sys.stderr.write(text if text.endswith("\n") else text + "\n")
    sys.stderr.flush()


def report_error(exc: AvpError) -> None:
    if exc.problems:
        echo_err(report_text(exc.problems).rstrip("\n"))
    echo_err(f"avp: error: {exc.message}")


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn avp's exceptions into a message on stderr and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AvpError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def programme_source(file: Path | None) -> ProgrammeSource:
    return find_programme(file)


def open_programme(file: Path | None) -> tuple[ProgrammeSource, Programme]:
    from avp.validate import load_programme

    source = programme_source(file)
    return source, load_programme(source.path)
