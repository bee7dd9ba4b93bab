"""``avp successor``: a new programme that carries over the measures of earlier ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from avp.cli.common import echo_err, handle_errors, open_project, parse_date_option
from avp.successor.carry import Carry


@handle_errors
def successor(
    new: Annotated[
        Path,
        typer.Argument(
            metavar="NEW.yaml", help="The new programme file (must not exist).", dir_okay=False
        ),
    ],
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality",
            help="The municipality of the new programme. Default: the earlier programme's "
            "(needed when they are of several).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="The new programme's title. Default: Actieprogramma Integraal "
            "Veiligheidsbeleid <municipality> <years>.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="YYYY-MM-DD",
            help="First day of the new programme. Default: the day after the earlier "
            "programme ends (the last of them).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--end",
            metavar="YYYY-MM-DD",
            help="Last day of the new programme. Default: as long after --start as the "
            "(first) earlier programme lasted.",
            show_default=False,
        ),
    ] = None,
    sources: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            metavar="OLD.yaml",
            help="An earlier programme to carry measures from; repeat for a merger. "
            "Default: the programme avp uses here (AVP_FILE, else the avp.toml's programme).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    carry: Annotated[
        Carry,
        typer.Option(
            "--carry",
            help="unfinished: the measures neither done nor dropped on the earlier "
            "programme's last day (or --as-of); all: every measure; none: only the fields, "
            "themes and partners.",
        ),
    ] = Carry.unfinished,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="The day whose statuses decide what is unfinished. Default: each earlier "
            "programme's last day.",
            show_default=False,
        ),
    ] = None,
    adopted: Annotated[
        str | None,
        typer.Option(
            "--adopted",
            metavar="YYYY-MM-DD",
            help="The day the new programme was adopted. Default: a placeholder to review.",
            show_default=False,
        ),
    ] = None,
    adopted_by: Annotated[
        str | None,
        typer.Option(
            "--adopted-by",
            help="Who adopted it, e.g. gemeenteraad. Default: a placeholder to review.",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="The adopted document (file name or address). Default: a placeholder.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a successor programme (vervolgplan) NEW.yaml that carries over the measures
    of one or more earlier programmes, with its empty progress log, and make it the
    programme of the avp.toml that applies to its folder (created when there is none; the
    earlier and new files are added to its programmes list). The earlier programmes and
    their logs are not changed. Carried measures get new ids (<theme id>.1, .2, ...) and
    predecessor: {programme, measure}. What to check (partner clashes in a merger,
    targets left out, placeholders) is printed at the end and written as comments at the
    top of NEW.yaml.

    \b
    Examples (the period defaults to one as long as the earlier programme's, after it):
      avp successor vervolgplan.yaml
      avp successor vervolgplan.yaml --carry all --start YYYY-MM-DD --end YYYY-MM-DD
      avp successor fusie.yaml --municipality "Nieuwe Gemeente" --from a.yaml --from b.yaml
    """
    from avp.base.problems import UsageError  # lazy
    from avp.project import Project  # lazy
    from avp.successor.build import build_successor  # lazy
    from avp.successor.config import describe  # lazy
    from avp.successor.settings import Settings  # lazy
    from avp.successor.write import write_successor  # lazy

    settings = Settings(
        municipality=municipality,
        title=title,
        start=parse_date_option(start, "--start"),
        end=parse_date_option(end, "--end"),
        carry=carry,
        as_of=parse_date_option(as_of, "--as-of"),
        adopted=parse_date_option(adopted, "--adopted"),
        adopted_by=adopted_by.strip() if adopted_by is not None else None,
        source=source.strip() if source is not None else None,
    )
    for path in sources or []:
        if not path.is_file():  # a folder is refused by the option itself (dir_okay=False)
            raise UsageError(f"--from {path} does not exist; give an earlier programme's YAML file")
    projects = [Project.open(path) for path in sources] if sources else [open_project(None)]
    built = build_successor(new, projects, settings)
    done = write_successor(built)
    from avp.storage.files import display_path  # lazy

    made = built.resolved
    for path in done.files[:2]:
        typer.echo(f"wrote {display_path(path)}")
    typer.echo(f"{made.title}, {made.municipality}, {made.start} to {made.end}")
    typer.echo(describe(done.config))
    typer.echo(f"carried over {len(built.carried)} measure(s):")
    for item in built.carried:
        typer.echo(f"  {item.new_id}  <- {item.old_id} ({item.source.shown})")
    for line in built.review:
        echo_err(f"review: {line}")
    if built.review:
        echo_err(f"{len(built.review)} point(s) to review; they are also at the top of {new}")
