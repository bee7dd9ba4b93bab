"""What the commands of ``avp progress`` that write share: the entry shown once added,
the privacy guard, a model's errors as one message."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

import typer

from avp.cli.common import echo_err
from avp.render.formats import OutputFormat
from avp.render.output import Column
from avp.render.records import ENTRY_DATA_COLUMNS, entry_record

#: ``--wait`` of the commands that append to the log.
WaitOpt = Annotated[
    float,
    typer.Option(
        "--wait",
        metavar="SECONDS",
        min=0,
        envvar="AVP_LOCK_TIMEOUT",
        help="How long to wait while other avp commands write the log (they queue).",
    ),
]


def append_and_show(
    project: Any,
    entry: Any,
    log_path: Any,
    *,
    refuse: str,
    wait: float,
    format: OutputFormat,
    lang: str,
) -> None:
    """Append ``entry`` as ``progress add``, ``amend`` and ``retract`` do: refused when it
    looks like personal data and ``refuse`` says why that is an error (the privacy
    guard), its warnings said, the log locked, checked and replaced atomically, and the
    entry shown as written. An interruption says whether the entry was written."""
    from avp.progress.append import AppendInterrupted  # lazy
    from avp.progress.checks import entry_problems  # lazy
    from avp.validate.reporters import report_text  # lazy

    privacy_guard(entry, refuse)
    for warning in entry_problems(entry, project.programme, log_path=log_path):
        if warning.level == "warning":  # errors: append_entry refuses the entry with them
            echo_err(report_text([warning]).rstrip("\n"))
    try:
        written = project.add(entry, timeout=wait)
    except AppendInterrupted as exc:  # Ctrl-C or SIGTERM: say whether it was written
        echo_err(f"avp: {exc.message}")
        raise typer.Exit(exc.exit_code) from None
    try:
        show_added(written, log_path, format, lang)
    except KeyboardInterrupt:
        echo_err(f"avp: interrupted; the entry WAS added to {log_path}")
        raise typer.Exit(130) from None


def show_added(written: Any, log_path: Any, format: OutputFormat, lang: str) -> None:
    """The entry as written: in the table format what it says in ``lang`` (headers and
    names of its parts, the status's label, figures with its decimal separator, a lesson
    only when it is one); in the other formats its record (the keys, data)."""
    from avp.render.output import emit  # lazy

    record = entry_record(written)
    for key in ("supersedes", "retracts"):
        if getattr(written, key) is not None:
            record[key] = getattr(written, key)
    echo_err(f"added to {log_path}")
    if format is OutputFormat.table:
        from avp.i18n import phrase  # lazy
        from avp.render.records import labelled, with_figure  # lazy

        shown = labelled([record], lang)[0]
        figures = with_figure({k: record.get(k) for k in ("count", "value")}, lang)["figure"]
        rows = []
        for key, value in shown.items():
            if value is None or value == "":  # unset, or no lesson (evaluation: False)
                continue
            if key in ("count", "value"):  # one figure, as avp progress list shows it
                if key == "value" and record.get("count") is not None:
                    continue
                key, value = "figure", figures
            rows.append({"key": phrase(lang, f"column.{key}"), "value": value})
        emit(
            rows,
            [
                Column("key", phrase(lang, "column.what"), no_wrap=True),
                Column("value", phrase(lang, "column.value"), ratio=1),
            ],
            format,
        )
    else:
        emit([record], ENTRY_DATA_COLUMNS, format, json_value=record)


def show_entries(
    records: list[dict[str, Any]], columns: list[Column], format: OutputFormat, lang: str, to: Any
) -> None:
    """Entries as data (csv, json: keys) or as a workbook for people: headers, statuses and
    yes/no in ``lang``, numbers and dates as they are, the sheet named 'Voortgang'."""
    from avp.render.output import emit  # lazy

    if format is not OutputFormat.xlsx:
        emit(records, columns, format, to=to)
        return
    from avp.i18n import phrase  # lazy
    from avp.render.records import headed, labelled  # lazy

    sheet = phrase(lang, "sheet.progress")
    emit(labelled(records, lang), headed(columns, lang), format, title=sheet, to=to)


def privacy_guard(entry: Any, refuse: str) -> None:
    """Warn about text of the entry that looks like personal data; refuse it when
    ``refuse`` names why (``--strict``, or the programme's ``privacy: strict``)."""
    from avp.base.problems import AvpError  # lazy
    from avp.validate.personal import find, mask  # lazy

    found = [
        (name, what, value)
        for name in ("note", "author", "correction", "source")
        if (text := getattr(entry, name)) is not None
        for _, what, value in find(text)
    ]
    for name, what, value in found:
        echo_err(
            f"avp: warning: the {name} looks like it holds {what} ({mask(value)}); progress "
            "logs are public: remove personal data"
        )
    if found and refuse:
        names = " and ".join(dict.fromkeys(name for name, _, _ in found))
        raise AvpError(
            f"the entry was not added: what looks like personal data is in its {names}; "
            f"write it without ({refuse})"
        )


def entry_errors(exc: Any) -> str:
    from avp.base.model import BLANK_MESSAGE, blank_text  # lazy
    from avp.base.problems import plain_message  # lazy

    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"])
        message = plain_message(error)
        if blank_text(error):
            message = BLANK_MESSAGE
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


#: The entry's columns and its corrections (avp progress amend, retract): in a table the
#: id (to name an entry to correct) and one column that says what corrects what.
def table_columns(columns: list[Column], lang: str) -> list[Column]:
    """The entry table's columns (headed in ``lang``) with the id shown and a column that
    says what corrects what."""
    from avp.render.records import headed  # lazy

    # Narrow: the corrections first, then the id become lines under the note.
    shown = [
        replace(c, table=True, no_wrap=True, narrow=3, fold_into="note") if c.key == "id" else c
        for c in columns
    ]
    corrected = Column("corrected", "corrected", max_width=36, narrow=4, fold_into="note")
    return [*shown, *headed([corrected], lang)]


DATA_COLUMNS = [
    *ENTRY_DATA_COLUMNS,
    Column("supersedes", "supersedes"),
    Column("retracts", "retracts"),
    Column("superseded_by", "superseded by"),
    Column("retracted_by", "retracted by"),
]


def corrected_record(
    record: dict[str, Any], entry: Any, corrections: Any, lang: str, *, table: bool
) -> dict[str, Any]:
    """The record with what corrects the entry and what it corrects (ids), and for a
    table the same in words of ``lang``: 'vervangen door k3f9x2m7qa'."""
    from avp.i18n import phrase  # lazy

    later = corrections.get(entry.id) if entry.id is not None else None
    by = {"superseded_by": None, "retracted_by": None}
    words = []
    if later is not None:
        key = "superseded_by" if later.supersedes is not None else "retracted_by"
        by[key] = later.id
        words.append(phrase(lang, f"correction.{key}", id=later.id or ""))
    if entry.supersedes is not None:
        words.append(phrase(lang, "correction.supersedes", id=entry.supersedes))
    if entry.retracts is not None:
        words.append(phrase(lang, "correction.retracts", id=entry.retracts))
    data = {**record, "supersedes": entry.supersedes, "retracts": entry.retracts, **by}
    return {**data, "corrected": "; ".join(words) or None} if table else data


def period_option(text: str | None) -> str | None:
    """``--period`` as the log writes it (``2022-Q1``, ``2022-01-03/2022-01-16``), or
    UsageError saying what a period looks like."""
    if text is None:
        return None
    from avp.base.dates import PeriodError, parse_period  # lazy
    from avp.base.problems import UsageError  # lazy

    try:
        return parse_period(text)[0]
    except PeriodError as exc:
        raise UsageError(f"--period: {exc}") from None
