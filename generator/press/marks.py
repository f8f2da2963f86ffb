"""Printer's marks drawn on a ReportLab canvas: crop, fold and registration marks, slug line.

Every mark stays outside the bleed (offset ≥ bleed + 1 mm), so none touches the artwork, and
is drawn in registration colour (all four inks at 100 %) in CMYK, plain black on screen.
Used by the press stage for single documents and by imposition for press sheets.
"""

from __future__ import annotations

from typing import Any

MM = 72 / 25.4
MARK_LENGTH = 5 * MM  # length of a crop or fold mark
SLUG = 9 * MM  # room outside the bleed for marks and the slug line
MARK_WIDTH = 0.25  # points: the usual hairline of marks (PDF/X wants ≥ 0.2 pt lines)
_Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points


def registration(mode: str = "cmyk") -> Any:
    from reportlab.lib.colors import CMYKColor, Color

    return CMYKColor(1, 1, 1, 1) if mode == "cmyk" else Color(0, 0, 0)


def gap(bleed: float) -> float:
    """How far marks stay from the trim: clear of the bleed by 1 mm, at least 3 mm."""
    return max(bleed + 1 * MM, 3 * MM)


def crop_marks(canvas: Any, trims: list[_Rect], bleed: float, mode: str) -> None:
    """Marks in line with every trim edge, outside the area all the trims and bleeds cover.

    One rectangle gives the four corner marks of a page; several (a step-and-repeat grid)
    give marks in the margins for every column and row edge.
    """
    x0 = min(t[0] for t in trims)
    y0 = min(t[1] for t in trims)
    x1 = max(t[2] for t in trims)
    y1 = max(t[3] for t in trims)
    off = gap(bleed)
    xs = sorted({round(v, 3) for t in trims for v in (t[0], t[2])})
    ys = sorted({round(v, 3) for t in trims for v in (t[1], t[3])})
    canvas.saveState()
    canvas.setStrokeColor(registration(mode))
    canvas.setLineWidth(MARK_WIDTH)
    for x in xs:
        canvas.line(x, y0 - off, x, y0 - off - MARK_LENGTH)
        canvas.line(x, y1 + off, x, y1 + off + MARK_LENGTH)
    for y in ys:
        canvas.line(x0 - off, y, x0 - off - MARK_LENGTH, y)
        canvas.line(x1 + off, y, x1 + off + MARK_LENGTH, y)
    canvas.restoreState()


def fold_marks(canvas: Any, xs: list[float], trim: _Rect, bleed: float, mode: str) -> None:
    """Dashed marks above and below the trim at each vertical fold."""
    off = gap(bleed)
    canvas.saveState()
    canvas.setStrokeColor(registration(mode))
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setDash(1.5 * MM, 1 * MM)
    for x in xs:
        canvas.line(x, trim[1] - off, x, trim[1] - off - MARK_LENGTH)
        canvas.line(x, trim[3] + off, x, trim[3] + off + MARK_LENGTH)
    canvas.restoreState()


def registration_marks(canvas: Any, area: _Rect, bleed: float, mode: str) -> None:
    """A target (circle and cross) centred in the margin at the middle of the top, left and
    right sides of ``area`` (the trimmed artwork; the slug line has the bottom), for the
    printer to check that the plates align."""
    off = gap(bleed) + MARK_LENGTH / 2
    r = 2 * MM
    x0, y0, x1, y1 = area
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    canvas.saveState()
    canvas.setStrokeColor(registration(mode))
    canvas.setLineWidth(MARK_WIDTH)
    for x, y in ((cx, y1 + off), (x0 - off, cy), (x1 + off, cy)):
        canvas.circle(x, y, r * 0.6, stroke=1, fill=0)
        canvas.line(x - r, y, x + r, y)
        canvas.line(x, y - r, x, y + r)
    canvas.restoreState()


def slug_line(canvas: Any, area: _Rect, bleed: float, text: str, mode: str) -> None:
    """The job's name and details in small type below the artwork, right of the marks
    (in black alone: small type in registration colour would be on four plates)."""
    from reportlab.lib.colors import CMYKColor, Color

    off = gap(bleed)
    canvas.saveState()
    canvas.setFillColor(CMYKColor(0, 0, 0, 1) if mode == "cmyk" else Color(0, 0, 0))
    canvas.setFont(canvas._fontname, 6)
    canvas.drawString(area[0] + off + MARK_LENGTH, area[1] - off - MARK_LENGTH + 0.5 * MM, text)
    canvas.restoreState()


def all_marks(
    canvas: Any,
    trims: list[_Rect],
    bleed: float,
    label: str,
    mode: str,
    folds: list[float] = (),  # type: ignore[assignment]
) -> None:
    """Crop marks for every trim, fold marks, registration targets and the slug line."""
    area = (
        min(t[0] for t in trims),
        min(t[1] for t in trims),
        max(t[2] for t in trims),
        max(t[3] for t in trims),
    )
    # The marks' operators depend only on the geometry, the colour mode and the overprint
    # state they start from (press.inks): made once, replayed on every page and document.
    state = canvas._extgstate._d.get("generator_overprint")
    overprint = (getattr(canvas, "_overprint_k", False), state, bool(canvas._formData))
    key = (tuple(trims), bleed, mode, tuple(folds), overprint)
    made = _MADE.get(key)
    if made is None:
        start = len(canvas._code)
        outer = canvas.__dict__.pop("_overprint_used", set())
        crop_marks(canvas, trims, bleed, mode)
        if folds:
            fold_marks(canvas, list(folds), area, bleed, mode)
        registration_marks(canvas, area, bleed, mode)
        used = frozenset(canvas.__dict__.pop("_overprint_used", ()))
        canvas._overprint_used = outer | used
        if len(_MADE) < 64:
            _MADE[key] = (canvas._code[start:], used)
    else:
        code, used = made
        canvas._code.extend(code)
        if used:
            canvas.__dict__.setdefault("_overprint_used", set()).update(used)
    slug_line(canvas, area, bleed, label, mode)


# (geometry, mode, overprint state) -> (operators, overprint states they select)
_MADE: dict[tuple, tuple[list[str], frozenset]] = {}
