"""generator: print-ready event materials (posters, brochures, personalised documents) in Kazakh.

The whole job is one call::

    from generator import build
    build(["poster"], size="A3", out="output")

See :func:`generator.api.build` for the options; the CLI (``generator build``) is a thin layer
over it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["build", "build_pdf", "list_templates", "load_event", "__version__"]

if TYPE_CHECKING:
    from .api import build, build_pdf, list_templates, load_event


def __getattr__(name: str) -> Any:
    # Import lazily: `generator --help` must not pay for ReportLab and Jinja.
    if name in ("build", "build_pdf", "list_templates", "load_event"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
