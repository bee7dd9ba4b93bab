"""``avp import``: an adopted document's tables -> a programme YAML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from avp.cli.common import echo_err, handle_errors, parse_date_option


@handle_errors
def import_(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="SOURCE...",
            help="The adopted document: .txt/.tsv (text with tab-separated table rows, as "
            "extracted from a PDF), .docx, .xlsx or .csv; several are read as one document.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the programme to this file. Default: stdout."),
    ] = None,
    partners_from: Annotated[
        Path | None,
        typer.Option(
            "--partners-from",
            metavar="PROGRAMME",
            help="A programme whose partners (ids, names, aliases), glossary and metadata "
            "the import reuses, e.g. the previous period's.",
            show_default=False,
        ),
    ] = None,
    review: Annotated[
        Path | None,
        typer.Option(
            "--review",
            metavar="FILE",
            help="Write what to review (new partners, merged rows, abbreviations, "
            "placeholders) to this Markdown file instead of stderr.",
            show_default=False,
        ),
    ] = None,
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="The municipality's name.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The programme's title.")] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="YYYY-MM-DD", help="First day of the programme."),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--end", metavar="YYYY-MM-DD", help="Last day of the programme."),
    ] = None,
    suggest_targets: Annotated[
        bool,
        typer.Option(
            "--suggest-targets",
            help="Propose typed targets (suggested: true) from the norms the measure and "
            "result texts state, for a person to accept (avp targets accept).",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --output or --review file.")
    ] = False,
) -> None:
    """Make a programme file from the tables of an adopted document.

    Fields and themes come from the headings, measures from the rows of tables with a
    Maatregel/Actie column; partner cells become partner ids. Every measure, partner and
    result cell is checked to be in the output: the command exits 1 and lists the cells
    it could not place. Review the list it prints (or writes with --review).

    \b
    Examples:
      avp import actieprogramma.txt -o programma.yaml
      avp import actieprogramma.txt --partners-from vorig-programma.yaml -o programma.yaml
      avp import actieprogramma.docx --suggest-targets -o programma.yaml
    """
    from avp.base.problems import UsageError  # lazy
    from avp.importing.api import import_documents  # lazy
    from avp.storage.atomic import write_atomic  # lazy
    from avp.storage.files import display_path, exists, refuse_output, same_file  # lazy

    for path, option in ((output, "--output"), (review, "--review")):
        if path is not None:
            refuse_output(path, option)
    for path in (output, review):
        if path is not None and exists(path) and not force:
            raise UsageError(
                f"{display_path(path)} exists; choose another file, or give --force to replace it"
            )
    if output is not None and review is not None and same_file(output, review):
        raise UsageError("--output and --review name the same file; give two files")
    result = import_documents(
        sources,
        partners_from=partners_from,
        municipality=municipality,
        title=title,
        start=parse_date_option(start, "--start"),
        end=parse_date_option(end, "--end"),
        output_dir=(output.parent if output is not None else Path.cwd()),
        suggest=suggest_targets,
    )
    if output is None:
        typer.echo(result.yaml_text, nl=False)
    else:
        write_atomic(output, result.yaml_text.encode("utf-8"))
        echo_err(f"wrote {display_path(output)}")
    items = [*(f"could not place: {u}" for u in result.unplaced), *result.review]
    count = f"{len(items)} item(s) to review"
    if review is not None:
        lines = ["# avp import: to review", ""]
        if result.unplaced:
            lines += ["## Cells not placed", "", *(f"- {u}" for u in result.unplaced), ""]
        lines += ["## To review", "", *(f"- {r}" for r in result.review), ""]
        write_atomic(review, "\n".join(lines).encode("utf-8"))
        echo_err(f"wrote {display_path(review)} ({count})")
    else:
        for item in result.unplaced:
            echo_err(f"could not place: {item}")
        for item in result.review:
            echo_err(f"review: {item}")
    if result.unplaced:
        echo_err(
            f"avp: error: {len(result.unplaced)} source cell(s) could not be placed (listed "
            "above); add them to the file by hand or fix the document and import again"
        )
        raise typer.Exit(1)
