"""Progress reports (voortgangsrapportage): one model, built once, rendered per format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from avp.report.build import Report, build_report

__all__ = ["Report", "build_report"]


def __getattr__(name: str) -> Any:
    """``Report`` and ``build_report``, imported when first asked for: a module of this
    package (``avp.report.labels``, which ``avp list`` needs) does not load the builder."""
    if name in __all__:
        from avp.report import build  # lazy

        return getattr(build, name)
    raise AttributeError(f"module 'avp.report' has no attribute {name!r}")
