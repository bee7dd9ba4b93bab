"""Report labels in the programme's language (Dutch) or English, and dates as people write them."""

from __future__ import annotations

import datetime as dt

from avp.i18n import DEFAULT, LANGUAGES, Value, format_date, text
from avp.programme.status import Status
from avp.targets.verdicts import Verdict


def status_label(status: Status, lang: str) -> str:
    return status.info.nl if lang == "nl" else status.info.en


class Labels:
    """``labels["goal"]`` and ``labels.fmt("stale", days=180)`` in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT

    def __getitem__(self, key: str) -> str:
        return text(self.lang, key)

    def fmt(self, key: str, **values: Value) -> str:
        return text(self.lang, key, **values)

    def status(self, status: Status) -> str:
        return status_label(status, self.lang)

    def verdict(self, verdict: Verdict) -> str:
        return verdict.label(self.lang)

    def date(self, day: dt.date | None) -> str:
        return format_date(day, self.lang)
