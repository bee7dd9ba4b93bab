"""The statuses of a measure: traffic lights with an English key (labels: avp.i18n)."""

from __future__ import annotations

import functools
from enum import StrEnum

from avp.i18n import LANGUAGES, status_label


class Status(StrEnum):
    not_started = "not_started"
    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"
    done = "done"
    dropped = "dropped"

    def label(self, lang: str = "en") -> str:
        """``op koers``, ``on track``: the status in ``lang`` (see avp.i18n)."""
        return status_label(self, lang)

    @property
    def label_nl(self) -> str:
        return self.label("nl")

    @property
    def needs_correction(self) -> bool:
        """Oranje and rood must say what will be done about it (bijsturing)."""
        return self is Status.at_risk or self is Status.off_track


def _words(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def spellings() -> dict[str, Status]:
    """Every exact spelling of a status avp takes in a file: its key and its label in each
    language avp speaks (``off_track``, ``achter``, ``off track``), for the JSON Schema."""
    found: dict[str, Status] = {}
    for status in Status:
        found.setdefault(status.value, status)
        for lang in LANGUAGES:
            found.setdefault(status.label(lang), status)
    return found


def status_from_file(value: object) -> object:
    """A status as written in a file: the key (``off_track``) or a label in any language
    avp speaks (``achter``), as ``--status`` takes it (:func:`parse_status`); anything
    else is returned as it is, for the model to refuse."""
    if isinstance(value, str) and not isinstance(value, Status):
        try:
            return parse_status(value)
        except ValueError:
            return value
    return value


#: Each status by its key ('on_track'): what most of a large log's statuses are written as.
BY_KEY: dict[str, Status] = {status.value: status for status in Status}


def parse_status(text: str) -> Status:
    """A status from its key or its label in any language avp speaks, case-insensitively.

    Raises ValueError with the accepted values.
    """
    found = BY_KEY.get(text)  # a key as written: most of a large log's statuses
    if found is not None:
        return found
    table = _by_words(LANGUAGES)
    found = table.get(text)  # as written, mostly: 'op koers'
    if found is None:
        found = table.get(_words(text))
    if found is None:
        raise ValueError(unknown_status(text))
    return found


@functools.lru_cache(maxsize=4)
def _by_words(languages: tuple[str, ...]) -> dict[str, Status]:
    """Every spelling :func:`parse_status` takes, in :func:`_words` form, once per set of
    languages: a log of 100,000 entries asks for 400,000 statuses (building the labels at
    every call took 23 of the 47 seconds of reading such a log cold)."""
    found: dict[str, Status] = {}
    for status in Status:
        for spelling in (status.value, *(status.label(lang) for lang in languages)):
            found.setdefault(spelling, status)  # as written: no need to normalise it
            found.setdefault(_words(spelling), status)
    return found


#: How like a status a word must be (difflib's ratio) to be suggested: 'afgrond' is
#: 'afgerond' (0.93), 'lopend' is not 'dropped' (0.62).
CLOSE_ENOUGH = 0.75


def unknown_status(text: object) -> str:
    """The message for a status avp does not know: the one it is very like, if any
    ("did you mean 'afgerond'?"), and every status with its Dutch label."""
    import difflib  # lazy

    hint = ""
    if isinstance(text, str):
        words: dict[str, str] = {}
        for spelling in spellings():  # the key first: 'on_track' rather than 'on track'
            words.setdefault(_words(spelling), spelling)
        close = difflib.get_close_matches(_words(text), list(words), n=1, cutoff=CLOSE_ENOUGH)
        hint = f" (did you mean {words[close[0]]!r}?)" if close else ""
    choices = ", ".join(f"{s.value} ({s.label('nl')})" for s in Status)
    return f"unknown status {text!r}{hint}; choose from {choices}"
