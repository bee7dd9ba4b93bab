"""``avp init``: a new folder with a programme, its progress log, schemas and avp.toml."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from avp.cli.common import Language, echo_err, handle_errors, parse_date_option

if TYPE_CHECKING:
    from avp.importing.scaffold import Files, Settings


class Ci(StrEnum):
    github = "github"


DEFAULT_BODY = "college van B&W"

#: The library of avp import, loaded only by --from.


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(label: str) -> str:
    return str(typer.prompt(label)).strip()


def _day(text: str | None, option: str, *, last: bool) -> dt.date | None:
    """A date option; a bare year means its first day (``last``: its last day)."""
    if text is not None and text.strip().isdigit() and len(text.strip()) == 4:
        year = int(text.strip())
        return dt.date(year, 12, 31) if last else dt.date(year, 1, 1)
    return parse_date_option(text, option)


def _ask_until_valid(label: str, option: str) -> str:
    """Ask on the terminal until the answer is not empty (and, for a date, a date)."""
    from avp.base.problems import AvpError  # lazy

    while True:
        answer = _ask(label)
        try:
            if answer and (option == "--municipality" or _day(answer, option, last=False)):
                return answer
        except AvpError as exc:
            echo_err(exc.message)


@handle_errors
def init(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="[DIR]",
            help="The folder for the new programme (created when missing). Default: this one.",
            show_default=False,
        ),
    ] = Path(),
    municipality: Annotated[
        str | None,
        typer.Option("--municipality", help="The municipality, e.g. Voorbeeldrijk."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start", metavar="YYYY-MM-DD", help="First day of the programme (or a year)."
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--end", metavar="YYYY-MM-DD", help="Last day of the programme (or a year)."),
    ] = None,
    adopted: Annotated[
        str | None,
        typer.Option("--adopted", metavar="YYYY-MM-DD", help="The day it was adopted."),
    ] = None,
    adopted_by: Annotated[
        str,
        typer.Option("--adopted-by", help="Who adopted it, e.g. gemeenteraad."),
    ] = DEFAULT_BODY,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="Default: Actieprogramma Integraal Veiligheidsbeleid <municipality> <years>.",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="The adopted document (a file name or address). Default: the title.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[Language, typer.Option("--lang", help="The programme's language.")] = Language[
        "nl"
    ],
    sources: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            metavar="TABLE",
            help="Build the programme from the adopted document's tables (Word, Excel, "
            "text), as avp import does. Repeat for more files.",
            show_default=False,
        ),
    ] = None,
    ci: Annotated[
        Ci | None,
        typer.Option(
            "--ci",
            help="Also write a GitHub Actions workflow and a pre-commit configuration "
            "that run avp validate.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start a programme of your own: write avp.toml, a programme, an empty progress log,
    the JSON Schemas, a .gitattributes (merge=union for the log) and a .gitignore (its lock
    file) into DIR. Writes nothing when any of them exists (an existing .gitattributes or
    .gitignore gains the lines it lacks instead).

    \b
    Examples (on a terminal avp asks for the period and the adoption date):
      avp init veiligheid --municipality Voorbeeldrijk --lang nl
      avp init veiligheid --from actieprogramma.docx --ci github
    """
    from avp.importing import scaffold  # lazy: loads the models

    code = lang.value
    schemas = _schemas()
    ci_name = ci.value if ci is not None else None
    if sources:
        # The adoption is not in the tables: what is given is used, the rest is left for
        # the review (no default body is made up for an imported programme).
        given = {
            "adopted": _day(adopted, "--adopted", last=False),
            "adopted_by": adopted_by if adopted_by != DEFAULT_BODY else None,
            "source": source,
        }
        files = _imported(sources, municipality, title, start, end, code, schemas, ci_name, given)
    else:
        settings = _settings(municipality, start, end, adopted, adopted_by, title, source, code)
        files = scaffold.new_files(settings, schemas, ci=ci_name)
    written = scaffold.write_files(directory, files)
    _done(directory, written, files, imported=bool(sources))


def _schemas() -> dict[str, str]:
    from avp.validate.schema import SCHEMA_NAMES, schema_json  # lazy

    return {name: schema_json(name) for name in SCHEMA_NAMES}


def _settings(
    municipality: str | None,
    start: str | None,
    end: str | None,
    adopted: str | None,
    adopted_by: str,
    title: str | None,
    source: str | None,
    lang: str,
) -> Settings:
    from avp.base.problems import UsageError  # lazy
    from avp.importing.scaffold import Settings  # lazy

    given = {"--municipality": municipality, "--start": start, "--end": end, "--adopted": adopted}
    missing = [option for option, value in given.items() if not (value or "").strip()]
    if missing and not _interactive():
        raise UsageError(
            f"missing {', '.join(missing)}: give them as options (avp init asks for them "
            "only on a terminal); see avp init --help"
        )
    labels = {
        "--municipality": "Municipality",
        "--start": "First day of the programme (YYYY-MM-DD)",
        "--end": "Last day of the programme (YYYY-MM-DD)",
        "--adopted": "Adopted on (YYYY-MM-DD)",
    }
    for option in missing:
        given[option] = _ask_until_valid(labels[option], option)
    first = _day(given["--start"], "--start", last=False)
    last = _day(given["--end"], "--end", last=True)
    day = _day(given["--adopted"], "--adopted", last=False)
    name = (given["--municipality"] or "").strip()
    if not name or first is None or last is None or day is None:
        raise UsageError("the municipality, the period and the adoption date are needed")
    if last < first:
        raise UsageError(f"--end {last} lies before --start {first}; give the period in order")
    if not adopted_by.strip():
        raise UsageError("--adopted-by is empty; say who adopted it, e.g. 'college van B&W'")
    return Settings(
        municipality=name,
        start=first,
        end=last,
        adopted=day,
        adopted_by=adopted_by.strip(),
        title=(title or "").strip() or None,
        source=(source or "").strip() or None,
        lang=lang,
    )


def _imported(
    sources: list[Path],
    municipality: str | None,
    title: str | None,
    start: str | None,
    end: str | None,
    lang: str,
    schemas: dict[str, str],
    ci: str | None,
    given: dict[str, Any],
) -> Files:
    from avp.base.problems import AvpError, UsageError  # lazy
    from avp.importing.scaffold import imported_files  # lazy

    for table in sources:
        if not table.is_file():
            what = "is a folder" if table.is_dir() else "does not exist"
            raise UsageError(f"--from {table} {what}; give the adopted document's file")
    from avp.importing.api import import_documents  # lazy

    result = import_documents(
        sources,
        municipality=municipality,
        title=title,
        start=_day(start, "--start", last=False),
        end=_day(end, "--end", last=True),
        lang=lang,
        **given,
    )
    for line in result.review:
        echo_err(f"review: {line}")
    if result.unplaced:
        for line in result.unplaced:
            echo_err(f"unplaced: {line}")
        raise AvpError(
            f"{len(result.unplaced)} part(s) of the document found no place in the programme "
            "(listed above); nothing was written. Run avp import on the document to see "
            "and place them."
        )
    return imported_files(result.yaml_text, schemas, lang=lang, ci=ci)


def _done(directory: Path, written: list[Path], files: Files, *, imported: bool) -> None:
    from avp.storage.files import display_path  # lazy

    for path in written:
        typer.echo(f"wrote {display_path(path)}")
    shown = display_path(directory)
    steps = [None if shown == "." else f'cd "{shown}"' if " " in shown else f"cd {shown}"]
    if imported:
        steps.append(f"check {files.programme} against the adopted document (the review above)")
    else:
        steps.append(
            f"fill in {files.programme}: the themes and measures of each field (or run "
            "avp import on the adopted document), the partners, and in source: the "
            "document's file name or address"
        )
    steps += ["avp validate", f'avp progress add ID --status on_track --note "..." ({files.log})']
    typer.echo("Next:")
    for number, step in enumerate((s for s in steps if s), start=1):
        typer.echo(f"  {number}. {step}")
