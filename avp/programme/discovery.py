"""Which programme a command works on.

In order: ``--file/-f``, the ``AVP_FILE`` environment variable, an ``avp.toml`` in the
working directory or one of its parents (``programme = "path"``, relative to that file),
and finally the programme bundled with avp.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from avp.base.problems import UsageError

ENV_VAR = "AVP_FILE"


CONFIG_NAME = "avp.toml"


BUNDLED_NAME = "programma-2021-2022.yaml"


@dataclass(frozen=True)
class ProgrammeSource:
    path: Path
    how: str  # "--file", "AVP_FILE", "avp.toml", "bundled"

    def describe(self) -> str:
        return f"{self.path} (from {self.how})"


def bundled_programme() -> Path:
    here = Path(__file__).resolve().parents[1]  # the avp package
    for candidate in (here / "_data" / BUNDLED_NAME, here.parent / "data" / BUNDLED_NAME):
        if candidate.is_file():
            return candidate
    raise UsageError(
        "the bundled programme is missing from this installation; reinstall avp "
        "or name a programme with --file"
    )


def find_config(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def read_config(config: Path) -> Path:
    try:
        with config.open("rb") as handle:
            settings = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{config}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise UsageError(f"{config}: cannot read: {exc.strerror or exc}") from None
    value = settings.get("programme")
    if not isinstance(value, str) or not value:
        raise UsageError(f'{config}: expected a line programme = "path/to/programme.yaml"')
    return config.parent / value


def find_programme(
    explicit: Path | None = None,
    *,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> ProgrammeSource:
    environ = os.environ if environ is None else environ
    if explicit is not None:
        return ProgrammeSource(explicit, "--file")
    if environ.get(ENV_VAR):
        return ProgrammeSource(Path(environ[ENV_VAR]), ENV_VAR)
    config = find_config((cwd or Path.cwd()).resolve())
    if config is not None:
        return ProgrammeSource(read_config(config), str(config))
    return ProgrammeSource(bundled_programme(), "bundled")
