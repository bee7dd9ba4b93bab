"""Report labels in one language: a thin view over avp.i18n for the report renderers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from avp.i18n import (
    DEFAULT,
    LANGUAGES,
    Value,
    format_date,
    language,
    phrase,
    status_label,
    verdict_label,
)
from avp.programme.status import Status
from avp.render.output import Column
from avp.storage.snapshot import field_values
from avp.targets.verdicts import Verdict

if TYPE_CHECKING:
    from avp.programme.models import Programme


#: The labels a programme may name itself (``labels:`` under ``programme:``).
LEVEL_KEYS = ("field", "theme", "measure", "measures", "goal", "partners", "result")


class Labels:
    """``labels["goal"]`` and ``labels.fmt("stale", days=180)`` in one language.

    ``levels``: what the programme calls its levels and columns (``Thema``, ``Actie``,
    ``Resultaat 2024``); they replace the VNG words of the language files. A programme's
    own words are in its own language, so :meth:`for_programme` uses them only when the
    labels are in that language.
    """

    def __init__(self, lang: str, levels: Mapping[str, str] | None = None) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT
        self.levels = {k: v for k, v in (levels or {}).items() if k in LEVEL_KEYS and v}
        if "measure" in self.levels and "measures" not in self.levels:
            # No plural given: the programme's own word beats the VNG plural.
            self.levels["measures"] = self.levels["measure"]
        #: Status and verdict labels asked for (once per measure, thousands in a workspace);
        #: apart, as both are str enums with a value ``at_risk``.
        self._statuses: dict[Status, str] = {}
        self._verdicts: dict[Verdict, str] = {}
        self._said: dict[tuple[str, tuple[tuple[str, Value], ...]], str] = {}

    @classmethod
    def for_programme(cls, programme: Programme, lang: str | None = None) -> Labels:
        """The labels for a programme, in ``lang`` (default: the programme's language)."""
        meta = programme.programme
        chosen = lang or meta.language
        own = (
            {k: v for k, v in field_values(meta.labels).items() if v is not None}
            if chosen == meta.language
            else {}
        )
        return cls(chosen, own)

    def __getitem__(self, key: str) -> str:
        if key in self.levels:
            return self.levels[key]
        return phrase(self.lang, key)

    def all(self) -> dict[str, str]:
        """Every label of the report by key (what a template sees as ``label``)."""
        return {key: self[key] for key in language(self.lang).MESSAGES if "." not in key}

    def result(self, year: int) -> str:
        """The heading of the result column: the programme's own, or 'Resultaat 2022'."""
        return self.levels.get("result") or phrase(self.lang, "result", year=year)

    def scope(self, level: str, id: str, name: str) -> str:
        """'Veiligheidsveld 1: Veilige woon- en leefomgeving', in the programme's words."""
        return phrase(self.lang, "scope_level", level=self[level], id=id, name=name)

    def fmt(self, key: str, **values: Value) -> str:
        return phrase(self.lang, key, **values)

    def fmt_once(self, key: str, **values: Value) -> str:
        """:meth:`fmt`, remembered: for a sentence that many measures share ("gemeld:
        achter"); its values are hashable (words, numbers, dates)."""
        asked = (key, tuple(values.items()))
        found = self._said.get(asked)
        if found is None:
            found = self._said[asked] = phrase(self.lang, key, **values)
        return found

    def status(self, status: Status) -> str:
        found = self._statuses.get(status)
        if found is None:
            found = self._statuses[status] = status_label(status, self.lang)
        return found

    def verdict(self, verdict: Verdict) -> str:
        found = self._verdicts.get(verdict)
        if found is None:
            found = self._verdicts[verdict] = verdict_label(verdict, self.lang)
        return found

    def date(self, day: dt.date | None) -> str:
        return format_date(day, self.lang)


#: Which label heads which column of a measure table (avp list).
_COLUMN_LABELS = {
    "id": "id",
    "field": "field",
    "field_name": "field",
    "theme": "theme",
    "theme_name": "theme",
    "text": "measure",
    "partners": "partners",
    "partner_note": "partner_note",
    "status": "status_short",
    "goal": "goal",
}


def table_columns(
    columns: list[Column], labels: Labels, *, result: str | None = None
) -> list[Column]:
    """The columns with headers in the programme's words (for tables; csv and json keep keys)."""
    headed = []
    for column in columns:
        key = _COLUMN_LABELS.get(column.key)
        header = (
            labels[key] if key else (result if column.key == "result" and result else column.header)
        )
        headed.append(replace(column, header=header))
    return headed
