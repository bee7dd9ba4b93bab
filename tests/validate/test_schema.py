"""The committed JSON Schema is the one the models generate, and it accepts the data."""

from __future__ import annotations

import json

from avp.validate.schema import SCHEMA_NAMES, schema_filename, schema_json
from tests.conftest import BUNDLED, ROOT, Invoke


def test_committed_schemas_are_current() -> None:
    for name in SCHEMA_NAMES:
        committed = (ROOT / "schemas" / schema_filename(name)).read_text(encoding="utf-8")
        assert committed == schema_json(name), (
            f"schemas/{schema_filename(name)} is out of date: run "
            f"`avp schema {name} > schemas/{schema_filename(name)}`"
        )


def test_schema_command_prints_it(invoke: Invoke) -> None:
    result = invoke(["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "avp programme"


def test_unknown_schema(invoke: Invoke) -> None:
    result = invoke(["schema", "nope"])
    assert result.exit_code == 2
    assert result.stderr == "avp: error: no schema 'nope'; choose from programme, progress\n"


def test_data_file_points_editors_at_the_schema() -> None:
    first = BUNDLED.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/programme.schema.json"
    assert (BUNDLED.parent / "../schemas/programme.schema.json").resolve().is_file()


def test_schema_rejects_unknown_keys() -> None:
    schema = json.loads(schema_json("programme"))
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values())
