"""Kazakh national ornament drawn as vectors: the қошқар мүйіз (ram's horn) motif and its figures.

A motif is a set of cubic Bézier strokes in a unit cell (0..1, y up). Figures repeat it: a band
(a row of motifs facing up and down in turn), a rosette (four motifs round a centre, the
"төрт құлақ"), and a border (bands along the four edges of a frame).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.rl_accel import fp_str

Point = tuple[float, float]
# One horn, the right half of the motif: a stem rising from the centre, curling out and in.
_HORN: list[tuple[Point, Point, Point, Point]] = [
    ((0.50, 0.30), (0.50, 0.62), (0.64, 0.92), (0.82, 0.92)),
    ((0.82, 0.92), (0.98, 0.92), (1.00, 0.70), (0.92, 0.60)),
    ((0.92, 0.60), (0.86, 0.52), (0.74, 0.56), (0.75, 0.66)),
    ((0.75, 0.66), (0.76, 0.73), (0.84, 0.74), (0.86, 0.68)),
]
# The small lower curls that hold the motif on its stem.
_FOOT: list[tuple[Point, Point, Point, Point]] = [
    ((0.50, 0.30), (0.56, 0.16), (0.70, 0.10), (0.76, 0.20)),
    ((0.76, 0.20), (0.80, 0.27), (0.72, 0.32), (0.67, 0.27)),
]


def _mirror(curves: list[tuple[Point, ...]]) -> list[tuple[Point, ...]]:
    return [tuple((1 - x, y) for x, y in c) for c in curves]


_MOTIF = _HORN + _FOOT + _mirror(_HORN) + _mirror(_FOOT)  # type: ignore[operator]


def _motif_path(canvas: Any, x: float, y: float, w: float, h: float, flip: bool) -> Any:
    key = (x, y, w, h, flip)
    code = _PATHS.get(key)
    if code is None:
        code = _PATHS[key] = _drawn_path(canvas, x, y, w, h, flip).getCode()
        if len(_PATHS) > 256:
            del _PATHS[next(iter(_PATHS))]
    return _Path(code)


class _Path:
    """A path as drawPath reads it: its operators, written once for its cell (every document
    draws the same motifs at the same sizes)."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    def getCode(self) -> str:  # noqa: N802 (ReportLab's)
        return self.code


_PATHS: dict[tuple[float, float, float, float, bool], str] = {}


def _drawn_path(canvas: Any, x: float, y: float, w: float, h: float, flip: bool) -> Any:
    path = canvas.beginPath()
    for curve in _MOTIF:
        pts = [(x + px * w, y + ((1 - py) if flip else py) * h) for px, py in curve]
        path.moveTo(*pts[0])
        path.curveTo(*pts[1], *pts[2], *pts[3])
    # The stem down to the diamond at its foot.
    top, foot = (0.70, 0.94) if flip else (0.30, 0.06)
    path.moveTo(x + 0.5 * w, y + top * h)
    path.lineTo(x + 0.5 * w, y + foot * h)
    return path


def _diamond(canvas: Any, cx: float, cy: float, r: float) -> None:
    p = canvas.beginPath()
    p.moveTo(cx, cy + r)
    p.lineTo(cx + r, cy)
    p.lineTo(cx, cy - r)
    p.lineTo(cx - r, cy)
    p.close()
    canvas.drawPath(p, stroke=0, fill=1)


def _cell(canvas: Any, w: float, h: float, flip: bool, colour: Any, line: float, foot: bool) -> str:
    """A Form XObject of one motif in a w × h cell, made once per document and placed by name.

    A band repeats the same motif dozens of times: as a form it is written (and preflighted)
    once, and each repetition costs one ``Do``.
    """
    forms: dict[tuple[Any, ...], str] = canvas.__dict__.setdefault("_kz_ornament_forms", {})
    key = (round(w, 3), round(h, 3), flip, repr(colour), round(line, 3), foot)
    name = forms.get(key)
    if name is None:
        name = f"KzMotif{len(forms)}"
        pad = line * 2
        canvas.beginForm(name, lowerx=-pad, lowery=-pad, upperx=w + pad, uppery=h + pad)
        canvas.setLineWidth(line)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        canvas.setStrokeColor(colour)
        canvas.setFillColor(colour)
        canvas.drawPath(_motif_path(canvas, 0, 0, w, h, flip), stroke=1, fill=0)
        if foot:
            _diamond(canvas, w / 2, h * (0.94 if flip else 0.06), line * 1.6)
        canvas.endForm()
        forms[key] = name
    return name


def _place(canvas: Any, name: str, x: float, y: float, angle: float = 0) -> None:
    if angle:
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(angle)
        canvas.doForm(name)
        canvas.restoreState()
        return
    # What saveState, translate, doForm and restoreState write (q, a cm of its own after the
    # q, the Do, Q), without saving and restoring the canvas's state, which none of them
    # changes once restored.
    code = canvas._code
    code.append("q")
    code.append(f"{fp_str(1, 0, 0, 1, x, y)} cm")
    canvas.doForm(name)
    code.append("Q")


def draw_band(
    canvas: Any, x: float, y: float, w: float, h: float, colours: Sequence[Any], line: float
) -> None:
    """A row of motifs filling the box, facing up and down in turn, in one or two colours."""
    cell = h * 0.9
    count = max(1, round(w / cell))
    cell = w / count
    pad = cell * 0.06
    forms: dict[tuple[bool, int], str] = {}  # by facing and colour: the same form each time
    for i in range(count):
        flip = i % 2 == 1
        which = (flip, i % len(colours))
        form = forms.get(which)
        if form is None:
            form = forms[which] = _cell(
                canvas, cell - 2 * pad, h * 0.84, flip, colours[which[1]], line, True
            )
        _place(canvas, form, x + i * cell + pad, y + h * 0.08)


def draw_rosette(
    canvas: Any, x: float, y: float, w: float, h: float, colours: Sequence[Any], line: float
) -> None:
    """Four motifs round the centre of the box (төрт құлақ), with a diamond at the heart."""
    size = min(w, h) / 2
    cx, cy = x + w / 2, y + h / 2
    for i in range(4):
        form = _cell(canvas, size, size * 0.98, False, colours[i % len(colours)], line, False)
        canvas.saveState()
        canvas.translate(cx, cy)
        canvas.rotate(90 * i)
        _place(canvas, form, -size * 0.5, size * 0.02)
        canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(colours[0])
    _diamond(canvas, cx, cy, size * 0.12)
    canvas.restoreState()


def draw_border(
    canvas: Any,
    x: float,
    y: float,
    w: float,
    h: float,
    colours: Sequence[Any],
    line: float,
    motif: float,
) -> None:
    """A frame: bands of motifs along the four edges of the box, a rosette in each corner."""
    draw_band(canvas, x + motif, y + h - motif, w - 2 * motif, motif, colours, line)
    draw_band(canvas, x + motif, y, w - 2 * motif, motif, colours, line)
    for left in (x, x + w - motif):
        canvas.saveState()
        # A vertical band is a horizontal one turned a quarter about its lower-left corner.
        canvas.translate(left + motif, y + motif)
        canvas.rotate(90)
        draw_band(canvas, 0, 0, h - 2 * motif, motif, colours, line)
        canvas.restoreState()
    for cx, cy in ((x, y), (x + w - motif, y), (x, y + h - motif), (x + w - motif, y + h - motif)):
        draw_rosette(canvas, cx, cy, motif, motif, colours, line * 0.8)


def draw_ornament(
    canvas: Any,
    pattern: str,
    rect: tuple[float, float, float, float],
    colours: Sequence[Any],
    line: float,
    motif: float,
) -> None:
    """Draw a named ornament figure into a rectangle (points, bottom-left origin)."""
    x, y, w, h = rect
    if pattern == "band":
        draw_band(canvas, x, y, w, h, colours, line)
    elif pattern == "rosette":
        draw_rosette(canvas, x, y, w, h, colours, line)
    elif pattern == "border":
        draw_border(canvas, x, y, w, h, colours, line, motif)
    else:  # validated by the template loader
        raise ValueError(pattern)
