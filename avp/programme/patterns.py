"""The programmes a pattern of an avp.toml's ``programmes`` list matches."""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path

_PATTERN = re.compile(r"[*?\[]")


#: A progress log among a pattern's matches: its top-level key is ``entries``.
_LOG_KEY = re.compile(rb"^entries[ \t]*:", re.MULTILINE)
_PROGRAMME_KEY = re.compile(rb"^programme[ \t]*:", re.MULTILINE)


def is_pattern(item: str) -> bool:
    """Whether an item of ``programmes`` is a pattern (``*``, ``?``, ``[...]``)."""
    return _PATTERN.search(item) is not None


def is_log(path: Path) -> bool:
    """Whether a file a pattern matched is a progress log, not a programme (by its first
    8 KiB: a top-level ``entries:`` and no ``programme:``)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 13)
    except OSError:
        return False  # loading it will say what is wrong
    return bool(_LOG_KEY.search(head)) and not _PROGRAMME_KEY.search(head)


def programme_matches(folder: Path, pattern: str) -> list[Path]:
    """The YAML files (``.yaml``, ``.yml``) ``pattern`` (relative to ``folder``; ``**`` for
    any depth) matches, sorted, without folders and progress logs: ``**/*`` must not take
    the avp.toml, a README or a spreadsheet for a programme."""
    # glob.glob, not Path.glob: that refuses absolute patterns
    found = sorted(glob.glob(os.fspath(folder / pattern), recursive=True))  # noqa: PTH207
    paths = [Path(m) for m in found]
    return [
        p for p in paths if p.suffix.lower() in (".yaml", ".yml") and p.is_file() and not is_log(p)
    ]
