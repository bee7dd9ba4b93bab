"""avp: keep a municipality's safety action programme as validated YAML."""

from __future__ import annotations

__version__ = "0.1.0"
