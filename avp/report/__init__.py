"""Progress reports (voortgangsrapportage): one model, built once, rendered per format."""

from __future__ import annotations

from avp.report.build import Report, build_report

__all__ = ["Report", "build_report"]
