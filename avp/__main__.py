from __future__ import annotations

from avp.cli import main

main()
