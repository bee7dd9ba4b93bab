"""``avp glossary``."""

from __future__ import annotations

from typing import Annotated

import typer

from avp.cli.common import FileOpt, FormatOpt, LangOpt, handle_errors, lang_code, open_project
from avp.render.formats import OutputFormat
from avp.render.output import Column

GLOSSARY_COLUMNS = [
    Column("term", "term", no_wrap=True),
    Column("expansion", "expansion", ratio=3),
    Column("description", "description", table=False),
]


@handle_errors
def glossary(
    term: Annotated[
        str | None,
        typer.Argument(help="One abbreviation, e.g. RIEC (case ignored).", show_default=False),
    ] = None,
    lang: LangOpt = None,
    format: FormatOpt = OutputFormat.table,
    file: FileOpt = None,
) -> None:
    """The abbreviations the programme uses and what they stand for.

    An empty expansion means it is not known.

    \b
    Examples (use the ids and names of your own programme):
      avp glossary
      avp glossary riec
    """
    from avp.base.problems import NotFoundError  # lazy
    from avp.base.text import closest, fold  # lazy
    from avp.render.output import emit  # lazy

    programme = open_project(file).programme
    entries = programme.glossary
    if term is not None:
        entries = [e for e in entries if fold(e.term) == fold(term)]
        if not entries:
            match = closest(term, [e.term for e in programme.glossary])
            hint = f"; did you mean {match!r}?" if match else ""
            raise NotFoundError(f"no glossary term {term!r}{hint}")
    records = [
        {"term": e.term, "expansion": e.expansion, "description": e.description} for e in entries
    ]
    from avp.render.records import for_people, headed  # lazy

    people = for_people(format)  # headed in the programme's language; csv and json: keys
    columns = headed(GLOSSARY_COLUMNS, lang_code(lang, programme)) if people else GLOSSARY_COLUMNS
    emit(records, columns, format)
