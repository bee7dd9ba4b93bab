"""What starting avp imports: the models and the YAML machinery only when a command needs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = [
    "ruamel.yaml",
    "pydantic.main",
    "avp.programme.models",
    "avp.progress.models",
    "avp.targets.models",
    "avp.yamlio.loader",
]


def loaded_after(code: str, **env: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, **env},
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        "import avp.cli",
        "import sys\nfrom avp.cli import main\nsys.argv = ['avp', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass",
    ],
    ids=["import", "--version"],
)
def test_start_up_imports_nothing_heavy(code: str) -> None:
    assert loaded_after(code) == []


def test_a_command_that_reads_data_imports_what_it_needs() -> None:
    code = (
        "import sys\nfrom avp.cli import main\nsys.argv = ['avp', 'glossary', 'BOA']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    # Without the cache (which holds the data already parsed) it parses the YAML.
    assert set(loaded_after(code, AVP_NO_CACHE="1")) >= {
        "ruamel.yaml",
        "avp.programme.models",
        "avp.yamlio.loader",
    }
