"""A workspace of three programmes for the tests, made from the bundled one and minimal.yaml.

- ``westvoorne/programma.yaml``: the bundled programme, with a log of two entries;
- ``brielle/programma.yaml``: the bundled programme for Brielle, its police partner under
  the id ``politie-nl`` ("Nationale Politie", alias "Politie"), without a log;
- ``voorbeeld/programma.yaml``: tests/fixtures/minimal.yaml (municipality Voorbeeld).

The avp.toml lists them as ``programmes = ["westvoorne/programma.yaml", "*/programma.yaml"]``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.conftest import BUNDLED, MINIMAL

#: The measure of the bundled programme whose partners include the police, with its log.
POLICE_MEASURE = "1.1.1"

CONFIG = 'programmes = ["westvoorne/programma.yaml", "*/programma.yaml"]\n'


def _dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def renamed(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [renamed(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: renamed(v, old, new) for k, v in value.items()}
    return value


def brielle() -> str:
    """The bundled programme for Brielle, its police partner as ``politie-nl``."""
    data = renamed(
        YAML(typ="safe", pure=True).load(BUNDLED.read_text("utf-8")), "Westvoorne", "Brielle"
    )
    for partner in data["partners"]:
        if partner["id"] == "politie":
            partner.update(id="politie-nl", name="Nationale Politie", aliases=["Politie"])
    for field in data["fields"]:
        for theme in field["themes"]:
            for measure in theme["measures"]:
                ids = measure.get("partners", [])
                measure["partners"] = ["politie-nl" if p == "politie" else p for p in ids]
    return _dump(data)


LOG = """entries:
  - measure: {measure}
    date: 2022-03-01
    status: on_track
    note: Eerste controle gehouden.
    author: J. de Vries
  - measure: {other}
    date: 2022-04-01
    status: at_risk
    note: Vertraging bij de partners.
    correction: Gesprek ingepland.
    author: J. de Vries
"""


def make_workspace(root: Path, config: str = CONFIG) -> Path:
    """The three programmes and the avp.toml under ``root``; the avp.toml."""
    for name in ("westvoorne", "brielle", "voorbeeld"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "westvoorne" / "programma.yaml").write_bytes(BUNDLED.read_bytes())
    (root / "westvoorne" / "voortgang-2021-2022.yaml").write_text(
        LOG.format(measure=POLICE_MEASURE, other="1.1.2"), encoding="utf-8"
    )
    (root / "brielle" / "programma.yaml").write_text(brielle(), encoding="utf-8")
    (root / "voorbeeld" / "programma.yaml").write_bytes(MINIMAL.read_bytes())
    config_path = root / "avp.toml"
    config_path.write_text(config, encoding="utf-8")
    return config_path
