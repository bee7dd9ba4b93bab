"""The id of a field, theme or measure, as the models and the progress log's entries take it.

Apart from :mod:`avp.programme.models`, so that a progress entry's model does not build the
programme's (``avp progress add`` reads the programme without its models).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, StringConstraints, WithJsonSchema

#: The pattern of a field, theme or measure id: the programme's own number or code.
NODE_ID_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38}[A-Za-z0-9])?$"


def _whole_number_as_text(value: object) -> object:
    """``id: 3`` (a YAML integer) is the id '3'; ``1.10`` (a float, read as 1.1) stays an
    error that asks for quotes."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    return value


NodeId = Annotated[
    str,
    # The pattern before the validator that runs first: so pydantic-core checks it with
    # the text (after it, pydantic checks it in Python: a call per id).
    StringConstraints(pattern=NODE_ID_PATTERN),
    BeforeValidator(_whole_number_as_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": NODE_ID_PATTERN},
                {"type": "integer", "minimum": 0},
            ],
            "description": "The number the adopted document gives it, e.g. '2.3.5', "
            "'2.3.5a', 'B4' or 3; quote numbers with a dot ('1.10').",
        }
    ),
]
