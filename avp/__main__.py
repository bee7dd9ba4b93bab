"""python -m avp: the command line."""

from __future__ import annotations

from avp.cli import main

main()
