"""Report labels in one language: a thin view over avp.i18n for the report renderers."""

from __future__ import annotations

import datetime as dt

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
from avp.targets.verdicts import Verdict


class Labels:
    """``labels["goal"]`` and ``labels.fmt("stale", days=180)`` in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT

    def __getitem__(self, key: str) -> str:
        return phrase(self.lang, key)

    def all(self) -> dict[str, str]:
        """Every label of the report by key (what a template sees as ``label``)."""
        return {
            key: phrase(self.lang, key) for key in language(self.lang).MESSAGES if "." not in key
        }

    def fmt(self, key: str, **values: Value) -> str:
        return phrase(self.lang, key, **values)

    def status(self, status: Status) -> str:
        return status_label(status, self.lang)

    def verdict(self, verdict: Verdict) -> str:
        return verdict_label(verdict, self.lang)

    def date(self, day: dt.date | None) -> str:
        return format_date(day, self.lang)
