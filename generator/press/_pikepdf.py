"""pikepdf for the preflight's readers, imported when first really used.

The build checks its own document from what ReportLab holds (``press.held``), through the
same scanner that reads files with pikepdf; that scanner tests values against pikepdf's
types. Before pikepdf is imported no object can be one of its types, so while it is not
loaded a type is answered by a class nothing is an instance of, and the build's check runs
without importing pikepdf (~20 ms of a poster's start-up). Anything else (opening a file,
parsing a stream, an error class) imports pikepdf and is pikepdf's own.
"""

from __future__ import annotations

import sys
from typing import Any

# The types the readers test values against (isinstance), never construct.
_TYPES = frozenset({"Array", "Dictionary", "Name", "Object", "Page", "Stream", "String"})


class _NotLoaded:
    """Stands for a pikepdf type while pikepdf is not loaded: nothing is an instance of it."""

    None_ = object()  # pikepdf.Name.None_: equal to nothing but itself


def __getattr__(name: str) -> Any:
    loaded = sys.modules.get("pikepdf")
    if loaded is None:
        if name in _TYPES:
            return _NotLoaded
        import pikepdf as loaded
    return getattr(loaded, name)
