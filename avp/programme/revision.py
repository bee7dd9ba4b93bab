"""A programme from text that is not a file on disk: a file as it was at a git revision."""

from __future__ import annotations

from pathlib import Path

from avp.programme.load import load_programme_text
from avp.programme.models import Programme
from avp.storage.files import decode
from avp.storage.git import read_at_revision


def load_programme_at(path: Path, revision: str) -> tuple[Programme, str]:
    """The programme ``path`` held at a git revision, and its name (``REV:path``)."""
    raw, shown = read_at_revision(path, revision)
    hint = "the version at that revision must be valid to compare it"
    return load_programme_text(decode(raw, shown), shown, hint=hint), shown
