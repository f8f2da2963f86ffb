"""Brochure text that adapts to its amount: the size the article is set at, and balanced columns.

Setting the article is the costly step (every size breaks every paragraph anew), so the size is
predicted from one setting, not searched for: the text's height grows with the square of the
size times the leading, and the frames hold a known height. One or two more settings confirm it.

While sizes are weighed, the paragraphs are measured, and split at a frame's foot, by the lines
the breaker plans (``planned``), not set: ReportLab sets the text only at the size kept
(brochure.py checks that it came out as planned).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..compose.template import PageSpec, Style

_FUZZ = 1e-6  # ReportLab's: a split into less height than this keeps nothing


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
    median: float = 1.0  # its median planned word gap (every gap of its lines but the last)
    # Lines over the style's gap limit (justified or, in an emergency, ragged), hyphenated
    # lines over its share, and the gap lines' squared excess summed (in spaces).
    over: tuple[int, int, float] = (0, 0, 0.0)
    leading: float = 0.0  # the leading set at, a multiple of the size (0: the style's)
    space: float | None = None  # points after each paragraph (None: the style's)
    paragraphs: int = 0  # how many the text holds
    cut: int = 0  # lines that end in a hyphen
    # The paragraphs (places in the text) with a planned line over the gap limit.
    gapped: list[int] = field(default_factory=list)

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


@dataclass(slots=True)
class Planned:
    """Part of a paragraph, its lines as planned, not set: what a split at a frame's foot
    leaves of it while sizes are weighed (ReportLab's split cuts the set lines the same way)."""

    paragraph: Any
    lines: list[Any]
    height: float  # what wrap() would report for it

    @property
    def style(self) -> Any:
        return self.paragraph.style  # a split's parts share its leading and space after

    def getSpaceAfter(self) -> float:  # noqa: N802 (a flowable's name)
        return self.paragraph.getSpaceAfter()


def _plan_of(flowable: Any, width: float) -> Planned | None:
    if isinstance(flowable, Planned):
        return flowable
    lines = planned_lines(flowable, width)
    if lines is None:
        return None
    return Planned(flowable, lines, len(lines) * flowable.style.leading)  # as wrap() gives


def _cut(part: Planned, avail: float) -> list[Planned]:
    """ReportLab's Paragraph.split (5.1) of planned lines: [] when nothing may stay (fewer
    than two lines, or one line would be left alone), [part] when all fit, else the head and
    the rest. The head reports the height of the lines that fit before a widow's line goes
    over with it, as ReportLab's does."""
    style = part.style
    leading = style.leading
    if avail < _FUZZ:
        return []
    fit = int(avail / float(leading))
    head_height = fit * leading
    orphans = getattr(style, "allowOrphans", 0)
    if (not orphans and fit <= 1) or fit == 0:
        return []
    n = len(part.lines)
    if n <= fit:
        return [part]
    if not getattr(style, "allowWidows", 1) and n == fit + 1:
        if (orphans and n == 3) or n > 3:
            fit -= 1
        else:
            return []
    return [
        Planned(part.paragraph, part.lines[:fit], head_height),
        Planned(part.paragraph, part.lines[fit:], (n - fit) * leading),
    ]


def height(flowable: Any, width: float, planned: bool = False) -> float:
    """A flowable's height at a width: ``planned``, by its planned lines where it has them."""
    part = _plan_of(flowable, width) if planned else None
    return part.height if part is not None else flowable.wrap(width, 1e9)[1]


def flow(
    flowables: list[Any], frames: list[tuple[float, float]], planned: set[int] | None = None
) -> tuple[list[list[Any]], list[Any], list[float], list[list[Any]]]:
    """Pour flowables into frames (width, height): each frame's content, what is left over,
    the height used in each frame and what was still to place when each frame began.
    ``planned``: paragraphs are measured and split by their planned lines, not set (their
    ids are added to it); what has no plan is set."""
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
            part = _plan_of(f, fw) if planned is not None else None
            if part is not None:
                planned.add(id(part.paragraph))  # type: ignore[union-attr]
                if part.height <= avail + 1e-6:
                    placed.append(f)
                    pending.pop(0)
                    avail -= part.height + f.getSpaceAfter()
                    continue
                cut = _cut(part, avail)
                if len(cut) >= 2 and cut[0].lines[-1].drawn:  # as below, planned
                    for fewer_lines in (1, 2, 3):
                        fewer = _cut(part, avail - fewer_lines * part.style.leading)
                        if len(fewer) < 2 and not placed:
                            break
                        cut = fewer
                        if len(cut) < 2 or not cut[0].lines[-1].drawn:
                            break
                if len(cut) >= 2:
                    placed.append(cut[0])
                    avail -= cut[0].height
                    pending[0:1] = cut[1:]
                break
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
    if best is not None:
        filled, pending, used, _ = flow(start, limits(hi))
        if not pending and all(filled):
            for i, content, height in zip(frames, filled, used, strict=True):
                run.contents[i], run.used[i] = content, height
            return
    # Unbalanced after all (a column would stay empty: better unbalanced than blank). The
    # search split the frames' paragraphs at other heights, and a paragraph that cannot be
    # split forgets its lines (ReportLab's split): lay out what the frames held as before.
    flow(start, [run.frames[i] for i in frames])
