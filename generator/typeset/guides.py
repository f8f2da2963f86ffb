"""The designer's guides of a laid-out document: where each box, the safe zone and the folds are.

Geometry comes from the template data as the layout placed it (scaled to the size, mirrored
on left-hand pages), in mm from each page's top-left trim corner, for a preview to draw over
the page. Nothing here is printed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .layout import MM, LaidDocument, Sheet


@dataclass(frozen=True)
class BoxGuide:
    name: str
    type: str
    x: float
    y: float
    w: float
    h: float
    bleed: tuple[str, ...]


@dataclass(frozen=True)
class PageGuides:
    """One page's guides; ``folds`` are mm from the left edge, panels lie between them."""

    page: str
    width: float
    height: float
    safe_zone: float
    boxes: tuple[BoxGuide, ...]
    folds: tuple[float, ...]

    def to_dict(self) -> dict:
        return asdict(self)


def page_guides(laid: LaidDocument) -> list[PageGuides]:
    """The guides of every page of a laid-out document."""
    template = laid.template
    sheet = Sheet(template, laid.size)
    out = []
    for page in laid.pages:
        width, height = page.width / MM, page.height / MM
        spec = page.spec
        if spec is None:
            out.append(PageGuides("", width, height, template.safe_zone, (), ()))
            continue
        boxes = []
        for box in spec.boxes:
            x, y, w, h = (v * sheet.scale for v in (box.x, box.y, box.w, box.h))
            bleed = box.bleed
            if page.mirrored:
                x = width - x - w
                swap = {"left": "right", "right": "left"}
                bleed = tuple(swap.get(e, e) for e in bleed)
            boxes.append(BoxGuide(box.name, box.type, x, y, w, h, bleed))
        folds = tuple(f * sheet.scale for f in spec.folds)
        if page.mirrored:
            folds = tuple(sorted(width - f for f in folds))
        out.append(PageGuides(spec.name, width, height, template.safe_zone, tuple(boxes), folds))
    return out
