"""What ``avp progress add`` asks on a terminal: each answer checked, and asked again
until it is one (what was typed before stays)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from avp.cli.common import count_option, number_option

if TYPE_CHECKING:
    from avp.programme.status import Status


def ask_date(label: str, default: dt.date) -> dt.date:
    """A date from the terminal, asked again until it is one."""
    from avp.base.dates import DateError, parse_date  # lazy

    def parsed(text: str | dt.date) -> dt.date:
        if isinstance(text, dt.date):
            return text
        try:
            return parse_date(text.strip())
        except DateError:
            raise typer.BadParameter(  # the prompt says it and asks again
                f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. {default.isoformat()}"
            ) from None

    answer: dt.date = typer.prompt(label, default=default.isoformat(), value_proc=parsed)
    return answer


def ask_status(lang: str, *, optional: bool) -> Status | None:
    """A status from the terminal, with its choices in ``lang``; asked again until it is
    one (what was typed before stays). ``optional``: an empty answer is no status."""
    from avp.programme.status import Status, parse_status  # lazy

    choices = ", ".join(Status(key).label(lang) for key in _STATUS_ORDER)
    label = f"Status ({choices}" + ("; empty: none)" if optional else ")")

    def parsed(text: str) -> Status | None:
        if optional and not text.strip():
            return None
        try:
            return parse_status(text)
        except ValueError:
            raise typer.BadParameter(  # the prompt says it and asks again
                f"{text.strip()!r} is not a status; choose from {choices}"
            ) from None

    answer: Status | None = typer.prompt(
        label, default="" if optional else None, show_default=False, value_proc=parsed
    )
    return answer if isinstance(answer, Status) or answer is None else parsed(answer)


#: The order of the status choices a prompt shows: the usual answers first.
_STATUS_ORDER = ("on_track", "at_risk", "off_track", "done", "dropped", "not_started")


def ask_figure(targets: Any, lang: str) -> tuple[str | None, int | None, float | None]:
    """The target, count and value for one of the measure's targets, from the terminal;
    every answer may be left empty (no figure). Asked again until it is one."""
    from avp.targets.facts import takes  # lazy

    taking = [t for t in targets if takes(t)]
    if not taking:
        return None, None, None
    chosen = taking[0]
    named = None
    if len(taking) > 1:
        ids = {t.id: t for t in taking}
        listed = "; ".join(f"{t.id}: {t.description}" for t in taking)

        def which(text: str) -> str:
            if text.strip() and text.strip() not in ids:
                raise typer.BadParameter(f"{text.strip()!r} is no target; choose from {listed}")
            return text.strip()

        named = typer.prompt(
            f"Target ({listed}; empty: none)", default="", show_default=False, value_proc=which
        )
        if not named:
            return None, None, None
        chosen = ids[named]
    kinds = takes(chosen)
    about = f"{chosen.id}: {chosen.description}"
    count = value = None
    if "count" in kinds:
        count = _ask_number(f"Count for {about} (empty: none)", "count")
    if "value" in kinds:
        value = _ask_number(f"Value for {about} (empty: none)", "value")
    return (named if count is not None or value is not None else None), count, value


def _ask_number(label: str, kind: str) -> Any:
    """A count (whole number) or a value (9.4 or 9,4) from the terminal, or None."""
    from avp.base.problems import AvpError  # lazy

    def parsed(text: str) -> Any:
        if not text.strip():
            return None
        try:
            if kind == "count":
                return count_option(text.strip(), "the count")
            return number_option(text, "the value")
        except AvpError as exc:
            raise typer.BadParameter(exc.message) from None

    return typer.prompt(label, default="", show_default=False, value_proc=parsed)
