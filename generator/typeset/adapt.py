"""Brochure text that adapts to its amount: the size the article is set at, and balanced columns.

Setting the article is the costly step (every size breaks every paragraph anew), so the size is
predicted from one setting, not searched for: the text's height grows with the square of the
size times the leading, and the frames hold a known height. One or two more settings confirm it.

While sizes are weighed, a paragraph that fits whole in its frame is measured by the lines the
breaker plans (``planned``): ReportLab sets only the paragraphs split at a frame's foot, and the
whole text only at the size kept (see brochure.py, which checks that it came out as planned).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..compose.template import PageSpec, Style


@dataclass
class Run:
    """The article set at one size and poured into the frames of a page sequence."""

    size: float
    pages: list[PageSpec]
    contents: list[list[Any]]  # each frame's flowables
    pending: list[Any]  # what did not fit (a tri-fold only; a booklet adds pages)
    frames: list[tuple[float, float]] = field(default_factory=list)  # (width, height) each
    used: list[float] = field(default_factory=list)  # height the text takes in each frame
    starts: list[list[Any]] = field(default_factory=list)  # what was left before each frame
    worst: float = 1.0  # the widest word gap the line breaker planned, in normal spaces
    leading: float = 0.0  # the leading set at, a multiple of the size (0: the style's)

    @property
    def text_height(self) -> float:
        return sum(self.used)

    def fill(self, frame: int = -1) -> float:
        """The share of a frame (default: the last) the text fills."""
        if not self.frames:
            return 0.0
        return self.used[frame] / self.frames[frame][1] if self.frames[frame][1] else 0.0


def planned_lines(flowable: Any, width: float) -> list[Any] | None:
    """The lines the line breaker plans for a paragraph at a width, not set (None: unknown)."""
    planned = getattr(flowable, "planned", None)
    return planned(width) if planned is not None else None


def height(flowable: Any, width: float, planned: bool = False) -> float:
    """A flowable's height at a width: ``planned``, by its planned lines where it has them."""
    lines = planned_lines(flowable, width) if planned else None
    if lines is not None:
        return len(lines) * flowable.style.leading  # what wrap() gives for these lines
    return flowable.wrap(width, 1e9)[1]


def flow(
    flowables: list[Any], frames: list[tuple[float, float]], planned: bool = False
) -> tuple[list[list[Any]], list[Any], list[float], list[list[Any]]]:
    """Pour flowables into frames (width, height): each frame's content, what is left over,
    the height used in each frame and what was still to place when each frame began.
    ``planned``: a paragraph is measured by its planned lines, and set (wrapped) only when
    they do not fit whole, to be split."""
    pending = list(flowables)
    filled: list[list[Any]] = []
    used: list[float] = []
    starts: list[list[Any]] = []
    for fw, fh in frames:
        starts.append(list(pending))
        placed: list[Any] = []
        avail = fh
        while pending:
            f = pending[0]
            lines = planned_lines(f, fw) if planned else None
            if lines is not None and len(lines) * f.style.leading <= avail + 1e-6:
                h = len(lines) * f.style.leading
            else:
                _, h = f.wrap(fw, avail)
            space = f.getSpaceAfter()
            if h <= avail + 1e-6:
                placed.append(f)
                pending.pop(0)
                avail -= h + space
                continue
            parts = f.split(fw, avail)
            if len(parts) >= 2 and _ends_cut(f, parts[0]):
                # A column ends on a whole word where it can (TeX's \brokenpenalty): the
                # line with the hyphen goes over with the rest of its word, or (when what
                # would stay is too short to stand alone) the whole paragraph does, unless
                # the column would be left empty.
                for fewer_lines in (1, 2, 3):
                    fewer = f.split(fw, avail - fewer_lines * f.style.leading)
                    if len(fewer) < 2 and not placed:
                        break
                    parts = fewer
                    if len(parts) < 2 or not _ends_cut(f, parts[0]):
                        break
            if len(parts) >= 2:
                first = parts[0]
                _, h = first.wrap(fw, avail)
                placed.append(first)
                avail -= h
                pending[0:1] = parts[1:]
            break
        filled.append(placed)
        used.append(max(0.0, fh - max(avail, 0.0)))
    return filled, pending, used, starts


def _ends_cut(whole: Any, head: Any) -> bool:
    """Whether the head split off a paragraph ends on a hyphenated line."""
    cut = len(getattr(getattr(head, "blPara", None), "lines", None) or ())
    lines = getattr(getattr(whole, "blPara", None), "lines", None) or ()
    return 0 < cut <= len(lines) and bool(getattr(lines[cut - 1], "kz_soft", False))


def _height_factor(style: Style, size: float, scale: float) -> float:
    """How tall the text stands at a size, up to a constant: lines grow with the size (wider
    words, fewer a line) and each line with the size times the leading."""
    return size * size * style.leading_at(size / scale)


def predict(style: Style, scale: float, run: Run, capacity: float, lo: float, hi: float) -> float:
    """The size at which the text of ``run`` would fill ``capacity`` (points of frame height),
    within [lo, hi]; a little under, since lines break in whole words."""
    if run.text_height <= 0:
        return hi
    want = _height_factor(style, run.size, scale) * capacity * 0.97 / run.text_height
    a, b = lo, hi
    if _height_factor(style, b, scale) <= want:
        return b
    if _height_factor(style, a, scale) >= want:
        return a
    for _ in range(30):  # bisection on a cheap formula, no typesetting
        mid = (a + b) / 2
        a, b = (mid, b) if _height_factor(style, mid, scale) <= want else (a, mid)
    return a


def height_at(style: Style, scale: float, run: Run, size: float) -> float:
    """The height the text of ``run`` would take at ``size`` (predicted)."""
    grow = _height_factor(style, size, scale) / _height_factor(style, run.size, scale)
    return run.text_height * grow


def settle(
    set_at: Callable[[float], Run],
    ok: Callable[[Run], bool],
    start: float,
    floor: float,
    fallback: Run | None,
) -> Run | None:
    """Set the text at ``start`` and step down (3 % a time) until ``ok``; below ``floor`` give
    ``fallback`` (which may be None: nothing fits)."""
    size = start
    while size >= floor - 1e-6:
        run = set_at(size)
        if ok(run):
            return run
        if size <= floor + 1e-6:
            break
        size = max(floor, size - max(0.25, size * 0.03))
    return fallback


def balance(run: Run, frames: list[int], tops: list[float]) -> None:
    """Balance the text's last frames (the columns of the last spread or page): they end on one
    line, the highest that still holds what they held. ``tops`` are the frames' top edges
    (points down from the page's top). Changes ``run`` in place."""
    if len(frames) < 2 or frames[-1] != len(run.contents) - 1 or run.fill() >= 0.98:
        return
    start = run.starts[frames[0]]
    sizes = [run.frames[i] for i in frames]

    def limits(line: float) -> list[tuple[float, float]]:
        return [(w, max(0.0, min(h, line - top))) for (w, h), top in zip(sizes, tops, strict=True)]

    lo = max(top for top in tops)
    hi = max(top + h for (_, h), top in zip(sizes, tops, strict=True))
    best = None
    for _ in range(8):
        mid = (lo + hi) / 2
        filled, pending, _, _ = flow(start, limits(mid))
        if pending:
            lo = mid
        else:
            hi, best = mid, hi
    if best is None:
        return
    filled, pending, used, _ = flow(start, limits(hi))
    if pending or not all(filled):
        return  # a column would stay empty: better unbalanced than blank
    for i, content, height in zip(frames, filled, used, strict=True):
        run.contents[i], run.used[i] = content, height
