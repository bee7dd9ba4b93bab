"""``avp schema``."""

from __future__ import annotations

from typing import Annotated

import typer

from avp.cli.common import handle_errors


@handle_errors
def schema(
    name: Annotated[
        str, typer.Argument(help="Which schema: programme or progress (the progress log).")
    ] = "programme",
) -> None:
    """Print the JSON Schema generated from the models (schemas/ holds the committed copy).

    \b
    Examples:
      avp schema > schemas/programme.schema.json
      avp schema progress > schemas/progress.schema.json
    """
    from avp.base.problems import UsageError  # lazy
    from avp.validate.schema import SCHEMA_NAMES, schema_json  # lazy

    if name not in SCHEMA_NAMES:
        raise UsageError(f"no schema {name!r}; choose from {', '.join(SCHEMA_NAMES)}")
    typer.echo(schema_json(name), nl=False)
