"""The programme data as YAML text, laid out as the bundled programme is."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

SCHEMA = Path("schemas") / "programme.schema.json"
WIDTH = 100


def schema_reference(output_dir: Path) -> tuple[str, bool]:
    """The ``$schema`` path for a file in ``output_dir``: the nearest
    ``schemas/programme.schema.json`` in it or a parent folder, relative to it; else
    ``schemas/programme.schema.json`` (False: not there yet; ``avp schema`` writes it)."""
    try:
        start = output_dir.resolve()
    except OSError:
        return SCHEMA.as_posix(), False
    for folder in [start, *start.parents]:
        if (folder / SCHEMA).is_file():
            return Path(os.path.relpath(folder / SCHEMA, start)).as_posix(), True
    return SCHEMA.as_posix(), False


def _styled(value: Any, key: str = "") -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq  # lazy
    from ruamel.yaml.scalarstring import LiteralScalarString  # lazy

    if isinstance(value, dict):
        mapping = CommentedMap((k, _styled(v, k)) for k, v in value.items())
        if key in ("period", "adopted"):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(_styled(v) for v in value)
        short = sum(len(str(v)) + 2 for v in value) < WIDTH - 35
        if key in ("partners", "aliases", "enable") and short:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def to_yaml(data: dict[str, Any], schema: str, header: list[str]) -> str:
    """YAML text: the schema line, comment lines, then the data."""
    from ruamel.yaml import YAML  # lazy

    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *_: True  # the same date twice: no anchors
    stream = io.StringIO()
    yaml.dump(_styled(data), stream)
    lines = [f"# yaml-language-server: $schema={schema}", *(f"# {line}" for line in header)]
    body = stream.getvalue()
    # A blank line between top-level sections, as in the bundled programme.
    for key in ("partners:", "glossary:", "fields:", "introduction:"):
        body = body.replace(f"\n{key}\n", f"\n\n{key}\n", 1)
    # ruamel leaves a space at the end of a folded line; it is not part of the text.
    body = "\n".join(line.rstrip(" ") for line in body.split("\n"))
    return "\n".join(lines) + "\n" + body
