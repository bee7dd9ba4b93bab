"""What starting avp imports: the models and the YAML machinery only when a command needs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

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


#: What the warm json path of ``avp list`` may not import: the models (and pydantic's
#: model machinery under them), rich, and the YAML machinery (issue 18).
NOT_ON_THE_WARM_JSON_PATH = [
    "pydantic",
    "pydantic.main",
    "pydantic_core",
    "avp.programme.models",
    "avp.progress.models",
    "avp.targets.models",
    "rich",
    "rich.console",
    "ruamel",
    "ruamel.yaml",
    "avp.yamlio.loader",
]

#: What ``avp list`` needs neither: the report's builder, the judging of targets.
NOT_FOR_A_LIST = ["avp.report.build", "avp.targets.evaluate"]


def imported_by(
    tmp_path: Path, command: list[str], modules: list[str]
) -> Callable[[], tuple[list[str], str]]:
    """A function that runs ``avp COMMAND`` in a process of its own, on a copy of the
    targets fixture (a programme with a log) and a cache of its own, and returns which of
    ``modules`` it imported, and what it printed."""
    folder = tmp_path / "p"
    folder.mkdir(exist_ok=True)
    for name in ("programma.yaml", "voortgang.yaml"):
        if not (folder / name).exists():
            shutil.copy(FIXTURES / "targets" / name, folder / name)
    env = {
        "AVP_FILE": str(folder / "programma.yaml"),
        "AVP_CACHE_DIR": str(tmp_path / "cache"),
    }
    code = (
        "import sys\nfrom avp.cli import main\n"
        f"sys.argv = ['avp', *{command!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"import json\nprint(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    )

    def run() -> tuple[list[str], str]:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            timeout=60,
            env={k: v for k, v in {**os.environ, **env}.items() if k != "AVP_NO_CACHE"},
        )
        *printed, last = done.stdout.splitlines()
        return list(json.loads(last)), "\n".join(printed) + done.stderr

    return run


@pytest.mark.parametrize(
    "command",
    [
        ["list", "--partner", "politie", "--format", "json"],
        ["targets", "--format", "json"],
        ["report", "--format", "json"],
        ["validate", "--format", "json"],
    ],
    ids=["list", "targets", "report", "validate"],
)
def test_the_warm_json_commands_import_no_models_no_rich_no_yaml(
    tmp_path: Path, command: list[str]
) -> None:
    """Once the cache holds the snapshots, ``avp list --format json`` (and targets and
    report) answer from them without importing pydantic, the models, rich or ruamel: the
    import set of start-up must not grow back (a programme with a log of its own). So does
    ``avp validate`` of files that validated before: the programme's fingerprint, from its
    snapshot without models, proves the log was checked against it."""
    forbidden = NOT_ON_THE_WARM_JSON_PATH + (NOT_FOR_A_LIST if command[0] == "list" else [])
    run = imported_by(tmp_path, command, forbidden)
    cold, printed = run()  # validates, and stores the snapshots
    assert printed.lstrip().startswith(("[", "{")), printed[:300]
    assert {"pydantic", "avp.programme.models"} <= set(cold)
    assert run()[0] == []


def test_only_the_invoked_command_is_imported() -> None:
    """``avp glossary`` imports the module of that command and no other command's; ``avp
    --help`` lists every command (each built for its help line)."""
    code = (
        "import sys\nfrom avp.cli import COMMANDS, main\n"
        "sys.argv = ['avp', *sys.argv[1:]]\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "import json\n"
        "print(json.dumps([[m for m, _ in COMMANDS.values() if m in sys.modules], out.getvalue()]))"
    )

    def run(*args: str) -> tuple[list[str], str]:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            timeout=60,
        )
        modules, output = json.loads(done.stdout.splitlines()[-1])
        return modules, output

    modules, output = run("glossary", "BOA")
    assert modules == ["avp.cli.glossary"] and "BOA" in output
    modules, output = run("--help")
    from avp.cli import COMMANDS

    assert sorted(modules) == sorted({m for m, _ in COMMANDS.values()})
    assert all(f"  {name} " in output for name in COMMANDS)


def test_a_warm_progress_add_builds_no_programme_models(tmp_path: Path) -> None:
    """``avp progress add`` with the cache warm checks its entry against the programme's
    snapshot without its models (the entry is a model: pydantic is imported; the lines
    written are read back by the YAML loader) and does not check the programme again
    (issue 18: warm add at 100x under 0.4 s)."""
    add = ["progress", "add", "1.1.1", "--status", "on_track", "--note", "x", "--author", "a"]
    add += ["--date", "2022-06-01", "--format", "json"]
    run = imported_by(tmp_path, add, ["avp.programme.models", "avp.programme.checks"])
    first, printed = run()  # validates the programme, stores the snapshots
    assert '"measure": "1.1.1"' in printed and "avp.programme.models" in first, printed[:300]
    assert run()[0] == []
