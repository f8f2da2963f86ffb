"""Pictures' resolution as print needs it: the thresholds, and the check of pictures as the
layout placed them (a build runs it before drawing, without reading any PDF, so it needs no
pikepdf; ``preflight`` applies the same thresholds to the images of a finished file)."""

from __future__ import annotations

MIN_DPI = 150.0  # a picture below this fails print
GOOD_DPI = 250.0  # below this it is a warning


def picture_resolution(placements: list, profile: str) -> tuple[list[str], list[str]]:
    """(failures, warnings) for pictures as the layout placed them, naming file, box, dpi; a
    record's picture by its column and the path the cell gives (the data file's row is the
    batch's to say)."""
    fail: list[str] = []
    warn: list[str] = []
    if profile == "screen":
        return fail, warn
    for p in placements:
        if p.dpi < GOOD_DPI:
            what = f"column '{p.column}': picture {p.value}" if p.column else f"picture {p.file}"
            (fail if p.dpi < MIN_DPI else warn).append(
                f"{what} in box '{p.box}' is {p.dpi:.0f} dpi at its placed size "
                f"(print needs {MIN_DPI:.0f}, {GOOD_DPI:.0f} is good)"
            )
    return fail, warn
