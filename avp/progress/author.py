"""Who records an entry by default: git's user.name, else the login name."""

from __future__ import annotations

import getpass
import subprocess
from pathlib import Path

from avp.base.text import bad_characters

UNKNOWN_AUTHOR = "onbekend"


def default_author(cwd: Path | None = None) -> str:
    """git's ``user.name``, else the login name, else ``onbekend``."""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=3,
            check=False,
            cwd=cwd,
        )
        name = done.stdout.strip() if done.returncode == 0 else ""
        if name and not bad_characters(name):
            return name
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    try:
        name = getpass.getuser().strip()
        if name and not bad_characters(name):
            return name
    except Exception:  # getpass raises KeyError, ImportError or OSError, by platform
        pass
    return UNKNOWN_AUTHOR
