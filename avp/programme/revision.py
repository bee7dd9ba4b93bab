"""A programme from text that is not a file on disk: a file as it was at a git revision."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from avp.base.problems import DataError
from avp.programme.checks import check_programme
from avp.programme.load import programme_data, validate_text
from avp.programme.models import Programme
from avp.storage.files import decode
from avp.storage.git import read_at_revision
from avp.yamlio.loader import gc_paused


@gc_paused
def load_programme_text(text: str, shown: str) -> Programme:
    """Validate a programme's text as :func:`avp.programme.load.load_programme` validates a
    file (without the cache); DataError with located problems (``shown:LINE:COL``) when
    it is invalid."""
    data = programme_data(text, shown)
    if isinstance(data, dict):
        try:
            programme = Programme.model_validate(data)
        except ValidationError:
            pass
        else:
            if not any(f.level == "error" for f in check_programme(data)):
                return programme
    errors = [p for p in validate_text(text, shown) if p.level == "error"]
    raise DataError(f"{shown} is not a valid programme (the problems above)", errors)


def load_programme_at(path: Path, revision: str) -> tuple[Programme, str]:
    """The programme ``path`` held at a git revision, and its name (``REV:path``)."""
    raw, shown = read_at_revision(path, revision)
    return load_programme_text(decode(raw, shown), shown), shown
